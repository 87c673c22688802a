"""Read the structure of a Markdown source: prose regions, links, headings and tables.

`scan()` returns a masked copy of the text, of the same length, in which every character that
cannot hold a mention (front matter, code, headings, raw HTML, links, URLs, math, citations in a
Sources section, ...) is replaced by NUL. Newlines are kept, so offsets, lines and columns of
the masked text are those of the source.

Blocks are read as MkDocs reads them, in two steps. First what Python-Markdown and its
extensions take out before block parsing: raw HTML blocks whose tag starts a line (up to the
matching closing tag, blank lines included; with `markdown` only the tag lines are raw),
comments, `$$` math blocks and `--8<--` snippet lines; admonition, details and tab markers
(`!!!`, `???`, `===`) are dropped and their indented bodies read as Markdown of their own.
Then markdown-it-py (CommonMark and tables) parses what is left, line for line, and gives
each block its lines: fenced and indented code, headings, tables, paragraphs in lists and
quotes. Only paragraph, table and heading lines are read inline; everything else is masked.
The text must have LF line endings (`core.sources.normalise_newlines`, as MkDocs reads it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

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
_HTML_OPEN = re.compile(r"^<([A-Za-z][\w-]*)\b([^>]*)>?")  # Python-Markdown: at the left margin
#: Block structure only: inline parsing is ours (exact offsets), so markdown-it skips it.
_MD = MarkdownIt("commonmark").enable("table").disable("inline")
_TAG = re.compile(r"</?([A-Za-z][\w-]*)\b[^>]*?(/?)>")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?|===\+?)[ \t]")
_SNIPPET = re.compile(r"^[ \t]*-{1,}8<-{1,}")
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
class Citation:
    """One list item of a Sources (or References) section: its offset and source text."""

    start: int
    text: str


@dataclass
class Scan:
    """Everything the checker needs to know about one Markdown source."""

    masked: str
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    html_ids: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


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


def _html_block_end(lines: list[str], i: int, tag: str) -> int:
    """Index of the last line of a raw HTML block opened on line i by `tag`."""
    depth = 0
    for j in range(i, len(lines)):
        for t in _TAG.finditer(lines[j]):
            if t.group(1).lower() != tag:
                continue
            if t.group(0).startswith("</"):
                depth -= 1
            elif not t.group(2):
                depth += 1
        if depth <= 0:
            return j
    return len(lines) - 1


def _indent_width(line: str) -> tuple[int, int]:
    """(columns, characters) of a line's leading whitespace, a tab counting to the next 4."""
    cols = chars = 0
    for ch in line:
        if ch == " ":
            cols += 1
        elif ch == "\t":
            cols += 4 - cols % 4
        else:
            break
        chars += 1
    return cols, chars


def _dedent(line: str, columns: int) -> str:
    """The line without `columns` columns of leading whitespace."""
    cols = i = 0
    while i < len(line) and cols < columns and line[i] in " \t":
        cols += 1 if line[i] == " " else 4 - cols % 4
        i += 1
    return " " * max(cols - columns, 0) + line[i:]


@dataclass
class _Prepared:
    """Lines for markdown-it, with what Python-Markdown would have taken out blanked."""

    lines: list[str]
    masked: set[int] = field(default_factory=set)  # line indexes that hold no prose
    comments: list[tuple[int, int]] = field(default_factory=list)  # (first, last) line
    html_ids: list[str] = field(default_factory=list)


def _prepare(lines: list[str]) -> _Prepared:
    """Blank what Python-Markdown's preprocessors and block extensions take out."""
    out = _Prepared(lines=[])
    containers: list[int] = []  # indentation (columns) of each open admonition or tab body
    i = 0
    while i < len(lines):
        raw = lines[i]
        if not raw.strip():
            out.lines.append("")
            i += 1
            continue
        width, _ = _indent_width(raw)
        while containers and width < containers[-1]:
            containers.pop()
        base = containers[-1] if containers else 0
        line = _dedent(raw, base)
        fence = _FENCE.match(line)
        if fence:  # kept for markdown-it, but never read for HTML or markers
            marker = fence.group(1)
            closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
            j = i + 1
            while j < len(lines) and not closing.match(_dedent(lines[j], base)):
                j += 1
            j = min(j, len(lines) - 1)
            out.lines.extend(_dedent(lines[k], base) for k in range(i, j + 1))
            i = j + 1
            continue
        end = i
        if line.lstrip().startswith("<!--"):
            while end < len(lines) and "-->" not in lines[end]:
                end += 1
            end = min(end, len(lines) - 1)
            out.comments.append((i, end))
        elif line.lstrip().startswith("$$"):
            stripped = line.strip()
            if not (len(stripped) >= 4 and stripped.endswith("$$")):
                end = i + 1
                while end < len(lines) and "$$" not in lines[end]:
                    end += 1
                end = min(end, len(lines) - 1)
        elif _ADMONITION.match(line):
            containers.append(base + 4)
        elif _SNIPPET.match(line):
            pass
        else:
            html = _HTML_OPEN.match(line)
            if not (html and html.group(1).lower() in BLOCK_TAGS):
                out.lines.append(line)
                i += 1
                continue
            if not re.search(r"\bmarkdown\b", html.group(2) or ""):
                end = _html_block_end([_dedent(x, base) for x in lines], i, html.group(1).lower())
            block = "\n".join(lines[i : end + 1])
            out.html_ids.extend(re.findall(r"\bid\s*=\s*[\"']([^\"']+)[\"']", block))
        for k in range(i, end + 1):
            out.lines.append("")
            out.masked.add(k)
        i = end + 1
    return out


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


