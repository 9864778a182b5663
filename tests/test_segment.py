from pathlib import Path

import pytest

from l10nflow.segment import SegmentationRules, Segmenter, segment_text

CASES = Path(__file__).parent / "data" / "segment_news_cases.txt"


def news_cases():
    for block in CASES.read_text("utf-8").strip().split("\n\n"):
        header, *sentences = block.split("\n")
        yield pytest.param(header.strip("[]"), sentences, id=sentences[0][:40])


@pytest.mark.parametrize(("lang", "sentences"), list(news_cases()))
def test_news_cases_split_as_written(lang, sentences):
    assert Segmenter(lang).split(" ".join(sentences)) == sentences


@pytest.mark.parametrize("text", [
    "Ông sống ở TP. Hồ Chí Minh.", "PGS. TS. Lê Thị Mai phát biểu.", "BS. Trần Văn Bình khám bệnh.",
    "Hơn 10.000 người, tăng 3,5%.", "Ngày 12/11/2024 trời mưa.", "Xem https://a.vn/b.c.html ngay.",
    "Gửi thư tới toasoan@example.vn nhé.", "Anh ấy đi... rồi về.",
])
def test_vi_no_split_inside(text):
    assert Segmenter("vi").split(text) == [text]


@pytest.mark.parametrize("text", [
    "Mr. Smith met Dr. Jones.", "The U.S. President spoke.", "J. R. R. Tolkien wrote it.",
    "It rose 1.5% on Jan. 5 at No. 10 Downing Street.", "Email me at a.b@example.com today.",
])
def test_en_no_split_inside(text):
    assert Segmenter("en").split(text) == [text]


def test_split_after_closing_quote_and_bracket():
    assert Segmenter("en").split('He said "Go!" Then he left. (It was late.) Done.') == [
        'He said "Go!"', "Then he left.", "(It was late.)", "Done."]


def test_final_abbreviation_splits_only_before_capital():
    seg = Segmenter("en")
    assert seg.split("They sold hats, bags, etc. The rest stayed.") == [
        "They sold hats, bags, etc.", "The rest stayed."]
    assert seg.split("They sold hats, etc. and shoes.") == ["They sold hats, etc. and shoes."]


def test_rules_are_data_and_extendable():
    rules = SegmentationRules.for_language("vi")
    assert "ThS." in rules.abbreviations
    custom = SegmentationRules(rules.abbreviations | {"Ths."}, rules.final_abbreviations)
    assert Segmenter("vi", custom).split("Ths. Lan nói.") == ["Ths. Lan nói."]
    assert Segmenter("vi").split("Ths. Lan nói.") == ["Ths.", "Lan nói."]


def test_unknown_language_uses_generic_rules():
    assert Segmenter("de").split("Dr. Weber kam. Er ging.") == ["Dr. Weber kam.", "Er ging."]


def test_paragraph_ends_are_boundaries_and_lines_are_tracked():
    text = "Tiêu đề bài báo\n\nCâu một. Câu hai\nvẫn tiếp tục.\n\nCâu ba không có dấu chấm"
    sentences = segment_text(text, "vi")
    assert [(s.text, s.paragraph, s.line) for s in sentences] == [
        ("Tiêu đề bài báo", 0, 1),
        ("Câu một.", 1, 3),
        ("Câu hai vẫn tiếp tục.", 1, 3),
        ("Câu ba không có dấu chấm", 2, 6),
    ]


def test_short_unpunctuated_line_is_its_own_segment():
    text = "Anh Vũ\nRELATED NEWS\n\nBody text follows here."
    assert [s.text for s in segment_text(text, "en")] == [
        "Anh Vũ", "RELATED NEWS", "Body text follows here."]


def test_presegmented_keeps_lines():
    text = "Một. Hai.\nBa\n\nBốn"
    sentences = segment_text(text, "vi", presegmented=True)
    assert [(s.text, s.paragraph, s.line) for s in sentences] == [
        ("Một. Hai.", 0, 1), ("Ba", 0, 2), ("Bốn", 1, 4)]
