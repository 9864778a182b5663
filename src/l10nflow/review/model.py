"""What the review pages show: an article's pairs in reading order, and per-article counts.

Views are built from stores read through the formats layer (the same unit model as every
other command) and are plain data, so the JSON API, the HTML pages and the static export
all show the same thing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from ..checks import Finding
from ..formats import Store, format_for_path
from ..model import State, Unit
from ..segment import Segmenter

__all__ = ["ArticleSummary", "ArticleView", "Row", "build_article", "file_version",
           "is_moved", "needs_review", "read_versioned", "summarise"]

# A note saying a pair's English stands elsewhere in the article (crossing pairs).  The
# aligner's wording may vary, so any note naming the move counts.
_MOVED = re.compile(r"\bmoved\b|stands? elsewhere", re.I)
_POSITION = re.compile(r":(?P<en>en)?(?P<para>\d+)\.(?P<sent>\d+)(?:~.*)?$")
HISTOGRAM_BINS = 10


def file_version(data: bytes) -> str:
    """The version of a store file a page was built from: a hash of its bytes, so any
    change on disk (another tab, a re-align, an editor) is seen, whatever the clock."""
    return hashlib.sha256(data).hexdigest()[:16]


def read_versioned(path: Path) -> tuple[Store, str]:
    """The store at *path* and the version of the bytes it was read from."""
    data = path.read_bytes()
    return format_for_path(path).loads(data, path), file_version(data)


def is_moved(unit: Unit) -> bool:
    """Whether the aligner paired it across the article (a moved paragraph) or a note of
    the unit says its English stands elsewhere in the article."""
    return unit.kind == "moved" or any(_MOVED.search(text)
                                       for text in (*unit.notes, *unit.comments))


def decided(unit: Unit) -> bool:
    """A person accepted, edited or linked this pair."""
    return unit.pinned or unit.state.is_human or unit.human_edited


def needs_review(unit: Unit, threshold: float) -> bool:
    """A pair (source and target) the aligner was unsure of and no person has decided."""
    if not (unit.source and unit.target) or decided(unit):
        return False
    low = unit.confidence is not None and unit.confidence < threshold
    return unit.state is State.NEEDS_REVIEW or low


@dataclass
class Row:
    """One row of the article page: a pair, or a sentence only one side has."""

    index: int
    key: str
    kind: str                       # pair, source-only, target-only
    source: str
    target: str
    bead: str
    state: str
    confidence: float | None
    needs_review: bool
    decided: bool
    pinned: bool
    moved: bool
    paragraph: int | None           # source paragraph (target paragraph for target-only)
    new_paragraph: bool
    notes: list[str]
    findings: list[dict] = field(default_factory=list)
    furniture: str | None = None    # byline, caption, teaser ... (see l10nflow.furniture)
    source_sentences: list[str] = field(default_factory=list)
    target_sentences: list[str] = field(default_factory=list)

    colour: str = "none"            # confidence band: high, medium, low (see band())


@dataclass
class ArticleSummary:
    """One line of the index."""

    id: str
    file: str
    title: str
    pairs: int = 0
    source_only: int = 0
    target_only: int = 0
    needs_review: int = 0
    moved: int = 0              # pairs whose English stands elsewhere in the article
    decided: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)

    @property
    def reviewed_share(self) -> float:
        return self.decided / self.pairs if self.pairs else 1.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["reviewed_share"] = round(self.reviewed_share, 3)
        return data


@dataclass
class ArticleView:
    id: str
    file: str
    title: str
    version: str
    source_lang: str
    target_lang: str
    rows: list[Row]
    summary: ArticleSummary

    def as_dict(self) -> dict:
        data = asdict(self)
        data["summary"] = self.summary.as_dict()
        return data


def band(confidence: float | None, threshold: float) -> str:
    """Colour band of a confidence: low below the review threshold, high in the top half
    of the range above it, medium between."""
    if confidence is None:
        return "none"
    if confidence < threshold:
        return "low"
    return "high" if confidence >= threshold + (1 - threshold) / 2 else "medium"


def _position(key: str) -> tuple[bool, int] | None:
    match = _POSITION.search(key)
    return (bool(match["en"]), int(match["para"])) if match else None


@lru_cache(maxsize=8)
def _segmenter(lang: str) -> Segmenter:
    return Segmenter(lang)


def _count(bead: str | None, side: int) -> int:
    try:
        return int((bead or "").split("-")[side])
    except (ValueError, IndexError):
        return 0


# Where a joined pair's texts were run together (character offsets of the joining
# spaces), kept in the unit so it can be split there again: a headline or a byline has
# no full stop for the segmenter to find.
BREAKS = {"source": "review.source-breaks", "target": "review.target-breaks"}


def sentences(text: str, lang: str, breaks: str | None = None) -> list[str]:
    """*text* split into sentences (a multi-sentence pair's parts, for splitting): where
    the segmenter splits it, and at the remembered *breaks* of a join."""
    if not text:
        return []
    cuts: set[int] = set()
    position = 0
    for piece in _segmenter(lang).split(text):
        found = text.find(piece, position)
        if found < 0:
            return _segmenter(lang).split(text)
        position = found + len(piece)
        cuts.add(position)
    for item in (breaks or "").split():
        if item.isdigit() and 0 < int(item) < len(text) and text[int(item)].isspace():
            cuts.add(int(item))
    parts, start = [], 0
    for cut in sorted(cuts | {len(text)}):
        piece = text[start:cut].strip()
        if piece:
            parts.append(piece)
        start = cut
    return parts


def unit_sentences(unit: Unit, side: str, lang: str) -> list[str]:
    """The sentences of one side (``source``/``target``) of a unit."""
    return sentences(getattr(unit, side), lang, unit.extra.get(BREAKS[side]))


def remember_breaks(unit: Unit, side: str, parts: list[str]) -> None:
    """Record where *parts*, joined by spaces into the unit's *side*, meet."""
    offsets, position = [], 0
    for part in parts[:-1]:
        position += len(part)
        offsets.append(str(position))
        position += 1
    if offsets:
        unit.extra[BREAKS[side]] = " ".join(offsets)
    else:
        unit.extra.pop(BREAKS[side], None)


def live_units(store: Store) -> list[Unit]:
    """The units a reviewer sees, in file order (obsolete ones are kept but not shown)."""
    return [u for u in store.units if not u.obsolete]


def title_of(store: Store, path: Path) -> str:
    return store.metadata.get("X-L10nflow-Title") or store.article or path.stem


def summarise(article_id: str, file: str, store: Store, path: Path,
              findings: list[Finding], threshold: float) -> ArticleSummary:
    """The index line of one store."""
    summary = ArticleSummary(article_id, file, title_of(store, path))
    for unit in live_units(store):
        if unit.target_only:
            summary.target_only += 1
        elif not unit.target:
            summary.source_only += 1
        elif unit.source:
            summary.pairs += 1
            summary.needs_review += needs_review(unit, threshold)
            summary.moved += is_moved(unit)
            summary.decided += decided(unit)
            if unit.confidence is not None:
                bin_ = min(int(unit.confidence * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)
                summary.histogram[bin_] += 1
    for finding in findings:
        severity = str(finding.severity)
        summary.findings[severity] = summary.findings.get(severity, 0) + 1
    return summary


def build_article(article_id: str, file: str, store: Store, version: str, path: Path,
                  findings: list[Finding], threshold: float) -> ArticleView:
    """The article page's data: every live unit as a row, in reading order."""
    by_unit: dict[str, list[dict]] = {}
    for finding in findings:
        by_unit.setdefault(finding.unit, []).append({
            "check": finding.check, "severity": str(finding.severity),
            "message": finding.message, "suggestion": finding.suggestion})
    rows: list[Row] = []
    last: dict[bool, int | None] = {False: None, True: None}
    for index, unit in enumerate(live_units(store)):
        kind = "target-only" if unit.target_only else "pair" if unit.target else \
            "source-only"
        position = _position(unit.key)
        paragraph = None
        new_paragraph = False
        if position is not None:
            on_target, paragraph = position
            new_paragraph = last[on_target] is not None and paragraph != last[on_target]
            last[on_target] = paragraph
        row = Row(index=index, key=unit.key, kind=kind, source=unit.source,
                  target=unit.target, bead=unit.bead or "", state=unit.state.value,
                  confidence=unit.confidence, needs_review=needs_review(unit, threshold),
                  decided=decided(unit) and kind != "target-only", pinned=unit.pinned,
                  moved=is_moved(unit), paragraph=paragraph, new_paragraph=new_paragraph,
                  notes=[*unit.notes, *unit.comments], findings=by_unit.get(unit.key, []),
                  colour=band(unit.confidence, threshold),
                  furniture=unit.kind if unit.kind != "moved" else None)
        if kind == "pair" and (_count(unit.bead, 0) != 1 or _count(unit.bead, 1) != 1):
            row.source_sentences = unit_sentences(unit, "source", store.source_lang)
            row.target_sentences = unit_sentences(unit, "target", store.target_lang)
        rows.append(row)
    return ArticleView(article_id, file, title_of(store, path), version, store.source_lang,
                       store.target_lang, rows,
                       summarise(article_id, file, store, path, findings, threshold))
