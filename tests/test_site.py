"""A real `mkdocs build --strict` of the whole site: the exact pages, their twins, their section ids
and the facts they show."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest


class Page(HTMLParser):
    """What the tests read from a built page."""

    def __init__(self, path: Path):
        super().__init__()
        self.ids, self.headings, self.links, self.lang, self._heading = [], [], [], None, None
        self.head_links, self.metas, self.text = [], {}, []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("h1", "h2", "h3") and "id" in attrs:
            self.ids.append(attrs["id"])
        if tag in ("h1", "h2", "h3"):
            self._heading = []
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "link":
            self.head_links.append(attrs)
        if tag == "meta" and "name" in attrs:
            self.metas[attrs["name"]] = attrs.get("content")

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).strip().rstrip("¶").strip())
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def content(self) -> str:
        return " ".join(" ".join(self.text).split())


def expected_pages(catalog) -> set[str]:
    pages = {"", "codes/", "faq/", "compare/", "guide/", "glossary/", "urls/", "api/"}
    pages |= {f"codes/{b.id}/" for b in catalog.classes}
    pages |= {f"codes/{n}/" for n in catalog.numbers()}
    pages |= {f"faq/{f.slug}/" for f in catalog.faq}
    return pages


def built_pages(site: Path, lang: str) -> set[str]:
    root = site / "en" if lang == "en" else site
    found = set()
    for index in root.rglob("index.html"):
        rel = index.parent.relative_to(root).as_posix()
        if lang == "ko" and (rel == "en" or rel.startswith("en/")):
            continue
        found.add("" if rel == "." else rel + "/")
    return found


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_exactly_the_expected_pages_are_built(site, catalog, lang):
    assert built_pages(site, lang) == expected_pages(catalog)


def test_every_code_has_both_languages_at_stable_urls(site, catalog):
    for number in catalog.numbers():
        ko, en = Page(site / f"codes/{number}/index.html"), Page(site / f"en/codes/{number}/index.html")
        assert ko.lang == "ko" and en.lang == "en"
        assert ko.headings[0].startswith(str(number)) and en.headings[0].startswith(str(number))


def test_section_ids_are_identical_in_both_languages(site, catalog):
    for page in sorted(expected_pages(catalog)):
        ko, en = Page(site / page / "index.html"), Page(site / "en" / page / "index.html")
        assert ko.ids == en.ids, page
        assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ko.ids), (page, ko.ids)


def test_code_pages_have_their_sections(site, catalog):
    for entry in catalog.registered():
        ids = Page(site / f"codes/{entry.code}/index.html").ids
        for section in (
            "summary",
            "description",
            "when-to-use",
            "when-not-to-use",
            "common-mistakes",
            "headers",
            "caching",
            "names-in-code",
        ):
            assert section in ids, (entry.code, section)
        assert ("example" in ids) == bool(entry.example), entry.code
        assert ("confused-with" in ids) == bool(entry.confused), entry.code


def test_seed_facts_reach_the_pages(site):
    found = Page(site / "codes/302/index.html")
    assert found.headings[0] == "302 Found (임시 이동)"
    assert "302 Found" in Page(site / "en/codes/302/index.html").headings[0]
    assert "Service Unavailable" in Page(site / "codes/503/index.html").headings[0]
    assert "unnailable" not in Page(site / "codes/503/index.html").content
    login = Page(site / "faq/login-failure/index.html").content
    assert "400" in login and "401" in login
    token = Page(site / "en/faq/expired-token/index.html").content
    assert "401" in token and "invalid_token" in token
    spec = Page(site / "codes/404/index.html").links
    assert "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5" in spec


def test_korean_pages_use_korean_interface(site):
    page = (site / "codes/404/index.html").read_text(encoding="utf-8")
    assert '<html lang="ko"' in page and "검색" in page
    assert '<html lang="en"' in (site / "en/codes/404/index.html").read_text(encoding="utf-8")


class Sections(HTMLParser):
    """Text of each h2 section of a page's article, keyed by the section id."""

    def __init__(self, path: Path):
        super().__init__()
        self.sections, self._current, self._in_article, self._skip = {}, None, False, 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article = True
        if self._in_article and tag == "h2" and "id" in attrs:
            self._current = attrs["id"]
            self.sections[self._current] = []
            self._skip = 1
        elif self._skip:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article, self._current = False, None
        if self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._current and not self._skip:
            self.sections[self._current].append(data)


def test_no_section_is_empty_in_either_language(site, catalog):
    checked = 0
    for number in catalog.numbers():
        ko, en = Sections(site / f"codes/{number}/index.html"), Sections(site / f"en/codes/{number}/index.html")
        assert ko.sections.keys() == en.sections.keys(), number
        for section in ko.sections:
            for lang, page in (("ko", ko), ("en", en)):
                assert "".join(page.sections[section]).strip(), (number, lang, section)
            checked += 1
    print(f"\n{checked} code-page sections non-empty in both languages")


def test_every_python_http_status_member_is_named_on_its_page(site):
    import http

    for status in http.HTTPStatus:
        for prefix in ("", "en/"):
            text = (site / f"{prefix}codes/{status.value}/index.html").read_text(encoding="utf-8")
            assert f"HTTPStatus.{status.name}<" in text, (prefix, status)


