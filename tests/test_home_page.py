"""The home page: its title, its row of demos and the notebook, and whole lines in the sidebars."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, content_pages

NOTEBOOK = "notebooks/lora-fine-tuning/"


def site_name() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r"^site_name:\s*(.+)$", text, re.MULTILINE).group(1).strip()


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def demos_on_pages(site: Path) -> dict[str, set[str]]:
    """Demo name -> the pages (URL paths) that mount it, read from the built HTML."""
    found: dict[str, set[str]] = {}
    for path in content_pages(site):
        if not path.endswith("/") and path != "":
            continue
        for el in soup(site, path).select(".dl-demo[data-demo]"):
            found.setdefault(el["data-demo"], set()).add(path)
    return found


def test_home_title_names_the_site_once(built_site: Path) -> None:
    """The home page's <title> is the site name alone; other pages keep "Page - Site"."""
    name = site_name()
    assert soup(built_site, "").title.get_text(strip=True) == name
    assert soup(built_site, "core/softmax").title.get_text(strip=True) == f"Softmax - {name}"


def test_home_shows_every_demo_and_the_notebook(built_site: Path) -> None:
    """The home page's row has one card per demo on the site (linking to a page that mounts it)
    and one for the notebook, each with a title link and a one-sentence description."""
    demos = demos_on_pages(built_site)
    assert len(demos) >= 7
    cards = soup(built_site, "").select(".grid.cards.dl-demos > ul > li")
    targets = []
    for card in cards:
        link = card.select_one("p strong a[href]")
        description = card.find_all("p")[-1].get_text(" ", strip=True)
        assert link is not None and description != link.get_text(strip=True), card
        assert 20 < len(description) <= 110 and description.count(". ") == 0, description
        targets.append(posixpath.normpath(link["href"].split("#")[0]) + "/")
    shown = {name for name, pages in demos.items() if set(targets) & pages}
    assert shown == set(demos), f"no card for {sorted(set(demos) - shown)}"
    assert NOTEBOOK in targets
    assert len(cards) == len(demos) + 1


#: Pages whose navigation link sits near the end of a long list, and the home page.
SIDEBAR_PAGES = ["", "core/softmax/", "inference/top-p/", "building/vector-search/",
                 "training/zero-and-fsdp/", "evaluation/swe-bench/", "fine-tuning/qlora/"]
CUT_LINES = """() => [...document.querySelectorAll('.md-sidebar__scrollwrap')]
    .filter((wrap) => wrap.checkVisibility()).flatMap((wrap) => {
        const top = wrap.getBoundingClientRect().top;
        return [...wrap.querySelectorAll('.md-nav__link, .md-nav__title')]
            .filter((el) => { const box = el.getBoundingClientRect();
                              return box.height && box.top < top - 0.5 && box.bottom > top + 0.5; })
            .map((el) => el.textContent.trim());
    })"""


@pytest.mark.parametrize("height", [720, 900])
def test_desktop_sidebars_show_whole_first_lines(browser, site_server: str, height: int) -> None:
    """At 1280 px, once the page has loaded, no sidebar's first visible line is cut in half."""
    context = browser.new_context(viewport={"width": 1280, "height": height})
    tab = context.new_page()
    cut = {}
    try:
        for path in SIDEBAR_PAGES:
            tab.goto(site_server + path)
            tab.wait_for_timeout(300)
            if lines := tab.evaluate(CUT_LINES):
                cut[path] = lines
    finally:
        context.close()
    assert cut == {}

