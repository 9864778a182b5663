"""Each check with a positive and a negative case."""

from pathlib import Path

import pytest

from conftest import PROJECT
from l10nflow.checks import CHECKS, CheckConfig, CheckContext
from l10nflow.checks.base import Located
from l10nflow.model import State, Unit


def located(source, target, key="a:1.1", bead="1-1", **kw):
    return Located(Unit(key, source, target, kw.pop("state", State.TRANSLATED), 0.9, bead,
                        "a", line=kw.pop("line", 10), **kw), Path("a.po"))


def run(check_id, *items, config=None):
    ctx = CheckContext(config or CheckConfig())
    ctx.sources = [i.unit.source for i in items]
    check = CHECKS[check_id]
    if check.corpus_wide:
        return list(check.check_corpus(list(items), ctx))
    return [f for item in items for f in check.check_unit(item, ctx)]


CASES = [
    # check id, bad (source, target), good (source, target), words the message names
    ("name-diacritics", ("Anh Vũ", "Anh Vủ"), ("Anh Vũ", "Anh Vu"), "Anh Vủ"),
    ("term-deprecated", ("Kiev bị tấn công.", "Kiev's mayor spoke."),
     ("Kiev bị tấn công.", "Kyiv's mayor spoke."), "Kiev's"),
    ("term-missing", ("Triều Tiên phóng tên lửa.", "Korea fired a missile."),
     ("Triều Tiên phóng tên lửa.", "North Korea's army fired a missile."), "North Korea"),
    ("untranslated-title", ("NSND Quốc Khánh qua đời.", "NSND Quoc Khanh died."),
     ("NSND Quốc Khánh qua đời.", "People's Artist Quoc Khanh died."), "NSND"),
    ("number-mismatch", ("Giá 1 triệu đồng.", "It costs 1 billion VND."),
     ("Hơn 10.000 binh sĩ, tăng 3,5%.", "More than 10,000 troops, up 3.5%."), "1 billion"),
    ("date-mismatch", ("Ngày 12/11/2024, lúc 7h11.", "On November 13, 2024, at 7:11 a.m."),
     ("Ngày 12/11/2024, lúc 7h11.", "On November 12, 2024, at 7:11 a.m."), "November 12"),
    ("untranslated-vietnamese", ("Nhận thưởng Tết.", "Receiving thưởng Tết."),
     ("Nhận thưởng Tết.", "Receiving a Tet bonus at a café."), "thưởng Tết"),
    ("not-nfc", ("Anh Vũ", "Anh Vu\u0303"), ("Anh Vũ", "Anh Vũ"), "NFC"),
    ("invisible-characters", ("Xin chào.", "Hello\u200b there."), ("Xin chào.", "Hello there."),
     "U+200B"),
    ("mojibake", ("Anh Vũ", "Anh VÅ©"), ("Anh Vũ", "Anh Vũ"), "mojibake"),
    ("legacy-encoding", ("ở Hà Nội", "in Hµ Néi"), ("ở Hà Nội", "in Ha Noi at the café"),
     "TCVN3"),
    ("target-empty", ("Câu này.", ""), ("Câu này.", "This one."), "no translation"),
    ("target-same", ("Giá tăng mạnh hôm nay.", "Giá tăng mạnh hôm nay."),
     ("Anh Vũ", "Anh Vũ"), "copy"),
    ("whitespace", ("Xin chào.", " Hello  there."), ("Xin chào.", "Hello there."), "double"),
    ("end-punctuation", ("Thật sao?", "Really."), ("Thật sao?", "Really?"), "'?'"),
    ("unbalanced-quotes", ("Ông nói: \"Đúng\".", "He said: \"Right."),
     ("Ông nói: \"Đúng\".", "He said: \"Right.\""), "quotes"),
    ("url-mismatch", ("Xem https://a.vn/x.", "See https://a.vn/y."),
     ("Xem https://a.vn/x.", "See https://a.vn/x."), "https://a.vn/y"),
    ("repeated-word", ("Số người.", "The the number."), ("Số người.", "The number."), "The the"),
    ("length-ratio", ("Một câu khá dài với nhiều chữ ở đây.", "Yes."),
     ("Một câu khá dài với nhiều chữ ở đây.", "A fairly long sentence with many words."),
     "times"),
    ("capitalisation", ("Hôm nay trời mưa.", "today it rains."),
     ("Hôm nay trời mưa.", "Today it rains."), "case"),
]


