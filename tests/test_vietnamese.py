import pytest

from l10nflow.vietnamese import (
    extract_numbers,
    fold,
    has_vietnamese_letters,
    nfc,
    parse_number,
    set_tone_style,
    tone_style_of,
)


def test_fold_strips_diacritics_and_d_bar():
    assert fold("Quảng Trị") == "Quang Tri"
    assert fold("Đồng Hới, Anh Vũ") == "Dong Hoi, Anh Vu"


def test_nfc_composes_decomposed_text():
    decomposed = "Vu\u0303"
    assert nfc(decomposed) == "Vũ"
    assert len(nfc(decomposed)) == 2


def test_has_vietnamese_letters():
    assert has_vietnamese_letters("thưởng Tết")
    assert has_vietnamese_letters("Vu\u0303")
    assert not has_vietnamese_letters("Quang Tri and Kyiv")


@pytest.mark.parametrize(("old", "new"), [("hòa", "hoà"), ("thủy", "thuỷ"), ("Hóa học", "Hoá học"),
                                          ("khỏe", "khoẻ"), ("Ủy ban", "Uỷ ban")])
def test_tone_styles_convert_both_ways(old, new):
    assert set_tone_style(old, "new") == new
    assert set_tone_style(new, "old") == old
    assert tone_style_of(old.split()[0]) == "old"
    assert tone_style_of(new.split()[0]) == "new"


@pytest.mark.parametrize("word", ["quý", "hoàng", "thuyền", "Quảng"])
def test_tone_style_neutral_words_unchanged(word):
    assert set_tone_style(word, "old") == word == set_tone_style(word, "new")
    assert tone_style_of(word) is None


def test_unknown_tone_style_is_refused():
    with pytest.raises(ValueError, match="unknown tone style"):
        set_tone_style("hòa", "modern")


@pytest.mark.parametrize(("token", "lang", "value"), [
    ("10.000", "vi", 10000), ("10,000", "en", 10000), ("3,5", "vi", 3.5), ("3.5", "en", 3.5),
    ("1.500.000", "vi", 1500000), ("1,500,000", "en", 1500000), ("1.234,5", "vi", 1234.5),
    ("1,234.5", "en", 1234.5), ("2024", "vi", 2024),
])
def test_parse_number_by_convention(token, lang, value):
    assert parse_number(token, lang) == value


def test_extract_numbers_applies_magnitude_words():
    vi = list(extract_numbers("hơn 10.000 binh sĩ và 1 triệu đồng, tăng 3,5%", "vi"))
    assert [(m.value, m.scaled, m.percent) for m in vi] == [
        (10000, 10000, False), (1, 1_000_000, False), (3.5, 3.5, True)]
    assert vi[1].text == "1 triệu"
    en = list(extract_numbers("10,000 troops and 1 million VND, 1.5 billion", "en"))
    assert [m.scaled for m in en] == [10000, 1_000_000, 1_500_000_000]


def test_literal_union_matches_like_a_sorted_alternation():
    """The trie-shaped regex finds what the plain alternation (longest first) finds."""
    import random
    import re

    from l10nflow.regexutil import literal_union
    rng = random.Random(7)
    for _ in range(300):
        words = {"".join(rng.choice("ab.c") for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(1, 8))}
        plain = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
        trie = re.compile(literal_union(words))
        for _ in range(10):
            text = "".join(rng.choice("ab.c ") for _ in range(24))
            assert [m.span() for m in trie.finditer(text)] == \
                [m.span() for m in plain.finditer(text)], (words, text)
    assert re.fullmatch(literal_union(["tháng sáu"], space=r"\s+"), "tháng \n sáu")
    assert re.search(literal_union([]), "anything") is None


def test_lowered_keeps_offsets():
    from l10nflow.vietnamese import lowered
    text = "İstanbul và HÀ NỘI"
    assert len("İ".lower()) == 2 and len(lowered(text)) == len(text)
    assert lowered(text).endswith("hà nội")


def test_set_tone_style_only_touches_open_syllables():
    assert set_tone_style("Hòa bình, THỦY thủ, khỏe, hoa", "new") == \
        "Hoà bình, THUỶ thủ, khoẻ, hoa"
