"""Benchmark: build time, rebuild time, page weight and search index size, against a baseline.

    python -m tools.bench [--runs 3]          (make bench)

Prints tables; asserts nothing. Every figure is the median of --runs runs, and every comparison is
a ratio against a baseline measured in the same run: a plain Material + static-i18n build of the
same pages (the Markdown our generator wrote, the same theme, plugins and navigation) without our
generator, hooks or theme overrides.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from scripts.catalog import load_catalog
from scripts.generate import DATA, DEFAULT_SITE_URL, render_site, write_if_changed
from scripts.site import PREFIXES, SiteMap
from tools.devserver import ENV, DevServer, copy_project
from tools.staticserver import PAGE_TYPES, chromium_path, serve

ROOT = Path(__file__).resolve().parent.parent


def median(values) -> float:
    return statistics.median(values)


def timed_build(project: Path, site: Path, timings: Path | None = None) -> float:
    env = {**ENV, **({"HSC_TIMINGS": str(timings)} if timings else {})}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def baseline_project(project: Path, target: Path) -> Path:
    """Plain Material + static-i18n over the pages our generator wrote into `project`."""
    shutil.copytree(project / "docs", target / "docs")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for key in ("hooks", "watch", "extra_css", "extra_javascript"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["site_url"] = "http://127.0.0.1:8000/"
    config["strict"] = "false"
    config["plugins"] = [{"search": {}}, *[p for p in config["plugins"] if isinstance(p, dict) and "i18n" in p]]
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (target / "mkdocs.yml").write_text(text.replace("'true'", "true").replace("'false'", "false"), encoding="utf-8")
    return target


def build_split(timings: Path) -> dict[str, float]:
    events = [line.split() for line in timings.read_text(encoding="utf-8").splitlines()]
    at = {}
    for stamp, event, _lang, duration in events:
        at.setdefault(event, []).append((float(stamp), float(duration)))
    starts = [s for s, _ in at["build-start"]]
    ends = sorted(s for s, _ in at["build-end"])
    return {
        "validate": sum(d for _, d in at.get("validate", [])),
        "render": sum(d for _, d in at.get("render", [])),
        "ko build": starts[1] - starts[0] - sum(d for _, d in at.get("render", [])),
        "en build": ends[0] - starts[1],
        "finish": sum(d for _, d in at.get("finish", [])),
    }


def measure_builds(work: Path, runs: int) -> dict:
    project = copy_project(work / "project")
    subprocess.run([sys.executable, "-m", "scripts.generate"], cwd=project, env=ENV, check=True, capture_output=True)
    base = baseline_project(project, work / "baseline")
    ours, plain, splits = [], [], []
    for run in range(runs):
        log = work / f"timings-{run}.log"
        ours.append(timed_build(project, work / f"site-{run}", log))
        splits.append(build_split(log))
        plain.append(timed_build(base, work / f"baseline-site-{run}"))
    split = {k: median(s[k] for s in splits) for k in splits[0]}
    return {
        "ours": median(ours),
        "baseline": median(plain),
        "split": split,
        "site": work / "site-0",
        "baseline_site": work / "baseline-site-0",
        "project": project,
    }


def measure_rebuild(project: Path, runs: int) -> tuple[float, int]:
    """Seconds from saving a one-line change of data/codes.toml to the browser reload under
    `mkdocs serve`, and how many reloads one change causes (1 = no rebuild loop)."""
    with DevServer(project, port=8765 + os.getpid() % 1000) as server:
        server.wait_for(r"Serving on")
        data = project / "data" / "codes.toml"
        times = []
        for run in range(runs):
            text = data.read_text(encoding="utf-8")
            saved = time.perf_counter()
            data.write_text(text.replace('summary = "', f'summary = "{run}', 1), encoding="utf-8")
            times.append(server.wait_for(r"Reloading browsers", run + 1) - saved)
        time.sleep(3)  # any second rebuild would start within this
        return median(times), server.count(r"Reloading browsers") / runs


def first_visit(site: Path, path: str) -> dict[str, int]:
    """Bytes (gzip) of everything a first visit to `path` fetches at load, by kind, and "received":
    all of it counted as the browser receives it, response headers included (the 75 KB budget)."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    sizes = {"HTML": 0, "CSS": 0, "JS": 0, "search": 0, "other": 0}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
            page = browser.new_page()
            responses, finished = [], []
            page.on("response", lambda r: responses.append(r))
            page.on("requestfinished", lambda r: finished.append(r))
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            for request in finished:  # a worker's script has no body size: its Content-Length
                size = request.sizes()
                body = size["responseBodySize"] or int(request.response().headers.get("content-length", 0))
                sizes["received"] = sizes.get("received", 0) + size["responseHeadersSize"] + body
            for response in responses:
                size = len(gzip.compress(response.body(), 6))  # Playwright hands over the decoded body
                url = response.url.split("?")[0]
                kind = (
                    "search"
                    if "search" in url
                    else "HTML"
                    if response.request.resource_type == "document"
                    else "CSS"
                    if url.endswith(".css")
                    else "JS"
                    if url.endswith(".js")
                    else "other"
                )
                sizes[kind] += size
            browser.close()
    finally:
        server.shutdown()
    return sizes


