"""The social card (Open Graph image), drawn at build time with Pillow, with no network."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (40, 53, 147)  # Material indigo 800
FOREGROUND = (255, 255, 255)
MUTED = (197, 202, 233)
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def draw_card(title: str, subtitle: str, footer: str) -> Image.Image:
    """A 1200x630 card with a title, a wrapped subtitle and a footer line."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=(92, 107, 192))
    draw.text((80, 120), title, font=_font(76, bold=True), fill=FOREGROUND)
    body = _font(38)
    y = 250
    for line in textwrap.wrap(subtitle, width=48)[:5]:
        draw.text((80, y), line, font=body, fill=MUTED)
        y += 54
    draw.text((80, HEIGHT - 100), footer, font=_font(30, bold=True), fill=FOREGROUND)
    return image


def card_png(title: str, subtitle: str, footer: str) -> bytes:
    """The card as an optimised PNG."""
    out = io.BytesIO()
    draw_card(title, subtitle, footer).save(out, format="PNG", optimize=True)
    return out.getvalue()
