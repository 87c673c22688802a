"""What a build adds that depends only on the terms: checker findings, generated HTML, files.

None of it needs a rendered page, so a build can do all of it in a worker process while MkDocs
renders the pages (see `background`): `generate` runs the checker and renders the A-Z index,
the section lists, the Resources list and every concept's backlinks to HTML with the site's own
Markdown extensions; `make_files` makes the exports, short links and build-time assets, which
the plugin hands to MkDocs as generated files. The build then puts each fragment into its page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import markdown

from dl_glossary.build import concept_map, learning, practice, previews, render
from dl_glossary.core.loader import (
    A_Z_MARKER,
    MAP_MARKER,
    PATHS_MARKER,
    RESOURCES_MARKER,
    SECTION_MARKER,
    Site,
)
from dl_glossary.core.practice import TROUBLESHOOTING_MARKER
from dl_glossary.postprocess import headers, kept_output

#: Where the site's social card goes in the built site (concept cards: `social.card_uri`).
SOCIAL_CARD = "assets/social-card.png"
#: The comments a page writes where a generated list belongs (kept verbatim by Markdown).
MARKERS = (A_Z_MARKER, SECTION_MARKER, RESOURCES_MARKER, PATHS_MARKER, MAP_MARKER,
           TROUBLESHOOTING_MARKER)


@dataclass(frozen=True)
class Fragment:
    """Rendered HTML, and its headings as Python-Markdown table-of-contents tokens."""

    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class BuildInputs:
    """Everything the generated content depends on, fixed before the pages render."""

    site: Site
    page_urls: Mapping[str, str]  # docs source path -> the page's URL (as MkDocs' page.url)
    markdown_extensions: list[Any]
    markdown_configs: Mapping[str, Any]
    site_url: str = ""
    site_name: str = ""
    site_description: str = ""
    cache_dir: Path | None = None  # caches kept between builds (None: `<site root>/.cache`)
    #: False when a `cold_assets.Job` makes the cards and vocabulary: `make_files` leaves them out
    cold_assets: bool = True
    #: Where `make_scanned_files` writes the files itself (None: it returns them to the build)
    site_dir: Path | None = None


@dataclass(frozen=True)
class Generated:
    """The checker's findings and the HTML fragments for the pages."""

    findings: list[str]  # formatted `path:line:col: CODE message`
    markers: dict[str, dict[str, Fragment]]  # page source -> marker -> what replaces it
    backlinks: dict[str, Fragment]  # concept page source -> its "Referenced by" section


Converter = Callable[[str], Fragment]


def markdown_converter(extensions: list[Any], configs: Mapping[str, Any]) -> Converter:
    """Markdown -> Fragment with the given extensions (as MkDocs renders a page, minus links)."""
    md = markdown.Markdown(extensions=extensions, extension_configs=dict(configs))

    def convert(text: str) -> Fragment:
        html = md.reset().convert(text)
        return Fragment(html, list(getattr(md, "toc_tokens", [])))

    return convert


def marker_markdown(site: Site, marker: str, src: str, url: str) -> str:
    """The Markdown that a marker on the page at src (URL url) stands for."""
    if marker == A_Z_MARKER:
        return render.a_to_z(site, url)
    if marker == SECTION_MARKER:
        return render.section_terms(site, PurePosixPath(src).parts[0], url)
    if marker == PATHS_MARKER:
        return learning.paths_index(site, url)
    if marker == TROUBLESHOOTING_MARKER:
        return practice.troubleshooting(site, url)
    return render.resources(site, site.section_titles(), url)


def generate(inputs: BuildInputs) -> Generated:
    """Run the checker; render every generated list and backlinks section to HTML."""
    from dl_glossary.check.checker import (
        check_site,  # imported by the worker alone, not by the build process
    )

    site = inputs.site
    convert = markdown_converter(inputs.markdown_extensions, inputs.markdown_configs)
    by_url = {term.url: term for term in site.terms.values()}

    def fragment(text: str, url: str) -> Fragment:
        rendered = convert(text)
        return Fragment(previews.add_previews(rendered.html, url, by_url), rendered.toc)

    report = check_site(site)
    markers: dict[str, dict[str, Fragment]] = {}
    for src, url in inputs.page_urls.items():
        page = site.pages.get(src)
        found = [marker for marker in MARKERS if page is not None and marker in page.text]
        if found:
            markers[src] = {
                m: Fragment(concept_map.render(site, url, inputs.cache_dir,
                                               learning.stylesheet(url, "map")))
                if m == MAP_MARKER else fragment(marker_markdown(site, m, src, url), url)
                for m in found}
    backlinks: dict[str, Fragment] = {}
    for term in site.terms.values():
        section = render.referenced_by(site, term, report.incoming.get(term.slug, ()))
        if section:
            backlinks[term.src] = fragment(section, term.url)
    return Generated([finding.format() for finding in report.findings], markers, backlinks)


def file_uris(site: Site) -> list[str]:
    """Every file `make_files` writes, known before the pages render (MkDocs registers them)."""
    from dl_glossary.build import cold_assets, export, search_index

    return [*export.export_uris(site), search_index.DOCUMENTS, SOCIAL_CARD,
            *cold_assets.uris(site)]


def own_folders() -> tuple[str, ...]:
    """The site folders that hold only files made here (kept across MkDocs' clean)."""
    from dl_glossary.build import export, social

    return (export.SHORT_LINKS_DIR, social.CARDS_DIR)


def make_files(inputs: BuildInputs) -> dict[str, bytes]:
    """The exports, short links, search documents, site card and (unless `inputs.cold_assets`
    is False) the concept cards and BPE vocabulary, by site path."""
    from dl_glossary.build import cold_assets, export, search_index, social  # the worker's alone

    site = inputs.site
    files = export.exports(site, inputs.site_url, inputs.site_name, inputs.site_description)
    files.update(search_index.documents_file(site, inputs.page_urls))
    files[SOCIAL_CARD] = social.card_png(
        inputs.site_name, inputs.site_description, "One page per concept · searchable · linkable"
    )
    if inputs.cold_assets:
        files.update(cold_assets.files(site, inputs.site_name, _cache(inputs)))
    return files


def _cache(inputs: BuildInputs) -> Path:
    return inputs.cache_dir if inputs.cache_dir is not None else inputs.site.root / ".cache"


def convert_formulas(inputs: BuildInputs) -> dict[str, str]:
    """The pages' formulas that the MathML cache lacks, converted ahead (on a cold cache)."""
    from dl_glossary.build import mathml

    return mathml.convert_ahead(page.text for page in inputs.site.pages.values())


@dataclass(frozen=True)
class Made:
    """The generated files by site path, with their HTML pages scanned for the headers file."""

    files: dict[str, bytes]  # those not written into `BuildInputs.site_dir`
    inline: headers.InlineCode
    written: frozenset[str] = frozenset()  # site paths written into `BuildInputs.site_dir`


def make_scanned_files(inputs: BuildInputs) -> Made:
    """`make_files`, its pages scanned for inline code, and the files written into
    `inputs.site_dir` if set: in the worker, so that the build's own process neither copies
    their bytes through a pipe nor spends its time creating a thousand short-link folders."""
    files = make_files(inputs)
    inline = headers.InlineCode()
    for uri, content in files.items():
        if uri.endswith(".html"):
            inline.add(uri, content.decode("utf-8"))
    if inputs.site_dir is None:
        return Made(files, inline)
    for uri, content in files.items():
        kept_output.write_if_changed(inputs.site_dir / uri, content)  # kept from the last build
    return Made({}, inline, frozenset(files))
