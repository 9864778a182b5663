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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from ..model import Bead
from ..parallel import Session, worker_session
from .crossing import pair_moved_text
from .features import SentenceFeatures, sentence_features, words
from .learn import LearnedModel, lexical_tokens
from .scoring import AlignParams, LengthModel, PairScorer, Side
from .search import band_from_anchors, dp_align, find_anchors, posteriors, use_anchors

__all__ = ["AlignParams", "Aligner", "TranslationModel", "align_sentences"]


# Below this many source sentences a process pool costs more than it saves.
PARALLEL_MIN = 400

# Sentences a process keeps between passes, at most: about 3.5 KB each with their
# lexicon translations, so about 140 MB; beyond that the last pass computes them again.
MEMO_SENTENCES = 40_000


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
        parallel = (jobs > 1 and len(documents) > 1
                    and sum(len(s) for s, _ in documents) > PARALLEL_MIN)
        with worker_session(jobs if parallel else 1, (self, documents)) as session:
            if not self.learn:
                return [b for b, _ in self._pass(session, None, None, progress, last=True)], None
            # The confident pairs are collected as each document's first pass comes in,
            # while the others are still being aligned.
            pairs: dict[int, list[tuple[list[str], list[str]]]] = {}

            def collect(k: int, result: tuple[list[Bead], list | None]) -> None:
                pairs[k] = self._confident_pairs(documents[k], result[0])

            done = self._pass(session, None, [([], None)] * len(documents), progress,
                              each=collect if learned is None else None)
            if learned is None:
                learned = self._learned_from([p for k in sorted(pairs) for p in pairs[k]],
                                             session)
            second = self._pass(session, learned, done, progress, last=True)
        return [beads for beads, _ in second], learned

    def _learn(self, documents: Sequence[tuple[Sequence[str], Sequence[str]]],
               first: list[list[Bead]], session: Session | None = None) -> LearnedModel:
        """Word translations learned from the confident pairs of a first pass."""
        return self._learned_from([p for document, beads in zip(documents, first, strict=True)
                                   for p in self._confident_pairs(document, beads)], session)

    def _confident_pairs(self, document: tuple[Sequence[str], Sequence[str]],
                         beads: list[Bead]) -> list[tuple[list[str], list[str]]]:
        """The words of a document's pairs that a first pass is confident of."""
        source, target = document
        return [(words(" ".join(source[i] for i in b.src), self.source_lang),
                 words(" ".join(target[j] for j in b.tgt), self.target_lang))
                for b in beads if b.src and b.tgt and b.confidence >= 0.5]

    def _learned_from(self, pairs: list[tuple[list[str], list[str]]],
                      session: Session | None) -> LearnedModel:
        return LearnedModel.learn(pairs, self.source_lang, self.target_lang, session=session)

    @property
    def passes(self) -> int:
        """How many times :meth:`align_corpus` goes over the documents."""
        return 2 if self.learn else 1

    def _pass(self, session: Session, learned: LearnedModel | None,
              prior: list[tuple[list[Bead], list | None]] | None,
              progress: Callable[[int], None] | None = None, last: bool = False,
              each: Callable[[int, tuple[list[Bead], list | None]], None] | None = None
              ) -> list[tuple[list[Bead], list | None]]:
        """One alignment pass over all documents (the session's shared ones): each
        document's beads and its anchors (to give the next pass with the beads as
        *prior*).  Each worker keeps the sentences of its documents for the next pass."""
        documents = session.shared[1]
        tasks = [(k, None if prior is None else prior[k][0],
                  None if prior is None else prior[k][1], last)
                 for k in range(len(documents))]
        return session.map(_align_task, tasks, size=lambda task: sum(map(len, documents[task[0]])),
                           key=lambda task: task[0], setup=(_pass_context, learned),
                           done=(lambda: progress(1)) if progress else None, each=each)

    def align_around(self, source: Sequence[str], target: Sequence[str],
                     fixed: Sequence[Bead], learned: LearnedModel | None = None
                     ) -> list[Bead]:
        """Align one document with the *fixed* beads (pairs a person pinned) as anchors:
        their sentences are taken out, the rest is aligned, and they are put back.

        *learned* is the corpus's learned model (as :meth:`align_and_learn` returned
        it), so the rest comes out as in the corpus run.
        """
        sentences = self._sentences(source, target)
        if not self.learn or learned is None:
            return self._align_one(sentences, _Prepared.of(self.model), None, fixed)
        first = self._align_one(sentences, _Prepared.of(self.model), None)
        return self._align_one(sentences, _Prepared.of(self.model, learned), first, fixed)

    def _sentences(self, source: Sequence[str], target: Sequence[str]) -> _Sentences:
        """What every pass needs of a document's sentences: features, and the word
        translations of :attr:`model` (the learned model adds to those in later passes)."""
        src_f = self.features(source, self.source_lang)
        tgt_f = self.features(target, self.target_lang)
        sentences = _Sentences(
            src_f, tgt_f, [frozenset(lexical_tokens(f.words, self.source_lang)) for f in src_f],
            [frozenset(lexical_tokens(f.words, self.target_lang)) for f in tgt_f])
        if self.model is not None:
            sentences.source_base = [self.model.translations(f.words, "forward") for f in src_f]
            sentences.target_base = [self.model.translations(f.words, "backward")
                                     for f in tgt_f]
        return sentences

    def _align_one(self, sentences: _Sentences, model: _Prepared | None,
                   prior: list[Bead] | None = None, fixed: Sequence[Bead] = ()
                   ) -> list[Bead]:
        """Align one document.

        ``prior`` beads (from an earlier pass) fit the length model; ``[]`` means use
        the initial length model only (a quick pass); None means search twice, the
        second time with the length model fitted to the first result.
        """
        src_f, tgt_f = sentences.source, sentences.target
        if not src_f or not tgt_f:
            return ([Bead((i,), ()) for i in range(len(src_f))]
                    + [Bead((), (j,)) for j in range(len(tgt_f))])
        src_t = tgt_t = src_known = tgt_known = None
        if model is not None:
            # the lexical tokens the models can pair, and their translations
            src_known = [t & model.source_vocabulary for t in sentences.source_tokens]
            tgt_known = [t & model.target_vocabulary for t in sentences.target_tokens]
            src_t = model.translations(sentences.source_tokens, sentences.source_base,
                                       "forward")
            tgt_t = model.translations(sentences.target_tokens, sentences.target_base,
                                       "backward")
        src = Side(src_f, src_t, tokens=src_known)
        tgt = Side(tgt_f, tgt_t, tokens=tgt_known)
        length = LengthModel.initial(src.lengths, tgt.lengths)
        scorer = PairScorer(src, tgt, self.params, length, lexical=model is not None)
        window = _window(src.n, tgt.n)
        if sentences.anchors is not None:
            use_anchors(scorer, window, sentences.anchors)
        elif scorer.lexical:
            # Handed on only when found with word translations: anchors found from
            # numbers and names alone are too few to shape the next pass's band.
            sentences.anchors = find_anchors(scorer, window)
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
        if self._straightens(scorer, beads, moved):
            paired = self._around(scorer, moved, crossing=False)
        return _moves_only_where_crossing(_no_surer_than_their_move(paired, beads, moved))

    @staticmethod
    def _straightens(scorer: PairScorer, beads: list[Bead], moved: list[Bead]) -> bool:
        """Whether aligning the rest again without the *moved* pairs can change it."""
        before = {(b.src, b.tgt) for b in beads}
        if all((b.src, b.tgt) in before for b in moved):
            return False     # nothing moved: doubtful pairs taken apart and found again
        moved_src = {i for b in moved for i in b.src}
        moved_tgt = {j for b in moved for j in b.tgt}
        if len(moved_src) == scorer.src.n or len(moved_tgt) == scorer.tgt.n:
            return False     # nothing left to align on one side
        # When only unmatched text moved, leaving it out of the monotone search does not
        # change the cheapest path (its skips cost the same anywhere).
        return not (moved_src <= {b.src[0] for b in beads if not b.tgt} and
                    moved_tgt <= {b.tgt[0] for b in beads if not b.src})

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


