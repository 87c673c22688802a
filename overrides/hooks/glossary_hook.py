"""Thin MkDocs adapter: runs the glossary checker in every build and injects generated content.

All logic lives in `scripts/glossary`; this file only calls it at the right build events and
logs findings through MkDocs' logger, so `mkdocs build --strict` fails on any of them.
Set DL_GLOSSARY_HOOK=0 to switch the hook off (used by the build benchmark).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from glossary import mathml, render  # noqa: E402
from glossary.checks import Report, check_site  # noqa: E402
from glossary.loader import A_Z_MARKER, SECTION_MARKER, ConfigError, Site, load_site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.glossary")
ENABLED = os.environ.get("DL_GLOSSARY_HOOK", "1") != "0"


class _State:
    site: Site | None = None
    report: Report | None = None
    by_src: dict[str, Any] = {}  # noqa: RUF012 - one build's state


state = _State()


def on_files(files: Any, config: Any) -> Any:
    """Load every term and run the checker once per build, before any page renders."""
    if not ENABLED:
        return files
    root = Path(config.config_file_path).resolve().parent
    try:
        state.site = load_site(root, Path(config.config_file_path).name)
    except ConfigError as exc:
        log.error(exc.finding.format())
        state.site = state.report = None
        return files
    state.report = check_site(state.site)
    state.by_src = {term.src: term for term in state.site.terms.values()}
    for finding in state.report.findings:
        log.warning(finding.format())
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the generated indexes and give each concept page its aliases and backlinks."""
    site, report = state.site, state.report
    if not ENABLED or site is None or report is None:
        return markdown
    src = page.file.src_uri
    if A_Z_MARKER in markdown:
        markdown = markdown.replace(A_Z_MARKER, render.a_to_z(site, src))
    if SECTION_MARKER in markdown:
        markdown = markdown.replace(
            SECTION_MARKER, render.section_terms(site, src.split("/")[0], src)
        )
    term = state.by_src.get(src)
    if term is None:
        return markdown
    aka = render.also_known_as(term)
    if aka:
        head, sep, rest = markdown.partition("\n")
        markdown = f"{head}\n\n{aka}{sep}{rest}" if head.startswith("# ") else aka + markdown
    return markdown + render.referenced_by(site, term, report.incoming.get(term.slug, ()))


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Render formulas as MathML at build time."""
    if 'class="arithmatex"' not in html:
        return html
    path = f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}"
    source = page.file.content_string

    def report(error: mathml.MathError) -> None:
        line = next((n for n, text in enumerate(source.splitlines(), 1) if error.tex in text), 1)
        log.warning(f"{path}:{line}:1: GL030 {error}")

    return mathml.render_math(html, report)
