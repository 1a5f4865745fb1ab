"""The last gate: what must never be in the built site, checked on the output itself.

The validator checks every text before anything is written; this checks what was written, so
that a gap in the validator, a template or a theme override cannot ship. In the content area of
every page (Material's <article>) and in every search entry (which Material shows as HTML): no
<script>, <iframe>, <object>, <embed>, <form> or <style>, no event-handler attribute, no link or
source with a scheme other than http(s) or mailto. On every page: no duplicate id and no control
character. In every JSON file: no control character. `scripts/hooks.py` fails the build on any
problem, so site/ is never replaced by such a build.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

FORBIDDEN_ELEMENTS = {"script", "iframe", "object", "embed", "form", "style", "base", "meta", "link", "frame"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Page(HTMLParser):
    """Collects the problems of one HTML document (or fragment)."""

    def __init__(self, whole_page: bool):
        super().__init__(convert_charrefs=True)
        self.whole_page = whole_page
        self.depth = 0 if whole_page else 1  # > 0 while inside the content area
        self.ids: dict[str, int] = {}
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = self.ids.get(attrs["id"], 0) + 1
        if self.whole_page and tag == "article":
            self.depth += 1
            return
        if self.depth == 0:
            return
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> in the content")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"event-handler attribute {name} on <{tag}>")
            elif name in URL_ATTRIBUTES and value is not None:
                scheme = urlsplit("".join(value.split())).scheme.lower()
                if scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{name}={value[:60]!r} on <{tag}> has the scheme {scheme}:")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if self.whole_page and tag == "article" and self.depth:
            self.depth -= 1


_ID = re.compile(r'\sid="([^"]*)"')


def check_html(text: str, whole_page: bool = True) -> list[str]:
    content = text
    if whole_page:  # only the content area needs parsing; the theme's own markup is trusted
        start, end = text.find("<article"), text.rfind("</article>")
        content = text[start : end + len("</article>")] if start >= 0 and end > start else ""
    page = _Page(whole_page)
    page.feed(content)
    page.close()
    problems = list(page.problems)
    if whole_page:
        ids = _ID.findall(text)
        problems += [
            f"the id #{ident} appears {ids.count(ident)} times" for ident in sorted(set(ids)) if ids.count(ident) > 1
        ]
    if _CONTROL.search(text):
        problems.append("a control character")
    return problems


def scan(site: Path) -> list[str]:
    """Every problem of the built site, as `path: problem`."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        problems += [f"{rel}: {p}" for p in check_html(path.read_text(encoding="utf-8"))]
    for path in sorted(site.rglob("*.json")):
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        if _CONTROL.search(json.dumps(data, ensure_ascii=False)):
            problems.append(f"{rel}: a control character")
        if rel.startswith("search/"):
            for doc in data.get("docs", []):
                for field in ("title", "text"):
                    found = check_html(doc.get(field, ""), whole_page=False)
                    problems += [f"{rel}: {doc.get('location')}: {p}" for p in found]
    return problems
