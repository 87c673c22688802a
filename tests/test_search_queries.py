"""Search as readers use it, in Chromium: questions and symptoms in their words, half-typed and
misspelled queries typed key by key into Material's search box (tests/search_queries.yaml says
where each phrasing comes from), and what the results show."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import ROOT
from dl_glossary.core.loader import load_site
from dl_glossary_dev.search_browser import open_search, type_query
from dl_glossary_dev.search_eval import Score, load_queries, slug_of

#: Pages whose body is a generated list: they may be found by their title, but must not stand
#: first for a reader's question.
LIST_PAGES = {"/glossary/", "/resources/"}


@pytest.fixture
def search_page(page, site_server: str):
    """A mid-size concept page with the search dialog open."""
    page.goto(f"{site_server}inference/kv-cache/")
    open_search(page)
    return page


def test_query_set_top3_at_least_95_percent(search_page) -> None:
    """Every query of the set typed as a reader types it: report top-1 and top-3 per kind;
    an expected concept is in the top three for at least 95% of them."""
    site = load_site(ROOT)
    section_pages = {f"/{section}/" for section in site.sections()}
    queries = load_queries()
    scores = {kind: Score() for kind in ("all", "questions", "half_typed", "misspelled")}
    misses, list_first = [], []
    for query in queries:
        paths = type_query(search_page, query.text).paths
        slugs = [slug_of(p) for p in paths]
        found = scores["all"].add(query, slugs)
        scores[query.kind].add(query, slugs)
        if not found:
            misses.append(f"{query.text!r} -> {slugs[:3]} (expected {list(query.expect)})")
        if paths[:1] and paths[0] in LIST_PAGES | section_pages:
            list_first.append(f"{query.text!r} -> {paths[0]}")
    print("\n" + "\n".join(score.line(name) for name, score in scores.items()))
    print("outside the top 3:\n  " + "\n  ".join(misses))
    assert list_first == []
    assert scores["all"].top3 / scores["all"].total >= 0.95, misses


def _first_result(page):
    return page.locator("li.md-search-result__item").first


def test_first_concept_hit_is_a_definition_card(search_page) -> None:
    """While "kv c" is typed, KV Cache is first, shown as a definition card with its summary;
    the suggestion completes the word; no other result is a card."""
    terms = load_site(ROOT).terms
    typed = type_query(search_page, "kv c")
    assert typed.paths[0].endswith("/inference/kv-cache/")
    card = _first_result(search_page).locator("p.dl-search-card")
    assert card.locator(".dl-search-card__label").inner_text().lower() == "definition"
    assert terms["kv-cache"].summary in " ".join(card.inner_text().split())
    assert search_page.locator("p.dl-search-card").count() == 1
    assert search_page.locator(".md-search__suggest").inner_text() == "kv cache"


def test_a_question_shows_the_question_it_answers(search_page) -> None:
    """A query close to one of a concept's questions finds it and shows that question."""
    from dl_glossary.core.practice import questions_of

    site = load_site(ROOT)
    term = site.terms["agent-loop"]
    question = questions_of(site.pages[term.src])[0]
    typed = type_query(search_page, question.rstrip("?").lower())
    assert typed.paths[0].endswith(f"/{term.url}")
    shown = _first_result(search_page).locator("p.dl-search-question").inner_text()
    assert question in shown


@pytest.mark.parametrize("query", ["softmax attention formula", "kv cache memory formula",
                                   "copy link", "short link", "lora weight update",
                                   "neural network layers diagram"])
def test_result_text_has_no_tex_ui_strings_or_diagram_labels(search_page, query: str) -> None:
    """What results show is summaries and questions: no TeX, no page UI text."""
    type_query(search_page, query)
    text = search_page.locator(".md-search-result__list").inner_text()
    for leftover in ("\\(", "\\frac", "\\mathrm", "$", "Copy link", "Short link", "/t/"):
        assert leftover not in text, (query, leftover)


def test_troubleshooting_page_is_found(search_page) -> None:
    """The troubleshooting page is found by its name, even half typed."""
    for query in ("troubleshooting", "troubleshoo"):
        assert type_query(search_page, query).paths[0].endswith("/troubleshooting/")


def test_filler_words_alone_still_search(search_page) -> None:
    """A query of only question words is searched as typed instead of showing nothing."""
    assert type_query(search_page, "what is").paths


@pytest.mark.parametrize(("british", "american"), [
    ("layer normalisation", "layer normalization"),
    ("optimisation of the learning rate", "optimization of the learning rate"),
    ("labelled data", "labeled data"),
    ("licence terms", "license terms"),
    ("modelling", "modeling"),
])
def test_british_and_american_spellings_find_the_same(search_page, british: str,
                                                      american: str) -> None:
    """Either spelling gives the same first results."""
    first = type_query(search_page, british).paths[:3]
    assert first and first == type_query(search_page, american).paths[:3]


def test_keystroke_results_are_one_item_per_page(search_page) -> None:
    """Each page appears once in the results."""
    paths = type_query(search_page, "attention").paths
    assert paths and max(Counter(paths).values()) == 1
