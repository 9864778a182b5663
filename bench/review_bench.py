"""Speed of `l10nflow review`: start-up, the index over thousands of articles, and the page
of a long article.

Builds, in a temporary folder, N article stores (default 2,000: the bundled corpus aligned
once and its ten PO files copied under new names) and one article of P pairs (default 500,
made of the corpus's pairs under fresh keys, written by l10nflow's PO writer).  Then starts
`l10nflow review DIR --no-browser` in its own process (with and without the QA checks) and
measures

* start-up: from launch until the server prints its URL (reading every store, running the
  QA checks over all of them);
* the index page and its JSON (every article's line), first request and later ones;
* the long article's page and its JSON.

Prints the figures; asserts nothing.  Usage:
python bench/review_bench.py [--articles 2000] [--pairs 500] [--repeat 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _shared import PROJECT
from l10nflow.align import Aligner
from l10nflow.align.lexicon import load_lexicons
from l10nflow.corpus import align_articles, discover
from l10nflow.formats import Store, get_format
from l10nflow.model import Unit

LONG = "long-article-bench"


def build(folder: Path, articles: int, pairs: int) -> None:
    """N copies of the aligned corpus's stores, plus one article of *pairs* pairs."""
    found, _ = discover(PROJECT / "corpus")
    aligner = Aligner(model=load_lexicons("vi", "en", (), True))
    aligned = align_articles(found, aligner)
    po = get_format("po")
    stores = [item.store(0.7, PROJECT) for item in aligned]
    blobs = [po.dumps(store) for store in stores]
    out = folder / "en"
    out.mkdir(parents=True)
    for number in range(articles):
        source = aligned[number % len(aligned)]
        (out / f"{source.id}-{number:05d}.po").write_bytes(blobs[number % len(blobs)])
    pool = [u for store in stores for u in store.units if not u.target_only]
    units = []
    for index in range(pairs):
        unit = pool[index % len(pool)]
        units.append(Unit(f"{LONG}:{index // 5 + 1}.{index % 5 + 1}",
                          f"{unit.source} ({index})", unit.target, unit.state,
                          unit.confidence, unit.bead, LONG, list(unit.references),
                          fingerprint=unit.fingerprint))
    store = Store(units, "vi", "en", LONG, {"PO-Revision-Date": "2024-11-12 00:00+0000",
                                            "X-L10nflow-Title": "A long article"})
    (out / f"{LONG}.po").write_bytes(po.dumps(store))


def start(folder: Path, extra: list[str]) -> tuple[subprocess.Popen, float, int, str]:
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "l10nflow", "review", str(folder),
                                "--no-browser", *extra], stderr=subprocess.PIPE, text=True,
                               env={"PYTHONPATH": str(PROJECT / "src"), "PATH": "/usr/bin:/bin"})
    for line in process.stderr:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", line)
        if found:
            return process, time.perf_counter() - began, int(found[1]), found[2]
    raise SystemExit("the server did not start")


def timed_get(port: int, token: str, path: str) -> tuple[float, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    began = time.perf_counter()
    connection.request("GET", path, headers={"X-L10nflow-Token": token})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - began
    connection.close()
    assert response.status == 200, (path, response.status, body[:200])
    return elapsed, len(body)


def measure(port: int, token: str, repeat: int) -> None:
    for label, path in (("index page", "/"), ("index JSON", "/api/articles"),
                        (f"article page ({LONG})", f"/article/{LONG}"),
                        ("article JSON", f"/api/articles/{LONG}")):
        first, size = timed_get(port, token, path)
        later = [timed_get(port, token, path)[0] for _ in range(repeat)]
        print(f"  {label:<38} first {first * 1000:7.1f} ms, then median "
              f"{statistics.median(later) * 1000:7.1f} ms, max {max(later) * 1000:7.1f} ms "
              f"({size / 1024:.0f} KiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the stores here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="review-bench-"))
    try:
        began = time.perf_counter()
        build(folder, args.articles, args.pairs)
        files = len(list(folder.rglob("*.po")))
        size = sum(p.stat().st_size for p in folder.rglob("*.po")) / 1e6
        print(f"built {files} stores ({size:.1f} MB) in {time.perf_counter() - began:.1f} s")
        for label, extra in (("with QA checks", []), ("--no-checks", ["--no-checks"])):
            process, startup, port, token = start(folder, extra)
            try:
                print(f"{label}: start-up {startup:.2f} s (until the URL is printed)")
                measure(port, token, args.repeat)
            finally:
                process.terminate()
                process.wait(10)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
