"""Load a docs tree: every Markdown page, the terms their front matter defines, and the nav."""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.structure.files import Files, get_files

from dl_glossary.core import frontmatter
from dl_glossary.core.model import Finding, Page, Term
from dl_glossary.core.sources import normalise_newlines

GLOSSARY_PAGE = "glossary.md"
A_Z_MARKER = "<!-- glossary:a-z -->"
SECTION_MARKER = "<!-- glossary:section-terms -->"
RESOURCES_MARKER = "<!-- glossary:resources -->"
PATHS_MARKER = "<!-- glossary:paths -->"
MAP_MARKER = "<!-- glossary:map -->"
#: The folder of the learning paths (docs/paths/<slug>.md): not a section, no concept pages.
PATHS_DIR = "paths"


class ConfigError(Exception):
    """A configuration that cannot be read: reported as a GL000 finding with exit code 2."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.format())
        self.finding = finding


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

    @property
    def path_pages(self) -> list[Page]:
        """The learning paths' pages (docs/paths/<slug>.md), without their index."""
        return [page for src, page in self.pages.items() if is_path_source(src)]

    def sections(self) -> list[str]:
        """Folders that hold a section index, in nav order (then alphabetical)."""
        # Called for every backlinks section: posixpath's string functions, not a PurePosixPath
        # per page (which cost the build 0.3 s)
        found = {folder for folder, name in map(posixpath.split, self.pages)
                 if name == "index.md" and folder and not posixpath.dirname(folder)}
        found.discard(PATHS_DIR)
        order = [PurePosixPath(s).parts[0] for s in (self.nav_sources or [])
                 if s.endswith("/index.md")]
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
    parts = PurePosixPath(src).parts
    return len(parts) == 2 and parts[0] in section_dirs and parts[1] != "index.md"


def is_path_source(src: str) -> bool:
    """A learning path is a non-index Markdown file directly inside the paths folder."""
    parts = PurePosixPath(src).parts
    return len(parts) == 2 and parts[0] == PATHS_DIR and parts[1] != "index.md"


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
        prerequisites=str_list("prerequisites"),
    )


class _Collect(logging.Handler):
    """Keep the messages MkDocs logs while it validates a config."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_mkdocs(root: Path, config_file: str = "mkdocs.yml") -> tuple[MkDocsConfig, Files]:
    """MkDocs' own config and file list (so !ENV, INHERIT and exclude_docs behave as in
    MkDocs); any failure is a ConfigError with the config file's line and column."""
    path = root / config_file
    if not path.is_file():
        raise ConfigError(Finding(config_file, 1, 1, "GL000", "cannot read config: no such file"))
    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collect)
    try:
        config = load_config(config_file=str(path))
    except (ConfigurationError, Abort, yaml.YAMLError, OSError) as exc:
        raise ConfigError(_config_finding(config_file, exc, collect.messages)) from None
    finally:
        mkdocs_log.removeHandler(collect)
    if not Path(config.docs_dir).is_dir():
        name = Path(config.docs_dir).name
        raise ConfigError(Finding(config_file, 1, 1, "GL000", f"docs_dir {name!r} is not a folder"))
    try:
        files = get_files(config)
    except OSError as exc:
        raise ConfigError(Finding(config_file, 1, 1, "GL000", f"cannot list docs: {exc}")) from None
    return config, files


def _config_finding(config_file: str, exc: BaseException, messages: list[str]) -> Finding:
    cause = exc.__cause__ or exc.__context__ or exc
    mark = getattr(cause, "problem_mark", None)
    if mark is not None:
        problem = getattr(cause, "problem", None) or "invalid YAML"
        return Finding(config_file, mark.line + 1, mark.column + 1, "GL000", f"config: {problem}")
    detail = "; ".join(" ".join(m.split()) for m in messages) or " ".join(str(exc).split())
    return Finding(config_file, 1, 1, "GL000", f"config: {detail}")


def load_site(root: Path, config_file: str = "mkdocs.yml") -> Site:
    """Read mkdocs.yml through MkDocs and every Markdown page under its docs_dir."""
    config, files = load_mkdocs(root, config_file)
    return site_from_mkdocs(config, files)


def site_from_mkdocs(config: MkDocsConfig, files: Files) -> Site:
    """The site MkDocs' config and files describe (generated files left out)."""
    root = Path(config.config_file_path or ".").resolve().parent
    docs_dir = Path(config.docs_dir).resolve()
    try:
        prefix = docs_dir.relative_to(root).as_posix()
    except ValueError:
        prefix = docs_dir.as_posix()
    site = Site(root=root, docs_dir=docs_dir, docs_prefix=prefix)
    site.site_url = str(config.site_url or "")
    if config.nav is not None:
        site.nav_sources = _nav_sources(config.nav)
    for file in sorted(files, key=lambda f: f.src_uri):
        if file.generated_by or file.abs_src_path is None or file.inclusion.is_excluded():
            continue
        if not Path(file.abs_src_path).resolve().is_relative_to(docs_dir):
            continue  # theme files
        site.files.add(file.src_uri)
        if file.src_uri.endswith(".md"):
            site.pages[file.src_uri] = load_page(docs_dir, file.src_uri, site.path_of(file.src_uri))
    section_dirs = set(site.sections())
    for src, page in site.pages.items():
        if is_concept_source(src, section_dirs) and page.meta_error is None:
            term = term_from_page(page)
            if term is not None:
                site.terms[term.slug] = term
    return site


def load_page(docs_dir: Path, src: str, display_path: str) -> Page:
    """Read one page and its front matter; undecodable bytes become a GL000 finding."""
    raw = (docs_dir / PurePosixPath(src)).read_bytes()
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        page = Page(src=src, text="")
        page.meta_error = Finding(
            display_path, 1, exc.start + 1, "GL000", "file is not valid UTF-8"
        )
        return page
    text = normalise_newlines(decoded)
    meta, body_start, error, has_fm = frontmatter.parse(display_path, text)
    page = Page(src, text, meta, body_start, error, has_fm)
    page.newline = "\r\n" if "\r\n" in decoded else "\n"
    return page
