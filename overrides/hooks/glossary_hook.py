"""Thin MkDocs adapter: runs the glossary checker in every build and injects generated content.

All logic lives in `scripts/glossary`; this file only calls it at the right build events and
logs findings through MkDocs' logger, so `mkdocs build --strict` fails on any of them. What
needs only the terms (checker, generated lists, backlinks, exports) runs in a worker process
started at `on_files` (`glossary.background`) while MkDocs renders the pages.
Set DL_GLOSSARY_HOOK=0 to switch the hook off (used by the build benchmark).
"""

from __future__ import annotations

import logging
import os
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc

from glossary import (
    generated,
    headers,
    mathml,
    meta,
    minify,
    notebook_page,
    previews,
    purge_css,
    render,
    search_worker,
    site_files,
)
from glossary.background import Background
from glossary.loader import ConfigError, Site, load_site
from glossary.purge_css import PurgeError

log = logging.getLogger("mkdocs.hooks.glossary")
CACHE_DIR = ".cache"
ENABLED = os.environ.get("DL_GLOSSARY_HOOK", "1") != "0"


class _State:
    serving: bool = False
    site_dir: Path | None = None
    site: Site | None = None
    background: Background | None = None
    generated: Future[generated.Generated] | None = None
    written: Future[None] | None = None
    fragments: generated.Generated | None = None
    inline: headers.InlineCode = headers.InlineCode()
    page_hashes: dict[str, bytes] = {}  # noqa: RUF012 - one build's state
    predicted: dict[str, str] = {}  # noqa: RUF012 - Material's stylesheet -> expected purged name
    by_src: dict[str, Any] = {}  # noqa: RUF012 - one build's state
    by_url: dict[str, Any] = {}  # noqa: RUF012 - one build's state