LATENCY = """async ([query, none, lead]) => {
  const box = document.querySelector("input.md-search__input")
  box.focus(); box.value = ""
  box.dispatchEvent(new KeyboardEvent("keyup", {key: "End"}))
  await new Promise(r => setTimeout(r, lead))
  const list = document.querySelector(".md-search-result__list")
  const meta = document.querySelector(".md-search-result__meta")
  const done = new Promise(resolve => new MutationObserver(() => {
    if (list.children.length || meta.textContent.trim() === none) resolve(performance.now())
  }).observe(document.querySelector(".md-search-result"), {childList: true, subtree: true, characterData: true}))
  box.value = query
  const typed = performance.now()
  box.dispatchEvent(new KeyboardEvent("keyup", {key: query.slice(-1)}))
  return (await done) - typed
}"""


def search_latency(site: Path, runs: int) -> dict[str, tuple[float, float, float]]:
    """Milliseconds from the last keystroke to the results, per language: the first query of a page
    view (which loads lunr and the index) typed 200 ms after the search box got the focus, as a
    reader would, then typed at once, and the following queries. Each page view starts once the
    page has loaded and settled (no request for 500 ms), as a reader reads before searching."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    queries = {
        "ko": ["404", "인증된", "서비스제공", "로그인 실패", "리다이렉트"],
        "en": ["404", "redirected", "Retry-After", "token expired", "Forbidden"],
    }
    result = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
            for lang, words in queries.items():
                first, at_once, later = [], [], []
                for _ in range(runs):
                    page = browser.new_page()
                    page.goto(base + PREFIXES[lang] + "codes/401/", wait_until="networkidle")
                    none = page.evaluate(
                        "JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']"
                    )
                    first.append(page.evaluate(LATENCY, [words[0], none, 200]))
                    later += [page.evaluate(LATENCY, [w, none, 200]) for w in words[1:]]
                    page.close()
                    page = browser.new_page()
                    page.goto(base + PREFIXES[lang] + "codes/401/", wait_until="networkidle")
                    at_once.append(page.evaluate(LATENCY, [words[0], none, 0]))
                    page.close()
                result[lang] = (median(first), median(at_once), median(later))
            browser.close()
    finally:
        server.shutdown()
    return result


def index_sizes(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes of each language's search file, and gzipped: the copy gzipped at build time where
    there is one (which the browser fetches), else as a server would gzip it."""
    files = {"ko": site / "search/ko.json", "en": site / "search/en.json"}
    if not files["ko"].exists():
        files = {"both": site / "search/search_index.json"}
    sizes = {}
    for lang, path in files.items():
        packed = path.with_name(path.name + ".gz")
        raw = path.read_bytes()
        sizes[lang] = (len(raw), len(packed.read_bytes()) if packed.exists() else len(gzip.compress(raw, 6)))
    return sizes


def scaling(work: Path, runs: int) -> list[tuple[int, int, float, float]]:
    """Generator and MkDocs time per page for synthetic catalogues of 1x, 4x and 16x the codes."""
    catalog = load_catalog(DATA)

    class Synthetic(type(catalog)):
        def band(self, number):  # copy 1404 of 404 belongs to 4xx, like 404
            return super().band(number % 1000)

    rows = []
    for factor in (1, 4, 16):
        copies = [c.model_copy(update={"code": c.code + 1000 * i}) for i in range(1, factor) for c in catalog.codes]
        synthetic = Synthetic.model_construct(**{**dict(catalog), "codes": catalog.codes + tuple(copies)})
        project = work / f"scale-{factor}"
        generate_times, build_times = [], []
        for run in range(runs):
            shutil.rmtree(project, ignore_errors=True)
            (project / "docs").mkdir(parents=True)
            started = time.perf_counter()
            site = SiteMap(synthetic)
            files = render_site(synthetic, site, DEFAULT_SITE_URL)
            write_if_changed(files, project / "docs", site.languages)
            generate_times.append(time.perf_counter() - started)
            # MkDocs' own time per page: the plain build of the pages (no hooks to regenerate them).
            plain = baseline_project(project, work / f"scale-{factor}-plain-{run}")
            build_times.append(timed_build(plain, work / f"scale-site-{factor}-{run}"))
        pages = len(files)
        rows.append((factor, pages, median(generate_times) / pages * 1000, median(build_times) / pages * 1000))
    return rows


