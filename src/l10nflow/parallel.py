"""One way to run work in several processes, for align, check and export.

:func:`imap` calls ``function(shared, task)`` for each task and yields the results **in
task order**, whether it runs in one process or several: the same input gives the same
output for any ``jobs``.  Worker processes are forked, so *shared* (an aligner's model, a
check run's context, export options) reaches them without being pickled per task; where
``fork`` does not exist, or for one job or one task, the work runs in this process.

*function* must be a module-level function (it is sent to the workers by name).  Results
combined across processes must not depend on anything salted per interpreter, such as
``hash()`` of a string: use :func:`stable_hash`.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = ["imap", "map_largest_first", "stable_hash"]

T = TypeVar("T")
R = TypeVar("R")

# What the current pool's workers share: set in the parent just before it forks, read in
# the children (which got a copy of it with the fork), cleared when the pool is done.
# This module is the only place that holds such state.
_SHARED: dict[int, Any] = {}


def _fork_context() -> BaseContext | None:
    """The fork start method, or None where the platform has none.  multiprocessing is
    imported here, when there is work for several processes: a run with one job (align
    of one pair, a check of a small store) need not load it."""
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _call(token: int, function: Callable[[Any, T], R], task: T) -> R:
    return function(_SHARED[token], task)


@contextlib.contextmanager
def _worker_pool(jobs: int, tasks: Sequence[Any], shared: Any
                 ) -> Iterator[tuple[Any, int] | None]:
    """A pool of up to *jobs* forked workers that see *shared*, with the token they
    find it by; None when the work is to run in this process (one job, one task, or
    no fork on this platform)."""
    context = _fork_context() if jobs > 1 and len(tasks) > 1 else None
    if context is None:
        yield None
        return
    token = id(shared) ^ id(tasks)
    _SHARED[token] = shared
    try:
        with context.Pool(min(jobs, len(tasks))) as pool:
            yield pool, token
    finally:
        _SHARED.pop(token, None)


def imap(function: Callable[[Any, T], R], tasks: Sequence[T], jobs: int,
         shared: Any = None, window: int | None = None) -> Iterator[R]:
    """``function(shared, task)`` for each task, in order, in up to *jobs* processes.

    *window* bounds how many tasks are in flight at once (default: two per process), so
    memory stays bounded when producing results outruns consuming them.
    """
    with _worker_pool(jobs, tasks, shared) as workers:
        if workers is None:
            yield from (function(shared, task) for task in tasks)
            return
        pool, token = workers
        pending: collections.deque = collections.deque()
        queue = iter(tasks)
        for task in itertools.islice(queue, window or 2 * jobs):
            pending.append(pool.apply_async(_call, (token, function, task)))
        while pending:
            result = pending.popleft().get()
            for task in itertools.islice(queue, 1):      # the next task, if any
                pending.append(pool.apply_async(_call, (token, function, task)))
            yield result


def map_largest_first(function: Callable[[Any, T], R], tasks: Sequence[T], jobs: int,
                      size: Callable[[T], int], shared: Any = None,
                      done: Callable[[], None] | None = None) -> list[R]:
    """``[function(shared, task) for task in tasks]``, in up to *jobs* processes, started
    largest first (by *size*) so that no big task is left running alone at the end.

    For a batch whose results are all kept anyway (no window is needed): with tasks of
    very different sizes in task order, the workers idle while the head of the queue
    waits for one long task.  *done* is called once per finished task.
    """
    with _worker_pool(jobs, tasks, shared) as workers:
        if workers is None:
            return [_counted(function(shared, task), done) for task in tasks]
        pool, token = workers
        order = sorted(range(len(tasks)), key=lambda k: (-size(tasks[k]), k))
        results: list[Any] = [None] * len(tasks)
        work = ((k, token, function, tasks[k]) for k in order)
        for k, result in pool.imap_unordered(_call_indexed, work):
            results[k] = _counted(result, done)
        return results


def _call_indexed(item: tuple[int, int, Callable[[Any, Any], Any], Any]) -> tuple[int, Any]:
    k, token, function, task = item
    return k, function(_SHARED[token], task)


def _counted(result: R, done: Callable[[], None] | None) -> R:
    if done:
        done()
    return result


def stable_hash(*parts: str) -> int:
    """A 64-bit signed hash of *parts* that is the same in every process and run (unlike
    ``hash()``, which is salted per interpreter)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"),
                             digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
