"""Search, as a reader uses it: real queries typed into the search box of each language's site in
headless Chromium, and the contract with Material's internals that our search customisation
(docs/assets/search-worker.js, overrides/main.html) relies on."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    line.split("\t")
    for line in (Path(__file__).parent / "search-queries.tsv").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
MATERIAL = Path(material.__file__).parent / "templates"


def top_results(page, base_url: str, query: str) -> list[str]:
    """Type `query` into the search box and return the site paths of the top result pages."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__list > li')")
    if query.isascii():
        box.press_sequentially(query)
    else:
        page.keyboard.insert_text(query)  # Hangul arrives without key events (as from an IME)...
        box.press("End")  # ...and Material searches on keyup
    # Results, or Material's "no matching documents" message, for this query.
    page.wait_for_function(
        """() => {
        const none = JSON.parse(document.getElementById("__config").textContent).translations["search.result.none"]
        return document.querySelector(".md-search-result__list > li")
            || document.querySelector(".md-search-result__meta").textContent.trim() === none
    }""",
        timeout=15000,
    )
    page.wait_for_timeout(100)
    hrefs = page.eval_on_selector_all(".md-search-result__list > li > a:first-child", "links => links.map(a => a.href)")
    prefix = urlsplit(base_url).path
    return [urlsplit(h).path[len(prefix) - 1 :] for h in hrefs]


@pytest.fixture(scope="module")
def search_pages(browser, base_url):
    """One open page per language, kept for all queries (the index loads once, as for a reader)."""
    pages = {}
    for lang, start in (("ko", ""), ("en", "en/")):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pages[lang] = context.new_page()
        pages[lang].goto(base_url + start)
    yield pages
    for p in pages.values():
        p.context.close()


def test_queries_find_the_expected_page_in_the_top_three(search_pages, base_url):
    hits, misses, wrong_language = 0, [], []
    for lang, query, expected in QUERIES:
        results = top_results(search_pages[lang], base_url, query)[:3]
        if any(re.match(expected, r) for r in results):
            hits += 1
        else:
            misses.append((lang, query, expected, results))
        wrong_language += [(lang, query, r) for r in results if r.startswith("/en/") != (lang == "en")]
    rate = hits / len(QUERIES)
    print(f"\nsearch: {hits}/{len(QUERIES)} queries put the expected page in the top 3 ({rate:.0%})")
    for miss in misses:
        print("  miss:", *miss)
    assert len(QUERIES) >= 30
    assert not wrong_language, wrong_language
    assert rate >= 0.95, misses
    example = [q for q in QUERIES[:20]]  # the shared examples, copied first into the file
    assert not [m for m in misses if list(m[:3]) in [list(e) for e in example]], misses


def test_each_language_downloads_only_its_own_entries_and_only_when_searching(browser, base_url, site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []  # the stub Material fetches on every page load
    ko = json.loads((site / "search/ko.json").read_text(encoding="utf-8"))["docs"]
    en = json.loads((site / "search/en.json").read_text(encoding="utf-8"))["docs"]
    assert ko and en and all(not d["location"].startswith("en/") for d in ko)
    assert all(d["location"].startswith("en/") for d in en)

    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    page.goto(base_url + "en/codes/404/")
    page.wait_for_load_state("networkidle")
    assert "/search/en.json" not in requested and "/search/ko.json" not in requested
    assert not [r for r in requested if "workers/search" in r]
    assert top_results(page, base_url, "Gone")[0] == "/en/codes/410/"
    assert "/search/en.json" in requested and "/search/ko.json" not in requested
    context.close()


def test_material_internals_the_search_wrapper_relies_on():
    """Fails when a Material upgrade changes what docs/assets/search-worker.js and
    overrides/main.html depend on; re-check them against the new version, then update here."""
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert re.search(r'"search": "assets/javascripts/workers/search\.[0-9a-f]+\.min\.js" \| url', base)
    sources = {}
    for source_map in (MATERIAL / "assets/javascripts").rglob("*.min.js.map"):
        data = json.loads(source_map.read_text(encoding="utf-8"))
        sources.update(zip(data["sources"], data["sourcesContent"], strict=True))
    message = next(v for k, v in sources.items() if k.endswith("search/worker/message/index.ts"))
    assert re.search(r"SETUP,\s*/\*.*\*/\s*READY,\s*/\*.*\*/\s*QUERY,\s*/\*.*\*/\s*RESULT", message)
    main = next(v for k, v in sources.items() if k.endswith("search/worker/main/index.ts"))
    assert 'addEventListener("message", async ev => {\n  postMessage(await handler(ev.data))' in main
    # With lang ["en"] only, Material's worker imports no extra scripts (whose paths would be
    # resolved against our wrapper's URL instead of its own).
    assert 'if (lang !== "en")' in main and "if (config.lang.length > 1)" in main


def test_search_box_works_on_a_project_path_site(browser, project_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(project_url + "codes/")
    results = top_results(page, project_url, "Gone")
    assert results[0] == "/codes/410/"
    context.close()


def test_material_internals_the_head_and_the_search_dialog_rely_on():
    """overrides/main.html replaces Material's `site_meta` block (to write absolute hreflang
    alternates); scripts/postbuild.py names Material's search dialog. Fails when a Material
    upgrade changes either: re-check the override against the new block, then update here."""
    from scripts.postbuild import SEARCH_DIALOG

    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    block = base[
        base.index("{% block site_meta %}") : base.index("{% endblock %}", base.index("{% block site_meta %}"))
    ]
    assert hashlib.sha256(" ".join(block.split()).encode()).hexdigest()[:16] == SITE_META_9_8_1
    assert SEARCH_DIALOG in (MATERIAL / "partials/search.html").read_text(encoding="utf-8")


SITE_META_9_8_1 = "95205fd016890be3"  # the block in Material 9.8.1, whitespace collapsed
