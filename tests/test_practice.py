"""Questions and troubleshooting rows from front matter: the "Questions this answers" block on
concept pages and the generated /troubleshooting/ page, as strings and in the built site."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, FixtureSite, concept
from dl_glossary.build import generated, practice
from dl_glossary.core.loader import load_site
from dl_glossary.core.practice import TROUBLESHOOTING_MARKER

ROWS = """troubleshooting:
  - symptom: The frobs come out <upside down>
    cause: The quux engine runs in reverse.
    fix: Set `direction` to forward.
    group: output
    see: [frob-layer]
  - symptom: Every frob costs twice
    cause: Each call is billed twice.
    fix: Batch the calls.
    group: cost
  - symptom: A row in no known group
    cause: Nobody knows.
    fix: Nothing.
    group: mystery
"""


def test_questions_block_goes_after_the_definition() -> None:
    """The block follows the first paragraph under the H1; questions are escaped, in order."""
    markdown = "# Frob\n\nA frob is\na thing.\n\n## Why it matters for LLMs\n\nIt does.\n"
    block = practice.questions_block(["Why is <b> bold?", "Is A & B the same?"])
    out = practice.after_definition(markdown, block)
    assert out == ("# Frob\n\nA frob is\na thing.\n\n"
                   '<section class="dl-questions" aria-labelledby="questions-this-answers">'
                   '<h2 id="questions-this-answers">Questions this answers</h2><ul>'
                   "<li>Why is &lt;b&gt; bold?</li><li>Is A &amp; B the same?</li></ul></section>"
                   "\n\n\n## Why it matters for LLMs\n\nIt does.\n")
    assert practice.after_definition(markdown, practice.questions_block([])) == markdown


def test_troubleshooting_rows_grouped_with_links(fixture_site: FixtureSite) -> None:
    """Rows appear under their group's heading, in group order, linked to the owning page and
    to the `see` pages; a row in an unknown group is left out (the checker reports it)."""
    fixture_site.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md).", aliases=("QE",),
        related=("frob-layer",), extra=ROWS))
    site = load_site(fixture_site.root)
    text = practice.troubleshooting(site, "troubleshooting/")
    assert text.startswith("2 symptoms in 2 groups.")
    assert text.index("## Output quality { #output }") < text.index("## Cost { #cost }")
    assert "mystery" not in text and "A row in no known group" not in text
    assert ("The frobs come out &lt;upside down&gt;\n:   **Likely cause:** The quux engine runs in "
            "reverse.\n\n    **What to change:** Set `direction` to forward.\n\n    **Read:** "
            "[Quux Engine](../core/quux-engine/), [Frob Layer](../core/frob-layer/)\n") in text
    assert "**Read:** [Quux Engine](../core/quux-engine/)\n" in text


def test_troubleshooting_marker_renders_with_the_sites_extensions(
        fixture_site: FixtureSite) -> None:
    """The worker renders docs/troubleshooting.md's marker into a definition list per group."""
    fixture_site.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md).", aliases=("QE",),
        related=("frob-layer",), extra=ROWS))
    fixture_site.write("troubleshooting.md", f"# Troubleshooting\n\n{TROUBLESHOOTING_MARKER}\n")
    fixture_site.write_config()
    urls = {"troubleshooting.md": "troubleshooting/"}
    inputs = generated.BuildInputs(load_site(fixture_site.root), urls,
                                   ["attr_list", "def_list", "md_in_html", "toc", "tables"], {})
    fragment = generated.generate(inputs).markers["troubleshooting.md"][TROUBLESHOOTING_MARKER]
    soup = BeautifulSoup(fragment.html, "html.parser")
    assert [h.get_text() for h in soup.select("h2")] == ["Output quality", "Cost"]
    assert [dt.get_text() for dt in soup.select("div.dl-trouble dl dt")] == [
        "The frobs come out <upside down>", "Every frob costs twice"]
    assert soup.select_one("dd code").get_text() == "direction"
    assert [t["id"] for t in fragment.toc] == ["output", "cost"]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_built_concept_pages_show_their_questions(built_site: Path) -> None:
    """Every concept page with questions shows them, in order, right after its definition."""
    site = load_site(ROOT)
    from dl_glossary.core.practice import questions_of

    checked = 0
    for term in site.terms.values():
        questions = questions_of(site.pages[term.src])
        page = _soup(built_site / term.url / "index.html")
        block = page.select_one("article section.dl-questions")
        if not questions:
            assert block is None, term.slug
            continue
        assert block is not None, term.slug
        assert block.h2.get_text() == "Questions this answers"
        assert [li.get_text() for li in block.select("li")] == questions
        definition = block.find_previous_sibling()
        assert definition.name == "p" and definition.find_previous_sibling("h1"), term.slug
        assert block.find_next_sibling("h2").get_text().startswith("Why it matters")
        checked += 1
    assert checked >= 80


def test_troubleshooting_page_is_built_linked_and_in_nav(built_site: Path) -> None:
    """/troubleshooting/ lists every row of every concept, grouped, each with cause, change and
    concept links; the home page links it and the nav lists it."""
    from dl_glossary.core.practice import GROUPS, rows_of

    site = load_site(ROOT)
    rows = [(term, row) for term in site.terms.values()
            for row in rows_of(site.pages[term.src])]
    page = _soup(built_site / "troubleshooting" / "index.html")
    entries = page.select("article div.dl-trouble dt")
    assert sorted(dt.get_text() for dt in entries) == sorted(
        row.symptom.replace("`", "") for _, row in rows)
    groups = {row.group for _, row in rows}
    assert [h["id"] for h in page.select("article h2[id]") if h["id"] in GROUPS] == [
        g for g in GROUPS if g in groups]
    for dt in entries:
        dd = dt.find_next_sibling("dd")
        text = dd.get_text(" ")
        assert "Likely cause:" in text and "What to change:" in text, dt.get_text()
        assert dd.select("a[href$='/']"), dt.get_text()
    home = _soup(built_site / "index.html")
    assert home.select_one("article a[href='troubleshooting/']") is not None
    nav = [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a")]
    assert "Troubleshooting" in nav
