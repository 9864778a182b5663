"""The data model that flows through the pipeline.

documents -> sentences -> aligned beads -> stored units -> findings -> exports.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PINNED", "Bead", "Document", "InlineCode", "Previous", "Sentence", "State", "Unit",
           "fingerprint"]

# The flag of a pair a person linked or confirmed (``l10nflow review``): a re-align keeps
# it as a fixed anchor and merges keep it as human work.
PINNED = "l10nflow-pinned"


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
    # Paired across the monotone order: the target text stands elsewhere in its document
    # (a paragraph the editor moved; see l10nflow.align.crossing).
    moved: bool = False

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


@dataclass(frozen=True)
class Previous:
    """What a unit's source was before it changed (PO ``#|``): kept on a unit whose
    translation was carried over as fuzzy, so the translator sees what changed."""

    source: str | None = None
    context: str | None = None
    source_plural: str | None = None


@dataclass(frozen=True)
class InlineCode:
    """An inline code of a segment (XLIFF ``<x/>``, ``<g>``, ``<bpt>``, ``<ph>``, ``<pc>``,
    ``<sc>``, ``<mrk>``..., TMX ``<bpt>``, ``<ph>``...): formatting or native code that is
    not text to translate.

    In a unit's text it stands as a placeholder token (see :mod:`l10nflow.formats.inline`):
    ``⟦g1⟧bold⟦/g1⟧``, ``⟦x2⟧``.  ``xml`` is the element exactly as read, without its
    content for paired codes (their content is text) and without its tail; ``family``
    says which format it came from (``xliff1``, ``xliff2`` or ``tmx``), so a writer of
    the same family puts it back unchanged and another maps it by ``role``.
    """

    role: str          # "open", "close" or "standalone"
    family: str
    xml: str


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
    # What the aligner knows the text is: newsroom furniture ("byline", "dateline",
    # "caption", "teaser", "separator"; see l10nflow.furniture) or "moved" (a pair whose
    # target stands elsewhere in the article).  None for ordinary story text.
    kind: str | None = None
    # What other tools' files carry, kept so that a conversion loses nothing:
    context: str | None = None              # PO msgctxt exactly as written (None: none)
    source_plural: str | None = None        # PO msgid_plural: the unit has plural forms
    target_plurals: list[str] = field(default_factory=list)   # msgstr[1], msgstr[2], ...
    previous: Previous | None = None        # PO #| fields
    codes: dict[str, InlineCode] = field(default_factory=dict)  # placeholder -> code
    translatable: bool = True               # XLIFF translate="no": leave as it is
    file: str | None = None                 # the XLIFF <file> the unit belongs to
    other_targets: dict[str, str] = field(default_factory=dict)  # TMX: language -> text
    extra: dict[str, str] = field(default_factory=dict)  # format details, e.g. XLIFF state
    # How the unit was written in the file it came from, so that a writer of the same
    # format can keep an unchanged unit byte for byte (opaque; never compared).
    origin: object = field(default=None, compare=False, repr=False)

    @property
    def target_only(self) -> bool:
        """Text only the target has (a 0-1 bead: a byline, a "RELATED NEWS" block)."""
        return not self.source and bool(self.target) and self.bead == "0-1"

    @property
    def pinned(self) -> bool:
        """Whether a person fixed this pair (the :data:`PINNED` flag)."""
        return PINNED in self.flags

    @property
    def is_plural(self) -> bool:
        return self.source_plural is not None

    @property
    def targets(self) -> list[str]:
        """Every target form: ``[target]``, or all plural forms."""
        return [self.target, *self.target_plurals]

    def machine_fingerprint(self) -> str:
        """Fingerprint of this unit's current target and state."""
        return fingerprint(self.target, self.state)

    @property
    def human_edited(self) -> bool:
        """Whether a person has touched this unit since the aligner wrote it.

        The aligner stores :attr:`fingerprint`, a hash of the target and state it
        wrote.  A different target (an edited ``msgstr``), a different state (a removed
        ``fuzzy`` flag, an XLIFF state set to ``signed-off``), a translator's note or
        the :data:`PINNED` flag means a human decision that a rerun must keep.  A unit
        with no fingerprint came from elsewhere and counts as human work.
        """
        if self.target_only:
            return False
        if self.pinned:
            return True
        if self.fingerprint is None:
            return bool(self.target) or bool(self.notes)
        return self.fingerprint != self.machine_fingerprint() or bool(self.notes)


def fingerprint(target: str, state: State) -> str:
    """Short hash of a machine-made target and state, stored to recognise human edits."""
    data = f"{state.value}\n{target}".encode()
    return hashlib.sha1(data).hexdigest()[:12]
