"""Prerequisites (GL031-GL035) and learning paths (GL036) on fixture trees: exact findings."""

from __future__ import annotations

import pytest

from conftest import FixtureSite, concept

FROB = "core/frob-layer.md"
FROB_BODY = "A frob layer sits under a [quux engine](quux-engine.md)."


def _frob(site: FixtureSite, **kwargs) -> None:
    site.write(FROB, concept("Frob Layer", FROB_BODY, aliases=("frobbing",),
                             related=("quux-engine",), **kwargs))


def _messages(site: FixtureSite) -> list[tuple[str, int, int, str, str]]:
    return [(f.path, f.line, f.col, f.code, f.message) for f in site.check().findings]


def test_linked_prerequisite_is_clean(fixture_site: FixtureSite) -> None:
    """A prerequisite that exists and is linked from the text gives no finding."""
    _frob(fixture_site, prerequisites=("quux-engine",))
    assert fixture_site.findings() == []


def test_gl031_unknown_prerequisite(fixture_site: FixtureSite) -> None:
    """A slug that names no concept is reported at its place in the list."""
    _frob(fixture_site, prerequisites=("quux-engine", "nowhere"))
    assert _messages(fixture_site) == [
        ("docs/core/frob-layer.md", 6, 30, "GL031", "prerequisite 'nowhere' names no concept")]


def test_gl032_page_lists_itself(fixture_site: FixtureSite) -> None:
    """A page among its own prerequisites is reported."""
    _frob(fixture_site, prerequisites=("frob-layer",))
    assert _messages(fixture_site) == [
        ("docs/core/frob-layer.md", 6, 17, "GL032",
         "the page lists itself ('frob-layer') as a prerequisite")]


def test_gl033_two_page_cycle(fixture_site: FixtureSite) -> None:
    """Two pages that need each other: one finding, the cycle printed from its first slug."""
    _frob(fixture_site, prerequisites=("quux-engine",))
    fixture_site.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md).", aliases=("QE",),
        related=("frob-layer",), prerequisites=("frob-layer",)))
    assert _messages(fixture_site) == [
        ("docs/core/frob-layer.md", 6, 17, "GL033",
         "prerequisites form a cycle: frob-layer -> quux-engine -> frob-layer")]


def test_gl033_longer_cycle_is_printed_whole(fixture_site: FixtureSite) -> None:
    """A three-page cycle behind a page that only leads into it: the cycle alone is printed."""
    fixture_site.write("core/knob-turn.md", concept(
        "Knob Turn", "Turns a [quux engine](quux-engine.md) and a [frob layer](frob-layer.md).",
        prerequisites=("quux-engine",)))
    fixture_site.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md) by a [knob turn](knob-turn.md).",
        aliases=("QE",), related=("frob-layer",), prerequisites=("frob-layer", "knob-turn")))
    fixture_site.write("core/deep-dial.md", concept(
        "Deep Dial", "Sits on a [knob turn](knob-turn.md).", prerequisites=("knob-turn",)))
    fixture_site.write(FROB, concept(
        "Frob Layer", FROB_BODY + " See the [knob turn](knob-turn.md) and the "
        "[deep dial](deep-dial.md).", aliases=("frobbing",), related=("quux-engine",),
        prerequisites=("knob-turn",)))
    fixture_site.write_config()
    assert _messages(fixture_site) == [
        ("docs/core/frob-layer.md", 6, 17, "GL033",
         "prerequisites form a cycle: frob-layer -> knob-turn -> quux-engine -> frob-layer")]


def test_gl034_prerequisite_not_linked(fixture_site: FixtureSite) -> None:
    """A prerequisite the page never links to is reported; a link in Related is enough."""
    fixture_site.write("core/knob-turn.md", concept(
        "Knob Turn", "Turns a [quux engine](quux-engine.md) and a [frob layer](frob-layer.md)."))
    fixture_site.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md) by a [knob turn](knob-turn.md).",
        aliases=("QE",), related=("frob-layer",)))
    fixture_site.write_config()
    _frob(fixture_site, prerequisites=("quux-engine", "knob-turn"))
    assert _messages(fixture_site) == [
        ("docs/core/frob-layer.md", 6, 30, "GL034",
         "prerequisite 'knob-turn' is not linked from the page's text or Related list "
         "(link to core/knob-turn.md)")]
    page = concept("Frob Layer", FROB_BODY, aliases=("frobbing",), related=("quux-engine",),
                   prerequisites=("quux-engine", "knob-turn"))
    fixture_site.write(FROB, page.replace("See the rest.", "- [Knob Turn](knob-turn.md): turns."))
    assert fixture_site.findings() == []


