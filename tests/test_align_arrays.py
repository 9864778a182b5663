"""The aligner's array code against plain-Python definitions of the same numbers.

The costs, overlaps, dynamic programs and IBM Model 1 tables are computed with numpy
for speed; each must give what a direct loop gives, on random inputs (with many exact
ties, which a loop breaks in a fixed order).
"""

import math
import random

import numpy as np
import pytest

from l10nflow.align.features import SentenceFeatures
from l10nflow.align.lattice import Lattice
from l10nflow.align.learn import ibm1, ibm1_reference
from l10nflow.align.overlap import run_overlaps, shared_token_ids
from l10nflow.align.scoring import BEAD_TYPES, AlignParams, LengthModel, PairScorer, Side
from l10nflow.align.search import band_from_anchors, dp_align, posteriors

INF = math.inf
VOCABULARY = [f"w{k}" for k in range(40)]
ANCHORS = ["#1", "#2", "@ha noi", "!?", "!q", "@le"]


def random_side(rng: random.Random, n: int, lexical: bool) -> Side:
    features, translations = [], []
    for _ in range(n):
        anchors = tuple(rng.choice(ANCHORS) for _ in range(rng.randint(0, 3)))
        tokens = tuple(rng.sample(VOCABULARY, rng.randint(0, 6))) if lexical else ()
        text = rng.choice(["Anh Vũ |", "Anh Vu |", "12 3", "x", f"câu {rng.random()}"])
        features.append(SentenceFeatures(text, rng.randint(1, 200), (), anchors, tokens,
                                         boilerplate=rng.random() < 0.1))
        translations.append(frozenset(rng.sample(VOCABULARY, rng.randint(0, 8))))
    return Side(features, translations if lexical else None)


def random_scorer(seed: int, lexical: bool, n: int = 23, m: int = 19) -> PairScorer:
    rng = random.Random(seed)
    src, tgt = random_side(rng, n, lexical), random_side(rng, m, lexical)
    length = LengthModel(rng.uniform(-0.3, 0.3), rng.uniform(0.15, 0.6))
    return PairScorer(src, tgt, AlignParams(), length, lexical)


def scalar_cost(scorer: PairScorer, t: int, i: int, j: int) -> float:
    k, l = BEAD_TYPES[t]
    if i + k > scorer.src.n or j + l > scorer.tgt.n:
        return INF
    if l == 0:
        return scorer.skip_costs(scorer.src)[i]
    if k == 0:
        return scorer.skip_costs(scorer.tgt)[j]
    return scorer.cost(i, k, j, l)


