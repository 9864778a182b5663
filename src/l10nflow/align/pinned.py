"""Pinned links: pairs a person fixed in ``l10nflow review`` stay fixed when re-aligned.

A pinned unit (flag :data:`~l10nflow.model.PINNED`) names its sentences by their text:
its source is a run of consecutive source sentences joined by spaces, its target a run of
target sentences (or nothing: "this Vietnamese has no English").  On a re-align those
sentences are found again in the fresh documents; they become fixed beads, and the
aligner's beads are kept around them with the pinned sentences taken out (a bead that
paired a pinned sentence loses it, so the sentence it was paired with stays unmatched
instead of being paired twice); ``l10nflow align`` first aligns the rest of the article
again without them (:meth:`l10nflow.align.Aligner.align_around`).  A confirmed unit
whose English the translator edited is found by the fingerprint of what the aligner
wrote there (the English sentences it paired, see :func:`~l10nflow.model.fingerprint`).
A pin whose text is no longer in the article (the source was rewritten, the English
changed) anchors nothing: the merge then matches the unit by its source text as it does
any human work.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Bead, State, Unit, fingerprint

__all__ = ["find_run", "find_runs", "pin_beads", "pins_of"]


def find_runs(sentences: Sequence[str], text: str, taken: set[int]) -> list[tuple[int, ...]]:
    """Every run of consecutive *sentences*, none in *taken*, that joined by single spaces
    makes *text*."""
    runs = []
    if not text:
        return runs
    for start, sentence in enumerate(sentences):
        if start in taken or not text.startswith(sentence):
            continue
        joined, end = sentence, start
        while len(joined) < len(text) and end + 1 < len(sentences) and end + 1 not in taken:
            end += 1
            joined += " " + sentences[end]
        if joined == text:
            runs.append(tuple(range(start, end + 1)))
    return runs


def find_run(sentences: Sequence[str], text: str, taken: set[int], near: float = 0.0
             ) -> tuple[int, ...] | None:
    """The run of :func:`find_runs` that starts nearest to *near* (a sentence repeated in
    the article, such as a byline, is taken where it is expected); None when there is
    none."""
    runs = find_runs(sentences, text, taken)
    return min(runs, key=lambda run: (abs(run[0] - near), run[0])) if runs else None


def _expected_targets(beads: Sequence[Bead], sources: int, targets: int) -> list[float]:
    """Where each source sentence's English is expected: where the aligner put it, else
    just after the English of the sentences before it."""
    expected = [i * targets / max(sources, 1) for i in range(sources)]
    last = -1
    for bead in beads:
        for i in bead.src:
            if i < sources:
                expected[i] = bead.tgt[0] if bead.tgt else last + 1
        if bead.tgt:
            last = bead.tgt[-1]
    return expected


def pins_of(units: Sequence[Unit], source: Sequence[str], target: Sequence[str],
            beads: Sequence[Bead] = ()) -> list[Bead]:
    """The pinned units of a store as beads over the fresh *source* and *target*
    sentences (pins whose text is not found are left out).  The aligner's *beads* say
    where a repeated sentence is expected."""
    pins: list[Bead] = []
    taken_src: set[int] = set()
    taken_tgt: set[int] = set()
    expected = _expected_targets(beads, len(source), len(target))
    seen = 0                 # source sentences before the unit: where a repeat is expected
    for unit in units:
        if unit.obsolete or not unit.source:
            continue
        near, seen = seen, seen + _sentence_count(unit, 0)
        if not (unit.pinned or _confirmed(unit)):
            continue
        src = find_run(source, unit.source, taken_src, near)
        if src is None:
            continue
        tgt = _target_run(unit, target, taken_tgt, expected[src[0]])
        if tgt is None:
            continue
        taken_src.update(src)
        taken_tgt.update(tgt)
        pins.append(Bead(src, tgt, 1.0))
    return pins


def _confirmed(unit: Unit) -> bool:
    """A pair the aligner wrote and a translator then confirmed: their work (an edit, a
    state set) and not left needing review.  (A unit from another tool has no
    fingerprint: it is merged by its source, as before.)"""
    return (unit.fingerprint is not None and unit.human_edited and not unit.target_only
            and unit.state is not State.NEEDS_REVIEW)


# The states the aligner writes a pair in (the fingerprint covers the state).
_MACHINE_STATES = (State.TRANSLATED, State.NEEDS_REVIEW, State.NEW)


def _target_run(unit: Unit, target: Sequence[str], taken: set[int], near: float
                ) -> tuple[int, ...] | None:
    """The target sentences of a pinned or confirmed *unit*: its target text as it
    stands, or else the run whose text the aligner wrote there (its fingerprint); ``()``
    for a unit paired with no target; None when neither is found."""
    if not unit.target and unit.pinned:
        return ()
    found = find_run(target, unit.target, taken, near) if unit.target else None
    if found is not None or not unit.fingerprint:
        return found
    if any(unit.fingerprint == fingerprint("", state) for state in _MACHINE_STATES):
        return ()                 # the aligner had no English for it; the translator added some
    width = _sentence_count(unit, 1)
    runs = [run for start in range(len(target) - width + 1)
            if not taken & set(run := tuple(range(start, start + width)))
            and any(unit.fingerprint == fingerprint(" ".join(target[j] for j in run), state)
                    for state in _MACHINE_STATES)]
    return min(runs, key=lambda run: (abs(run[0] - near), run[0])) if runs else None


def _sentence_count(unit: Unit, side: int) -> int:
    """How many sentences a unit holds on *side* (0 source, 1 target), as its bead type
    says (else one)."""
    parts = (unit.bead or "").split("-")
    count = parts[0] if side == 0 else parts[-1]
    return int(count) if count.isdigit() and int(count) > 0 else 1


def pin_beads(beads: Sequence[Bead], pins: Sequence[Bead]) -> list[Bead]:
    """*beads* with every *pins* bead fixed in place and its sentences taken out of the
    others, in source order; target-only beads stay after the source sentence they
    followed."""
    if not pins:
        return list(beads)
    pinned_src = {i for pin in pins for i in pin.src}
    pinned_tgt = {j for pin in pins for j in pin.tgt}
    placed: list[tuple[tuple[float, int], Bead]] = []
    last_source = -1.0
    for order, bead in enumerate(beads):
        src = tuple(i for i in bead.src if i not in pinned_src)
        tgt = tuple(j for j in bead.tgt if j not in pinned_tgt)
        if bead.src:
            last_source = float(max(bead.src))
        if not src and not tgt:
            continue
        # 0-1 text stays just after the source sentence it followed
        where = float(src[0]) if src else last_source + 0.5
        placed.append(((where, order), Bead(src, tgt, bead.confidence)))
    for pin in pins:
        placed.append(((float(pin.src[0]), -1), pin))
    placed.sort(key=lambda item: item[0])
    return [bead for _, bead in placed]
