"""Each checker rule on a small fixture tree: exact code, file, line and column."""

from __future__ import annotations

import pytest

from conftest import FixtureSite, concept
from dl_glossary.check.matcher import MentionIndex, variants


def test_clean_fixture_has_no_findings(fixture_site: FixtureSite) -> None:
    """A clean glossary yields nothing."""
    assert fixture_site.findings() == []


def test_gl001_unlinked_first_mention(fixture_site: FixtureSite) -> None:
    """The first plain mention of another term is reported where it starts."""
    fixture_site.write("index.md", "# Home\n\nEvery Frob Layer counts.\n")
    assert fixture_site.findings() == [("docs/index.md", 3, 7, "GL001")]
    [finding] = fixture_site.check().findings
    assert finding.message == "first mention of 'Frob Layer' is not linked to core/frob-layer.md"


def test_gl001_link_before_mention_is_enough(fixture_site: FixtureSite) -> None:
    """A later plain mention is fine once an earlier link exists."""
    fixture_site.write(
        "index.md", "# Home\n\nSee [frob layers](core/frob-layer.md); a frob layer again.\n"
    )
    assert fixture_site.findings() == []


def test_gl001_only_first_mention_reported(fixture_site: FixtureSite) -> None:
    """Two plain mentions give one finding, at the first."""
    fixture_site.write("index.md", "# Home\n\nA frob layer.\n\nAnother frob layer.\n")
    assert fixture_site.findings() == [("docs/index.md", 3, 3, "GL001")]


@pytest.mark.parametrize(
    ("text", "col"),
    [
        ("Two frob layers.", 5),  # plural
        ("Some frob-layer idea.", 6),  # hyphen variant
        ("The froblayer.", 5),  # solid variant
        ("Use FROB LAYER.", 5),  # case-insensitive for ordinary words
        ("A QE here.", 3),  # acronym in capitals
    ],
)
def test_gl001_variants(fixture_site: FixtureSite, text: str, col: int) -> None:
    """Plural, hyphen, solid and case variants are mentions."""
    fixture_site.write("index.md", f"# Home\n\n{text}\n")
    assert fixture_site.findings() == [("docs/index.md", 3, col, "GL001")]


@pytest.mark.parametrize(
    "text",
    [
        "Some `frob layer` code.",
        "```\nfrob layer\n```",
        "Already [a frob layer](core/frob-layer.md).",
        "## A frob layer heading",
        '<div title="frob layer">frob layer</div>',
        "Visit https://example.org/frob-layer now.",
        "Math $frob layer$ here.",
        "$$\nfrob layer\n$$",
        "<!-- frob layer -->",
        "Lower-case qe is not the acronym QEs' cousin qe.",
        "Frobbingly froblayered text.",
        "## Sources\n\n- Frob Layer design, 2020.",
    ],
)
def test_gl001_not_mentions(fixture_site: FixtureSite, text: str) -> None:
    """Code, fences, links, headings, raw HTML, URLs, math, comments and citations are skipped."""
    text = text.replace("QEs' cousin", "cousin")
    fixture_site.write("index.md", f"# Home\n\n{text}\n")
    assert fixture_site.findings() == []


def test_gl001_own_page_is_not_a_mention(fixture_site: FixtureSite) -> None:
    """A term's own page may name it freely."""
    fixture_site.write(
        "core/frob-layer.md",
        concept("Frob Layer", "A frob layer, frob layers, frobbing. Under a "
                "[quux engine](quux-engine.md).", aliases=("frobbing",)),
    )
    assert fixture_site.findings() == []


def test_gl001_longest_match_wins(fixture_site: FixtureSite) -> None:
    """`deep frob layer` (its own term) is matched before `frob layer`."""
    fixture_site.write(
        "core/deep-frob-layer.md",
        concept("Deep Frob Layer", "Builds on a [frob layer](frob-layer.md)."),
    )
    fixture_site.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md) and a "
        "[deep frob layer](deep-frob-layer.md).", aliases=("QE",)))
    fixture_site.write_config()
    fixture_site.write("index.md", "# Home\n\nA deep frob layer.\n")
    assert fixture_site.findings() == [("docs/index.md", 3, 3, "GL001")]
    [finding] = fixture_site.check().findings
    assert "core/deep-frob-layer.md" in finding.message


def test_not_mentions_phrase_is_skipped(fixture_site: FixtureSite) -> None:
    """A `not_mentions` phrase hides the shorter term inside it."""
    fixture_site.write(
        "core/frob-layer.md",
        concept("Frob Layer", "Under a [quux engine](quux-engine.md).",
                extra="not_mentions: [frob layer budget]"),
    )
    fixture_site.write("index.md", "# Home\n\nThe frob layer budget.\n")
    assert fixture_site.findings() == []


