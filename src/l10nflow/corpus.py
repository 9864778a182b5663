"""Article corpora: folders of source/target text pairs, and their alignment into units.

A corpus folder holds one subfolder per article::

    corpus/2024-11-12-north-korea-ratifies-defense-treaty/
        vi.txt      source, one paragraph per block, blocks separated by blank lines
        en.txt      the published translation, same layout
        meta.toml   optional: title, url, date, author, section
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from .align import Aligner
from .align.learn import LearnedModel
from .align.pinned import pin_beads, pins_of
from .choices import MERGEABLE
from .errors import InputError
from .formats import Store, get_format
from .formats.merge import MergeReport, merge_stores
from .fsutil import atomic_write_bytes, read_text
from .furniture import furniture_kind, label_teasers
from .incremental import digest
from .model import Bead, Document, State, Unit, fingerprint
from .segment import segment_document

__all__ = ["AlignedArticle", "Article", "align_articles", "align_articles_with_model",
           "article_inputs", "discover", "read_meta_beside", "render", "save"]


@dataclass
class Article:
    """One article pair on disk."""

    id: str
    source_path: Path
    target_path: Path
    meta: dict = field(default_factory=dict)

    def load(self, source_lang: str, target_lang: str, presegmented: bool = False
             ) -> tuple[Document, Document]:
        """Read and segment both sides."""
        source = segment_document(read_text(self.source_path), source_lang, presegmented,
                                  self.source_path)
        target = segment_document(read_text(self.target_path), target_lang, presegmented,
                                  self.target_path)
        return source, target


def _read_meta(path: Path) -> dict:
    try:
        meta = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = str(exc).split(" (at line")[0]
        raise InputError(f"invalid TOML: {message}", path, int(found[1]) if found else None,
                         hint='write fields as `key = "value"`, dates as 2024-11-12') from None
    except InputError as exc:
        if exc.message == "file is empty":
            return {}
        raise
    if "date" in meta:
        meta["date"] = _meta_date(meta["date"], path)
    return meta


def _meta_date(value: object, path: Path) -> date | datetime:
    """A meta.toml ``date``: a TOML date or date-time, or a string in ISO form."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return (datetime.fromisoformat(value) if "T" in value or " " in value.strip()
                    else date.fromisoformat(value))
        except ValueError:
            pass
    raise InputError(f"date is not a date: {value!r}", path,
                     hint="write it as 2024-11-12, or 2024-11-12T08:30:00+07:00")


def read_meta_beside(source: Path) -> dict:
    """The ``meta.toml`` in the folder of *source*, if there is one (else ``{}``)."""
    meta_path = source.parent / "meta.toml"
    return _read_meta(meta_path) if meta_path.is_file() else {}


