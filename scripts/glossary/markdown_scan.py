"""Read the structure of a Markdown source: prose regions, links, headings and tables.

`scan()` returns a masked copy of the text, of the same length, in which every character that
cannot hold a mention (front matter, code, headings, raw HTML, links, URLs, math, citations in a
Sources section, ...) is replaced by NUL. Newlines are kept, so offsets, lines and columns of
the masked text are those of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MASK = "\0"

BLOCK_TAGS = frozenset(
    [
        "address", "article", "aside", "audio", "blockquote", "canvas", "center", "details",
        "dialog", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hr", "iframe", "li", "main", "nav", "noscript", "ol",
        "p", "picture", "pre", "script", "section", "style", "svg", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul", "video", "math",
    ]
)
#: Headings whose section holds citations, not prose: paper titles are not mentions.
CITATION_HEADINGS = frozenset({"sources", "references"})

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ATX = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_SETEXT = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
_HTML_OPEN = re.compile(r"^[ \t]{0,3}<([A-Za-z][\w-]*)\b([^>]*)>?")
_TAG = re.compile(r"</?([A-Za-z][\w-]*)\b[^>]*?(/?)>")
_REFDEF = re.compile(r"^[ \t]{0,3}\[([^\]]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?|===\+?)[ \t]")
_SNIPPET = re.compile(r"^[ \t]*-{1,}8<-{1,}")
_LIST_OR_TABLE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)]|\|)")
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")

# Inline constructs, tried left to right at each position by one alternation.
_INLINE = re.compile(
    r"(?P<code>`+)"
    r"|(?P<image>!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^)]*\))"
    r"|(?P<link>\[(?P<ltext>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"(?:\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
    r"|\[(?P<ref>[^\]]*)\]))"
    r"|(?P<footnote>\[\^[^\]]+\])"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^>\s]*>)"
    r"|(?P<tag></?[A-Za-z][\w-]*(?:\s[^>]*)?/?>)"
    r"|(?P<url>(?:https?://|www\.)[^\s)<>\]]+)"
    r"|(?P<math>\$\$.+?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\w$])|\\\(.+?\\\))"
    r"|(?P<attr>\{[:#.][^}\n]*\}|\{\s*[#.][^}\n]*\})"
    r"|(?P<entity>&(?:#\d+|#x[0-9a-fA-F]+|\w+);)"
)


@dataclass
class Link:
    """A Markdown link in the source."""

    start: int  # offset of "["
    end: int
    text: str
    target: str


@dataclass
class Heading:
    """An ATX or setext heading."""

    level: int
    text: str
    start: int  # offset of the heading's first line
    anchor: str | None = None  # explicit {#id}


@dataclass
class TableRow:
    """One row of a pipe table: each cell's text and offset."""

    start: int
    cells: list[tuple[int, str]]


@dataclass
class Table:
    """A pipe table with its header, rows and the raw comment just above it, if any."""

    start: int
    header: list[str]
    rows: list[TableRow]
    declaration: tuple[int, str] | None = None


