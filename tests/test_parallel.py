"""The one parallel mechanism: the same results in the same order for any number of jobs,
shared state reaches the workers, and hashes combined across processes are stable."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys

import pytest

from l10nflow.export import ExportOptions, export
from l10nflow.formats import Store, write_store
from l10nflow.model import State, Unit
from l10nflow.parallel import WorkerStopped, imap, stable_hash, worker_session


def _scaled(shared: int, task: int) -> tuple[int, int]:
    return task * shared, os.getpid()


def test_imap_keeps_order_and_shares_state_across_processes():
    tasks = list(range(40))
    serial = [value for value, _ in imap(_scaled, tasks, 1, shared=3)]
    results = list(imap(_scaled, tasks, 2, shared=3, window=3))
    assert [value for value, _ in results] == serial == [t * 3 for t in tasks]
    assert {pid for _, pid in results} != {os.getpid()}        # really other processes


def _started(shared: None, memo: dict, task: tuple[int, int]) -> tuple[int, int, float]:
    import time
    started = time.monotonic()
    if task[1] > 8:
        time.sleep(0.1)        # a big task holds its worker while the other one starts
    return task[0], os.getpid(), started


def test_session_map_keeps_task_order_counts_each_and_starts_the_big_ones():
    tasks = [(k, size) for k, size in enumerate([1, 9, 3, 9, 2, 7, 5, 1])]
    done, seen = [], {}
    with worker_session(2) as session:
        results = session.map(_started, tasks, size=lambda t: t[1],
                              done=lambda: done.append(1), each=seen.__setitem__)
    assert [k for k, _, _ in results] == list(range(len(tasks)))      # task order
    assert len(done) == len(tasks)
    assert seen == dict(enumerate(results))     # each result handed over as it came
    assert {pid for _, pid, _ in results} != {os.getpid()}
    by_start = [k for k, _, _ in sorted(results, key=lambda r: r[2])]
    assert set(by_start[:2]) == {1, 3}            # the two size-9 tasks went first
    with worker_session(1) as session:
        serial = session.map(_started, tasks, size=lambda t: t[1])
    assert [k for k, _, _ in serial] == list(range(len(tasks)))
    assert {pid for _, pid, _ in serial} == {os.getpid()}


def _squared_with_memo(context: tuple[int, int], memo: dict, task: int
                       ) -> tuple[int, bool, int]:
    """task**2 * context, with task**2 kept in the memo: a function of the key only."""
    import time
    hit = task in memo
    if not hit:
        memo[task] = task * task
    time.sleep(0.01)
    return memo[task] * context[0] + context[1], hit, os.getpid()


def _offset(shared: int, extra: int) -> tuple[int, int]:
    return shared, extra


def test_a_later_round_finds_its_keys_in_the_memo_of_the_worker_that_ran_them():
    tasks = list(range(12))
    with worker_session(2, shared=3) as session:
        first = session.map(_squared_with_memo, tasks, key=lambda t: t,
                            setup=(_offset, 0))
        second = session.map(_squared_with_memo, tasks, key=lambda t: t,
                             setup=(_offset, 1))     # set up again for the new round
    assert [v for v, _, _ in first] == [3 * t * t for t in tasks]
    assert [v for v, _, _ in second] == [3 * t * t + 1 for t in tasks]
    assert not any(hit for _, hit, _ in first)
    # each task went back to the worker holding its value (one may be taken by the other
    # worker at the end rather than leave it idle: then it is computed again)
    assert sum(hit for _, hit, _ in second) >= len(tasks) - 2
    assert len({pid for _, _, pid in first}) == 2
    with worker_session(1, shared=3) as session:
        serial = session.map(_squared_with_memo, tasks, key=lambda t: t, setup=(_offset, 1))
    assert [v for v, _, _ in serial] == [v for v, _, _ in second]


def _fails_on_three(shared: None, memo: dict, task: int) -> int:
    if task == 3:
        raise ValueError("task three is bad")
    return task


def _killed_on_three(shared: None, memo: dict, task: int) -> int:
    import signal
    if task == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return task


def test_a_worker_error_reaches_the_caller_and_a_killed_worker_is_reported():
    with pytest.raises(ValueError, match="task three"), worker_session(2) as session:
        session.map(_fails_on_three, list(range(6)))
    with pytest.raises(WorkerStopped, match="signal 9") as caught, \
            worker_session(2) as session:
        session.map(_killed_on_three, list(range(6)))
    assert "--jobs 1" in str(caught.value)
    for child in multiprocessing.active_children():     # none left behind
        child.join(timeout=5)
    assert not multiprocessing.active_children()


def test_stable_hash_is_the_same_in_another_interpreter():
    here = stable_hash("Hà Nội", "Hanoi")
    there = subprocess.run(
        [sys.executable, "-c", "from l10nflow.parallel import stable_hash; "
                               "print(stable_hash('Hà Nội', 'Hanoi'))"],
        capture_output=True, text=True, check=True, env={**os.environ,
                                                         "PYTHONHASHSEED": "123"})
    assert int(there.stdout) == here and -(2 ** 63) <= here < 2 ** 63


def test_parallel_export_writes_the_same_bytes_as_serial(tmp_path):
    files = []
    for n in range(6):
        units = [Unit(f"a{n}:{i}.1", f"Câu {i % 7} của bài {n % 2}.", f"Sentence {i % 7}.",
                      State.TRANSLATED, 0.9, "1-1", f"a{n}") for i in range(50)]
        path = tmp_path / f"a{n}.po"
        write_store(Store(units, "vi", "en", f"a{n}"), path)
        files.append(path)
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"tm{jobs}.tmx"
        report = export(files, out, "tmx", ExportOptions(qa="none"), jobs=jobs)
        outputs.append((out.read_bytes(), report.written, report.duplicates))
    assert outputs[0] == outputs[1]
    assert outputs[0][1] == 14 and outputs[0][2] == 300 - 14
