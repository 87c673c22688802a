"""Every URL the site has published keeps working: tests/published_urls.txt lists them (append
only), and each resolves in the built site to a page, a file or a redirect to a page."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, content_pages

LIST = ROOT / "tests" / "published_urls.txt"
_REFRESH = re.compile(r'http-equiv="refresh" content="0; url=([^"]+)"')


def published() -> list[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def resolve(site: Path, url: str) -> str | None:
    """Why a site-relative URL does not resolve in the built site (None when it does)."""
    path = site / url.lstrip("/")
    target = path / "index.html" if url.endswith("/") else path
    if not target.is_file():
        return f"{url}: no {target.relative_to(site).as_posix()}"
    refresh = _REFRESH.search(target.read_text(encoding="utf-8", errors="replace"))
    if refresh is None:
        return None
    goal = (target.parent / refresh.group(1)).resolve()
    goal = goal / "index.html" if refresh.group(1).endswith("/") else goal
    return None if goal.is_file() else f"{url}: redirects to missing {refresh.group(1)}"


def test_every_published_url_resolves(built_site: Path) -> None:
    assert [problem for url in published() if (problem := resolve(built_site, url))] == []


def test_every_page_is_in_the_published_list(built_site: Path) -> None:
    """New pages and short links are published once built: add them to the list."""
    known = set(published())
    pages = ["/" + p for p in content_pages(built_site)]
    short = sorted("/" + p.relative_to(built_site).as_posix().removesuffix("index.html")
                   for p in (built_site / "t").glob("*/index.html"))
    missing = [url for url in pages + short if url not in known]
    assert missing == [], "append these lines to tests/published_urls.txt:\n" + "\n".join(missing)


def test_a_missing_page_is_reported(tmp_path: Path) -> None:
    """The resolver fails on a URL with nothing behind it, and on a redirect to nowhere."""
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text(
        '<meta http-equiv="refresh" content="0; url=../new/">', encoding="utf-8")
    assert resolve(tmp_path, "/gone/") == "/gone/: no gone/index.html"
    assert resolve(tmp_path, "/old/") == "/old/: redirects to missing ../new/"
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "index.html").write_text("<p>here</p>", encoding="utf-8")
    assert resolve(tmp_path, "/old/") is None
