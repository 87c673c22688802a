"""Thin MkDocs adapter: runs the glossary checker in every build and injects generated content.

All logic lives in `scripts/glossary`; this file only calls it at the right build events and
logs findings through MkDocs' logger, so `mkdocs build --strict` fails on any of them.
Set DL_GLOSSARY_HOOK=0 to switch the hook off (used by the build benchmark).
"""

from __future__ import annotations

import logging
import os
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from glossary import (
    demo_assets,
    export,
    headers,
    mathml,
    meta,
    minify,
    notebook_page,
    previews,
    purge_css,
    render,
    search_worker,
    social,
)
from glossary.checks import Report, check_site
from glossary.loader import (
    A_Z_MARKER,
    RESOURCES_MARKER,
    SECTION_MARKER,
    ConfigError,
    Site,
    load_site,
)
from glossary.purge_css import PurgeError

log = logging.getLogger("mkdocs.hooks.glossary")
SOCIAL_CARD = "assets/social-card.png"
CACHE_DIR = ".cache"
ENABLED = os.environ.get("DL_GLOSSARY_HOOK", "1") != "0"
#: Writes the files that depend only on the terms while MkDocs renders the pages.
WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="glossary-files")
SWITCH_INTERVAL = sys.getswitchinterval()


class _State:
    serving: bool = False
    site: Site | None = None
    report: Report | None = None
    generated: Future[None] | None = None
    by_src: dict[str, Any] = {}  # noqa: RUF012 - one build's state
    by_url: dict[str, Any] = {}  # noqa: RUF012 - one build's state


state = _State()


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`, whose rebuilds skip the stylesheet purge."""
    state.serving = command == "serve"


def on_files(files: Any, config: Any) -> Any:
    """Load every term and run the checker once per build, before any page renders."""
    if not ENABLED:
        return files
    root = Path(config.config_file_path).resolve().parent
    mathml.load_cache(root / CACHE_DIR)
    try:
        state.site = load_site(root, Path(config.config_file_path).name)
    except ConfigError as exc:
        log.error(exc.finding.format())
        state.site = state.report = None
        return files
    state.report = check_site(state.site)
    state.by_src = {term.src: term for term in state.site.terms.values()}
    state.by_url = {term.url: term for term in state.site.terms.values()}
    for finding in state.report.findings:
        log.warning(finding.format())
    # The writer thread mostly waits on the file system; a shorter switch interval hands it
    # the interpreter lock soon after each wait instead of up to 5 ms later.
    sys.setswitchinterval(min(SWITCH_INTERVAL, 0.0005))
    state.generated = WRITER.submit(_write_generated_files, state.site, config)
    return files


def _write_generated_files(site: Site, config: Any) -> None:
    """The exports, short links and build-time assets: they need the terms, not the pages."""
    site_dir = Path(config.site_dir)
    export.write_exports(
        site, site_dir, config.site_url or "", config.site_name, config.site_description or ""
    )
    demo_assets.write_demo_assets(site, site_dir)
    search_worker.write_search_names(site, site_dir)
    social.write_card(
        site_dir / SOCIAL_CARD,
        config.site_name,
        config.site_description or "",
        "One page per concept · searchable · linkable",
    )


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
    if RESOURCES_MARKER in markdown:
        markdown = markdown.replace(
            RESOURCES_MARKER, render.resources(site, site.section_titles(), src)
        )
    summary = page.meta.get("summary")
    if isinstance(summary, str) and not page.meta.get("description"):
        page.meta["description"] = " ".join(summary.split())
    if src == "glossary.md":
        page.meta["jsonld"] = meta.defined_term_set(
            site, config.site_url or "", config.site_name, page.meta.get("description", "")
        )
    term = state.by_src.get(src)
    if term is None:
        return markdown
    page.meta["concept"] = True
    page.meta["tags"] = meta.search_tags(term)
    page.meta.setdefault("search", {}).setdefault("boost", meta.CONCEPT_SEARCH_BOOST)
    page.meta["jsonld"] = meta.defined_term(term, config.site_url or "", config.site_name)
    under_title = render.also_known_as(term) + render.share_links(term, page.canonical_url or "")
    head, sep, rest = markdown.partition("\n")
    if head.startswith("# "):
        markdown = f"{head}\n\n{under_title}{sep}{rest}"
    else:
        markdown = under_title + markdown
    markdown = render.exclude_sources_from_search(markdown)
    return markdown + render.referenced_by(site, term, report.incoming.get(term.slug, ()))


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Put summaries on concept links (hover previews) and render formulas as MathML."""
    if not ENABLED:
        return html
    if notebook_page.is_notebook(page.file.src_uri):
        html = _notebook_content(html, page, config, files)
    if state.by_url:
        html = previews.add_previews(html, page.url, state.by_url)
    if 'class="arithmatex"' not in html:
        return html
    path = f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}"
    source = page.file.content_string

    def report(error: mathml.MathError) -> None:
        line = next((n for n, text in enumerate(source.splitlines(), 1) if error.tex in text), 1)
        log.warning(f"{path}:{line}:1: GL030 {error}")

    return mathml.render_math(html, report)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Send search queries through the normalising worker shim; drop the indentation."""
    if not ENABLED:
        return output
    return minify.strip_indentation(search_worker.route_through_shim(output))


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The same for the theme's own templates (404.html, sitemap.xml)."""
    return minify.strip_indentation(output_content) if ENABLED else output_content


def _notebook_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Clean a notebook rendered by mkdocs-jupyter (before search indexing sees page.content)."""
    path = f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}"

    def url_of(src_uri: str) -> str | None:
        file = files.get_file_from_path(src_uri)
        return None if file is None else file.url

    return notebook_page.process_notebook(
        html,
        page.file.src_uri,
        page.url,
        url_of,
        on_math_error=lambda error: log.warning(f"{path}:1:1: GL030 {error}"),
        on_missing_link=lambda href: log.warning(
            f"{path}:1:1: GL012 link '{href}' does not point to a page of the site"
        ),
        alts=notebook_page.image_alts(Path(page.file.abs_src_path).read_text(encoding="utf-8")),
    )


def on_post_build(config: Any) -> None:
    """Finish the generated files, trim Material's stylesheets and write the headers file."""
    if not ENABLED or state.site is None:
        return
    site_dir = Path(config.site_dir)
    _finish_generated_files(site_dir)
    mathml.save_cache(state.site.root / CACHE_DIR)
    if not state.serving:
        try:
            purge_css.purge_site(site_dir, state.site.root / CACHE_DIR)
        except (PurgeError, OSError) as exc:
            log.warning(f"Material's stylesheets were not purged: {exc}")
    for style in headers.write_headers(site_dir, urlsplit(config.site_url or "/").path):
        log.warning(f"site/{style.page}:{style.line}:1: inline style attribute, blocked by the "
                    "Content-Security-Policy in _headers: use a class or an SVG attribute")


def on_build_error(error: Exception) -> None:
    """A failed build still waits for the writer thread (a rebuild may follow under serve)."""
    _finish_generated_files(None)


def _finish_generated_files(site_dir: Path | None) -> None:
    """Wait for the writer thread, report what it could not write, restore the switch interval."""
    future, state.generated = state.generated, None
    try:
        if future is not None:
            future.result()
    except OSError as exc:
        log.error(f"could not write the generated files into {site_dir or 'the site'}: {exc}")
    finally:
        sys.setswitchinterval(SWITCH_INTERVAL)
