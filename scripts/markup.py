"""Data text -> Markdown -> HTML, and the allow-list every data text must pass.

Texts in data/codes.toml are Markdown, written by strangers in pull requests. `markdown_text()`
turns one into Markdown that is safe to place in a page (raw HTML and attribute lists become
text; links to site pages become relative links). Because no escaper can guess every way Markdown
parses, the validator then renders every text exactly as the site does (`render()`, with the
Markdown extensions of mkdocs.yml) and checks the resulting HTML against an allow-list
(`allowed_html()`): the elements and attributes a text may produce, and where its links may go.
Anything else is a validation error. `limits()` bounds the work before Markdown runs.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import yaml

ROOT = Path(__file__).resolve().parent.parent

# ---- references --------------------------------------------------------------------------------


def spec_url(ref: str) -> str:
    """RFC9110#15.5.2 -> https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2"""
    if ref.startswith("draft-"):
        return f"https://datatracker.ietf.org/doc/{ref}"
    number, _, section = ref.partition("#")
    url = f"https://www.rfc-editor.org/rfc/{number.lower()}"
    return f"{url}#section-{section}" if section else url


def spec_label(ref: str) -> str:
    """RFC9110#15.5.2 -> RFC 9110 §15.5.2"""
    if ref.startswith("draft-"):
        return ref
    number, _, section = ref.partition("#")
    label = f"RFC {number[3:]}"
    return f"{label} §{section}" if section else label


def slug(text: str) -> str:
    """An ASCII id for a heading: "Example Proxy" -> "example-proxy"."""
    return "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in text.lower()).split())


# ---- data text -> Markdown ---------------------------------------------------------------------

# A code span within one paragraph, as Python-Markdown finds it: a run of backticks, then the
# shortest text up to the same run. Paragraphs are split first, so a span never crosses a blank line.
_CODE_SPAN = re.compile(r"(`+)([^`]|[^`].*?[^`])\1(?!`)", re.S)
_SITE_LINK = re.compile(r"\]\(/([a-z0-9/-]*)(#[a-z0-9-]+)?\)")


def markdown_text(text: str, here: str) -> str:
    """Data text -> safe Markdown for the page built from the source `here` (below docs/<lang>/).

    Outside code spans, characters that would start raw HTML (`<`, `&`) or an attribute list
    (`{`) become entities, so data can never inject markup; links written from the site root
    (/codes/404/) become relative links to the Markdown source, which MkDocs checks and which keep
    working under any site path and in every language.
    """
    from scripts.site import relative_link

    def outside_code(segment: str) -> str:
        segment = segment.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        segment = segment.replace("{", "&#123;").replace("}", "&#125;")
        return _SITE_LINK.sub(lambda m: f"]({relative_link(m.group(1) + (m.group(2) or ''), here)})", segment)

    paragraphs = []
    for paragraph in re.split(r"(\n[ \t]*\n)", text):
        out, last = [], 0
        for match in _CODE_SPAN.finditer(paragraph):
            out.append(outside_code(paragraph[last : match.start()]))
            out.append(match.group(0))
            last = match.end()
        out.append(outside_code(paragraph[last:]))
        paragraphs.append("".join(out))
    return "".join(paragraphs)


@cache
def plain_text(text: str) -> str:
    """Markdown text -> one line of HTML-escaped plain text (front matter: titles, descriptions),
    which the theme prints as it is into <title> and <meta content="...">."""
    parts = _TextOnly()
    parts.feed(render(markdown_text(text, "index.md")))
    return html.escape(" ".join("".join(parts.text).split()))


def fence(code: str) -> str:
    """A backtick fence longer than any backtick run inside `code`."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def code_span(text: str) -> str:
    """`text` as a Markdown code span (texts with backticks are refused by the validator)."""
    return f"`{text}`"


# ---- Markdown as the site renders it -----------------------------------------------------------


class _EnvLoader(yaml.SafeLoader):
    """mkdocs.yml with its `!ENV [NAME, default]` tags read as the default."""


_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


@cache
def _markdown() -> markdown.Markdown:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return markdown.Markdown(extensions=names, extension_configs=configs)


def render(text: str) -> str:
    """Markdown -> HTML with the site's Markdown extensions (mkdocs.yml)."""
    md = _markdown()
    md.reset()
    return md.convert(text)


# ---- the allow-list ----------------------------------------------------------------------------

# What a text may become. Prose: paragraphs, lists, code, emphasis, links. A line (a reason phrase,
# a title, a name): one paragraph of text, code and emphasis, nothing that links or breaks the line.
# A cell (a summary, a note in a table): one paragraph of prose without lists.
GRAMMARS = {
    "prose": {"p", "ul", "ol", "li", "code", "em", "strong", "a", "br"},
    "cell": {"p", "code", "em", "strong", "a"},
    "line": {"p", "code", "em", "strong"},
}
ONE_PARAGRAPH = ("cell", "line")
ATTRIBUTES = {"a": {"href"}}
SCHEMES = ("https", "http")
# Bounds on the work one text can cause, checked before Markdown runs. The longest text today is
# about 1,600 characters and the most links in one text 8; Python-Markdown's inline patterns slow
# down sharply on runs of brackets, so brackets are counted too.
MAX_LENGTH = {"prose": 3000, "cell": 1000, "line": 200}
MAX_LINKS = 30
MAX_BRACKETS = 100
MAX_DEPTH = 3  # list and quote nesting