@pytest.mark.parametrize(("check_id", "bad", "good", "named"), CASES,
                         ids=[c[0] for c in CASES])
def test_check_positive_and_negative(check_id, bad, good, named):
    findings = run(check_id, located(*bad))
    assert findings, f"{check_id} missed {bad}"
    assert named in findings[0].message or named in (findings[0].suggestion or "")
    assert findings[0].check == check_id and findings[0].line == 10
    assert run(check_id, located(*good)) == []


def test_every_check_has_a_case_and_documentation():
    tested = {c[0] for c in CASES} | {"name-consistency", "tone-mark-style",
                                      "inconsistent-translation"}
    assert tested == set(CHECKS)
    for check in CHECKS.values():
        assert check.description and check.example and str(check.severity)


def test_suggestions_say_what_to_write():
    assert run("term-deprecated", located("x", "In Kiev today."))[0].suggestion == "Kyiv"
    assert run("untranslated-title", located("NSƯT Chiều Xuân", "NSUT Chieu Xuan"))[
        0].suggestion == "Meritorious Artist"
    assert run("mojibake", located("Vũ", "Anh VÅ©"))[0].suggestion == "Anh Vũ"
    assert run("legacy-encoding", located("", "Hµ Néi"))[0].suggestion == "Hà Nội"
    assert run("date-mismatch", located("ngày 15/2", "on February 16"))[
        0].suggestion == "February 15"


def test_number_check_understands_vietnamese_conventions():
    ok = [("hơn 10.000 binh sĩ", "more than 10,000 troops"), ("tăng 3,5%", "up 3.5%"),
          ("1 triệu đồng", "1 million VND"), ("khoảng 7 tên lửa", "about seven missiles"),
          ("phút 61", "the 61st minute"), ("2.500 tấn", "2,500 tons"),
          ("hàng chục nghìn binh sĩ", "tens of thousands of troops"),
          ("tháng 6/2024, 15 triệu", "June 2024, 15 million"), ("30-50%", "30-50%")]
    for source, target in ok:
        assert run("number-mismatch", located(source, target)) == [], (source, target)
    assert run("number-mismatch", located("1,5 tỷ USD", "1.5 million USD"))
    assert run("number-mismatch", located("3,5%", "35%"))


def test_number_check_compares_currencies():
    for source, target in [("1 triệu đồng", "1 million VND"), ("100 USD", "$100"),
                           ("5 tỷ đô la", "5 billion dollars"), ("20 euro", "€20")]:
        assert run("number-mismatch", located(source, target)) == [], (source, target)
    wrong = run("number-mismatch", located("Giá 100 USD.", "It costs 100 VND."))
    assert wrong and "USD" in wrong[0].message and "VND" in wrong[0].message
    assert run("number-mismatch", located("15 triệu đồng", "15 million dollars"))


def test_date_check_forms():
    ok = [("ngày 12/11", "November 12"), ("12/11/2024", "12 November 2024"),
          ("tháng 6/2024", "June 2024"), ("thứ hai, ngày 5/2", "Monday, February 5"),
          ("lúc 20h", "at 8 p.m."), ("Rạng sáng 13/2", "early on Feb. 13")]
    for source, target in ok:
        assert run("date-mismatch", located(source, target)) == [], (source, target)
    assert run("date-mismatch", located("thứ hai", "on Tuesday")) == []   # "thứ hai" alone
    assert run("date-mismatch", located("tháng 6/2024", "June 2023"))
    assert run("date-mismatch", located("thứ hai, ngày 5/2", "Tuesday, February 5"))


