"""Links that never break: every internal link and anchor resolves (at the root and under a project
path), every page's language switch leads to its twin, the head and sitemap are complete, every URL
ever published still opens, and pages load in a browser without errors."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import PROJECT_PATH

from scripts.urls import published, site_urls


class Links(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.refs, self.ids, self.alternates, self.switch, self.canonical = [], set(), {}, {}, None
        self.description, self.title, self.previews, self._in_title = None, "", {}, False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.refs.append(a["href"])
            if "md-select__link" in (a.get("class") or ""):
                self.switch[a.get("hreflang")] = a["href"]
        if tag in ("script", "img") and "src" in a:
            self.refs.append(a["src"])
        if tag == "link" and "href" in a:
            rel = (a.get("rel") or "").split()
            if "alternate" in rel and "hreflang" in a:
                self.alternates[a["hreflang"]] = a["href"]
            elif "canonical" in rel:
                self.canonical = a["href"]
            elif "stylesheet" in rel or "icon" in rel:
                self.refs.append(a["href"])
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        if tag == "meta" and (a.get("property", "").startswith("og:") or a.get("name", "").startswith("twitter:")):
            key = a.get("property") or a["name"]
            if key.endswith(":alternate"):  # one per other language
                self.previews.setdefault(key, []).append(a["content"])
            else:
                self.previews[key] = a["content"]
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False if tag == "title" else self._in_title


def pages_of(site: Path):
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        yield url, path


def check_site(site: Path, base: str) -> tuple[int, int]:
    """Resolve every internal reference of every page; returns (links, anchors) checked. A link to
    the site's own host outside its base path (`/codes/` on a project site) is a broken link."""
    parsed = {url: Links(path.read_text(encoding="utf-8")) for url, path in pages_of(site)}
    links = anchors = 0
    problems = []
    for url, page in parsed.items():
        here = base + url
        for ref in page.refs:
            target = urljoin(here, ref)
            if urlsplit(target)[:2] != urlsplit(base)[:2]:
                continue  # another site (RFC editor, vendor documentation...)
            if not target.startswith(base):
                problems.append(f"{url}: {ref} leaves the site's base path {urlsplit(base).path}")
                continue
            path, fragment = urlsplit(target).path, urlsplit(target).fragment
            rel = path[len(urlsplit(base).path) :]
            file = site / rel
            if file.is_dir() or rel.endswith("/") or rel == "":
                file = file / "index.html"
            links += 1
            if not file.exists():
                problems.append(f"{url}: {ref} -> {rel} does not exist")
            elif fragment:
                anchors += 1
                key = rel if not rel.endswith("index.html") else rel[: -len("index.html")]
                target_page = parsed.get(key) or parsed.get(rel)
                if target_page is None or fragment not in target_page.ids:
                    problems.append(f"{url}: {ref} -> #{fragment} is not an id there")
    assert not problems, "\n".join(problems[:30])
    return links, anchors


def test_every_internal_link_and_anchor_resolves(site):
    links, anchors = check_site(site, "http://127.0.0.1:8000/")
    print(f"\nroot build: {links} internal links and {anchors} anchors resolve")
    assert links > 5000 and anchors > 100


def test_every_link_resolves_under_a_project_path(project_site):
    links, anchors = check_site(project_site, "https://example.github.io" + PROJECT_PATH)
    print(f"\nproject build: {links} internal links and {anchors} anchors resolve")
    assert links > 5000 and anchors > 100


