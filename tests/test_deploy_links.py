"""Links that work where the site is deployed (issue 16): copy link and citations from the address
the reader sees, one social card per concept, short links in any spelling through the 404 page,
a 404 page that helps, and a build that says when its links will name localhost."""

from __future__ import annotations

import datetime
import itertools
import json
import os
import re
import subprocess
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import MKDOCS, ROOT, FixtureSite
from dl_glossary.build import site_url, social
from dl_glossary.core.loader import load_site
from dl_glossary_dev.static_server import serve

#: Short-link spellings from the issue, and the concept each names (the concept's real URL).
VARIANTS = {"t/RLHF/": "training/rlhf/", "t/Nucleus_Sampling/": "inference/top-p/",
            "t/kv%20cache/": "inference/kv-cache/", "t/top_p": "inference/top-p/",
            "Inference/KV-Cache/": "inference/kv-cache/", "t/LoRA": "fine-tuning/lora/"}
UNKNOWN = "t/flash_atention/"
GUIDE_URL = "https://example.org/guide/"
WARNING_LINE = "WARNING -  dl-glossary: site_url is"
#: A link to this machine (the pages' own prose may name `127.0.0.1` or `redis://localhost`).
LOCAL_LINK = re.compile(r"https?://(?:localhost|127\.0\.0\.1)\b")
RECORD_CSP = """window.__csp = []; document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(e.violatedDirective));"""
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def build(root: Path, out: Path, site_url_env: str | None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project at root, with SITE_URL set or removed."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    if site_url_env is not None:
        env["SITE_URL"] = site_url_env
    return subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(out)], cwd=root,
                          env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def guide_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The real site built for https://example.org/guide/: (site folder, build output)."""
    out = tmp_path_factory.mktemp("guide-site")
    result = build(ROOT, out, GUIDE_URL)
    assert result.returncode == 0, result.stderr[-4000:]
    return out, result.stdout + result.stderr


@pytest.fixture(scope="module")
def host(built_site: Path):
    """The default build as a static host serves it: `_headers`, and 404.html for unknown paths."""
    with serve(built_site, with_headers=True, not_found=True) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def guide_host(guide_build: tuple[Path, str]):
    """The /guide/ build served under /guide/, with 404.html for unknown paths."""
    with serve(guide_build[0], not_found=True, prefix="/guide/") as base_url:
        yield base_url


