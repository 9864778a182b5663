"""Sentence-segmentation accuracy on ../shared/bench/segment-vien-dev and on news cases.

Scores boundaries inside paragraphs (paragraph ends are given): precision, recall, F1.
Usage: python bench/segment_eval.py
"""

from __future__ import annotations

import time

from _shared import PROJECT, shared_dir
from l10nflow.segment import Segmenter


def gold_paragraphs(path):
    paragraphs, current = [], []
    for line in path.read_text("utf-8").split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def boundaries(sentences):
    out, pos = set(), 0
    for sentence in sentences[:-1]:
        pos += len(sentence) + 1
        out.add(pos)
    return out


def score(lang, paragraphs, gold):
    segmenter = Segmenter(lang)
    tp = fp = fn = 0
    start = time.perf_counter()
    for text, sentences in zip(paragraphs, gold, strict=True):
        predicted = boundaries(segmenter.split(text))
        truth = boundaries(sentences)
        tp += len(predicted & truth)
        fp += len(predicted - truth)
        fn += len(truth - predicted)
    elapsed = time.perf_counter() - start
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, elapsed, sum(map(len, gold))


def main() -> None:
    root = shared_dir("bench", "segment-vien-dev")
    print(f"{'set':<22} {'P':>6} {'R':>6} {'F1':>6} {'sent/s':>9}")
    for lang in ("vi", "en"):
        paragraphs = [line for line in (root / lang / "paragraphs.txt").read_text("utf-8")
                      .split("\n") if line.strip()]
        gold = gold_paragraphs(root / lang / "gold.txt")
        p, r, f, elapsed, n = score(lang, paragraphs, gold)
        print(f"{'segment-vien-dev/' + lang:<22} {p:6.3f} {r:6.3f} {f:6.3f} {n / elapsed:9.0f}")
    cases = PROJECT / "tests" / "data" / "segment_news_cases.txt"
    for lang in ("vi", "en"):
        text = cases.read_text("utf-8").strip()
        blocks = [b for b in text.split("\n\n") if b.startswith(f"[{lang}]")]
        paragraphs = [" ".join(b.split("\n")[1:]) for b in blocks]
        gold = [b.split("\n")[1:] for b in blocks]
        p, r, f, _, _ = score(lang, paragraphs, gold)
        print(f"{'news-cases/' + lang:<22} {p:6.3f} {r:6.3f} {f:6.3f}")


if __name__ == "__main__":
    main()
