"""Broken encodings: mojibake (UTF-8 read as Windows-1252) and Vietnamese typed in legacy
8-bit encodings (TCVN3/ABC, VISCII, VNI)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .normalise import has_vietnamese_letters, nfc

# --- broken encodings ------------------------------------------------------------------------

# Cheap pre-filters: no match means repair_mojibake / decode_legacy find nothing.
MOJIBAKE_HINT = re.compile("[ÃÄÅÆáâäåæ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                            "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def repair_mojibake(text: str) -> str | None:
    """The text meant, if *text* is UTF-8 that was decoded as Windows-1252 or Latin-1
    (``VÅ©`` for ``Vũ``, ``Viá»‡t`` for ``Việt``); otherwise None."""
    if not MOJIBAKE_HINT.search(text):
        return None
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return nfc(fixed)
    # Only part of the text may be broken: repair word by word.
    repaired, changed = [], False
    for word in re.split(r"(\s+)", text):
        fixed_word = None
        if MOJIBAKE_HINT.search(word):
            for codec in ("cp1252", "latin-1"):
                try:
                    fixed_word = word.encode(codec).decode("utf-8")
                    break
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
        repaired.append(fixed_word or word)
        changed = changed or bool(fixed_word)
    return nfc("".join(repaired)) if changed else None


@cache
def _legacy_tables() -> dict[str, dict[str, str]]:
    import json
    from importlib import resources
    data = resources.files("l10nflow").joinpath("data/legacy-encodings.json").read_text("utf-8")
    tables = {k: v for k, v in json.loads(data).items() if not k.startswith("_")}
    tables["vni"] = _VNI
    return tables


# VNI-Windows writes a letter as a base plus a mark character; read as Windows-1252 the
# marks show as these accented letters ("Haø Noäi" for "Hà Nội").
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư"}
_VNI_PATTERN = re.compile(r"(?i)([aeiouyơư])(â|ê)?([ùøûõïáàåãä])|([aeo])(â)|(a)(ê)")
# Characters that Western European text (café, naïve, Zürich) does not use, so that a
# word holding one is legacy Vietnamese, not a loanword.
_DISTINCTIVE = set("µ¸¶·¹¨»¾¼½©®ª«¬\u00ad¡¢§£¤¥¦×Þ¿±²³´º¯°")


def _decode_vni(word: str) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            base, hat, tone = m.group(1), m.group(2), m.group(3)
            if hat:
                base = unicodedata.normalize("NFC", base + ("\u0302" if hat in "âÂ" else
                                                            "\u0306"))
                mark = _VNI_HAT_TONES.get(tone.lower()) or _VNI_TONES.get(tone.lower(), "")
            else:
                mark = _VNI_TONES.get(tone.lower()) or _VNI_HAT_TONES.get(tone.lower(), "")
                if tone.lower() in _VNI_HAT_TONES:
                    base = unicodedata.normalize("NFC", base + "\u0302")
            return unicodedata.normalize("NFC", base + mark)
        if m.group(4):
            return unicodedata.normalize("NFC", m.group(4) + "\u0302")
        return unicodedata.normalize("NFC", m.group(6) + "\u0306")
    return _VNI_PATTERN.sub(repl, "".join(_VNI.get(c, c) for c in word))


def decode_legacy(text: str, known: set[str] | frozenset[str] = frozenset()
                  ) -> tuple[str, str] | None:
    """(encoding, repaired text) if *text* holds Vietnamese typed in a legacy 8-bit
    encoding (TCVN3/ABC, VISCII, VNI) and shown as Latin-1: ``Hµ Néi`` -> ``Hà Nội``.

    *known* is a set of Vietnamese syllables; the encoding whose decoding yields the most
    known syllables wins.  Returns None for ordinary text.
    """
    if text.isascii() or not LEGACY_HINT.search(text):
        return None          # no TCVN3/VISCII symbol, no letter VNI uses but Vietnamese never
    words = re.findall(r"[^\s\d.,;:!?()\"'“”‘’|/]+", text)
    suspects = [w for w in words if any(c in _DISTINCTIVE for c in w)]
    vni = [w for w in words if _VNI_PATTERN.search(w) or any(c in _VNI for c in w)]
    if not suspects and len(vni) < 2:
        return None

    def known_count(items: list[str]) -> int:
        return sum(1 for s in items if s.lower() in known and has_vietnamese_letters(s))

    best: tuple[int, str, dict[str, str]] | None = None
    for name, table in _legacy_tables().items():
        candidates = vni if name == "vni" else [w for w in words if any(c in table for c in w)]
        if name != "vni" and not suspects:
            continue
        fixed = {w: _decode_vni(w) if name == "vni" else "".join(table.get(c, c) for c in w)
                 for w in candidates}
        gain = known_count(list(fixed.values())) - known_count(candidates)
        if gain >= (2 if name == "vni" else 1) and (best is None or gain > best[0]):
            best = (gain, name, fixed)
    if best is None:
        return None
    repaired = text
    for word in sorted(best[2], key=len, reverse=True):
        repaired = repaired.replace(word, best[2][word])
    return best[1], nfc(repaired)


LEGACY_HINT = re.compile("[" + re.escape("".join(sorted(_DISTINCTIVE))) + "øïåäöñûëÑ]")


