"""Social cards (Open Graph images), drawn at build time with Pillow, with no network.

One 1200x630 PNG for the site and one per concept (`assets/cards/<slug>.png`: section, title,
summary and site name). A card is drawn in a 36-colour palette: two anti-aliased ramps (from the
background to white, and to the muted text colour), so the PNG is small and quick to encode.
Concept cards are cached under the plugin's cache folder by a hash of what they show, the
fonts and `DESIGN`, so a build redraws only the cards whose concept changed.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dl_glossary.core.model import Term

if TYPE_CHECKING:  # Pillow is imported where a card is drawn: the worker, not every build step
    from PIL import Image, ImageFont

    # The loader (and MkDocs with it) stays out of the card job, which has no use for it.
    from dl_glossary.core.loader import Site

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (40, 53, 147)  # Material indigo 800
FOREGROUND = (255, 255, 255)
MUTED = (197, 202, 233)
ACCENT = (92, 107, 192)
#: Where concept cards go in the built site, and under the cache folder.
CARDS_DIR = "assets/cards"
CACHE_SUBDIR = "cards"
#: Bump when the drawing changes, so cached cards are redrawn.
DESIGN = 1
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
_LEVELS = 16  # anti-aliasing steps per ramp
_MARGIN = 80
_TEXT_WIDTH = WIDTH - 2 * _MARGIN


def font_path(bold: bool) -> Path | None:
    """Debian's DejaVu Sans (fonts-dejavu-core, see scripts/system_deps.sh), if installed."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    path = font_path(bold)
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)


def load_fonts() -> None:
    """Open every font the cards use (done ahead by the job that draws them)."""
    for size in (76, 68, 60, 52, 30, 28):
        _font(size, bold=True)
    for size in (38, 34, 30):
        _font(size)


def _palette() -> list[int]:
    """Index 0 background, 1-16 towards white, 17-32 towards the muted colour, 33 accent."""
    colours = [BACKGROUND]
    for target in (FOREGROUND, MUTED):
        colours += [tuple(round(b + (t - b) * i / _LEVELS) for b, t in zip(BACKGROUND, target,
                                                                             strict=True))
                    for i in range(1, _LEVELS + 1)]
    colours.append(ACCENT)
    return [channel for colour in colours for channel in colour]


def wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    """Words of text in lines no wider than width pixels (a longer word gets a line alone).

    A line's width is the sum of its words' and spaces' widths, each measured once: the fonts
    kern no pair across a space, so the sum is the width of the line as drawn
    (tests/test_deploy_links.py checks it for every card's text)."""
    space = font.getlength(" ")
    lines: list[str] = []
    used = 0.0
    for word in text.split():
        length = font.getlength(word)
        if lines and used + space + length <= width:
            lines[-1] += f" {word}"
            used += space + length
        else:
            lines.append(word)
            used = length
    return lines


def _fit(text: str, sizes: Iterable[int], max_lines: int, bold: bool):
    """The largest size at which text wraps into max_lines (the smallest size, cut, otherwise)."""
    for size in sizes:
        font = _font(size, bold)
        lines = wrap(text, font, _TEXT_WIDTH)
        if len(lines) <= max_lines:
            return font, size, lines
    lines = lines[:max_lines]
    while lines[-1] and font.getlength(lines[-1] + " …") > _TEXT_WIDTH:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += " …"
    return font, size, lines