def test_the_link_check_catches_a_root_absolute_link_on_a_project_site(tmp_path):
    (tmp_path / "codes").mkdir()
    (tmp_path / "codes" / "index.html").write_text('<a id="x" href="#x">here</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text('<a href="codes/">fine</a> <a href="/codes/">broken</a>', encoding="utf-8")
    with pytest.raises(AssertionError, match=r"/codes/ leaves the site's base path /http-status/"):
        check_site(tmp_path, "https://example.github.io" + PROJECT_PATH)
    (tmp_path / "index.html").write_text('<a href="codes/#x">fine</a>', encoding="utf-8")
    assert check_site(tmp_path, "https://example.github.io" + PROJECT_PATH) == (2, 2)


@pytest.mark.parametrize(
    "build, base",
    [
        ("site", "http://127.0.0.1:8000/"),
        pytest.param("project_site", "https://example.github.io" + PROJECT_PATH, marks=pytest.mark.slow),
    ],
)
def test_head_switcher_and_description_of_every_page(build, base, request, catalog, site_map):
    site = request.getfixturevalue(build)
    checked = 0
    for url, path in pages_of(site):
        text = path.read_text(encoding="utf-8")
        if url in ("404.html", "en/404.html") or 'content="noindex"' in text:
            continue  # the not-found page, redirect pages
        page = Links(text)
        lang, path = site_map.split(url)
        assert page.canonical == base + url, url
        twins = {other: base + site_map.url(path, other) for other in site_map.languages}
        assert page.alternates == {**twins, "x-default": twins[site_map.default_language]}, url
        for other in site_map.other_languages(lang):
            assert urljoin(base + url, page.switch[other]) == twins[other], url
        assert page.description and len(page.description) > 20, url
        # Link previews: the page's own title, description and address, its language, the image.
        previews = page.previews
        assert previews["og:url"] == page.canonical and previews["og:type"] == "website", url
        assert page.title.startswith(html.unescape(previews["og:title"])), url
        # X falls back on the og: tags: no second copy of the title, description or image.
        assert not {"twitter:title", "twitter:description", "twitter:image"} & set(previews), url
        assert html.unescape(previews["og:description"]) == html.unescape(page.description), url
        assert previews["og:locale"] == site_map.locale(lang), url
        assert previews["og:locale:alternate"] == [site_map.locale(o) for o in site_map.other_languages(lang)], url
        assert previews["og:image"] == base + "assets/og.png", url
        assert previews["twitter:card"] == "summary_large_image" and previews["og:site_name"], url
        checked += 1
    assert checked == len(site_urls(catalog))
    assert (site / "assets" / "og.png").read_bytes().startswith(b"\x89PNG")


def test_code_pages_describe_themselves_with_the_data_summary(site, catalog):
    import html

    entry = catalog.code(404)
    page = Links((site / "en/codes/404/index.html").read_text(encoding="utf-8"))
    assert html.unescape(page.description) == " ".join(entry.en.summary.replace("`", "").split())


def test_sitemap_lists_every_page_with_its_alternates(site, catalog, site_map):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {
        u.find("s:loc", ns).text: {link.get("hreflang"): link.get("href") for link in u.findall("x:link", ns)}
        for u in root.findall("s:url", ns)
    }
    base = "http://127.0.0.1:8000"
    assert set(entries) == {base + path for path in site_urls(catalog)}
    for loc, alternates in entries.items():
        _, path = site_map.split(loc[len(base) :])
        twins = {lang: f"{base}/{site_map.url(path, lang)}" for lang in site_map.languages}
        assert alternates == {**twins, "x-default": twins[site_map.default_language]}


def test_every_published_url_still_opens(site, catalog):
    recorded = published()
    assert recorded, "data/published-urls.txt is empty"
    for url in recorded:
        assert (site / url.lstrip("/") / "index.html").exists(), f"{url} was published and no longer opens"
    missing = [u for u in site_urls(catalog) if u not in recorded]
    assert not missing, f"new pages not recorded; run `python -m scripts.urls --update`: {missing[:5]}"


def test_redirects_keep_old_urls_working(tmp_path, catalog, site_map):
    from scripts import postbuild

    cat = catalog.model_copy(update={"redirects": {"faq/token-expired/": "faq/expired-token/"}})
    postbuild.write_redirects(tmp_path, cat, site_map, "https://example.github.io/http-status/")
    ko = (tmp_path / "faq/token-expired/index.html").read_text(encoding="utf-8")
    en = (tmp_path / "en/faq/token-expired/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=https://example.github.io/http-status/faq/expired-token/"' in ko
    assert 'href="https://example.github.io/http-status/en/faq/expired-token/"' in en


def test_language_switch_keeps_page_and_section(page, base_url):
    page.goto(base_url + "codes/401/#headers")
    page.click(".md-header__option .md-select button")
    page.click('a.md-select__link[hreflang="en"]')
    page.wait_for_url("**/en/codes/401/#headers")
    assert page.locator("#headers").is_visible()
    page.click('a[href$="403/"] >> nth=0')  # navigate within the site, then switch back
    page.wait_for_load_state()
    path = urlsplit(page.url).path
    page.click(".md-header__option .md-select button")
    page.click('a.md-select__link[hreflang="ko"]')
    page.wait_for_load_state()
    assert urlsplit(page.url).path == path.replace("/en/", "/", 1)


def test_copy_buttons_work_by_keyboard_and_say_so(browser, base_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "codes/401/")
    button = page.locator("button.hsc-copy").nth(1)
    button.focus()
    page.keyboard.press("Enter")
    status = page.locator(".hsc-permalink [role=status]")
    status.wait_for(state="visible")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "[401 Unauthorized](http://127.0.0.1:8000/codes/401/)"  # the canonical URL
    assert "복사했습니다" in status.inner_text()
    context.close()


def test_code_blocks_get_their_copy_button_as_they_come_into_view(browser, base_url):
    """Material mounts code blocks lazily (mkdocs.yml: content.lazy): the snippet tabs, below the
    fold, get no copy button at load; the shown tab's block gets one in view, a hidden tab's block
    when its tab is chosen, and the button copies that block's code."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(base_url + "en/codes/401/")
    page.wait_for_load_state("networkidle")
    blocks = page.locator(".tabbed-set .tabbed-block")
    assert blocks.count() >= 2
    assert page.locator(".tabbed-set .md-code__button[data-md-type=copy]").count() == 0
    # Not yet mounted, each block is focusable, so a keyboard can scroll a wide one (postbuild).
    assert page.locator("pre > code:not([tabindex='0'])").count() == 0
    page.locator(".tabbed-set").scroll_into_view_if_needed()
    blocks.nth(0).locator(".md-code__button[data-md-type=copy]").wait_for()
    assert blocks.nth(1).locator(".md-code__button[data-md-type=copy]").count() == 0
    page.locator(".tabbed-labels > label").nth(1).click()
    button = blocks.nth(1).locator(".md-code__button[data-md-type=copy]")
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == blocks.nth(1).locator("code").inner_text().strip() != ""
    context.close()


def test_the_root_class_says_whether_scripts_run(browser, base_url):
    """Material's script swaps no-js for js; readers without JavaScript keep no-js and with it
    Material's styles for them."""
    for scripts, expected in ((True, {"js"}), (False, {"no-js"})):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        page.goto(base_url + "codes/401/")
        classes = set(page.locator("html").get_attribute("class").split())
        assert expected <= classes and not ({"js", "no-js"} - expected) & classes, classes
        context.close()


def test_not_found_page_is_styled_and_bilingual_under_a_project_path(browser, project_url):
    context = browser.new_context()
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 and r.url != project_url + "no/such/page/" else None,
    )
    response = page.goto(project_url + "no/such/page/")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert not failed, failed
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    text = page.inner_text("article")
    assert "페이지를 찾을 수 없습니다" in text and "Page not found" in text
    page.click('section[lang="en"] a.md-button--primary')
    page.wait_for_load_state()
    assert urlsplit(page.url).path == PROJECT_PATH + "en/codes/"
    context.close()


SAMPLE = [
    "",
    "codes/",
    "codes/4xx/",
    "codes/401/",
    "codes/499/",
    "faq/",
    "faq/expired-token/",
    "guide/",
    "glossary/",
    "urls/",
    "api/",
]


@pytest.mark.parametrize("path", SAMPLE + ["en/" + p for p in SAMPLE] + ["no/such/page/"])
def test_pages_load_cleanly_and_request_nothing_from_other_hosts(browser, base_url, path):
    """No console error or warning, no failed request, and no request to another host, on load
    and when searching: the site works offline and tells no third party about its readers."""
    context = browser.new_context()
    page = context.new_page()
    problems, hosts = [], set()
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    # (blob: URLs are the page's own: the search imports Material's worker from one)
    page.on("request", lambda r: None if r.url.startswith("blob:") else hosts.add(urlsplit(r.url).netloc))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 and r.url != base_url + path else None,
    )
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("40")
    page.wait_for_selector(".md-search-result__list > li")
    context.close()
    if path == "no/such/page/":  # the browser logs the page's own 404 status
        problems = [p for p in problems if not p.startswith("console error: Failed to load resource")]
    assert not problems, problems
    assert hosts == {urlsplit(base_url).netloc}, hosts
