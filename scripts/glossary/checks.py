"""The glossary rules: one pass over a loaded site yields findings, fixes and the link graph."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown.extensions.toc import slugify

from . import tables
from .loader import A_Z_MARKER, GLOSSARY_PAGE, SECTION_MARKER, Site
from .markdown_scan import Link, Scan, scan
from .matcher import MentionIndex, normalise
from .model import Finding, Fix, Page
from .textindex import LineIndex

MAX_SUMMARY = 200
REQUIRED_SECTIONS = ("Why it matters for LLMs", "Example", "Related", "Sources")
#: Files the build writes into the site: links to them are valid although no source exists.
GENERATED_FILES = frozenset({"glossary.json", "objects.inv", "llms.txt", "llms-full.txt"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SENTENCE_BREAK = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


@dataclass
class Report:
    """What a check found, and what it learnt on the way."""

    findings: list[Finding] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    incoming: dict[str, set[str]] = field(default_factory=dict)  # slug -> linking slugs
    unfixable: set[str] = field(default_factory=set)  # srcs that --fix must not touch


def name_key(name: str) -> str:
    """Comparison key for titles and aliases: case, separators and spacing ignored."""
    return " ".join(normalise(name).split())


def heading_slug(text: str) -> str:
    """The anchor MkDocs' toc extension gives a heading, from its Markdown source."""
    plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    plain = re.sub(r"<[^>]+>", "", plain)
    plain = re.sub(r"[`*_]", "", plain)
    return slugify(plain, "-")


class _FrontMatterLines:
    """Find the line of a key or value inside a page's front matter for findings."""

    def __init__(self, page: Page, path: str) -> None:
        self.path = path
        self.lines = page.text[: page.body_start].split("\n")

    def key(self, key: str) -> tuple[int, int]:
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number, 1
        return 1, 1

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