@cache
def limits(text: str, grammar: str) -> tuple[str, ...]:
    """Problems found before any parsing: length, line breaks, nesting, links, invisible text.
    An empty text is the schema's to report."""
    if not text.strip():
        return ()
    if len(text) > MAX_LENGTH[grammar]:
        return (f"text is {len(text)} characters long; at most {MAX_LENGTH[grammar]} are allowed",)
    problems = []
    bad = sorted({f"U+{ord(c):04X}" for c in _FORBIDDEN.findall(text)})
    if bad:
        problems.append(f"control or invisible formatting characters are not allowed ({', '.join(bad[:5])})")
    if not any(_visible(c) for c in text):
        problems.append("text has no visible characters")
    if grammar == "line" and "\n" in text:
        problems.append("must be a single line")
    if grammar in ONE_PARAGRAPH and "|" in text:
        problems.append("'|' is not allowed here (it would split a table row)")
    if text.count("](") > MAX_LINKS:
        problems.append(f"more than {MAX_LINKS} links")
    if text.count("[") > MAX_BRACKETS:
        problems.append(f"more than {MAX_BRACKETS} '[' characters")
    for line in text.splitlines():
        if _depth(line) > MAX_DEPTH:
            problems.append(f"nested more than {MAX_DEPTH} levels deep")
            break
    return tuple(problems)


# Control characters (but the line break), and the invisible ones that change how text reads or
# is split: soft hyphen, zero-width and joiner characters, bidirectional controls, line and
# paragraph separators, the byte-order mark, private use.
_FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ue000-\uf8ff\U000f0000-\U0010ffff]"
)


def _visible(char: str) -> bool:
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"))


def _depth(line: str) -> int:
    """How deep a line nests lists and quotes: markers and indentation, read left to right."""
    depth, i, indent = 0, 0, 0
    while i < len(line):
        char = line[i]
        if char == " ":
            indent += 1
        elif char == "\t":
            indent += 4
        elif char == ">" or (char in "-*+" and line[i + 1 : i + 2] in (" ", "")):
            depth += 1
        elif char.isdigit():
            j = i
            while j < len(line) and line[j].isdigit():
                j += 1
            if line[j : j + 2] in (". ", ") ") or line[j:] in (".", ")"):
                depth += 1
                i = j
            else:
                break
        else:
            break
        i += 1
    return depth + indent // 4


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.paragraphs = 0

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
        self.paragraphs += tag == "p"

    handle_startendtag = handle_starttag


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)


@cache
def _elements(text: str) -> tuple[tuple[tuple[str, tuple[tuple[str, str | None], ...]], ...], int]:
    """The elements (tag, attributes) of a text rendered as the site renders it, and its number of
    paragraphs. Kept for the life of the process: a text renders the same every time."""
    elements = _Elements()
    elements.feed(render(markdown_text(text, "index.md")))
    return tuple((tag, tuple(attrs.items())) for tag, attrs in elements.found), elements.paragraphs


def allowed_html(text: str, grammar: str, pages: frozenset[str], ids) -> list[str]:
    """Render `text` as the site does and check the HTML against the allow-list. `pages` are the
    site's page paths; `ids(path)` the ids of one page (None when unknown)."""
    found = limits(text, grammar)
    if found:
        return list(found)
    found, paragraphs = _elements(text)
    problems = []
    for tag, attrs in found:
        if tag not in GRAMMARS[grammar]:
            problems.append(f"<{tag}> is not allowed in {_WHERE[grammar]}")
            continue
        for name, value in attrs:
            if name not in ATTRIBUTES.get(tag, ()):
                problems.append(f"attribute {name} on <{tag}> is not allowed")
            elif name == "href":
                problems += _check_href(value or "", pages, ids)
    if grammar in ONE_PARAGRAPH and paragraphs > 1:
        problems.append("must be a single paragraph")
    return list(dict.fromkeys(problems))


_WHERE = {"prose": "a text", "cell": "a text shown in a table or list", "line": "a one-line field"}


def _check_href(href: str, pages: frozenset[str], ids) -> list[str]:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if parts.scheme not in SCHEMES or not parts.netloc or any(c.isspace() or c in "\"'<>`" for c in href):
            return [f"link target '{href}' must be https:// or a site page like /codes/404/"]
        return []
    # A site page: markdown_text made it relative to the source index.md; anything else is not.
    source = posixpath.normpath(parts.path) if parts.path.endswith(".md") else None
    if source is None or source.startswith(".."):
        return [f"link target '{href}' must be https:// or a site page like /codes/404/"]
    from scripts.site import path_of

    path = path_of(source)
    if path not in pages:
        return [f"link to /{path}, which has no page"]
    known = ids(path)
    if parts.fragment and known is not None and parts.fragment not in known:
        return [f"link to /{path}#{parts.fragment}, which is not a section of that page"]
    return []