def test_gl035_missing_field(fixture_site: FixtureSite) -> None:
    """Every concept page carries `prerequisites`: without the key, a finding at line 1."""
    _frob(fixture_site, prerequisites=None)
    assert _messages(fixture_site) == [
        ("docs/core/frob-layer.md", 1, 1, "GL035",
         "concept page has no `prerequisites` (a list of concept slugs to read first; "
         "[] only for a foundation)")]


def test_gl035_not_a_list(fixture_site: FixtureSite) -> None:
    """A single string instead of a list is reported at its key."""
    _frob(fixture_site, prerequisites=None, extra="prerequisites: {quux-engine: 1}")
    assert fixture_site.findings() == [("docs/core/frob-layer.md", 6, 1, "GL035")]


# -- learning paths ------------------------------------------------------------------------
UNITS = ["alpha-unit", "beta-unit", "gamma-unit", "delta-unit", "epsilon-unit"]


def _title(slug: str) -> str:
    return slug.replace("-", " ").title()


@pytest.fixture
def units(fixture_site: FixtureSite) -> FixtureSite:
    """Five concepts in a chain (each needs the one before) and an empty paths index."""
    for i, slug in enumerate(UNITS):
        before = UNITS[i - 1] if i else UNITS[-1]  # alpha links epsilon, so none is an orphan
        fixture_site.write(f"core/{slug}.md", concept(
            _title(slug), f"Follows the [{_title(before)}]({before}.md).",
            prerequisites=(UNITS[i - 1],) if i else ()))
    fixture_site.write("paths/index.md", "# Learning paths\n\nAll paths.\n")
    return fixture_site


def _path(site: FixtureSite, steps: list[str], head: str = "") -> None:
    lines = [*(head or "title: Learn the units\nsummary: A path.\ngoal: Know the units.")
             .splitlines(), "steps:"]
    for slug in steps:
        lines += [f"  - concept: {slug}", "    why: It is next."]
    site.write("paths/units.md", "---\n" + "\n".join(lines) + "\n---\n\n# Learn the units\n")
    site.write_config()


def test_path_in_order_is_clean(units: FixtureSite) -> None:
    """A path whose steps come after what they need: no finding, and no concept-page rules."""
    _path(units, UNITS)
    assert units.findings() == []


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (["beta-unit", "alpha-unit", *UNITS[2:]],
         [(6, 14, "step 1 'beta-unit' comes before 'alpha-unit' (step 2), which it needs first")]),
        (["gamma-unit", "alpha-unit", "delta-unit", "epsilon-unit", "quux-engine"],
         [(6, 14, "step 1 'gamma-unit' comes before 'alpha-unit' (step 2), which it needs "
           "first, through 'beta-unit'")]),
        ([*UNITS[:2], "nowhere", *UNITS[2:]],
         [(10, 14, "step 3 names no concept: 'nowhere'")]),
        ([*UNITS, "beta-unit"], [(16, 14, "step 6 repeats 'beta-unit' (step 2)")]),
        (UNITS[:4], [(5, 1, "path has 4 steps (5 to 12 expected)")]),
    ],
)
def test_gl036_steps(units: FixtureSite, steps: list[str],
                     expected: list[tuple[int, int, str]]) -> None:
    """Misplaced, unknown and repeated steps, and too short a path, at the step's concept."""
    _path(units, steps)
    assert _messages(units) == [("docs/paths/units.md", line, col, "GL036", message)
                                for line, col, message in expected]


@pytest.mark.parametrize(
    ("head", "steps_text", "expected"),
    [
        ("title: Units\nsummary: A path.", None, [(1, 1, "path has no `goal` (a string)")]),
        ("title: Units\nsummary: A path.\ngoal: [a, b]", None,
         [(4, 1, "path has no `goal` (a string)")]),
        ("title: Units\nsummary: A path.\ngoal: Know.\nsteps: alpha-unit", "",
         [(5, 8, "path has no `steps` (a list of {concept, why})")]),
        ("title: Units\nsummary: A path.\ngoal: Know.", "steps:\n  - alpha-unit\n",
         [(6, 5, "step 1 needs `concept` (a slug) and `why` (one line)"),
          (5, 1, "path has 1 steps (5 to 12 expected)")]),
    ],
)
def test_gl036_malformed_path(units: FixtureSite, head: str, steps_text: str | None,
                              expected: list[tuple[int, int, str]]) -> None:
    """A path file missing its goal or with malformed steps is reported where it goes wrong."""
    if steps_text is None:
        _path(units, UNITS, head)
    else:
        units.write("paths/units.md", f"---\n{head}\n{steps_text}---\n\n# Units\n")
        units.write_config()
    assert sorted(_messages(units)) == sorted(
        ("docs/paths/units.md", line, col, "GL036", message) for line, col, message in expected)
