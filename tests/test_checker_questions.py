"""GL040-GL045 on small fixture trees: `questions` and `troubleshooting` in front matter, with
exact file, line, column and code (front matter lines: 1 `---`, 2 title, 3 summary, 4 aliases,
5 related, 6 on: what each test adds)."""

from __future__ import annotations

import pytest

from conftest import FixtureSite, concept

FROB = "docs/core/frob-layer.md"
QUUX = "docs/core/quux-engine.md"


def frob(extra: str = "", questions: tuple[str, ...] | None = ()) -> str:
    """The fixture's Frob Layer page with `extra` front matter from line 6."""
    return concept("Frob Layer", "A frob layer sits under a [quux engine](quux-engine.md).",
                   aliases=("frobbing",), related=("quux-engine",), extra=extra,
                   questions=questions)


def messages(site: FixtureSite) -> list[str]:
    return [f.format() for f in site.check().findings]


def test_gl040_no_questions(fixture_site: FixtureSite) -> None:
    """A concept page without `questions` is reported at the top of the file."""
    fixture_site.write("core/frob-layer.md", frob())
    assert fixture_site.findings() == [(FROB, 1, 1, "GL040")]
    assert messages(fixture_site) == [
        f"{FROB}:1:1: GL040 no `questions`: add 3 to 6 questions or symptoms a practitioner "
        "would type, in their words"]


@pytest.mark.parametrize(("extra", "where", "message"), [
    ("questions: Why frob?", (6, 1), "`questions` is a str, not a list of 3 to 6 questions"),
    ("questions:", (6, 1), "`questions` is empty, not a list of 3 to 6 questions"),
    ("questions: [Why frob?, How frob?]", (6, 1), "`questions` has 2 entries (3 to 6 expected)"),
    ("questions: [a, b, c, d, e, f, g]", (6, 1), "`questions` has 7 entries (3 to 6 expected)"),
    ("questions:\n  - Why frob?\n  - 42\n  - How frob?", (8, 5),
     "`questions` entry 2 is not a question (a non-empty string)"),
    ("questions:\n  - Why frob?\n  - ''\n  - How frob?", (8, 5),
     "`questions` entry 2 is not a question (a non-empty string)"),
])
def test_gl041_not_a_list_of_3_to_6_questions(fixture_site: FixtureSite, extra: str,
                                              where: tuple[int, int], message: str) -> None:
    """A `questions` value that is not a list of 3 to 6 non-empty strings, at the key or at the
    entry that is not a string."""
    fixture_site.write("core/frob-layer.md", frob(extra))
    assert fixture_site.findings() == [(FROB, *where, "GL041")]
    assert messages(fixture_site) == [f"{FROB}:{where[0]}:{where[1]}: GL041 {message}"]


def test_gl042_question_on_two_pages(fixture_site: FixtureSite) -> None:
    """The same question on a second page (case and punctuation ignored) is reported at the
    second page's entry, naming where the first page asks it."""
    fixture_site.write("core/frob-layer.md", frob(
        "questions:\n  - Why does my frob wobble?\n  - How deep is a frob?\n  - Who frobs?",
        questions=()))
    fixture_site.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md).", aliases=("QE",),
        related=("frob-layer",), questions=(),
        extra="questions:\n  - Is a quux fast?\n  - why does MY frob wobble\n  - What is QE?"))
    assert fixture_site.findings() == [(QUUX, 8, 5, "GL042")]
    assert messages(fixture_site) == [
        f"{QUUX}:8:5: GL042 question 'why does MY frob wobble' is also asked at {FROB}:7"]


def test_gl042_same_question_twice_on_one_page(fixture_site: FixtureSite) -> None:
    """A page that asks one question twice is reported at the repeat (flow list: its text)."""
    fixture_site.write("core/frob-layer.md", frob(
        "questions: [Why frob?, How frob?, why frob]"))
    assert fixture_site.findings() == [(FROB, 6, 35, "GL042")]


ROW = ("troubleshooting:\n"
       "  - symptom: Frobs wobble\n"
       "    cause: The layer is loose.\n"
       "    fix: Tighten it.\n"
       "    group: output\n")


@pytest.mark.parametrize(("extra", "where", "message"), [
    ("troubleshooting: frobs wobble", (6, 1),
     "`troubleshooting` is not a list of rows (symptom, cause, fix, group)"),
    ("troubleshooting:\n  - Frobs wobble", (7, 5), "troubleshooting row 1 is not a mapping "
     "with `symptom`, `cause`, `fix` and `group`"),
    (ROW.replace("    cause: The layer is loose.\n", ""), (7, 5),
     "troubleshooting row 1 has no `cause` (non-empty text)"),
    (ROW.replace("    fix: Tighten it.\n", "    fix: ''\n").replace("    group: output\n", ""),
     (7, 5), "troubleshooting row 1 has no `fix`, `group` (non-empty text)"),
    (ROW + "    see: {quux-engine: yes}\n", (11, 5),
     "troubleshooting row 1: `see` is not a list of concept slugs"),
])
def test_gl043_malformed_troubleshooting(fixture_site: FixtureSite, extra: str,
                                         where: tuple[int, int], message: str) -> None:
    """Rows that are not mappings with the four texts, or whose `see` is not a list."""
    fixture_site.write("core/frob-layer.md", frob(extra, questions=None))
    assert fixture_site.findings() == [(FROB, *where, "GL043")]
    assert messages(fixture_site) == [f"{FROB}:{where[0]}:{where[1]}: GL043 {message}"]


def test_gl044_unknown_group(fixture_site: FixtureSite) -> None:
    """A row in a group that is not one of the six, at its `group` line."""
    rows = ROW + ROW.replace("troubleshooting:\n", "").replace("group: output", "group: perf")
    fixture_site.write("core/frob-layer.md", frob(rows, questions=None))
    assert fixture_site.findings() == [(FROB, 14, 5, "GL044")]
    assert messages(fixture_site) == [f"{FROB}:14:5: GL044 troubleshooting group 'perf' is not "
                                      "one of output, cost, speed, memory, training, safety"]


def test_gl045_see_names_no_concept(fixture_site: FixtureSite) -> None:
    """A `see` slug that is no concept, at the slug itself; known slugs pass."""
    fixture_site.write("core/frob-layer.md", frob(
        ROW + "    see: [quux-engine, frob-engine]\n", questions=None))
    assert fixture_site.findings() == [(FROB, 11, 24, "GL045")]
    assert messages(fixture_site) == [
        f"{FROB}:11:24: GL045 troubleshooting `see` entry 'frob-engine' names no concept"]


def test_well_formed_rows_and_questions_pass(fixture_site: FixtureSite) -> None:
    """Rows with every field, a known group and known `see` slugs give no finding."""
    fixture_site.write("core/frob-layer.md", frob(
        ROW + "    see:\n      - quux-engine\n", questions=None))
    assert fixture_site.findings() == []
