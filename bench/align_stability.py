"""Corpus stability: does adding articles change how old articles are aligned?

The aligner learns word translations from the whole corpus, so adding articles may change
an old article's beads.  That may improve it, but must not turn a right pair wrong.

Two measurements, both cold (``--relearn``: nothing reused from an earlier run):

1. the bundled ``corpus/`` aligned alone, then with 200 articles added (the dev
   documents of ``../shared/bench/align-vien-dev`` cut at gold bead boundaries into
   short articles); every changed bead of the bundled articles is printed for judging;
2. the first 100 of those dev articles aligned alone, then with the other 100 added:
   changed beads are scored against the gold, so "changed to wrong" is counted.

The benchmark only reads ``../shared``; it writes into a temporary folder.

Usage: python bench/align_stability.py
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _shared import PROJECT, shared_dir

ARTICLE_BEADS = 7      # gold beads per generated article


def dev_articles(root: Path) -> list[tuple[list[str], list[str], list[tuple]]]:
    """The dev documents cut into short articles: (vi sentences, en sentences, gold)."""
    out = []
    for doc in sorted(p.name for p in root.iterdir() if (p / "vi.txt").is_file()):
        vi = (root / doc / "vi.txt").read_text("utf-8").splitlines()
        en = (root / doc / "en.txt").read_text("utf-8").splitlines()
        gold = [tuple(ast.literal_eval(part) for part in line.split(":"))
                for line in (root / "gold" / doc).read_text("utf-8").splitlines() if line]
        for start in range(0, len(gold), ARTICLE_BEADS):
            part = gold[start:start + ARTICLE_BEADS]
            src = sorted(i for s, _ in part for i in s)
            tgt = sorted(j for _, t in part for j in t)
            s_at = {i: n for n, i in enumerate(src)}
            t_at = {j: n for n, j in enumerate(tgt)}
            local = [(tuple(s_at[i] for i in s), tuple(t_at[j] for j in t)) for s, t in part]
            out.append(([vi[i] for i in src], [en[j] for j in tgt], local))
    return out


def write_article(folder: Path, name: str, vi: list[str], en: list[str]) -> None:
    path = folder / name
    path.mkdir(parents=True)
    (path / "vi.txt").write_text("\n".join(vi) + "\n", "utf-8")
    (path / "en.txt").write_text("\n".join(en) + "\n", "utf-8")


def align(corpus: Path, out: Path, presegmented: bool) -> dict[str, set[tuple]]:
    command = [sys.executable, "-m", "l10nflow", "align", str(corpus), "-o", str(out),
               "--format", "beads", "--quiet", "--relearn"]
    if presegmented:
        command.append("--presegmented")
    subprocess.run(command, check=True, cwd=PROJECT)
    beads = {}
    for path in sorted((out / "en").glob("*.beads")):
        beads[path.stem] = {tuple(tuple(ast.literal_eval(p)) for p in line.split(":"))
                            for line in path.read_text("utf-8").splitlines() if line}
    return beads


def compare(before: dict[str, set], after: dict[str, set], names: list[str]
            ) -> list[tuple[str, set, set]]:
    return [(name, before[name] - after[name], after[name] - before[name])
            for name in names if before[name] != after[name]]


def main() -> None:
    articles = dev_articles(shared_dir("bench", "align-vien-dev"))[:200]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # 1. the bundled corpus, alone and with 200 articles added.
        alone, grown = work / "corpus", work / "corpus+200"
        shutil.copytree(PROJECT / "corpus", alone)
        shutil.copytree(PROJECT / "corpus", grown)
        for k, (vi, en, _) in enumerate(articles):
            write_article(grown, f"dev-{k:03d}", vi, en)
        names = sorted(p.name for p in alone.iterdir() if p.is_dir())
        before = align(alone, work / "out1", presegmented=False)
        after = align(grown, work / "out2", presegmented=False)
        changes = compare(before, after, names)
        total = sum(len(b) for n, b in before.items() if n in names)
        print(f"1. bundled corpus ({len(names)} articles, {total} beads) + "
              f"{len(articles)} articles: {sum(len(a) for _, _, a in changes)} beads changed "
              f"in {len(changes)} articles")
        for name, gone, new in changes:
            print(f"   {name}: {sorted(gone)} -> {sorted(new)}")
        # 2. 100 dev articles with gold, alone and with the other 100 added.
        first, second = work / "dev100", work / "dev200"
        for k, (vi, en, _) in enumerate(articles):
            if k < 100:
                write_article(first, f"dev-{k:03d}", vi, en)
            write_article(second, f"dev-{k:03d}", vi, en)
        names = [f"dev-{k:03d}" for k in range(100)]
        gold = {f"dev-{k:03d}": set(articles[k][2]) for k in range(100)}
        before = align(first, work / "out3", presegmented=True)
        after = align(second, work / "out4", presegmented=True)
        changes = compare(before, after, names)
        changed = sum(len(a) for _, _, a in changes)
        right_to_wrong = sum(1 for n, gone, new in changes for b in gone if b in gold[n])
        wrong_to_right = sum(1 for n, gone, new in changes for b in new if b in gold[n])
        total = sum(len(before[n]) for n in names)
        print(f"2. 100 dev articles ({total} beads) + 100 more: {changed} beads changed in "
              f"{len(changes)} articles; right pairs lost {right_to_wrong}, "
              f"right pairs gained {wrong_to_right}")
        for name, gone, new in changes:
            def marked(beads: set, name: str = name) -> str:
                return ", ".join(f"{list(s)}:{list(t)}{' (right)' if (s, t) in gold[name] else ''}"
                                 for s, t in sorted(beads))
            print(f"   {name}: {marked(gone)} -> {marked(new)}")
        lost = confidence_of_lost(articles, gold)
        print("   confidence the lost right pairs had before: "
              + (", ".join(f"{c:.3f}" for c in lost) or "none"))


def confidence_of_lost(articles, gold) -> list[float]:
    """The confidence, in the 100-article run, of each right pair the 200-article run lost
    (the library gives confidences; the beads output does not)."""
    from l10nflow.align import Aligner
    from l10nflow.align.lexicon import load_lexicons
    aligner = Aligner("vi", "en", model=load_lexicons("vi", "en"))
    docs = [(vi, en) for vi, en, _ in articles]
    before = aligner.align_corpus(docs[:100])
    after = aligner.align_corpus(docs)[:100]
    out = []
    for k, (old, new) in enumerate(zip(before, after, strict=True)):
        kept = {(b.src, b.tgt) for b in new}
        out += [b.confidence for b in old
                if (b.src, b.tgt) in gold[f"dev-{k:03d}"] and (b.src, b.tgt) not in kept]
    return sorted(out)


if __name__ == "__main__":
    main()
