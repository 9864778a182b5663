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
from markupsafe import Markup, escape

from .model import HISTOGRAM_BINS, ArticleSummary, ArticleView, band

__all__ = ["STATIC", "render_article", "render_index"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda share: f"{100 * share:.0f}%"
    env.filters["conf"] = lambda value: "–" if value is None else f"{value:.3f}"
    env.filters["url"] = lambda text: quote(text, safe="")
    env.globals["histogram"] = histogram_svg
    env.globals["band_edges"] = lambda t: (t, t + (1 - t) / 2)
    return env


def histogram_svg(counts: Sequence[int], label: str, threshold: float, width: int = 100,
                  height: int = 24) -> Markup:
    """An inline SVG histogram of confidences (bins 0-0.1, ..., 0.9-1.0), one path per
    colour band (built here rather than in a template loop: the index draws thousands)."""
    top = max(counts) if counts and max(counts) else 1
    step = width / HISTOGRAM_BINS
    paths: dict[str, list[str]] = {"low": [], "medium": [], "high": []}
    for index, count in enumerate(counts):
        if count:
            tall = height * count / top
            paths[band((index + 0.5) / HISTOGRAM_BINS, threshold)].append(
                f"M{index * step:.1f} {height}v-{tall:.1f}h{step - 1:.1f}v{tall:.1f}z")
    shapes = "".join(f'<path class="bar {name}" d="{"".join(parts)}"></path>'
                     for name, parts in paths.items() if parts)
    counted = ", ".join(f"{i / HISTOGRAM_BINS:.1f}–{(i + 1) / HISTOGRAM_BINS:.1f}: {c}"
                        for i, c in enumerate(counts) if c)
    return Markup(f'<svg class="histogram" width="{width}" height="{height}" '
                  f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
                  f"<title>{escape(label)}: {counted or 'no pairs'}</title>{shapes}"
                  f'<line class="axis" x1="0" y1="{height - 0.5}" x2="{width}" '
                  f'y2="{height - 0.5}"></line></svg>')


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
                             "moved", "decided")})


def render_article(view: ArticleView, threshold: float, token: str = "",
                   static: bool = False) -> str:
    return _environment().get_template("article.html").render(
        article=view, threshold=threshold, token=token, static=static,
        links=_links(static, token, 1 if static else 0))
