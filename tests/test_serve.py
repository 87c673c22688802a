"""`make serve`'s command: `mkdocs serve` builds the site with the hook and serves every kind of
file the site has, skipping only the stylesheet purge (a production-build step)."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import MATERIAL_CSS, MKDOCS, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_mkdocs_serve_serves_pages_exports_and_short_links(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, log.read_text()
            try:
                status, home = fetch(base)
                break
            except OSError:
                assert time.monotonic() < deadline, "mkdocs serve did not answer in 120 s"
                time.sleep(0.5)
        assert status == 200 and "Deep Learning for LLMs" in home
        for path in ["core/neural-network/", "inference/temperature/", "glossary.json",
                     "objects.inv", "assets/demos/bpe.json", "assets/demos/demos.css"]:
            assert fetch(base + path)[0] == 200, path
        status, short = fetch(base + "t/rlhf/")
        assert status == 200 and 'url=../../training/rlhf/"' in short
        # Serving skips PurgeCSS: pages link Material's own stylesheets, and those are served.
        sheets = re.findall(r'href="([^"]*assets/stylesheets/(?:main|palette)\.[^"]+)"', home)
        assert sorted(Path(sheet).name for sheet in sheets) == sorted(
            path.name for path in MATERIAL_CSS.glob("*.min.css")), sheets
        for sheet in sheets:
            assert fetch(base + sheet)[0] == 200, sheet
    finally:
        server.terminate()
        server.wait(timeout=30)
