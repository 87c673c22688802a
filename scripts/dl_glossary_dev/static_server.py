"""A static file server for the built site, like a real static host: optional gzip, the
headers of `_headers`, `404.html` with status 404 for unknown paths (as GitHub Pages, Netlify and
Cloudflare Pages answer), and the site under a sub-path. Used by the browser tests and the
benchmarks; runs in a thread."""

from __future__ import annotations

import contextlib
import functools
import gzip
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dl_glossary.postprocess.headers import HEADERS_FILE, headers_for, parse_headers

#: Content types worth compressing, as static hosts and CDNs do.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "text/javascript")


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves files quietly; adds `_headers` rules and gzip when the server asks for them."""

    rules: list[tuple[str, list[tuple[str, str]]]] = []  # noqa: RUF012 - set per server class
    compress = False
    not_found: Path | None = None  # the page sent with status 404 for unknown paths
    prefix = "/"  # the URL path the site is served under

    def translate_path(self, path: str) -> str:
        """The file for a URL path under the prefix; a missing file for any other path."""
        url_path = urlsplit(path).path
        if not url_path.startswith(self.prefix):
            return os.path.join(self.directory, ".outside-the-served-path")
        return super().translate_path(path[len(self.prefix) - 1 :])

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """A 404 sends the site's own 404 page (when the server has one), as static hosts do."""
        if code != 404 or self.not_found is None:
            super().send_error(code, message, explain)
            return
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return

    def end_headers(self) -> None:
        for name, value in headers_for(self.rules, unquote(urlsplit(self.path).path)).items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):  # type: ignore[override]
        """Like the base class, but gzip-encodes compressible files if the client accepts it."""
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class redirects to the slash form
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not path.is_file() or not ctype.startswith(COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _BytesFile(body)


class _BytesFile:
    """The minimal file object `SimpleHTTPRequestHandler.do_GET` copies and closes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        chunk, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return chunk

    def close(self) -> None:
        self.data = b""


@contextlib.contextmanager
def serve(root: Path, *, with_headers: bool = False, compress: bool = False,
          not_found: bool = False, prefix: str = "/") -> Iterator[str]:
    """Serve root on a free loopback port until the block ends; yields the base URL.

    not_found: answer unknown paths with root/404.html and status 404; prefix: serve the site
    under this URL path (such as "/guide/"), as a host does for a project site.
    """
    rules = parse_headers((root / HEADERS_FILE).read_text(encoding="utf-8")) if with_headers else []
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    page = root / "404.html" if not_found else None
    handler = type("Handler", (SiteHandler,), {"rules": rules, "compress": compress,
                                               "not_found": page, "prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
