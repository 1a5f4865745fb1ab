"""Run Express snippets against requests, all cases in one `node` process.

A snippet is CommonJS that requires express and defines `const app = express()` and its routes,
without `app.listen`; express_runner.cjs appends `module.exports = app`, serves each case on
127.0.0.1 (a free port) and sends its request with node:http, so redirects are not followed.

    run_all([{"id": "201", "source": "...",
              "request": {"method": "POST", "target": "/articles", "headers": [], "body": ""}}])
    -> [{"id": "201", "status": 201, "headers": [["location", "/articles/42"], ...], "body": "..."}]

A case that fails to load or gets no response comes back as {"id": ..., "error": "..."}; the others
still run. Node runs with --throw-deprecation, so a deprecated Express call answers 500. The runner
sends the case's headers as given, with Host and Content-Length set from the target and the body.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("express_runner.cjs")
RUN_TIMEOUT = 300  # seconds for all cases together


class NodeNotFoundError(RuntimeError):
    pass


def run_all(cases: list[dict]) -> list[dict]:
    """Serve each case's request with its snippet; results come back in the order of `cases`."""
    if not cases:
        return []
    node = shutil.which("node")
    if node is None:
        raise NodeNotFoundError("Node.js is missing: install it with `apt-get install nodejs`.")
    if not (ROOT / "node_modules" / "express").is_dir():
        raise RuntimeError("express is not installed: run `npm ci` in the repository root.")
    proc = subprocess.run(
        [node, "--throw-deprecation", str(RUNNER.relative_to(ROOT))],
        cwd=ROOT,
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the Express snippet runner failed:\n{proc.stderr}")
    return json.loads(proc.stdout)