# Inputs built to make a parser or a regular expression run away, each at the largest size the
# validator lets through to Markdown (tests/test_hostile_data.py checks that none of them hangs).
PATHOLOGICAL = {
    "brackets": "[" * 100 + "x" * 2899,
    "link openers": "](" * 30 + "x" * 2900,
    "backticks": "`a" * 1499,
    "asterisks": "*" * 2999,
    "underscores": "_a" * 1499,
    "entities": "&#" * 1499,
    "nested emphasis": "**_" * 999,
    "angle brackets": "<" * 2999,
    "spaces before a link": "[x](" + " " * 2990 + ")",
}


def with_description(data: str, text: str) -> str:
    """The catalogue with the English description of its first code replaced by `text`."""
    opening = "description = " + "'" * 3
    start = data.index(opening, data.index("[codes.en]"))
    end = data.index("'" * 3, start + len(opening)) + 3
    return data[:start] + "description = " + json.dumps(text) + data[end:]


def validation_times(work: Path, runs: int) -> dict[str, float]:
    """Seconds for `python -m scripts.generate --check` (validate and render everything in memory)
    on the real catalogue and with each pathological description, in a fresh process each run."""
    data = DATA.read_text(encoding="utf-8")
    cases = {"real catalogue": data} | {name: with_description(data, text) for name, text in PATHOLOGICAL.items()}
    times = {}
    for name, text in cases.items():
        path = work / "check.toml"
        path.write_text(text, encoding="utf-8")
        runs_of = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "scripts.generate", "--check", "--data", str(path)],
                cwd=ROOT,
                capture_output=True,
            )
            runs_of.append(time.perf_counter() - started)
        times[name] = median(runs_of)
    return times


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is reported)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        print(f"Benchmark, median of {args.runs} runs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
        builds = measure_builds(work, args.runs)
        split = builds["split"]
        ours_extra = split["validate"] + split["render"] + split["finish"]
        print("Clean build of the full site (seconds)")
        print(f"  ours, total                         {builds['ours']:7.2f}")
        print(f"    validate and render (in memory)   {split['validate']:7.2f}")
        print(f"    write changed pages               {split['render']:7.2f}")
        print(f"    MkDocs build, Korean              {split['ko build']:7.2f}")
        print(f"    MkDocs build, English             {split['en build']:7.2f}")
        print(f"    finish (search split, API...)     {split['finish']:7.2f}")
        print(f"  baseline (plain Material + i18n)    {builds['baseline']:7.2f}")
        print(f"  ratio ours / baseline               {builds['ours'] / builds['baseline']:7.2f}")
        print(f"  generator + hooks share of ours     {ours_extra / builds['ours']:7.1%}\n")

        checks = validation_times(work, args.runs)
        print("Validation: `python -m scripts.generate --check`, whole process (seconds)")
        for name, seconds in checks.items():
            print(f"  {name:<34}{seconds:7.2f}")
        print()

        rebuild, reloads = measure_rebuild(builds["project"], args.runs)
        print("Rebuild under `mkdocs serve` after a one-line change of data/codes.toml")
        print(f"  save -> browser reload (s)          {rebuild:7.2f}")
        print(f"  reloads per change                  {reloads:7.1f}\n")

        print("First visit, bytes fetched at load (KB, gzip)")
        print("  (received: bytes as the browser receives them, response headers included; budget 75,000)")
        print(
            f"  {'page':<16}{'site':<10}{'HTML':>7}{'CSS':>7}{'JS':>7}{'search':>8}{'other':>7}{'total':>8}"
            f"{'received':>10}"
        )
        for name, path in PAGE_TYPES.items():
            for label, site in (("ours", builds["site"]), ("baseline", builds["baseline_site"])):
                s = first_visit(site, path)
                received = s.pop("received")
                total = sum(s.values())
                print(
                    f"  {name:<16}{label:<10}{kb(s['HTML']):>7}{kb(s['CSS']):>7}{kb(s['JS']):>7}"
                    f"{kb(s['search']):>8}{kb(s['other']):>7}{kb(total):>8}{received:>10,}"
                )
        print()

        print("Search index, downloaded when the search box gets the focus (KB raw / gzip)")
        for label, site in (("ours", builds["site"]), ("baseline", builds["baseline_site"])):
            for lang, (raw, packed) in index_sizes(site).items():
                print(f"  {label:<10}{lang:<6}{kb(raw):>8} / {kb(packed)}")
        print()

        print("Search latency, last keystroke -> results shown (ms)")
        print("  first query of a page view (loads the index): typed 200 ms after focus / at once")
        for lang, (first, at_once, later) in search_latency(builds["site"], args.runs).items():
            print(f"  {lang}   first query {first:7.0f} / {at_once:5.0f}   later queries {later:5.0f}")
        print()

        print("Scaling with synthetic catalogues (milliseconds per page)")
        print(f"  {'codes':<8}{'pages':>7}{'generate':>10}{'MkDocs':>9}")
        for factor, pages, generate_ms, build_ms in scaling(work, args.runs):
            print(f"  {str(factor) + 'x':<8}{pages:>7}{generate_ms:>10.2f}{build_ms:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
