"""Site-wide steps after every language is built (called from scripts/hooks.py), and the small
fixes made to each page's HTML.

- Search: static-i18n leaves one index for all languages. Split it into search/<lang>.json, each
  with the glossary's spellings as query synonyms and the lunr index built from it
  (scripts/searchindex.py), and leave a stub at search/search_index.json (which Material fetches
  on every page load) so the entries are only downloaded by docs/assets/search-worker.js when a
  reader reaches for the search box.
- Not-found page: static-i18n writes 404.html once per language to the same file, so the last
  language wins; put the default language's build (which carries every language's text) back
  at the root.
- Sitemap: add the x-default alternate (the default language's page) to static-i18n's sitemap.
- Redirects: an HTML redirect page at every old path of data/codes.toml's [redirects].
- Data API: scripts/api.py.
- Our scripts and styles loaded by every page, minified (the sources in docs/assets/ keep their
  comments; the pages themselves are minified by mkdocs.yml's minify plugin), and Material's
  styles without the colours and icons the site does not use.
"""

from __future__ import annotations

import functools
import gzip
import html
import json
import re
from pathlib import Path

import csscompressor
import jsmin
import tinycss2

from scripts.api import write_api
from scripts.catalog import Catalog
from scripts.searchindex import prebuild
from scripts.site import SiteMap

# Material puts autocomplete="off" on its hidden checkbox toggles, which HTML does not allow
# on checkboxes (the Nu Html Checker reports it on every page).
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')
# Material's search dialog has no accessible name (axe: aria-dialog-name).
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


# A highlighted token of a "how to send it" snippet (the tabs of a code page), other than a comment.
_SNIPPET_TOKEN = re.compile(r'<span class="(?!(?:c|c1|ch|cm|cs)")[a-z0-9]+">([^<]*)</span>')


def plain_snippets(page: str) -> str:
    """The snippets' code in one colour, their comments (the explanations) in the comment colour.
    Highlighted in full, the six snippets of a code page are about 1,000 elements, and they were
    most of its main-thread work on loading (Lighthouse, mobile: 94-95 with them, 97-99 without)."""
    start = page.find('<div class="tabbed-set')
    if start < 0:
        return page
    end = page.find("<h2", start)  # the next section
    end = len(page) if end < 0 else end
    return page[:start] + _SNIPPET_TOKEN.sub(r"\1", page[start:end]) + page[end:]


# A code block as Pygments writes it. Material mounts each one as it comes into view (mkdocs.yml:
# content.lazy), and only then makes it focusable if it scrolls sideways (and the pointer can
# hover), so that a keyboard can scroll it. Until then every block is focusable; on mounting,
# Material keeps that only where it would have set it.
_CODE_BLOCK = re.compile(r"(<pre>(?:<span></span>)?)<code>")


def fix_page_html(page: str, ui: dict[str, str]) -> str:
    page = plain_snippets(_CHECKBOX_AUTOCOMPLETE.sub(r"\1", page))
    page = _CODE_BLOCK.sub(r'\1<code tabindex="0">', page)
    # Pages outside the sidebar navigation (codes, questions) get Material's table-of-contents
    # label but not the toggle it points to; a label may not point at a missing control.
    if 'id="__toc"' not in page:
        page = page.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    if SEARCH_DIALOG not in page:
        raise ValueError("Material's search dialog markup changed: re-check postbuild.SEARCH_DIALOG")
    label = html.escape(ui["search_label"])
    return page.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)