def test_gl002_orphan(fixture_site: FixtureSite) -> None:
    """A term no other concept page links to is reported at its title."""
    fixture_site.write("core/lonely.md", concept("Lonely Term"))
    fixture_site.write_config()
    assert fixture_site.findings() == [("docs/core/lonely.md", 2, 1, "GL002")]


def test_gl003_missing_from_a_to_z(fixture_site: FixtureSite) -> None:
    """Without the A-Z marker every term is missing from the index."""
    fixture_site.write("glossary.md", "# A-Z\n\nNothing generated here.\n")
    assert fixture_site.findings() == [
        ("docs/core/frob-layer.md", 2, 1, "GL003"),
        ("docs/core/quux-engine.md", 2, 1, "GL003"),
    ]


def test_gl003_missing_from_section_index(fixture_site: FixtureSite) -> None:
    """Without the section marker the section's terms are missing from its index."""
    fixture_site.write("core/index.md", "# Core\n\nNo list.\n")
    assert [f[3] for f in fixture_site.findings()] == ["GL003", "GL003"]


def test_gl004_missing_from_nav(fixture_site: FixtureSite) -> None:
    """A concept page left out of an explicit nav is reported."""
    fixture_site.write_config(nav=["index.md", "glossary.md", "core/index.md",
                                   "core/quux-engine.md"])
    assert fixture_site.findings() == [("docs/core/frob-layer.md", 2, 1, "GL004")]


def test_gl005_related_names_no_term(fixture_site: FixtureSite) -> None:
    """A `related` slug that is no term is reported at its position."""
    fixture_site.write(
        "core/frob-layer.md",
        concept("Frob Layer", "Under a [quux engine](quux-engine.md).",
                related=("quux-engine", "nowhere")),
    )
    assert fixture_site.findings() == [("docs/core/frob-layer.md", 4, 24, "GL005")]


def test_gl006_alias_claimed_twice(fixture_site: FixtureSite) -> None:
    """The second page that claims an alias is reported."""
    fixture_site.write(
        "core/quux-engine.md",
        concept("Quux Engine", "It feeds a [Frob Layer](frob-layer.md).",
                aliases=("QE", "frobbing")),
    )
    assert fixture_site.findings() == [("docs/core/quux-engine.md", 4, 15, "GL006")]


def test_gl007_alias_equals_other_title(fixture_site: FixtureSite) -> None:
    """An alias that is another term's title is reported."""
    fixture_site.write(
        "core/quux-engine.md",
        concept("Quux Engine", "It feeds a [Frob Layer](frob-layer.md).",
                aliases=("QE", "Frob Layer")),
    )
    assert fixture_site.findings() == [("docs/core/quux-engine.md", 4, 15, "GL007")]


def test_gl008_yaml_error_line(fixture_site: FixtureSite) -> None:
    """Front matter that does not parse is reported at the line of the error."""
    fixture_site.write(
        "core/frob-layer.md",
        "---\ntitle: Frob Layer\nsummary: [unclosed\naliases: []\n---\n\n# Frob Layer\n",
    )
    findings = fixture_site.findings()
    assert ("docs/core/frob-layer.md", 4, 8, "GL008") in findings


@pytest.mark.parametrize(
    ("front", "where"),
    [
        ("title: Frob Layer\n", (1, 1)),
        ("summary: Only a summary.\n", (1, 1)),
    ],
)
def test_gl009_missing_key(fixture_site: FixtureSite, front: str, where: tuple[int, int]) -> None:
    """A concept page without title or summary is reported."""
    fixture_site.write("core/lonely.md", f"---\n{front}---\n\n# Lonely\n\nText.\n")
    fixture_site.write_config()
    assert ("docs/core/lonely.md", *where, "GL009") in fixture_site.findings()


def test_gl009_no_front_matter(fixture_site: FixtureSite) -> None:
    """A concept page without front matter is reported."""
    fixture_site.write("core/lonely.md", "# Lonely\n\nText.\n")
    fixture_site.write_config()
    assert fixture_site.findings() == [("docs/core/lonely.md", 1, 1, "GL009")]


def test_gl010_long_summary(fixture_site: FixtureSite) -> None:
    """A summary over 200 characters is reported at its key."""
    fixture_site.write(
        "core/frob-layer.md",
        concept("Frob Layer", "Under a [quux engine](quux-engine.md).", summary="x" * 201 + "."),
    )
    assert fixture_site.findings() == [("docs/core/frob-layer.md", 3, 1, "GL010")]


def test_gl011_two_sentences(fixture_site: FixtureSite) -> None:
    """A summary of two sentences is reported."""
    fixture_site.write(
        "core/frob-layer.md",
        concept("Frob Layer", "Under a [quux engine](quux-engine.md).",
                summary="One thing. Another thing."),
    )
    assert fixture_site.findings() == [("docs/core/frob-layer.md", 3, 1, "GL011")]


