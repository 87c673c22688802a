"""Load a docs tree: every Markdown page, the terms their front matter defines, and the nav."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import frontmatter
from .model import Finding, Page, Term

GLOSSARY_PAGE = "glossary.md"
A_Z_MARKER = "<!-- glossary:a-z -->"
SECTION_MARKER = "<!-- glossary:section-terms -->"
RESOURCES_MARKER = "<!-- glossary:resources -->"


class ConfigError(Exception):
    """A configuration that cannot be read: reported as a GL000 finding with exit code 2."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.format())
        self.finding = finding


class _LenientLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loader (libyaml's when installed) reading !!python/name and !ENV as values."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_LenientLoader.add_multi_constructor("", _ignore_tag)


@dataclass
class Site:
    """A docs tree and what its pages define."""

    root: Path
    docs_dir: Path
    docs_prefix: str  # how findings name the docs folder, e.g. "docs"
    pages: dict[str, Page] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)  # by slug
    nav_sources: list[str] | None = None  # in nav order; None when mkdocs.yml has no nav
    site_url: str = ""
    files: set[str] = field(default_factory=set)  # every docs-relative file path

    def path_of(self, src: str) -> str:
        return f"{self.docs_prefix}/{src}" if self.docs_prefix else src

    @property
    def concept_pages(self) -> list[Page]:
        return [self.pages[t.src] for t in self.terms.values()]

    def sections(self) -> list[str]:
        """Folders that hold a section index, in nav order (then alphabetical)."""
        found = {src.split("/")[0] for src in self.pages
                 if src.count("/") == 1 and src.endswith("/index.md")}
        order = [s.split("/")[0] for s in (self.nav_sources or []) if s.endswith("/index.md")]
        ranked = {name: i for i, name in enumerate(dict.fromkeys(order))}
        return sorted(found, key=lambda s: (ranked.get(s, len(ranked)), s))

    def section_titles(self) -> dict[str, str]:
        """Section folder -> the title of its index page."""
        titles: dict[str, str] = {}
        for section in self.sections():
            title = self.pages[f"{section}/index.md"].meta.get("title")
            titles[section] = str(title) if title else section
        return titles


def is_concept_source(src: str, section_dirs: set[str]) -> bool:
    """A concept page is a non-index Markdown file directly inside a section folder."""
    parts = src.split("/")
    return len(parts) == 2 and parts[0] in section_dirs and parts[1] != "index.md"


def read_config(config_path: Path) -> dict[str, Any]:
    """Read mkdocs.yml, turning any failure into a ConfigError with a location."""
    name = config_path.name
    try:
        text = config_path.read_text(encoding="utf-8")
    except OSError as exc:
        finding = Finding(name, 1, 1, "GL000", f"cannot read config: {exc.strerror}")
        raise ConfigError(finding) from exc
    try:
        data = yaml.load(text, Loader=_LenientLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(Finding(name, line, col, "GL000", f"config: {problem}")) from exc
    if not isinstance(data, dict):
        raise ConfigError(Finding(name, 1, 1, "GL000", "config is not a mapping"))
    return data


def _nav_sources(nav: Any) -> list[str]:
    """Every file named in the nav, in order."""
    if isinstance(nav, str):
        return [nav.removeprefix("./")]
    if isinstance(nav, dict):
        return [src for value in nav.values() for src in _nav_sources(value)]
    if isinstance(nav, list):
        return [src for item in nav for src in _nav_sources(item)]
    return []


def term_from_page(page: Page) -> Term | None:
    """The term a concept page defines, or None when its front matter lacks the basics."""
    meta = page.meta
    title, summary = meta.get("title"), meta.get("summary")
    if not isinstance(title, str) or not isinstance(summary, str):
        return None

    def str_list(key: str) -> list[str]:
        value = meta.get(key) or []
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    kind = meta.get("kind")
    return Term(
        slug=page.slug,
        section=page.section or "",
        src=page.src,
        title=title.strip(),
        summary=" ".join(summary.split()),
        aliases=str_list("aliases"),
        related=str_list("related"),
        kind=str(kind) if kind else None,
        not_mentions=str_list("not_mentions"),
    )


def load_site(root: Path, config_file: str = "mkdocs.yml") -> Site:
    """Read mkdocs.yml and every Markdown page under its docs_dir."""
    config = read_config(root / config_file)
    docs_name = str(config.get("docs_dir") or "docs")
    docs_dir = (root / docs_name).resolve()
    if not docs_dir.is_dir():
        raise ConfigError(
            Finding(config_file, 1, 1, "GL000", f"docs_dir {docs_name!r} is not a folder")
        )
    site = Site(root=root, docs_dir=docs_dir, docs_prefix=posixpath.normpath(docs_name))
    site.site_url = str(config.get("site_url") or "")
    if "nav" in config:
        site.nav_sources = _nav_sources(config["nav"])

    for dirpath, dirnames, filenames in os.walk(docs_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = Path(dirpath).relative_to(docs_dir).as_posix()
        for name in sorted(filenames):
            src = name if rel_dir == "." else f"{rel_dir}/{name}"
            site.files.add(src)
            if name.endswith(".md"):
                site.pages[src] = load_page(docs_dir, src, site.path_of(src))

    section_dirs = set(site.sections())
    for src, page in site.pages.items():
        if is_concept_source(src, section_dirs) and page.meta_error is None:
            term = term_from_page(page)
            if term is not None:
                site.terms[term.slug] = term
    return site


def load_page(docs_dir: Path, src: str, display_path: str) -> Page:
    """Read one page and its front matter; undecodable bytes become a GL000 finding."""
    raw = (docs_dir / src).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        page = Page(src=src, text="")
        page.meta_error = Finding(
            display_path, 1, exc.start + 1, "GL000", "file is not valid UTF-8"
        )
        return page
    meta, body_start, error, has_fm = frontmatter.parse(display_path, text)
    return Page(src, text, meta, body_start, error, has_fm)
