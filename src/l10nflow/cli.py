"""The ``l10nflow`` command: a thin layer over the library.

Errors in the user's input are :class:`~l10nflow.errors.L10nflowError` and are printed
as ``error: FILE:LINE: message`` with a hint, exit status 2 -- never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .choices import (
    DEFAULT_QA,
    EXPORT_FORMATS,
    MERGEABLE,
    OUTPUT_EXTENSIONS,
    QA_LEVELS,
    REPORTER_NAMES,
)
from .errors import InputError, L10nflowError
from .formats import FORMAT_MODULES, format_for_path, get_format, read_store, write_store
from .formats.merge import MergeReport
from .fsutil import atomic_write_text, decode_text, read_text
from .wording import counted

# Each command imports its own machinery when it runs: `align` should not pay for the
# checks, nor `check` for the aligner and numpy (tests/test_cli_startup.py holds this).
if TYPE_CHECKING:
    from .align import Aligner
    from .align.learn import LearnedModel
    from .corpus import AlignedArticle, Article

ALIGN_FORMATS = tuple(OUTPUT_EXTENSIONS)
DEFAULT_THRESHOLD = 0.7


class _Group(click.Group):
    """Turns user errors into one clear message and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except L10nflowError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted; files already written are complete", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # the reader went away (`l10nflow checks | head`): stop quietly, as cat does
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(141)
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort):
            raise
        except Exception as exc:      # a bug, not the user's input: say so, exit 3
            if os.environ.get("L10NFLOW_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc}\n  this is a bug in "
                       "l10nflow, not in your files; please report it with the command "
                       "you ran (L10NFLOW_DEBUG=1 shows the traceback)", err=True)
            sys.exit(3)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="l10nflow")
def main() -> None:
    """Align, store, check and export Vietnamese-English translations.

    \b
    Typical use:
      l10nflow align corpus -o locales      align every article into PO files
      l10nflow export tmx locales -o tm.tmx translation memory for CAT tools
      l10nflow convert a.po a.xlf           PO -> XLIFF 1.2 (and back, and TMX, TSV)
      l10nflow check locales                QA checks for CI (l10nflow checks lists them)
      l10nflow review locales               review and repair pairs in the browser
      l10nflow stats locales                units, words, states and findings per file
      l10nflow segment --lang vi FILE       show how a text splits into sentences
    """


# --- segment --------------------------------------------------------------------------

@main.command()
@click.option("--lang", "-l", default="vi", show_default=True,
              help="Language rules to use (vi, en, or any code for the generic rules).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def segment(lang: str, file: Path) -> None:
    """Split FILE into sentences: one per line, paragraphs separated by a blank line.

    FILE is UTF-8 text with paragraphs separated by blank lines; `-` reads standard input.
    """
    # standard input gets the same decoding and checks as a file
    from .segment import segment_text

    text = decode_text(sys.stdin.buffer.read(), "<stdin>") if str(file) == "-" \
        else read_text(file)
    paragraph = None
    for sentence in segment_text(text, lang):
        if paragraph is not None and sentence.paragraph != paragraph:
            click.echo("")
        click.echo(sentence.text)
        paragraph = sentence.paragraph


# --- align ----------------------------------------------------------------------------

@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one pair) or folder (corpus; default: locales).")
@click.option("--source-lang", default="vi", show_default=True,
              help="Source language: file name in corpus mode and segmentation rules.")
@click.option("--target-lang", default="en", show_default=True,
              help="Target language: file name in corpus mode and segmentation rules.")
@click.option("--presegmented", is_flag=True,
              help="Input is already one sentence per line; keep those units as they are.")
