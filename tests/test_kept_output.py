"""The glossary's own output folders (`t/`, `assets/cards/`) kept across MkDocs' clean of the
site folder (`dl_glossary.postprocess.kept_output`): a build into the previous folder rewrites
only what changed and ends exactly as a build into a new folder."""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import FORK_WARNING, FixtureSite, concept
from dl_glossary.build import cold_assets, generated, social
from dl_glossary.build.plugin import GlossaryPlugin
from dl_glossary.core.loader import load_site
from dl_glossary.postprocess import kept_output, site_files

FOLDERS = ("t", "assets/cards")


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under folder, by relative path."""
    return {path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
            for path in folder.rglob("*")}


def make(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def test_held_folders_leave_the_site_folder_and_come_back(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    make(site, {"t/a/index.html": "a", "assets/cards/a.png": "png", "assets/main.css": "css",
                "index.html": "home"})
    inode = (site / "t/a/index.html").stat().st_ino
    held = kept_output.hold(site, cache, FOLDERS)
    assert held is not None and held.folders == FOLDERS
    assert sorted(tree(site)) == ["assets", "assets/main.css", "index.html"]
    shutil.rmtree(site)  # what MkDocs' clean does to the rest
    site.mkdir()
    held.restore()
    assert tree(site) == {"t": None, "t/a": None, "t/a/index.html": b"a", "assets": None,
                          "assets/cards": None, "assets/cards/a.png": b"png"}
    assert (site / "t/a/index.html").stat().st_ino == inode  # moved, not copied
    assert not (cache / kept_output.HOLD).exists()


def test_builds_into_two_folders_hold_their_own(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    make(tmp_path, {"one/t/a/index.html": "one", "two/t/a/index.html": "two"})
    first = kept_output.hold(tmp_path / "one", cache, FOLDERS)
    second = kept_output.hold(tmp_path / "two", cache, FOLDERS)
    assert first is not None and second is not None and first.hold != second.hold
    first.restore()
    second.restore()
    assert (tmp_path / "one/t/a/index.html").read_text() == "one"
    assert (tmp_path / "two/t/a/index.html").read_text() == "two"
    assert not (cache / kept_output.HOLD).exists()


def test_nothing_is_held_from_a_new_folder_and_a_leftover_hold_is_dropped(tmp_path: Path) -> None:
    cache, site = tmp_path / "cache", tmp_path / "new-site"
    make(kept_output.hold_folder(site, cache), {"t/old/index.html": "left by a killed build"})
    assert kept_output.hold(site, cache, FOLDERS) is None
    assert not (cache / kept_output.HOLD).exists()


def test_a_folder_on_another_file_system_is_left_for_mkdocs_to_delete(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    make(site, {"t/a/index.html": "a"})

    def cross_device(source: object, target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "rename", cross_device)
    assert kept_output.hold(site, tmp_path / "cache", FOLDERS) is None
    assert (site / "t/a/index.html").read_text() == "a"
    assert not (tmp_path / "cache" / kept_output.HOLD).exists()


def test_write_if_changed_leaves_equal_bytes_alone(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    assert kept_output.write_if_changed(path, b"abc")  # missing: written
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert not kept_output.write_if_changed(path, b"abc")
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert kept_output.write_if_changed(path, b"ab")  # a prefix of the old bytes is a change
    assert path.read_bytes() == b"ab"
    snapshot = tmp_path / "snapshot.html"  # a hard-link copy of the last build (cp -al)
    os.link(path, snapshot)
    assert kept_output.write_if_changed(path, b"abcd")
    assert path.read_bytes() == b"abcd"
    assert snapshot.read_bytes() == b"ab"  # replaced, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html", "snapshot.html"]


def test_prune_deletes_what_the_build_did_not_make(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make(site, {"t/a/index.html": "a", "t/gone/deeper/index.html": "old", "t/.hidden": "x",
                "assets/cards/gone.png": "old", "assets/main.css": "css", "index.html": "h"})
    (site / "t/link.html").symlink_to(site / "index.html")
    wanted = {"t/a/index.html", "assets/main.css", "index.html"}
    deleted = kept_output.prune(site, FOLDERS, wanted, site_files.list_files(site))
    assert deleted == ["assets/cards/gone.png", "t/.hidden", "t/gone/deeper/index.html",
                       "t/link.html"]
    assert tree(site) == {"t": None, "t/a": None, "t/a/index.html": b"a", "assets": None,
                          "assets/main.css": b"css", "index.html": b"h"}  # no empty folders
    deleted = kept_output.prune(site, FOLDERS, set(), site_files.list_files(site))
    assert deleted == ["t/a/index.html"]
    assert sorted(tree(site)) == ["assets", "assets/main.css", "index.html"]  # t/ went too


def test_prune_deletes_empty_folders_left_by_a_stopped_build(tmp_path: Path) -> None:
    """A folder a stopped worker made but never filled, under ours: gone; elsewhere: kept."""
    site = tmp_path / "site"
    make(site, {"t/a/index.html": "a"})
    (site / "t/half/made").mkdir(parents=True)
    (site / "assets/fonts").mkdir(parents=True)
    listed, empty = site_files.walk(site)
    assert sorted(empty) == ["assets/fonts", "t/half/made"]
    assert kept_output.prune(site, FOLDERS, {"t/a/index.html"}, listed, empty) == []
    assert sorted(tree(site)) == ["assets", "assets/fonts", "t", "t/a", "t/a/index.html"]


def test_holds_of_other_folders_are_dropped_once_stale(tmp_path: Path) -> None:
    """`mkdocs serve` builds into a new temporary folder each time: a hold a stopped serve left
    behind goes after an hour; a recent one (another build running now) stays."""
    cache = tmp_path / "cache"
    stale = kept_output.hold_folder(tmp_path / "gone-serve-folder", cache)
    recent = kept_output.hold_folder(tmp_path / "running-build", cache)
    make(stale, {"t/a/index.html": "old"})
    make(recent, {"t/a/index.html": "now"})
    old = time.time() - kept_output.STALE_AFTER - 60
    os.utime(stale, (old, old))
    assert kept_output.hold(tmp_path / "new-site", cache, FOLDERS) is None
    assert not stale.exists() and (recent / "t/a/index.html").read_text() == "now"


def _build(root: Path, out: Path) -> None:
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=True))


@pytest.mark.filterwarnings(FORK_WARNING)
@pytest.mark.parametrize("cold_cache", [False, True])
def test_a_build_into_the_previous_folder_ends_as_a_build_into_a_new_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold_cache: bool) -> None:
    """An alias renamed and a summary changed: the old short link and the old card bytes are
    gone, the unchanged short links and cards were not rewritten, the hold is empty. With a cold
    cache the cards come from the card job, held back from MkDocs' copy until post_build (the
    job is made to look busy at on_env); with a warm one from the worker."""
    fixture = FixtureSite(tmp_path / "project").clean()
    root, out = fixture.root, tmp_path / "out"
    assert set(generated.own_folders()) == set(FOLDERS)
    _build(root, out)
    assert (out / "t/qe/index.html").is_file()
    unchanged = out / "t/frob-layer/index.html"
    before = unchanged.stat()
    frob_card = out / social.card_uri(load_site(root).terms["frob-layer"])
    frob_card_before = frob_card.read_bytes()
    fixture.write("core/quux-engine.md", concept(
        "Quux Engine", "It feeds a [Frob Layer](frob-layer.md).", aliases=("QX",),
        related=("frob-layer",)))
    fixture.write("core/frob-layer.md", concept(
        "Frob Layer", "A frob layer sits under a [quux engine](quux-engine.md).",
        summary="A changed summary, so the card changes.", aliases=("frobbing",),
        related=("quux-engine",)))
    (out / "t/stray.html").write_text("not the build's")
    quux_card = out / social.card_uri(load_site(root).terms["quux-engine"])
    quux_before = quux_card.stat()
    held_back: list[int] = []
    if cold_cache:
        shutil.move(root / ".cache", tmp_path / "old-cache")
        monkeypatch.setattr(cold_assets.Job, "done", property(lambda job: False))
        real = GlossaryPlugin._copy_held_back

        def copy_held_back(plugin: GlossaryPlugin, config) -> list[str]:
            held_back.append(len(plugin.held_back))
            return real(plugin, config)

        monkeypatch.setattr(GlossaryPlugin, "_copy_held_back", copy_held_back)
    _build(root, out)
    monkeypatch.undo()
    assert held_back == ([3] if cold_cache else [])  # two cards and the vocabulary
    _build(root, tmp_path / "new")
    site_files = tree(out)
    assert sorted(site_files) == sorted(tree(tmp_path / "new"))
    for rel, content in tree(tmp_path / "new").items():
        if rel.startswith(FOLDERS):
            assert site_files[rel] == content, rel
    assert "t/qe/index.html" not in site_files and "t/qx/index.html" in site_files
    assert "t/stray.html" not in site_files
    assert frob_card.read_bytes() != frob_card_before
    after = unchanged.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    quux_after = quux_card.stat()  # its concept did not change: the card was not written
    assert (quux_after.st_ino, quux_after.st_mtime_ns) == (quux_before.st_ino,
                                                           quux_before.st_mtime_ns)
    assert not (root / ".cache" / kept_output.HOLD).exists()


@pytest.mark.filterwarnings(FORK_WARNING)
def test_a_build_that_fails_after_the_hold_leaves_no_hold_and_the_next_is_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plugin failing between on_pre_build and on_files: the hold is dropped with the build
    (MkDocs has emptied the folder), and the next build makes everything again."""
    root = FixtureSite(tmp_path / "project").clean().root
    out = tmp_path / "out"
    _build(root, out)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a plugin failed")

    monkeypatch.setattr(GlossaryPlugin, "on_files", fail)
    with pytest.raises(RuntimeError):
        _build(root, out)
    monkeypatch.undo()
    assert not (root / ".cache" / kept_output.HOLD).exists()
    assert not (out / "t").exists()
    _build(root, out)
    _build(root, tmp_path / "new")
    assert sorted(tree(out)) == sorted(tree(tmp_path / "new"))