def finish_site(
    site: Path,
    catalog: Catalog,
    site_map: SiteMap,
    site_url: str,
    not_found: dict[str, str],
    colours: dict[str, set[str]],
) -> None:
    split_search_index(site, catalog, site_map)
    for lang, page in not_found.items():
        if lang != site_map.default_language:
            target = site / site_map.url("404.html", lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
    if site_map.default_language in not_found:
        (site / "404.html").write_text(not_found[site_map.default_language], encoding="utf-8")
    add_x_default(site, site_map)
    write_redirects(site, catalog, site_map, site_url)
    write_api(site, catalog, site_map, site_url)
    minify_assets(site)
    trim_material_css(site, colours)


# What every page loads of ours, besides the page: fetched on a first visit, hence minified.
_minify_js = functools.partial(jsmin.jsmin, quote_chars="'\"`")  # ` too: template literals
FIRST_VISIT_ASSETS = {
    "assets/site.js": _minify_js,
    "assets/search-worker.js": _minify_js,
    "assets/site.css": csscompressor.compress,
}


def minify_assets(site: Path) -> None:
    for name, minify in FIRST_VISIT_ASSETS.items():
        path = site / name
        path.write_text(minify(path.read_text(encoding="utf-8")), encoding="utf-8")


_COLOUR = re.compile(r"\[data-md-color-(primary|accent)=([a-z-]+)\]")
# Material's icons (SVG in custom properties of :root) for features this site does not use: the
# blog, tags, a source repository, code annotations, versions, the path bar, task lists,
# footnotes, sortable tables. tests/test_quality.py checks that no page has these features' markup.
UNUSED_ICONS = {
    *("--md-post-pin-icon", "--md-tag-icon", "--md-version-icon", "--md-path-icon", "--md-footnotes-icon"),
    *(f"--md-source-{fact}-icon" for fact in ("forks", "repositories", "stars", "version")),
    *("--md-annotation-icon", "--md-annotation-bg-icon", "--md-tasklist-icon", "--md-tasklist-icon--checked"),
    *("--md-typeset-table-sort-icon", "--md-typeset-table-sort-icon--asc", "--md-typeset-table-sort-icon--desc"),
}


# Material marks <body> while it applies a colour palette, with a rule that suspends every
# transition. It applies the palette at every page load too, so setting and removing the mark
# restyled every element of the page twice: on a code page, about 40 ms of main-thread time in a
# traced load on a 2-core machine, the largest single part of Material's start-up. site.css and
# site.js suspend transitions on a real switch only (tests/test_quality.py checks that a switch
# does not animate).
SWITCHING = "[data-md-color-switching]"


def trim_material_css(site: Path, colours: dict[str, set[str]]) -> None:
    """Material's styles without what no page uses, about 2.7 KB (gzip) of every first visit:
    selectors of the primary and accent colours the site does not use (`colours`:
    {"primary": {...}, "accent": {...}}; the palette styles) and UNUSED_ICONS (the main styles);
    and without the SWITCHING rule. tests/test_quality.py checks in Chromium that every page looks
    the same with Material's files."""
    for path in (site / "assets/stylesheets").glob("*.min.css"):
        path.write_text(trim_css(path.read_text(encoding="utf-8"), colours, UNUSED_ICONS), encoding="utf-8")


def selector_list(prelude) -> list[str]:
    """A rule's selectors: split at its commas, not at those inside brackets (`:is(a, b)`)."""
    selectors = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [tinycss2.serialize(tokens) for tokens in selectors]


def trim_css(css: str, colours: dict[str, set[str]], properties: set[str]) -> str:
    def declarations(content) -> str:
        found = [n for n in tinycss2.parse_declaration_list(content) if n.type == "declaration"]
        if not any(n.name in properties for n in found):
            return tinycss2.serialize(content)  # as it was
        return ";".join(tinycss2.serialize([n]) for n in found if n.name not in properties)

    def rules(nodes) -> str:
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                selectors = selector_list(node.prelude)
                kept = [
                    s for s in selectors if all(v in colours[k] for k, v in _COLOUR.findall(s)) and SWITCHING not in s
                ]
                if kept:
                    out.append(",".join(kept) + "{" + declarations(node.content) + "}")
            elif node.type == "at-rule" and node.at_keyword in ("media", "supports"):  # of rules
                inner = rules(tinycss2.parse_rule_list(node.content))
                if inner:
                    out.append(f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}{{{inner}}}")
            else:
                out.append(tinycss2.serialize([node]))
        return "".join(out)

    return rules(tinycss2.parse_stylesheet(css))


def add_x_default(site: Path, site_map: SiteMap) -> None:
    """Each <url> of the sitemap lists its twins in every language; add x-default."""
    sitemap = site / "sitemap.xml"
    default = re.escape(site_map.default_language)
    text = re.sub(
        rf'( *)<xhtml:link rel="alternate" hreflang="{default}" href="([^"]+)"/>',
        r'\g<0>\n\1<xhtml:link rel="alternate" hreflang="x-default" href="\2"/>',
        sitemap.read_text(encoding="utf-8"),
    )
    sitemap.write_text(text, encoding="utf-8")
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=0) as packed:  # mtime 0: reproducible
        packed.write(text.encode("utf-8"))


