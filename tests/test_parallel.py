"""The one parallel mechanism: the same results in the same order for any number of jobs,
shared state reaches the workers, and hashes combined across processes are stable."""

from __future__ import annotations

import os
import subprocess
import sys

from l10nflow.export import ExportOptions, export
from l10nflow.formats import Store, write_store
from l10nflow.model import State, Unit
from l10nflow.parallel import imap, map_largest_first, stable_hash


def _scaled(shared: int, task: int) -> tuple[int, int]:
    return task * shared, os.getpid()


def test_imap_keeps_order_and_shares_state_across_processes():
    tasks = list(range(40))
    serial = [value for value, _ in imap(_scaled, tasks, 1, shared=3)]
    results = list(imap(_scaled, tasks, 2, shared=3, window=3))
    assert [value for value, _ in results] == serial == [t * 3 for t in tasks]
    assert {pid for _, pid in results} != {os.getpid()}        # really other processes


def _started(shared: None, task: tuple[int, int]) -> tuple[int, int, float]:
    import time
    started = time.monotonic()
    if task[1] > 8:
        time.sleep(0.1)        # a big task holds its worker while the other one starts
    return task[0], os.getpid(), started


def test_map_largest_first_keeps_task_order_counts_each_and_starts_the_big_ones():
    tasks = [(k, size) for k, size in enumerate([1, 9, 3, 9, 2, 7, 5, 1])]
    done = []
    results = map_largest_first(_started, tasks, 2, size=lambda t: t[1],
                                done=lambda: done.append(1))
    assert [k for k, _, _ in results] == list(range(len(tasks)))      # task order
    assert len(done) == len(tasks)
    assert {pid for _, pid, _ in results} != {os.getpid()}
    by_start = [k for k, _, _ in sorted(results, key=lambda r: r[2])]
    assert set(by_start[:2]) == {1, 3}            # the two size-9 tasks went first
    serial = map_largest_first(_started, tasks, 1, size=lambda t: t[1])
    assert [k for k, _, _ in serial] == list(range(len(tasks)))


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
