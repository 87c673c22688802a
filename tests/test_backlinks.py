""""Referenced by": compact on a phone, yet every backlink is still in the HTML."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import ROOT

#: A Markdown link's target, read straight from the sources (not through the checker).
MD_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(?:#[^)\s>]*)?>?\s*\)")
SECTIONS = ["core", "transformer", "training", "tokenization", "scaling", "alignment",
            "evaluation", "inference", "building", "fine-tuning"]


def concept_sources() -> dict[str, str]:
    """Docs source path -> Markdown text of every concept page."""
    docs = ROOT / "docs"
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for section in SECTIONS for p in sorted((docs / section).glob("*.md"))
            if p.name != "index.md"}


def linkers_from_sources() -> dict[str, set[str]]:
    """Concept URL ("core/softmax/") -> URLs of the other concept pages whose source links to it."""
    sources = concept_sources()
    incoming: dict[str, set[str]] = {src.removesuffix(".md") + "/": set() for src in sources}
    for src, text in sources.items():
        for target in MD_LINK.findall(text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), target))
            if resolved in sources and resolved != src:
                incoming[resolved.removesuffix(".md") + "/"].add(src.removesuffix(".md") + "/")
    return incoming


def section_after(page: BeautifulSoup, heading_id: str) -> list[Tag]:
    """The elements after the h2 with this id, up to the next h2."""
    heading = page.find("h2", id=heading_id)
    found: list[Tag] = []
    for el in heading.find_next_siblings() if heading else []:
        if el.name == "h2":
            break
        found.append(el)
    return found


def hrefs_as_urls(elements: list[Tag], url: str) -> list[str]:
    """Site-relative URLs of the links in the elements of the page at url."""
    return [posixpath.normpath(posixpath.join(url, a["href"])) + "/"
            for el in elements for a in el.select("a[href]")
            if not a["href"].startswith(("#", "http"))]


@pytest.fixture(scope="module")
def backlinks(built_site: Path) -> dict[str, tuple[list[str], set[str], set[str]]]:
    """URL -> (Referenced-by links in order, Related links, linkers found in the sources)."""
    found = {}
    for url, linkers in linkers_from_sources().items():
        page = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "lxml")
        found[url] = (hrefs_as_urls(section_after(page, "referenced-by"), url),
                      set(hrefs_as_urls(section_after(page, "related"), url)), linkers)
    return found


def test_every_backlink_is_in_the_html(backlinks) -> None:
    """Each page that links to a concept is named once: in its Related list or Referenced by."""
    failures = []
    for url, (referenced, related, linkers) in sorted(backlinks.items()):
        if missing := linkers - related - set(referenced):
            failures.append(f"{url}: missing {sorted(missing)}")
        if extra := set(referenced) - linkers:
            failures.append(f"{url}: does not link here {sorted(extra)}")
        if twice := related & set(referenced):
            failures.append(f"{url}: already under Related {sorted(twice)}")
        if len(referenced) != len(set(referenced)):
            failures.append(f"{url}: a backlink listed twice")
    assert failures == []
    assert max(len(r) for r, _, _ in backlinks.values()) > 60, "no page with many backlinks"


def test_backlinks_are_grouped_by_section(built_site: Path, backlinks) -> None:
    """On Token, the backlinks sit under their sections' titles, Token's own section first."""
    page = BeautifulSoup((built_site / "tokenization/token/index.html")
                         .read_text(encoding="utf-8"), "lxml")
    block = section_after(page, "referenced-by")
    for dl in (d for el in block for d in ([el] if el.name == "dl" else el.select("dl"))):
        for dt in dl.find_all("dt"):
            section = dt.get_text()
            links = hrefs_as_urls([dt.find_next_sibling("dd")], "tokenization/token/")
            assert links, section
            titles = {"Tokenization & Embeddings": "tokenization/", "Core Concepts": "core/",
                      "Evaluation": "evaluation/", "Inference & Deployment": "inference/"}
            if section in titles:
                assert all(link.startswith(titles[section]) for link in links), (section, links)
    first = block[0].find("dt").get_text()
    assert first == "Tokenization & Embeddings"


def most_linked(backlinks) -> str:
    return max(backlinks, key=lambda url: len(backlinks[url][0]))


@pytest.mark.parametrize("width", [390, 1280])
def test_most_linked_page_backlinks_fit(browser, site_server: str, backlinks, width: int) -> None:
    """The most-linked page's block is at most 900 px tall on a phone and says how many are
    folded away; opening the fold shows every backlink."""
    url = most_linked(backlinks)
    referenced = backlinks[url][0]
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site_server + url)
    measure = """() => {
        const h = document.getElementById('referenced-by');
        let last = h, el = h.nextElementSibling;
        while (el && el.tagName !== 'H2') { last = el; el = el.nextElementSibling; }
        const links = [];
        for (el = h.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling)
            links.push(...[...el.querySelectorAll('a[href]')].filter((a) => a.checkVisibility()));
        return [last.getBoundingClientRect().bottom - h.getBoundingClientRect().top, links.length,
                document.querySelector('#referenced-by ~ details > summary')?.textContent];
    }"""
    try:
        height, visible, summary = tab.evaluate(measure)
        assert height <= 900, f"{url}: Referenced by is {height:.0f} px tall at {width} px"
        assert summary == f"and {len(referenced) - visible} more"
        tab.click("#referenced-by ~ details > summary")
        _, visible_open, _ = tab.evaluate(measure)
    finally:
        context.close()
    assert 0 < visible <= 12
    assert visible_open == len(referenced)
