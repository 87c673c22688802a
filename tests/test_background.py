"""The build's second-core worker (`dl_glossary.build.worker`): a forked process that shares
the build's memory, or inline calls where forking is not safe, with the same results either
way, and a timeout on every result."""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from conftest import FORK_WARNING, FixtureSite
from dl_glossary.build import generated
from dl_glossary.build.worker import Worker, WorkerError, can_fork


def square(context: int) -> int:
    return context * context


def worker_pid(context: object) -> int:
    return os.getpid()


def call(context: object) -> object:
    return context()  # type: ignore[operator]


def length(context: str) -> int:
    return len(context)


def fail(context: object) -> None:
    raise ValueError(f"bad input: {context}")


def out_of_space(context: object) -> None:
    raise OSError("No space left on device")


@pytest.mark.filterwarnings(FORK_WARNING)
@pytest.mark.parametrize("fork", [True, False])
def test_each_function_gets_the_context_in_submission_order(fork: bool) -> None:
    worker = Worker(7, fork=fork)
    try:
        assert worker.forked is fork
        results = [worker.submit(square), worker.submit(worker_pid)]
        assert results[0].result(timeout=30) == 49
        assert (results[1].result(timeout=30) != os.getpid()) is fork
    finally:
        worker.close()


@pytest.mark.filterwarnings(FORK_WARNING)
@pytest.mark.parametrize("fork", [True, False])
def test_an_exception_reaches_whoever_reads_the_result(fork: bool) -> None:
    worker = Worker("x", fork=fork)
    try:
        with pytest.raises(ValueError, match="bad input: x"):
            worker.submit(fail).result(timeout=30)
        with pytest.raises(WorkerError, match=r"^the glossary's worker failed to make the "
                                              r"results: ValueError: bad input: x$"):
            worker.result(worker.submit(fail), "results")
        assert worker.submit(length).result(timeout=30) == 1  # the worker carries on
    finally:
        worker.close()


@pytest.mark.filterwarnings(FORK_WARNING)
def test_a_build_whose_worker_fails_to_make_the_files_says_so_and_finishes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The worker writes the exports and short links into the site itself; when it fails,
    MkDocs is not left to copy files that are not there: one error line, the pages built."""
    monkeypatch.setattr(generated, "make_scanned_files", out_of_space)
    root = FixtureSite(tmp_path / "site").clean().root
    out = tmp_path / "out"
    with pytest.raises(Abort, match="1 errors in strict mode"):  # the fixture builds strict
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(out)))
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == ["dl_glossary: the glossary's worker failed to make the generated files: "
                      "OSError: No space left on device: the exports and short links were "
                      "not made"]
    assert (out / "index.html").is_file() and not (out / "glossary.json").exists()


@pytest.mark.filterwarnings(FORK_WARNING)
def test_the_forked_worker_inherits_the_context_without_pickling_it() -> None:
    """A lambda cannot be pickled; the forked worker still calls it (shared memory)."""
    worker = Worker(lambda: 42, fork=True)
    try:
        assert worker.submit(call).result(timeout=30) == 42
    finally:
        worker.close()


@pytest.mark.filterwarnings(FORK_WARNING)
@pytest.mark.parametrize("stop", ["close", "kill"])
def test_a_forked_worker_keeps_the_parents_objects_out_of_collection_while_it_lives(
        stop: str) -> None:
    """`gc.freeze` while the worker shares the build's memory, and nothing left frozen after."""
    assert gc.get_freeze_count() == 0
    worker = Worker(7, fork=True)
    assert gc.get_freeze_count() > 0
    assert worker.result(worker.submit(square), "square") == 49
    getattr(worker, stop)()
    assert gc.get_freeze_count() == 0
    inline = Worker(7, fork=False)
    assert gc.get_freeze_count() == 0
    inline.close()


def test_no_fork_while_another_thread_runs() -> None:
    """As under `mkdocs serve`: forking a threaded process is not safe, so calls run inline."""
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not can_fork()
        worker = Worker(3)
        assert not worker.forked
        assert worker.submit(square).result() == 9
        worker.close()
    finally:
        release.set()
        thread.join()


def die(context: object) -> None:
    os._exit(3)


@pytest.mark.filterwarnings(FORK_WARNING)
def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    worker = Worker(None, fork=True)
    try:
        with pytest.raises(WorkerError, match="the glossary's worker process stopped"):
            worker.result(worker.submit(die), "results")
    finally:
        worker.close()


def sleep(context: float) -> None:
    time.sleep(context)


@pytest.mark.filterwarnings(FORK_WARNING)
def test_a_worker_that_hangs_is_stopped_after_the_timeout() -> None:
    """A worker that sleeps past the timeout: one message, the process gone, no hang."""
    worker = Worker(60.0, fork=True, timeout=0.5)
    started = time.monotonic()
    future = worker.submit(sleep)
    with pytest.raises(WorkerError) as caught:
        worker.result(future, "checker results")
    assert str(caught.value) == (
        "the glossary's worker gave no checker results within 0.5 s and was stopped")
    assert time.monotonic() - started < 10 and not worker.forked
    worker.close()


def test_mkdocs_leaves_a_file_written_at_its_destination_alone(tmp_path: Path) -> None:
    """What the worker's direct writes rely on: `File.generated(abs_src_path=<destination>)`
    is copied onto itself as a no-op (MkDocs 1.6, `File.copy_file` catching SameFileError).
    If a MkDocs upgrade fails here, the plugin must hand MkDocs the files' bytes again."""
    target = tmp_path / "site/t/kv-cache/index.html"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"written by the worker")
    # As File.generated(config, uri, abs_src_path=...) makes it, outside a plugin event
    file = File("t/kv-cache/index.html", src_dir=None, dest_dir=str(tmp_path / "site"),
                use_directory_urls=True)
    file.abs_src_path = str(target)
    assert file.abs_dest_path == str(target) and file.generated_by is None
    file.copy_file()
    assert target.read_bytes() == b"written by the worker"
