"""Each language's search index, prepared at build time by scripts/searchindex.mjs (Node runs
Material's own search worker over the entries), so the browser has nothing to index on a reader's
first query. Without Node, or if the Node script fails, the site is built all the same and the
browser indexes the entries itself, as before (slower first query): a warning says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SCRIPT = Path(__file__).with_name("searchindex.mjs")


def warn(message: str) -> None:
    # Not through MkDocs' logger: `mkdocs build --strict` would turn it into a failed build.
    print(f"WARNING -  search: {message}; the browser will index the entries on the first query", file=sys.stderr)


def prebuild(site: Path, entries: dict[str, dict], node: str | None = "node") -> dict[str, dict]:
    """Language -> its prebuilt index (the format is described in searchindex.mjs), for each
    language of `entries` (language -> {"config", "docs"}), or {} when it cannot be done."""
    node = node and shutil.which(node)
    workers = sorted((site / "assets/javascripts/workers").glob("search.*.min.js"))
    if not node:
        warn("Node.js (node) was not found")
        return {}
    if len(workers) != 1:
        warn(f"expected one Material search worker in {site}/assets/javascripts/workers, found {len(workers)}")
        return {}

    def run(lang: str) -> dict:
        result = subprocess.run(
            [node, str(SCRIPT), str(workers[0])],
            input=json.dumps({lang: entries[lang]}, ensure_ascii=False),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=600,
        )
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines() or ["no output"]
            raise RuntimeError(next((line for line in lines if "Error" in line), lines[-1]).strip())
        return json.loads(result.stdout)[lang]

    # One Node process per language, side by side: each takes a second or two.
    with ThreadPoolExecutor(len(entries) or 1) as pool:
        futures = {lang: pool.submit(run, lang) for lang in entries}
    try:
        return {lang: future.result() for lang, future in futures.items()}
    except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as error:
        warn(f"{SCRIPT.name} failed ({error})")
        return {}