@pytest.fixture
def tab(browser):
    """A tab that records page documents, CSP violations and requests to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    page.documents, page.foreign = [], []

    def route(route_obj) -> None:
        if urlsplit(route_obj.request.url).hostname == "127.0.0.1":
            route_obj.continue_()
        else:
            page.foreign.append(route_obj.request.url)
            route_obj.abort()

    context.route("**/*", route)
    page.on("response", lambda r: page.documents.append((r.status, r.url))
            if r.request.resource_type == "document" else None)
    yield page
    context.close()


# -- copy link and citations --------------------------------------------------------------------

def _today() -> tuple[str, str]:
    today = datetime.date.today()
    return f"{MONTHS[today.month - 1]} {today.day}, {today.year}", today.isoformat()


def test_copy_link_and_citations_use_the_served_address(tab, site_server: str) -> None:
    """Served from another port than 8000, every format names that origin; all by keyboard."""
    assert urlsplit(site_server).port != 8000
    url = f"{site_server}inference/kv-cache/"
    tab.goto(url + "#pitfalls")
    copy = tab.locator("button.dl-copy-link")
    copy.focus()
    tab.keyboard.press("Enter")
    tab.locator(".dl-copy-status", has_text="Link copied").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()") == url
    toggle = tab.locator("button.dl-share-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    dated, iso = _today()
    expected = {
        "Short link": f"{site_server}t/kv-cache/",
        "Markdown link": f"[KV Cache]({url})",
        "APA citation": f"KV Cache. (n.d.). In Deep Learning for LLMs. Retrieved {dated}, "
                        f"from {url}",
        "BibTeX": "@misc{kv-cache,\n  title = {{KV Cache}},\n"
                  f"  howpublished = {{\\url{{{url}}}}},\n  url = {{{url}}},\n"
                  f"  urldate = {{{iso}}},\n"
                  f"  note = {{In \\emph{{Deep Learning for LLMs}}. Accessed {iso}}},\n}}",
    }
    copied = {}
    for label in expected:
        for _ in range(6):  # to the button, past the short-link anchor
            tab.keyboard.press("Tab")
            if tab.evaluate("document.activeElement.textContent") == label:
                break
        assert tab.evaluate("document.activeElement.textContent") == label
        tab.evaluate("navigator.clipboard.writeText('')")
        tab.evaluate("document.querySelector('.dl-copy-status').textContent = ''")
        tab.keyboard.press("Enter")
        tab.locator(".dl-copy-status", has_text=" copied").wait_for()
        copied[label] = tab.evaluate("navigator.clipboard.readText()")
        assert tab.locator(".dl-copy-field textarea").input_value() == copied[label]
    assert copied == expected
    tab.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert tab.evaluate("document.activeElement.classList.contains('dl-share-toggle')")


def test_copy_without_the_clipboard_api_uses_the_field(tab, site_server: str) -> None:
    """Without navigator.clipboard the link is put in a text field, selected, and announced."""
    tab.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', "
                        "{get: () => undefined})")
    tab.goto(f"{site_server}fine-tuning/lora/")
    assert tab.evaluate("navigator.clipboard") is None
    tab.locator("button.dl-copy-link").click()
    status = tab.locator(".dl-copy-status")
    status.filter(has_text="Link").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    field = tab.locator(".dl-copy-field textarea")
    assert field.is_visible()
    assert field.input_value() == f"{site_server}fine-tuning/lora/"
    assert status.inner_text() in {"Link copied", "Link selected in the field below: press "
                                   "Ctrl+C (⌘C on a Mac) to copy it"}


def test_concept_pages_hold_no_build_time_link(built_site: Path) -> None:
    """The share box carries the title and relative links only, no absolute URL."""
    terms = load_site(ROOT).terms
    wrong = []
    for term in terms.values():
        page = BeautifulSoup((built_site / term.url / "index.html").read_text("utf-8"), "lxml")
        box = page.select_one("div.dl-share")
        if (box is None or box.get("data-title") != term.title or "http" in str(box)
                or box.select_one("button.dl-copy-link") is None):
            wrong.append(term.slug)
    assert wrong == []


# -- social cards -------------------------------------------------------------------------------

def test_each_concept_has_its_own_card(built_site: Path) -> None:
    """Two concepts name different og:image files, each a 1200x630 PNG; tags agree per page."""
    terms = load_site(ROOT).terms
    seen = {}
    for slug in ("kv-cache", "lora"):
        term = terms[slug]
        page = BeautifulSoup((built_site / term.url / "index.html").read_text("utf-8"), "lxml")
        meta = {tag.get("property") or tag.get("name"): tag["content"]
                for tag in page.find_all("meta") if tag.get("content") is not None}
        image = meta["og:image"]
        assert image == f"http://127.0.0.1:8000/assets/cards/{slug}.png"
        assert meta["twitter:image"] == image and meta["twitter:card"] == "summary_large_image"
        assert term.title in meta["og:image:alt"] and term.summary in meta["og:image:alt"]
        file = built_site / urlsplit(image).path.lstrip("/")
        with Image.open(file) as card:
            assert (card.format, card.size) == ("PNG", (1200, 630))
        seen[slug] = file.read_bytes()
    assert seen["kv-cache"] != seen["lora"]


def test_card_lines_are_as_wide_as_drawn_and_as_full_as_they_can_be() -> None:
    """Every concept's title and summary, at every size a card may use: each line fits (as
    the font measures the whole line) and the next word would not have."""
    site = load_site(ROOT)
    checked = 0
    for term in site.terms.values():
        for text, bold, sizes in ((term.title, True, (76, 68, 60, 52)),
                                  (term.summary, False, (38, 34, 30))):
            for size in sizes:
                font = social._font(size, bold)
                lines = social.wrap(text, font, social._TEXT_WIDTH)
                assert " ".join(lines) == " ".join(text.split())
                for line in lines:
                    assert font.getlength(line) <= social._TEXT_WIDTH or " " not in line, line
                for line, following in itertools.pairwise(lines):
                    longer = f"{line} {following.split()[0]}"
                    assert font.getlength(longer) > social._TEXT_WIDTH, (term.slug, size, line)
                checked += 1
    assert checked == 7 * len(site.terms)


def test_cards_are_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm build reads every card from the cache; a changed summary redraws that card only;
    cards no concept uses are dropped from the cache."""
    site = FixtureSite(tmp_path / "site").clean()
    cache = tmp_path / "cache"
    cold = social.concept_cards(load_site(site.root), "Fixture", cache)
    assert sorted(cold) == ["assets/cards/frob-layer.png", "assets/cards/quux-engine.png"]
    assert len(list((cache / "cards").glob("*.png"))) == 2
    drawn: list[str] = []
    real_png = social.ConceptCard.png
    monkeypatch.setattr(social.ConceptCard, "png", lambda card: drawn.append(card.title)
                        or real_png(card))
    assert social.concept_cards(load_site(site.root), "Fixture", cache) == cold
    assert drawn == []
    page = site.docs / "core" / "frob-layer.md"
    page.write_text(page.read_text("utf-8").replace("A made-up concept", "A changed concept", 1),
                    encoding="utf-8")
    warm = social.concept_cards(load_site(site.root), "Fixture", cache)
    assert drawn == ["Frob Layer"]
    assert warm["assets/cards/quux-engine.png"] == cold["assets/cards/quux-engine.png"]
    assert warm["assets/cards/frob-layer.png"] != cold["assets/cards/frob-layer.png"]
    assert len(list((cache / "cards").glob("*.png"))) == 2