state = _State()


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`, whose rebuilds skip the stylesheet purge."""
    state.serving = command == "serve"


def on_pre_build(config: Any) -> None:
    """Keep the last build's short links out of MkDocs' way; the worker updates them."""
    if ENABLED:
        state.site_dir = Path(config.site_dir)
        generated.keep_short_links(state.site_dir)


def on_files(files: Any, config: Any) -> Any:
    """Load every term; start the checker, generated HTML and files on the second core."""
    if not ENABLED:
        return files
    _close_background()
    root = Path(config.config_file_path).resolve().parent
    mathml.load_cache(root / CACHE_DIR)
    state.fragments = None
    state.inline = headers.InlineCode()  # what the pages carry inline, scanned as written
    state.page_hashes, state.predicted = {}, {}
    try:
        state.site = load_site(root, Path(config.config_file_path).name)
    except ConfigError as exc:
        log.error(exc.finding.format())
        state.site = None
        generated.restore_short_links(Path(config.site_dir))
        return files
    if not state.serving:
        state.predicted = purge_css.latest_names(root / CACHE_DIR)
    state.by_src = {term.src: term for term in state.site.terms.values()}
    state.by_url = {term.url: term for term in state.site.terms.values()}
    inputs = generated.BuildInputs(
        site=state.site,
        page_urls={file.src_uri: file.url for file in files.documentation_pages()},
        site_dir=Path(config.site_dir),
        markdown_extensions=list(config.markdown_extensions),
        markdown_configs=dict(config.mdx_configs or {}),
        site_url=config.site_url or "",
        site_name=config.site_name,
        site_description=config.site_description or "",
    )
    state.background = Background(inputs)
    state.generated = state.background.submit(generated.generate)
    state.written = state.background.submit(generated.write_files)
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Give each concept page its aliases, share links, metadata and search tags."""
    site = state.site
    if not ENABLED or site is None:
        return markdown
    src = page.file.src_uri
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
    return render.exclude_sources_from_search(markdown)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Clean a notebook's HTML before Material's search plugin indexes it."""
    if ENABLED and notebook_page.is_notebook(page.file.src_uri):
        return _notebook_content(html, page, config, files)
    return html


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Every page is rendered now: put the generated lists (from the worker) into their pages."""
    found = _generated() if ENABLED else None
    if found is None:
        return env
    for src, fragments in found.markers.items():
        file = files.get_file_from_path(src)
        page = None if file is None else file.page
        if page is None or page.content is None:
            continue
        for marker, fragment in fragments.items():
            page.content = page.content.replace(marker, fragment.html, 1)
            _extend_toc(page, fragment.toc)
    return env


@event_priority(-50)  # after Material's search plugin (priority 0) has indexed page.content
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Add the backlinks, hover previews on concept links, and formulas as MathML.

    Search indexes a page before this: formulas as their TeX source, not as MathML markup
    (which would triple the tags it parses), and not the backlinks, which it would skip anyway.
    """
    if not ENABLED or state.site is None:
        return context
    backlinks = state.fragments.backlinks.get(page.file.src_uri) if state.fragments else None
    if backlinks is not None:
        page.content += "\n" + backlinks.html
        _extend_toc(page, backlinks.toc)
    page.content = _render_math(previews.add_previews(page.content, page.url, state.by_url),
                                page, config)
    return context


def _generated() -> generated.Generated | None:
    """The background results (waiting for them the first time), findings logged once."""
    future, state.generated = state.generated, None
    if future is None:
        return state.fragments
    try:
        state.fragments = future.result()
    except BrokenProcessPool as exc:
        log.error(f"the glossary's worker process stopped ({exc}): this build has no checker "
                  "findings, generated lists or backlinks; build again")
        return None
    for finding in state.fragments.findings:
        log.warning(finding)
    return state.fragments


def _extend_toc(page: Any, tokens: list[dict[str, Any]]) -> None:
    """List a fragment's headings in the page's table of contents, under its title."""
    if not tokens or page.toc is None:
        return
    links = list(get_toc(tokens))
    items = page.toc.items
    (items[0].children if items and items[0].level == 1 else items).extend(links)


def _source_path(page: Any, config: Any) -> str:
    """How findings name a page's source: `docs/<src>`."""
    return f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}"


def _render_math(html: str, page: Any, config: Any) -> str:
    """Formulas as MathML; a formula that fails is a warning at its line in the page source."""
    if 'class="arithmatex"' not in html:
        return html
    path = _source_path(page, config)
    source = page.file.content_string

    def report(error: mathml.MathError) -> None:
        line = next((n for n, text in enumerate(source.splitlines(), 1) if error.tex in text), 1)
        log.warning(f"{path}:{line}:1: GL030 {error}")

    return mathml.render_math(html, report)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Send search queries through the normalising worker shim; drop the indentation."""
    if not ENABLED:
        return output
    return _written_page(search_worker.route_through_shim(output), page.file.dest_uri)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The same for the theme's own templates (404.html, sitemap.xml)."""
    if not ENABLED:
        return output_content
    if not template_name.endswith(".html"):
        return minify.strip_indentation(output_content)
    return _written_page(output_content, template_name)


def _written_page(output: str, dest: str) -> str:
    """A page as it is written: without indentation, scanned for the headers file, hashed for
    the stylesheet purge and pointed at the purged stylesheets the purge is expected to make."""
    output = minify.strip_indentation(output)
    state.inline.add(dest, output)
    state.page_hashes[dest] = purge_css.content_hash(output)
    return purge_css.point_at(output, state.predicted)


def _notebook_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Clean a notebook rendered by mkdocs-jupyter (before search indexing sees page.content)."""
    path = _source_path(page, config)

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
    written, state.written = state.written, None
    try:
        _generated()
        if written is not None:
            written.result()
    except (OSError, BrokenProcessPool) as exc:
        log.error(f"could not write the generated files into {site_dir}: {exc}")
    finally:
        _close_background()
    mathml.save_cache(state.site.root / CACHE_DIR)
    files = site_files.list_files(site_dir)
    if not state.serving:
        try:
            purged = purge_css.purge_site(site_dir, state.site.root / CACHE_DIR,
                                          page_hashes=state.page_hashes,
                                          pointed=state.predicted, files=files)
            files = purge_css.files_after(files, purged)
        except (PurgeError, OSError) as exc:
            log.warning(f"Material's stylesheets were not purged: {exc}")
    base_path = urlsplit(config.site_url or "/").path
    for style in headers.write_headers(site_dir, base_path, state.inline, files):
        log.warning(f"site/{style.page}:{style.line}:1: inline style attribute, blocked by the "
                    "Content-Security-Policy in _headers: use a class or an SVG attribute")


def on_build_error(error: Exception) -> None:
    """A failed build stops the worker (a rebuild may follow under serve)."""
    _close_background()
    if ENABLED and state.site_dir is not None:
        generated.restore_short_links(state.site_dir)


def _close_background() -> None:
    """Stop this build's worker, if any; what it had not finished is dropped."""
    background, state.background = state.background, None
    state.generated = state.written = None
    if background is not None:
        background.close()
