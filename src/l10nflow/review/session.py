"""The stores one review run works on: where they are, their QA findings and index lines.

QA checks run once over every store when the session starts (corpus-wide checks see the
whole corpus) and again for one file after each repair of it.  Index lines are cached per
file version, so the index over thousands of articles is served from memory and a file
changed on disk by something else is read again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..checks import CheckConfig, Finding, load_config, run_checks
from ..errors import InputError, L10nflowError
from ..export import store_files
from .model import ArticleSummary, ArticleView, build_article, read_versioned, summarise
from .operations import OperationError, apply_operation

__all__ = ["ReviewSession"]


@dataclass
class _Entry:
    id: str
    path: Path
    file: str                      # shown name: relative to the folder given
    version: str | None = None
    summary: ArticleSummary | None = None


class ReviewSession:
    """The articles of *paths* (PO/XLIFF files, or folders searched for them)."""

    def __init__(self, paths: Sequence[str | Path], threshold: float = 0.7,
                 config: CheckConfig | None = None, checks: bool = True,
                 jobs: int = 1) -> None:
        files = store_files(paths)
        files = [f for f in files if not f.name.lower().endswith(".tmx")]
        if not files:
            raise InputError("no PO or XLIFF files to review", paths[0] if paths else None,
                             hint="give files or folders, e.g. `l10nflow review locales`")
        self.threshold = threshold
        self.config = config or load_config()
        self.checks = checks
        self.entries: dict[str, _Entry] = {}
        roots = [Path(p) for p in paths]
        for path in files:
            article_id = path.stem
            number = 2
            while article_id in self.entries:
                article_id, number = f"{path.stem}-{number}", number + 1
            self.entries[article_id] = _Entry(article_id, path, _shown(path, roots))
        self.findings: dict[Path, list[Finding]] = {}
        self._lock = threading.Lock()
        if checks:
            run = run_checks(files, self.config, jobs=jobs)
            for finding in run.findings:
                self.findings.setdefault(finding.path, []).append(finding)
        self.index()                   # every index line now, so the first page is quick

    def entry(self, article_id: str) -> _Entry:
        try:
            return self.entries[article_id]
        except KeyError:
            raise OperationError(f"no article {article_id!r} in this review",
                                 hint="go back to the index") from None

    def index(self) -> list[ArticleSummary]:
        """Every article's index line, those needing review first (most first)."""
        summaries = [self._summary(entry) for entry in self.entries.values()]
        return sorted(summaries, key=lambda s: (-s.needs_review, s.reviewed_share, s.id))

    def _summary(self, entry: _Entry) -> ArticleSummary:
        try:
            return self._read_summary(entry)
        except (OSError, L10nflowError) as exc:     # changed on disk into something bad
            entry.summary = None
            reason = exc.strerror if isinstance(exc, OSError) else exc.message
            return ArticleSummary(entry.id, entry.file, f"(cannot read this store: {reason})")

    def _read_summary(self, entry: _Entry) -> ArticleSummary:
        stat = entry.path.stat()
        quick = f"{stat.st_mtime_ns}:{stat.st_size}"
        if entry.summary is None or entry.version != quick:
            store, _ = read_versioned(entry.path)
            entry.summary = summarise(entry.id, entry.file, store, entry.path,
                                      self.findings.get(entry.path, []), self.threshold)
            entry.version = quick
        return entry.summary

    def article(self, article_id: str) -> ArticleView:
        entry = self.entry(article_id)
        store, version = read_versioned(entry.path)
        return build_article(entry.id, entry.file, store, version, entry.path,
                             self.findings.get(entry.path, []), self.threshold)

    def operate(self, article_id: str, name: str, args: dict) -> ArticleView:
        """Apply a repair and return the article as it now is."""
        entry = self.entry(article_id)
        version = args.get("version")
        if not isinstance(version, str):
            raise OperationError("the request needs 'version': the article's version from "
                                 f"GET /api/articles/{article_id}, so a stale view is refused")
        apply_operation(entry.path, name, args, version)
        if self.checks:
            self._recheck(entry.path)
        entry.summary = None
        return self.article(article_id)

    def _recheck(self, path: Path) -> None:
        """QA findings of one file again, after a repair changed it."""
        run = run_checks([path], self.config, jobs=1)
        with self._lock:
            self.findings[path] = [f for f in run.findings if f.path == path]


def _shown(path: Path, roots: list[Path]) -> str:
    for root in roots:
        if root.is_dir():
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                continue
    return os.path.basename(path)
