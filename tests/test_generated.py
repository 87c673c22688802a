"""What the build's worker makes from the terms alone: findings, generated lists, backlinks, and
that a page built by MkDocs carries exactly those fragments, listed in its table of contents."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FORK_WARNING, MKDOCS, FixtureSite
from dl_glossary.build import generated
from dl_glossary.build.worker import Worker
from dl_glossary.core.loader import A_Z_MARKER, SECTION_MARKER, load_site

EXTENSIONS = ["attr_list", "def_list", "md_in_html", "toc", "tables"]  # the fixture's mkdocs.yml
URLS = {"index.md": "", "glossary.md": "glossary/", "core/index.md": "core/",
        "core/quux-engine.md": "core/quux-engine/", "core/frob-layer.md": "core/frob-layer/"}


def inputs(site: FixtureSite) -> generated.BuildInputs:
    return generated.BuildInputs(load_site(site.root), URLS, EXTENSIONS, {})


def toc_ids(tokens: list[dict]) -> list[str]:
    return [t["id"] for t in tokens] + [i for t in tokens for i in toc_ids(t["children"])]


def test_markers_and_backlinks_become_html_with_previews(fixture_site: FixtureSite) -> None:
    found = generated.generate(inputs(fixture_site))
    assert found.findings == []
    assert set(found.markers) == {"glossary.md", "core/index.md"}
    a_z = found.markers["glossary.md"][A_Z_MARKER]
    soup = BeautifulSoup(a_z.html, "html.parser")
    links = {a["href"]: a for a in soup.select("dl a")}
    assert set(links) == {"../core/frob-layer/", "../core/quux-engine/"}
    assert links["../core/quux-engine/"]["data-preview-title"] == "Quux Engine"
    assert toc_ids(a_z.toc) == ["letter-f", "letter-q"]
    section = found.markers["core/index.md"][SECTION_MARKER]
    assert 'href="frob-layer/"' in section.html and section.toc == []
    backlinks = found.backlinks["core/frob-layer.md"]
    assert 'id="referenced-by"' in backlinks.html and 'href="../quux-engine/"' in backlinks.html
    assert toc_ids(backlinks.toc) == ["referenced-by"]


def test_findings_are_formatted_with_file_and_line(fixture_site: FixtureSite) -> None:
    fixture_site.write("core/quux-engine.md", fixture_site.docs.joinpath(
        "core/quux-engine.md").read_text(encoding="utf-8").replace("(frob-layer.md)", "(nope.md)"))
    findings = generated.generate(inputs(fixture_site)).findings
    assert any(f.startswith("docs/core/quux-engine.md:") and " GL" in f for f in findings)


@pytest.mark.filterwarnings(FORK_WARNING)
def test_the_forked_worker_gives_the_same_result(fixture_site: FixtureSite) -> None:
    worker = Worker(inputs(fixture_site), fork=True)
    try:
        assert worker.result(worker.submit(generated.generate), "results") == generated.generate(
            inputs(fixture_site))
    finally:
        worker.close()


def test_make_files_makes_every_registered_file(fixture_site: FixtureSite) -> None:
    """The files the plugin registers at on_files are exactly those the worker makes."""
    made = generated.make_files(inputs(fixture_site))
    assert sorted(made) == sorted(generated.file_uris(load_site(fixture_site.root)))
    assert {"glossary.json", "objects.inv", "t/qe/index.html", generated.SOCIAL_CARD} <= set(made)
    assert made[generated.SOCIAL_CARD].startswith(b"\x89PNG")


def test_built_page_has_the_fragments_in_content_and_table_of_contents(
        fixture_site: FixtureSite) -> None:
    build = strict_build(fixture_site.root)
    assert build.returncode == 0, build.stderr
    site = fixture_site.root / "site"
    found = generated.generate(inputs(fixture_site))

    def page(url: str) -> str:
        return (site / url / "index.html").read_text(encoding="utf-8")

    a_z = page("glossary")
    assert found.markers["glossary.md"][A_Z_MARKER].html in a_z and A_Z_MARKER not in a_z
    toc = BeautifulSoup(a_z, "html.parser").select("nav.md-nav--secondary a.md-nav__link")
    assert list(dict.fromkeys(a["href"] for a in toc)) == ["#letter-f", "#letter-q"]
    concept = page("core/frob-layer")
    assert found.backlinks["core/frob-layer.md"].html in concept
    toc = BeautifulSoup(concept, "html.parser").select("nav.md-nav--secondary a.md-nav__link")
    assert toc[-1]["href"] == "#referenced-by" and toc[-1].get_text(strip=True) == "Referenced by"
    assert Path(site / "t" / "frobbing" / "index.html").is_file()


def strict_build(root: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as a user runs it (no -q, which hides warnings from --strict)."""
    return subprocess.run([*MKDOCS, "build", "--strict"], cwd=root,
                          capture_output=True, text=True, check=False, timeout=300)


def test_rebuild_updates_short_links(fixture_site: FixtureSite) -> None:
    """Short links are MkDocs files: a rebuild rewrites them and drops stale ones."""
    assert strict_build(fixture_site.root).returncode == 0
    site = fixture_site.root / "site"
    (site / "t" / "quux-engine" / "index.html").write_text("edited", encoding="utf-8")
    source = fixture_site.docs / "core" / "frob-layer.md"
    source.write_text(source.read_text(encoding="utf-8").replace("aliases: [frobbing]",
                                                                 "aliases: [frob]"))
    assert strict_build(fixture_site.root).returncode == 0
    assert "../../core/quux-engine/" in (site / "t" / "quux-engine" / "index.html").read_text()
    assert not (site / "t" / "frobbing").exists()
    assert "../../core/frob-layer/" in (site / "t" / "frob" / "index.html").read_text()
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []


def test_a_docs_file_that_clashes_with_a_generated_file_is_reported(
        fixture_site: FixtureSite) -> None:
    """MkDocs sees the generated files: one at the same path as a docs file is a warning."""
    fixture_site.write("glossary.json", "{}")
    build = strict_build(fixture_site.root)
    assert build.returncode != 0
    assert "glossary.json" in build.stderr


def test_a_worker_that_dies_fails_the_build_with_a_message(fixture_site: FixtureSite) -> None:
    """No traceback and no hang: --strict fails and says what happened."""
    script = """
import os
import dl_glossary.build.generated as generated
def die(inputs):
    os._exit(3)
die.__module__, die.__qualname__ = "dl_glossary.build.generated", "generate"
generated.generate = die
from mkdocs.__main__ import cli
cli(["build", "--strict"])
"""
    build = subprocess.run([sys.executable, "-c", script], cwd=fixture_site.root,
                           capture_output=True, text=True, check=False, timeout=120)
    assert build.returncode != 0
    assert "the glossary's worker process stopped" in build.stderr
    assert "Traceback" not in build.stderr
