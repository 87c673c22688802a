"""The scanner reads Markdown as MkDocs does: the exact findings (path, line, column, code) on
pages that hold mentions in code, raw HTML, lists, admonitions, tabs and snippets, in LF and
CRLF files, and --fix never writes a link into code."""

from __future__ import annotations

import pytest

from conftest import FixtureSite
from dl_glossary.check.scanner import scan

HOME = "docs/index.md"

CASES = {
    # name: (source of docs/index.md, expected findings)
    "prose": ("# Home\n\nA frob layer.\n", [(HOME, 3, 3, "GL001")]),
    "fenced code, then prose": (
        "# Home\n\n```text\nfrob layer\n```\n\nA frob layer.\n", [(HOME, 7, 3, "GL001")]),
    "indented code block": ("# Home\n\nText.\n\n    frob layer = 1\n", []),
    "indented code, then prose": (
        "# Home\n\n    frob layer = 1\n\nA quux engine.\n", [(HOME, 5, 3, "GL001")]),
    "tab-indented code block": ("# Home\n\nText.\n\n\tfrob layer = 1\n", []),
    "raw HTML block across blank lines": (
        "# Home\n\n<div class=\"x\">\n\nfrob layer\n\n</div>\n\nA quux engine.\n",
        [(HOME, 9, 3, "GL001")]),
    "markdown inside md_in_html": (
        "# Home\n\n<div markdown>\n\nA frob layer.\n\n</div>\n", [(HOME, 5, 3, "GL001")]),
    "fenced code inside a list item": (
        "# Home\n\n- item\n\n    ```\n    frob layer\n    ```\n\n- a frob layer\n",
        [(HOME, 9, 5, "GL001")]),
    "indented code inside a list item": (
        "# Home\n\n1. item\n\n           frob layer\n\n2. A quux engine\n",
        [(HOME, 7, 6, "GL001")]),
    "admonition body is prose": (
        "# Home\n\n!!! note \"Frob layer\"\n\n    A frob layer here.\n",
        [(HOME, 5, 7, "GL001")]),
    "code inside an admonition": (
        "# Home\n\n!!! note\n\n    ```\n    frob layer\n    ```\n\n        frob layer\n", []),
    "content tab body is prose": (
        "# Home\n\n=== \"Tab\"\n\n\tA frob layer.\n", [(HOME, 5, 4, "GL001")]),
    "snippet line": ("# Home\n\n--8<-- \"frob-layer.md\"\n", []),
    "inline code and math": ("# Home\n\n`frob layer` and $frob layer$ then frob layer.\n",
                             [(HOME, 3, 36, "GL001")]),
}


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize("name", list(CASES))
def test_exact_findings(fixture_site: FixtureSite, name: str, newline: str) -> None:
    """Each page gives exactly its findings, with LF and with CRLF line endings."""
    source, expected = CASES[name]
    path = fixture_site.docs / "index.md"
    path.write_bytes(source.replace("\n", newline).encode("utf-8"))
    assert fixture_site.findings() == expected


@pytest.mark.parametrize("name", [n for n, (_, found) in CASES.items() if not found])
def test_fix_leaves_code_and_html_alone(fixture_site: FixtureSite, name: str) -> None:
    """--fix has nothing to do where every mention sits in code, raw HTML or a snippet line."""
    source, _ = CASES[name]
    fixture_site.write("index.md", source)
    assert fixture_site.check().fixes == []


def test_crlf_fix_keeps_crlf(fixture_site: FixtureSite) -> None:
    """--fix links a mention in a CRLF file and writes the file back with CRLF endings."""
    from dl_glossary.check.fix import apply_fixes
    from dl_glossary.core.loader import load_site

    path = fixture_site.docs / "index.md"
    path.write_bytes(b"# Home\r\n\r\n```\r\nfrob layer\r\n```\r\n\r\nA frob layer.\r\n")
    site = load_site(fixture_site.root)
    report = fixture_site.check()
    assert apply_fixes(site.docs_dir, report.fixes, report.unfixable, site.pages) == ["index.md"]
    assert path.read_bytes() == (b"# Home\r\n\r\n```\r\nfrob layer\r\n```\r\n\r\n"
                                 b"A [frob layer](core/frob-layer.md).\r\n")


def test_masked_text_keeps_offsets() -> None:
    """The masked copy has the source's length and newlines, so offsets stay exact."""
    text = "# T\n\n- a `code` [link](x.md)\n\n    code\n\nplain words\n"
    result = scan(text)
    assert len(result.masked) == len(text)
    assert [i for i, c in enumerate(result.masked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"]
    assert result.masked.endswith("plain words\n")
    assert [(link.text, link.target) for link in result.links] == [("link", "x.md")]
