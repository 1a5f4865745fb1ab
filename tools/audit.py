"""Lighthouse scores for each page type and language (not part of the timed tests).

    python -m tools.audit [--runs 3] [--site site]     (make audit)

Builds the site if site/ is missing, serves it like GitHub Pages (gzip, root 404.html), runs
Lighthouse 12 (mobile emulation, its default) in headless Chromium on every page type in both
languages, and prints the four category scores; performance is the median of --runs runs.
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
    scores["TBT ms"] = round(data["audits"]["total-blocking-time"]["numericValue"])
    scores["CLS"] = round(data["audits"]["cumulative-layout-shift"]["numericValue"], 3)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; performance is their median")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site to audit (default: site/)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        build(args.site)
    browser = chromium_path()
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.executable_path
    server, base = serve(args.site)
    print(f"Lighthouse (mobile), {args.runs} run(s) per page, performance = median\n")
    print(f"{'page':<22}{'lang':<6}" + "".join(f"{c:>16}" for c in CATEGORIES) + f"{'TBT ms':>9}{'CLS':>8}")
    try:
        for name, path in PAGES.items():
            for lang in ("ko", "en"):
                runs = [lighthouse(base + PREFIXES[lang] + path, browser) for _ in range(args.runs)]
                row = {c: min(r[c] for r in runs) for c in CATEGORIES[1:]}
                row["performance"] = statistics.median(r["performance"] for r in runs)
                tbt, cls = statistics.median(r["TBT ms"] for r in runs), max(r["CLS"] for r in runs)
                print(
                    f"{name:<22}{lang:<6}" + "".join(f"{row[c]:>16g}" for c in CATEGORIES) + f"{tbt:>9g}{cls:>8g}",
                    flush=True,
                )
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
