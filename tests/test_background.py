"""The build's second-core worker: a forked process that shares the build's memory, or inline
calls where forking is not safe, with the same results either way."""

from __future__ import annotations

import os
import threading
from concurrent.futures.process import BrokenProcessPool

import pytest

from conftest import FORK_WARNING
from glossary.background import Background, can_fork


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
    background = Background(7, fork=fork)
    try:
        assert background.forked is fork
        results = [background.submit(square), background.submit(worker_pid)]
        assert results[0].result(timeout=30) == 49
        assert (results[1].result(timeout=30) != os.getpid()) is fork
    finally:
        background.close()


@pytest.mark.filterwarnings(FORK_WARNING)
@pytest.mark.parametrize("fork", [True, False])
def test_an_exception_reaches_whoever_reads_the_result(fork: bool) -> None:
    background = Background("x", fork=fork)
    try:
        with pytest.raises(ValueError, match="bad input: x"):
            background.submit(fail).result(timeout=30)
        assert background.submit(length).result(timeout=30) == 1  # the worker carries on
    finally:
        background.close()


@pytest.mark.filterwarnings(FORK_WARNING)
def test_the_forked_worker_inherits_the_context_without_pickling_it() -> None:
    """A lambda cannot be pickled; the forked worker still calls it (shared memory)."""
    background = Background(lambda: 42, fork=True)
    try:
        assert background.submit(call).result(timeout=30) == 42
    finally:
        background.close()


def test_no_fork_while_another_thread_runs() -> None:
    """As under `mkdocs serve`: forking a threaded process is not safe, so calls run inline."""
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not can_fork()
        background = Background(3)
        assert not background.forked
        assert background.submit(square).result() == 9
        background.close()
    finally:
        release.set()
        thread.join()


def die(context: object) -> None:
    os._exit(3)


@pytest.mark.filterwarnings(FORK_WARNING)
def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    background = Background(None, fork=True)
    try:
        with pytest.raises(BrokenProcessPool):
            background.submit(die).result(timeout=30)
    finally:
        background.close()
