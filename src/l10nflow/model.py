"""The data model that flows through the pipeline.

documents -> sentences -> aligned beads -> stored units -> findings -> exports.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Bead", "Document", "Sentence", "State", "Unit", "fingerprint"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document.

    ``paragraph`` counts from 0; ``line`` is the 1-based line of the file where the
    sentence starts (used for ``#:`` references and error messages).
    """

    text: str
    paragraph: int = 0
    line: int | None = None


@dataclass
class Document:
    """A text in one language, split into sentences."""

    lang: str
    sentences: list[Sentence]
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]


@dataclass(frozen=True)
class Bead:
    """A monotone alignment step: source sentence indices paired with target indices.

    ``Bead((3, 4), (5,), 0.92)`` pairs source sentences 3 and 4 with target sentence 5.
    One side may be empty (1-0: source with no target; 0-1: target-only text).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        """Bead type as ``"<source count>-<target count>"``, e.g. ``"2-1"``."""
        return f"{len(self.src)}-{len(self.tgt)}"

    def vecalign(self) -> str:
        """The bead in Vecalign notation: ``[3, 4]:[5]``."""
        return f"[{', '.join(map(str, self.src))}]:[{', '.join(map(str, self.tgt))}]"


class State(enum.Enum):
    """Where a unit is in its review life.

    Formats map these to their own vocabulary (PO ``fuzzy``, XLIFF ``state``); the
    mapping table is in the README.
    """

    NEW = "new"                     # no target yet
    NEEDS_REVIEW = "needs-review"   # machine-aligned with low confidence
    TRANSLATED = "translated"       # machine-aligned, confident; or a human-made target
    REVIEWED = "reviewed"           # a human checked it
    FINAL = "final"                 # signed off

    @property
    def is_human(self) -> bool:
        return self in (State.REVIEWED, State.FINAL)


@dataclass
class Unit:
    """A stored source/target pair: what PO entries, XLIFF units and TMX ``tu`` hold.

    ``source`` is empty for target-only text (a 0-1 bead) and ``target`` empty for
    source text with no translation (1-0).  ``fingerprint`` is the hash of the
    machine-made target and state, which tells a translator's edit from the aligner's
    output (see :attr:`human_edited`).
    """

    key: str
    source: str
    target: str = ""
    state: State = State.TRANSLATED
    confidence: float | None = None
    bead: str | None = None
    article: str | None = None
    references: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)        # translators' comments
    comments: list[str] = field(default_factory=list)     # other tools' comments, kept as is
    fingerprint: str | None = None
    obsolete: bool = False
    flags: list[str] = field(default_factory=list)
    line: int | None = None     # where the unit starts in the file it was read from

    @property
    def target_only(self) -> bool:
        return not self.source and bool(self.target)

    def machine_fingerprint(self) -> str:
        """Fingerprint of this unit's current target and state."""
        return fingerprint(self.target, self.state)

    @property
    def human_edited(self) -> bool:
        """Whether a person has touched this unit since the aligner wrote it.

        The aligner stores :attr:`fingerprint`, a hash of the target and state it
        wrote.  A different target (an edited ``msgstr``), a different state (a removed
        ``fuzzy`` flag, an XLIFF state set to ``signed-off``) or a translator's note
        means a human decision that a rerun must keep.  A unit with no fingerprint
        came from elsewhere and counts as human work.
        """
        if self.target_only:
            return False
        if self.fingerprint is None:
            return bool(self.target) or bool(self.notes)
        return self.fingerprint != self.machine_fingerprint() or bool(self.notes)


def fingerprint(target: str, state: State) -> str:
    """Short hash of a machine-made target and state, stored to recognise human edits."""
    data = f"{state.value}\n{target}".encode()
    return hashlib.sha1(data).hexdigest()[:12]