REDIRECT = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{url}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={url}">
</head>
<body>
<p><a href="{url}">{url}</a></p>
</body>
</html>
"""


def write_redirects(site: Path, catalog: Catalog, site_map: SiteMap, site_url: str) -> None:
    """Old URLs keep working: a page at each old path that sends the reader to the new one."""
    for old, new in catalog.redirects.items():
        for lang in site_map.languages:
            url = html.escape(site_url + site_map.url(new, lang))
            page = site / site_map.url(old, lang) / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(REDIRECT.format(lang=lang, title=url, url=url), encoding="utf-8")


def search_synonyms(catalog: Catalog, lang: str) -> dict[str, list[str]]:
    """Query word -> words to search as well: other spellings and the English term lead to the
    glossary term of the page language."""
    synonyms: dict[str, list[str]] = {}
    for term in catalog.glossary:
        target = term.ko if lang == "ko" else term.en
        spellings = list(term.avoid) + ([term.en] if lang == "ko" else [])
        for spelling in spellings:
            key = spelling.lower()
            if key != target.lower() and (lang == "ko" or key.isascii()):
                synonyms.setdefault(key, [])
                if target not in synonyms[key]:
                    synonyms[key].append(target)
    return dict(sorted(synonyms.items()))


def squash(text: str) -> str:
    """A name as a reader pastes it, reduced to letters and digits: HttpStatus.BAD_GATEWAY ->
    httpstatusbadgateway."""
    return "".join(c for c in text.lower() if c.isalnum())


def search_constants(catalog: Catalog, site_map: SiteMap, lang: str) -> dict[str, str]:
    """Every name in code, as a reader pastes it -> its code's page. Qualified names are squashed
    (HttpStatus.BAD_GATEWAY -> httpstatusbadgateway), and so is their bare part when it is
    several words (BAD_GATEWAY, StatusBadGateway); a Rack symbol keeps its colon (:conflict). A bare
    single word (FOUND) is left out: it would take over searches for the English word."""
    found: dict[str, set[str]] = {}
    for entry in catalog.codes:
        page = site_map.url(f"codes/{entry.code}/", lang)
        for name in entry.names:
            if "[" in name.name:  # http.STATUS_CODES[404]: the number itself is the query
                continue
            bare = name.name.replace("::", ".").lstrip(":").rsplit(".", 1)[-1]
            several = "_" in bare or any(a.islower() and b.isupper() for a, b in zip(bare, bare[1:], strict=False))
            forms = {name.name.lower()} if name.name.startswith(":") else set()
            if "." in name.name or "::" in name.name:
                forms.add(squash(name.name))
            if several:
                forms.add(squash(bare))
            for form in forms:
                found.setdefault(form, set()).add(page)
    return {form: pages.pop() for form, pages in sorted(found.items()) if len(pages) == 1}


def search_compounds(catalog: Catalog) -> dict[str, str]:
    """Korean names, other names, question titles and glossary terms typed without their spaces
    -> as written: 프록시인증필요 -> 프록시 인증 필요."""
    names = [entry.ko.name for entry in catalog.registered()] + [
        a for entry in catalog.registered() for a in entry.ko.aka
    ]
    names += [question.ko.question.rstrip("?") for question in catalog.faq] + [term.ko for term in catalog.glossary]
    return {"".join(name.split()): name for name in sorted(set(names)) if " " in name}


def split_search_index(site: Path, catalog: Catalog, site_map: SiteMap) -> None:
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    # One language per index: the English tokenizer without trimmer, stop words or stemmer treats
    # Hangul and digits as they are (lunr's Korean trimmer would strip digits: "404" unsearchable).
    config = {**index["config"], "lang": ["en"], "pipeline": []}
    # Front-matter tags carry a code's other names ("권한 없음"). Material would weigh them a
    # thousand times a title and show them as chips in the results; index them instead as a
    # field of their own, worth a title.
    config["fields"] = {**config["fields"], "aka": {"boost": config["fields"]["title"]["boost"]}}
    docs = {lang: [] for lang in site_map.languages}
    for doc in index["docs"]:
        if "tags" in doc:
            doc["aka"] = doc.pop("tags")
        docs[site_map.split(doc["location"])[0]].append(doc)
    prebuilt = prebuild(site, {lang: {"config": config, "docs": docs[lang]} for lang in site_map.languages})
    for lang in site_map.languages:
        articles = {
            doc["location"]: " ".join(
                re.findall(
                    r"\w+",
                    html.unescape(re.sub(r"<[^>]+>", " ", " ".join([doc["title"], *doc.get("aka", [])]))).lower(),
                )
            )
            for doc in docs[lang]
            if "#" not in doc["location"]
        }
        payload = {
            "config": config,
            "docs": docs[lang],
            "synonyms": search_synonyms(catalog, lang),
            "constants": search_constants(catalog, site_map, lang),
            "compounds": search_compounds(catalog) if lang == "ko" else {},
            "articles": articles,
            **({"prebuilt": prebuilt[lang]} if lang in prebuilt else {}),
        }
        text = _write_json(site / "search" / f"{lang}.json", payload)
        # Also gzipped, once and for all: search-query.js fetches this copy where the browser can
        # decompress it, so that a server which compresses what it sends for each request (as many
        # static servers and the tests' server do) does not spend tens of milliseconds on it.
        with gzip.GzipFile(site / "search" / f"{lang}.json.gz", "wb", compresslevel=9, mtime=0) as packed:
            packed.write(text.encode("utf-8"))
    _write_json(index_path, {"config": config, "docs": []})


def _write_json(path: Path, data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return text