def test_gl012_missing_page(fixture_site: FixtureSite) -> None:
    """A link to a page that does not exist is reported at its bracket."""
    fixture_site.write("index.md", "# Home\n\nSee [nothing](core/nothing.md).\n")
    assert fixture_site.findings() == [("docs/index.md", 3, 5, "GL012")]


def test_gl013_missing_anchor(fixture_site: FixtureSite) -> None:
    """A link to an anchor that no heading defines is reported."""
    fixture_site.write(
        "index.md",
        "# Home\n\nSee [ok](core/frob-layer.md#example) and [bad](core/frob-layer.md#nope).\n",
    )
    assert fixture_site.findings() == [("docs/index.md", 3, 42, "GL013")]


def test_gl014_missing_section(fixture_site: FixtureSite) -> None:
    """A concept page without a required section is reported."""
    page = concept("Frob Layer", "Under a [quux engine](quux-engine.md).")
    fixture_site.write("core/frob-layer.md", page.replace("## Example\n\nAn example.\n\n", ""))
    findings = fixture_site.check().findings
    assert [(f.path, f.code) for f in findings] == [("docs/core/frob-layer.md", "GL014")]
    assert findings[0].message == "missing section '## Example'"


TABLE_DECL = """
<!-- glossary-table
term_column: Term
covers: {kind: knob}
-->
"""


def _with_knob(site: FixtureSite) -> None:
    site.write("core/knob-turn.md", concept(
        "Knob Turn", "Turns a [frob layer](frob-layer.md).", extra="kind: knob"))
    site.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md) with a "
        "[knob turn](knob-turn.md).", aliases=("QE",)))
    site.write_config()


def test_gl020_empty_cell(fixture_site: FixtureSite) -> None:
    """An empty or dash cell in a declared table is reported."""
    _with_knob(fixture_site)
    fixture_site.write("quick.md", "# Quick\n" + TABLE_DECL +
                       "| Term | Value |\n|---|---|\n| [Knob Turn](core/knob-turn.md) | — |\n")
    fixture_site.write_config()
    assert fixture_site.findings() == [("docs/quick.md", 9, 36, "GL020")]


def test_gl021_row_term_not_linked(fixture_site: FixtureSite) -> None:
    """A row whose term cell is not a link to a concept page is reported."""
    _with_knob(fixture_site)
    fixture_site.write("quick.md", "# Quick\n" + TABLE_DECL +
                       "| Term | Value |\n|---|---|\n| [Knob Turn](core/knob-turn.md) | 1 |\n"
                       "| Spare row | 2 |\n")
    fixture_site.write_config()
    assert fixture_site.findings() == [("docs/quick.md", 10, 3, "GL021")]


def test_gl021_cell_names_term_without_link(fixture_site: FixtureSite) -> None:
    """A term named in any cell of a declared table must be a link."""
    _with_knob(fixture_site)
    fixture_site.write("quick.md", "# Quick\n\nSee the [frob layer](core/frob-layer.md).\n"
                       + TABLE_DECL + "| Term | Value |\n|---|---|\n"
                       "| [Knob Turn](core/knob-turn.md) | like a frob layer |\n")
    fixture_site.write_config()
    assert fixture_site.findings() == [("docs/quick.md", 11, 43, "GL021")]


def test_gl022_covered_kind_without_row(fixture_site: FixtureSite) -> None:
    """A term of the covered kind with no row is reported at the declaration."""
    _with_knob(fixture_site)
    fixture_site.write("quick.md", "# Quick\n\nSee [Quux Engine](core/quux-engine.md).\n"
                       + TABLE_DECL + "| Term | Value |\n|---|---|\n"
                       "| [Quux Engine](core/quux-engine.md) | 1 |\n")
    fixture_site.write_config()
    assert fixture_site.findings() == [("docs/quick.md", 5, 1, "GL022")]


RANGE_DECL = """
<!-- glossary-table
range_column: Size
axis: [1B, 1T]
-->
| Size | Use |
|---|---|
"""


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("| < 3B | a |\n| 3B–70B | b |\n| 70B+ | c |\n", []),
        ("| < 3B | a |\n| 7B–70B | b |\n| 70B+ | c |\n", [("docs/quick.md", 10, 3, "GL023")]),
        ("| < 3B | a |\n| 2B–70B | b |\n| 70B+ | c |\n", [("docs/quick.md", 10, 3, "GL024")]),
        ("| 2B–3B | a |\n| 3B–70B | b |\n| 70B+ | c |\n", [("docs/quick.md", 9, 3, "GL023")]),
        ("| < 3B | a |\n| 3B–70B | b |\n", [("docs/quick.md", 10, 3, "GL023")]),
        ("| small | a |\n", [("docs/quick.md", 9, 3, "GL025")]),
    ],
)
def test_range_buckets(
    fixture_site: FixtureSite, rows: str, expected: list[tuple[str, int, int, str]]
) -> None:
    """Range buckets must cover the axis without gaps (GL023) or overlaps (GL024)."""
    fixture_site.write("quick.md", "# Quick\n" + RANGE_DECL + rows)
    fixture_site.write_config()
    assert fixture_site.findings() == expected


