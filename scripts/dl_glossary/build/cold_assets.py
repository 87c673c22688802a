"""The files that take seconds to make on a cold cache: concept cards and the BPE vocabulary.

Both depend only on the terms and are cached between builds (`social`, `bpe`), so a warm build
reads them back in milliseconds. On a cold cache (a fresh clone, a CI job) drawing 184 cards and
training the vocabulary takes about 2 s, which would hold the whole build up. So the plugin
starts `Job` as the build starts: a separate Python process at the lowest CPU priority, which
fills the cache while MkDocs renders the pages, on whatever CPU time the build leaves idle. The
plugin then reads the files from the cache with `files` (which makes anything still missing
itself, so a job that fails loses nothing): at `on_env` if the job is done, otherwise once the
pages are written.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dl_glossary.build import bpe, demo_assets, social
from dl_glossary.core import sources

if TYPE_CHECKING:  # the job itself imports neither the loader nor MkDocs (0.1 s)
    from dl_glossary.core.loader import Site


@dataclass(frozen=True)
class Order:
    """What the job makes: the cards and the vocabulary's training text, and where they go."""

    cache_dir: str
    training_text: str
    cards: list[dict[str, str]]  # `social.ConceptCard` fields


def order(site: Site, site_name: str, cache_dir: Path) -> Order:
    titles = site.section_titles()
    cards = [asdict(social.concept_card(term, site_name, titles)) for term in site.terms.values()]
    return Order(str(cache_dir), demo_assets.training_text(site), cards)


def uris(site: Site) -> list[str]:
    """The site paths of the files made here."""
    return [demo_assets.BPE_JSON, *(social.card_uri(term) for term in site.terms.values())]


def looks_warm(cache_dir: Path) -> bool:
    """True when cache_dir holds cards and a vocabulary (at least for an earlier version of the
    site: the worker then makes what changed, a card or two, as the build goes)."""
    return (cache_dir / social.CACHE_SUBDIR).is_dir() and any(cache_dir.glob("bpe-*.json"))


def fill_cache(wanted: Order, ahead: bpe.Trained | None = None) -> None:
    """Train the vocabulary (unless ahead holds it) and draw every card that the cache lacks."""
    cache = Path(wanted.cache_dir)
    bpe.train_cached(wanted.training_text, cache, ahead=ahead)
    for card in wanted.cards:
        social.cached_png(cache / social.CACHE_SUBDIR, social.ConceptCard(**card))


def files(site: Site, site_name: str, cache_dir: Path) -> dict[str, bytes]:
    """The vocabulary and every concept card by site path, from the cache (made if missing)."""
    made = demo_assets.demo_files(site, cache_dir)
    made.update(social.concept_cards(site, site_name, cache_dir))
    return made


def draw_from_the_end(site: Site, site_name: str, cache_dir: Path,
                      job_done: Callable[[], bool]) -> int:
    """Draw the cards that the job, which draws them first to last, has not reached: from the
    last one back, until one is in the cache (the job has been there) or the job is done.
    For the build, which has written its pages and would otherwise wait. The number drawn."""
    titles = site.section_titles()
    folder = cache_dir / social.CACHE_SUBDIR
    drawn = 0
    for term in reversed(site.terms.values()):
        card = social.concept_card(term, site_name, titles)
        if job_done() or social.is_cached(folder, card):
            break
        social.cached_png(folder, card)
        drawn += 1
    return drawn


class JobError(Exception):
    """The job stopped, failed or ran past its time; the message says which."""


class Job:
    """`python -m dl_glossary.build.cold_assets [docs folder]`, filling the cache for one
    `Order`.

    Given the docs folder the site probably has (`guess_docs`), the job trains the vocabulary
    on its pages while it waits for the order: the build may start the job before MkDocs has
    read its config, and the order's training text is the same unless the config leaves pages
    out (then the job trains again, on the order's text).
    """

    def __init__(self, timeout: float = 120.0, command: list[str] | None = None,
                 guess_docs: Path | None = None) -> None:
        self.timeout = timeout
        self.order_file: Path | None = None
        if command is None:
            command = [sys.executable, "-m", __name__]
            command += [] if guess_docs is None else [str(guess_docs)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def send(self, wanted: Order | None) -> None:
        """Hand the job its order (None: nothing to make, the job exits).

        The order (a megabyte of training text) goes through a file, so the build does not wait
        for the job to drain a pipe; the job reads and deletes it.
        """
        stdin, self.process.stdin = self.process.stdin, None
        if stdin is None:
            return
        try:
            if wanted is not None:
                cache = Path(wanted.cache_dir)
                cache.mkdir(parents=True, exist_ok=True)
                _remove_stale_orders(cache)
                with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache,
                                                 prefix="order-", suffix=".json",
                                                 delete=False) as out:
                    json.dump(asdict(wanted), out)
                self.order_file = Path(out.name)
                stdin.write(str(self.order_file).encode("utf-8"))
            stdin.close()
        except OSError:
            pass  # the job has stopped: `wait` reports how

    @property
    def done(self) -> bool:
        return self.process.poll() is not None

    def wait(self) -> None:
        """Return when the job has finished; JobError if it failed or ran past the timeout."""
        self.send(None)  # no order sent (the build stopped early): let the job exit
        try:
            _, err = self.process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise JobError(f"the job drawing the concept cards gave no result within "
                           f"{self.timeout:g} s and was stopped") from None
        self._remove_order()
        if self.process.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines() or ["no message"]
            raise JobError(f"the job drawing the concept cards stopped (exit "
                           f"{self.process.returncode}): {lines[-1]}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        self._remove_order()

    def _remove_order(self) -> None:
        """Delete the order file, if the job stopped before it could."""
        if self.order_file is not None:
            self.order_file.unlink(missing_ok=True)
            self.order_file = None


#: An order file older than this was left by a build that was killed before its job read it.
STALE_ORDER_SECONDS = 3600


def _remove_stale_orders(cache: Path) -> None:
    now = time.time()
    for path in cache.glob("order-*.json"):
        with contextlib.suppress(OSError):  # another build's job may delete it meanwhile
            if now - path.stat().st_mtime > STALE_ORDER_SECONDS:
                path.unlink()


def train_ahead(docs_dir: Path) -> bpe.Trained | None:
    """The vocabulary of the site whose pages are the Markdown files in docs_dir (None if it
    has none)."""
    pages = sources.markdown_texts(docs_dir) if docs_dir.is_dir() else {}
    if not pages:
        return None
    text = demo_assets.training_text_of(pages)
    return bpe.Trained(text, bpe.train(text))


def main(argv: list[str]) -> int:
    """The job: get ready (and train on the guessed docs folder, if given) while the build
    starts, then fill the cache for the order on stdin."""
    if hasattr(os, "nice"):
        os.nice(19)  # take only the CPU time that the build itself leaves idle
    if hasattr(os, "SCHED_IDLE"):  # Linux: run only when a core would idle
        with contextlib.suppress(OSError):  # a sandbox may refuse it: nice 19 then
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    ahead = None
    if argv:
        with contextlib.suppress(OSError, ValueError):  # only a head start: the order decides
            ahead = train_ahead(Path(argv[0]))
    social.load_fonts()
    name = sys.stdin.buffer.read().decode("utf-8").strip()
    if name:
        path = Path(name)
        wanted = Order(**json.loads(path.read_text(encoding="utf-8")))
        path.unlink()
        fill_cache(wanted, ahead)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
