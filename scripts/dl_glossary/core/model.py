"""Records shared by every part of the tooling: findings, terms and pages."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at a place in a source file."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class Fix:
    """Turn source text [start, end) of a page into a link to a term's page (or to `url`)."""

    src: str
    start: int
    end: int
    target_src: str
    url: str = ""


@dataclass
class Page:
    """A Markdown source file under the docs folder."""

    src: str  # MkDocs' src_uri: docs-relative, "/"-separated on every OS, e.g. "core/softmax.md"
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    body_start: int = 0  # offset of the first character after the front matter
    meta_error: Finding | None = None
    has_front_matter: bool = False
    newline: str = "\n"  # the file's own line ending, which --fix writes back

    @property
    def section(self) -> str | None:
        parts = PurePosixPath(self.src).parts
        return parts[0] if len(parts) == 2 else None

    @property
    def slug(self) -> str:
        return PurePosixPath(self.src).stem

    @property
    def url(self) -> str:
        """Site-relative directory URL, as MkDocs builds it with use_directory_urls."""
        stem = posixpath.splitext(self.src)[0]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"


@dataclass
class Term:
    """A concept: the record its page's front matter defines."""

    slug: str
    section: str
    src: str
    title: str
    summary: str
    aliases: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    kind: str | None = None
    not_mentions: list[str] = field(default_factory=list)
    prerequisites: list[str] = field(default_factory=list)  # slugs to read first

    @property
    def url(self) -> str:
        return f"{self.section}/{self.slug}/"

    @property
    def names(self) -> list[str]:
        return [self.title, *self.aliases]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def relative_url(target: str, page_url: str) -> str:
    """URL of the site-relative `target` as seen from the page at site-relative `page_url`."""
    base = page_url if not page_url or page_url.endswith("/") else posixpath.dirname(page_url)
    rel = posixpath.relpath(target or ".", base.strip("/") or ".")
    if not target or target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def relative_link(from_src: str, to_src: str) -> str:
    """Relative Markdown link from one docs source file to another."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
