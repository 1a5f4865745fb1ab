"""`mkdocs serve` (make serve): one edit of data/codes.toml gives one build and one browser reload,
with the change on the served page; a broken edit reports its problems and the server carries on
once the data is fixed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.request

from scripts.build import copy_project


def test_editing_the_data_reloads_once_without_a_rebuild_loop(tmp_path):
    project = tmp_path / "project"
    copy_project(project)
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(iter(server.stdout.readline, "")), daemon=True).start()

    def wait_for(pattern: str, count: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while sum(bool(re.search(pattern, line)) for line in list(log)) < count:
            assert time.monotonic() < deadline, "".join(log[-30:])
            assert server.poll() is None, "".join(log[-30:])
            time.sleep(0.2)

    def page(path: str) -> str:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=30).read().decode("utf-8")

    try:
        wait_for(r"Serving on", 1)
        data = project / "data" / "codes.toml"
        original = data.read_text(encoding="utf-8")
        data.write_text(original.replace('phrase = "Not Found"', 'phrase = "Not Found Anymore"', 1), encoding="utf-8")
        wait_for(r"Reloading browsers", 1)
        time.sleep(4)  # a rebuild loop would have started by now
        assert sum("Reloading browsers" in line for line in log) == 1, "".join(log)
        assert "404 Not Found Anymore" in page("codes/404/")
        assert "404 Not Found Anymore" in page("en/codes/404/")

        data.write_text(original.replace('phrase = "Not Found"', 'phrase = ""', 1), encoding="utf-8")
        wait_for(r"codes\[404\]\.phrase: empty text", 1)
        assert server.poll() is None  # still running
        data.write_text(original, encoding="utf-8")
        wait_for(r"Reloading browsers", 2)
        assert "404 Not Found (" in page("codes/404/")
    finally:
        server.terminate()
        server.wait(timeout=30)
