"""Run a build's independent work on the second CPU core, in a forked worker process.

MkDocs renders pages on one core. Work that needs only what is known before the pages render
(the terms, the site folder) is handed to one worker process, forked so it shares the parent's
memory instead of receiving a copy through a pipe: `Background(context)` makes `context` the
argument of every function submitted. Where forking is not safe (no `fork` on the platform, or
other threads running, as under `mkdocs serve`), each function runs at once in this process;
the results are the same.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

#: What the submitted functions receive; set before the worker is forked, so it inherits it.
_context: Any = None


def can_fork() -> bool:
    """True when a forked worker is safe: the platform forks and no other thread is running."""
    return (
        hasattr(os, "fork")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _call(function: Callable[[Any], T]) -> T:
    """Run in the worker: call the function with the context inherited at the fork."""
    return function(_context)


class Background:
    """One worker process for one build (or inline calls where a fork is not safe)."""

    def __init__(self, context: Any, fork: bool | None = None) -> None:
        global _context
        _context = context
        self.context = context
        use_fork = can_fork() if fork is None else fork
        if use_fork:
            gc.freeze()
        self._executor = (
            ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            if use_fork
            else None
        )

    @property
    def forked(self) -> bool:
        return self._executor is not None

    def submit(self, function: Callable[[Any], T]) -> Future[T]:
        """Queue function(context); functions run one after another, in the order submitted."""
        if self._executor is not None:
            return self._executor.submit(_call, function)
        future: Future[T] = Future()
        try:
            future.set_result(function(self.context))
        except Exception as exc:  # handed to whoever reads the result, as from the worker
            future.set_exception(exc)
        return future

    def close(self) -> None:
        """Stop the worker (waiting for what runs; cancelling what has not started)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            gc.unfreeze()