def discover(folder: str | Path, source_lang: str = "vi", target_lang: str = "en"
             ) -> tuple[list[Article], list[str]]:
    """Find the articles of a corpus folder.

    Returns the articles, sorted by id, and notices about entries that were skipped
    (files at the top level, folders missing a language file).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("corpus folder not found", folder,
                         hint="give a folder with one subfolder per article")
    articles, notices = [], []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name == "README.md":
            continue
        if not entry.is_dir():
            notices.append(f"{entry}: skipped, not an article folder")
            continue
        source, target = entry / f"{source_lang}.txt", entry / f"{target_lang}.txt"
        missing = [p.name for p in (source, target) if not p.is_file()]
        if missing:
            notices.append(f"{entry}: skipped, no {' or '.join(missing)}")
            continue
        meta_path = entry / "meta.toml"
        meta = _read_meta(meta_path) if meta_path.is_file() else {}
        articles.append(Article(entry.name, source, target, meta))
    if not articles:
        raise InputError(
            f"no articles found (no subfolder holds both {source_lang}.txt and "
            f"{target_lang}.txt)", folder,
            hint="lay the corpus out as <folder>/<article-id>/{vi,en}.txt, or check "
                 "--source-lang/--target-lang")
    return articles, notices


@dataclass
class AlignedArticle:
    """An article's two documents and the beads that pair their sentences."""

    id: str
    source: Document
    target: Document
    beads: list[Bead]
    meta: dict = field(default_factory=dict)

    def units(self, threshold: float, base: Path | None = None) -> list[Unit]:
        """The aligned pairs as store units, in document order.

        ``threshold``: pairs with a lower confidence are marked for review.  ``base``:
        folder that ``#:`` references are relative to.
        """
        kinds = self.kinds()
        return [self._unit(bead, threshold, base, kinds) for bead in self.beads]

    def kinds(self) -> dict[tuple[str, int], str]:
        """Newsroom furniture among the sentences: ("source"|"target", index) -> kind.

        Sentences after a "RELATED NEWS" header are teasers while they stay unmatched.
        """
        out: dict[tuple[str, int], str] = {}
        for side, document in (("source", self.source), ("target", self.target)):
            paired = {i for b in self.beads if b.src and b.tgt
                      for i in (b.src if side == "source" else b.tgt)}
            kinds = label_teasers([furniture_kind(s.text) for s in document.sentences],
                                  [i not in paired for i in range(len(document.sentences))])
            out.update({(side, i): kind for i, kind in enumerate(kinds) if kind})
        return out

    def _unit(self, bead: Bead, threshold: float, base: Path | None,
              kinds: dict[tuple[str, int], str]) -> Unit:
        src = [self.source.sentences[i] for i in bead.src]
        tgt = [self.target.sentences[j] for j in bead.tgt]
        source_text = " ".join(s.text for s in src)
        target_text = " ".join(s.text for s in tgt)
        if src:
            key = self._key(self.source, bead.src[0], "")
            refs = _references(self.source.path, [s.line for s in src], base)
            if bead.moved:   # where the English stands: the target file's line too
                refs += _references(self.target.path, [s.line for s in tgt], base)
        else:
            key = self._key(self.target, bead.tgt[0], self.target.lang)
            refs = _references(self.target.path, [s.line for s in tgt], base)
        if not target_text:
            state = State.NEW
        elif bead.confidence < threshold:
            state = State.NEEDS_REVIEW
        else:
            state = State.TRANSLATED
        return Unit(key=key, source=source_text, target=target_text, state=state,
                    confidence=bead.confidence, bead=bead.kind, article=self.id,
                    kind=_unit_kind(bead, kinds),
                    references=refs,
                    fingerprint=fingerprint(target_text, state))

    def store(self, threshold: float, base: Path | None = None) -> Store:
        """The aligned pairs as a :class:`Store` ready for any format."""
        metadata = {"PO-Revision-Date": self.revision_date()}
        if self.meta.get("title"):
            metadata["X-L10nflow-Title"] = str(self.meta["title"])
        return Store(self.units(threshold, base), self.source.lang, self.target.lang, self.id,
                     metadata)

    def revision_date(self) -> str:
        """The article's date from meta.toml, else the source file's modification time.

        Never the current time: the same input must give byte-identical files.
        """
        date = self.meta.get("date")
        if isinstance(date, datetime):
            stamp = date if date.tzinfo else date.replace(tzinfo=UTC)
            return stamp.astimezone(UTC).strftime("%Y-%m-%d %H:%M+0000")
        if date is not None:
            return f"{date} 00:00+0000"
        mtime = self.source.path.stat().st_mtime if self.source.path else 0
        return datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%d %H:%M+0000")

    def _key(self, document: Document, index: int, prefix: str) -> str:
        """``<article>:<paragraph>.<sentence>``, 1-based, from the first sentence."""
        sentence = document.sentences[index]
        position = sum(1 for s in document.sentences[:index] if s.paragraph == sentence.paragraph)
        return f"{self.id}:{prefix}{sentence.paragraph + 1}.{position + 1}"


def _unit_kind(bead: Bead, kinds: dict[tuple[str, int], str]) -> str | None:
    """"moved" for a crossing pair; else the furniture kind shared by all the bead's
    sentences (a byline on both sides is a byline; a byline glued to a sentence is not)."""
    if bead.moved:
        return "moved"
    found = {kinds.get(("source", i)) for i in bead.src} | \
        {kinds.get(("target", j)) for j in bead.tgt}
    return found.pop() if len(found) == 1 else None


