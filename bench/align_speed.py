"""Aligner speed: l10nflow beside NLTK's Gale–Church on the dev set, and scaling to long
documents.

1. Side by side, cold, in the same run: ``l10nflow align DEV --presegmented --format
   beads`` (corpus mode through the CLI, start-up included, default ``--jobs``) and NLTK's
   Gale–Church (``nltk.translate.gale_church.align_blocks`` on character lengths, one
   process, start-up included) on ``../shared/bench/align-vien-dev``.  Each runs
   ``--repeats`` times in a fresh process, alternating; the table gives the median (and
   the range) of wall time and CPU time, and the strict/lax F1 of each.
2. Scaling: one generated document of 1,000 / 4,000 / 16,000 sentences per side, aligned
   through the library with the CLI's defaults (bundled lexicon, corpus learning), each in
   a fresh process: wall time, time per 1,000 sentences, and peak memory (the process's
   peak RSS, and the growth over its size before aligning).  The text is generated from
   the bundled lexicon's entries (random phrases, numbers and names, with omissions,
   insertions and merged sentences), so every sentence is distinct: repeated documents
   would starve the anchor search.

Both run from byte-compiled modules, as from an installed package (``pip install``
compiles them): a setting of PYTHONDONTWRITEBYTECODE is dropped for the children, their
bytecode goes to a temporary PYTHONPYCACHEPREFIX, and one untimed run of each warms it.

On a shared machine the wall times move with the load: compare figures from one run.

Usage: python bench/align_speed.py [--repeats 5] [--sizes 1000 4000 16000] [--skip-dev]
       [--skip-scaling] [--pythonpath SRC]   (SRC: another checkout's src, to compare)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from _shared import PROJECT, shared_dir
from l10nflow.align.evaluate import parse_beads, score
from l10nflow.vietnamese import fold

GALE_CHURCH = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from nltk.translate.gale_church import align_blocks
    root, out = Path(sys.argv[1]), {}
    for doc in sorted(p for p in root.iterdir() if (p / "vi.txt").exists()):
        vi = (doc / "vi.txt").read_text("utf-8").splitlines()
        en = (doc / "en.txt").read_text("utf-8").splitlines()
        out[doc.name] = align_blocks([len(s) for s in vi], [len(s) for s in en])
    Path(sys.argv[2]).write_text(json.dumps(out))
""")


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, children included) of *command*."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def beads_from_links(links: list[tuple[int, int]], n: int, m: int):
    """Gale–Church's sentence links as beads: linked sentences joined, the rest 1-0/0-1."""
    groups: list[tuple[set[int], set[int]]] = []
    for i, j in sorted(links):
        if groups and (i in groups[-1][0] or j in groups[-1][1]):
            groups[-1][0].add(i)
            groups[-1][1].add(j)
        else:
            groups.append(({i}, {j}))
    linked_src = {i for i, _ in links}
    linked_tgt = {j for _, j in links}
    beads = [(tuple(sorted(s)), tuple(sorted(t))) for s, t in groups]
    beads += [((i,), ()) for i in range(n) if i not in linked_src]
    beads += [((), (j,)) for j in range(m) if j not in linked_tgt]
    return beads


