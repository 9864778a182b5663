"""Re-aligning without losing work: merge a fresh alignment into an existing store, the
way ``msgmerge`` merges a new template into a translation.

Old units are matched to the units the aligner produces now **by source text**, not by
position key (keys change when a paragraph is inserted or the article folder renamed):

1. **Exact source.** Old and new units with the same source are paired in the order they
   stand; where a source occurs more often in the old file than in the new one, units a
   human touched are paired first.
2. **Similar source** (only for human work): an old unit a person edited whose source
   changed a little (a word added, a sentence reworded, a sentence split) goes to the most
   similar remaining new unit (similarity >= :data:`FUZZY_THRESHOLD`, msgmerge's 0.6).

Then, for each new unit:

* matched exactly to human work (:attr:`~l10nflow.model.Unit.human_edited`: an edited
  target, a changed state, a translator's note): the human version is **kept**, under the
  new key and references;
* matched by similarity to human work: the human target is **carried as fuzzy**
  (needs review) and the old source is recorded as the previous source (PO ``#|``), so the
  translator sees what changed;
* matched to machine output: the new machine unit replaces it (**updated** when target or
  state changed, else **unchanged**; an unchanged unit is written back exactly as it was);
* unmatched: **added**.

Old units that match nothing (their source text is gone) are kept as **obsolete** (PO
``#~``; XLIFF group ``l10nflow-obsolete``), never dropped; the report counts the human
ones so the command can warn about them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace
from difflib import SequenceMatcher

from ..model import Previous, State, Unit
from .base import Store, po_context

__all__ = ["FUZZY_THRESHOLD", "MergeReport", "merge_stores"]

# Header fields a translator's tool maintains; a rerun keeps the translator's values.
_KEPT_HEADER = ("Last-Translator", "Language-Team", "PO-Revision-Date")
# How similar an old source must be to a new one for a human target to carry over
# (msgmerge's fuzzy threshold).
FUZZY_THRESHOLD = 0.6


@dataclass
class MergeReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    human_kept: int = 0
    human_fuzzy: int = 0
    obsoleted: int = 0
    obsoleted_human: int = 0

    def __iadd__(self, other: MergeReport) -> MergeReport:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))
        return self

    def __bool__(self) -> bool:
        return any(getattr(self, item.name) for item in fields(self))

    def __str__(self) -> str:
        return (f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
                f"human kept {self.human_kept}, human carried as fuzzy {self.human_fuzzy}, "
                f"obsoleted {self.obsoleted} (human {self.obsoleted_human})")


def _match_exact(old: list[Unit], new: list[Unit]) -> dict[int, Unit]:
    """new index -> old unit with the same source, occurrences paired in order."""
    old_by_source: dict[str, list[Unit]] = defaultdict(list)
    for unit in old:
        old_by_source[unit.source].append(unit)
    new_by_source: dict[str, list[int]] = defaultdict(list)
    for index, unit in enumerate(new):
        new_by_source[unit.source].append(index)
    pairs: dict[int, Unit] = {}
    for source, indices in new_by_source.items():
        candidates = old_by_source.get(source, [])
        if len(candidates) > len(indices):
            # more old occurrences than new ones: human work first, then file order
            chosen = sorted(candidates, key=lambda u: not u.human_edited)[:len(indices)]
            candidates = [u for u in candidates if any(u is c for c in chosen)]
        for index, unit in zip(indices, candidates, strict=False):
            pairs[index] = unit
    return pairs


def _match_fuzzy(old: list[Unit], new: list[Unit], taken: set[int]) -> dict[int, Unit]:
    """new index -> old human unit with a similar source, best pairs first."""
    scored: list[tuple[float, int, int]] = []
    for old_index, unit in enumerate(old):
        for new_index, candidate in enumerate(new):
            if new_index in taken:
                continue
            matcher = SequenceMatcher(None, unit.source, candidate.source, autojunk=False)
            if matcher.real_quick_ratio() < FUZZY_THRESHOLD or \
                    matcher.quick_ratio() < FUZZY_THRESHOLD:
                continue
            ratio = matcher.ratio()
            if ratio >= FUZZY_THRESHOLD:
                scored.append((ratio, -old_index, new_index))
    pairs: dict[int, Unit] = {}
    used_old: set[int] = set()
    for _, negative_old, new_index in sorted(scored, reverse=True):
        if new_index in pairs or -negative_old in used_old:
            continue
        pairs[new_index] = old[-negative_old]
        used_old.add(-negative_old)
    return pairs


def merge_stores(old: Store, new: Store) -> tuple[Store, MergeReport]:
    """Merge the machine store *new* into the existing store *old*."""
    report = MergeReport()
    live = [u for u in old.units if not u.obsolete and not u.target_only]
    candidates = [u for u in new.units if not u.target_only]
    exact = _match_exact(live, candidates)
    matched = {id(u) for u in exact.values()}
    humans_left = [u for u in live if id(u) not in matched and u.human_edited]
    fuzzy = _match_fuzzy(humans_left, candidates, set(exact))
    matched |= {id(u) for u in fuzzy.values()}

    merged: list[Unit] = []
    position = 0
    for unit in new.units:
        if unit.target_only:
            merged.append(unit)
            continue
        index, position = position, position + 1
        if index in exact:
            merged.append(_exact(exact[index], unit, report))
        elif index in fuzzy:
            merged.append(_carried_as_fuzzy(fuzzy[index], unit))
            report.human_fuzzy += 1
        else:
            merged.append(unit)
            report.added += 1

    keys = {u.key for u in merged}
    for unit in old.units:
        if unit.target_only or id(unit) in matched:
            continue
        if not unit.obsolete:
            report.obsoleted += 1
            report.obsoleted_human += unit.human_edited
        gone = replace(unit, obsolete=True, line=None)
        if gone.key in keys:          # a new unit took the key; keep both distinct
            gone.key = f"{gone.key}~obsolete"
        keys.add(gone.key)
        merged.append(gone)
    # The file's header stays as it was (other tools' fields, comments, order); only the
    # fields the aligner owns take the new values, and translators' fields stay theirs.
    human = report.human_kept or report.human_fuzzy
    metadata = dict(old.metadata)
    for key, value in new.metadata.items():
        if not (human and key in _KEPT_HEADER and key in old.metadata):
            metadata[key] = value
    extra = {k: v for k, v in old.extra.items() if k.startswith("po.")}
    return replace(new, units=merged, metadata=metadata, extra=extra), report


def _exact(match: Unit, unit: Unit, report: MergeReport) -> Unit:
    """The merged unit for a new *unit* whose source an old unit has too."""
    if match.human_edited:
        report.human_kept += 1
        # What the aligner says of the sentences (bead type, confidence, moved or
        # furniture) is its own and comes from this run, as msgmerge refreshes `#.`
        # comments; the target, state, notes and fingerprint stay the translator's.
        kept = replace(match, key=unit.key, references=unit.references, article=unit.article,
                       bead=unit.bead, confidence=unit.confidence, kind=unit.kind,
                       context=unit.context if match.context == match.key else match.context)
        if replace(kept, confidence=_stored(kept.confidence)) == match:
            return match                  # nothing changed: keep it as it was written
        return replace(kept, line=None)
    if (match.target, match.state) == (unit.target, unit.state):
        report.unchanged += 1
    else:
        report.updated += 1
    fresh = replace(unit, comments=match.comments or unit.comments)
    if replace(fresh, line=match.line, context=match.context,
               confidence=_stored(fresh.confidence)) == match \
            and po_context(fresh) == po_context(match):
        return match                  # the very same unit: keep it as it was written
    return fresh


def _stored(confidence: float | None) -> float | None:
    """A confidence as stores keep it (3 decimals), for comparing with one read back."""
    return None if confidence is None else round(confidence, 3)


def _carried_as_fuzzy(match: Unit, unit: Unit) -> Unit:
    """A human target moved onto a new unit whose source differs a little: needs review,
    with the old source as the previous one (msgmerge's fuzzy match)."""
    return replace(unit, target=match.target, target_plurals=list(match.target_plurals),
                   state=State.NEEDS_REVIEW, notes=list(match.notes),
                   comments=match.comments or unit.comments,
                   previous=Previous(match.source, None, match.source_plural))
