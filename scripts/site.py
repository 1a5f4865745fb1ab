"""The site map: every page of the site, in every language, and where each one lives.

This is the one place that knows the site's shape. Korean is at the root and English under
`en/`; a page has one path below its language's root (`codes/404/`), one Markdown source below
docs/<lang>/ (`codes/404.md`) and one template. Section ids (`#headers`) are the same in every
language. The generator, the post-build step, the data API, the URL list, the validator's page
list and the theme overrides all ask the site map; nothing else spells a prefix or a page list.

    site = SiteMap(catalog)
    site.url("codes/404/", "en")        -> "en/codes/404/"     (below the site root)
    site.source("codes/404/", "en")     -> "en/codes/404.md"   (below docs/)
    site.split("en/codes/404/")         -> ("en", "codes/404/")
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scripts.catalog import Catalog

DEFAULT_LANGUAGE = "ko"
# Language -> where its pages live below the site root.
PREFIXES = {"ko": "", "en": "en/"}
LANGUAGES = tuple(PREFIXES)
# Open Graph locales (link previews in chat apps).
LOCALES = {"ko": "ko_KR", "en": "en_US"}

# Section ids of a code page and of a question page, with the interface string of each heading.
CODE_SECTIONS = {
    "summary": "sec_summary",
    "description": "sec_description",
    "when-to-use": "sec_use",
    "when-not-to-use": "sec_avoid",
    "common-mistakes": "sec_mistakes",
    "confused-with": "sec_confused",
    "compared": "sec_compared",
    "headers": "sec_headers",
    "caching": "sec_caching",
    "example": "sec_example",
    "send": "sec_send",
    "unofficial": "sec_unofficial",
    "names-in-code": "sec_names",
    "related": "sec_related",
}
FAQ_SECTIONS = {
    "answer": "sec_answer",
    "explanation": "sec_explanation",
    "sources": "sec_sources",
    "related": "sec_related",
}

# Folders whose own page is an index page (codes/ -> codes/index.md).
_INDEX_FOLDERS = ("codes", "faq", "guide")


@dataclass(frozen=True)
class Page:
    """One page, the same in every language: its path below a language root, its template, and
    what the template gets besides the catalogue."""

    path: str
    template: str
    context: dict = field(default_factory=dict)

    @property
    def source(self) -> str:
        return source_of(self.path)


def source_of(path: str) -> str:
    """Page path -> Markdown source below docs/<lang>/: codes/404/ -> codes/404.md, faq/ -> faq/index.md."""
    path = path.strip("/")
    if not path:
        return "index.md"
    return f"{path}/index.md" if path in _INDEX_FOLDERS else f"{path}.md"


def path_of(source: str) -> str:
    """Markdown source below docs/<lang>/ -> page path (codes/404.md -> codes/404/)."""
    path = source.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index")
    return path + "/" if path else ""


def _pages(bands: dict, entries: dict, questions: dict) -> list[Page]:
    """The pages, in a fixed order, from {class id: band}, {number: entry} and {slug: question}."""
    pages = [Page("", "home.md.j2"), Page("codes/", "codes_index.md.j2")]
    pages += [Page(f"codes/{ident}/", "class.md.j2", {"band": band}) for ident, band in bands.items()]
    pages += [Page(f"codes/{number}/", "code.md.j2", {"entry": entry}) for number, entry in entries.items()]
    pages.append(Page("faq/", "faq_index.md.j2"))
    pages += [Page(f"faq/{slug}/", "faq.md.j2", {"faq": question}) for slug, question in questions.items()]
    pages += [Page("compare/", "compare.md.j2"), Page("guide/", "guide.md.j2"), Page("glossary/", "glossary.md.j2")]
    return pages + [Page("urls/", "urls.md.j2"), Page("api/", "api.md.j2")]


class SiteMap:
    """Every page of the site, built from the catalogue."""

    def __init__(self, catalog: Catalog, pages: list[Page] | None = None):
        self.catalog = catalog
        if pages is None:
            pages = _pages(
                {band.id: band for band in catalog.classes},
                {entry.code: entry for entry in catalog.codes},
                {question.slug: question for question in catalog.faq},
            )
        self.pages = tuple(pages)
        self.paths = frozenset(page.path for page in pages)
        self.languages = LANGUAGES
        self.default_language = DEFAULT_LANGUAGE

    @classmethod
    def outline(cls, catalog: Catalog, class_ids, numbers, slugs) -> SiteMap:
        """For the validator: every page the data asks for, from the class ids, numbers and question
        slugs read from the raw data, with the valid entries of a possibly incomplete catalogue
        (an entry that failed validation gets its page, without what its template would get)."""
        bands = {band.id: band for band in catalog.classes}
        entries = {entry.code: entry for entry in catalog.codes}
        questions = {question.slug: question for question in catalog.faq}
        return cls(
            catalog,
            _pages(
                {ident: bands.get(ident) for ident in class_ids},
                {number: entries.get(number) for number in sorted(numbers)},
                {slug: questions.get(slug) for slug in slugs},
            ),
        )

    def page(self, path: str) -> Page | None:
        return next((page for page in self.pages if page.path == path), None)

    def ids(self, path: str) -> list[str] | None:
        """The ids of the headings (sections) of a page, in page order; None when unknown."""
        from scripts.markup import slug

        page, cat = self.page(path), self.catalog
        if page is None:
            return None
        if page.template == "code.md.j2":
            entry = page.context.get("entry")
            if entry is None:
                return None
            ids = ["title"]
            for section in self._code_sections(entry):
                ids.append(section)
                if section == "unofficial":
                    ids += [f"unofficial-{slug(u.vendor)}" for u in entry.unofficial]
            return ids
        if page.template == "faq.md.j2":
            return ["title", *FAQ_SECTIONS]
        if page.template == "class.md.j2":
            band = page.context.get("band")
            if band is None:
                return None
            unofficial = any(band.range[0] <= number <= band.range[1] for number, _ in cat.unofficial_meanings())
            return ["title", "codes"] + (["unofficial"] if unofficial else [])
        fixed = {
            "home.md.j2": ["title", "classes", "faq", "more"],
            "codes_index.md.j2": ["title"] + [f"band-{band.id}" for band in cat.classes],
            "faq_index.md.j2": ["title"] + [question.slug for question in cat.faq],
            "compare.md.j2": ["title"] + [comparison.id for comparison in cat.comparisons],
            "guide.md.j2": ["title", "diagram"] + [step.id for step in cat.guide],
            "glossary.md.j2": ["title"],
            "urls.md.j2": ["title", "scheme", "sections", "rules"],
            "api.md.j2": ["title", "files", "example"],
        }
        return fixed[page.template]

    def _code_sections(self, entry) -> list[str]:
        faqs = any(entry.code in question.related for question in self.catalog.faq)
        if not entry.registered:
            present = {"summary", "unofficial", "names-in-code"} | ({"related"} if faqs else set())
        else:
            present = set(CODE_SECTIONS) - {"confused-with", "compared", "example", "send", "unofficial", "related"}
            present |= {"confused-with"} if entry.confused else set()
            present |= {"compared"} if self.catalog.comparisons_of(entry.code) else set()
            present |= {"example"} if entry.example else set()
            present |= {"send"} if entry.send else set()
            present |= {"unofficial"} if entry.unofficial else set()
            present |= {"related"} if entry.related or faqs else set()
        return [section for section in CODE_SECTIONS if section in present]

    def url(self, path: str, lang: str) -> str:
        """A page path (or any path below a language root) -> its URL below the site root."""
        return PREFIXES[lang] + path

    def source(self, path: str, lang: str) -> str:
        """A page path -> its Markdown source below docs/."""
        return f"{lang}/{source_of(path)}"

    def split(self, url: str) -> tuple[str, str]:
        """A URL below the site root -> (language, path below that language's root)."""
        url = url.lstrip("/")
        for lang, prefix in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if prefix and (url.startswith(prefix) or url == prefix.rstrip("/")):
                return lang, url[len(prefix) :]
        return DEFAULT_LANGUAGE, url

    def urls(self) -> list[str]:
        """URL of every page in every language, default language first."""
        return [self.url(page.path, lang) for lang in LANGUAGES for page in self.pages]

    def alternates(self, url: str, site_url: str) -> list[tuple[str, str]]:
        """(hreflang, absolute URL) of a page in every language, and x-default."""
        _, path = self.split(url)
        found = [(lang, site_url + self.url(path, lang)) for lang in LANGUAGES]
        return found + [("x-default", site_url + self.url(path, DEFAULT_LANGUAGE))]

    def locale(self, lang: str) -> str:
        return LOCALES[lang]

    def other_languages(self, lang: str) -> list[str]:
        return [other for other in LANGUAGES if other != lang]


def relative_link(target: str, here: str) -> str:
    """Markdown link from the source `here` (below docs/<lang>/) to the page path `target`,
    with its #anchor if any: MkDocs checks such links and rewrites them for any site path."""
    path, _, anchor = target.partition("#")
    link = posixpath.relpath(source_of(path), posixpath.dirname(here) or ".")
    return link + (f"#{anchor}" if anchor else "")


def relative_url(target: str, here: str) -> str:
    """Relative URL from the page built from the source `here` to the page path `target`, for
    raw HTML, where MkDocs rewrites nothing."""
    rel = posixpath.relpath(target.strip("/") or ".", path_of(here).rstrip("/") or ".")
    return "./" if rel == "." else rel + "/"