@click.option("--format", "fmt", type=click.Choice(ALIGN_FORMATS), default=None,
              help="po (default): gettext catalogue; xliff: XLIFF 1.2 (.xlf); xliff2: XLIFF "
                   "2.0 (.xliff); tsv: key, source, target, state, bead, confidence, article; "
                   "beads: Vecalign notation [3, 4]:[5].  For one pair written to -o FILE, "
                   "FILE's extension chooses it.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=DEFAULT_THRESHOLD,
              show_default=True, help="Pairs below this confidence are marked for review "
                                      "(PO fuzzy).")
@click.option("--lexicon", "lexicons", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="A house lexicon (source<TAB>translation; ...), added to the bundled "
                   "one. Repeatable.")
@click.option("--no-bundled-lexicon", is_flag=True,
              help="Do not use the lexicon shipped for the language pair.")
@click.option("--no-learn", is_flag=True,
              help="Do not learn word translations from the corpus (one pass, faster).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Processes for corpus mode (default 0: one per CPU core).")
@click.option("--force", is_flag=True,
              help="Overwrite existing PO/XLIFF files instead of merging into them "
                   "(translators' edits are lost).")
@click.option("--keep-going", is_flag=True,
              help="Corpus mode: report an article that cannot be read, align the others, "
                   "and exit with status 2 at the end.")
@click.option("--id", "article_id", metavar="ID",
              help="Article id for one pair (default: the folder name for <folder>/vi.txt, "
                   "else the file name before its first dot). It prefixes the unit keys.")
