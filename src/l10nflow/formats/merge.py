"""Re-aligning without losing work: merge a fresh alignment into an existing store.

For each unit the aligner produces now:

* the old unit with the same key and source, or else an old unit a human edited with the
  same source (the sentence moved), is its match;
* a match a human edited (:attr:`~l10nflow.model.Unit.human_edited`: target, state or a
  translator's note differs from what the aligner wrote) is **kept** as the human left
  it, under the new key and references;
* otherwise the new machine unit replaces it (**updated** if target or state changed,
  unchanged if not), keeping comments other tools added;
* a unit with no match is **added**.

Old units that match nothing (their source text is gone) are kept as **obsolete** (PO
``#~``; XLIFF group ``l10nflow-obsolete``), never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from ..model import Unit
from .base import Store, po_context

__all__ = ["MergeReport", "merge_stores"]

# Header fields a translator's tool maintains; a rerun keeps the translator's values.
_KEPT_HEADER = ("Last-Translator", "Language-Team", "PO-Revision-Date")


@dataclass
class MergeReport:
    added: int = 0
    updated: int = 0
    kept: int = 0
    obsoleted: int = 0
    unchanged: int = 0

    def __iadd__(self, other: MergeReport) -> MergeReport:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def __str__(self) -> str:
        return (f"added {self.added}, updated {self.updated}, kept {self.kept} "
                f"(human edits), obsoleted {self.obsoleted}, unchanged {self.unchanged}")


def merge_stores(old: Store, new: Store) -> tuple[Store, MergeReport]:
    """Merge the machine store *new* into the existing store *old*."""
    report = MergeReport()
    live = [u for u in old.units if not u.obsolete and not u.target_only]
    by_key = {u.key: u for u in live}
    by_source: dict[str, list[Unit]] = defaultdict(list)
    for unit in live:
        if unit.human_edited:
            by_source[unit.source].append(unit)
    used: set[int] = set()
    merged: list[Unit] = []
    for unit in new.units:
        if unit.target_only:
            merged.append(unit)
            continue
        match = by_key.get(unit.key)
        if match is None or match.source != unit.source or id(match) in used:
            match = next((u for u in by_source.get(unit.source, ()) if id(u) not in used),
                         None)
        if match is None:
            report.added += 1
            merged.append(unit)
            continue
        used.add(id(match))
        if match.human_edited:
            report.kept += 1
            merged.append(replace(match, key=unit.key, references=unit.references,
                                  article=unit.article, line=None))
        else:
            if (match.target, match.state) == (unit.target, unit.state):
                report.unchanged += 1
            else:
                report.updated += 1
            fresh = replace(unit, comments=match.comments or unit.comments)
            # (stores keep confidence to 3 decimals, so compare it as stored)
            stored = None if fresh.confidence is None else round(fresh.confidence, 3)
            if replace(fresh, line=match.line, context=match.context,
                       confidence=stored) == match and po_context(fresh) == po_context(match):
                fresh = match             # the very same unit: keep it as it was written
            merged.append(fresh)
    keys = {u.key for u in merged}
    for unit in old.units:
        if unit.target_only or id(unit) in used:
            continue
        if not unit.obsolete:
            report.obsoleted += 1
        gone = replace(unit, obsolete=True, line=None)
        if gone.key in keys:          # a new unit took the key; keep both distinct
            gone.key = f"{gone.key}~obsolete"
        keys.add(gone.key)
        merged.append(gone)
    # The file's header stays as it was (other tools' fields, comments, order); only the
    # fields the aligner owns take the new values, and translators' fields stay theirs.
    metadata = dict(old.metadata)
    for key, value in new.metadata.items():
        if not (report.kept and key in _KEPT_HEADER and key in old.metadata):
            metadata[key] = value
    extra = {k: v for k, v in old.extra.items() if k.startswith("po.")}
    return replace(new, units=merged, metadata=metadata, extra=extra), report
