"""The notebook page read on a phone and at a desk, in both palettes: outputs within the column,
figures with legible text that sit on the page's own background, and a visible download link."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from PIL import Image

PAGE = "notebooks/lora-fine-tuning/"
WIDTHS = [390, 1280]
SCHEMES = ["light", "dark"]
#: In DejaVu Sans (Matplotlib's own font) "Adam step" spans ascender to descender, about 0.97 em,
#: and digits are 0.73 em tall; 12 px text therefore inks at least these heights.
MIN_FONT_PX = 12
LABEL_EM, DIGIT_EM = 0.95, 0.72

#: Every element of the notebook's outputs that pokes out of the content column, and every box
#: that scrolls or clips content wider than itself (a long line). Material's table wrappers reach
#: into the page's side padding by design; the table inside them is checked.
TOO_WIDE = """() => {
    const column = document.querySelector('article').getBoundingClientRect();
    const skip = (el) => el.matches('.md-typeset__scrollwrap, .md-typeset__table');
    return [...document.querySelectorAll('.jp-Cell-outputWrapper, .jp-Cell-outputWrapper *')]
        .filter((el) => !skip(el) && el.getClientRects().length)
        .flatMap((el) => {
            const box = el.getBoundingClientRect(), what = el.tagName + ' ' + el.className;
            const out = [];
            if (box.left < column.left - 1 || box.right > column.right + 1)
                out.push(`${what}: ${Math.round(box.left)}-${Math.round(box.right)}`);
            if (getComputedStyle(el).overflowX !== 'visible'
                    && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
                out.push(`${what}: content ${el.scrollWidth} px in ${el.clientWidth} px`);
            return out;
        });
}"""
#: Load every lazy figure and report its shown and natural widths.
FIGURES = """async () => {
    const imgs = [...document.querySelectorAll('.jp-RenderedImage img')];
    for (const img of imgs) { img.loading = 'eager'; await img.decode(); }
    return imgs.map((img) => [img.getBoundingClientRect().width, img.naturalWidth]);
}"""


def luminance(rgb: tuple[int, ...]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink_bands(png: bytes) -> list[tuple[int, int]]:
    """(top, bottom) pixel rows of the figure's text and lines, from the bottom up: runs of rows
    that hold opaque pixels, separated by empty rows."""
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    alpha = image.getchannel("A").tobytes()
    width = image.width
    inked = [any(alpha[y * width + x] > 128 for x in range(width)) for y in range(image.height)]
    bands, bottom = [], None
    for y in range(image.height - 1, -1, -1):
        if inked[y] and bottom is None:
            bottom = y
        elif not inked[y] and bottom is not None:
            bands.append((y + 1, bottom))
            bottom = None
    return bands


@pytest.fixture(scope="module")
def figures(built_site: Path) -> list[bytes]:
    """The notebook page's figures: the PNG files its images load, next to the page."""
    soup = BeautifulSoup((built_site / PAGE / "index.html").read_text(encoding="utf-8"), "lxml")
    sources = [img["src"] for img in soup.select(".jp-RenderedImage img")]
    assert len(sources) >= 3
    return [(built_site / PAGE / src).read_bytes() for src in sources]


def test_figures_are_files_named_by_their_content(built_site: Path, figures: list[bytes]) -> None:
    """The page's HTML holds no image bytes (it paints before the figures load); each figure is
    a PNG file named by its own hash, lazy-loaded, with its size set."""
    page = (built_site / PAGE / "index.html").read_text(encoding="utf-8")
    assert "data:image" not in page
    soup = BeautifulSoup(page, "lxml")
    for img, png in zip(soup.select(".jp-RenderedImage img"), figures, strict=True):
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert img["src"] == f"figure-{hashlib.sha256(png).hexdigest()[:12]}.png"
        assert img["loading"] == "lazy" and img["width"] and img["height"]


@pytest.fixture(scope="module")
def tab_for(browser, site_server: str):
    """Open the notebook page at a width, in a palette (contexts closed with the module)."""
    contexts = []

    def open_page(width: int, scheme: str = "light"):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme=scheme)
        contexts.append(context)
        tab = context.new_page()
        tab.goto(urljoin(site_server, PAGE))
        return tab

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_output_is_wider_than_the_column(tab_for, width: int) -> None:
    """No printed line, table or figure of the notebook's outputs is wider than the column."""
    tab = tab_for(width)
    tab.evaluate(FIGURES)
    assert tab.evaluate(TOO_WIDE) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_figure_axis_text_is_at_least_12_px(tab_for, figures: list[bytes], width: int) -> None:
    """Measured in each figure's pixels and scaled as shown: the x-axis label is inked at least
    as tall as 12 px text, and so are the tick labels' digits."""
    sizes = tab_for(width).evaluate(FIGURES)
    assert len(sizes) == len(figures)
    for i, (png, (shown, natural)) in enumerate(zip(figures, sizes, strict=True)):
        scale = shown / natural
        (label_top, label_bottom), (ticks_top, ticks_bottom) = ink_bands(png)[:2]
        label = (label_bottom - label_top + 1) * scale
        digits = (ticks_bottom - ticks_top + 1) * scale
        assert label >= MIN_FONT_PX * LABEL_EM, f"figure {i}: axis label {label:.1f} px tall"
        assert digits >= MIN_FONT_PX * DIGIT_EM, f"figure {i}: tick digits {digits:.1f} px tall"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_figures_sit_on_the_page_background_with_readable_ink(tab_for, scheme: str) -> None:
    """In each palette a figure's background is the page's own (no white box in the dark
    palette) and its darkest or lightest ink contrasts with it at 4.5:1 or more."""
    tab = tab_for(1280, scheme)
    tab.evaluate(FIGURES)
    page_bg = tab.evaluate("""() => getComputedStyle(document.body).backgroundColor
        .match(/\\d+/g).slice(0, 3).map(Number)""")
    images = tab.locator(".jp-RenderedImage img")
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
        raw = Image.open(io.BytesIO(images.nth(i).screenshot())).convert("RGB").tobytes()
        pixels = sorted((tuple(raw[j:j + 3]) for j in range(0, len(raw), 3)), key=luminance)
        background = pixels[len(pixels) // 2]
        ink = pixels[len(pixels) // 400] if scheme == "light" else pixels[-len(pixels) // 400]
        assert contrast(background, tuple(page_bg)) < 1.1, (i, background, page_bg)
        assert contrast(ink, background) >= 4.5, (i, ink, background)


@pytest.mark.parametrize("width", WIDTHS)
def test_download_link_is_visible_and_serves_the_notebook(tab_for, site_server: str,
                                                          width: int) -> None:
    """A visible link says it downloads the notebook, overlaps nothing, and serves the .ipynb."""
    tab = tab_for(width)
    link = tab.locator("a[download]").first
    assert link.is_visible()
    text = link.inner_text()
    assert "Download" in text and ".ipynb" in text
    box, title = link.bounding_box(), tab.locator("h1").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    overlaps = (box["y"] < title["y"] + title["height"] and title["y"] < box["y"] + box["height"]
                and box["x"] < title["x"] + title["width"] and title["x"] < box["x"] + box["width"])
    assert not overlaps
    response = tab.request.get(urljoin(tab.url, link.get_attribute("href")))
    assert response.ok and json.loads(response.body())["nbformat"] == 4