class Checker:
    """Runs every rule over a site; `run()` returns a Report."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.report = Report()
        self.scans: dict[str, Scan] = {}
        self.src_to_slug = {t.src: slug for slug, t in site.terms.items()}
        names: list[tuple[str, str | None]] = []
        for term in site.terms.values():
            names.extend((name, term.slug) for name in term.names)
            names.extend((phrase, None) for phrase in term.not_mentions)
        self.index = MentionIndex(names)

    # -- helpers -------------------------------------------------------------------------
    def add(self, src: str, line: int, col: int, code: str, message: str) -> None:
        self.report.findings.append(Finding(self.site.path_of(src), line, col, code, message))

    def scan_of(self, page: Page) -> Scan:
        if page.src not in self.scans:
            self.scans[page.src] = scan(page.text, page.body_start)
        return self.scans[page.src]

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

    # -- rules ---------------------------------------------------------------------------
    def run(self) -> Report:
        for page in self.site.pages.values():
            if page.meta_error is not None:
                self.report.findings.append(page.meta_error)
                self.report.unfixable.add(page.src)
        self.check_front_matter()
        self.check_names()
        anchors = self.collect_anchors()
        self.check_pages(anchors)
        self.check_orphans_and_indexes()
        for page in self.site.pages.values():
            if page.meta_error is None:
                tables.check_tables(self, page, self.scan_of(page))
        self.report.findings.sort()
        return self.report

    def check_front_matter(self) -> None:
        sections = set(self.site.sections())
        for src, page in self.site.pages.items():
            parts = src.split("/")
            if len(parts) != 2 or parts[0] not in sections or parts[1] == "index.md":
                continue
            if page.meta_error is not None:
                continue
            lines = _FrontMatterLines(page, self.site.path_of(src))
            if not page.has_front_matter:
                self.add(src, 1, 1, "GL009", "concept page has no front matter")
                continue
            for key in ("title", "summary"):
                value = page.meta.get(key)
                if not isinstance(value, str) or not value.strip():
                    line, col = lines.key(key) if key in page.meta else (1, 1)
                    self.add(src, line, col, "GL009", f"front matter has no `{key}`")
            summary = page.meta.get("summary")
            if isinstance(summary, str) and summary.strip():
                text = " ".join(summary.split())
                line, col = lines.key("summary")
                if len(text) > MAX_SUMMARY:
                    self.add(src, line, col, "GL010",
                             f"summary is {len(text)} characters (at most {MAX_SUMMARY})")
                sentences = len(_SENTENCE_BREAK.split(text))
                if sentences > 1:
                    self.add(src, line, col, "GL011",
                             f"summary has {sentences} sentences (exactly one expected)")

    def check_names(self) -> None:
        owners: dict[str, tuple[str, str]] = {}  # name key -> (slug, name as written)
        titles = {name_key(t.title): t for t in self.site.terms.values()}
        for term in sorted(self.site.terms.values(), key=lambda t: t.src):
            page = self.site.pages[term.src]
            lines = _FrontMatterLines(page, term.src)
            for related in term.related:
                if related not in self.site.terms:
                    line, col = lines.value("related", related)
                    self.add(term.src, line, col, "GL005",
                             f"related entry {related!r} names no term")
            for index, name in enumerate(term.names):
                key = name_key(name)
                is_alias = index > 0
                line, col = lines.value("aliases", name) if is_alias else lines.key("title")
                other_title = titles.get(key)
                if is_alias and other_title is not None and other_title.slug != term.slug:
                    self.add(term.src, line, col, "GL007",
                             f"alias {name!r} equals the title of {other_title.src}")
                    continue
                owner = owners.get(key)
                if owner is not None and owner[0] != term.slug:
                    other = self.site.terms[owner[0]]
                    kind = "alias" if is_alias else "title"
                    self.add(term.src, line, col, "GL006",
                             f"{kind} {name!r} is also claimed by {other.src}")
                elif owner is None:
                    owners[key] = (term.slug, name)

    def collect_anchors(self) -> dict[str, set[str]]:
        anchors: dict[str, set[str]] = {}
        for src, page in self.site.pages.items():
            if page.meta_error is not None:
                continue
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
            if src in self.src_to_slug:
                found.add("referenced-by")
            anchors[src] = found
        return anchors

    def check_pages(self, anchors: dict[str, set[str]]) -> None:
        incoming: dict[str, set[str]] = {slug: set() for slug in self.site.terms}
        for src, page in self.site.pages.items():
            if page.meta_error is not None:
                continue
            result = self.scan_of(page)
            own_slug = self.src_to_slug.get(src)
            first_link: dict[str, int] = {}
            for link in result.links:
                target, anchor = self.resolve(page, link)
                if target is None:
                    continue
                line, col = self.line_col(page, link.start)
                if target.endswith(".md"):
                    if target not in self.site.pages:
                        self.add(src, line, col, "GL012", f"link to missing page {link.target!r}")
                        continue
                    if anchor and anchor not in anchors.get(target, set()):
                        self.add(src, line, col, "GL013",
                                 f"link to missing anchor #{anchor} in {target}")
                    slug = self.src_to_slug.get(target)
                    if slug is not None:
                        first_link.setdefault(slug, link.start)
                        if own_slug is not None and slug != own_slug:
                            incoming[slug].add(own_slug)
                elif target not in self.site.files and target not in GENERATED_FILES:
                    self.add(src, line, col, "GL012", f"link to missing file {link.target!r}")
            if src == GLOSSARY_PAGE or page.meta.get("link_mentions") is False:
                continue
            self.check_mentions(page, result, own_slug, first_link)
            if own_slug is not None:
                self.check_sections(page, result)
        self.report.incoming = incoming

    def line_col(self, page: Page, offset: int) -> tuple[int, int]:
        index = getattr(page, "_line_index", None)
        if index is None:
            index = LineIndex(page.text)
            page._line_index = index  # type: ignore[attr-defined]
        return index.line_col(offset)

    def check_mentions(
        self, page: Page, result: Scan, own_slug: str | None, first_link: dict[str, int]
    ) -> None:
        seen: set[str] = set()
        for mention in self.index.find(result.masked):
            slug = mention.slug
            if slug == own_slug or slug in seen:
                continue
            seen.add(slug)
            linked_at = first_link.get(slug)
            if linked_at is not None and linked_at <= mention.start:
                continue
            term = self.site.terms[slug]
            words = page.text[mention.start : mention.end]
            line, col = self.line_col(page, mention.start)
            self.add(page.src, line, col, "GL001",
                     f"first mention of {words!r} is not linked to {term.src}")
            self.report.fixes.append(Fix(page.src, mention.start, mention.end, term.src))

    def check_sections(self, page: Page, result: Scan) -> None:
        term = self.site.terms[self.src_to_slug[page.src]]
        h1 = [h for h in result.headings if h.level == 1]
        if not h1:
            self.add(page.src, *self.line_col(page, page.body_start), "GL014",
                     f"no H1 heading (expected '# {term.title}')")
        elif h1[0].text != term.title:
            self.add(page.src, *self.line_col(page, h1[0].start), "GL014",
                     f"H1 {h1[0].text!r} differs from the title {term.title!r}")
        h2 = [h for h in result.headings if h.level == 2]
        if h1:
            end = h2[0].start if h2 else len(page.text)
            body = page.text[h1[0].start : end].split("\n", 1)[1:]
            if not body or not body[0].strip():
                self.add(page.src, *self.line_col(page, h1[0].start), "GL014",
                         "no definition paragraph under the H1")
        present = {h.text for h in h2}
        for name in REQUIRED_SECTIONS:
            if name not in present:
                line = self.line_col(page, len(page.text))[0]
                self.add(page.src, max(line - 1, 1), 1, "GL014", f"missing section '## {name}'")

    def check_orphans_and_indexes(self) -> None:
        glossary = self.site.pages.get(GLOSSARY_PAGE)
        a_z_ok = glossary is not None and A_Z_MARKER in glossary.text
        nav = set(self.site.nav_sources) if self.site.nav_sources is not None else None
        for slug, term in self.site.terms.items():
            page = self.site.pages[term.src]
            line, col = _FrontMatterLines(page, term.src).key("title")
            if not self.report.incoming.get(slug):
                self.add(term.src, line, col, "GL002",
                         f"orphan term {term.title!r}: no other concept page links to it")
            if not a_z_ok:
                self.add(term.src, line, col, "GL003",
                         f"{term.title!r} is missing from the A-Z index "
                         f"({GLOSSARY_PAGE} has no {A_Z_MARKER} marker)")
            index = self.site.pages.get(f"{term.section}/index.md")
            if index is not None and SECTION_MARKER not in index.text:
                self.add(term.src, line, col, "GL003",
                         f"{term.title!r} is missing from its section index "
                         f"({term.section}/index.md has no {SECTION_MARKER} marker)")
            if nav is not None and term.src not in nav:
                self.add(term.src, line, col, "GL004", f"{term.title!r} is missing from the nav")


def check_site(site: Site) -> Report:
    """Run every rule over a loaded site."""
    return Checker(site).run()

