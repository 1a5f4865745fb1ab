"""Lighthouse scores for each page type and language (not part of the timed tests).

    python -m tools.audit [--runs 3] [--site site] [--baseline OTHER_SITE] [--page PATH ...]
                                                        (make audit)

Builds the site if site/ is missing, serves it like GitHub Pages (gzip, root 404.html), runs
Lighthouse 12 (mobile emulation, its default) in headless Chromium on every page type in both
languages, and prints the four category scores, first contentful paint, total blocking time and
layout shift; performance, paint and blocking time are medians of --runs runs.
--page audits the given paths (relative to a language's root, e.g. codes/404/) instead.
With --baseline, a second built site (an earlier commit's, say) is audited in turn with the first,
run after run, and each row reads baseline -> site: this machine's speed drifts from day to day,
so only figures measured together compare.
Lighthouse comes from node_modules (npm ci); Chromium from $CHROMIUM, Debian's chromium, or
Playwright's download.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.build import build
from scripts.site import PREFIXES
from tools.staticserver import PAGE_TYPES, chromium_path, serve

ROOT = Path(__file__).resolve().parent.parent
# The not-found page is audited at /404.html: Lighthouse refuses pages served with status 404.
PAGES = {**PAGE_TYPES, "not found": "404.html"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)


def lighthouse(url: str, browser: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(ROOT / "node_modules/.bin/lighthouse"),
                url,
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                f"--chrome-flags={FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": browser},
            timeout=300,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["FCP ms"] = round(data["audits"]["first-contentful-paint"]["numericValue"])
    scores["TBT ms"] = round(data["audits"]["total-blocking-time"]["numericValue"])
    scores["CLS"] = round(data["audits"]["cumulative-layout-shift"]["numericValue"], 3)
    return scores


def summary(runs: list[dict]) -> dict:
    """Performance, first paint, TBT: median of the runs; the other scores: the worst run; CLS: the largest."""
    row = {c: min(r[c] for r in runs) for c in CATEGORIES[1:]}
    for key in ("performance", "FCP ms", "TBT ms"):
        row[key] = statistics.median(r[key] for r in runs)
    row["CLS"] = max(r["CLS"] for r in runs)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (medians; the other scores: the worst run)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site to audit (default: site/)")
    parser.add_argument("--baseline", type=Path, help="another built site, audited in turn with --site")
    parser.add_argument("--page", action="append", help="a path to audit instead of the page types (repeatable)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        build(args.site)
    if args.baseline and not (args.baseline / "index.html").exists():
        parser.error(f"{args.baseline}: no built site there (index.html is missing)")
    pages = {path: path for path in args.page} if args.page else PAGES
    browser = chromium_path()
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.executable_path
    sites = [args.baseline, args.site] if args.baseline else [args.site]
    servers = [serve(site) for site in sites]
    print(f"Lighthouse (mobile), {args.runs} run(s) per page, performance = median")
    if args.baseline:
        print(f"each figure: {args.baseline} -> {args.site}, audited in turn")
    columns = (*CATEGORIES, "FCP ms", "TBT ms", "CLS")
    print(f"\n{'page':<16}{'lang':<6}" + "".join(f"{c:>16}" for c in columns))
    try:
        for name, path in pages.items():
            for lang in ("ko", "en"):
                runs = [[] for _ in servers]
                for _ in range(args.runs):
                    for (_, base), site_runs in zip(servers, runs, strict=True):
                        site_runs.append(lighthouse(base + PREFIXES[lang] + path, browser))
                rows = [summary(site_runs) for site_runs in runs]
                cells = {key: " -> ".join(f"{row[key]:g}" for row in rows) for key in rows[0]}
                print(f"{name:<16}{lang:<6}" + "".join(f"{cells[c]:>16}" for c in columns), flush=True)
    finally:
        for server, _ in servers:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