def _no_surer_than_their_move(beads: list[Bead], monotone: list[Bead], moved: list[Bead]
                              ) -> list[Bead]:
    """*beads* with each bead that holds a sentence a crossing pair took out of its
    monotone pair made no more confident than that crossing pair.

    Such a bead stands as it does only if the crossing pair is right: an English line
    left unmatched because its neighbour went to a crossing pair would be glued onto
    that neighbour otherwise.  Realigning around the crossing pairs takes them as given,
    so the posterior there alone would make it look certain.
    """
    owner = {}
    for bead in monotone:
        owner.update({(0, i): bead for i in bead.src})
        owner.update({(1, j): bead for j in bead.tgt})
    limit: dict[tuple[int, int], float] = {}
    for pair in moved:
        mine = {(0, i) for i in pair.src} | {(1, j) for j in pair.tgt}
        for old in {id(owner[key]): owner[key] for key in mine}.values():
            for key in {(0, i) for i in old.src} | {(1, j) for j in old.tgt}:
                if key not in mine:
                    limit[key] = min(limit.get(key, 1.0), pair.confidence)
    if not limit:
        return beads
    found = {(b.src, b.tgt) for b in moved}
    out = []
    for bead in beads:
        cap = min((limit[key] for key in [*((0, i) for i in bead.src),
                                          *((1, j) for j in bead.tgt)] if key in limit),
                  default=1.0)
        if bead.confidence > cap and (bead.src, bead.tgt) not in found:
            bead = replace(bead, confidence=cap)
        out.append(bead)
    return out


