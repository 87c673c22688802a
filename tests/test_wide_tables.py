"""Wide tables at a desk and on a phone: full width, whole parameter names, a sticky first column
and a visible cue when a table scrolls sideways (Chromium at 390 and 1280 px)."""

from __future__ import annotations

import io
import statistics
from pathlib import Path

import pytest
from PIL import Image

from conftest import content_pages

QUICK_REFERENCE = "quick-reference/"
#: Every table of the page after Material has wrapped it, each scrolled into view first (a table
#: out of view is not laid out): sizes, and the code in its cells that breaks onto two lines.
TABLES = """async () => {
    const frame = () => new Promise((done) => requestAnimationFrame(
        () => requestAnimationFrame(done)));
    const found = [];
    for (const t of document.querySelectorAll('article table')) {
        t.scrollIntoView({block: 'start'});
        await frame();
        const wrap = t.closest('.md-typeset__scrollwrap');
        found.push({wrapped: !!wrap, client: wrap ? wrap.clientWidth : 0,
                    scroll: wrap ? wrap.scrollWidth : 0,
                    article: document.querySelector('article').getBoundingClientRect().width,
                    broken: [...t.querySelectorAll('td code, th code')]
                        .filter((c) => c.getClientRects().length > 1).map((c) => c.textContent)});
    }
    return found;
}"""


def table_pages(site: Path) -> list[str]:
    return [p for p in content_pages(site) if p.endswith("/")
            and "<table" in (site / p / "index.html").read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def tab_at(browser):
    """A function that opens a tab of the given width (closed at the end of the module)."""
    contexts = []

    def open_tab(width: int, scheme: str = "light"):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme=scheme)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_code_in_table_cells_never_wraps(tab_at, site_server: str, built_site: Path,
                                         width: int) -> None:
    """On every page with a table, no <code> in a cell breaks onto two lines."""
    tab = tab_at(width)
    pages = table_pages(built_site)
    assert len(pages) > 40
    broken = []
    for path in pages:
        tab.goto(site_server + path)
        broken += [f"{path}: {code}" for t in tab.evaluate(TABLES) for code in t["broken"]]
    assert broken == []


def test_quick_reference_tables_take_the_full_width(tab_at, site_server: str) -> None:
    """At 1280 px the quick reference has no sidebars: its content is over 1,100 px wide and
    every table fits it without scrolling sideways."""
    tab = tab_at(1280)
    tab.goto(site_server + QUICK_REFERENCE)
    tables = tab.evaluate(TABLES)
    assert len(tables) == 8 and all(t["wrapped"] for t in tables)
    assert tables[0]["article"] > 1100
    assert [t["scroll"] <= t["client"] for t in tables] == [True] * 8
    sidebars = tab.evaluate("""() => [...document.querySelectorAll('.md-sidebar')]
        .filter((s) => s.checkVisibility()).length""")
    assert sidebars == 0
    # The list of tables stands in for the hidden contents sidebar.
    jumps = tab.locator("nav.dl-jump a")
    assert jumps.count() == 8
    for i in range(8):
        target = jumps.nth(i).get_attribute("href").partition("#")[2]
        assert tab.locator(f"h2#{target}").count() == 1, target


#: Scroll the page so that an element's top sits just under the header.
SCROLL_TO_TOP = "(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 80)"
STICKY = """(wrap) => {
    const first = wrap.querySelector('tbody tr td:first-child');
    const second = first.nextElementSibling;
    const before = [first.getBoundingClientRect().left, second.getBoundingClientRect().left];
    wrap.scrollLeft = 200;
    const shift = wrap.scrollLeft;
    const after = [first.getBoundingClientRect().left, second.getBoundingClientRect().left];
    const covered = document.elementFromPoint(after[0] + 5, first.getBoundingClientRect().top + 5);
    wrap.scrollLeft = 0;
    return [wrap.getBoundingClientRect().left, shift, before, after, first.contains(covered)];
}"""


def test_first_column_stays_in_view_on_a_phone(tab_at, site_server: str,
                                               built_site: Path) -> None:
    """At 390 px, on every table that scrolls sideways, the first column stays put (and on top)
    while the others scroll under it."""
    tab = tab_at(390)
    scrolled, failures = 0, []
    for path in table_pages(built_site):
        tab.goto(site_server + path)
        wraps = tab.locator(".md-typeset__scrollwrap")
        for i in range(wraps.count()):
            wrap = wraps.nth(i)
            wrap.scroll_into_view_if_needed()  # a table out of view is not laid out
            tab.wait_for_timeout(50)
            if wrap.evaluate("(w) => w.scrollWidth <= w.clientWidth + 1"):
                continue
            scrolled += 1
            wrap.evaluate(SCROLL_TO_TOP)
            left, shift, before, after, on_top = wrap.evaluate(STICKY)
            moved = before[1] - after[1]
            if not (after[0] >= left - 1 and abs(after[0] - before[0]) < 20
                    and abs(moved - shift) < 1 and shift > 0 and on_top):
                failures.append(f"{path} table {i}: first column {before} -> {after}")
    assert scrolled > 20
    assert failures == []


def edge_strip(tab, wrap) -> float:
    """Median lightness of a 4 px strip inside the wrapper's right edge, over its visible rows."""
    wrap.evaluate(SCROLL_TO_TOP)
    box = wrap.bounding_box()
    png = tab.screenshot(clip={"x": box["x"] + box["width"] - 5, "y": box["y"] + 2, "width": 4,
                               "height": min(box["height"] - 4, 700)})
    return statistics.median(Image.open(io.BytesIO(png)).convert("L").tobytes())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_table_that_scrolls_shows_a_cue(tab_at, site_server: str, scheme: str) -> None:
    """At 390 px, each quick-reference table that scrolls shades its right edge while columns
    lie beyond it, and the shade goes once the reader reaches the last column."""
    tab = tab_at(390, scheme)
    tab.goto(site_server + QUICK_REFERENCE)
    wraps = tab.locator(".md-typeset__scrollwrap")
    scrolling = 0
    for i in range(wraps.count()):
        wrap = wraps.nth(i)
        wrap.evaluate(SCROLL_TO_TOP)
        tab.wait_for_timeout(50)
        if not wrap.evaluate("(w) => w.scrollWidth > w.clientWidth + 50"):
            continue
        scrolling += 1
        start = edge_strip(tab, wrap)
        wrap.evaluate("(w) => { w.scrollLeft = w.scrollWidth; }")
        end = edge_strip(tab, wrap)
        wrap.evaluate("(w) => { w.scrollLeft = 0; }")
        # The shade is darker than the page in light, lighter than the page in dark.
        assert abs(start - end) >= 12, f"table {i}: edge {start} before the end, {end} at it"
    assert scrolling >= 6
