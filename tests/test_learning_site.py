"""Learning in order, in the built site: each concept's "Before this" and "Leads to", the path
pages and their index, and the concept map, compared with the front matter read here with
PyYAML (not with the glossary's own loader)."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT

DOCS = ROOT / "docs"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n")) or {}


@cache
def concepts() -> dict[str, dict]:
    """Slug -> front matter (with its `url`) of every concept page."""
    found = {}
    for index in sorted(DOCS.glob("*/index.md")):
        if index.parent.name == "paths":
            continue
        for page in sorted(index.parent.glob("*.md")):
            if page.name != "index.md":
                meta = front_matter(page)
                found[page.stem] = {**meta, "url": f"{index.parent.name}/{page.stem}/"}
    return found


def learning_paths() -> list[Path]:
    return sorted(p for p in (DOCS / "paths").glob("*.md") if p.name != "index.md")


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def target(page_url: str, href: str) -> str:
    """The site-relative directory URL a relative link on the page at page_url points to."""
    return posixpath.normpath(posixpath.join(page_url, href)).strip("/") + "/"


def slug_of(page_url: str, href: str) -> str:
    urls = {meta["url"]: slug for slug, meta in concepts().items()}
    return urls.get(target(page_url, href), f"<not a concept: {href}>")


def test_every_concept_has_prerequisites_and_most_name_one() -> None:
    """Every concept page carries `prerequisites`; most name at least one."""
    missing = [slug for slug, meta in concepts().items() if "prerequisites" not in meta]
    assert missing == []
    named = sum(1 for meta in concepts().values() if meta["prerequisites"])
    assert named > len(concepts()) * 0.8


def test_before_this_lists_prerequisites_near_the_top(built_site: Path) -> None:
    """Each prerequisite, in order and with its summary, in an open block above the first
    section; foundations have no block."""
    failures = []
    for slug, meta in concepts().items():
        article = soup_of(built_site, meta["url"]).select_one("article")
        block = article.select_one("details.dl-before")
        needed = meta["prerequisites"]
        if not needed:
            if block is not None:
                failures.append(f"{slug}: a foundation with a Before this block")
            continue
        if block is None or not block.has_attr("open"):
            failures.append(f"{slug}: no open Before this block")
            continue
        first_h2 = article.find("h2")
        if first_h2 is not None and block.sourceline > first_h2.sourceline:
            failures.append(f"{slug}: Before this comes after the first section")
        links = [slug_of(meta["url"], a["href"]) for a in block.select("li a")]
        if any(a.has_attr("data-preview") for a in block.select("a")):
            failures.append(f"{slug}: a hover preview repeats a summary shown in Before this")
        if links != needed:
            failures.append(f"{slug}: Before this lists {links}, front matter says {needed}")
        texts = [" ".join(li.get_text().split()) for li in block.select("li")]
        for text, needed_slug in zip(texts, needed, strict=False):
            summary = " ".join(concepts()[needed_slug]["summary"].split())
            if summary not in text:
                failures.append(f"{slug}: no summary of {needed_slug} in {text!r}")
    assert failures == []


def test_leads_to_lists_dependents_near_the_end(built_site: Path) -> None:
    """Every concept that lists this one as a prerequisite, by title, after the Sources, and
    in the table of contents."""
    failures = []
    for slug, meta in concepts().items():
        following = sorted((s for s, m in concepts().items() if slug in m["prerequisites"]),
                           key=lambda s: concepts()[s]["title"].lower())
        soup = soup_of(built_site, meta["url"])
        heading = soup.select_one("article h2#leads-to")
        if not following:
            if heading is not None:
                failures.append(f"{slug}: Leads to without dependents")
            continue
        if heading is None:
            failures.append(f"{slug}: no Leads to, expected {following}")
            continue
        listed = [slug_of(meta["url"], a["href"]) for a in soup.select("p.dl-leads a")]
        if listed != following:
            failures.append(f"{slug}: Leads to lists {listed}, expected {following}")
        sources = soup.select_one("article h2#sources")
        if sources is None or sources.sourceline > heading.sourceline:
            failures.append(f"{slug}: Leads to is not after the Sources")
        if soup.select_one('nav.md-nav--secondary a[href="#leads-to"]') is None:
            failures.append(f"{slug}: Leads to is not in the table of contents")
    assert failures == []


@pytest.mark.parametrize("path", learning_paths(), ids=lambda p: p.stem)
def test_path_page_links_its_steps_in_order(built_site: Path, path: Path) -> None:
    """The goal, the reading time and every step in order, each with why it matters."""
    meta = front_matter(path)
    url = f"paths/{path.stem}/"
    soup = soup_of(built_site, url)
    steps = soup.select("ol.dl-path-steps > li")
    assert [slug_of(url, li.select_one("a")["href"]) for li in steps] == [
        step["concept"] for step in meta["steps"]]
    for li, step in zip(steps, meta["steps"], strict=True):
        assert " ".join(step["why"].split()) in " ".join(li.get_text().split())
    assert " ".join(meta["goal"].split()) in " ".join(soup.select_one(".dl-path-goal").get_text()
                                                      .split())
    reading = re.search(r"(\d+) steps · about (\d+) min of reading",
                        soup.select_one(".dl-path-meta").get_text())
    assert reading is not None and int(reading.group(1)) == len(meta["steps"])
    assert int(reading.group(2)) >= len(meta["steps"])  # at least a minute a step


def test_paths_index_lists_every_path(built_site: Path) -> None:
    """/paths/ links every path page, with its goal and number of steps."""
    soup = soup_of(built_site, "paths/")
    headings = soup.select("article h2 a:not(.headerlink)")
    assert sorted(target("paths/", a["href"]) for a in headings) == [
        f"paths/{p.stem}/" for p in learning_paths()]
    text = " ".join(soup.select_one("article").get_text().split())
    for path in learning_paths():
        meta = front_matter(path)
        assert " ".join(meta["goal"].split()) in text
        assert f"{len(meta['steps'])} steps" in text
    assert len(learning_paths()) >= 6


def test_map_links_every_concept_with_its_prerequisites(built_site: Path) -> None:
    """One node per concept linking to its page, in its section's group, carrying the nodes of
    its prerequisites (between which map.js draws the arrows), and a legend entry per section."""
    soup = soup_of(built_site, "map/")
    svg = soup.select_one(".dl-map svg")
    nodes = svg.select("a")
    slugs = [slug_of("map/", a["xlink:href"]) for a in nodes]
    assert sorted(slugs) == sorted(concepts())
    for a, slug in zip(nodes, slugs, strict=True):
        needs = [slugs[int(i)] for i in a.get("data-p", "").split()]
        assert sorted(needs) == sorted(concepts()[slug]["prerequisites"]), slug
        assert a.find_parent("g")["data-s"] == concepts()[slug]["url"].split("/")[0]
        assert a.get_text() == concepts()[slug]["title"]
        assert not a.has_attr("data-preview")  # 184 summaries would double the page
    legend = [li.get_text() for li in soup.select(".dl-map-legend li")]
    assert len(legend) == len({m["url"].split("/")[0] for m in concepts().values()})
