"""What a corpus alignment run leaves for the next one: the learned model and what it read.

``l10nflow align CORPUS -o DIR`` keeps ``DIR/<target-lang>/.l10nflow-align.json``::

    {"format": 1,
     "settings": "<hash of languages, format, threshold, aligner parameters, lexicons,
                  l10nflow's code>",
     "model": {"source_lang": "vi", "target_lang": "en",
               "forward": {"triều_tiên": ["korea", "north"], ...}, "backward": {...}},
     "articles": {"<article id>": {"inputs": "<hash of vi.txt, en.txt, meta.toml>",
                                   "output": "<file name>", "written": "<hash of it>"}}}

The next run reuses the model instead of learning it again, so adding articles does not
move the old ones, and skips every article whose inputs, settings and output file are as
the state says.  The model is an input like the texts: the same inputs and state give
byte-identical files.  ``--relearn`` ignores the state and gives exactly what a fresh run
gives (and writes a new state).  A state file that cannot be read is reported and ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .align.learn import LearnedModel
from .fsutil import atomic_write_bytes

__all__ = ["STATE_FILE", "AlignState", "code_digest", "digest", "file_digest"]

STATE_FILE = ".l10nflow-align.json"
FORMAT = 1


def digest(parts: Iterable[bytes | str]) -> str:
    """A short stable hash of *parts* (their lengths count, so boundaries cannot shift)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:24]


def code_digest() -> str:
    """A hash of l10nflow's own code and data: a state saved by other code (an upgrade, a
    local change) is not reused, since the same inputs might now align differently."""
    root = Path(__file__).resolve().parent
    files = sorted(p for p in root.rglob("*") if p.suffix in {".py", ".txt", ".tsv",
                                                              ".toml", ".json", ".tbx"})
    return digest([part for p in files
                   for part in (p.relative_to(root).as_posix(), p.read_bytes())])


def file_digest(path: Path) -> str | None:
    """The hash of a file's bytes, or None when it cannot be read."""
    try:
        return digest([path.read_bytes()])
    except OSError:
        return None


@dataclass
class AlignState:
    """The learned model and, per article, the hash of its inputs and of the file written."""

    settings: str
    model: LearnedModel | None = None
    articles: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, settings: str) -> tuple[AlignState | None, str | None]:
        """The state saved at *path* for these *settings*, and why it cannot be used."""
        if not path.is_file():
            return None, None
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != FORMAT:
                return None, f"{path}: written by another version of l10nflow; relearning"
            if data.get("settings") != settings:
                return None, None          # other settings: a fresh run, silently
            model = LearnedModel.from_json(data["model"]) if data.get("model") else None
            articles = {str(k): {str(a): str(b) for a, b in v.items()}
                        for k, v in data["articles"].items()}
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError,
                AttributeError) as exc:
            return None, (f"{path}: cannot be read ({exc.__class__.__name__}); ignoring it "
                          "and learning again")
        return cls(settings, model, articles), None

    def unchanged(self, article: str, inputs: str, output: Path) -> bool:
        """Whether *article* was aligned from these inputs into *output*, as it is now."""
        entry = self.articles.get(article)
        return (entry is not None and entry.get("inputs") == inputs
                and entry.get("output") == output.name
                and entry.get("written") == file_digest(output))

    def record(self, article: str, inputs: str, output: Path) -> None:
        self.articles[article] = {"inputs": inputs, "output": output.name,
                                  "written": file_digest(output) or ""}

    def save(self, path: Path) -> None:
        data = {"format": FORMAT, "settings": self.settings,
                "model": self.model.to_json() if self.model else None,
                "articles": {k: self.articles[k] for k in sorted(self.articles)}}
        text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
        atomic_write_bytes(path, text.encode("utf-8"))
