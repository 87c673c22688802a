"""Finding and sharing a concept: metadata, JSON-LD, short links, exports and Sphinx inventory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from dl_glossary.build.export import short_slug
from dl_glossary.core.loader import load_site

SITE_URL = "http://127.0.0.1:8000/"
SAMPLE = ["training/rlhf", "inference/top-p", "transformer/self-attention", "core/softmax",
          "fine-tuning/lora", "tokenization/byte-pair-encoding"]


@pytest.fixture(scope="module")
def terms():
    """Terms from the real sources, by slug."""
    return load_site(ROOT).terms


def _soup(built_site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "lxml")


def _meta(page: BeautifulSoup, **attrs: str) -> str | None:
    tag = page.find("meta", attrs=attrs)
    return tag["content"] if tag else None


@pytest.mark.parametrize("url", SAMPLE)
def test_meta_and_open_graph_equal_front_matter(built_site: Path, terms, url: str) -> None:
    """Description, canonical, Open Graph and Twitter tags come from the term's front matter."""
    term = terms[url.split("/")[1]]
    page = _soup(built_site, url)
    absolute = SITE_URL + term.url
    assert _meta(page, name="description") == term.summary
    assert page.find("link", rel="canonical")["href"] == absolute
    assert _meta(page, property="og:title") == term.title
    assert _meta(page, property="og:description") == term.summary
    assert _meta(page, property="og:url") == absolute
    assert _meta(page, property="og:type") == "article"
    assert _meta(page, property="og:site_name") == "Deep Learning for LLMs"
    assert _meta(page, property="og:image") == SITE_URL + f"assets/cards/{term.slug}.png"
    assert _meta(page, name="twitter:card") == "summary_large_image"
    assert _meta(page, name="twitter:description") == term.summary


def test_social_card_is_a_png(built_site: Path) -> None:
    """The Open Graph image is generated at build time as a 1200x630 PNG."""
    from PIL import Image

    with Image.open(built_site / "assets" / "social-card.png") as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_every_page_has_description_and_canonical(built_site: Path) -> None:
    """Every built page (redirects excepted) has a description, canonical URL and og tags."""
    missing = []
    for path in sorted(built_site.rglob("index.html")):
        if path.relative_to(built_site).parts[0] == "t":
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for check in (_meta(page, name="description"), page.find("link", rel="canonical"),
                      _meta(page, property="og:title"), _meta(page, property="og:image")):
            if not check:
                missing.append(str(path.relative_to(built_site)))
                break
    assert missing == []


@pytest.mark.parametrize("url", SAMPLE)
def test_json_ld_defined_term(built_site: Path, terms, url: str) -> None:
    """Each concept page carries a schema.org DefinedTerm equal to its front matter."""
    term = terms[url.split("/")[1]]
    page = _soup(built_site, url)
    [script] = page.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "DefinedTerm"
    assert data["name"] == term.title
    assert data["description"] == term.summary
    assert data["url"] == SITE_URL + term.url
    assert data.get("alternateName", []) == term.aliases
    assert data["inDefinedTermSet"]["url"] == SITE_URL + "glossary/"


def test_json_ld_defined_term_set(built_site: Path, terms) -> None:
    """The A-Z page carries the DefinedTermSet with every term."""
    page = _soup(built_site, "glossary")
    [script] = page.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "DefinedTermSet"
    assert {t["url"] for t in data["hasDefinedTerm"]} == {SITE_URL + t.url for t in terms.values()}


def test_copy_link_control_on_concept_pages(built_site: Path, terms) -> None:
    """Each concept page has a visible copy-link button and the short link, and no build-time
    URL for the button (it copies the address the reader sees: tests/test_deploy_links.py)."""
    missing = []
    for term in terms.values():
        page = _soup(built_site, term.url)
        button = page.select_one(".dl-share button.dl-copy-link")
        short = page.select_one(".dl-share .dl-short a")
        if button is None or button.has_attr("data-url") or short is None \
                or short["href"] != f"../../t/{term.slug}/":
            missing.append(term.slug)
    assert missing == []


