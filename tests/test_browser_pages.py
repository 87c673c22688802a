"""Every page of the built site in Chromium: no request to another host, no console error, no
failed request, no HTTP error and no in-page demo that fails to mount."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from conftest import DEMOS_MOUNTED, content_pages

#: After `load`, wait this long for late requests (search index, demo modules, workers).
SETTLE_MS = 150


def visit(page, url: str, lands_on: str | None = None) -> list[str]:
    """Problems seen while loading one URL (and, for a redirect, the page it lands on)."""
    watch = page.watch
    page.goto("about:blank")  # requests the previous page still had open are cancelled here
    for log in (watch.console_errors, watch.failed_requests, watch.foreign_requests):
        log.clear()
    bad_status: list[str] = []

    def on_response(response) -> None:
        if response.status >= 400:
            bad_status.append(f"HTTP {response.status} {response.url}")

    page.on("response", on_response)
    try:
        page.goto(url, wait_until="load")
        if lands_on is not None:
            page.wait_for_url(lands_on, wait_until="load")
        page.wait_for_function(DEMOS_MOUNTED)
        failed_demos = page.eval_on_selector_all(
            ".dl-demo[data-mounted='failed']", "els => els.map((el) => el.dataset.demo)")
        page.wait_for_timeout(SETTLE_MS)
    finally:
        page.remove_listener("response", on_response)
    return ([f"demo did not mount: {name}" for name in failed_demos]
            + [f"console error: {m}" for m in watch.console_errors]
            + [f"failed request: {u}" for u in watch.failed_requests]
            + [f"request to another host: {u}" for u in watch.foreign_requests]
            + bad_status)


def test_every_page_loads_cleanly(page, site_server: str, built_site: Path) -> None:
    paths = content_pages(built_site)
    assert len(paths) > 100
    problems = []
    for path in paths:
        problems += [f"/{path}: {problem}" for problem in visit(page, site_server + path)]
    assert not problems, "\n".join(problems)


def test_short_links_land_on_their_pages(page, site_server: str, built_site: Path) -> None:
    samples = sorted(p.parent.name for p in (built_site / "t").glob("*/index.html"))[::40]
    assert samples
    for slug in samples:
        stub = (built_site / "t" / slug / "index.html").read_text(encoding="utf-8")
        target = urlsplit(re.search(r'rel="canonical" href="([^"]+)"', stub)[1]).path
        problems = visit(page, f"{site_server}t/{slug}/", lands_on=lambda u: "/t/" not in u)
        assert not problems, (slug, problems)
        assert urlsplit(page.url).path == target, slug


def test_a_page_asking_another_host_is_caught(page, site_server: str) -> None:
    """The watcher itself works: an injected foreign image is recorded and blocked."""
    page.goto(site_server)
    page.evaluate("""() => new Promise((done) => {
        const img = new Image();
        img.onload = img.onerror = done;
        img.src = 'https://example.com/pixel.png';
        document.body.append(img);
    })""")
    assert page.watch.foreign_requests == ["https://example.com/pixel.png"]
