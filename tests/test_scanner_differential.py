"""Differential test over the real site: the checker and Python-Markdown (with the site's own
extensions, as MkDocs renders) agree on what is a link and what is code.

- Every link the checker counts as a page's first link to a term is an <a> to that term's page
  in the rendered HTML.
- With every concept link removed, each mention the checker finds is turned into a link by
  --fix's own code, with a marker target; rendered, every marker is an <a>, and none lands
  inside <code> or <pre> (nor is left as literal Markdown anywhere).
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from dl_glossary.check.checker import check_site
from dl_glossary.check.context import CheckContext
from dl_glossary.check.fix import apply_to_text
from dl_glossary.core.loader import load_mkdocs, site_from_mkdocs
from dl_glossary.core.model import Fix

MARKER = "dl-fix-marker"


@pytest.fixture(scope="module")
def loaded():
    config, files = load_mkdocs(ROOT)
    return config, site_from_mkdocs(config, files)


def render(config, text: str) -> BeautifulSoup:
    """The page body as Python-Markdown renders it with the site's extensions."""
    md = markdown.Markdown(extensions=config.markdown_extensions,
                           extension_configs=config.mdx_configs)
    cwd = os.getcwd()
    os.chdir(ROOT)  # snippets resolve paths from the project folder, as under mkdocs build
    try:
        return BeautifulSoup(md.convert(text), "html.parser")
    finally:
        os.chdir(cwd)


def test_links_the_checker_counts_are_links_in_html(loaded) -> None:
    config, site = loaded
    ctx = CheckContext(site)
    missing = []
    for page in ctx.readable_pages():
        if page.src.endswith(".ipynb"):
            continue
        soup = render(config, page.text[page.body_start:])
        hrefs = {a.get("href", "").split("#")[0] for a in soup.find_all("a")}
        for slug in ctx.first_links[page.src]:
            term = site.terms[slug]
            rel = PurePosixPath(os.path.relpath(term.src, PurePosixPath(page.src).parent or "."))
            if rel.as_posix() not in hrefs:
                missing.append(f"{page.src}: {term.src}")
    assert missing == []


def test_fixes_never_land_in_code(loaded) -> None:
    config, site = loaded
    ctx = CheckContext(site)
    for page in ctx.readable_pages():
        text = page.text
        for resolved in sorted(ctx.links_of(page), key=lambda r: r.link.start, reverse=True):
            if resolved.target in ctx.src_to_slug:
                link = resolved.link
                text = text[: link.start] + link.text + text[link.end :]
        page.text = text
    report = check_site(site)
    assert report.fixes, "stripping every concept link must leave mentions to fix"
    problems = []
    by_src: dict[str, list[Fix]] = {}
    for fix in report.fixes:
        by_src.setdefault(fix.src, []).append(Fix(fix.src, fix.start, fix.end,
                                                  f"{MARKER}/{fix.target_src}"))
    for src, fixes in by_src.items():
        page = site.pages[src]
        fixed = apply_to_text(page.text, fixes)
        soup = render(config, fixed[page.body_start:])
        anchors = [a for a in soup.find_all("a") if MARKER in a.get("href", "")]
        spans = {(fix.start, fix.end) for fix in fixes}  # GL001 and GL021 may offer the same
        if len(anchors) != len(spans):
            problems.append(f"{src}: {len(spans)} fixes, {len(anchors)} rendered as links")
        for node in soup.find_all(["code", "pre"]):
            if MARKER in str(node):
                problems.append(f"{src}: a fix inside <{node.name}>")
    assert problems == []
