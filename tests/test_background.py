"""The build's second-core worker (`dl_glossary.build.worker`): a forked process that shares
the build's memory, or inline calls where forking is not safe, with the same results either
way, and a timeout on every result."""

from __future__ import annotations

import os
import threading
import time

import pytest

from conftest import FORK_WARNING
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
        assert worker.submit(length).result(timeout=30) == 1  # the worker carries on
    finally:
        worker.close()


@pytest.mark.filterwarnings(FORK_WARNING)
def test_the_forked_worker_inherits_the_context_without_pickling_it() -> None:
    """A lambda cannot be pickled; the forked worker still calls it (shared memory)."""
    worker = Worker(lambda: 42, fork=True)
    try:
        assert worker.submit(call).result(timeout=30) == 42
    finally:
        worker.close()


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
