"""Vietnamese text handling, in one package, a module per concern.

Everything in l10nflow that needs to know how Vietnamese is written comes here:

* :mod:`.normalise` -- Unicode NFC, diacritic folding ("Quảng Trị" -> "Quang Tri"),
  letter tests, offset-keeping lower case and tone-mark placement styles ("hòa"/"hoà");
* :mod:`.numbers` -- number forms on both sides of a pair (vi ``10.000`` / ``3,5`` /
  ``1 triệu`` against en ``10,000`` / ``3.5`` / ``1 million``), number words, currencies;
* :mod:`.dates` -- dates and clock times (``ngày 12/11``, ``7h11``; English month names);
* :mod:`.encodings` -- mojibake and legacy 8-bit encodings (TCVN3, VISCII, VNI).

The functions are pure; the few caches here are bounded memos of pure functions
(``fold``, ``lowered``, ``tone_style_of``) or constant tables.  Caches that live for one
check run are on the run's context (:class:`l10nflow.checks.CheckContext`).
"""

from .dates import (
    VI_DATE_CUES,
    DateMention,
    TimeMention,
    extract_dates,
    extract_times,
    may_hold_date,
    may_hold_numbered_date,
)
from .encodings import LEGACY_HINT, MOJIBAKE_HINT, decode_legacy, repair_mojibake
from .normalise import (
    TONE_STYLES,
    fold,
    has_vietnamese_letters,
    lowered,
    nfc,
    set_tone_style,
    style_candidates,
    tone_style_of,
    vietnamese_letter,
    word_start_matches,
)
from .numbers import (
    NUMBER_WORDS,
    NumberMention,
    currency_of,
    extract_numbers,
    may_name_currency,
    number_word_values,
    parse_number,
    plain_digit_strings,
)

__all__ = [
    "LEGACY_HINT", "MOJIBAKE_HINT", "NUMBER_WORDS", "TONE_STYLES",
    "VI_DATE_CUES", "DateMention", "NumberMention", "TimeMention", "currency_of",
    "decode_legacy", "extract_dates", "extract_numbers", "extract_times", "fold",
    "has_vietnamese_letters", "lowered", "may_hold_date", "may_hold_numbered_date",
    "may_name_currency", "nfc",
    "number_word_values", "parse_number", "plain_digit_strings", "repair_mojibake",
    "set_tone_style", "style_candidates", "tone_style_of", "vietnamese_letter",
    "word_start_matches",
]