# -- short links in any spelling, through the 404 page --------------------------------------------

@pytest.mark.parametrize(("path", "target"), list(VARIANTS.items()))
def test_short_link_variants_land_on_their_concept(tab, host: str, path: str,
                                                   target: str) -> None:
    """The host answers 404 with 404.html; its script sends the reader on with one redirect."""
    tab.goto(host + path)
    tab.wait_for_url(host + target)
    tab.wait_for_load_state("networkidle")
    assert tab.documents == [(404, host + path), (200, host + target)]
    assert tab.evaluate("window.__csp") == [] and tab.foreign == []


def test_known_name_never_shows_the_error(tab, host: str) -> None:
    """While the lookup runs, the parsed 404 page renders nothing (no flash of the error)."""
    held = []
    tab.route(host + "glossary.json", lambda route: held.append(route))  # answered below
    tab.goto(host + "t/RLHF/", wait_until="domcontentloaded")
    assert tab.locator(".dl-404").count() == 1
    assert tab.evaluate("getComputedStyle(document.documentElement).display") == "none"
    tab.wait_for_timeout(300)
    assert len(held) == 1
    assert tab.evaluate("getComputedStyle(document.documentElement).display") == "none"
    held[0].continue_()
    tab.wait_for_url(host + "training/rlhf/")


def test_unknown_name_gets_suggestions_search_and_index(tab, host: str) -> None:
    """An unknown name shows the closest terms, a search filled with its words and the A-Z."""
    response = tab.goto(host + UNKNOWN)
    assert response.status == 404
    suggestions = tab.locator(".dl-404-suggest li a")
    suggestions.first.wait_for()
    assert tab.evaluate("document.documentElement.hidden") is False
    assert suggestions.first.inner_text() == "Flash Attention"
    assert suggestions.first.get_attribute("href") == host + "transformer/flash-attention/"
    assert tab.locator(".dl-404-path code").inner_text() == "/" + UNKNOWN
    assert tab.locator("a.dl-404-index").get_attribute("href") == host + "glossary/"
    query = tab.locator("#dl-404-query")
    assert query.input_value() == "flash atention"
    query.press("Enter")
    tab.wait_for_url(f"{host}glossary/?q=flash+atention")
    search = tab.locator("input.md-search__input")
    search.wait_for()
    assert search.input_value() == "flash atention"
    assert tab.evaluate("window.__csp") == [] and tab.foreign == []


@pytest.mark.parametrize(("typed", "expected"), [("t/cach/", "KV Cache"),
                                                 ("t/quantizaton", "Quantization"),
                                                 ("core/sofmax/", "Softmax")])
def test_suggestions_by_prefix_and_edit_distance(tab, host: str, typed: str,
                                                 expected: str) -> None:
    """A word prefix or a name a few edits away is among the suggestions."""
    tab.goto(host + typed)
    tab.locator(".dl-404-suggest li a").first.wait_for()
    assert expected in tab.locator(".dl-404-suggest li a").all_inner_texts()


