"""Formulas read like the text around them: grouped numbers whole, inline math in the body font."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from dl_glossary.build.mathml import to_mathml

#: MathML elements that only group others; a formula's reading order is the sequence of its leaves.
_GROUPING = {"math", "mrow", "mstyle", "semantics"}
_DIGITS = re.compile(r"\d+")
_GROUP_OF_THREE = re.compile(r"\d{3}(?:\.\d+)?")


def _leaves(math: Tag) -> list[Tag]:
    """The token elements of a formula in reading order (mn, mo, mi, ...), groups flattened."""
    return [el for el in math.find_all(True) if el.name not in _GROUPING and not el.find(True)]


def split_numbers(math: Tag) -> list[str]:
    """Numbers written 8{,}192 (or 8,192) in TeX but rendered <mn>8</mn><mo>,</mo><mn>192</mn>."""
    tex = math.get("alttext", "")
    leaves = _leaves(math)
    found = []
    for left, comma, right in zip(leaves, leaves[1:], leaves[2:], strict=False):
        if (left.name, comma.name, right.name) != ("mn", "mo", "mn"):
            continue
        head, tail = left.get_text(), right.get_text()
        if (comma.get_text() == "," and _DIGITS.fullmatch(head)
                and _GROUP_OF_THREE.fullmatch(tail)
                and re.search(rf"(?<!\d){head}(?:\{{,\}}|,){tail}", tex)):
            found.append(f"{head},{tail}")
    return found


def test_split_numbers_finds_the_old_output() -> None:
    """The scan recognises the split that latex2mathml wrote before the fix, and not a tuple."""
    old = BeautifulSoup(
        '<math alttext="8{,}192 + (102, 101)"><mrow><mn>8</mn><mrow><mo>&#x0002C;</mo></mrow>'
        "<mn>192</mn><mo>+</mo><mo>(</mo><mn>102</mn><mo>,</mo><mn>101</mn><mo>)</mo></mrow></math>",
        "lxml",
    ).math
    assert split_numbers(old) == ["8,192"]


@pytest.mark.parametrize(("tex", "numbers"), [
    ("8{,}192", ["8,192"]),
    ("1{,}000{,}000 \\times 4", ["1,000,000", "4"]),
    ("32 \\times 1{,}280^2", ["32", "1,280", "2"]),
    ("x_{1{,}024}", ["1,024"]),
    ("2{,}048.5", ["2,048.5"]),
    ("(102, 101, 100.1)", ["102", "101", "100.1"]),
])
def test_grouped_numbers_convert_to_one_mn(tex: str, numbers: list[str]) -> None:
    """The converter writes a {,}-grouped number as one <mn>, scripts kept, tuples left alone."""
    math = BeautifulSoup(to_mathml(tex, display=False), "lxml").math
    assert [mn.text for mn in math.find_all("mn")] == numbers
    assert split_numbers(math) == []


def test_no_number_split_at_its_thousands_separator(built_site: Path) -> None:
    """No formula on any page renders a grouped number such as 8{,}192 as "8, 192"."""
    failures, whole = [], 0
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "<math" not in text:
            continue
        for math in BeautifulSoup(text, "lxml").find_all("math"):
            failures += [f"{path.relative_to(built_site)}: {n}" for n in split_numbers(math)]
            whole += sum(1 for mn in math.find_all("mn") if re.fullmatch(r"\d+(,\d{3})+", mn.text))
    assert failures == []
    assert whole >= 50, f"only {whole} grouped numbers found: did the site lose its formulas?"


def test_grouped_number_reads_as_one_number(built_site: Path) -> None:
    """The LoRA page's 4{,}096 is one <mn>4,096</mn>, which screen readers read as one number."""
    page = BeautifulSoup((built_site / "fine-tuning" / "lora" / "index.html")
                         .read_text(encoding="utf-8"), "lxml")
    numbers = {mn.text for mn in page.select("math mn")}
    assert "4,096" in numbers, sorted(numbers)[:40]


@pytest.mark.parametrize("width", [390, 1280])
def test_inline_math_matches_body_text(browser, site_server: str, width: int) -> None:
    """Inline formulas' letters and digits use the body's font family and size, not a math serif."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site_server + "fine-tuning/lora/")
    styles = tab.evaluate(
        """() => [...document.querySelectorAll(
                 '.md-typeset :is(p, li) > .math-inline > math > mrow > :is(mi, mn)')].map(t => {
             const p = getComputedStyle(t.closest('p, li')), s = getComputedStyle(t);
             return [s.fontFamily, p.fontFamily, parseFloat(s.fontSize), parseFloat(p.fontSize)];
           })"""
    )
    context.close()
    assert styles, "no inline formula in a paragraph"
    for math_family, body_family, math_size, body_size in styles:
        assert math_family == body_family
        assert abs(math_size - body_size) < 0.5


def test_formulas_converted_ahead_are_what_the_pages_would_convert(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's guess at a page's formulas (outside code) fills the cache; rendering the
    page then converts nothing, with the same MathML as converting there."""
    from dl_glossary.build import mathml

    source = ("Inline $x^2$ and a price of $5 and $6.\n\n$$\nE = mc^2\n$$\n\n"
              "`$not math$` and\n\n```\n$$ nor this $$\n```\n")
    assert mathml.formulas_in(source) == {("x^2", False), ("\nE = mc^2\n", True)}
    monkeypatch.setattr(mathml, "_cache", {})
    page = ('<p>Inline <span class="arithmatex">\\(x^2\\)</span></p>'
            '<div class="arithmatex">\\[\nE = mc^2\n\\]</div>')
    direct = mathml.render_math(page, pytest.fail)
    monkeypatch.setattr(mathml, "_cache", {})
    mathml.add_converted(mathml.convert_ahead([source]))
    monkeypatch.setattr(mathml, "_convert", lambda *args: pytest.fail("converted again"))
    assert mathml.render_math(page, pytest.fail) == direct