@dataclass
class Scan:
    """Everything the checker needs to know about one Markdown source."""

    masked: str
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    html_ids: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def _mask(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = MASK


def _scan_inline(
    text: str, start: int, end: int, chars: list[str], refs: dict[str, str], scan: Scan
) -> None:
    """Mask non-prose inline constructs of text[start:end] and record links."""
    pos = start
    while pos < end:
        m = _INLINE.search(text, pos, end)
        if not m:
            return
        kind = m.lastgroup
        m_start, m_end = m.start(), m.end()
        if kind == "code":
            ticks = m.group("code")
            close = re.compile(r"(?<!`)" + ticks + r"(?!`)")
            found = close.search(text, m_end, end)
            if not found:  # an unmatched backtick run is literal text
                pos = m_end
                continue
            m_end = found.end()
        elif m.group("link") is not None:
            target = m.group("target")
            if target is None:
                ref = (m.group("ref") or m.group("ltext")).strip().lower()
                target = refs.get(ref)
            if target is not None:
                scan.links.append(Link(m_start, m_end, m.group("ltext"), target))
            elif m.group("ref") is None:
                pos = m_end
                continue
        elif kind == "tag":
            id_match = re.search(r"\bid\s*=\s*[\"']([^\"']+)[\"']", m.group(0))
            if id_match:
                scan.html_ids.append(id_match.group(1))
        _mask(chars, m_start, m_end)
        pos = max(m_end, m_start + 1)


def _html_block_end(lines: list[tuple[int, str]], i: int, tag: str) -> int:
    """Index of the last line of a raw HTML block opened on line i by `tag`."""
    depth = 0
    for j in range(i, len(lines)):
        line = lines[j][1]
        for t in _TAG.finditer(line):
            if t.group(1).lower() != tag:
                continue
            if t.group(0).startswith("</"):
                depth -= 1
            elif not t.group(2):
                depth += 1
        if depth <= 0:
            return j
        if j > i and not line.strip() and tag in {"p", "li", "td", "th", "tr"}:
            return j
    return len(lines) - 1


def _split_row(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Cells of a pipe-table row with their offsets (escaped pipes and code spans respected)."""
    cells: list[tuple[int, str]] = []
    i = start
    while i < end and text[i] in " \t":
        i += 1
    if i < end and text[i] == "|":
        i += 1
    cell_start = i
    in_code = False
    while i < end:
        ch = text[i]
        if ch == "\\" and i + 1 < end:
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        elif ch == "|" and not in_code:
            cells.append((cell_start, text[cell_start:i]))
            cell_start = i + 1
        i += 1
    tail = text[cell_start:end]
    if tail.strip():
        cells.append((cell_start, tail))
    return [(s + len(c) - len(c.lstrip()), c.strip()) for s, c in cells]


def _is_table_separator(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and "-" in stripped and set(stripped) <= set("|:- \t")


def scan(text: str, body_start: int = 0) -> Scan:
    """Mask everything that is not prose, and collect links, headings and tables."""
    chars = list(text)
    result = Scan(masked="")
    _mask(chars, 0, body_start)

    lines: list[tuple[int, str]] = []
    offset = body_start
    for line in text[body_start:].split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1

    refs: dict[str, str] = {}
    for _, line in lines:
        ref = _REFDEF.match(line)
        if ref:
            refs[ref.group(1).strip().lower()] = ref.group(2)

    citation_level = 0  # inside a Sources section of this heading level, when > 0
    last_comment: tuple[int, str] | None = None
    i = 0
    while i < len(lines):
        start, line = lines[i]
        line_end = start + len(line)
        stripped = line.strip()

        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            j = i + 1
            fence_char = re.escape(marker[0])
            closing = re.compile(rf"^[ \t]*{fence_char}{{{len(marker)},}}[ \t]*$")
            while j < len(lines) and not closing.match(lines[j][1]):
                j += 1
            j = min(j, len(lines) - 1)
            _mask(chars, start, lines[j][0] + len(lines[j][1]))
            i = j + 1
            continue

        if stripped.startswith("<!--"):
            j = i
            while j < len(lines) and "-->" not in lines[j][1]:
                j += 1
            j = min(j, len(lines) - 1)
            block_end = lines[j][0] + len(lines[j][1])
            last_comment = (start, text[start:block_end])
            _mask(chars, start, block_end)
            i = j + 1
            continue

        if stripped.startswith("$$"):
            j = i
            if not (len(stripped) > 2 and stripped.endswith("$$") and len(stripped) >= 4):
                j = i + 1
                while j < len(lines) and "$$" not in lines[j][1]:
                    j += 1
                j = min(j, len(lines) - 1)
            _mask(chars, start, lines[j][0] + len(lines[j][1]))
            i = j + 1
            continue

        heading = _ATX.match(line)
        setext = (
            i + 1 < len(lines)
            and stripped
            and not _LIST_OR_TABLE.match(line)
            and _SETEXT.match(lines[i + 1][1])
        )
        if heading or setext:
            if heading:
                level, title = len(heading.group(1)), (heading.group(2) or "")
                span_end = line_end
                step = 1
            else:
                level = 1 if lines[i + 1][1].strip().startswith("=") else 2
                title = stripped
                span_end = lines[i + 1][0] + len(lines[i + 1][1])
                step = 2
            anchor = _ATTR_ID.search(title)
            clean = _ATTR_ID.sub("", title).strip()
            explicit = anchor.group(1) if anchor else None
            result.headings.append(Heading(level, clean, start, explicit))
            if citation_level and level <= citation_level:
                citation_level = 0
            if clean.strip().lower() in CITATION_HEADINGS:
                citation_level = level
            _mask(chars, start, span_end)
            i += step
            continue

        if citation_level or _SNIPPET.match(line) or _ADMONITION.match(line) or _REFDEF.match(line):
            _mask(chars, start, line_end)
            i += 1
            continue

        html = _HTML_OPEN.match(line)
        if html and html.group(1).lower() in BLOCK_TAGS:
            tag = html.group(1).lower()
            attrs = html.group(2) or ""
            if re.search(r"\bmarkdown\b", attrs):  # md_in_html: only the tag itself is raw
                _mask(chars, start, line_end)
                i += 1
                continue
            j = _html_block_end(lines, i, tag)
            block = text[start : lines[j][0] + len(lines[j][1])]
            result.html_ids.extend(re.findall(r"\bid\s*=\s*[\"']([^\"']+)[\"']", block))
            _mask(chars, start, lines[j][0] + len(lines[j][1]))
            i = j + 1
            continue

        if (
            "|" in line
            and i + 1 < len(lines)
            and _is_table_separator(lines[i + 1][1])
            and "|" in lines[i + 1][1]
        ):
            header = [cell for _, cell in _split_row(text, start, line_end)]
            rows: list[TableRow] = []
            _scan_inline(text, start, line_end, chars, refs, result)
            j = i + 2
            while j < len(lines) and "|" in lines[j][1] and lines[j][1].strip():
                row_start, row = lines[j]
                rows.append(TableRow(row_start, _split_row(text, row_start, row_start + len(row))))
                _scan_inline(text, row_start, row_start + len(row), chars, refs, result)
                j += 1
            _mask(chars, lines[i + 1][0], lines[i + 1][0] + len(lines[i + 1][1]))
            declaration = last_comment if last_comment and _only_blank_between(
                text, last_comment, start
            ) else None
            result.tables.append(Table(start, header, rows, declaration))
            i = j
            continue

        _scan_inline(text, start, line_end, chars, refs, result)
        i += 1

    result.masked = "".join(chars)
    return result


def _only_blank_between(text: str, comment: tuple[int, str], table_start: int) -> bool:
    """True when only blank lines separate a comment from the table below it."""
    return not text[comment[0] + len(comment[1]) : table_start].strip()
