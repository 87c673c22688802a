"""What the build's worker makes from the terms alone: findings, generated lists, backlinks, and
that a page built by MkDocs carries exactly those fragments, listed in its table of contents."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FORK_WARNING, MKDOCS, ROOT, FixtureSite
from glossary import generated
from glossary.background import Background
from glossary.loader import A_Z_MARKER, SECTION_MARKER, load_site

EXTENSIONS = ["attr_list", "def_list", "md_in_html", "toc", "tables"]  # the fixture's mkdocs.yml
URLS = {"index.md": "", "glossary.md": "glossary/", "core/index.md": "core/",
        "core/quux-engine.md": "core/quux-engine/", "core/frob-layer.md": "core/frob-layer/"}


def inputs(site: FixtureSite) -> generated.BuildInputs:
    return generated.BuildInputs(load_site(site.root), URLS, site.root / "site", EXTENSIONS, {})


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
    background = Background(inputs(fixture_site), fork=True)
    try:
        assert background.submit(generated.generate).result(timeout=60) == generated.generate(
            inputs(fixture_site))
    finally:
        background.close()


def test_write_files_writes_exports_and_short_links(fixture_site: FixtureSite) -> None:
    generated.write_files(inputs(fixture_site))
    site = fixture_site.root / "site"
    assert (site / "glossary.json").is_file() and (site / "objects.inv").is_file()
    assert (site / "t" / "qe" / "index.html").is_file()
    assert (site / generated.SOCIAL_CARD).is_file()


def test_built_page_has_the_fragments_in_content_and_table_of_contents(
        fixture_site: FixtureSite) -> None:
    build = subprocess.run([*MKDOCS, "build", "--strict", "-q"], cwd=fixture_site.root,
                           capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr
    site = fixture_site.root / "site"
    found = generated.generate(inputs(fixture_site))

    def page(url: str) -> str:
        return (site / url / "index.html").read_text(encoding="utf-8")

    a_z = page("glossary")
    assert found.markers["glossary.md"][A_Z_MARKER].html in a_z and A_Z_MARKER not in a_z
    toc = BeautifulSoup(a_z, "html.parser").select("li[data-bs-level] > a.nav-link")  # the TOC
    assert [a["href"] for a in toc] == ["#a-z", "#letter-f", "#letter-q"]
    concept = page("core/frob-layer")
    assert found.backlinks["core/frob-layer.md"].html in concept
    toc = BeautifulSoup(concept, "html.parser").select("li[data-bs-level] > a.nav-link")
    assert toc[-1]["href"] == "#referenced-by" and toc[-1].get_text() == "Referenced by"
    assert Path(site / "t" / "frobbing" / "index.html").is_file()


def test_rebuild_updates_short_links_in_place(fixture_site: FixtureSite) -> None:
    """A rebuild keeps t/ from MkDocs' clean-up, rewrites nothing unchanged, drops stale links."""
    def build() -> None:
        result = subprocess.run([*MKDOCS, "build", "--strict", "-q"], cwd=fixture_site.root,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr

    build()
    site = fixture_site.root / "site"
    kept = (site / "t" / "qe" / "index.html").stat()
    (site / "t" / "quux-engine" / "index.html").write_text("edited", encoding="utf-8")
    source = fixture_site.docs / "core" / "frob-layer.md"
    source.write_text(source.read_text(encoding="utf-8").replace("aliases: [frobbing]",
                                                                 "aliases: [frob]"))
    build()
    assert (site / "t" / "qe" / "index.html").stat().st_mtime_ns == kept.st_mtime_ns
    assert "../../core/quux-engine/" in (site / "t" / "quux-engine" / "index.html").read_text()
    assert not (site / "t" / "frobbing").exists()
    assert "../../core/frob-layer/" in (site / "t" / "frob" / "index.html").read_text()
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []


def test_short_links_kept_from_a_stopped_build_are_not_left_behind(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "t" / "x").mkdir(parents=True)
    (site / generated.KEPT_SHORT_LINKS / "old").mkdir(parents=True)  # a stopped build's
    generated.keep_short_links(site)
    assert not (site / "t").exists() and (site / generated.KEPT_SHORT_LINKS / "x").is_dir()
    assert generated.restore_short_links(site) is True and (site / "t" / "x").is_dir()
    generated.keep_short_links(site)
    (site / "t").mkdir()  # something else made a t/ meanwhile (docs/t/): it wins, unpruned
    assert generated.restore_short_links(site) is False
    assert not (site / generated.KEPT_SHORT_LINKS).exists() and not (site / "t" / "x").exists()


def test_a_worker_that_dies_fails_the_build_with_a_message(fixture_site: FixtureSite) -> None:
    """No traceback and no hang: --strict fails and says what happened."""
    script = f"""
import os, sys
sys.path.insert(0, {str(ROOT / "scripts")!r})
import glossary.generated as generated
def die(inputs):
    os._exit(3)
die.__module__, die.__qualname__ = "glossary.generated", "generate"
generated.generate = die
from mkdocs.__main__ import cli
cli(["build", "--strict", "-q"])
"""
    build = subprocess.run([sys.executable, "-c", script], cwd=fixture_site.root,
                           capture_output=True, text=True, check=False, timeout=120)
    assert build.returncode != 0
    assert "the glossary's worker process stopped" in build.stderr
    assert "Traceback" not in build.stderr
