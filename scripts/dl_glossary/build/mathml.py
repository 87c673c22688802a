"""Turn Arithmatex's generic math output into MathML at build time (no client-side renderer)."""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from pymdownx import arithmatex

_MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.DOTALL
)
_DELIMITERS = re.compile(r"^\s*(\\\(|\\\[|\$\$?)(?P<tex>.*?)(\\\)|\\\]|\$\$?)\s*$", re.DOTALL)
#: A table header cell that starts with a formula: the formula also gets an aria-label, because
#: accessibility checkers (axe-core) do not count MathML as a header's text.
_HEADER_MATH = re.compile(
    r'(<th[^>]*>\s*<span class="math-inline"><math)( [^>]*?alttext="([^"]*)")'
)
#: A number grouped with TeX's `{,}` ("8{,}192"): latex2mathml writes the braced comma as its own
#: operator between two numbers, which renders as "8, 192"; the groups are joined into one <mn>.
#: The last group may carry a script ("1{,}280^2" ends in <msup><mn>280</mn>...).
_GROUPED_NUMBER = re.compile(
    r"<mn>(?P<head>\d+(?:,\d{3})*)</mn><mrow><mo>&#x0002C;</mo></mrow>"
    r"(?P<script><(?:msub|msup|msubsup)>)?<mn>(?P<tail>\d{3}(?:\.\d+)?)</mn>"
)
#: A function name such as "log" or "exp": upright already in MathML, marked so for the stylesheet,
#: which sets single-letter identifiers in the body font's italic.
_WORD_IDENTIFIER = re.compile(r"<mi>(?=[A-Za-z]{2,}</mi>)")


class MathError(ValueError):
    """A formula latex2mathml cannot convert."""

    def __init__(self, tex: str, reason: str) -> None:
        super().__init__(f"cannot render formula {tex!r}: {reason}")
        self.tex = tex


#: Bump when the MathML this module writes changes, so cached conversions are not reused.
FORMAT = 3
_cache: dict[str, str] = {}
_cache_dirty = False


def cache_file(cache_dir: Path) -> Path:
    """Where converted formulas are kept between builds, per converter version and FORMAT."""
    return cache_dir / f"mathml-{metadata.version('latex2mathml')}-{FORMAT}.json"


def load_cache(cache_dir: Path) -> None:
    """Reuse formulas converted by earlier builds (a missing or broken file is ignored)."""
    global _cache_dirty
    _cache.clear()
    _cache_dirty = False
    try:
        data = json.loads(cache_file(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict):
        _cache.update({k: v for k, v in data.items() if isinstance(v, str)})


def save_cache(cache_dir: Path) -> None:
    """Write the conversions of this build for the next one (atomically)."""
    if not _cache_dirty:
        return
    path = cache_file(cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(_cache, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def to_mathml(tex: str, display: bool) -> str:
    """One LaTeX formula as a MathML element (from the cache when an earlier build made it)."""
    global _cache_dirty
    key = f"{int(display)}{tex}"
    if key in _cache:
        return _cache[key]
    _cache[key] = result = _convert(tex, display)
    _cache_dirty = True
    return result


def _convert(tex: str, display: bool) -> str:
    # Imported on the first formula the cache does not hold: a rebuild of unchanged pages
    # never loads the converter (a sixth of the hook's start-up time).
    from latex2mathml.converter import convert

    try:
        rendered = convert(tex.strip(), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds of error on bad input
        raise MathError(tex, str(exc) or type(exc).__name__) from exc
    alt = html.escape(" ".join(tex.split()), quote=True)
    rendered = _WORD_IDENTIFIER.sub('<mi mathvariant="normal">', join_grouped_numbers(rendered))
    return rendered.replace("<math ", f'<math alttext="{alt}" ', 1)


def join_grouped_numbers(mathml: str) -> str:
    """Join "8", "{,}", "192" into one number <mn>8,192</mn> (also 1{,}000{,}000)."""
    previous = None
    while previous != mathml:
        previous = mathml
        mathml = _GROUPED_NUMBER.sub(r"\g<script><mn>\g<head>,\g<tail></mn>", mathml)
    return mathml


#: What Arithmatex reads as math in Markdown (its own patterns), and code it skips.
_BLOCK = re.compile(arithmatex.RE_DOLLAR_BLOCK, re.DOTALL)
_INLINE = re.compile(arithmatex.RE_SMART_DOLLAR_INLINE)
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def formulas_in(markdown: str) -> set[tuple[str, bool]]:
    """The formulas (TeX, display) that Arithmatex will most likely find in markdown.

    A guess from its `$$...$$` and `$...$` patterns, outside code: 97% of this site's formulas.
    A formula guessed wrong is converted for nothing; one missed is converted by the build.
    """
    text = _CODE_SPAN.sub(" ", _FENCE.sub("", markdown))
    found = {(match.group("math"), True) for match in _BLOCK.finditer(text)}
    for match in _INLINE.finditer(_BLOCK.sub(" ", text)):
        if match.group(3) is not None:
            found.add((match.group(3), False))
    return found


def convert_ahead(markdown_texts: Iterable[str]) -> dict[str, str]:
    """The formulas in markdown_texts that the cache lacks, converted (by cache key), so the
    build's worker can do ahead what rendering the pages would; failures are left to it."""
    converted: dict[str, str] = {}
    for text in markdown_texts:
        for tex, display in formulas_in(text):
            key = f"{int(display)}{tex}"
            if key not in _cache and key not in converted:
                with contextlib.suppress(MathError):
                    converted[key] = _convert(tex, display)
    return converted


def add_converted(converted: dict[str, str]) -> None:
    """Take conversions made ahead (`convert_ahead`) into the cache."""
    global _cache_dirty
    if converted:
        _cache.update(converted)
        _cache_dirty = True


def render_math(page_html: str, on_error: Callable[[MathError], None]) -> str:
    """Replace every Arithmatex span/div with MathML; report formulas that fail and keep them."""

    def replace(match: re.Match[str]) -> str:
        body = html.unescape(match.group("body"))
        delimited = _DELIMITERS.match(body)
        tex = delimited.group("tex") if delimited else body
        display = match.group("tag") == "div"
        try:
            rendered = to_mathml(tex, display)
        except MathError as error:
            on_error(error)
            return match.group(0)
        css = "math-block" if display else "math-inline"
        return f'<{match.group("tag")} class="{css}">{rendered}</{match.group("tag")}>'

    rendered = _MATH.sub(replace, page_html)
    return _HEADER_MATH.sub(r'\1 aria-label="\3"\2', rendered)
