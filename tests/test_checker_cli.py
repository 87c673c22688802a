"""The checker as a user runs it: exit codes, exact output, --fix, JSON and the strict build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import MKDOCS, ROOT, FixtureSite, concept

CLI = [sys.executable, str(ROOT / "scripts" / "check_glossary.py")]


def run_cli(site_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=site_root, capture_output=True, text=True, check=False)


def snapshot(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*"))
            if p.is_file()}


def test_exit_0_and_summary_when_clean(fixture_site: FixtureSite) -> None:
    """A clean tree exits 0 with the one-line summary."""
    result = run_cli(fixture_site.root)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "glossary check: no findings\n", "")


def test_exit_1_with_exact_lines(fixture_site: FixtureSite) -> None:
    """Findings exit 1, one sorted line each, then the summary."""
    fixture_site.write("index.md", "# Home\n\nA frob layer and a [gone](core/gone.md).\n")
    fixture_site.write(
        "core/index.md", "# Core\n\nThe quux engine.\n\n<!-- glossary:section-terms -->\n"
    )
    result = run_cli(fixture_site.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/core/index.md:3:5: GL001 first mention of 'quux engine' is not linked to "
        "core/quux-engine.md",
        "docs/index.md:3:3: GL001 first mention of 'frob layer' is not linked to "
        "core/frob-layer.md",
        "docs/index.md:3:20: GL012 link to missing page 'core/gone.md'",
        "glossary check: 3 findings in 2 files",
    ]


def test_exit_2_on_unreadable_config(tmp_path: Path) -> None:
    """A broken mkdocs.yml exits 2 with its location and no traceback."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nnav: [unclosed\n", encoding="utf-8")
    result = run_cli(tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("mkdocs.yml:3:1: GL000 config:")
    assert "Traceback" not in result.stderr


def test_exit_2_without_docs(tmp_path: Path) -> None:
    """A missing docs folder is a configuration error."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    result = run_cli(tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "mkdocs.yml:1:1: GL000 config: Config value 'docs_dir': The path "), result.stderr
    assert result.stderr.endswith("isn't an existing directory.\n")


def test_exit_2_on_usage_error(fixture_site: FixtureSite) -> None:
    """An unknown option exits 2."""
    result = run_cli(fixture_site.root, "--frobnicate")
    assert result.returncode == 2
    assert "unrecognized arguments: --frobnicate" in result.stderr


def test_help_documents_every_code() -> None:
    """--help lists every finding code."""
    from dl_glossary.check.codes import CODES

    result = subprocess.run([*CLI, "--help"], capture_output=True, text=True, check=True)
    missing = [code for code in CODES if code not in result.stdout]
    assert missing == []


def test_json_format(fixture_site: FixtureSite) -> None:
    """--format json prints the same findings as objects."""
    fixture_site.write("index.md", "# Home\n\nA frob layer.\n")
    result = run_cli(fixture_site.root, "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["findings"] == [{
        "path": "docs/index.md", "line": 3, "col": 3, "code": "GL001",
        "message": "first mention of 'frob layer' is not linked to core/frob-layer.md",
    }]
    assert data["summary"] == {"findings": 1, "files": 1, "fixed": []}


def test_fix_round_trip(fixture_site: FixtureSite) -> None:
    """--fix links first mentions with the right relative path; a second run changes nothing."""
    fixture_site.write("index.md", "# Home\n\nTwo Frob Layers, one frob layer, a QE.\n")
    fixture_site.write(
        "core/extra.md",
        concept("Extra Term", "It uses quux engines and a [frob layer](frob-layer.md)."),
    )
    fixture_site.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md) and an [extra term](extra.md).",
        aliases=("QE",)))
    fixture_site.write_config()
    first = run_cli(fixture_site.root, "--fix")
    assert first.returncode == 0, first.stdout
    assert first.stdout.splitlines() == [
        "fixed docs/core/extra.md", "fixed docs/index.md", "glossary check: no findings"]
    assert (fixture_site.docs / "index.md").read_text(encoding="utf-8") == (
        "# Home\n\nTwo [Frob Layers](core/frob-layer.md), one frob layer, "
        "a [QE](core/quux-engine.md).\n")
    assert "It uses [quux engines](quux-engine.md) and" in (
        fixture_site.docs / "core/extra.md").read_text(encoding="utf-8")
    before = snapshot(fixture_site.docs)
    second = run_cli(fixture_site.root, "--fix")
    assert (second.returncode, second.stdout) == (0, "glossary check: no findings\n")
    assert snapshot(fixture_site.docs) == before


def test_fix_leaves_unparsable_file_unchanged(fixture_site: FixtureSite) -> None:
    """A page whose front matter does not parse is reported and not touched."""
    broken = "---\ntitle: [oops\n---\n\n# Home\n\nA frob layer.\n"
    path = fixture_site.write("index.md", broken)
    other = fixture_site.write("notes.md", "# Notes\n\nA frob layer.\n")
    fixture_site.write_config()
    result = run_cli(fixture_site.root, "--fix")
    assert result.returncode == 1
    assert path.read_bytes() == broken.encode()
    assert other.read_text(encoding="utf-8") == "# Notes\n\nA [frob layer](core/frob-layer.md).\n"
    assert "docs/index.md:3:1: GL008 front matter:" in result.stdout


def test_fix_keeps_fixture_building_strict(fixture_site: FixtureSite) -> None:
    """After --fix the strict build of the fixture is clean."""
    fixture_site.write("index.md", "# Home\n\nA frob layer.\n")
    assert run_cli(fixture_site.root, "--fix").returncode == 0
    build = subprocess.run([*MKDOCS, "build", "--strict"], cwd=fixture_site.root,
                           capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr


def test_strict_build_fails_on_unlinked_mention(fixture_site: FixtureSite) -> None:
    """A strict build of a fixture with one unlinked mention fails and names file and line."""
    fixture_site.write("index.md", "# Home\n\nWelcome.\n\nA frob layer.\n")
    build = subprocess.run([*MKDOCS, "build", "--strict"], cwd=fixture_site.root,
                           capture_output=True, text=True, check=False)
    assert build.returncode == 1
    assert ("docs/index.md:5:3: GL001 first mention of 'frob layer' is not linked to "
            "core/frob-layer.md") in build.stderr


def test_built_fixture_has_generated_content(fixture_site: FixtureSite) -> None:
    """The hook fills the A-Z index and section list and adds backlinks."""
    build = subprocess.run([*MKDOCS, "build", "--strict"], cwd=fixture_site.root,
                           capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr
    site = fixture_site.root / "site"
    a_z = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'href="../core/frob-layer/"' in a_z and 'href="../core/quux-engine/"' in a_z
    section = (site / "core" / "index.html").read_text(encoding="utf-8")
    assert 'href="frob-layer/"' in section
    page = (site / "core" / "frob-layer" / "index.html").read_text(encoding="utf-8")
    assert 'id="referenced-by"' in page and 'href="../quux-engine/"' in page
