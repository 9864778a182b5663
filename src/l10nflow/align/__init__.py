"""Sentence alignment: pair up the sentences of a source text and its translation.

>>> from l10nflow.align import align_sentences
>>> beads = align_sentences(["Xin chào.", "Hôm nay là ngày 12/11."],
...                         ["Hello.", "Today is November 12."], "vi", "en")
>>> [b.kind for b in beads]
['1-1', '1-1']

Beads are monotone: 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3, each with a confidence
in [0, 1].  See :mod:`l10nflow.align.scoring` for the cost model and
:mod:`l10nflow.align.search` for the search.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from ..model import Bead
from ..parallel import map_largest_first
from .crossing import pair_moved_text
from .features import SentenceFeatures, sentence_features, words
from .learn import LearnedModel, lexical_tokens
from .scoring import AlignParams, LengthModel, PairScorer, Side
from .search import band_from_anchors, dp_align, find_anchors, posteriors

__all__ = ["AlignParams", "Aligner", "TranslationModel", "align_sentences"]

# Below this many source sentences a process pool costs more than it saves.
PARALLEL_MIN = 400


class TranslationModel(Protocol):
    """Word translations for the similarity term (a lexicon, a learned model or both)."""

    def translations(self, words: Sequence[str], direction: str) -> frozenset[str]:
        """Target-language words that *words* (a sentence's tokens) may translate to.

        *direction* is ``"forward"`` (source -> target) or ``"backward"``.
        """

    def vocabulary(self, side: str) -> frozenset[str]:
        """The tokens of *side* (``"source"``/``"target"``) the model knows about."""


@dataclass
class Aligner:
    """Aligns sentence lists of one language pair.

    ``model`` adds word translations to the similarity; without one the aligner uses
    length and dictionary-free anchors (numbers, names, punctuation) only.
    """

    source_lang: str = "vi"
    target_lang: str = "en"
    params: AlignParams = field(default_factory=AlignParams)
    model: TranslationModel | None = None

    def features(self, sentences: Sequence[str], lang: str) -> list[SentenceFeatures]:
        cognates = not ({_base(self.source_lang), _base(self.target_lang)} & _NO_COGNATES)
        return [sentence_features(s, lang, cognates) for s in sentences]

    learn: bool = True

    def align(self, source: Sequence[str], target: Sequence[str]) -> list[Bead]:
        """Align two sentence lists; returns beads covering every sentence once, in order."""
        return self.align_corpus([(source, target)])[0]

    def align_corpus(self, documents: Sequence[tuple[Sequence[str], Sequence[str]]],
                     jobs: int = 1, progress: Callable[[int], None] | None = None
                     ) -> list[list[Bead]]:
        """Align several document pairs, learning word translations from all of them
        (see :meth:`align_and_learn`)."""
        return self.align_and_learn(documents, jobs, progress)[0]

    def align_and_learn(self, documents: Sequence[tuple[Sequence[str], Sequence[str]]],
                        jobs: int = 1, progress: Callable[[int], None] | None = None,
                        learned: LearnedModel | None = None
                        ) -> tuple[list[list[Bead]], LearnedModel | None]:
        """Align several document pairs, learning word translations from all of them.

        A first pass uses the given model (or none); its confident pairs train a
        :class:`LearnedModel` over the whole corpus, and a second pass realigns every
        document with both, using the first pass's pairs to fit each document's length
        model.  ``jobs`` > 1 aligns documents in that many processes; the result is the
        same.  ``progress`` is called with 1 for each document aligned in each pass
        (:meth:`passes` says how many there are).

        Returns the beads and the learned model.  Given a *learned* model (saved from an
        earlier run), nothing is learned: each document is aligned exactly as it would
        be in a run over a corpus that learned that model.
        """
        if not self.learn:
            return self._pass(documents, self.model, None, jobs, progress), None
        first = self._pass(documents, self.model, [None] * len(documents), jobs, progress)
        if learned is None:
            learned = self._learn(documents, first, jobs)
        model = learned if self.model is None else CombinedModel((self.model, learned))
        return self._pass(documents, model, first, jobs, progress), learned

    def _learn(self, documents: Sequence[tuple[Sequence[str], Sequence[str]]],
               first: list[list[Bead]], jobs: int = 1) -> LearnedModel:
        """Word translations learned from the confident pairs of a first pass."""
        pairs = []
        for (source, target), beads in zip(documents, first, strict=True):
            for bead in beads:
                if bead.src and bead.tgt and bead.confidence >= 0.5:
                    pairs.append((" ".join(source[i] for i in bead.src),
                                  " ".join(target[j] for j in bead.tgt)))
        return LearnedModel.learn([(words(s, self.source_lang), words(t, self.target_lang))
                                   for s, t in pairs], self.source_lang, self.target_lang,
                                  jobs=jobs)

    @property
    def passes(self) -> int:
        """How many times :meth:`align_corpus` goes over the documents."""
        return 2 if self.learn else 1

    def _pass(self, documents: Sequence[tuple[Sequence[str], Sequence[str]]],
              model: TranslationModel | None, prior: list[list[Bead] | None] | None,
              jobs: int, progress: Callable[[int], None] | None = None) -> list[list[Bead]]:
        """One alignment pass over all documents, in parallel when it pays off."""
        prepared = _Prepared.of(model)
        tasks = [(s, t, None if prior is None else (prior[k] or [])) for k, (s, t)
                 in enumerate(documents)]
        if jobs > 1 and len(documents) > 1 and sum(len(s) for s, _ in documents) > PARALLEL_MIN:
            return _parallel(self, prepared, tasks, jobs, progress)
        return _collect((self._align_one(s, t, prepared, p) for s, t, p in tasks), progress)

    def align_around(self, source: Sequence[str], target: Sequence[str],
                     fixed: Sequence[Bead], learned: LearnedModel | None = None
                     ) -> list[Bead]:
        """Align one document with the *fixed* beads (pairs a person pinned) as anchors:
        their sentences are taken out, the rest is aligned, and they are put back.

        *learned* is the corpus's learned model (as :meth:`align_and_learn` returned
        it), so the rest comes out as in the corpus run.
        """
        if not self.learn or learned is None:
            return self._align_one(source, target, _Prepared.of(self.model), None, fixed)
        first = self._align_one(source, target, _Prepared.of(self.model), None)
        model = learned if self.model is None else CombinedModel((self.model, learned))
        return self._align_one(source, target, _Prepared.of(model), first, fixed)

    def _align_one(self, source: Sequence[str], target: Sequence[str],
                   model: _Prepared | None, prior: list[Bead] | None = None,
                   fixed: Sequence[Bead] = ()) -> list[Bead]:
        """Align one document.

        ``prior`` beads (from an earlier pass) fit the length model; ``[]`` means use
        the initial length model only (a quick pass); None means search twice, the
        second time with the length model fitted to the first result.
        """
        if not source or not target:
            return ([Bead((i,), ()) for i in range(len(source))]
                    + [Bead((), (j,)) for j in range(len(target))])
        src_f = self.features(source, self.source_lang)
        tgt_f = self.features(target, self.target_lang)
        src_t = tgt_t = None
        if model is not None:
            src_f = [_known(f, self.source_lang, model.source_vocabulary) for f in src_f]
            tgt_f = [_known(f, self.target_lang, model.target_vocabulary) for f in tgt_f]
            src_t = [model.model.translations(f.words, "forward") for f in src_f]
            tgt_t = [model.model.translations(f.words, "backward") for f in tgt_f]
        src, tgt = Side(src_f, src_t), Side(tgt_f, tgt_t)
        length = LengthModel.initial(src.lengths, tgt.lengths)
        scorer = PairScorer(src, tgt, self.params, length, lexical=model is not None)
        if prior is None:
            raw, _, _ = self._search(scorer)
            fitted_on = [(i, j) for i, k, j, l, _ in raw if k == 1 and l == 1]
        else:
            fitted_on = [(b.src[0], b.tgt[0]) for b in prior if b.kind == "1-1"]
        if fitted_on:
            ratios = [math.log(tgt.lengths[j] / src.lengths[i]) for i, j in fitted_on]
            scorer.length = LengthModel.fit(ratios, length)
        if fixed:
            return self._around(scorer, fixed, self.params.crossing)
        beads = self._monotone(scorer)
        quick = prior is not None and not prior      # the first pass, for learning only
        if not self.params.crossing or quick:
            return beads
        return self._with_moves(scorer, beads)

    def _around(self, scorer: PairScorer, fixed: Sequence[Bead], crossing: bool
                ) -> list[Bead]:
        """Beads for everything but the *fixed* beads' sentences (aligned as a document of
        their own, with the crossing pass if *crossing*), with those put back."""
        taken_src = {i for b in fixed for i in b.src}
        taken_tgt = {j for b in fixed for j in b.tgt}
        keep_src = [i for i in range(scorer.src.n) if i not in taken_src]
        keep_tgt = [j for j in range(scorer.tgt.n) if j not in taken_tgt]
        if not keep_src or not keep_tgt:
            rest = [Bead((i,), ()) for i in keep_src] + [Bead((), (j,)) for j in keep_tgt]
            return _insert_by_source(rest, list(fixed))
        inner = PairScorer(scorer.src.subset(keep_src), scorer.tgt.subset(keep_tgt),
                           self.params, scorer.length, scorer.lexical)
        # The document's anchors, less the sentences taken out, anchor the rest too:
        # what is mutually best stays so with fewer sentences to compete (nearly always).
        inner_src = {i: k for k, i in enumerate(keep_src)}
        inner_tgt = {j: k for k, j in enumerate(keep_tgt)}
        anchors = [(inner_src[i], inner_tgt[j], sim)
                   for i, j, sim in find_anchors(scorer, _window(scorer.src.n, scorer.tgt.n))
                   if i in inner_src and j in inner_tgt]
        beads = self._monotone(inner, anchors)
        if crossing:
            beads = self._with_moves(inner, beads)
        mapped = [Bead(tuple(keep_src[i] for i in b.src), tuple(keep_tgt[j] for j in b.tgt),
                       b.confidence, b.moved) for b in beads]
        return _insert_by_source(mapped, list(fixed))

    def _monotone(self, scorer: PairScorer, anchors: list | None = None) -> list[Bead]:
        """The cheapest monotone beads, with their posterior confidence."""
        raw, band, steps = self._search(scorer, anchors)
        probs = posteriors(band, steps, raw, self.params.temperature)
        return [Bead(tuple(range(i, i + k)), tuple(range(j, j + l)), round(p, 4))
                for (i, k, j, l, _), p in zip(raw, probs, strict=True)]

    def _with_moves(self, scorer: PairScorer, beads: list[Bead]) -> list[Bead]:
        """*beads* plus the pairs of text moved across the monotone order.

        Once moved pairs are found, the rest of the document is aligned again without
        their sentences: a moved block glued onto its new neighbours distorted the pairs
        around it, and those come out right once it is gone.
        """
        params = self.params
        paired = pair_moved_text(beads, scorer, params.move_penalty,
                                 params.move_min_confidence, params.temperature,
                                 params.move_doubtful)
        moved = [b for b in paired if b.moved]
        if not moved:
            return paired
        moved_src = {i for b in moved for i in b.src}
        moved_tgt = {j for b in moved for j in b.tgt}
        if moved_src <= {b.src[0] for b in beads if not b.tgt} and \
                moved_tgt <= {b.tgt[0] for b in beads if not b.src}:
            # Only unmatched text moved: leaving it out of the monotone search would not
            # change the cheapest path (its skips cost the same anywhere).
            return _moves_only_where_crossing(paired)
        if len(moved_src) == scorer.src.n or len(moved_tgt) == scorer.tgt.n:
            return _moves_only_where_crossing(paired)
        return _moves_only_where_crossing(self._around(scorer, moved, crossing=False))

    def _search(self, scorer: PairScorer, anchors: list | None = None):
        n, m = scorer.src.n, scorer.tgt.n
        if anchors is None:
            anchors = find_anchors(scorer, _window(n, m))
        width = self.params.band
        while True:
            band = band_from_anchors(n, m, anchors, width)
            raw, touched, steps = dp_align(scorer, band)
            if not touched or width >= max(n, m):
                return raw, band, steps
            width *= 2


def _window(n: int, m: int) -> int:
    """How far from the diagonal the anchor search looks, for n x m sentences."""
    return max(20, 2 * abs(n - m) + min(int(0.1 * max(n, m)), 60))


def _moves_only_where_crossing(beads: list[Bead]) -> list[Bead]:
    """*beads* with the ``moved`` mark taken off pairs that stand in order between the
    pairs around them: the crossing pass may find a pair that the monotone search had
    glued onto a neighbour, and once the rest is realigned it crosses nothing -- telling
    a translator that its English stands elsewhere would be wrong."""
    order = [b for b in beads if b.src and b.tgt and not b.moved]
    firsts = [b.src[0] for b in order]
    out = []
    for bead in beads:
        if bead.moved:
            at = bisect.bisect_left(firsts, bead.src[0])
            before = order[at - 1].tgt[-1] if at else -1
            after = order[at].tgt[0] if at < len(order) else math.inf
            if before < bead.tgt[0] and bead.tgt[-1] < after:
                bead = replace(bead, moved=False)
        out.append(bead)
    return out


def _insert_by_source(beads: list[Bead], moved: list[Bead]) -> list[Bead]:
    """*moved* pairs placed among monotone *beads* by their first source sentence."""
    out: list[Bead] = []
    pending = sorted(moved, key=lambda b: b.src[0])
    for bead in beads:
        while pending and bead.src and pending[0].src[0] < bead.src[0]:
            out.append(pending.pop(0))
        out.append(bead)
    return out + pending


# Languages that share no cognates with Latin-script European languages.
_NO_COGNATES = {"vi", "zh", "ja", "ko", "th"}


def _base(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


@dataclass(frozen=True)
class _Prepared:
    """A translation model with its vocabularies computed once per pass."""

    model: TranslationModel
    source_vocabulary: frozenset[str]
    target_vocabulary: frozenset[str]

    @classmethod
    def of(cls, model: TranslationModel | None) -> _Prepared | None:
        if model is None:
            return None
        return cls(model, model.vocabulary("source"), model.vocabulary("target"))


def _align_task(shared: tuple[Aligner, _Prepared | None], task) -> list[Bead]:
    aligner, prepared = shared
    source, target, prior = task
    return aligner._align_one(source, target, prepared, prior)


def _parallel(aligner: Aligner, prepared: _Prepared | None, tasks: list, jobs: int,
              progress: Callable[[int], None] | None = None) -> list[list[Bead]]:
    """Align *tasks* in up to *jobs* processes that share the model (see
    :mod:`l10nflow.parallel`), in order."""
    return map_largest_first(_align_task, tasks, jobs, size=_task_size,
                             shared=(aligner, prepared),
                             done=(lambda: progress(1)) if progress else None)


def _task_size(task: tuple[Sequence[str], Sequence[str], Any]) -> int:
    """The work in aligning a document grows with its sentences on both sides."""
    return len(task[0]) + len(task[1])


def _collect(results: Iterable[list[Bead]], progress: Callable[[int], None] | None
             ) -> list[list[Bead]]:
    """Gather per-document results in order, reporting each to *progress*."""
    out = []
    for beads in results:
        out.append(beads)
        if progress:
            progress(1)
    return out


def _known(f: SentenceFeatures, lang: str, vocabulary: frozenset[str]) -> SentenceFeatures:
    """Features whose lexical tokens are only those the translation model knows."""
    return replace(f, tokens=tuple(t for t in lexical_tokens(f.words, lang) if t in vocabulary))


@dataclass
class CombinedModel:
    """Union of several translation models (a lexicon and a learned table)."""

    models: tuple[TranslationModel, ...]

    def translations(self, words: Sequence[str], direction: str) -> frozenset[str]:
        return frozenset().union(*(m.translations(words, direction) for m in self.models))

    def vocabulary(self, side: str) -> frozenset[str]:
        return frozenset().union(*(m.vocabulary(side) for m in self.models))


def align_sentences(source: Sequence[str], target: Sequence[str], source_lang: str = "vi",
                    target_lang: str = "en", model: TranslationModel | None = None
                    ) -> list[Bead]:
    """Align two lists of sentences with default settings."""
    return Aligner(source_lang, target_lang, model=model).align(source, target)
