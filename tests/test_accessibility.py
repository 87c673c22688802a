"""axe-core (from node_modules, offline) on every page of the built site, in the light and the
dark palette: no violations of WCAG 2.x A/AA or axe's best practices."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import content_pages

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """() => axe.run(document, {resultTypes: ['violations']}).then((r) =>
    r.violations.map((v) => [v.id, v.help, v.nodes.slice(0, 5).map((n) => n.target.join(' '))]))"""
SCHEMES = {"light": "default", "dark": "slate"}


def axe_violations(browser, site_server: str, paths: list[str], preference: str) -> list[str]:
    """Every violation on the given pages, one line each, with the palette checked first."""
    context = browser.new_context(color_scheme=preference)
    context.add_init_script(path=str(AXE))
    tab = context.new_page()
    found: list[str] = []
    try:
        for path in paths:
            tab.goto(site_server + path)
            if tab.locator(".dl-demo").count():
                tab.wait_for_selector(".dl-demo:not([data-mounted='loading'])")
            scheme = tab.evaluate("document.body.dataset.mdColorScheme")
            assert scheme == SCHEMES[preference], (path, scheme)
            for rule, help_text, targets in tab.evaluate(RUN_AXE):
                found.append(f"/{path} [{preference}] {rule}: {help_text} at {targets}")
    finally:
        context.close()
    return found


@pytest.mark.parametrize("preference", list(SCHEMES))
def test_every_page_passes_axe(browser, site_server: str, built_site: Path,
                               preference: str) -> None:
    paths = content_pages(built_site)
    violations = axe_violations(browser, site_server, paths, preference)
    assert not violations, "\n".join(violations)


def test_axe_harness_reports_a_real_violation(browser, site_server: str, built_site: Path) -> None:
    """The harness can fail: an image without alt text injected into a page is reported."""
    context = browser.new_context()
    context.add_init_script(path=str(AXE))
    context.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        " const img = document.createElement('img'); img.src = 'assets/favicon.svg';"
        " document.querySelector('article').append(img); });")
    tab = context.new_page()
    try:
        tab.goto(site_server)
        rules = [rule for rule, _, _ in tab.evaluate(RUN_AXE)]
    finally:
        context.close()
    assert "image-alt" in rules