def test_name_consistency_points_at_the_usual_spelling():
    items = [located("Anh Vũ", "Anh Vũ", key=f"a:{n}.1") for n in range(3)]
    items.append(located("Anh Vũ", "Anh Vu", key="b:1.1"))
    findings = run("name-consistency", *items)
    assert [(f.unit, f.suggestion) for f in findings] == [("b:1.1", "Anh Vũ")]
    assert findings[0].related and findings[0].related[0][2] == "a:0.1"
    assert run("name-consistency", *items[:3]) == []


def test_name_style_is_configurable():
    folded = CheckConfig(name_style="folded")
    assert run("name-diacritics", located("Tại Quảng Trị", "In Quảng Trị"), config=folded)
    assert run("name-diacritics", located("Tại Quảng Trị", "In Quang Tri"), config=folded) == []
    keep = CheckConfig(name_style="diacritics")
    assert run("name-diacritics", located("Tại Quảng Trị", "In Quang Tri"), config=keep)


def test_name_diacritics_ignores_case():
    """A headline in capitals keeps or drops diacritics like any text; case is the
    capitalisation check's business."""
    assert run("name-diacritics", located("Anh Vũ viết", "By ANH VU")) == []
    assert run("name-diacritics", located("Anh Vũ viết", "By ANH VŨ")) == []
    assert run("name-diacritics", located("Anh Vũ viết", "By ANH VỦ"))
    folded = CheckConfig(name_style="folded")
    assert run("name-diacritics", located("Anh Vũ viết", "By ANH VŨ"), config=folded)


def test_tone_mark_style_majority_and_configured():
    items = [located("hòa bình", "peace", key="a:1.1"), located("thỏa thuận", "deal",
                                                                 key="a:2.1"),
             located("hoà giải", "mediation", key="a:3.1")]
    findings = run("tone-mark-style", *items)
    assert [(f.unit, f.suggestion) for f in findings] == [("a:3.1", "hòa giải")]
    new = run("tone-mark-style", *items, config=CheckConfig(tone_style="new"))
    assert sorted(f.unit for f in new) == ["a:1.1", "a:2.1"]
    assert run("tone-mark-style", *items[:2]) == []


def test_inconsistent_translation_both_ways():
    items = [located("Xin chào các bạn.", "Hello everyone.", key="a:1.1"),
             located("Xin chào các bạn.", "Hello everyone.", key="a:2.1"),
             located("Xin chào các bạn.", "Hi all.", key="a:3.1"),
             located("Chào buổi sáng mọi người.", "Hello everyone, good morning.", key="b:1.1"),
             located("Chào mọi người buổi sáng.", "Hello everyone, good morning.", key="b:2.1")]
    findings = run("inconsistent-translation", *items)
    assert {f.unit for f in findings} == {"a:3.1", "b:2.1"}
    assert run("inconsistent-translation", *items[:2]) == []


def test_hints_pick_every_unit_a_check_reports():
    """A check's hints (applied by one scan over joined texts) must never hide a unit
    the check reports: checking only the hinted units finds what checking all does."""
    from l10nflow.checks.runner import unit_findings
    from l10nflow.formats import read_store
    items = [located(*case[1], key=f"bad:{n}") for n, case in enumerate(CASES)]
    items += [located(*case[2], key=f"good:{n}") for n, case in enumerate(CASES)]
    items += [located("Ông Hải đến.", "Mr Hải arrived\u200b, «quoted»"),
              located("ngày 5/11", "on november 5"), located("", "orphan"), located("x", "")]
    for path in sorted((PROJECT / "locales" / "en").glob("*.po")):
        items += [Located(u, path) for u in read_store(path).units if not u.obsolete]
    for config in (CheckConfig(), CheckConfig(name_style="diacritics")):
        ctx = CheckContext(config)
        ctx.sources = [i.unit.source for i in items]
        for check in CHECKS.values():
            if check.corpus_wide or not check.hints(ctx):
                continue
            every = [f.as_dict() for i in items for f in check.check_unit(i, ctx)]
            hinted = [f.as_dict() for f in unit_findings(items, [check], ctx)]
            assert sorted(map(repr, hinted)) == sorted(map(repr, every)), check.id
            assert every or check.id in ("url-mismatch",), f"{check.id}: no case fires"
