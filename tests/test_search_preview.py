"""Search and hover previews in a real Chromium against the built site."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import ROOT
from dl_glossary.core.loader import load_site

RESULT = "li.md-search-result__item"
EXTRA_QUERIES = {  # forms the issue names explicitly, beyond titles and aliases
    "top p": "top-p", "pre-training": "pre-training", "pretraining": "pre-training",
    "fine tuning": "fine-tuning", "fine-tuning": "fine-tuning", "embeddings": "embedding",
    "hallucinations": "hallucination", "KV cache": "kv-cache", "MoE": "mixture-of-experts",
    "DPO": "preference-tuning", "RLHF": "rlhf", "RoPE": "rotary-position-embedding",
    "BPE": "byte-pair-encoding", "FFN": "feed-forward-network",
}


def _queries() -> list[tuple[str, str, str]]:
    terms = load_site(ROOT).terms
    queries = {(name, t.slug) for t in terms.values() for name in t.names}
    queries |= set(EXTRA_QUERIES.items())
    return sorted((q, slug, terms[slug].url) for q, slug in queries)


def _search(page, query: str) -> list[str]:
    """Type a query into Material's search box; return the result page paths in order."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")  # Material reads the query on keyup
    page.wait_for_function(
        f"document.querySelectorAll('{RESULT}').length === 0"
    )
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        f" return document.querySelectorAll('{RESULT}').length > 0 ||"
        " (m && /No matching/.test(m.textContent)); }"
    )
    hrefs = page.eval_on_selector_all(
        f"{RESULT} > a", "links => links.map(a => a.getAttribute('href'))"
    )
    return [urlparse(h).path for h in hrefs]


def test_every_title_and_alias_finds_its_page(page, site_server: str) -> None:
    """Each title and alias typed into search puts its concept first (>= 99%; top 3: all)."""
    page.goto(site_server)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("document.querySelector('input.md-search__input') !== null")
    queries = _queries()
    first = 0
    misses: list[str] = []
    outside_top3: list[str] = []
    for query, _slug, url in queries:
        paths = _search(page, query)
        expected = urlparse(site_server + url).path
        if paths[:1] == [expected]:
            first += 1
            continue
        misses.append(f"{query!r} -> {paths[:3]} (expected {expected})")
        if expected not in paths[:3]:
            outside_top3.append(query)
    print(f"\nsearch: {first}/{len(queries)} first; misses:\n  " + "\n  ".join(misses))
    assert first / len(queries) >= 0.99, misses
    assert outside_top3 == []


@pytest.fixture
def concept_page(page, site_server: str):
    """The KV Cache page, whose prose links to other concepts."""
    page.goto(f"{site_server}inference/kv-cache/")
    return page


def _first_concept_link(page):
    return page.locator("article a[data-preview]").first


def test_hover_shows_summary(concept_page) -> None:
    """Hovering a concept link shows that concept's summary from its front matter."""
    link = _first_concept_link(concept_page)
    summary = link.get_attribute("data-preview")
    link.hover()
    tip = concept_page.locator("#dl-preview")
    tip.wait_for(state="visible")
    assert summary in tip.inner_text()
    assert link.get_attribute("aria-describedby") == "dl-preview"
    concept_page.mouse.move(0, 0)
    tip.wait_for(state="hidden")


def test_focus_shows_and_escape_hides(concept_page) -> None:
    """Keyboard focus shows the preview and Escape hides it."""
    link = _first_concept_link(concept_page)
    link.focus()
    tip = concept_page.locator("#dl-preview")
    tip.wait_for(state="visible")
    assert link.get_attribute("data-preview") in tip.inner_text()
    concept_page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    assert concept_page.url.endswith("/inference/kv-cache/")


def test_preview_text_is_the_summary(built_site, site_server: str, page) -> None:
    """Each preview attribute equals the target concept's front-matter summary."""
    terms = {t.url: t for t in load_site(ROOT).terms.values()}
    page.goto(f"{site_server}transformer/self-attention/")
    pairs = page.eval_on_selector_all(
        "article a[data-preview]", "as => as.map(a => [a.href, a.getAttribute('data-preview')])"
    )
    assert pairs
    wrong = [href for href, text in pairs
             if terms[urlparse(href).path.lstrip("/")].summary != text]
    assert wrong == []


def test_touch_first_tap_previews(browser, site_server: str) -> None:
    """On a touch screen the first tap shows the preview instead of leaving the page."""
    context = browser.new_context(has_touch=True, is_mobile=True,
                                  viewport={"width": 390, "height": 844})
    try:
        tab = context.new_page()
        tab.goto(f"{site_server}inference/kv-cache/")
        link = tab.locator("article a[data-preview]").first
        link.scroll_into_view_if_needed()
        link.tap()
        tip = tab.locator("#dl-preview")
        tip.wait_for(state="visible")
        assert tab.url.endswith("/inference/kv-cache/")
        assert link.get_attribute("data-preview") in tip.inner_text()
    finally:
        context.close()


def test_copy_link_copies_the_served_address(browser, site_server: str) -> None:
    """The copy-link button copies the address the reader sees (here a port other than the
    canonical URL's 8000), not the build-time canonical URL, and says so."""
    assert urlparse(site_server).port != 8000
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        tab = context.new_page()
        tab.goto(f"{site_server}training/rlhf/")
        button = tab.locator("button.dl-copy-link")
        assert button.is_visible()
        button.click()
        tab.locator(".dl-copy-status", has_text="Link copied").wait_for()
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert tab.get_attribute("link[rel=canonical]", "href") == \
            "http://127.0.0.1:8000/training/rlhf/"
        assert copied == f"{site_server}training/rlhf/"
    finally:
        context.close()


def test_search_runs_on_native_xhr_and_worker(page, site_server: str) -> None:
    """Search works through the site's worker with XMLHttpRequest and Worker left as the browser
    made them: nothing patches them globally. MiniSearch, the ranking and the documents load on
    the first search; the page itself fetches only the small worker and a stub of Material's
    index, and Material's own search worker is never loaded."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(urlparse(r.url).path))
    page.goto(site_server + "core/neural-network/", wait_until="networkidle")
    lazy = ("/minisearch/index.js", "/search-ranking.js", "/documents.json")
    assert not [u for u in requested if u.endswith(lazy)]
    native = page.evaluate("""() => [XMLHttpRequest.prototype.open, XMLHttpRequest.prototype.send,
        window.Worker].map((f) => Function.prototype.toString.call(f).includes("[native code]"))""")
    assert native == [True, True, True]
    page.keyboard.press("/")
    page.keyboard.type("rlhf")  # typed, as a reader does: Material reads the query on keyup
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    assert [u for u in requested if u.endswith("/assets/javascripts/search-worker.js")]
    assert [u for u in requested if u.endswith("/assets/vendor/minisearch/index.js")]
    assert [u for u in requested if u.endswith("/assets/javascripts/search-ranking.js")]
    assert [u for u in requested if u.endswith("/search/documents.json")]
    assert not [u for u in requested if "/workers/search." in u]
    assert "/training/rlhf/" in first.get_attribute("href")


def test_search_highlight_link_loads_the_index(page, site_server: str) -> None:
    page.goto(site_server + "core/neural-network/?h=neuron")
    page.wait_for_selector("article mark")
