"""The job that draws the concept cards and trains the BPE vocabulary on a cold cache
(`dl_glossary.build.cold_assets`): a separate process whose results the build reads back from
the cache, a clear error when it fails or hangs, and a build that copies the files MkDocs could
not copy at `on_env` because the job was still running."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from PIL import Image

from conftest import FORK_WARNING, ROOT, FixtureSite
from dl_glossary.build import bpe, cold_assets, demo_assets, social
from dl_glossary.core import sources
from dl_glossary.core.loader import load_site

NAME = "Fixture"


def test_the_job_fills_the_cache_that_the_build_reads(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    site = load_site(FixtureSite(tmp_path / "site").clean().root)
    cache = tmp_path / "cache"
    job = cold_assets.Job()
    job.send(cold_assets.order(site, NAME, cache))
    job.wait()
    assert sorted(p.name for p in cache.iterdir()) == [
        bpe.cache_path(cold_assets.order(site, NAME, cache).training_text, cache).name, "cards"]
    # Nothing is drawn or trained again: the build only reads what the job left.
    monkeypatch.setattr(social.ConceptCard, "png", lambda card: pytest.fail("drawn again"))
    monkeypatch.setattr(bpe, "train", lambda *args: pytest.fail("trained again"))
    from_job = cold_assets.files(site, NAME, cache)
    monkeypatch.undo()
    assert from_job == cold_assets.files(site, NAME, tmp_path / "inline")
    assert sorted(from_job) == sorted(cold_assets.uris(site))


def test_a_job_that_fails_says_why_and_loses_nothing(tmp_path: Path) -> None:
    job = cold_assets.Job(command=[sys.executable, "-c",
                                   "import sys; sys.stdin.read(); sys.exit('no fonts here')"])
    site = load_site(FixtureSite(tmp_path / "site").clean().root)
    job.send(cold_assets.order(site, NAME, tmp_path / "cache"))
    with pytest.raises(cold_assets.JobError, match=r"stopped \(exit 1\): no fonts here"):
        job.wait()
    assert list((tmp_path / "cache").iterdir()) == []  # the order file is gone too
    made = cold_assets.files(site, NAME, tmp_path / "cache")  # the build then makes them
    assert made[social.card_uri(site.terms["quux-engine"])].startswith(b"\x89PNG")


def test_a_job_that_hangs_is_stopped(tmp_path: Path) -> None:
    job = cold_assets.Job(timeout=1, command=[sys.executable, "-c", "import time; time.sleep(60)"])
    start = time.monotonic()
    with pytest.raises(cold_assets.JobError, match="no result within 1 s and was stopped"):
        job.wait()
    assert time.monotonic() - start < 10 and job.done


def test_the_cache_looks_warm_once_it_holds_cards_and_a_vocabulary(tmp_path: Path) -> None:
    site = load_site(FixtureSite(tmp_path / "site").clean().root)
    cache = tmp_path / "cache"
    assert not cold_assets.looks_warm(cache)
    cold_assets.files(site, NAME, cache)
    assert cold_assets.looks_warm(cache)
    (cache / "cards").rename(tmp_path / "aside")
    assert not cold_assets.looks_warm(cache)


@pytest.mark.filterwarnings(FORK_WARNING)
@pytest.mark.parametrize("done_at_env", [True, False])
def test_a_cold_build_has_every_card_whether_or_not_the_job_is_done_at_on_env(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, done_at_env: bool) -> None:
    """Not done: MkDocs skips the held-back files at on_env; they are copied after the pages."""
    root = FixtureSite(tmp_path / "site").clean().root
    seen: list[bool] = []
    real_done = cold_assets.Job.done.fget

    def done(job: cold_assets.Job) -> bool:
        if not done_at_env:
            seen.append(False)
            return False
        while not real_done(job):
            time.sleep(0.01)
        seen.append(True)
        return True

    monkeypatch.setattr(cold_assets.Job, "done", property(done))
    site = load_site(root)
    card = tmp_path / "out" / social.card_uri(site.terms["frob-layer"])
    copied_with_static_files: list[bool] = []
    real_copy = Files.copy_static_files

    def copy_static_files(files: Files, *args, **kwargs) -> None:
        real_copy(files, *args, **kwargs)
        copied_with_static_files.append(card.exists())

    monkeypatch.setattr(Files, "copy_static_files", copy_static_files)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    build(config)
    assert seen[0] is done_at_env  # the job ran (the cache was cold), asked first at on_env
    assert copied_with_static_files == [done_at_env]  # held back when not done
    expected = cold_assets.files(site, NAME, root / ".cache")  # all from the cache now
    for uri in cold_assets.uris(site):
        assert (tmp_path / "out" / uri).read_bytes() == expected[uri], uri
    with Image.open(card) as image:
        assert image.size == (1200, 630)


@pytest.mark.filterwarnings(FORK_WARNING)
def test_a_strict_build_whose_job_fails_draws_the_cards_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The failure is advice (the build loses nothing), not a warning that aborts --strict."""
    root = FixtureSite(tmp_path / "site").clean().root
    real_init = cold_assets.Job.__init__

    def failing(job: cold_assets.Job, timeout: float = 120.0, command=None,
                guess_docs=None) -> None:
        real_init(job, timeout, [sys.executable, "-c",
                                 "import sys; sys.stdin.read(); sys.exit('no fonts here')"])

    monkeypatch.setattr(cold_assets.Job, "__init__", failing)
    monkeypatch.setattr(cold_assets.Job, "done", property(lambda job: False))
    logging.getLogger("dl_glossary.advice").addHandler(caplog.handler)
    try:
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"),
                          strict=True))
    finally:
        logging.getLogger("dl_glossary.advice").removeHandler(caplog.handler)
    assert [r.getMessage() for r in caplog.records if r.name == "dl_glossary.advice"
            and "job" in r.getMessage()] == [
        "dl-glossary: the job drawing the concept cards stopped (exit 1): no fonts here; "
        "the build draws the cards itself"]
    site = load_site(root)
    with Image.open(tmp_path / "out" / social.card_uri(site.terms["frob-layer"])) as image:
        assert image.size == (1200, 630)


