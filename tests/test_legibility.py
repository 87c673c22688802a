"""On a phone (390 px wide, touch screen), every page with an in-page demo, a chart or a diagram
is legible: all text at least 13 CSS px tall as rendered (SVG text: font size times the scale
the SVG is drawn at), every demo control at least 40 px tall, nothing wider than the column;
and axe finds nothing in them, in the light and the dark palette."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import content_pages

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = {"width": 390, "height": 844}
MIN_TEXT_PX = 13
MIN_CONTROL_PX = 40
SCOPE = ".dl-demo, figure.diagram"

#: Every visible piece of text in the demos and diagrams, with its rendered height in CSS px.
TEXT_SIZES = """(scope) => {
  const found = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const el of root.querySelectorAll('*')) {
      if (!el.checkVisibility({visibilityProperty: true})) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGTextElement || el instanceof SVGTSpanElement) {
        if (!el.textContent.trim()) continue;
        const m = el.getScreenCTM();
        found.push([el.tagName, el.textContent.trim().slice(0, 40), size * Math.hypot(m.a, m.b)]);
      } else if (!(el instanceof SVGElement)) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (own || el.matches('input, select, textarea, button')) {
          found.push([el.tagName, (el.value ?? el.textContent).trim().slice(0, 40), size]);
        }
      }
    }
  }
  return found;
}"""

#: Height of every visible demo control (a checkbox counts with its label, the touch target).
CONTROL_HEIGHTS = """() => [...document.querySelectorAll(
    '.dl-demo :is(input, select, textarea, button, summary)')]
  .filter((el) => el.checkVisibility())
  .map((el) => {
    let h = el.getBoundingClientRect().height;
    if (el.type === 'checkbox' || el.type === 'radio') {
      h = Math.max(h, ...[...el.labels].map((l) => l.getBoundingClientRect().height));
    }
    return [el.tagName, el.name || el.textContent.trim().slice(0, 30), h];
  })"""

#: Demos and figures whose content is wider than they are (a sideways overflow).
OVERFLOWING = """(scope) => [...document.querySelectorAll(scope)]
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .map((el) => [el.className, el.scrollWidth, el.clientWidth])"""


@pytest.fixture(scope="module")
def visual_pages(built_site: Path) -> list[str]:
    """Every built page with a demo or a diagram."""
    pages = [path for path in content_pages(built_site) if path.endswith("/")
             and any(marker in (built_site / path / "index.html").read_text(encoding="utf-8")
                     for marker in ('class="dl-demo"', '<figure class="diagram"'))]
    for expected in ("inference/temperature/", "tokenization/token/", "fine-tuning/lora/",
                     "core/neural-network/", "transformer/transformer/", "training/pre-training/"):
        assert expected in pages
    return pages


def settle(tab) -> None:
    """Scroll every demo into view (they mount near the viewport), wait until all are mounted,
    and open every "Show the numbers" table."""
    for demo in tab.locator(".dl-demo").all():
        demo.scroll_into_view_if_needed()
    tab.wait_for_function("""() => [...document.querySelectorAll('.dl-demo')]
        .every((el) => el.dataset.mounted === 'ready')""")
    tab.evaluate("document.querySelectorAll('.dl-demo details').forEach((d) => { d.open = true; })")


@pytest.fixture
def phone(browser):
    """A 390 px wide touch screen (pointer: coarse), without mobile text autosizing."""
    context = browser.new_context(viewport=PHONE, has_touch=True)
    tab = context.new_page()
    assert tab.evaluate("matchMedia('(pointer: coarse)').matches")
    yield tab
    context.close()


def test_text_is_at_least_13_px_and_controls_40_px_on_a_phone(phone, site_server: str,
                                                                visual_pages: list[str]) -> None:
    small, short, wide = [], [], []
    measured = 0
    for path in visual_pages:
        phone.goto(site_server + path)
        settle(phone)
        texts = phone.evaluate(TEXT_SIZES, SCOPE)
        measured += len(texts)
        small += [(path, tag, text, round(px, 1)) for tag, text, px in texts if px < MIN_TEXT_PX]
        controls = phone.evaluate(CONTROL_HEIGHTS)
        short += [(path, tag, name, round(px, 1)) for tag, name, px in controls
                  if px < MIN_CONTROL_PX - 0.5]
        wide += [(path, *row) for row in phone.evaluate(OVERFLOWING, SCOPE)]
    assert measured > 300
    assert not small, small
    assert not short, short
    assert not wide, wide


def test_diagrams_switch_to_their_narrow_layout_on_a_phone(phone, site_server: str,
                                                           visual_pages: list[str]) -> None:
    """Where a diagram has a narrow variant, a phone shows it (and only it)."""
    seen = 0
    for path in visual_pages:
        phone.goto(site_server + path)
        for figure in phone.locator("figure.diagram").all():
            shown = figure.locator("svg").evaluate_all(
                "svgs => svgs.filter((s) => s.checkVisibility()).map((s) => s.className.baseVal)")
            if figure.locator("svg.dg-narrow").count():
                seen += 1
                assert shown == ["dg-narrow"], path
    assert seen >= 5


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_demos_and_diagrams_pass_axe_on_a_phone(browser, site_server: str,
                                                visual_pages: list[str], scheme: str) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    tab = context.new_page()
    failures = []
    try:
        for path in visual_pages:
            tab.goto(site_server + path)
            settle(tab)
            found = tab.evaluate(
                """([scope, tags]) => axe.run({include: scope.split(', ').map((s) => [s])},
                    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                  .then((r) => r.violations.map((v) =>
                    [v.id, v.nodes.map((n) => n.target.join(' '))]))""",
                [SCOPE, TAGS])
            failures += [(path, rule, nodes) for rule, nodes in found]
    finally:
        context.close()
    assert not failures, failures


#: Each demo's reserved height (before it mounts) and its box's height once mounted.
RESERVED = """() => [...document.querySelectorAll('.dl-demo')].map((el) => [el.dataset.demo,
    parseFloat(getComputedStyle(el).minHeight),
    el.querySelector('.dl-demo__box').getBoundingClientRect().height])"""


@pytest.mark.parametrize("width", [390, 1280])
def test_room_kept_for_each_demo_is_close_to_its_height(browser, site_server: str,
                                                        visual_pages: list[str],
                                                        width: int) -> None:
    """Before a demo mounts, the page keeps room for it, so a link to "Try it" does not shift
    when it appears: at least 80% of its mounted height, never more than all of it."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    rows = []
    try:
        for path in visual_pages:
            tab.goto(site_server + path)
            if not tab.locator(".dl-demo").count():
                continue
            settle(tab)
            tab.evaluate("document.querySelectorAll('.dl-demo details')"
                         ".forEach((d) => { d.open = false; })")
            rows += [(path, *row) for row in tab.evaluate(RESERVED)]
    finally:
        context.close()
    assert len(rows) >= 11
    bad = [(p, d, r, round(h)) for p, d, r, h in rows if not 0.8 * h <= r <= h + 1]
    assert not bad, bad
