"""Looking at the built site as a reader would, for the tests, the benchmark and the audit: a static
server that behaves like GitHub Pages (an optional path prefix for project sites, the root
404.html with status 404 for anything missing, gzip for text files when the client accepts it),
and the Chromium to look with."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import threading
from pathlib import Path

# One page of each type, as readers land on them: what the benchmark and the audit measure.
PAGE_TYPES = {
    "home": "",
    "codes index": "codes/",
    "class": "codes/4xx/",
    "code": "codes/401/",
    "FAQ index": "faq/",
    "FAQ question": "faq/expired-token/",
    "guide": "guide/",
}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    compress = True

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__missing__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(directory: Path, prefix: str = "/", compress: bool = True):
    """Serve `directory` at http://127.0.0.1:<free port><prefix>; returns (server, base URL)."""
    handler = type("Handler", (PagesHandler,), {"prefix": prefix, "compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{prefix}"


def chromium_path() -> str | None:
    """$CHROMIUM, or Debian's Chromium where it exists; None means Playwright's own download."""
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None