@click.option("--relearn", is_flag=True,
              help="Corpus mode: ignore what the last run saved (the learned model, the "
                   "articles it aligned); learn from the whole corpus again and realign "
                   "every article, exactly as a first run would.")
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def align(source: Path, target: Path | None, output: Path | None, source_lang: str,
          target_lang: str, presegmented: bool, fmt: str, threshold: float,
          lexicons: tuple[Path, ...], no_bundled_lexicon: bool, no_learn: bool, jobs: int,
          force: bool, keep_going: bool, article_id: str | None, relearn: bool,
          quiet: bool) -> None:
    """Align a source text with its translation into segment pairs.

    \b
    One pair:   l10nflow align vi.txt en.txt [-o OUT]     (stdout without -o)
    A corpus:   l10nflow align CORPUS_DIR -o DIR
                writes DIR/<target-lang>/<article-id>.<po|xlf|xliff|tsv|beads>

    A corpus folder holds one subfolder per article with <source-lang>.txt and
    <target-lang>.txt (UTF-8, paragraphs separated by blank lines) and an optional
    meta.toml.  Word translations are learned over the whole corpus.

    For one pair, a meta.toml beside the source file gives the article's date and
    title, as in a corpus folder.

    An existing PO or XLIFF output is merged as msgmerge would, not overwritten: units
    are matched by source text; a translator's edit is kept, or carried as fuzzy with
    the previous source (#|) when its sentence changed a little; units whose source is
    gone become obsolete (with a warning when they held human work).  The summary
    line says what was added, updated, unchanged, kept, carried and obsoleted.

    Corpus mode keeps what it learned in DIR/<target-lang>/.l10nflow-align.json.  The
    next run reuses that model (so adding articles does not move the old ones) and
    skips articles whose texts, settings and output file have not changed; --relearn
    starts afresh.
    """
    from .align import Aligner
    from .align.lexicon import lexicon_sources, load_lexicons
    from .corpus import (
        Article,
        align_articles_with_model,
        article_inputs,
        discover,
        read_meta_beside,
        render,
        save,
    )
    from .incremental import STATE_FILE, AlignState, code_digest, digest

    if target is None and not source.is_dir():
        raise InputError("give a corpus folder, or a source and a target file", source,
                         hint="l10nflow align vi.txt en.txt, or l10nflow align corpus/")
    fmt = _output_format(fmt, output, corpus=target is None)
    aligner = Aligner(source_lang, target_lang, learn=not no_learn)

    def with_lexicon() -> None:
        """Read the lexicons (only when there is something to align: a re-run over an
        unchanged corpus need not parse them)."""
        aligner.model = load_lexicons(source_lang, target_lang, lexicons,
                                      not no_bundled_lexicon)

    base = Path.cwd()
    merged = MergeReport()
    if target is None:
        articles, notices = discover(source, source_lang, target_lang)
        for notice in notices:
            click.echo(f"notice: {notice}", err=True)
        out_dir = (output or Path("locales")) / target_lang
        failed: list[InputError] | None = [] if keep_going else None
        settings = digest([__version__, code_digest(), source_lang, target_lang,
                           str(presegmented), fmt, repr(threshold), repr(aligner.params),
                           str(aligner.learn),
                           *lexicon_sources(source_lang, target_lang, lexicons,
                                            not no_bundled_lexicon)])
        state_path = out_dir / STATE_FILE
        state, why = (None, None) if relearn or force else AlignState.load(state_path,
                                                                            settings)
        if why:
            click.echo(f"notice: {why}", err=True)
        inputs = {a.id: article_inputs(a) for a in articles}

        def output_of(article_id: str) -> Path:
            return out_dir / f"{article_id}.{OUTPUT_EXTENSIONS[fmt]}"

        for notice in _store_notices(out_dir, [a.id for a in articles], fmt):
            click.echo(f"notice: {notice}", err=True)
        todo = [a for a in articles
                if state is None or not state.unchanged(a.id, inputs[a.id], output_of(a.id))]
        if todo:
            with_lexicon()
        aligned, learned = _align_with_progress(todo, aligner, presegmented,
                                                jobs or os.cpu_count() or 1, failed,
                                                state.model if state else None)
        new_state = AlignState(settings, learned)
        if state is not None:
            new_state.articles = {a.id: state.articles[a.id] for a in articles
                                  if a not in todo}
        around = partial(aligner.align_around, learned=learned)
        for item in aligned:
            path = output_of(item.id)
            merged += _saved(path, save(item, path, fmt, threshold, base, force, around))
            new_state.record(item.id, inputs[item.id], path)
        new_state.save(state_path)
        if not quiet:
            _summary(aligned, threshold, out_dir, fmt, merged,
                     unchanged=len(articles) - len(todo))
        if failed:
            for exc in failed:
                click.echo(f"error: {exc}", err=True)
            click.echo(f"{counted(len(failed), 'article')} left out; the others were "
                       "aligned", err=True)
            sys.exit(2)
        return
    for path in (source, target):
        if path.is_dir():
            raise InputError("is a folder; give two files, or only a corpus folder", path)
    article = Article(article_id or _article_id(source, source_lang), source, target,
                      read_meta_beside(source))
    with_lexicon()
    (item,), learned = align_articles_with_model([article], aligner, presegmented)
    if output is None:
        click.echo(render(item, fmt, threshold, base).decode("utf-8"), nl=False)
        return
    merged += _saved(output, save(item, output, fmt, threshold, base, force,
                                  partial(aligner.align_around, learned=learned)))
    if not quiet:
        _summary([item], threshold, output, fmt, merged)


def _store_notices(out_dir: Path, article_ids: list[str], fmt: str) -> list[str]:
    """What a corpus run should say about stores already in *out_dir* that it will not
    merge into: an article's store in another format (it writes the new one beside it),
    and stores of articles no longer in the corpus (left as they are)."""
    if fmt not in MERGEABLE or not out_dir.is_dir():
        return []
    extensions = {OUTPUT_EXTENSIONS[f]: f for f in MERGEABLE}
    mine = OUTPUT_EXTENSIONS[fmt]
    ids = set(article_ids)
    beside, orphans = [], []
    for path in sorted(out_dir.iterdir()):
        ext = path.suffix[1:]
        if ext not in extensions or not path.is_file():
            continue
        if path.stem not in ids:
            orphans.append(path.name)
        elif ext != mine:
            beside.append(path.name)

    def listed(names: list[str]) -> str:
        return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")

    notices = []
    if beside:
        notices.append(f"{out_dir}: {counted(len(beside), 'store')} in another format "
                       f"({listed(beside)}): this run writes .{mine} files beside them and "
                       f"merges nothing from them; to carry the work over, convert them "
                       f"first (l10nflow convert FILE OUT.{mine})")
    if orphans:
        notices.append(f"{out_dir}: no article in the corpus for {listed(orphans)}: "
                       f"left as {'it is' if len(orphans) == 1 else 'they are'}")
    return notices


