"""``l10nflow review --export DIR``: the review pages as a read-only static site.

The same templates as the live app, with relative links and no repair buttons: a CI job
can publish the folder as an artifact and anyone can read it without a server.  Nothing
refers to a remote URL; the stylesheet and script are copied beside the pages.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from ..fsutil import atomic_write_bytes, atomic_write_text
from .pages import render_article, render_index
from .server import static_files
from .session import ReviewSession

__all__ = ["export_site"]


def export_site(session: ReviewSession, folder: str | Path) -> int:
    """Write index.html, articles/<id>.html and static/ into *folder*; returns the
    number of article pages."""
    folder = Path(folder)
    summaries = session.index()
    for asset in static_files():
        atomic_write_bytes(folder / "static" / asset.name, asset.read_bytes())
    for summary in summaries:
        view = session.article(summary.id)
        atomic_write_text(folder / "articles" / f"{quote(summary.id, safe='')}.html",
                          render_article(view, session.threshold, static=True))
    atomic_write_text(folder / "index.html",
                      render_index(summaries, session.threshold, static=True))
    return len(summaries)