#: Grey level (0-255) of anti-aliased text -> palette index, on the white ramp and the muted one.
_BRIGHT = [(v * _LEVELS + 127) // 255 for v in range(256)]
_MUTED = [step and step + _LEVELS for step in _BRIGHT]
_KICKER_TOP, _KICKER_ROWS = 64, 60
_FOOTER_TOP = HEIGHT - 96


def draw_card(title: str, subtitle: str, footer: str, kicker: str = "") -> Image.Image:
    """A 1200x630 card: an optional kicker line, the title, a wrapped subtitle, a footer."""
    from PIL import Image, ImageDraw

    canvas = Image.new("L", (WIDTH, HEIGHT), 0)  # grey levels of the title and subtitle
    draw = ImageDraw.Draw(canvas)
    title_top = _KICKER_TOP + (_KICKER_ROWS if kicker else 0)
    y = title_top
    font, size, lines = _fit(title, (76, 68, 60, 52), 2, bold=True)
    for line in lines:
        draw.text((_MARGIN, y), line, font=font, fill=255)
        y += round(size * 1.2)
    y += 24
    title_box = (0, title_top, WIDTH, y)
    room = HEIGHT - 120 - y
    for body_size in (38, 34, 30):
        body, step = _font(body_size), round(body_size * 1.4)
        lines = wrap(subtitle, body, _TEXT_WIDTH)
        if len(lines) * step <= room:
            break
    for line in lines[: max(room // step, 1)]:
        draw.text((_MARGIN, y), line, font=body, fill=255)
        y += step
    # Palette indexes: the subtitle on the muted ramp, the title (its own band) on the white one.
    indexed = canvas.point(_MUTED)
    indexed.paste(canvas.crop(title_box).point(_BRIGHT), title_box)
    if kicker:
        indexed.paste(_strip(kicker.upper(), _KICKER_ROWS, muted=True), (0, _KICKER_TOP))
    indexed.paste(_strip(footer, HEIGHT - _FOOTER_TOP, muted=False), (0, _FOOTER_TOP))
    indexed.putpalette(_palette())  # the grey levels become palette indexes, not copied
    return indexed


@functools.lru_cache(maxsize=32)
def _strip(text: str, rows: int, muted: bool) -> Image.Image:
    """A full-width band of palette indexes with one line of bold text: the kicker (muted, 28
    px) or the footer (white, 30 px, the accent bar at its foot). The same on many cards, so
    drawn once."""
    from PIL import Image, ImageDraw

    band = Image.new("L", (WIDTH, rows), 0)
    ImageDraw.Draw(band).text((_MARGIN, 0), text, font=_font(28 if muted else 30, bold=True),
                              fill=255)
    band = band.point(_MUTED if muted else _BRIGHT)
    if not muted:
        ImageDraw.Draw(band).rectangle((0, rows - 16, WIDTH, rows), fill=2 * _LEVELS + 1)
    return band


def card_png(title: str, subtitle: str, footer: str, kicker: str = "") -> bytes:
    """The card as a PNG."""
    out = io.BytesIO()
    # zlib level 3: 19 KB a card in 1.8 ms, where level 6 gave 15 KB in 4.6 ms (and 184 cards
    # are drawn on a cold cache)
    draw_card(title, subtitle, footer, kicker).save(out, format="PNG", compress_level=3)
    return out.getvalue()


@functools.cache
def _font_ids() -> list[tuple[str, int] | None]:
    """Which fonts draw the cards (a card drawn with another font is not reused)."""
    return [(str(p), p.stat().st_size) if p else None for p in (font_path(True), font_path(False))]


def card_uri(term: Term) -> str:
    """Where a concept's card goes in the built site."""
    return f"{CARDS_DIR}/{term.slug}.png"


@dataclass(frozen=True)
class ConceptCard:
    """What a concept's card shows."""

    title: str
    summary: str
    section: str
    site_name: str

    def key(self) -> str:
        """A hash of the card's text, the fonts and the design: its name in the cache."""
        data = [DESIGN, _font_ids(), self.title, self.summary, self.section, self.site_name]
        return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()[:32]

    @property
    def file_name(self) -> str:
        """The card's name in the cache."""
        return f"{self.key()}.png"

    def png(self) -> bytes:
        return card_png(self.title, self.summary, self.site_name, kicker=self.section)


def concept_card(term: Term, site_name: str, section_titles: dict[str, str]) -> ConceptCard:
    """What a concept's card shows (section_titles: `Site.section_titles()`, made once)."""
    return ConceptCard(term.title, " ".join(term.summary.split()),
                       section_titles.get(term.section, term.section), site_name)


def card_alt(card: ConceptCard) -> str:
    """The text alternative of a concept's card (og:image:alt)."""
    return f"{card.title} ({card.section}): {card.summary}"


def concept_cards(site: Site, site_name: str, cache_dir: Path | None) -> dict[str, bytes]:
    """Every concept's card by its site path, drawn or read from cache_dir/cards/.

    Cards no concept uses any more are removed from the cache.
    """
    titles = site.section_titles()
    folder = cache_dir / CACHE_SUBDIR if cache_dir else None
    files: dict[str, bytes] = {}
    used: set[str] = set()
    for term in site.terms.values():
        card = concept_card(term, site_name, titles)
        used.add(card.file_name)
        files[card_uri(term)] = cached_png(folder, card) if folder else card.png()
    if folder and folder.is_dir():
        for stale in folder.glob("*.png"):
            if stale.name not in used:
                stale.unlink(missing_ok=True)
    return files


def cached_png(folder: Path, card: ConceptCard) -> bytes:
    """The card's PNG from folder, drawn and stored there (atomically) if it is not there."""
    path = cache_file(folder, card)
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = card.png()
    folder.mkdir(parents=True, exist_ok=True)
    # A name of this process's own: the card job and the build may draw the same card at once.
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data


def cache_file(folder: Path, card: ConceptCard) -> Path:
    """Where the card's PNG is kept in folder (named by its content hash)."""
    return folder / card.file_name


def is_cached(folder: Path, card: ConceptCard) -> bool:
    return cache_file(folder, card).is_file()
