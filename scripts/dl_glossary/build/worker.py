"""Run a build's independent work on the second CPU core, in a forked worker process.

MkDocs renders pages on one core. Work that needs only what is known before the pages render
(the terms) is handed to one worker process, forked so it shares the parent's memory instead of
receiving a copy through a pipe: `Worker(context)` makes `context` the argument of every
function submitted. A fork is used only where it is safe: on Linux, with no other thread
running (not under `mkdocs serve`, whose file watcher runs threads). Elsewhere each function
runs at once in this process; the results are the same.

`result()` waits at most `timeout` seconds: a worker that hangs, dies or raises becomes a
`WorkerError` with one message, never a hang or a traceback.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

#: What the submitted functions receive; set before the worker is forked, so it inherits it.
_context: Any = None


class WorkerError(Exception):
    """The worker did not deliver a result: it hung past the timeout or stopped."""


def can_fork() -> bool:
    """True when a forked worker is safe: Linux, and no other thread is running."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _call(function: Callable[[Any], T]) -> T:
    """Run in the worker: call the function with the context inherited at the fork."""
    return function(_context)


class Worker:
    """One worker process for one build (or inline calls where a fork is not safe)."""

    def __init__(self, context: Any, *, fork: bool | None = None, timeout: float = 120.0) -> None:
        global _context
        _context = context
        self.context = context
        self.timeout = timeout
        use_fork = can_fork() if fork is None else fork
        self._executor = (
            ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            if use_fork
            else None
        )
        if use_fork:
            # Python's recipe for fork without exec (see `gc.freeze`): the objects that exist
            # now are left out of garbage collection while the worker lives, so neither
            # process's collector writes to (and copies) the memory they share, nor walks the
            # build's whole heap again. `close` and `kill` give them back to the collector.
            gc.freeze()

    @property
    def forked(self) -> bool:
        return self._executor is not None

    def submit(self, function: Callable[[Any], T]) -> Future[T]:
        """Queue function(context); functions run one after another, in the order submitted."""
        future: Future[T]
        if self._executor is not None:
            try:
                return self._executor.submit(_call, function)
            except BrokenProcessPool as exc:  # the worker died before this was queued
                future = Future()
                future.set_exception(exc)
                return future
        future = Future()
        try:
            future.set_result(function(self.context))
        except Exception as exc:  # handed to whoever reads the result, as from the worker
            future.set_exception(exc)
        return future

    def result(self, future: Future[T], what: str) -> T:
        """The future's result within the timeout; WorkerError (worker stopped) otherwise."""
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            self.kill()
            raise WorkerError(
                f"the glossary's worker gave no {what} within {self.timeout:g} s and was stopped"
            ) from None
        except BrokenProcessPool as exc:
            raise WorkerError(f"the glossary's worker process stopped ({exc})") from None
        except Exception as exc:  # the function failed: one line for the log, no traceback
            raise WorkerError(f"the glossary's worker failed to make the {what}: "
                              f"{type(exc).__name__}: {exc}") from exc

    def kill(self) -> None:
        """Stop the worker process now, whatever it is doing."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        for process in list(getattr(executor, "_processes", {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)
        gc.unfreeze()

    def close(self) -> None:
        """Stop the worker (waiting for what runs; cancelling what has not started)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            gc.unfreeze()
