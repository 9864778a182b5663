import pytest

from conftest import shared_path
from l10nflow.align import Aligner
from l10nflow.align.evaluate import parse_beads, score


def test_parse_vecalign_notation():
    assert parse_beads(["[0]:[0]", "[1, 2]:[1]", "[3]:[]", "", "[]:[2]"]) == [
        ((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,))]
    with pytest.raises(ValueError, match="line 1"):
        parse_beads(["0-0"])


def test_strict_and_lax_scores():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2,))]
    s = score([(gold, test)])
    # precision over 5 test beads: 3 exact; lax adds [1]:[1] (overlaps [1, 2]:[1])
    assert s.strict_precision == pytest.approx(3 / 5)
    assert s.lax_precision == pytest.approx(4 / 5)
    # recall over the 3 gold beads with both sides: 2 exact, lax 3
    assert s.strict_recall == pytest.approx(2 / 3)
    assert s.lax_recall == pytest.approx(1.0)


def test_dev_set_accuracy_beats_hunalign():
    """Regression guard; the full figures come from bench/align_eval.py."""
    root = shared_path("bench", "align-vien-dev")
    docs = sorted(p.name for p in root.iterdir() if (p / "vi.txt").exists())
    data = [((root / d / "vi.txt").read_text("utf-8").splitlines(),
             (root / d / "en.txt").read_text("utf-8").splitlines()) for d in docs]
    out = Aligner("vi", "en").align_corpus(data)
    gold = [parse_beads((root / "gold" / d).read_text("utf-8").splitlines()) for d in docs]
    s = score([(g, [(b.src, b.tgt) for b in o]) for g, o in zip(gold, out, strict=True)])
    assert s.strict_f1 > 0.90 and s.lax_f1 > 0.95   # hunalign: 0.753 / 0.859
