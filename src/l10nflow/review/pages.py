"""HTML pages of the review app, from the Jinja2 templates shipped in the package.

Autoescaping is on for every template, so text from a store (a msgstr holding
``<script>``) is shown as text.  The same templates serve the live app and the read-only
static export (``static=True``: relative links, no repair buttons, no token).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .model import HISTOGRAM_BINS, ArticleSummary, ArticleView, band

__all__ = ["STATIC", "render_article", "render_index"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda share: f"{100 * share:.0f}%"
    env.filters["conf"] = lambda value: "–" if value is None else f"{value:.2f}"
    env.filters["url"] = lambda text: quote(text, safe="")
    env.globals["histogram"] = histogram_bars
    env.globals["band_edges"] = lambda t: (t, t + (1 - t) / 2)
    return env


def histogram_bars(counts: Sequence[int], width: int = 100, height: int = 24,
                   threshold: float = 0.7) -> list[dict]:
    """Bars of an inline SVG histogram of confidences (0-0.1, ..., 0.9-1.0)."""
    top = max(counts) if counts and max(counts) else 1
    step = width / HISTOGRAM_BINS
    bars = []
    for index, count in enumerate(counts):
        tall = round(height * count / top, 1) if count else 0
        bars.append({"x": round(index * step, 1), "w": round(step - 1, 1), "h": tall,
                     "y": round(height - tall, 1), "count": count,
                     "low": index / HISTOGRAM_BINS, "high": (index + 1) / HISTOGRAM_BINS,
                     "band": band((index + 0.5) / HISTOGRAM_BINS, threshold)})
    return bars


def _links(static: bool, token: str, depth: int) -> dict:
    up = "../" * depth
    if static:
        return {"static": f"{up}static/", "index": f"{up}index.html",
                "article": lambda aid: f"{up}articles/{quote(aid, safe='')}.html",
                "query": ""}
    query = f"?token={quote(token, safe='')}"
    return {"static": "/static/", "index": f"/{query}",
            "article": lambda aid: f"/article/{quote(aid, safe='')}{query}", "query": query}


def render_index(summaries: Sequence[ArticleSummary], threshold: float, token: str = "",
                 static: bool = False) -> str:
    total = [sum(s.histogram[i] for s in summaries) for i in range(HISTOGRAM_BINS)]
    return _environment().get_template("index.html").render(
        summaries=summaries, threshold=threshold, token=token, static=static,
        links=_links(static, token, 0), total_histogram=total,
        totals={name: sum(getattr(s, name) for s in summaries)
                for name in ("pairs", "source_only", "target_only", "needs_review",
                             "decided")})


def render_article(view: ArticleView, threshold: float, token: str = "",
                   static: bool = False) -> str:
    return _environment().get_template("article.html").render(
        article=view, threshold=threshold, token=token, static=static,
        links=_links(static, token, 1 if static else 0))