def _insert_by_source(beads: list[Bead], moved: list[Bead]) -> list[Bead]:
    """*moved* pairs placed among monotone *beads* by their first source sentence (and
    among the target-only beads there by their first target sentence, so that a pair
    that crosses nothing reads in order in both languages)."""
    next_source = [math.inf] * (len(beads) + 1)
    for k in range(len(beads) - 1, -1, -1):
        next_source[k] = beads[k].src[0] if beads[k].src else next_source[k + 1]
    out: list[Bead] = []
    pending = sorted(moved, key=lambda b: b.src[0])
    for k, bead in enumerate(beads):
        while (pending and pending[0].src[0] < next_source[k]
               and (bead.src or (pending[0].tgt and pending[0].tgt[0] < bead.tgt[0]))):
            out.append(pending.pop(0))
        out.append(bead)
    return out + pending


# Languages that share no cognates with Latin-script European languages.
_NO_COGNATES = {"vi", "zh", "ja", "ko", "th"}


def _base(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


@dataclass(frozen=True)
class _Prepared:
    """A pass's translation models: the aligner's own (*base*, whose translations each
    document's :class:`_Sentences` hold) and the learned one, with the vocabularies of
    both computed once per pass."""

    base: TranslationModel | None
    learned: LearnedModel | None
    source_vocabulary: frozenset[str]
    target_vocabulary: frozenset[str]

    @classmethod
    def of(cls, base: TranslationModel | None, learned: LearnedModel | None = None
           ) -> _Prepared | None:
        models = [m for m in (base, learned) if m is not None]
        if not models:
            return None
        return cls(base, learned,
                   frozenset().union(*(m.vocabulary("source") for m in models)),
                   frozenset().union(*(m.vocabulary("target") for m in models)))

    def translations(self, tokens: list[frozenset[str]], base: list[frozenset[str]] | None,
                     direction: str) -> list[frozenset[str]]:
        """Each sentence's translations: the base model's (given) and the learned's (of
        the sentence's lexical *tokens*)."""
        out = list(base) if base is not None else [frozenset()] * len(tokens)
        if self.learned is not None:
            out = [known | self.learned.translations_of(sentence, direction)
                   for known, sentence in zip(out, tokens, strict=True)]
        return out


@dataclass
class _Sentences:
    """A document's sentence features, lexical tokens (:func:`~.learn.lexical_tokens`)
    and base model's translations, the same in every pass, and the anchors its first
    pass found."""

    source: list[SentenceFeatures]
    target: list[SentenceFeatures]
    source_tokens: list[frozenset[str]]
    target_tokens: list[frozenset[str]]
    source_base: list[frozenset[str]] | None = None
    target_base: list[frozenset[str]] | None = None
    # The first pass's anchors.  The second pass's learned words would add some, but
    # the band they shape holds the same path: on the dev sets and five resampled
    # rewrite sets, the same beads.
    anchors: list[tuple[int, int, float]] | None = None


def _pass_context(shared: tuple[Aligner, Sequence], learned: LearnedModel | None
                  ) -> tuple[Aligner, _Prepared | None, Sequence]:
    """What every document of a pass is aligned with (made once per worker)."""
    aligner, documents = shared
    return aligner, _Prepared.of(aligner.model, learned), documents


def _align_task(context: tuple[Aligner, _Prepared | None, Sequence], memo: dict,
                task: tuple[int, list[Bead] | None, list | None, bool]
                ) -> tuple[list[Bead], list | None]:
    """Align document *k* of a pass; returns its beads and anchors.  The sentences are
    kept in the worker's *memo* for the next pass (they depend on the document only; up
    to :data:`MEMO_SENTENCES`), and given up in the *last* one; the anchors go back
    with the result, so that the next pass uses the same ones whichever worker runs it."""
    aligner, model, documents = context
    k, prior, anchors, last = task
    sentences = memo.pop(k, None) if last else memo.get(k)
    size = sum(map(len, documents[k]))
    if sentences is not None and last:
        memo["sentences"] -= size
    if sentences is None:
        sentences = aligner._sentences(*documents[k])
        if not last and memo.get("sentences", 0) + size <= MEMO_SENTENCES:
            memo[k] = sentences
            memo["sentences"] = memo.get("sentences", 0) + size
    sentences.anchors = anchors
    beads = aligner._align_one(sentences, model, prior)
    return beads, sentences.anchors


def align_sentences(source: Sequence[str], target: Sequence[str], source_lang: str = "vi",
                    target_lang: str = "en", model: TranslationModel | None = None
                    ) -> list[Bead]:
    """Align two lists of sentences with default settings."""
    return Aligner(source_lang, target_lang, model=model).align(source, target)
