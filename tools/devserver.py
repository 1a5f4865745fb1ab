"""`mkdocs serve` on a copy of the project, for the tests and the benchmark: start it, watch its
log, stop it. Also the copy itself: the project's sources without environments or build output.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def copy_project(target: Path) -> Path:
    """A copy of the project's sources (no environments, build output or generated pages), for
    tests and benchmarks that must change data or config without touching the real project."""
    top = {".venv", "node_modules", ".git", "site"}
    generated = {ROOT / "docs" / "ko", ROOT / "docs" / "en"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        skipped = {name for name in names if name in ("__pycache__", ".pytest_cache", ".ruff_cache")}
        skipped |= {name for name in names if here / name in generated}
        if here == ROOT:  # build output and environments live at the top only
            skipped |= {name for name in names if name in top or name.startswith("site.")}
        return skipped

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


class DevServer:
    """`mkdocs serve` in `project`; every line of its log is kept with the time it arrived."""

    def __init__(self, project: Path, port: int | None = None):
        self.port = port or 18000 + os.getpid() % 1000
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: list[tuple[float, str]] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in iter(self.process.stdout.readline, ""):
            self.lines.append((time.perf_counter(), line))

    def count(self, pattern: str) -> int:
        return sum(bool(re.search(pattern, line)) for _, line in list(self.lines))

    def wait_for(self, pattern: str, count: int = 1, timeout: float = 120) -> float:
        """Wait until `pattern` has appeared `count` times; returns when it last appeared."""
        deadline = time.monotonic() + timeout
        while True:
            found = [stamp for stamp, line in list(self.lines) if re.search(pattern, line)]
            if len(found) >= count:
                return found[count - 1]
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve: no '{pattern}' in time:\n{self.log(30)}")
            time.sleep(0.1)

    def log(self, last: int = 0) -> str:
        return "".join(line for _, line in self.lines[-last:])

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=10)  # the log up to the end of the process
        self.process.stdout.close()

    def __enter__(self) -> DevServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