def test_unofficial_meanings_are_sourced_and_set_apart(site, catalog):
    for number, entry in catalog.unofficial_meanings():
        assert entry.source.startswith("https://"), entry
        page = (site / f"codes/{number}/index.html").read_text(encoding="utf-8")
        assert 'id="unofficial"' in page and entry.source in page
        if catalog.code(number) is None:
            assert "IANA 레지스트리에 등록되어 있지 않습니다" in page
    twice = [n for n in catalog.numbers() if len(catalog.unofficial_for(n)) + bool(catalog.code(n)) > 1]
    assert {451, 499, 530} <= set(twice)
    for number in twice:
        assert "여러 곳에서 서로 다른 뜻으로" in (site / f"codes/{number}/index.html").read_text(encoding="utf-8")


def test_every_decision_path_ends_on_a_code_page(site, catalog):
    steps = {s.id: s for s in catalog.guide}
    ends, paths = set(), 0
    pending = [(catalog.guide[0].id, ())]
    while pending:
        step, path = pending.pop()
        assert step not in path, path  # no loops
        for target in (steps[step].yes, steps[step].no):
            if target.startswith("code:"):
                ends.add(int(target[5:]))
                paths += 1
            else:
                pending.append((target, path + (step,)))
    for number in ends:
        assert (site / f"codes/{number}/index.html").exists() and (site / f"en/codes/{number}/index.html").exists()
    page = Page(site / "guide/index.html")
    assert set(steps) <= set(page.ids)  # every step is a linkable section
    assert {2, 3, 4, 5} <= {n // 100 for n in ends}  # success, redirection, client and server errors
    print(f"\ndecision guide: {len(steps)} steps, {paths} paths, ending on {len(ends)} codes")


def test_the_site_map_knows_the_sections_of_every_page(site, site_map):
    """The validator checks links to /page/#section against the site map's ids: they must be
    exactly the headings the build produces, in order, in every language."""
    for page in site_map.pages:
        for lang in site_map.languages:
            built = Page(site / site_map.url(page.path, lang) / "index.html").ids
            assert built == site_map.ids(page.path), (lang, page.path)


# The codes people meet in a browser (issue: a word for visitors), Cloudflare's 52x included.
VISITOR_CODES = [401, 403, 404, 408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 530]


def test_visitors_get_a_short_word_before_the_reference(site, site_map, catalog):
    for number in VISITOR_CODES:
        for lang in site_map.languages:
            text = (site / site_map.url(f"codes/{number}/", lang) / "index.html").read_text(encoding="utf-8")
            assert text.count('<div class="admonition tip">') == 1, (number, lang)
            box = text.index('<div class="admonition tip">')
            assert box < text.index('<h2 id="summary"'), (number, lang)  # above the sections: easy to skip
            assert catalog.ui[lang]["visitor_title"] in text[box : box + 300], (number, lang)


def _tables_by_section(html: str) -> dict[str, list[list[str]]]:
    """Section id -> the rows (cells as plain text) of the first table after that heading."""
    found = {}
    for match in re.finditer(r'<h2 id="([^"]+)"', html):
        rest = html[match.end() :]
        table = rest[: rest.find("</table>")] if "<table>" in rest[: rest.find("<h2")] else ""
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        found[match.group(1)] = [
            [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
            for row in rows
        ]
    return found


def test_comparison_tables_are_built_from_the_codes_facts(site, site_map, catalog):
    """Issue: side-by-side comparisons. Each table: one row per code, each cell the label of that
    code's fact in the page's language, the same section id in both languages, linked from every
    code it covers and from its questions."""
    import html as entities

    assert {c.id for c in catalog.comparisons} == {"redirects", "authentication", "content-errors", "gateways"}
    for lang in site_map.languages:
        tables = _tables_by_section((site / site_map.url("compare/", lang) / "index.html").read_text(encoding="utf-8"))
        for comparison in catalog.comparisons:
            rows = [[entities.unescape(cell) for cell in row] for row in tables[comparison.id]]
            assert rows[0][1:] == [getattr(column, lang).strip("`") for column in comparison.columns], (
                lang,
                comparison.id,
            )
            assert [row[0].split(" ")[0] for row in rows[1:]] == [str(n) for n in comparison.codes]
            for number, row in zip(comparison.codes, rows[1:], strict=True):
                entry = catalog.code(number)
                expected = [
                    column.values[entry.fact(column.fact)].model_dump()[lang].replace("`", "")
                    for column in comparison.columns
                ]
                assert row[1:] == expected, (lang, comparison.id, number)
            for number in comparison.codes:
                page = (site / site_map.url(f"codes/{number}/", lang) / "index.html").read_text(encoding="utf-8")
                assert re.search(rf'href="[./]*compare/#{comparison.id}"', page), (lang, number, comparison.id)
            for slug in comparison.faq:
                page = (site / site_map.url(f"faq/{slug}/", lang) / "index.html").read_text(encoding="utf-8")
                assert re.search(rf'href="[./]*compare/#{comparison.id}"', page), (lang, slug, comparison.id)
