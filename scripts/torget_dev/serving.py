"""A built site served on localhost, as docs/deploying.md sets up a host.

For the scripts that open a built site in a browser (``scripts/bench``,
``scripts/lighthouse``, ``scripts/search_figures.py``, the screenshot and
relevance scripts); the site itself never needs a server of its own.

- :class:`StaticHandler`: the files as they are (``.wasm`` as
  ``application/wasm``), without a request log. The benchmark measures
  with it: no policy (Pagefind's WebAssembly needs ``wasm-unsafe-eval``)
  and no cache headers (every measured context starts with an empty cache).
- :class:`DeployedHandler`: the same with the response headers
  docs/deploying.md recommends: its Content-Security-Policy
  (:data:`POLICY`), the ``Cache-Control`` of its table
  (:func:`cache_control`), ``X-Content-Type-Options: nosniff``, UTF-8 for
  JavaScript and JSON (the vendored Swedish stemmer has literal å, ä, ö),
  and the site's own ``404.html`` for a missing path.
- :class:`CompressedHandler`: the same, with text files gzip-compressed
  for a client that accepts it, as deploying.md's server examples do
  (``scripts/lighthouse`` measures with it: a phone on slow 4G would
  otherwise wait for three times the bytes a real host sends).
- :func:`serve`: one of them on 127.0.0.1 at a free port, in a thread,
  as a context manager that gives the base URL.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The Content-Security-Policy of docs/deploying.md (tests/test_serving.py checks
#: that the document shows exactly this one).
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
IMMUTABLE = "public, max-age=31536000, immutable"
#: Content-hashed search files: term shards, document chunks, title files, typo vocabulary.
_HASHED = re.compile(r"^/search/[a-z]\.[0-9a-f]{6,}\.([^/]*\.)?json$")


def cache_control(path: str) -> str:
    """The ``Cache-Control`` docs/deploying.md gives the file at URL path ``path``."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    if _HASHED.match(path) or path.startswith("/theme/vendor/"):
        return IMMUTABLE
    if path.startswith(("/theme/css/", "/theme/js/")):
        return "public, max-age=3600"
    return "public, max-age=300"


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """A folder's files as they are, without a request log."""

    # Decap CMS reads /admin/config.yml only when it is served as YAML
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".yml": "text/yaml; charset=utf-8"}

    def log_message(self, *args) -> None:
        pass


class DeployedHandler(StaticHandler):
    """A folder's files with the headers of docs/deploying.md."""

    extensions_map = {
        **StaticHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json; charset=utf-8",
    }

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", cache_control(self.path))
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        """A missing path gets the site's own 404 page, as on the host."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class CompressedHandler(DeployedHandler):
    """:class:`DeployedHandler` with text files sent gzip-compressed."""

    #: The suffixes deploying.md's examples compress.
    COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"})

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if (path.suffix not in self.COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(folder: Path, handler: type[StaticHandler] = DeployedHandler) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL
    (``http://127.0.0.1:PORT``, no trailing slash) and stops on exit."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