def _output_format(fmt: str | None, output: Path | None, corpus: bool) -> str:
    """The format ``align`` writes: --format, else the extension of -o for one pair.  An
    extension that names another format than --format, or a file name where a corpus
    needs a folder, is an error (writing PO into x.xlf would mislead every tool)."""
    by_extension = {f".{ext}": name for name, ext in OUTPUT_EXTENSIONS.items()}
    if output is not None and corpus:
        if output.is_file() or output.suffix.lower() in by_extension:
            raise InputError("corpus mode writes a folder (one file per article), not a file",
                             output, hint="give a folder: -o locales")
        return fmt or "po"
    named = by_extension.get(output.suffix.lower()) if output is not None else None
    if fmt and named and fmt != named:
        raise InputError(f"--format {fmt} does not match the file name (its extension means "
                         f"{named})", output,
                         hint=f"name it *.{OUTPUT_EXTENSIONS[fmt]}, or leave out --format")
    return fmt or named or "po"


def _saved(path: Path, report: MergeReport | None) -> MergeReport:
    """The merge report of one written file, warning when human work became obsolete."""
    if report is None:
        return MergeReport()
    if report.obsoleted_human:
        click.echo(f"warning: {path}: {counted(report.obsoleted_human, 'unit')} with a "
                   "translator's "
                   "work became obsolete: no source sentence like theirs is left. They stay "
                   "in the file as obsolete entries (PO #~).", err=True)
    return report


def _article_id(source: Path, source_lang: str) -> str:
    """``corpus/<id>/vi.txt`` -> ``<id>``; ``story.vi.txt`` -> ``story``."""
    if source.stem == source_lang and source.resolve().parent.name:
        return source.resolve().parent.name
    return source.name.split(".")[0] or "article"


def _align_with_progress(articles: list[Article], aligner: Aligner, presegmented: bool,
                         jobs: int, failed: list[InputError] | None = None,
                         learned: LearnedModel | None = None
                         ) -> tuple[list[AlignedArticle], LearnedModel | None]:
    """Align with a progress bar on a terminal; elsewhere (a CI log) a plain line every
    few seconds, so a long run shows that it is alive without filling the log."""
    from .corpus import align_articles_with_model

    if len(articles) < 5:
        return align_articles_with_model(articles, aligner, presegmented, jobs=jobs,
                                         failed=failed, learned=learned)
    steps = len(articles) * (1 + aligner.passes)
    if not sys.stderr.isatty():
        return align_articles_with_model(articles, aligner, presegmented, jobs=jobs,
                                         failed=failed, learned=learned,
                                         progress=_ProgressLines(steps, len(articles)))
    with click.progressbar(length=steps, label="Reading and aligning articles",
                           file=sys.stderr) as bar:
        return align_articles_with_model(articles, aligner, presegmented,
                                         progress=bar.update, jobs=jobs, failed=failed,
                                         learned=learned)


