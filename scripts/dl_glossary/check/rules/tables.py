"""GL020-GL025: completeness of tables that declare what they cover.

A table opts in with a YAML comment on the line(s) just above it:

    <!-- glossary-table
    term_column: Parameter          # each row's cell here links to a concept page (GL021)
    covers: {kind: generation-parameter}  # every term of that kind has a row (GL022)
    range_column: Parameters        # cells hold ranges such as "3B–15B", "< 1B", "300B+"
    axis: [0.1B, 2T]                # the ranges cover this span without gaps or overlaps
    -->

Every declared table must have no empty cell (GL020), and every term it names in any cell must
be a link to that term's page (GL021).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

from dl_glossary.check.context import CheckContext
from dl_glossary.check.scanner import Table, scan_inline
from dl_glossary.core.model import Fix, Page

DECLARATION = re.compile(r"<!--\s*glossary-table\b(.*?)-->", re.DOTALL)
EMPTY_CELLS = frozenset({"", "-", "—", "–", "n/a", "N/A", "?", "TBD"})
_UNITS = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
_NUMBER = r"(\d+(?:\.\d+)?)\s*([kKmMbBtT]?)"
_RANGE_PATTERNS = (
    (re.compile(rf"^(?:under|below|less than|<)\s*{_NUMBER}$", re.I), "upper"),
    (re.compile(rf"^{_NUMBER}\s*(?:\+|and (?:up|above)|or more)$", re.I), "lower"),
    (re.compile(rf"^(?:over|above|≥|>=)\s*{_NUMBER}$", re.I), "lower"),
    (re.compile(rf"^{_NUMBER}\s*(?:–|—|-|to)\s*(?:under\s*|<\s*)?{_NUMBER}$", re.I), "both"),
)


@dataclass(frozen=True)
class Bucket:
    """A half-open range [low, high) from one row."""

    low: float
    high: float
    row_start: int
    col_offset: int


def parse_quantity(number: str, unit: str) -> float:
    """'3', 'B' -> 3e9."""
    return float(number) * _UNITS[unit.lower()]


def parse_range(cell: str) -> tuple[float, float] | None:
    """Read a range cell such as '3B–15B', '< 1B' or '300B+' as [low, high)."""
    text = re.sub(r"[*_`]", "", cell).strip()
    for pattern, kind in _RANGE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        if kind == "upper":
            return 0.0, parse_quantity(m.group(1), m.group(2))
        if kind == "lower":
            return parse_quantity(m.group(1), m.group(2)), math.inf
        low_unit = m.group(2) or m.group(4)
        return parse_quantity(m.group(1), low_unit), parse_quantity(m.group(3), m.group(4))
    return None


def _parse_axis_value(value: Any) -> float | None:
    text = str(value).strip()
    if text.lower() in {"inf", "infinity", "∞"}:
        return math.inf
    m = re.fullmatch(_NUMBER, text)
    return parse_quantity(m.group(1), m.group(2)) if m else None


def read_declaration(raw: str) -> dict[str, Any] | str | None:
    """The declaration's settings, an error message, or None if the comment is not one."""
    m = DECLARATION.search(raw)
    if not m:
        return None
    body = m.group(1).strip()
    if body.startswith(":"):
        body = body[1:]
    try:
        data = yaml.safe_load(body) if body.strip() else {}
    except yaml.YAMLError as exc:
        return f"declaration is not valid YAML: {getattr(exc, 'problem', exc)}"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return "declaration must be a mapping"
    return data


def check(ctx: CheckContext) -> None:
    for page in ctx.readable_pages():
        check_tables(ctx, page, ctx.scan_of(page))


def check_tables(checker: CheckContext, page: Page, result: Any) -> None:
    """Apply the table rules to every declared table of a page."""
    for table in result.tables:
        if table.declaration is None:
            continue
        settings = read_declaration(table.declaration[1])
        if settings is None:
            continue
        line, col = checker.line_col(page, table.declaration[0])
        if isinstance(settings, str):
            checker.add(page.src, line, col, "GL025", settings)
            continue
        _check_declared(checker, page, table, settings, (line, col))


def _column(table: Table, name: Any) -> int | None:
    if name is None:
        return None
    for index, header in enumerate(table.header):
        if re.sub(r"[*_`]", "", header).strip().lower() == str(name).strip().lower():
            return index
    return -1


