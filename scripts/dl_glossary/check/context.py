"""What a rule sees: the site, each page's scan, its resolved links, and where to report.

Rules (`dl_glossary.check.rules`) receive one `CheckContext` and never the checker itself;
what several rules need (scans, the link graph, anchors) is computed here once, on first use.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import unquote

from markdown.extensions.toc import slugify

from dl_glossary.check.matcher import MentionIndex, normalise
from dl_glossary.check.scanner import Link, Scan, scan
from dl_glossary.core.loader import Site
from dl_glossary.core.model import Finding, Fix, Page
from dl_glossary.core.textindex import LineIndex

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass
class Report:
    """What a check found, and what it learnt on the way."""

    findings: list[Finding] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    incoming: dict[str, set[str]] = field(default_factory=dict)  # slug -> linking slugs
    unfixable: set[str] = field(default_factory=set)  # srcs that --fix must not touch


@dataclass(frozen=True)
class ResolvedLink:
    """A link of a page with its target: a docs source path (None when external) and anchor."""

    link: Link
    target: str | None
    anchor: str


def name_key(name: str) -> str:
    """Comparison key for titles and aliases: case, separators and spacing ignored."""
    return " ".join(normalise(name).split())


def heading_slug(text: str) -> str:
    """The anchor MkDocs' toc extension gives a heading, from its Markdown source."""
    plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    plain = re.sub(r"<[^>]+>", "", plain)
    plain = re.sub(r"[`*_]", "", plain)
    return slugify(plain, "-")


class FrontMatterLines:
    """Find the line of a key or value inside a page's front matter for findings."""

    def __init__(self, page: Page) -> None:
        self.lines = page.text[: page.body_start].split("\n")

    def key(self, key: str) -> tuple[int, int]:
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number, 1
        return 1, 1

    def items(self, key: str) -> list[tuple[int, int]]:
        """Line and column of the text of each item of a block list under `key` (`- item`)."""
        start, _ = self.key(key)
        found: list[tuple[int, int]] = []
        indent: int | None = None
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if re.match(r"^[A-Za-z_][\w-]*\s*:", line):
                break
            item = re.match(r"^(\s*)-(?:\s+|$)", line)
            if item is None:
                continue
            if indent is None:
                indent = len(item.group(1))
            if len(item.group(1)) == indent:
                found.append((number, item.end() + 1))
        return found

    def value(self, key: str, value: str) -> tuple[int, int]:
        start, _ = self.key(key)
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and re.match(r"^[A-Za-z_][\w-]*\s*:", line):
                break
            col = line.find(value, len(key) + 1 if number == start else 0)
            if col >= 0:
                return number, col + 1
        return start, 1


class CheckContext:
    """One check of one site: the inputs every rule reads and the report they write."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.report = Report()
        self._scans: dict[str, Scan] = {}
        self._line_indexes: dict[str, LineIndex] = {}
        self.src_to_slug = {t.src: slug for slug, t in site.terms.items()}
        names: list[tuple[str, str | None]] = []
        for term in site.terms.values():
            names.extend((name, term.slug) for name in term.names)
            names.extend((phrase, None) for phrase in term.not_mentions)
        self.index = MentionIndex(names)

    # -- reporting -------------------------------------------------------------------------
    def add(self, src: str, line: int, col: int, code: str, message: str) -> None:
        """Report a finding at a line and column of the page at `src`."""
        self.report.findings.append(Finding(self.site.path_of(src), line, col, code, message))

    def add_fix(self, fix: Fix) -> None:
        """Offer a fix that `--fix` may apply."""
        self.report.fixes.append(fix)

    # -- reading ---------------------------------------------------------------------------
    def readable_pages(self) -> list[Page]:
        """Every page whose front matter parsed (the others are reported once, as GL008)."""
        return [page for page in self.site.pages.values() if page.meta_error is None]

    def scan_of(self, page: Page) -> Scan:
        if page.src not in self._scans:
            self._scans[page.src] = scan(page.text, page.body_start)
        return self._scans[page.src]

    def line_col(self, page: Page, offset: int) -> tuple[int, int]:
        index = self._line_indexes.get(page.src)
        if index is None:
            index = self._line_indexes[page.src] = LineIndex(page.text)
        return index.line_col(offset)

    def front_matter(self, page: Page) -> FrontMatterLines:
        return FrontMatterLines(page)

    def resolve(self, page: Page, link: Link) -> tuple[str | None, str]:
        """(docs-relative target source or None for external links, anchor)."""
        target = link.target.strip()
        if not target or _SCHEME.match(target) or target.startswith("/"):
            return None, ""
        path, _, anchor = target.partition("#")
        path = unquote(path.split("?", 1)[0])
        if not path:
            return page.src, anchor
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.src), path))
        if path.endswith("/") or not posixpath.splitext(path)[1]:
            for candidate in (f"{resolved}/index.md", f"{resolved}.md"):
                if candidate in self.site.pages:
                    return candidate, anchor
        return resolved, anchor

    def links_of(self, page: Page) -> list[ResolvedLink]:
        return [ResolvedLink(link, *self.resolve(page, link)) for link in self.scan_of(page).links]

    @cached_property
    def anchors(self) -> dict[str, set[str]]:
        """Every page's anchors: heading slugs (as MkDocs' toc makes them) and HTML ids."""
        anchors: dict[str, set[str]] = {}
        for page in self.readable_pages():
            result = self.scan_of(page)
            found: set[str] = set(result.html_ids)
            counts: dict[str, int] = defaultdict(int)
            for heading in result.headings:
                if heading.anchor:
                    found.add(heading.anchor)
                    continue
                base = heading_slug(heading.text)
                found.add(base if counts[base] == 0 else f"{base}_{counts[base]}")
                counts[base] += 1
            if page.src in self.src_to_slug:
                found.add("referenced-by")
            anchors[page.src] = found
        return anchors

    @cached_property
    def first_links(self) -> dict[str, dict[str, int]]:
        """Page source -> term slug -> offset of the page's first link to that term's page."""
        firsts: dict[str, dict[str, int]] = {}
        for page in self.readable_pages():
            first: dict[str, int] = {}
            for resolved in self.links_of(page):
                slug = self.src_to_slug.get(resolved.target or "")
                if slug is not None:
                    first.setdefault(slug, resolved.link.start)
            firsts[page.src] = first
        return firsts

    @cached_property
    def incoming(self) -> dict[str, set[str]]:
        """Term slug -> the slugs of the other concept pages that link to it."""
        incoming: dict[str, set[str]] = {slug: set() for slug in self.site.terms}
        for page in self.readable_pages():
            own = self.src_to_slug.get(page.src)
            if own is None:
                continue
            for slug in self.first_links[page.src]:
                if slug != own:
                    incoming[slug].add(own)
        return incoming