def _references(path: Path | None, lines: Sequence[int | None], base: Path | None) -> list[str]:
    if path is None:
        return []
    shown = path
    if base is not None:
        try:
            shown = path.resolve().relative_to(base.resolve())
        except ValueError:
            shown = path
    seen: list[str] = []
    for line in lines:
        ref = f"{shown.as_posix()}:{line}" if line else shown.as_posix()
        if ref not in seen:
            seen.append(ref)
    return seen


def render(item: AlignedArticle, fmt: str, threshold: float, base: Path | None = None
           ) -> bytes:
    """One aligned article in an ``align --format``, as bytes."""
    if fmt == "beads":
        return "".join(bead.vecalign() + "\n" for bead in item.beads).encode()
    return get_format(fmt).dumps(item.store(threshold, base))


def save(item: AlignedArticle, path: Path, fmt: str, threshold: float,
         base: Path | None = None, force: bool = False,
         realign: Callable[[list[str], list[str], list[Bead]], list[Bead]] | None = None
         ) -> MergeReport | None:
    """Write *item* to *path*, merging into an existing store unless *force*.

    Pairs a person pinned in the existing store (``l10nflow review``) are fixed anchors:
    with *realign* (an :meth:`~l10nflow.align.Aligner.align_around`), the rest of the
    article is aligned again around them; without, the pinned sentences are taken out of
    the other beads.  Returns the merge report when an existing file was merged.
    """
    if fmt in MERGEABLE and path.is_file() and not force:
        old = get_format(fmt).read(path)
        pins = pins_of(old.units, item.source.texts, item.target.texts, item.beads)
        if pins and realign is not None:   # the pins stand in the result already
            item.beads = realign(item.source.texts, item.target.texts, pins)
        else:
            item.beads = pin_beads(item.beads, pins)
        fresh = item.store(threshold, base)
        merged, report = merge_stores(old, fresh)
        get_format(fmt).write(merged, path)
        return report
    atomic_write_bytes(path, render(item, fmt, threshold, base))
    return None


def align_articles(articles: Sequence[Article], aligner: Aligner, presegmented: bool = False,
                   progress: Callable[[int], None] | None = None, jobs: int = 1,
                   failed: list[InputError] | None = None) -> list[AlignedArticle]:
    """Segment and align every article, learning word translations across all of them.

    ``jobs`` > 1 aligns articles in parallel processes (same result).  ``progress`` is
    called with 1 per article read and per article aligned in each pass: in all
    ``len(articles) * (1 + aligner.passes)`` times.  With a *failed* list, an article
    that cannot be read is added to it and left out, instead of stopping the run.
    """
    return align_articles_with_model(articles, aligner, presegmented, progress, jobs,
                                     failed)[0]


def align_articles_with_model(articles: Sequence[Article], aligner: Aligner,
                              presegmented: bool = False,
                              progress: Callable[[int], None] | None = None, jobs: int = 1,
                              failed: list[InputError] | None = None,
                              learned: LearnedModel | None = None
                              ) -> tuple[list[AlignedArticle], LearnedModel | None]:
    """:func:`align_articles`, also returning the learned model; with a *learned* model
    (saved by an earlier run, see :mod:`l10nflow.incremental`) nothing is learned."""
    loaded, kept = [], []
    for article in articles:
        try:
            loaded.append(article.load(aligner.source_lang, aligner.target_lang,
                                       presegmented))
            kept.append(article)
        except InputError as exc:
            if failed is None:
                raise
            failed.append(exc)
        if progress:
            progress(1)
    beads, learned = aligner.align_and_learn([(s.texts, t.texts) for s, t in loaded],
                                             jobs=jobs, progress=progress, learned=learned)
    return [AlignedArticle(a.id, s, t, b, a.meta)
            for a, (s, t), b in zip(kept, loaded, beads, strict=True)], learned


def article_inputs(article: Article) -> str:
    """A hash of everything an article's alignment is made from: its id and files."""
    parts: list[bytes | str] = [article.id]
    meta = article.source_path.parent / "meta.toml"
    for path in (article.source_path, article.target_path, meta):
        try:
            parts.append(path.read_bytes())
        except OSError:
            parts.append(b"")
    return digest(parts)