def scan(text: str, body_start: int = 0) -> Scan:
    """Mask everything that is not prose, and collect links, headings and tables."""
    chars = list(text)
    result = Scan(masked="")
    _mask(chars, 0, body_start)
    raw_lines = text[body_start:].split("\n")
    starts: list[int] = []
    offset = body_start
    for line in raw_lines:
        starts.append(offset)
        offset += len(line) + 1

    def line_end(k: int) -> int:
        return starts[k] + len(raw_lines[k])

    prepared = _prepare(raw_lines)
    result.html_ids.extend(prepared.html_ids)
    env: dict[str, object] = {}
    tokens = _MD.parse("\n".join(prepared.lines), env)
    refs = {label.lower(): ref["href"]
            for label, ref in env.get("references", {}).items()}  # type: ignore[union-attr]

    prose: set[int] = set()  # lines read inline
    citation_level = 0  # inside a Sources section of this heading level, when > 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.map is None:
            continue
        first, last = token.map[0], token.map[1] - 1
        if token.type == "heading_open":
            level = int(token.tag[1])
            title = tokens[index].content if index < len(tokens) else ""
            anchor = _ATTR_ID.search(title)
            clean = _ATTR_ID.sub("", title).strip()
            result.headings.append(Heading(level, clean, starts[first],
                                           anchor.group(1) if anchor else None))
            if citation_level and level <= citation_level:
                citation_level = 0
            if clean.lower() in CITATION_HEADINGS:
                citation_level = level
        elif citation_level:
            if token.type == "list_item_open" and token.level == 1:
                begin, end = starts[first], line_end(last)
                result.citations.append(Citation(begin, text[begin:end].rstrip()))
            continue
        elif token.type == "table_open":
            table = _table(text, raw_lines, starts, first, last)
            table.declaration = _declaration(text, prepared, starts, raw_lines, first)
            result.tables.append(table)
            prose.update(k for k in range(first, last + 1) if k != first + 1)
        elif token.type == "inline" and token.level > 0 and tokens[index - 2].type in (
            "paragraph_open", "th_open", "td_open"
        ) and tokens[index - 2].type == "paragraph_open":
            prose.update(range(first, last + 1))

    k = 0
    while k < len(raw_lines):
        if k not in prose:
            _mask(chars, starts[k], line_end(k))
            k += 1
            continue
        run = k
        while run + 1 < len(raw_lines) and run + 1 in prose:
            run += 1
        for j in range(k, run + 1):
            _scan_inline(text, starts[j], line_end(j), chars, refs, result)
        k = run + 1
    result.masked = "".join(chars)
    return result


def _table(text: str, lines: list[str], starts: list[int], first: int, last: int) -> Table:
    """A pipe table from its header line `first` to its last row `last`."""
    end = starts[first] + len(lines[first])
    header = [cell for _, cell in _split_row(text, starts[first], end)]
    rows = [TableRow(starts[j], _split_row(text, starts[j], starts[j] + len(lines[j])))
            for j in range(first + 2, last + 1)]
    return Table(starts[first], header, rows)


def _declaration(text: str, prepared: _Prepared, starts: list[int], lines: list[str],
                 table_line: int) -> tuple[int, str] | None:
    """The comment just above a table (only blank lines between), as (offset, text)."""
    for first, last in reversed(prepared.comments):
        if last >= table_line:
            continue
        if any(lines[k].strip() for k in range(last + 1, table_line)):
            return None
        return starts[first], text[starts[first] : starts[last] + len(lines[last])]
    return None


def scan_inline(text: str) -> Scan:
    """Mask and collect links in text that holds inline Markdown only (a table cell)."""
    chars = list(text)
    result = Scan(masked="")
    _scan_inline(text, 0, len(text), chars, {}, result)
    result.masked = "".join(chars)
    return result