def dev_side_by_side(repeats: int, env: dict[str, str]) -> None:
    root = shared_dir("bench", "align-vien-dev")
    docs = sorted(p.name for p in root.iterdir() if (p / "vi.txt").exists())
    gold = {d: parse_beads((root / "gold" / d).read_text("utf-8").splitlines()) for d in docs}
    sizes = {d: tuple(len((root / d / f"{lang}.txt").read_text("utf-8").splitlines())
                      for lang in ("vi", "en")) for d in docs}
    times: dict[str, list[tuple[float, float]]] = {"l10nflow": [], "gale-church": []}
    f1 = {}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        ours = [sys.executable, "-m", "l10nflow", "align", str(root), "-o", str(out / "l10n"),
                "--presegmented", "--format", "beads", "--quiet", "--force"]
        theirs = [sys.executable, "-c", GALE_CHURCH, str(root), str(out / "gc.json")]
        for command in (ours, theirs):          # untimed: compiles the bytecode
            run(command, env)
        for k in range(repeats):
            order = [("l10nflow", ours), ("gale-church", theirs)]
            for name, command in order if k % 2 == 0 else order[::-1]:
                times[name].append(run(command, env))
        test = {d: parse_beads((out / "l10n" / "en" / f"{d}.beads").read_text().splitlines())
                for d in docs}
        f1["l10nflow"] = score([(gold[d], test[d]) for d in docs])
        links = json.loads((out / "gc.json").read_text())
        f1["gale-church"] = score([(gold[d], beads_from_links([tuple(x) for x in links[d]],
                                                              *sizes[d])) for d in docs])
    sentences = sum(a + b for a, b in sizes.values())
    print(f"Dev set: {len(docs)} documents, {sentences} sentences; cold runs, start-up "
          f"included; median of {repeats} (range)")
    print("| aligner | wall time | CPU time | sentences/s | strict F1 | lax F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    medians = {}
    for name, label in (("l10nflow", "l10nflow, corpus mode (CLI)"),
                        ("gale-church", "NLTK Gale–Church")):
        wall = [w for w, _ in times[name]]
        cpu = [c for _, c in times[name]]
        medians[name] = statistics.median(wall)
        print(f"| {label} | {medians[name]:.2f} s ({min(wall):.2f}–{max(wall):.2f}) | "
              f"{statistics.median(cpu):.2f} s | {sentences / medians[name]:.0f} | "
              f"{f1[name].strict_f1:.3f} | {f1[name].lax_f1:.3f} |")
    print(f"l10nflow is {medians['gale-church'] / medians['l10nflow']:.1f}x as fast as "
          f"Gale–Church (ratio of medians)")


# --- scaling -----------------------------------------------------------------------------

def lexicon_entries() -> list[tuple[str, str]]:
    path = PROJECT / "src" / "l10nflow" / "data" / "lexicon-vi-en.tsv"
    entries = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            vi, en = line.split("\t", 1)
            entries.append((vi.strip(), en.split(";")[0].strip()))
    return entries


SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
SYLLABLES = ["Anh", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan",
             "Linh", "Long", "Minh", "Nam", "Phong", "Quang", "Sơn", "Thảo", "Trung", "Tuấn"]


def generate(sentences: int, seed: int = 11):
    """A vi/en document pair of about *sentences* sentences per side, and its gold beads."""
    rng = random.Random(seed)
    entries = lexicon_entries()
    vi: list[str] = []
    en: list[str] = []
    gold = []

    def pair() -> tuple[str, str]:
        picked = [rng.choice(entries) for _ in range(rng.randint(5, 14))]
        v = [p[0] for p in picked]
        e = [p[1] for p in picked]
        if rng.random() < 0.4:
            number = rng.randint(2, 99_999)
            v.insert(rng.randrange(len(v) + 1), f"{number:,}".replace(",", "."))
            e.insert(rng.randrange(len(e) + 1), f"{number:,}")
        if rng.random() < 0.3:
            name = f"{rng.choice(SURNAMES)} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
            v.insert(rng.randrange(len(v) + 1), name)
            e.insert(rng.randrange(len(e) + 1), fold(name))
        return " ".join(v).capitalize() + ".", " ".join(e).capitalize() + "."

    while len(vi) < sentences:
        roll = rng.random()
        if roll < 0.03:                  # left out of the English
            gold.append(((len(vi),), ()))
            vi.append(pair()[0])
        elif roll < 0.06:                # added by the English desk
            gold.append(((), (len(en),)))
            en.append(pair()[1])
        elif roll < 0.11:                # two Vietnamese sentences, one English
            (v1, e1), (v2, e2) = pair(), pair()
            gold.append(((len(vi), len(vi) + 1), (len(en),)))
            vi += [v1, v2]
            en.append(e1[:-1] + ", " + e2[0].lower() + e2[1:])
        else:
            v, e = pair()
            gold.append(((len(vi),), (len(en),)))
            vi.append(v)
            en.append(e)
    return vi, en, gold


def align_one_size(sentences: int) -> None:
    """Child process: align one generated document, print JSON figures."""
    vi, en, gold = generate(sentences)
    if os.environ.get("BENCH_SRC"):             # --pythonpath: that checkout's aligner
        sys.path.insert(0, os.environ["BENCH_SRC"])
        for name in [m for m in sys.modules if m.startswith("l10nflow")]:
            del sys.modules[name]
    from l10nflow.align import Aligner
    from l10nflow.align.lexicon import bundled_lexicon
    model = bundled_lexicon("vi", "en")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    cpu = time.process_time()
    beads = Aligner("vi", "en", model=model).align(vi, en)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = score([(gold, [(b.src, b.tgt) for b in beads])])
    print(json.dumps({"vi": len(vi), "en": len(en), "wall": wall, "cpu": cpu, "peak": peak,
                      "before": before, "strict": s.strict_f1}))


def scaling(sizes: list[int], repeats: int, env: dict[str, str]) -> None:
    print(f"\nOne generated document, library, default settings; median of {repeats}")
    print("| sentences (vi + en) | wall time | CPU time | per 1,000 vi sentences | "
          "peak RSS | growth over the start | strict F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        results = []
        for _ in range(repeats):
            done = subprocess.run([sys.executable, __file__, "--one", str(size)], check=True,
                                  cwd=PROJECT, env=env, capture_output=True, text=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        wall = statistics.median(r["wall"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        peak = statistics.median(r["peak"] for r in results)
        growth = statistics.median(r["peak"] - r["before"] for r in results)
        r = results[0]
        print(f"| {r['vi']:,} + {r['en']:,} | {wall:.2f} s | {cpu:.2f} s | "
              f"{1000 * wall / r['vi']:.2f} s | {peak:.0f} MiB | {growth:.0f} MiB | "
              f"{r['strict']:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument("--scaling-repeats", type=int, default=3)
    parser.add_argument("--skip-dev", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--pythonpath", help="run another checkout's src (to compare)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        align_one_size(args.one)
        return
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PROJECT / "src")
    if args.pythonpath:
        env["PYTHONPATH"] = env["BENCH_SRC"] = str(Path(args.pythonpath).resolve())
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as bytecode:
        env["PYTHONPYCACHEPREFIX"] = bytecode
        if not args.skip_dev:
            dev_side_by_side(args.repeats, env)
        if not args.skip_scaling:
            scaling(args.sizes, args.scaling_repeats, env)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