class _ProgressLines:
    """Progress as occasional lines on standard error (at most one per interval)."""

    def __init__(self, steps: int, articles: int, interval: float = 5.0) -> None:
        self.steps, self.articles, self.interval = steps, articles, interval
        self.done = 0
        self.started = self.last = time.monotonic()

    def __call__(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.last >= self.interval and self.done < self.steps:
            self.last = now
            click.echo(f"aligning {self.articles} articles: {100 * self.done // self.steps}% "
                       f"({now - self.started:.0f} s)", err=True)


def _summary(aligned: list[AlignedArticle], threshold: float, where: Path, fmt: str,
             merged: MergeReport, unchanged: int = 0) -> None:
    kinds: Counter[str] = Counter()
    low = 0
    for item in aligned:
        for bead in item.beads:
            kinds[bead.kind] += 1
            if bead.src and bead.tgt and bead.confidence < threshold:
                low += 1
    pairs = sum(kinds.values())
    order = ["1-1", "2-1", "1-2", "2-2", "3-1", "1-3", "1-0", "0-1"]
    types = ", ".join(f"{k} {kinds[k]}" for k in order if kinds[k])
    click.echo(f"articles:              {len(aligned)}", err=True)
    if unchanged:
        click.echo(f"unchanged, skipped:    {counted(unchanged, 'article')} (inputs, "
                   "settings and files as the last run left them; --relearn realigns)",
                   err=True)
    if not aligned:
        click.echo(f"written to:            nothing (all up to date in {where})", err=True)
        return
    click.echo(f"segment pairs:         {pairs}", err=True)
    click.echo(f"pair types:            {types}", err=True)
    click.echo(f"low-confidence pairs:  {low} (confidence < {threshold:.2f}"
               f"{', marked for review' if fmt in MERGEABLE else ''})", err=True)
    if merged:
        click.echo(f"merged with existing:  {merged}", err=True)
    click.echo(f"written to:            {where}", err=True)


# --- convert --------------------------------------------------------------------------

@main.command()
@click.argument("input_path", metavar="IN", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("output", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(sorted(FORMAT_MODULES)),
              help="Output format (default: from OUT's extension: .po, .xlf = XLIFF 1.2, "
                   ".xliff = XLIFF 2.0, .tmx, .tsv).")
@click.option("--target-lang", metavar="LANG",
              help="For a TMX with several target languages: the one to write "
                   "(es, es-ES...).")
@click.option("--encoding", metavar="CHARSET",
              help="Write PO in this charset (e.g. utf-8) instead of the one its header "
                   "declares; the header is updated.")
@click.option("--strict", is_flag=True,
              help="Refuse to write when OUT's format cannot hold everything IN holds.")
def convert(input_path: Path, output: Path, fmt: str | None, target_lang: str | None,
            encoding: str | None, strict: bool) -> None:
    """Convert a store between PO, XLIFF 1.2, XLIFF 2.0, TMX and TSV.

    The input format comes from IN's extension (XLIFF's version from its content).
    PO and XLIFF hold everything the others hold (what has no field of its own travels
    in a note or an extension element, and comes back); TSV and TMX cannot, and what
    they leave out is listed per file (--strict refuses instead).
    """
    store = read_store(input_path)
    writer = get_format(fmt) if fmt else format_for_path(output)
    store = _choose_target(store, target_lang, input_path, writer.name)
    limits = writer.limits(store)
    if strict and limits:
        what = [f"{count} units left out: {why}" for count, why in limits.dropped]
        raise InputError(f"{writer.name} cannot hold everything of {input_path}: "
                         + "; ".join(what + limits.lost), output,
                         hint="convert to PO or XLIFF, or leave out --strict")
    write_store(store, output, writer.name, encoding)
    written = limits.written(store)
    click.echo(f"{input_path} -> {output}: wrote {counted(written, 'unit')}", err=True)
    for count, why in limits.dropped:
        click.echo(f"warning: {output}: left out {counted(count, 'unit')}: {why}", err=True)
    for what in limits.lost:
        click.echo(f"warning: {output}: cannot hold {what}", err=True)


def _choose_target(store, target_lang: str | None, path: Path, writer: str):
    """The store with one target language, for a TMX that has several."""
    targets = store.extra.get("tmx.targets") or []
    if target_lang:
        from .formats.tmx import select_target
        return select_target(store, target_lang)
    if len(targets) > 1 and writer != "tmx":
        raise InputError(f"the file has {len(targets)} target languages "
                         f"({', '.join(map(str, targets))}); {writer} holds one", path,
                         hint="say which with --target-lang")
    return store


# --- export ---------------------------------------------------------------------------

@main.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Output file; for moses a prefix (OUT.vi + OUT.en).")
@click.option("--min-confidence", type=click.FloatRange(0, 1),
              help="Leave out pairs the aligner was less sure of.")
@click.option("--exclude-fuzzy/--include-fuzzy", default=True, show_default=True,
              help="Leave out pairs still marked for review.")
@click.option("--only-reviewed", is_flag=True,
              help="Only pairs a human reviewed or signed off.")
@click.option("--include-unmatched", is_flag=True,
              help="Also source-only (1-0) and target-only (0-1) text.")
@click.option("--include-furniture", is_flag=True,
              help="Also newsroom furniture the aligner labelled: bylines, datelines, "
                   "captions, teasers (left out by default). Furniture one side has alone "
                   "(an English-only byline) is unmatched text: add --include-unmatched.")
@click.option("--no-dedupe", is_flag=True,
              help="Keep identical pairs (default: keep one, count occurrences).")
@click.option("--swap", is_flag=True, help="Target becomes source: an en->vi memory.")
@click.option("--qa", type=click.Choice(QA_LEVELS), default=DEFAULT_QA, show_default=True,
              help="Leave out units that `l10nflow check` reports at or above this "
                   "severity (none: run no checks).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Check configuration for --qa (default: as `l10nflow check` finds it).")
@click.option("--source-lang", metavar="LANG",
              help="Label the source side with LANG (default: the stores' own: PO "
                   "X-Source-Language, else English; XLIFF source language).")
@click.option("--target-lang", metavar="LANG",
              help="Label the target side with LANG (default: PO Language, XLIFF target "
                   "language).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Processes reading and checking the stores (default 0: one per CPU "
                   "core).")
def export(fmt: str, paths: tuple[Path, ...], output: Path, min_confidence: float | None,
           exclude_fuzzy: bool, only_reviewed: bool, include_unmatched: bool,
           include_furniture: bool, no_dedupe: bool, swap: bool, qa: str, config_path: Path | None,
           source_lang: str | None, target_lang: str | None, jobs: int) -> None:
    """Export translation memory from PO/XLIFF files or folders (default: locales/).

    \b
    FORMAT: tmx    TMX 1.4b for CAT tools
            tsv    tab-separated, with a header
            csv    comma-separated, with a header
            jsonl  one JSON object per pair, with metadata
            moses  line-aligned OUT.<source> + OUT.<target> for MT training

    Units the QA checks report as errors are left out (--qa); how many, and which
    checks reported them, is printed on standard error.  The languages come from the
    stores; all of them must hold the same language pair.
    """
    from .checks import load_config
    from .export import ExportOptions
    from .export import export as run_export
    from .qagate import reasons_line

    options = ExportOptions(min_confidence, exclude_fuzzy, only_reviewed, include_unmatched,
                            not no_dedupe, swap, qa, include_furniture)
    config = load_config(explicit=config_path) if qa != "none" else None
    report = run_export(list(paths) or [Path("locales")], output, fmt, options,
                        source_lang, target_lang, jobs=jobs or os.cpu_count() or 1,
                        check_config=config)
    gated = f"{report.qa_left_out} by the QA gate, " if qa != "none" else ""
    click.echo(f"read {report.read} units from {report.files} files; wrote {report.written} "
               f"(left out {report.filtered} by the filters, {gated}merged "
               f"{report.duplicates} duplicates) to {output}", err=True)
    if report.qa_left_out:
        click.echo(f"QA gate (--qa {qa}): left out {counted(report.qa_left_out, 'unit')} "
                   f"with findings at or above {qa}: {reasons_line(report.qa_by_check)} "
                   "(`l10nflow check` shows them)", err=True)


# --- stats ----------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a block per file and the total; json: the "
                                      "same figures as one JSON object.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=DEFAULT_THRESHOLD,
              show_default=True, help="Pairs below this confidence count as low-confidence "
                                      "(as in align).")
@click.option("--no-checks", is_flag=True,
              help="Do not run the QA checks (no findings by severity; faster).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Check configuration (default: as `l10nflow check` finds it).")
@click.option("--keep-going", is_flag=True,
              help="Report a file that cannot be read, count the others, and exit with "
                   "status 2 at the end.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Processes reading and checking the stores (default 0: one per CPU "
                   "core).")
def stats(paths: tuple[Path, ...], fmt: str, threshold: float, no_checks: bool,
          config_path: Path | None, keep_going: bool, jobs: int) -> None:
    """Statistics of PO and XLIFF files or folders (default: locales/; a TMX file too).

    Per file and in total, like pocount or msgfmt --statistics: units, source words and
    target words by state (translated, reviewed, fuzzy, untranslated), bead types,
    low-confidence pairs and QA findings by severity.

    \b
    translated + reviewed = msgfmt's "translated messages"; obsolete units and
    target-only text (0-1 beads) are not counted as units.
    """
    from .checks import load_config
    from .stats import collect_stats
    from .stats import render_text as render_stats

    config = None if no_checks else load_config(explicit=config_path)
    run = collect_stats(list(paths) or [Path("locales")], threshold, config, not no_checks,
                        jobs or os.cpu_count() or 1, keep_going)
    if fmt == "json":
        click.echo(json.dumps(run.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(render_stats(run), nl=False)
    for error in run.errors:
        click.echo(f"error: {error}", err=True)
    if run.errors:
        click.echo(f"{counted(len(run.errors), 'file')} left out; the others were counted",
                   err=True)
        sys.exit(2)


# --- check ----------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTER_NAMES)), default="text",
              show_default=True, help="text (grouped, coloured on a terminal), json, junit "
                                      "(JUnit XML), sarif (SARIF 2.1.0), github (annotations).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to a file instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", show_default=True,
              help="Exit 1 when a finding is at least this severe.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default: l10nflow.toml or [tool.l10nflow] in "
                   "pyproject.toml, searched upwards from the current folder).")
@click.option("--enable", multiple=True, help="Run only these checks (repeatable).")
@click.option("--disable", multiple=True, help="Skip these checks (repeatable).")
@click.option("--glossary", "glossaries", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Extra TBX or CSV glossary (repeatable).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Ignore the findings recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record the current findings as a baseline, then exit 0.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Processes for large stores (default 0: one per CPU core).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Colour the text report: auto = on a terminal unless NO_COLOR is set.")
@click.option("--source-lang", metavar="LANG",
              help="Source language of every store (default: what each file says; a PO "
                   "without X-Source-Language is English, gettext's convention).")
@click.option("--target-lang", metavar="LANG",
              help="Target language of every store (default: what each file says: PO "
                   "Language, XLIFF trgLang/target-language, TMX).")
def check(paths: tuple[Path, ...], fmt: str, output: Path | None, fail_on: str,
          config_path: Path | None, enable: tuple[str, ...], disable: tuple[str, ...],
          glossaries: tuple[Path, ...], baseline: Path | None,
          write_baseline: Path | None, jobs: int, color: str, source_lang: str | None,
          target_lang: str | None) -> None:
    """Check PO and XLIFF files (default: locales/) for translation problems.

    Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or input error,
    3 internal error (a bug in l10nflow: please report it).
    A unit is excused from checks by a translator comment `l10nflow-ignore: ID, ID`
    (or `l10nflow-ignore` for all) or a PO flag `l10nflow-ignore-ID`.
    """
    from .checks import CHECKS, Severity, load_baseline, load_config, run_checks
    from .checks import write_baseline as write_baseline_file
    from .checks.context import check_lang_tag
    from .checks.reporters import render as render_report
    from .checks.reporters import summary_line

    config = load_config(explicit=config_path)
    for check_id in (*enable, *disable):
        if check_id not in CHECKS:
            raise InputError(f"unknown check {check_id!r}",
                             hint="`l10nflow checks` lists the check ids")
    if enable:
        config.enable = list(enable)
    config.disable = [*config.disable, *disable]
    config.glossaries = [*config.glossaries, *glossaries]
    if source_lang:
        config.source_lang = check_lang_tag(source_lang, "--source-lang")
    if target_lang:
        config.target_lang = check_lang_tag(target_lang, "--target-lang")
    known = load_baseline(baseline) if baseline else None
    run = run_checks(list(paths) or [Path("locales")], config, known,
                     jobs=jobs or os.cpu_count() or 1)
    for warning in run.warnings:
        click.echo(f"warning: {warning}", err=True)
    if write_baseline:
        write_baseline_file(write_baseline, run.findings)
        click.echo(f"wrote {counted(len(run.findings), 'finding')} to the baseline "
                   f"{write_baseline}",
                   err=True)
        return
    colour = fmt == "text" and output is None and _use_colour(color)
    report = render_report(run, fmt, colour)
    if output:
        atomic_write_text(output, report)
        click.echo(summary_line(run), err=True)        # the report went to the file
    else:
        click.echo(report, nl=False, color=colour)   # click strips styles off a TTY
    if fail_on != "never" and any(f.severity >= Severity.parse(fail_on) for f in run.findings):
        sys.exit(1)


def _use_colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@main.command("checks")
def list_checks() -> None:
    """List every check with its id, default severity and what it finds."""
    from .checks import CHECKS

    for check_id in sorted(CHECKS):
        item = CHECKS[check_id]
        click.echo(f"{check_id:<26} {item.severity!s:<8} {item.description}")
        click.echo(f"{'':<35} applies to: {item.languages.describe()}")


# --- review ---------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep loopback unless you know why: the token is "
                   "the only lock.")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port to listen on (default 0: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the URL; do not open a browser.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=DEFAULT_THRESHOLD,
              show_default=True, help="Pairs below this confidence need review.")
@click.option("--export", "export_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write the pages as a read-only static site to this folder and exit.")
@click.option("--no-checks", is_flag=True, help="Do not run the QA checks (faster start).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="QA configuration file (as for `l10nflow check`).")
def review(paths: tuple[Path, ...], host: str, port: int, no_browser: bool, threshold: float,
           export_dir: Path | None, no_checks: bool, config_path: Path | None) -> None:
    """Review and repair alignments in the browser (default: locales/).

    Serves a local web page over the PO/XLIFF stores: every article with its pairs
    needing review and QA findings; an article's Vietnamese and English side by side,
    with keys to go to the next doubtful pair, accept it or edit it; join, split, link
    and unlink pairs.  Each repair is saved to the file at once and pinned
    (l10nflow-pinned), so a later `l10nflow align` keeps it.  The URL holds a random
    token; stop the server with Ctrl+C.

    With --export DIR, writes the same pages as a static read-only site instead.
    """
    from .checks import load_config
    from .review.export import export_site
    from .review.server import ReviewServer
    from .review.session import ReviewSession

    config = load_config(explicit=config_path)
    session = ReviewSession(list(paths) or [Path("locales")], threshold, config,
                            checks=not no_checks, jobs=os.cpu_count() or 1)
    if export_dir is not None:
        count = export_site(session, export_dir)
        click.echo(f"wrote {counted(count, 'article page')} and an index to {export_dir}",
                   err=True)
        return
    try:
        server = ReviewServer(session, host, port)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                         hint="choose another --port, or leave it out for a free one") from None
    click.echo(f"l10nflow review: {counted(len(session.entries), 'article')} at\n  "
               f"{server.url}\nCtrl+C stops the server.", err=True)
    if not no_browser:
        import webbrowser
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()