def test_short_links_cover_every_name(built_site: Path, terms) -> None:
    """/t/<slug>/ exists for every term slug, title and alias, and names its concept."""
    missing = []
    for term in terms.values():
        for slug in {term.slug, *(short_slug(n) for n in term.names)}:
            page = built_site / "t" / slug / "index.html"
            if not page.is_file():
                missing.append(slug)
                continue
            html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            refresh = _meta(html, **{"http-equiv": "refresh"}) or ""
            if not refresh.endswith(f"url=../../{terms[_owner(terms, slug, term)].url}"):
                missing.append(f"{slug} -> {refresh}")
    assert missing == []


def _owner(terms, slug: str, fallback) -> str:
    """The term a short slug belongs to: a term slug wins over another term's alias."""
    return slug if slug in terms else fallback.slug


@pytest.mark.parametrize(("short", "target"), [("rlhf", "training/rlhf/"),
                                               ("nucleus-sampling", "inference/top-p/"),
                                               ("moe", "scaling/mixture-of-experts/"),
                                               ("kv-cache", "inference/kv-cache/"),
                                               ("rope", "transformer/rotary-position-embedding/")])
def test_short_link_lands_in_chromium(page, site_server: str, short: str, target: str) -> None:
    """Opening /t/<slug>/ in Chromium ends on the concept page."""
    page.goto(f"{site_server}t/{short}/")
    page.wait_for_url(f"{site_server}{target}")
    assert page.url == f"{site_server}{target}"


def test_glossary_json_lists_every_term(built_site: Path, terms) -> None:
    """glossary.json has every term with slug, title, aliases, summary, section, related, URL."""
    data = json.loads((built_site / "glossary.json").read_text(encoding="utf-8"))
    records = {r["slug"]: r for r in data["terms"]}
    assert set(records) == set(terms)
    for slug, term in terms.items():
        record = records[slug]
        assert (record["title"], record["aliases"], record["summary"], record["section"],
                record["related"], record["url"]) == (
            term.title, term.aliases, term.summary, term.section, term.related,
            SITE_URL + term.url)


def test_llms_txt_lists_every_term(built_site: Path, terms) -> None:
    """llms.txt lists every concept with its summary and URL; llms-full.txt has the text."""
    short = (built_site / "llms.txt").read_text(encoding="utf-8")
    full = (built_site / "llms-full.txt").read_text(encoding="utf-8")
    assert short.startswith("# Deep Learning for LLMs\n")
    missing = [t.slug for t in terms.values()
               if f"- [{t.title}]({SITE_URL + t.url}): {t.summary}" not in short
               or f"### {t.title}\n\nURL: {SITE_URL + t.url}" not in full]
    assert missing == []


def test_objects_inv_is_valid(built_site: Path, terms) -> None:
    """objects.inv is a version 2 Sphinx inventory with every term, alias and page."""
    import sphobjinv

    inventory = sphobjinv.Inventory(str(built_site / "objects.inv"))
    entries = {(o.name, o.domain, o.role): o.uri for o in inventory.objects}
    missing = [name for t in terms.values() for name in t.names
               if entries.get((name, "std", "term")) != t.url]
    missing += [t.slug for t in terms.values()
                if entries.get((t.src.removesuffix(".md"), "std", "doc")) != t.url]
    assert missing == []


def test_sphinx_intersphinx_resolves_terms(tmp_path: Path, built_site: Path) -> None:
    """A real Sphinx project with intersphinx links :term: references to our concept URLs."""
    project = tmp_path / "docs"
    project.mkdir()
    (project / "conf.py").write_text(
        "project = 'consumer'\n"
        "extensions = ['sphinx.ext.intersphinx']\n"
        f"intersphinx_mapping = {{'dl': ('{SITE_URL}', {str(built_site / 'objects.inv')!r})}}\n",
        encoding="utf-8",
    )
    (project / "index.rst").write_text(
        "Consumer\n========\n\n"
        "We tune with :term:`RLHF`, sample with :term:`nucleus sampling`, "
        "cache with :term:`KV Cache` and adapt with :term:`dl:LoRA`.\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(project), str(out)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    hrefs = {a.get_text(): a["href"] for a in page.select("a.reference.external")}
    assert hrefs == {
        "RLHF": SITE_URL + "training/rlhf/",
        "nucleus sampling": SITE_URL + "inference/top-p/",
        "KV Cache": SITE_URL + "inference/kv-cache/",
        "LoRA": SITE_URL + "fine-tuning/lora/",
    }
