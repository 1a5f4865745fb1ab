"""`mkdocs serve` (make serve): one edit of data/codes.toml gives one build and one browser reload,
with the change on the served page; a broken edit reports its problems and the server carries on
once the data is fixed."""

from __future__ import annotations

import time
import urllib.request

import pytest

from tools.devserver import DevServer, copy_project


@pytest.mark.slow
def test_editing_the_data_reloads_once_without_a_rebuild_loop(tmp_path):
    project = copy_project(tmp_path / "project")

    def page(server: DevServer, path: str) -> str:
        return urllib.request.urlopen(server.url(path), timeout=30).read().decode("utf-8")

    with DevServer(project) as server:
        server.wait_for(r"Serving on")
        data = project / "data" / "codes.toml"
        original = data.read_text(encoding="utf-8")
        data.write_text(original.replace('phrase = "Not Found"', 'phrase = "Not Found Anymore"', 1), encoding="utf-8")
        server.wait_for(r"Reloading browsers")
        time.sleep(4)  # a rebuild loop would have started by now
        assert server.count(r"Reloading browsers") == 1, server.log()
        assert "404 Not Found Anymore" in page(server, "codes/404/")
        assert "404 Not Found Anymore" in page(server, "en/codes/404/")

        data.write_text(original.replace('phrase = "Not Found"', 'phrase = ""', 1), encoding="utf-8")
        server.wait_for(r"codes\[404\]\.phrase: empty text")
        assert server.process.poll() is None  # still running
        data.write_text(original, encoding="utf-8")
        server.wait_for(r"Reloading browsers", 2)
        assert "404 Not Found (" in page(server, "codes/404/")
