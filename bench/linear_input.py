"""Time that grows with the input, not its square: segment one long line of prose and a
text of many paragraphs, and check a PO whose one entry holds a very long string.

Prints wall time per size; linear growth shows as a steady time per megabyte.  The text
is generated (random Vietnamese news words), never taken from benchmark documents.

Usage: python bench/linear_input.py
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _shared  # noqa: F401  (puts src/ on the path)

WORDS = ["tin", "tức", "hôm", "nay", "chính", "phủ", "công", "bố", "gói", "hỗ", "trợ",
         "doanh", "nghiệp", "nhỏ", "được", "ưu", "tiên", "trong", "năm", "tới", "Hà",
         "Nội", "giá", "xăng", "tăng", "3%", "theo", "Reuters"]


def prose(size: int, rng: random.Random) -> str:
    out, total = [], 0
    while total < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."
        out.append(sentence)
        total += len(sentence) + 1
    return " ".join(out)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    rng = random.Random(7)
    cli = [sys.executable, "-m", "l10nflow"]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for megabytes in (0.5, 2, 5):
            path = base / f"line{megabytes}.txt"
            path.write_text(prose(int(megabytes * 1e6), rng) + "\n", "utf-8")
            seconds = timed([*cli, "segment", "--lang", "vi", str(path)])
            print(f"segment, one line of {megabytes:>4} MB: {seconds:6.2f} s "
                  f"({seconds / megabytes:5.2f} s/MB)")
        for count in (10_000, 100_000):
            path = base / f"paras{count}.txt"
            path.write_text("\n\n".join(prose(60, rng) for _ in range(count)) + "\n", "utf-8")
            megabytes = path.stat().st_size / 1e6
            seconds = timed([*cli, "segment", "--lang", "vi", str(path)])
            print(f"segment, {count:>7,} paragraphs ({megabytes:.1f} MB): {seconds:6.2f} s "
                  f"({seconds / megabytes:5.2f} s/MB)")
        for megabytes in (0.5, 2):
            text = prose(int(megabytes * 1e6), rng)
            path = base / f"long{megabytes}.po"
            path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"'
                            f'\n\nmsgid "{text}"\nmsgstr "{text}"\n', "utf-8")
            seconds = timed([*cli, "check", str(path), "--format", "json", "--fail-on",
                             "never"])
            print(f"check, one entry of 2 x {megabytes:>4} MB: {seconds:6.2f} s "
                  f"({seconds / megabytes:5.2f} s/MB)")


if __name__ == "__main__":
    main()