def _check_declared(
    checker: CheckContext, page: Page, table: Table, settings: dict[str, Any],
    where: tuple[int, int],
) -> None:
    term_col = _column(table, settings.get("term_column"))
    range_col = _column(table, settings.get("range_column"))
    for key, value in (("term_column", term_col), ("range_column", range_col)):
        if value == -1:
            checker.add(page.src, *where, "GL025",
                        f"{key} {settings[key]!r} is not a column of the table below")
            return
    width = len(table.header)
    covered: set[str] = set()
    buckets: list[Bucket] = []
    for row in table.rows:
        cells = list(row.cells) + [(row.start, "")] * (width - len(row.cells))
        for index, (offset, cell) in enumerate(cells[:width]):
            line, col = checker.line_col(page, offset)
            if cell.strip() in EMPTY_CELLS:
                header = table.header[index] if index < width else str(index + 1)
                checker.add(page.src, line, col, "GL020", f"empty cell in column {header!r}")
                continue
            linked = _linked_slugs(checker, page, cell)
            if index == term_col:
                if not linked:
                    checker.add(page.src, line, col, "GL021",
                                f"row term {cell!r} does not link to a concept page")
                covered.update(linked)
            _check_cell_mentions(checker, page, cell, offset, linked)
            if index == range_col:
                parsed = parse_range(cell)
                if parsed is None:
                    checker.add(page.src, line, col, "GL025",
                                f"cannot read range {cell!r} (use '3B–15B', '< 1B' or '300B+')")
                else:
                    buckets.append(Bucket(parsed[0], parsed[1], row.start, offset))
    covers = settings.get("covers")
    if isinstance(covers, dict) and covers.get("kind"):
        kind = str(covers["kind"])
        for term in sorted(checker.site.terms.values(), key=lambda t: t.title.lower()):
            if term.kind == kind and term.slug not in covered:
                checker.add(page.src, *where, "GL022",
                            f"{term.title!r} ({term.src}) has kind {kind!r} but no row")
    if range_col is not None:
        _check_ranges(checker, page, buckets, settings.get("axis"), where)


def _linked_slugs(checker: CheckContext, page: Page, cell: str) -> set[str]:
    slugs: set[str] = set()
    for link in scan_inline(cell).links:
        target, _ = checker.resolve(page, link)
        slug = checker.src_to_slug.get(target or "")
        if slug:
            slugs.add(slug)
    return slugs


def _check_cell_mentions(
    checker: CheckContext, page: Page, cell: str, offset: int, linked: set[str]
) -> None:
    for mention in checker.index.find(scan_inline(cell).masked):
        if mention.slug in linked or mention.slug == checker.src_to_slug.get(page.src):
            continue
        term = checker.site.terms[mention.slug]
        start = offset + mention.start
        line, col = checker.line_col(page, start)
        checker.add(page.src, line, col, "GL021",
                    f"table names {cell[mention.start:mention.end]!r} without linking {term.src}")
        checker.add_fix(Fix(page.src, start, offset + mention.end, term.src))


def _check_ranges(
    checker: CheckContext, page: Page, buckets: list[Bucket], axis: Any, where: tuple[int, int]
) -> None:
    if not buckets:
        return
    ordered = sorted(buckets, key=lambda b: (b.low, b.high))

    def at(bucket: Bucket) -> tuple[int, int]:
        return checker.line_col(page, bucket.col_offset)

    def show(value: float) -> str:
        if value == math.inf:
            return "∞"
        for unit, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
            if value >= scale:
                return f"{value / scale:g}{unit}"
        return f"{value:g}"

    for previous, current in itertools.pairwise(ordered):
        if current.low > previous.high:
            checker.add(page.src, *at(current), "GL023",
                        f"gap between {show(previous.high)} and {show(current.low)}")
        elif current.low < previous.high:
            checker.add(page.src, *at(current), "GL024",
                        f"range from {show(current.low)} overlaps the row ending at "
                        f"{show(previous.high)}")
    if isinstance(axis, list) and len(axis) == 2:
        low, high = (_parse_axis_value(v) for v in axis)
        if low is None or high is None:
            checker.add(page.src, *where, "GL025", f"cannot read axis {axis!r}")
            return
        if ordered[0].low > low:
            checker.add(page.src, *at(ordered[0]), "GL023",
                        f"gap between {show(low)} (axis start) and {show(ordered[0].low)}")
        top = max(b.high for b in ordered)
        if top < high:
            checker.add(page.src, *at(ordered[-1]), "GL023",
                        f"gap between {show(top)} and {show(high)} (axis end)")