@pytest.mark.parametrize("lexical", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_bead_costs_equal_the_scalar_cost(seed, lexical):
    scorer = random_scorer(seed, lexical)
    n, m = scorer.src.n, scorer.tgt.n
    rows = np.repeat(np.arange(n + 1), m + 1)
    cols = np.tile(np.arange(m + 1), n + 1)
    costs = scorer.bead_costs(rows, cols)
    for t in range(len(BEAD_TYPES)):
        for x, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
            assert costs[t, x] == pytest.approx(scalar_cost(scorer, t, i, j), rel=1e-12,
                                                abs=1e-12), (BEAD_TYPES[t], i, j)


def test_identical_text_is_a_bonus_in_both_forms():
    scorer = random_scorer(1, True)
    pairs = [(i, j) for i in range(scorer.src.n) for j in range(scorer.tgt.n)
             if scorer.identical(i, 1, j, 1)]
    assert pairs      # "Anh Vũ |" and "Anh Vu |" fold to the same text
    costs = scorer.bead_costs(np.array([i for i, _ in pairs]), np.array([j for _, j in pairs]))
    bonus = -scorer.params.identical_bonus
    assert bonus < 0
    assert (costs[BEAD_TYPES.index((1, 1))] == bonus).all()
    assert all(scorer.cost(i, 1, j, 1) == bonus for i, j in pairs)


def test_scalar_cost_scores_any_span():
    # The crossing-pair pass scores runs anywhere, longer ones included.
    scorer = random_scorer(2, True)
    assert 0.0 <= scorer.similarity(10, 4, 2, 1) <= 1.0
    assert scorer.src.spans[(0, 5)][0] == sum(scorer.src.lengths[:5])
    # a pair far off the diagonal, as a moved paragraph gives
    assert scorer.cost(20, 2, 0, 2) == pytest.approx(scorer.bead_costs(
        np.array([20]), np.array([0]))[BEAD_TYPES.index((2, 2)), 0])
    with pytest.raises(KeyError):
        scorer.src.spans[(scorer.src.n - 1, 2)]
    # many runs at once, in any order and of any length
    starts_src, starts_tgt = np.array([15, 3, 9, 0]), np.array([0, 12, 4, 10])
    shapes = [(1, 1), (4, 2), (2, 5)]
    arrays = scorer.similarities(starts_src, starts_tgt, shapes)
    for k, l in shapes:
        for x, (i, j) in enumerate(zip(starts_src.tolist(), starts_tgt.tolist(), strict=True)):
            assert arrays[(k, l)][x] == pytest.approx(scorer.similarity(i, k, j, l))


@pytest.mark.parametrize("seed", range(5))
def test_run_overlaps_equal_set_intersections(seed):
    rng = random.Random(seed)
    n, m = rng.randint(1, 90), rng.randint(1, 90)
    source = [frozenset(rng.sample(VOCABULARY, rng.randint(0, 9))) for _ in range(n)]
    target = [frozenset(rng.sample(VOCABULARY, rng.randint(0, 9))) for _ in range(m)]
    cells = sorted((rng.randrange(n), rng.randrange(m)) for _ in range(300))
    rows = np.array([i for i, _ in cells])
    cols = np.array([j for _, j in cells])
    shapes = [(1, 1), (2, 1), (1, 3), (2, 2), (3, 1)]
    [counts] = run_overlaps([shared_token_ids(source, target)], rows, cols, shapes)
    for k, l in shapes:
        for x, (i, j) in enumerate(cells):
            expected = len(frozenset().union(*source[i:i + k])
                           & frozenset().union(*target[j:j + l]))
            assert counts[(k, l)][x] == expected


def reference_dp(band, step_cost):
    """The cell-by-cell DP the lattice replaces (first bead type wins a tie)."""
    n = len(band) - 1
    cost, back = {}, {}
    for i in range(n + 1):
        for j in range(band[i][0], band[i][1] + 1):
            if i == 0 and j == 0:
                cost[(0, 0)] = 0.0
                continue
            best, best_type = INF, -1
            for t, (k, l) in enumerate(BEAD_TYPES):
                prev = cost.get((i - k, j - l), INF)
                if prev < INF and prev + step_cost(t, i - k, j - l) < best:
                    best, best_type = prev + step_cost(t, i - k, j - l), t
            cost[(i, j)], back[(i, j)] = best, best_type
    beads, (i, j) = [], (n, band[n][1])
    while i > 0 or j > 0:
        k, l = BEAD_TYPES[back[(i, j)]]
        beads.append((i - k, k, j - l, l, cost[(i, j)] - cost[(i - k, j - l)]))
        i, j = i - k, j - l
    return beads[::-1], cost


def reference_posteriors(band, step_cost, cost, beads, temperature):
    """Forward-backward by enumerating paths' soft minima cell by cell."""
    n = len(band) - 1
    m = band[n][1]
    cells = [(i, j) for i in range(n + 1) for j in range(band[i][0], band[i][1] + 1)]

    def soft(values):
        values = [v for v in values if v < INF]
        if not values:
            return INF
        low = min(values)
        return low - temperature * math.log(sum(math.exp(-(v - low) / temperature)
                                                for v in values))

    def steps_into(i, j):
        for t, (k, l) in enumerate(BEAD_TYPES):
            if (i - k, j - l) in cost and cost[(i - k, j - l)] < INF:
                yield (i - k, j - l), step_cost(t, i - k, j - l)

    forward = {}
    for i, j in cells:
        forward[(i, j)] = 0.0 if (i, j) == (0, 0) else soft(
            [forward[p] + s for p, s in steps_into(i, j)])
    backward = {c: INF for c in cells}
    backward[(n, m)] = 0.0
    for i, j in reversed(cells):
        for p, s in steps_into(i, j):
            backward[p] = soft([backward[p], backward[(i, j)] + s])
    total = forward[(n, m)]
    return [min(1.0, math.exp(-(forward[(i, j)] + c + backward[(i + k, j + l)] - total)
                              / temperature)) for i, k, j, l, c in beads]


@pytest.mark.parametrize("relaxations", [0, 4])
@pytest.mark.parametrize("seed", range(12))
def test_lattice_finds_the_reference_path_and_posteriors(seed, relaxations, monkeypatch):
    # relaxations=0: every row's 0-1 chain is finished cell by cell
    monkeypatch.setattr("l10nflow.align.lattice.RELAXATIONS", relaxations)
    rng = random.Random(seed)
    n, m = rng.randint(1, 30), rng.randint(1, 30)
    anchors = sorted({(rng.randrange(n), rng.randrange(m)) for _ in range(rng.randint(0, 4))})
    chain = []
    for i, j in anchors:
        if not chain or (i > chain[-1][0] and j > chain[-1][1]):
            chain.append((i, j, 1.0))
    band = band_from_anchors(n, m, chain, rng.randint(1, 4))
    # Small integer costs: many paths tie exactly, and the tie rule decides.
    table = {(t, i, j): float(rng.randint(0, 3)) for t in range(len(BEAD_TYPES))
             for i in range(n + 1) for j in range(m + 1)}

    def step_cost(t, i, j):
        k, l = BEAD_TYPES[t]
        return table[(t, i, j)] if i + k <= n and j + l <= m else INF

    def bead_costs(rows, cols, out):
        out[...] = [[step_cost(t, i, j) for i, j in zip(rows.tolist(), cols.tolist(),
                                                         strict=True)]
                    for t in range(len(BEAD_TYPES))]

    lattice = Lattice(band, BEAD_TYPES, bead_costs)
    lattice.cheapest()
    beads, _ = lattice.best_path()
    expected, cost = reference_dp(band, step_cost)
    assert beads == expected
    temperature = rng.choice([0.5, 1.0, 2.0])
    assert posteriors(band, lattice, beads, temperature) == pytest.approx(
        reference_posteriors(band, step_cost, cost, beads, temperature), abs=1e-9)


def test_dp_align_on_a_scorer_matches_the_reference():
    scorer = random_scorer(3, True, 40, 37)
    band = band_from_anchors(40, 37, [(10, 9, 1.0), (25, 24, 1.0)], 5)
    beads, _, lattice = dp_align(scorer, band)
    expected, _ = reference_dp(band, lambda t, i, j: scalar_cost(scorer, t, i, j))
    assert [b[:4] for b in beads] == [b[:4] for b in expected]
    assert [b[4] for b in beads] == pytest.approx([b[4] for b in expected], rel=1e-12)
    probabilities = posteriors(band, lattice, beads, 1.0)
    assert all(0.0 <= p <= 1.0 for p in probabilities)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("dense", [True, False])
def test_ibm1_arrays_equal_the_dict_definition(seed, dense, monkeypatch):
    from l10nflow.align import learn
    if not dense:      # pairs numbered by sorting, as for a large vocabulary
        monkeypatch.setattr(learn, "DENSE_KEYS", 0)
    rng = random.Random(seed)
    source_words = [f"s{k}" for k in range(25)]
    target_words = [f"t{k}" for k in range(25)]
    data = []
    for _ in range(120):
        concept = rng.sample(range(25), rng.randint(1, 6))
        src = [source_words[c] for c in concept] + rng.sample(source_words, 2)
        tgt = [target_words[c] for c in concept] + [rng.choice(target_words)] * 2
        data.append((src, tgt))
    assert ibm1(data, 3, 0.1, 4) == ibm1_reference(data, 3, 0.1, 4)
    assert ibm1([], 3, 0.1, 4) == ibm1_reference([], 3, 0.1, 4) == {}


def reference_heaviest_chain(pairs):
    best, back = [0.0] * len(pairs), [-1] * len(pairs)
    for a, (i, j, sim) in enumerate(pairs):
        best[a] = sim
        for b in range(max(0, a - 200), a):
            pi, pj, _ = pairs[b]
            if pi < i and pj < j and best[b] + sim > best[a]:
                best[a], back[a] = best[b] + sim, b
    a = max(range(len(pairs)), key=best.__getitem__)
    chain = []
    while a >= 0:
        chain.append(pairs[a])
        a = back[a]
    return chain[::-1]


@pytest.mark.parametrize("seed", range(6))
def test_heaviest_chain_equals_the_loop(seed):
    from l10nflow.align.search import _heaviest_chain
    rng = random.Random(seed)
    rows = sorted(rng.sample(range(600), 300))
    # coarse similarities: many equal chain weights, so the tie rule matters
    pairs = [(i, rng.randrange(600), rng.choice([0.5, 0.75, 1.0])) for i in rows]
    assert _heaviest_chain(pairs) == reference_heaviest_chain(pairs)


def test_lexicon_phrase_walk_equals_every_ngram_lookup():
    from l10nflow.align.lexicon import Lexicon
    lexicon = Lexicon([("chính phủ", ["government"]), ("phủ", ["cover"]),
                       ("bộ trưởng bộ ngoại giao", ["foreign minister"]),
                       ("ngoại giao", ["diplomacy"]), ("hà nội", ["Hanoi"]),
                       ("a b c d e", ["too long to match"])])
    rng = random.Random(5)
    vocabulary = ["chính", "phủ", "bộ", "trưởng", "ngoại", "giao", "hà", "nội", "a", "b", "c",
                  "d", "e", "x"]
    for _ in range(300):
        tokens = [rng.choice(vocabulary) for _ in range(rng.randint(0, 12))]
        for direction, table in (("forward", lexicon.forward), ("backward", lexicon.backward)):
            expected = set()
            for n in range(1, 5):
                for start in range(len(tokens) - n + 1):
                    expected |= table.get(" ".join(tokens[start:start + n]), set())
            assert lexicon.translations(tokens, direction) == expected
    lexicon.add("phủ nhận", ["deny"])     # a later key is found too
    assert "deny" in lexicon.translations(["phủ", "nhận"], "forward")


def test_learning_in_two_processes_gives_the_same_tables():
    from l10nflow.align.learn import LearnedModel
    rng = random.Random(9)
    pairs = [([f"s{rng.randrange(30)}" for _ in range(8)],
              [f"t{rng.randrange(30)}" for _ in range(8)]) for _ in range(300)]
    assert LearnedModel.learn(pairs, jobs=2) == LearnedModel.learn(pairs, jobs=1)


def test_the_second_pass_given_the_firsts_sentences_aligns_as_if_computed_afresh(monkeypatch):
    """Each worker keeps the first pass's features and lexicon translations for the
    second, and the anchors go through the parent; the second pass must come out exactly
    as when it computes them itself, and the same with worker processes."""
    from conftest import PAIRS
    from l10nflow import align
    from l10nflow.align import Aligner
    from l10nflow.align.lexicon import load_lexicons
    from l10nflow.parallel import worker_session

    aligner = Aligner("vi", "en", model=load_lexicons("vi", "en"))
    vi = [v for v, _ in PAIRS]
    en = [e for _, e in PAIRS]
    documents = [(vi, en), (vi[3:] + vi[:3], en[1:]), (vi[:5], [*en[:4], en[9]])]
    quick = [([], None)] * len(documents)
    with worker_session(1, (aligner, documents)) as session:
        first = aligner._pass(session, None, quick)
        kept = {k: session._memo[k] for k in range(3)}
        assert session._memo["sentences"] == sum(len(s) + len(t) for s, t in documents)
        learned = aligner._learn(documents, [beads for beads, _ in first])
        handed_on = aligner._pass(session, learned, first, last=True)
        assert session._memo == {"sentences": 0}  # given up after the last pass
    assert all(s.anchors for s in kept.values())
    with worker_session(1, (aligner, documents)) as session:
        afresh = aligner._pass(session, learned, first, last=True)
    assert handed_on == afresh
    with worker_session(2, (aligner, documents)) as session:
        forked_first = aligner._pass(session, None, quick)
        forked = aligner._pass(session, learned, forked_first, last=True)
    assert forked_first == first and forked == handed_on
    with monkeypatch.context() as patch, worker_session(1, (aligner, documents)) as session:
        patch.setattr(align, "MEMO_SENTENCES", len(vi) + len(en))    # the first only
        assert aligner._pass(session, None, quick) == first
        assert [k for k in session._memo if k != "sentences"] == [0]
        assert aligner._pass(session, learned, first, last=True) == handed_on