@pytest.mark.parametrize(("path", "target"), [*list(VARIANTS.items())[:4], (UNKNOWN, None)])
def test_short_links_under_a_sub_path(tab, guide_host: str, path: str,
                                      target: str | None) -> None:
    """Built for https://example.org/guide/ and served under /guide/ on another host: the
    variants land under /guide/ and an unknown name gets suggestions there."""
    assert guide_host.endswith("/guide/")
    tab.goto(guide_host + path)
    if target is None:
        link = tab.locator(".dl-404-suggest li a").first
        link.wait_for()
        assert link.get_attribute("href") == guide_host + "transformer/flash-attention/"
        assert tab.locator("a.dl-404-index").get_attribute("href") == guide_host + "glossary/"
    else:
        tab.wait_for_url(guide_host + target)
        assert tab.documents[0] == (404, guide_host + path)
        assert len(tab.documents) == 2
    assert tab.foreign == []


# -- where a build's links point ----------------------------------------------------------------

@pytest.mark.parametrize(("url", "local"), [
    (None, True), ("", True), ("http://127.0.0.1:8000/", True), ("http://localhost:8000/", True),
    ("http://docs.localhost/", True), ("http://[::1]:8000/", True),
    ("https://example.org/guide/", False), ("https://localhost.example.org/", False),
])
def test_local_site_urls(url: str | None, local: bool) -> None:
    """Unset and loopback addresses are local; a public host is not."""
    assert site_url.is_local(url) is local
    assert (site_url.warning_text(url) is not None) is local


def test_build_without_site_url_warns_once_and_passes_strict(tmp_path: Path) -> None:
    """A --strict build for localhost prints the warning line once and still succeeds."""
    site = FixtureSite(tmp_path).clean()
    result = build(site.root, tmp_path / "out", None)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if "dl-glossary: site_url" in line]
    assert lines == [
        "WARNING -  dl-glossary: site_url is http://127.0.0.1:8000/, a local address, so "
        "canonical URLs, social cards, the sitemap and the exports (glossary.json, llms.txt, "
        "objects.inv) will name localhost; to deploy, build with the public address: "
        "SITE_URL=https://example.org/ make build"]


def test_site_url_build_names_no_local_address(guide_build: tuple[Path, str]) -> None:
    """With SITE_URL set: no warning, and no page, export or sitemap links to localhost."""
    site, output = guide_build
    assert WARNING_LINE not in output
    offenders = []
    for file in sorted(site.rglob("*")):
        if file.suffix not in {".html", ".xml", ".json", ".txt", ".inv", ".js"}:
            continue
        data = file.read_bytes()
        if file.name == "objects.inv":
            data = zlib.decompress(data.split(b"\n", 4)[4])
        if LOCAL_LINK.search(data.decode("utf-8")):
            offenders.append(file.relative_to(site).as_posix())
    assert offenders == []
    glossary = json.loads((site / "glossary.json").read_text("utf-8"))
    assert glossary["site_url"] == GUIDE_URL
    assert "<loc>https://example.org/guide/inference/kv-cache/</loc>" in \
        (site / "sitemap.xml").read_text("utf-8")
    page = BeautifulSoup((site / "inference/kv-cache/index.html").read_text("utf-8"), "lxml")
    assert page.find("meta", property="og:image")["content"] == \
        GUIDE_URL + "assets/cards/kv-cache.png"


@pytest.mark.parametrize("preference", ["light", "dark"])
def test_404_page_and_share_menu_pass_axe(browser, host: str, built_site: Path,
                                          preference: str) -> None:
    """axe-core finds nothing on the 404 page with suggestions, nor with the share menu open."""
    from test_accessibility import new_tab, run_axe

    context, page = new_tab(browser, built_site, preference,
                            permissions=["clipboard-read", "clipboard-write"])
    try:
        page.goto(host + UNKNOWN)
        page.locator(".dl-404-suggest li a").first.wait_for()
        violations = run_axe(page, f"/{UNKNOWN} (404 with suggestions)", preference)
        page.goto(host + "inference/kv-cache/")
        page.locator("button.dl-share-toggle").click()
        page.locator("button[data-copy='bibtex']").click()
        page.locator(".dl-copy-status", has_text="BibTeX copied").wait_for()
        violations += run_axe(page, "/inference/kv-cache/ (share menu open)", preference)
    finally:
        context.close()
    assert not violations, "\n".join(violations)
