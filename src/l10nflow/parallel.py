"""How align, check and export run work in several processes.

:func:`imap` calls ``function(shared, task)`` for each task and yields the results **in
task order**, whether it runs in one process or several: the same input gives the same
output for any ``jobs``.  :func:`worker_session` keeps its workers for several rounds of
tasks (the aligner's passes), each worker with a memo that a later round's task with the
same key finds again (see :class:`Session`).  Worker processes are forked, so *shared*
(an aligner's model, a check run's context, export options) reaches them without being
pickled per task; where ``fork`` does not exist, or for one job, the work runs in this
process.

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

from .errors import L10nflowError

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = ["Session", "WorkerStopped", "imap", "stable_hash", "worker_session"]

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


class WorkerStopped(L10nflowError):
    """A worker process ended without finishing its task (killed, or out of memory)."""


@contextlib.contextmanager
def worker_session(jobs: int, shared: Any = None) -> Iterator[Session]:
    """Worker processes kept for several rounds of work (see :class:`Session`): up to
    *jobs* forked processes that see *shared*, or this process alone for one job or where
    there is no fork.  They are stopped when the block ends."""
    context = _fork_context() if jobs > 1 else None
    session = Session(shared, jobs if context is not None else 1)
    try:
        if context is not None:
            session._start(context)
        yield session
    except BaseException:
        session._stop(wait=False)
        raise
    session._stop()


class Session:
    """Rounds of tasks run by the same worker processes, each with a memo of its own.

    Speed trick, contained here: a task may leave values in its worker's *memo* under
    its key, and a later round sends the task with that key to the same worker (unless
    another worker would otherwise idle), so a second pass over documents finds what the
    first computed for them.  Invariant: a memo holds only values that are a function of
    the key and of what every worker sees, so a result does not depend on which worker
    ran the task or whether the memo had the value (``tests/test_parallel.py``).
    """

    def __init__(self, shared: Any, jobs: int) -> None:
        self.shared = shared
        self.jobs = jobs
        self._workers: list[tuple[Any, Any]] = []    # (process, connection)
        self._home: dict[Any, int] = {}              # task key -> worker that ran it
        self._memo: dict[Any, Any] = {}              # this process's memo (one job)

    def map(self, function: Callable[[Any, dict, T], R], tasks: Sequence[T], *,
            size: Callable[[T], int] = lambda task: 1,
            key: Callable[[T], Any] | None = None,
            setup: tuple[Callable[[Any, Any], Any], Any] | None = None,
            done: Callable[[], None] | None = None,
            each: Callable[[int, R], None] | None = None) -> list[R]:
        """``[function(context, memo, task) for task in tasks]``, started largest first
        (by *size*) so that no big task is left running alone at the end.

        *context* is *shared*, or ``setup[0](shared, setup[1])`` computed once per worker
        for this round (``setup[1]`` is sent to each worker once, not per task).  *key*
        names what a task may keep in the memo.  *done* is called once per finished task,
        and *each* with its index and result, in this process as results come in (work
        that can start on each result overlaps with the tasks still running).
        """
        if not self._workers:
            context = setup[0](self.shared, setup[1]) if setup else self.shared
            results: list[Any] = []
            for k, task in enumerate(tasks):
                results.append(_counted(function(context, self._memo, task), done))
                if each:
                    each(k, results[k])
            return results
        order = sorted(range(len(tasks)), key=lambda k: (-size(tasks[k]), k))
        return _Round(self, function, tasks, order, size, key, setup, done, each).run()

    def _start(self, context: BaseContext) -> None:
        token = id(self)
        _SHARED[token] = self.shared
        try:
            for _ in range(self.jobs):
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(token, theirs), daemon=True)
                process.start()
                theirs.close()
                self._workers.append((process, mine))
        finally:
            _SHARED.pop(token, None)

    def _stop(self, wait: bool = True) -> None:
        """Stop the workers: let them finish (*wait*), or end them now (on an error)."""
        for process, connection in self._workers:
            if wait:
                with contextlib.suppress(OSError):
                    connection.send(None)
            else:
                process.terminate()
            connection.close()
        for process, _ in self._workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        self._workers = []


class _Round:
    """One :meth:`Session.map` over worker processes: hands each worker its next task as
    it finishes one (its own keys first, then new tasks, then another worker's), and
    gathers the results in task order."""

    def __init__(self, session: Session, function, tasks, order, size, key, setup, done,
                 each):
        self.session, self.function, self.tasks = session, function, tasks
        self.size, self.done, self.each = size, done, each
        workers = len(session._workers)
        self.own: list[collections.deque] = [collections.deque() for _ in range(workers)]
        self.new: collections.deque = collections.deque()
        self.keys = [key(task) if key else None for task in tasks]
        for k in order:         # largest first in every queue
            home = session._home.get(self.keys[k]) if key else None
            (self.own[home] if home is not None else self.new).append(k)
        self.setup = setup

    def run(self) -> list[Any]:
        from multiprocessing.connection import wait

        connections = [connection for _, connection in self.session._workers]
        results: list[Any] = [None] * len(self.tasks)
        running: dict[int, int] = {}              # worker -> task
        for w, connection in enumerate(connections):
            connection.send(("setup", self.setup))
            self._hand_out(w, connection, running)
        while running:
            for connection in wait([connections[w] for w in running]):
                w = connections.index(connection)
                outcome, value = self._receive(w, connection)
                if outcome == "error":
                    raise value
                k = running.pop(w)
                self._hand_out(w, connection, running)     # the worker goes on first
                results[k] = _counted(value, self.done)
                if self.each:
                    self.each(k, value)
        return results

    def _hand_out(self, w: int, connection, running: dict[int, int]) -> None:
        k = self._next(w)
        if k is None:
            return
        if self.keys[k] is not None:
            self.session._home[self.keys[k]] = w
        connection.send(("task", (self.function, self.tasks[k])))
        running[w] = k

    def _next(self, w: int) -> int | None:
        if self.own[w]:
            return self.own[w].popleft()
        if self.new:
            return self.new.popleft()
        # Take the smallest task of the worker with the most left, rather than idle.
        left = [(sum(self.size(self.tasks[k]) for k in queue), v)
                for v, queue in enumerate(self.own) if queue]
        if not left:
            return None
        return self.own[max(left)[1]].pop()

    def _receive(self, w: int, connection) -> tuple[str, Any]:
        try:
            return connection.recv()
        except (EOFError, OSError):
            process = self.session._workers[w][0]
            process.join(timeout=1)
            code = process.exitcode
            why = (f"killed by signal {-code}" if code is not None and code < 0
                   else f"exit status {code}")
            raise WorkerStopped(f"a worker process stopped before finishing ({why})",
                                hint="it may have run out of memory: run again, or with "
                                     "--jobs 1, which uses less") from None


def _serve(token: int, connection) -> None:
    """A worker's loop: set up each round's context, run tasks, send back outcomes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl+C is the parent's to handle
    shared = _SHARED[token]
    memo: dict[Any, Any] = {}
    context = shared
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        kind, payload = message
        try:
            if kind == "setup":
                context = payload[0](shared, payload[1]) if payload else shared
                continue
            function, task = payload
            outcome = ("done", function(context, memo, task))
        except BaseException as exc:       # the parent raises it, as a pool would
            outcome = ("error", exc)
        try:
            connection.send(outcome)
        except (EOFError, OSError):        # the parent is gone or stopped the session
            return
        except Exception as exc:           # an unpicklable result or exception
            connection.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


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
