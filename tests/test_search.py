"""Search, as a reader uses it: real queries typed into the search box of each language's site in
headless Chromium, and the contract with Material's internals that our search customisation
(docs/assets/search-worker.js, overrides/main.html) relies on."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
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


def test_each_language_downloads_only_its_own_entries_and_only_for_the_search_box(browser, base_url, site):
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
    assert not [r for r in requested if r.startswith("/search/") and r != "/search/search_index.json"]
    assert not [r for r in requested if "workers/search" in r]
    # The reader reaches for the search box: the search loads while they type (site.js).
    with page.expect_request(lambda r: urlsplit(r.url).path == "/search/en.json.gz"):
        page.focus("input.md-search__input")
    assert top_results(page, base_url, "Gone")[0] == "/en/codes/410/"
    # The gzipped copy (Chromium decompresses it itself), of this language only.
    assert [r for r in requested if r.startswith("/search/") and r != "/search/search_index.json"] == [
        "/search/en.json.gz"
    ]
    context.close()


def test_the_index_is_prebuilt_for_each_language(site):
    """scripts/searchindex.mjs wrote each language's lunr index (with Node; without it the build
    warns and the browser indexes the entries), for Material's worker of this build, and a gzipped
    copy of the whole file."""
    (worker,) = (site / "assets/javascripts/workers").glob("search.*.min.js")
    for lang in ("ko", "en"):
        text = (site / f"search/{lang}.json").read_text(encoding="utf-8")
        prebuilt = json.loads(text)["prebuilt"]
        assert prebuilt["worker"] == worker.name
        assert len(prebuilt["terms"]) == len(prebuilt["postings"]) > 1000
        assert gzip.decompress((site / f"search/{lang}.json.gz").read_bytes()).decode("utf-8") == text


def test_the_prebuilt_index_answers_as_the_index_built_in_the_browser(site):
    """tests/js/search-prebuilt.test.mjs: every query of search-queries.tsv, both ways, same results."""
    result = subprocess.run(
        ["node", "--test", "tests/js/search-prebuilt.test.mjs"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "SEARCH_SITE": str(site)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 2" in result.stdout, result.stdout


def test_without_node_the_build_goes_on_and_says_so(tmp_path, capsys):
    from scripts.searchindex import prebuild

    assert prebuild(tmp_path, {"ko": {"config": {}, "docs": []}}, node="no-such-node") == {}
    assert "Node.js (node) was not found" in capsys.readouterr().err
    (tmp_path / "assets/javascripts/workers").mkdir(parents=True)
    (tmp_path / "assets/javascripts/workers/search.0.min.js").write_text("throw new Error('not a worker')")
    assert prebuild(tmp_path, {"ko": {"config": {}, "docs": []}}, node=shutil.which("node")) == {}
    assert "searchindex.mjs failed" in capsys.readouterr().err


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
    # usePrebuilt() in search-query.js: Material builds its index with lunr's Builder (b 0), and
    # keeps the position tables in a Map it puts each one in as lunr extracts the field, read only
    # to highlight a result. scripts/searchindex.mjs also checks the index it writes loads back.
    search = next(v for k, v in sources.items() if k.endswith("integrations/search/_/index.ts"))
    assert "table.set(id, lunr.tokenizer.table = [])" in search
    assert "this.table = new Map()" in search and search.count("this.table.") == 1
    assert 'this.table.get([doc.location, field].join(":"))' in search
    assert "this.b(0)" in search and "this.add(doc, { boost: doc.boost })" in search


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