def test_orders_left_by_killed_builds_are_removed(tmp_path: Path) -> None:
    site = load_site(FixtureSite(tmp_path / "site").clean().root)
    cache = tmp_path / "cache"
    cache.mkdir()
    stale, recent = cache / "order-old.json", cache / "order-new.json"
    stale.write_text("{}", encoding="utf-8")
    recent.write_text("{}", encoding="utf-8")
    hour_ago = time.time() - cold_assets.STALE_ORDER_SECONDS - 1
    os.utime(stale, (hour_ago, hour_ago))
    job = cold_assets.Job()
    job.send(cold_assets.order(site, NAME, cache))
    job.wait()
    assert not stale.exists() and recent.exists()


def test_the_build_draws_from_the_end_the_cards_the_job_has_not_reached(tmp_path: Path) -> None:
    site = load_site(FixtureSite(tmp_path / "site").clean().root)
    cache = tmp_path / "cache"
    folder = cache / social.CACHE_SUBDIR
    titles = site.section_titles()
    cards = [social.concept_card(term, NAME, titles) for term in site.terms.values()]
    assert len(cards) >= 2
    social.cached_png(folder, cards[0])  # the job has drawn the first card
    assert cold_assets.draw_from_the_end(site, NAME, cache, lambda: True) == 0
    assert cold_assets.draw_from_the_end(site, NAME, cache, lambda: False) == len(cards) - 1
    assert all(social.is_cached(folder, card) for card in cards)
    assert not list(folder.glob("*.tmp"))
    made = cold_assets.files(site, NAME, cache)
    assert made[social.card_uri(next(reversed(site.terms.values())))] == cards[-1].png()


def test_the_guessed_training_text_is_the_sites_own(tmp_path: Path) -> None:
    """What the job trains on before its order comes (every Markdown file in docs/) is the
    order's training text, for this project and for a fixture site, so the head start is used."""
    fixture = FixtureSite(tmp_path / "site").clean()
    (fixture.docs / ".drafts").mkdir()
    (fixture.docs / ".drafts" / "hidden.md").write_text("# Left out by MkDocs\n", "utf-8")
    (fixture.docs / "crlf.md").write_bytes(b"# Windows\r\n\r\nline endings\r\n")
    fixture.write_config()
    for root in (ROOT, fixture.root):
        site = load_site(root)
        guessed = demo_assets.training_text_of(sources.markdown_texts(root / "docs"))
        assert guessed == demo_assets.training_text(site), root


def test_the_job_trains_on_its_guess_and_on_its_order_when_they_differ(tmp_path: Path) -> None:
    site = load_site(FixtureSite(tmp_path / "site").clean().root)
    wanted = cold_assets.order(site, NAME, tmp_path / "cache")
    expected = bpe.train(wanted.training_text)
    right = cold_assets.train_ahead(site.docs_dir)
    assert right is not None and right.text == wanted.training_text
    other = tmp_path / "other-docs"
    other.mkdir()
    (other / "index.md").write_text("# Something else entirely\n", encoding="utf-8")
    for guess in (site.docs_dir, other, tmp_path / "no-such-folder"):
        cache = tmp_path / f"cache-{guess.name}"
        job = cold_assets.Job(guess_docs=guess)
        job.send(cold_assets.Order(str(cache), wanted.training_text, wanted.cards))
        job.wait()
        assert bpe.cache_path(wanted.training_text, cache).is_file(), guess  # the job's
        assert bpe.train_cached(wanted.training_text, cache) == expected, guess


def test_mkdocs_build_starts_the_card_job_while_the_config_loads(tmp_path: Path) -> None:
    """Names the MkDocs upgrade that breaks it: MkDocs 1.6 loads the config, plugins'
    `load_config` included, inside the click context of its `build` command
    (`build.mkdocs_cli`). Without it the job starts at on_config, later but with the same
    result."""
    root = FixtureSite(tmp_path / "site").clean().root
    command = [sys.executable, "-m", "mkdocs", "build", "--verbose", "--site-dir",
               str(tmp_path / "out")]
    first = subprocess.run(command, cwd=root, capture_output=True, text=True, check=True)
    assert "the card job started while the config loads" in first.stderr
    again = subprocess.run(command, cwd=root, capture_output=True, text=True, check=True)
    assert "the card job started" not in again.stderr  # the cache is warm now
    with Image.open(tmp_path / "out" / social.card_uri(load_site(root).terms["frob-layer"])
                    ) as image:
        assert image.size == (1200, 630)