def test_gl025_unknown_column(fixture_site: FixtureSite) -> None:
    """A declaration naming a column the table lacks is reported at the comment."""
    fixture_site.write("quick.md", "# Quick\n\n<!-- glossary-table\nterm_column: Nope\n-->\n"
                       "| Term | Value |\n|---|---|\n| a | b |\n")
    fixture_site.write_config()
    assert fixture_site.findings() == [("docs/quick.md", 3, 1, "GL025")]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("fine-tuning", {"fine-tuning", "fine tuning", "finetuning", "fine-tunings",
                         "fine tunings", "finetunings"}),
        ("Parameters", {"Parameters", "Parameter"}),
        ("Perplexity", {"Perplexity", "Perplexities"}),
    ],
)
def test_variants(phrase: str, expected: set[str]) -> None:
    """Separator and plural variants of a phrase."""
    from dl_glossary.check.matcher import normalise

    assert {normalise(v) for v in variants(phrase)} == {normalise(e) for e in expected}


def test_acronym_case_is_exact() -> None:
    """Acronyms written in capitals match only in capitals; ordinary words in any case."""
    index = MentionIndex([("RAG", "rag"), ("KV Cache", "kv"), ("Top-p", "top-p")])
    text = "rag RAG kv cache KV cache KV Cache top p TOP-P"
    found = [(text[m.start:m.end], m.slug) for m in index.find(text)]
    assert found == [("RAG", "rag"), ("KV cache", "kv"), ("KV Cache", "kv"),
                     ("top p", "top-p"), ("TOP-P", "top-p")]


SOURCES_CASES = [
    # (an entry added to a concept page's Sources, [(code, the text the finding points at)])
    ("- A (2017). *Paper*. [arXiv:1706.03762](https://arxiv.org/abs/1706.03762).", []),
    ("- Vendor docs. [Guide](https://example.org/docs/guide).", []),
    ("- A DOI. <https://doi.org/10.1145/1571941.1572114>", []),
    ("- A (2017). *Paper*. arXiv:1706.03762.", [("GL015", "- A")]),
    ("- A book with no link.", [("GL015", "- A")]),
    ("- A (2017). [arXiv:1706.3762](https://arxiv.org/abs/1706.3762).",
     [("GL016", "https://arxiv.org/abs/1706.3762")]),
    ("- A (2017). [arXiv:1713.03762](https://arxiv.org/abs/1713.03762).",
     [("GL016", "https://arxiv.org/abs/1713.03762")]),
    ("- A (2017). [PDF](https://arxiv.org/pdf/1706.03762).",
     [("GL016", "https://arxiv.org/pdf/1706.03762")]),
    ("- A (2017). [a](https://x.org/a). arXiv:17060.3762.", [("GL016", "17060.3762")]),
]


@pytest.mark.parametrize(("entry", "expected"), SOURCES_CASES)
def test_gl015_gl016_sources_links(fixture_site: FixtureSite, entry: str,
                                   expected: list[tuple[str, str]]) -> None:
    """Every Sources entry links its source; arXiv ids are well formed, links are abstracts."""
    path = fixture_site.docs / "core" / "frob-layer.md"
    text = path.read_text(encoding="utf-8") + entry + "\n"
    path.write_text(text, encoding="utf-8")
    line = text.count("\n")
    assert fixture_site.findings() == [
        ("docs/core/frob-layer.md", line, entry.index(anchor) + 1, code)
        for code, anchor in expected]


def test_gl015_fix_links_a_plain_arxiv_id(fixture_site: FixtureSite) -> None:
    """--fix turns a plain well-formed arXiv id into a link to its abstract page."""
    from dl_glossary.check.fix import apply_to_text

    path = fixture_site.docs / "core" / "frob-layer.md"
    path.write_text(path.read_text(encoding="utf-8") + "- A. arXiv:1706.03762v2.\n",
                    encoding="utf-8")
    report = fixture_site.check()
    [fix] = report.fixes
    fixed = apply_to_text(path.read_text(encoding="utf-8"), [fix])
    assert fixed.endswith(
        "- A. [arXiv:1706.03762v2](https://arxiv.org/abs/1706.03762v2).\n")
