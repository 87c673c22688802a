"""axe-core (from node_modules, offline) on every page of the built site, in the light and the
dark palette, and on the states a reader brings about (a preview shown, a link copied, search
open): no violations of WCAG 2.0, 2.1 or 2.2 at level A or AA, nor of axe's best practices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import DEMOS_MOUNTED, content_pages

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
#: Naming the tags also runs the rules axe leaves off by default, such as WCAG 2.2's target-size.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations']}).then((r) => r.violations.map((v) => [v.id, v.help,
    v.nodes.map((n) => [n.target.join(' '), [...n.any, ...n.all, ...n.none]
        .map((c) => c.message).filter(Boolean).join('; ')])]))"""
#: Colour transitions (hover, focus) are measured half-way unless axe waits for them to end.
TRANSITIONS_DONE = """() => document.getAnimations().every((a) => a.playState !== 'running'
    || !Number.isFinite(a.effect.getComputedTiming().endTime))"""
#: Material keeps the reader's palette in localStorage under `<scope path>.__palette`; the test
#: server serves the site at the root, so the scope is "/".
PALETTE_KEY = "/.__palette"
SCHEMES = {"light": "default", "dark": "slate"}


def palette_choice(site: Path, scheme: str) -> dict:
    """What Material stores when a reader picks the palette entry with `scheme` (mkdocs.yml)."""
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    for index, option in enumerate(soup.select('input.md-option[name="__palette"]')):
        if (option.get("data-md-color-scheme") == scheme
                and option.get("data-md-color-media") != "(prefers-color-scheme)"):
            keys = ("media", "scheme", "primary", "accent")
            return {"index": index, "color": {k: option[f"data-md-color-{k}"] for k in keys}}
    raise AssertionError(f"mkdocs.yml has no palette entry with scheme {scheme!r}")


def new_tab(browser, site: Path, preference: str, **options):
    """A tab in a fresh context: system colour scheme emulated and the palette chosen to match."""
    palette = palette_choice(site, SCHEMES[preference])
    choice = json.dumps(palette)
    context = browser.new_context(color_scheme=preference,
                                  viewport={"width": 1280, "height": 900}, **options)
    context.add_init_script(
        f"try {{ localStorage.setItem({json.dumps(PALETTE_KEY)}, {json.dumps(choice)}); }}"
        " catch (e) {}")
    # axe goes in with every page as an init script: sent to Chromium once, not once a page.
    context.add_init_script(path=str(AXE))
    tab = context.new_page()
    tab.palette_input = f"__palette_{palette['index']}"  # type: ignore[attr-defined]
    return context, tab


def run_axe(tab, label: str, preference: str) -> list[str]:
    """Check the palette of the loaded page, run axe on it and list every violation."""
    # Material shows the toggle that follows the current palette's radio input.
    scheme, current = tab.evaluate("""() => [document.body.dataset.mdColorScheme,
        document.querySelector('label[for^="__palette"]:not([hidden])')
            ?.previousElementSibling?.id]""")
    assert (scheme, current) == (SCHEMES[preference], tab.palette_input), (label, preference)
    tab.wait_for_function(TRANSITIONS_DONE)
    return [f"{label} [{preference}] {rule} ({help_text}):"
            + "".join(f"\n    {target}: {why}" for target, why in nodes)
            for rule, help_text, nodes in tab.evaluate(RUN_AXE, TAGS)]


@pytest.mark.parametrize("preference", list(SCHEMES))
def test_every_page_passes_axe(browser, site_server: str, built_site: Path,
                               preference: str) -> None:
    paths = content_pages(built_site)
    assert len(paths) > 100
    context, tab = new_tab(browser, built_site, preference)
    violations: list[str] = []
    try:
        for path in paths:
            tab.goto(site_server + path)
            tab.wait_for_function(DEMOS_MOUNTED)
            violations += run_axe(tab, "/" + path, preference)
    finally:
        context.close()
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("preference", list(SCHEMES))
def test_interactive_states_pass_axe(browser, site_server: str, built_site: Path,
                                     preference: str) -> None:
    """A concept page with a diagram, previews, copy link and backlinks, as a reader uses it."""
    path = "transformer/self-attention/"
    context, tab = new_tab(browser, built_site, preference,
                           permissions=["clipboard-read", "clipboard-write"])
    violations: list[str] = []
    try:
        tab.goto(site_server + path)
        assert tab.locator("figure.diagram svg").count()
        assert tab.locator("#referenced-by").count()
        tab.locator("article a[data-preview]").first.hover()
        tab.locator("#dl-preview").wait_for(state="visible")
        violations += run_axe(tab, f"/{path} (preview shown)", preference)
        tab.locator("button.dl-copy-link").click()
        tab.locator(".dl-copy-status", has_text="Link copied").wait_for()
        violations += run_axe(tab, f"/{path} (link copied)", preference)
        tab.keyboard.press("/")
        tab.locator("input.md-search__input").press_sequentially("atten")
        tab.locator(".md-search-result__item").first.wait_for()
        tab.wait_for_function("document.querySelector('.md-search__suggest').textContent !== ''")
        violations += run_axe(tab, f"/{path} (search results)", preference)
    finally:
        context.close()
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("preference", list(SCHEMES))
def test_first_visit_follows_the_system_scheme(browser, site_server: str,
                                               preference: str) -> None:
    """With nothing stored, the palette follows the system, so the two checked above are the
    ones readers get."""
    context = browser.new_context(color_scheme=preference)
    try:
        tab = context.new_page()
        tab.goto(site_server)
        tab.wait_for_function(
            f"document.body.dataset.mdColorScheme === '{SCHEMES[preference]}'", timeout=5000)
    finally:
        context.close()


def test_axe_harness_reports_real_violations(browser, site_server: str, built_site: Path) -> None:
    """The harness can fail: an image without alt text and two touching 10-pixel buttons added
    to a page are reported (the second by target-size, which axe runs only when asked)."""
    context, tab = new_tab(browser, built_site, "light")
    try:
        tab.goto(site_server)
        tab.evaluate("""() => {
            const article = document.querySelector('article');
            const img = document.createElement('img');
            img.src = 'assets/favicon.svg';
            article.append(img);
            for (const name of ['a', 'b']) {
                const button = document.createElement('button');
                button.setAttribute('aria-label', name);
                button.style.cssText = 'width: 10px; height: 10px; padding: 0; margin: 0';
                article.append(button);
            }
        }""")
        found = run_axe(tab, "/", "light")
    finally:
        context.close()
    assert any(line.startswith("/ [light] image-alt ") for line in found), found
    assert any(line.startswith("/ [light] target-size ") for line in found), found
