"""The MkDocs plugin: runs the glossary checker in every build and adds what it generates.

All logic lives in the layers below (`dl_glossary.check`, the renderers and exports in this
package, `dl_glossary.postprocess`); the plugin only calls them at the right build events and
logs findings through MkDocs' logger, so `mkdocs build --strict` fails on any of them. What
needs only the terms (checker, generated lists, backlinks, exports) runs in a worker process
started at `on_files` (`dl_glossary.build.worker`) while MkDocs renders the pages; the files it
makes are registered as MkDocs files, which MkDocs copies, cleans and serves like any other.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from dl_glossary.build import (
    advice,
    cold_assets,
    generated,
    learning,
    material,
    mathml,
    meta,
    mkdocs_cli,
    notebook_page,
    practice,
    previews,
    render,
    site_url,
)
from dl_glossary.build.worker import Worker, WorkerError
from dl_glossary.core.loader import ConfigError, Site, is_path_source, site_from_mkdocs
from dl_glossary.core.model import relative_url
from dl_glossary.core.practice import questions_of
from dl_glossary.postprocess import (
    headers,
    kept_output,
    minify,
    minify_js,
    node_tool,
    purge_css,
    site_files,
)
from dl_glossary.postprocess.minify_js import MinifyError
from dl_glossary.postprocess.purge_css import PurgeError

log = get_plugin_logger(__name__)


#: Where a concept page's share links and prerequisites go, between on_page_markdown and
#: on_page_content (an HTML comment, which Markdown passes through as it is).
UNDER_TITLE_MARKER = "<!-- dl-glossary:under-title -->"


class GlossaryConfig(base.Config):
    """Options under `plugins: - dl-glossary:` in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    """Run the checker and add generated content (off: a plain Material build, for benchmarks)."""
    worker_timeout = c.Type((int, float), default=120)
    """Seconds to wait for the worker's results before the build fails with a message."""
    purge_css = c.Type(bool, default=True)
    """Trim Material's stylesheets with PurgeCSS when `npm ci` has installed it."""
    minify_js = c.Type(bool, default=True)
    """Minify the site's own scripts with esbuild when `npm ci` has installed it."""
    cache_dir = c.Type(str, default=".cache")
    """Folder, relative to mkdocs.yml, for caches kept between builds (formulas, purge, BPE)."""


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Checker findings as build warnings; generated lists, backlinks, previews and exports."""

    def __init__(self) -> None:
        self.serving = False
        self.job: cold_assets.Job | None = None
        self.early_job: cold_assets.Job | None = None  # started by load_config, for on_config
        self.held: kept_output.Held | None = None  # our folders, out of MkDocs' clean
        self._reset()

    def _reset(self) -> None:
        self.site: Site | None = None
        self.worker: Worker | None = None
        self.generated: Future[generated.Generated] | None = None
        self.made: Future[generated.Made] | None = None
        self.formulas: Future[dict[str, str]] | None = None
        self.fragments: generated.Generated | None = None
        self.generated_files: dict[str, File] = {}
        # cold assets not made by on_env (with their inclusion level), copied at post_build
        self.held_back: list[tuple[File, InclusionLevel]] = []
        self.inline = headers.InlineCode()
        self.page_hashes: dict[str, bytes] = {}
        self.purge_stream: purge_css.PurgeStream | None = None
        self.written: str | None = None  # the page given to MkDocs to write, last
        self.stream_scripts: list[str] = []  # read by PurgeCSS once MkDocs has copied them
        self.site_dir = Path()
        self.by_src: dict[str, Any] = {}
        self.by_url: dict[str, Any] = {}
        self.following: dict[str, list[Any]] = {}  # slug -> the concepts that need it first
        self.minutes: dict[str, int] | None = None  # slug -> reading time, for the paths
        self.section_titles: dict[str, str] = {}
        self.under_title: dict[str, str] = {}  # page source -> HTML for UNDER_TITLE_MARKER
        self.files: Files | None = None  # the build's files, as at on_env
        self.notebook_figures: dict[str, bytes] = {}  # site path -> PNG taken out of a notebook

    @property
    def root(self) -> Path:
        return self.site.root if self.site is not None else Path.cwd()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[Any, Any]:
        """Read the options; in `mkdocs build` on a cold cache, start the card job already, on
        the core that is idle while MkDocs loads the rest of its config (it trains the
        vocabulary on `docs/`, MkDocs' default docs folder, until its order comes)."""
        errors, warnings = super().load_config(options, config_file_path)
        if not errors and self.config.enabled and mkdocs_cli.building():
            cache = self._cache_of(config_file_path)
            if not cold_assets.looks_warm(cache):
                root = Path(config_file_path or ".").resolve().parent
                self.early_job = cold_assets.Job(float(self.config.worker_timeout),
                                                 guess_docs=root / "docs")
                log.debug("the card job started while the config loads")
        return errors, warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, whose rebuilds skip the stylesheet purge."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Warn (once, not counted by --strict) when links will name this machine; on a cold
        cache, start the job that draws the concept cards (`cold_assets`)."""
        if self.config.enabled and not self.serving:
            site_url.warn_if_local(config.site_url)
        early, self.early_job = self.early_job, None
        self._stop_job()
        if self.config.enabled and not cold_assets.looks_warm(self._cache_dir(config)):
            self.job = early or cold_assets.Job(float(self.config.worker_timeout),
                                                guess_docs=Path(config.docs_dir))
        elif early is not None:
            early.kill()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Move our own output folders out of MkDocs' way before it empties the site folder
        (`kept_output`): a build into the previous folder then rewrites only what changed."""
        if self.config.enabled:
            self.held = kept_output.hold(Path(config.site_dir), self._cache_dir(config),
                                         generated.own_folders())

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Load every term; register the generated files; start the worker on the second core."""
        held, self.held = self.held, None
        if held is not None:  # MkDocs has emptied the site folder
            held.restore()
        self._close_worker()
        self._reset()
        if not self.config.enabled:
            return files
        try:
            site = site_from_mkdocs(config, files)
        except ConfigError as exc:
            log.error(exc.finding.format())
            self._stop_job()
            return files
        self.site = site
        mathml.load_cache(site.root / self.config.cache_dir)
        self.by_src = {term.src: term for term in site.terms.values()}
        self.by_url = {term.url: term for term in site.terms.values()}
        self.following = learning.dependents(site)
        self.section_titles = site.section_titles()
        by_job = set(cold_assets.uris(site)) if self.job is not None else set()
        for uri in generated.file_uris(site):
            if files.get_file_from_path(uri) is not None:
                log.warning(f"{site.path_of(uri)}: clashes with the {uri} that the glossary "
                            "generates; rename or remove it")
                continue
            if uri in by_job:  # filled from the cache once the job is done
                file = File.generated(config, uri, content=b"")
            else:  # written into site_dir by the worker: MkDocs' `File.copy_file` skips a
                # file backed by its own destination ("Let plugins write directly into site_dir")
                file = File.generated(config, uri,
                                      abs_src_path=os.path.join(config.site_dir, uri))
            files.append(file)
            self.generated_files[uri] = file
        for file in [file for file in files if minify.is_own_stylesheet(file.src_uri)]:
            files.remove(file)
            files.append(File.generated(config, file.src_uri,
                                        content=minify.stylesheet(file.content_string)))
        if self.job is not None:  # the cache looked cold at on_config
            self.job.send(cold_assets.order(site, config.site_name, self._cache_dir(config)))
        inputs = generated.BuildInputs(
            site=site,
            page_urls={file.src_uri: file.url for file in files.documentation_pages()},
            markdown_extensions=list(config.markdown_extensions),
            markdown_configs=dict(config.mdx_configs or {}),
            site_url=config.site_url or "",
            site_name=config.site_name,
            site_description=config.site_description or "",
            cache_dir=self._cache_dir(config),
            cold_assets=self.job is None,
            site_dir=Path(config.site_dir),
        )
        self.worker = Worker(inputs, timeout=float(self.config.worker_timeout))
        self.generated = self.worker.submit(generated.generate)
        self.made = self.worker.submit(generated.make_scanned_files)
        self.formulas = self.worker.submit(generated.convert_formulas)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give each concept page its aliases, share links, questions and metadata."""
        site = self.site
        if site is None:
            return markdown
        # Search reads search/documents.json, built from the sources in the worker; Material's
        # own index of the rendered pages would go unused, so its documented per-page
        # `search: exclude` spares the build that work.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        summary = page.meta.get("summary")
        if isinstance(summary, str) and not page.meta.get("description"):
            page.meta["description"] = " ".join(summary.split())
        if page.file.src_uri == "glossary.md":
            page.meta["jsonld"] = meta.defined_term_set(
                site, config.site_url or "", config.site_name, page.meta.get("description", "")
            )
        if is_path_source(page.file.src_uri):
            return self._path_page(markdown, page)
        term = self.by_src.get(page.file.src_uri)
        if term is None:
            return markdown
        page.meta["concept"] = True
        page.meta["jsonld"] = meta.defined_term(term, config.site_url or "", config.site_name)
        page.meta.update(meta.social_image(term, config.site_url or "", config.site_name,
                                           self.section_titles))
        questions = practice.questions_block(questions_of(site.pages[term.src]))
        markdown = practice.after_definition(markdown, questions)
        # The share links and the prerequisites are HTML already: kept out of Markdown's way
        # (its raw-HTML parsing of them cost 0.3 s a build) and put in at on_page_content.
        self.under_title[page.file.src_uri] = (render.share_links(term)
                                               + learning.before_this(site, term, page.url))
        under_title = render.also_known_as(term) + "\n" + UNDER_TITLE_MARKER + "\n"
        head, sep, rest = markdown.partition("\n")
        if head.startswith("# "):
            markdown = f"{head}\n\n{under_title}{sep}{rest}"
        else:
            markdown = under_title + markdown
        return render.exclude_sources_from_search(markdown)

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Keep the page out of Material's search index; clean a notebook's HTML."""
        if self.site is None:
            return html
        material.leave_out_of_materials_index(page.meta)
        under_title = self.under_title.pop(page.file.src_uri, None)
        if under_title is not None:
            html = html.replace(UNDER_TITLE_MARKER, under_title.strip("\n"), 1)
        if notebook_page.is_notebook(page.file.src_uri):
            return self._notebook_content(html, page, files)
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered: put in the generated lists and the generated files' bytes."""
        self.files = files
        for uri, png in self.notebook_figures.items():  # MkDocs copies the files next
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=png))
        found = self._generated()
        if found is not None:
            for src, fragments in found.markers.items():
                file = files.get_file_from_path(src)
                page = None if file is None else file.page
                if page is None or page.content is None:
                    continue
                for marker, fragment in fragments.items():
                    page.content = page.content.replace(marker, fragment.html, 1)
                    _extend_toc(page, fragment.toc)
        self._fill_generated_files()
        self._take_formulas()
        self._fill_or_hold_back_cold_assets(config)
        self._start_purge_stream(config, files)
        # Both results are in: let the worker exit now, so the pages MkDocs writes from here on
        # no longer share memory with it (each first write to a shared page costs a copy).
        self._close_worker()
        return env

    @event_priority(-50)  # after Material's search plugin (priority 0) has indexed page.content
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        """Add the backlinks, hover previews on concept links, and formulas as MathML.

        Search indexes a page before this: formulas as their TeX source, not as MathML markup,
        and not the backlinks, which it would skip anyway.
        """
        if self.site is None or page.content is None:
            return context
        term = self.by_src.get(page.file.src_uri)
        if term is not None:
            leads, toc = learning.leads_to(term, self.following.get(term.slug, []))
            page.content += leads
            _extend_toc(page, toc)
        backlinks = self.fragments.backlinks.get(page.file.src_uri) if self.fragments else None
        if backlinks is not None:
            page.content += "\n" + backlinks.html
            _extend_toc(page, backlinks.toc)
        content = previews.add_previews(page.content, page.url, self.by_url)
        page.content = self._render_math(content, page)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Point Material's search at the site's search worker; drop the indentation."""
        if self.site is None:
            return output
        return self._written_page(material.route_through_shim(output), page.file.dest_uri)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The same for the theme's own templates (404.html, sitemap.xml)."""
        if self.site is None:
            return output_content
        if not template_name.endswith(".html"):
            return minify.strip_indentation(output_content)
        return self._written_page(output_content, template_name)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Trim Material's stylesheets, minify our scripts and write the headers file."""
        site = self.site
        self._close_worker()
        site_dir = Path(config.site_dir)
        files = self._prune_own_folders(site_dir, *site_files.walk(site_dir))
        if site is None:
            self._cancel_purge_stream()
            return
        cache = self._cache_dir(config)
        mathml.save_cache(cache)
        material.stub_search_index(site_dir)
        # PurgeCSS and esbuild run on the other core (threads that wait on Node) while this
        # one copies the cards held back at on_env, drawing those the job has not reached.
        with ThreadPoolExecutor(max_workers=2) as pool:
            purged = (pool.submit(self._purge, site_dir, cache, files)
                      if self.config.purge_css and not self.serving else None)
            minified = (pool.submit(self._minified_copies, site_dir, cache, files)
                        if self.config.minify_js and not self.serving else None)
            held_back = self._copy_held_back(config)
            files = files if purged is None else purged.result()
        self._cancel_purge_stream()  # not used (PurgeCSS went missing since on_env)
        copies = None if minified is None else minified.result()
        if copies is not None:  # once PurgeCSS has read the scripts as written
            copies.write_back(site_dir)
        files = sorted({*files, *held_back})
        base_path = urlsplit(config.site_url or "/").path
        for style in headers.write_headers(site_dir, base_path, self.inline, files):
            log.warning(f"site/{style.page}:{style.line}:1: inline style attribute, blocked by "
                        "the Content-Security-Policy in _headers: use a class or an SVG attribute")

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build stops the worker, the card job and PurgeCSS (a rebuild may follow
        under serve)."""
        self._close_worker()
        self._stop_job()
        self._cancel_purge_stream()
        held, self.held = self.held, None
        if held is not None:
            kept_output.drop(held.hold)

    # -- helpers ---------------------------------------------------------------------------
    def _generated(self) -> generated.Generated | None:
        """The worker's findings and fragments (waiting the first time), findings logged once."""
        future, self.generated = self.generated, None
        if future is None or self.worker is None:
            return self.fragments
        try:
            self.fragments = self.worker.result(future, "checker results")
        except WorkerError as exc:
            log.error(f"{exc}: this build has no checker findings, generated lists or backlinks")
            return None
        for finding in self.fragments.findings:
            log.warning(finding)
        return self.fragments

    def _fill_generated_files(self) -> None:
        """Hand the worker's files to the MkDocs files registered for them at on_files."""
        future, self.made = self.made, None
        made: generated.Made | None = None
        if future is not None and self.worker is not None:
            try:
                made = self.worker.result(future, "generated files")
            except WorkerError as exc:
                log.error(f"{exc}: the exports and short links were not made")
        if made is not None:
            self.inline.merge(made.inline)  # the pages among them, scanned for the headers file
        for uri, file in self.generated_files.items():
            if file.abs_src_path is None or (made is not None and uri in made.written):
                continue  # the card job's (filled later), or on disk: written by the worker
            if made is not None:
                log.error(f"the worker made no {uri}")
            file.inclusion = InclusionLevel.EXCLUDED  # not on disk: nothing for MkDocs to copy

    def _cache_dir(self, config: MkDocsConfig) -> Path:
        return self._cache_of(config.config_file_path)

    def _cache_of(self, config_file_path: str | None) -> Path:
        return Path(config_file_path or ".").resolve().parent / self.config.cache_dir

    def _fill_or_hold_back_cold_assets(self, config: MkDocsConfig) -> None:
        """The card job's files: filled in if it is done, else held back from MkDocs' copy."""
        if self.job is None or self.site is None:
            return
        if self.job.done:
            self._fill_cold_assets(config)
            return
        # MkDocs copies the files right after on_env; these are copied by `_copy_held_back`
        # once the pages are written, while the job has had that time to finish.
        self.held_back = [(self.generated_files[uri], self.generated_files[uri].inclusion)
                          for uri in cold_assets.uris(self.site) if uri in self.generated_files]
        for file, _ in self.held_back:
            file.inclusion = InclusionLevel.EXCLUDED

    def _fill_cold_assets(self, config: MkDocsConfig) -> None:
        """Wait for the card job; write its files (read from the cache) into the site folder,
        where MkDocs' copy of them is then skipped (`_backed_by_destination`)."""
        job, self.job = self.job, None
        if job is None or self.site is None:
            return
        # At post_build this process has nothing else to do: it draws cards from the end while
        # the job goes on from the start (the two cores share what is left).
        cold_assets.draw_from_the_end(self.site, config.site_name, self._cache_dir(config),
                                      lambda: job.done)
        try:
            job.wait()
        except cold_assets.JobError as exc:
            advice.warn(f"dl-glossary: {exc}; the build draws the cards itself")
        made = cold_assets.files(self.site, config.site_name, self._cache_dir(config))
        for uri, content in made.items():  # every file, made here if the job did not
            file = self.generated_files.get(uri)
            if file is None:
                continue
            kept_output.write_if_changed(Path(file.abs_dest_path), content)  # kept, if unchanged
            self._backed_by_destination(config, file)

    def _backed_by_destination(self, config: MkDocsConfig, file: File) -> None:
        """Put in file's place a File backed by its own destination, written already: MkDocs'
        `File.copy_file` skips it ("Let plugins write directly into site_dir")."""
        backed = File.generated(config, file.src_uri, abs_src_path=file.abs_dest_path)
        backed.inclusion = file.inclusion
        self.generated_files[file.src_uri] = backed
        if self.files is not None and self.files.get_file_from_path(file.src_uri) is file:
            self.files.remove(file)
            self.files.append(backed)

    def _copy_held_back(self, config: MkDocsConfig) -> list[str]:
        """Write the files held back at on_env (`_fill_cold_assets`); their site paths."""
        held, self.held_back = self.held_back, []
        if not held:
            return []
        for file, inclusion in held:
            file.inclusion = inclusion
        self._fill_cold_assets(config)
        return [file.dest_uri for file, _ in held]

    def _prune_own_folders(self, site_dir: Path, listed: list[str], empty: list[str]
                           ) -> list[str]:
        """Delete what our kept folders hold from the last build but this one did not make;
        the listed files that are left."""
        if self.files is None:
            return listed
        kept = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
        wanted = {file.dest_uri for file in self.files if kept(file.inclusion)}
        wanted.update(file.dest_uri for file, _ in self.held_back)  # copied at post_build
        deleted = set(kept_output.prune(site_dir, generated.own_folders(), wanted, listed,
                                        empty))
        return [rel for rel in listed if rel not in deleted] if deleted else listed

    def _stop_job(self) -> None:
        job, self.job = self.job, None
        early, self.early_job = self.early_job, None
        self.held_back = []
        for stopped in (job, early):
            if stopped is not None:
                stopped.kill()

    def _take_formulas(self) -> None:
        """Formulas the worker converted ahead (a cold cache): the pages' MathML is then read
        from the cache. Without them, rendering the pages converts each formula itself."""
        future, self.formulas = self.formulas, None
        if future is None or self.worker is None:
            return
        # A worker that failed is reported with the other results; the pages then convert
        # their formulas themselves.
        with contextlib.suppress(WorkerError):
            mathml.add_converted(self.worker.result(future, "formulas"))

    def _close_worker(self) -> None:
        worker, self.worker = self.worker, None
        self.generated = self.made = self.formulas = None
        if worker is not None:
            worker.close()

    def _purge(self, site_dir: Path, cache: Path, files: list[str]) -> list[str]:
        node_modules = self.root / "node_modules"
        if not purge_css.purgecss_available(node_modules):
            log.info("PurgeCSS is not installed (`npm ci` or `make build` installs it): "
                     "Material's stylesheets are kept whole")
            return files
        # The generated redirect pages use no class and link no stylesheet: PurgeCSS need not
        # read them, nor the purge point them at the new stylesheets.
        generated_pages = {uri for uri in self.generated_files if uri.endswith(".html")}
        themed = [rel for rel in files if rel not in generated_pages]
        stream, self.purge_stream = self.purge_stream, None
        try:
            purged = purge_css.purge_site(site_dir, cache, node_modules,
                                          page_hashes=self.page_hashes, files=themed,
                                          stream=stream)
        except (PurgeError, OSError) as exc:
            log.warning(f"Material's stylesheets were not purged: {exc}")
            return files
        return purge_css.files_after(files, purged)

    def _minified_copies(self, site_dir: Path, cache: Path, files: list[str]
                         ) -> minify_js.Copies | None:
        """The site's own scripts minified into the cache (None: they stay as written)."""
        node_modules = self.root / "node_modules"
        if not minify_js.esbuild_available(node_modules):
            log.info("esbuild is not installed (`npm ci` or `make build` installs it): "
                     "the site's scripts are served as written")
            return None
        try:
            return minify_js.minified_copies(site_dir, files, cache, node_modules)
        except (MinifyError, OSError) as exc:
            log.warning(f"the site's scripts were not minified: {exc}")
            return None

    def _path_page(self, markdown: str, page: Page) -> str:
        """A learning path's page: its goal, reading time and ordered steps from front matter."""
        path = learning.path_of(self.site, page.file.src_uri) if self.site else None
        if self.site is None or path is None:
            return markdown
        if self.minutes is None:  # once a build, for the steps of every path
            steps = {s.concept for p in learning.learning_paths(self.site) for s in p.steps}
            self.minutes = learning.reading_minutes(self.site, steps)
        return learning.path_body(self.site, path, markdown, page.url, self.minutes)

    def _source_path(self, page: Page) -> str:
        """How findings name a page's source, e.g. `docs/core/softmax.md`."""
        return self.site.path_of(page.file.src_uri) if self.site else page.file.src_uri

    def _render_math(self, html: str, page: Page) -> str:
        """Formulas as MathML; a formula that fails is a warning at its line in the source."""
        if 'class="arithmatex"' not in html:
            return html
        path = self._source_path(page)
        source = page.file.content_string

        def report(error: mathml.MathError) -> None:
            line = next((n for n, text in enumerate(source.splitlines(), 1)
                         if error.tex in text), 1)
            log.warning(f"{path}:{line}:1: GL030 {error}")

        return mathml.render_math(html, report)

    def _written_page(self, output: str, dest: str) -> str:
        """A page as written: without indentation, scanned for the headers file, hashed for
        the stylesheet purge's cache key."""
        output = minify.strip_indentation(output)
        self.inline.add(dest, output)
        self.page_hashes[dest] = node_tool.content_hash(output)
        if self.purge_stream is not None:  # MkDocs writes a page after this returns
            if self.written is not None:
                self.purge_stream.add(self.site_dir / self.written)
            else:  # the first page: MkDocs has copied the static files, the scripts among them
                for script in self.stream_scripts:
                    self.purge_stream.add(self.site_dir / script)
            self.written = dest
        return output

    def _start_purge_stream(self, config: MkDocsConfig, files: Files) -> None:
        """On a cold cache, start PurgeCSS now, to read each page as soon as it is written."""
        node_modules = self.root / "node_modules"
        if (self.site is None or self.serving or not self.config.purge_css
                or not purge_css.looks_cold(self._cache_dir(config))
                or not purge_css.purgecss_available(node_modules)):
            return
        self.site_dir = Path(config.site_dir)
        uris = [file.dest_uri for file in files if file.inclusion.is_included()]
        sheets = purge_css.stylesheets(self.site_dir, uris)
        if sheets:
            self.purge_stream = purge_css.PurgeStream(node_modules, sheets)
            self.stream_scripts = purge_css.scripts(uris)

    def _cancel_purge_stream(self) -> None:
        stream, self.purge_stream = self.purge_stream, None
        if stream is not None:
            stream.cancel()

    def _notebook_content(self, html: str, page: Page, files: Files) -> str:
        """Clean a notebook rendered by mkdocs-jupyter (before search indexing sees it)."""
        path = self._source_path(page)

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
            alts=notebook_page.image_alts(page.file.content_string),
            save_image=lambda png: self._notebook_figure(png, page),
        )

    def _notebook_figure(self, png: bytes, page: Page) -> str:
        """Keep a notebook's figure as a file next to its page (added to the files at on_env);
        its URL from the page."""
        folder = posixpath.dirname(page.file.dest_uri)
        uri = posixpath.join(folder, notebook_page.image_name(png))
        self.notebook_figures[uri] = png
        return relative_url(uri, page.url)


def _extend_toc(page: Page, tokens: list[dict[str, Any]]) -> None:
    """List a fragment's headings in the page's table of contents, under its title."""
    if not tokens or page.toc is None:
        return
    links = list(get_toc(tokens))
    items = page.toc.items
    (items[0].children if items and items[0].level == 1 else items).extend(links)
