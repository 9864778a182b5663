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


def run(check_id, *items, config=None, langs=("vi", "en")):
    ctx = CheckContext(config or CheckConfig(), *langs)
    ctx.sources = [i.unit.source for i in items]
    ctx.targets = [i.unit.target for i in items]
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
    # software strings and English -> Vietnamese (the fifth item: the language pair)
    ("printf-format", ("From %.*s\n", "Từ %s\n"), ("From %.*s\n", "Từ %.*s\n"), "%.*s",
     ("en", "vi")),
    ("python-format", ("%(count)d files", "%(số)d tệp"), ("%(count)d files", "%(count)d tệp"),
     "%(count)d", ("en", "vi")),
    ("brace-format", ("Hello {name}", "Xin chào {ten}"), ("Hello {name}", "Xin chào {name}"),
     "{name}", ("en", "vi")),
    ("markup", ("<b>Warning</b>", "<b>Cảnh báo"), ("<b>Warning</b>", "<b>Cảnh báo</b>"), "</b>",
     ("en", "vi")),
    ("accelerator", ("_Open", "Mở"), ("_Open", "_Mở"), "'_'", ("en", "vi")),
    ("escapes", ("Use \\n here", "Dùng n ở đây"), ("Use \\n here", "Dùng \\n ở đây"),
     "\\n", ("en", "vi")),
    ("inline-codes", ("⟦g1⟧Save⟦/g1⟧ now", "Lưu ngay"), ("⟦g1⟧Save⟦/g1⟧ now", "⟦g1⟧Lưu⟦/g1⟧ ngay"),
     "⟦g1⟧", ("en", "vi")),
    ("untranslated-english",
     ("The minister said the talks will resume.", "Bộ trưởng said the talks will resume."),
     ("The minister said the talks will resume.", "Bộ trưởng cho biết đàm phán sẽ nối lại."),
     "said the talks will resume", ("en", "vi")),
    ("number-format", ("It rose 1.5 million.", "Tăng 1.5 triệu."),
     ("It rose 1.5 million.", "Tăng 1,5 triệu."), "1,5 triệu", ("en", "vi")),
]


@pytest.mark.parametrize(("check_id", "bad", "good", "named", "langs"),
                         [(*c, ("vi", "en"))[:5] for c in CASES], ids=[c[0] for c in CASES])
def test_check_positive_and_negative(check_id, bad, good, named, langs):
    assert CHECKS[check_id].languages.applies(*langs)
    findings = run(check_id, located(*bad), langs=langs)
    assert findings, f"{check_id} missed {bad}"
    assert named in findings[0].message or named in (findings[0].suggestion or "")
    assert findings[0].check == check_id and findings[0].line == 10
    assert run(check_id, located(*good), langs=langs) == []


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
          ("tháng 6/2024, 15 triệu", "June 2024, 15 million"), ("30-50%", "30-50%"),
          ("vào tháng 04 năm 2011 họ", "in April 2011, they")]    # a new-user trial's
    for source, target in ok:
        assert run("number-mismatch", located(source, target)) == [], (source, target)
        assert run("date-mismatch", located(source, target)) == [], (source, target)
    assert run("number-mismatch", located("1,5 tỷ USD", "1.5 million USD"))
    assert run("number-mismatch", located("3,5%", "35%"))
    # shown with how it was read only when that is not plain to see
    (year,) = run("number-mismatch", located("năm 2011", "last year"))
    assert year.message == "'2011' is missing from the translation"
    (read,) = run("number-mismatch", located("10.000 người", "1,000 people"))
    assert read.message == "'10.000' (10,000) is '1,000' in the translation"


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
    """A check's hints (applied by one scan over joined texts, or unit by unit when they
    pick most units) must never hide a unit the check reports: checking only the
    hinted units finds what checking all does.  The units are generated from a pool of
    texts with the source and the target drawn separately, so a hint on one side is
    tested against every kind of text on the other, in every language pair."""
    import random

    from l10nflow.checks.runner import unit_findings
    from l10nflow.formats import read_store
    sources = [s for c in CASES for s in (c[1][0], c[2][0])]
    targets = [s for c in CASES for s in (c[1][1], c[2][1])]
    sources += ["Ông Hải đến.", "ngày 5/11", "", "x", "November 5, at 7:30 p.m.", "%s và %d"]
    targets += ["Mr Hải arrived\u200b, «quoted»", "on november 5", "orphan", "", "ngày 5/11"]
    for path in sorted((PROJECT / "locales" / "en").glob("*.po"))[:4]:
        for unit in read_store(path).units:
            sources.append(unit.source)
            targets.append(unit.target)
    for name in ("wire.po", "software.po"):
        for unit in read_store(PROJECT / "tests" / "data" / "checks-en-vi" / name).units:
            sources.append(unit.source)
            targets.append(unit.target)
    rng = random.Random(12)
    pairs = list(zip(sources, targets, strict=False))
    pairs += [(rng.choice(sources), rng.choice(targets)) for _ in range(1500)]
    pairs += [(s, "") for s in sources[:50]] + [("", t) for t in targets[:50]]
    flags = ([], ["c-format"], ["python-format"], ["python-brace-format"], ["no-c-format"])
    items = [located(s, t, key=f"g:{n}", flags=list(flags[n % len(flags)]))
             for n, (s, t) in enumerate(pairs)]
    fired = set()
    for langs in (("vi", "en"), ("en", "vi"), ("en", "es")):
        for config in (CheckConfig(), CheckConfig(name_style="diacritics")):
            ctx = CheckContext(config, *langs)
            ctx.sources = [i.unit.source for i in items]
            for check in CHECKS.values():
                if check.corpus_wide or not check.hints(ctx) or \
                        not check.languages.applies(*langs):
                    continue
                every = [f.as_dict() for i in items for f in check.check_unit(i, ctx)]
                hinted = [f.as_dict() for f in unit_findings(items, [check], ctx)]
                assert sorted(map(repr, hinted)) == sorted(map(repr, every)), (check.id, langs)
                fired |= {check.id} if every else set()
    hinted_checks = {c.id for c in CHECKS.values() if not c.corpus_wide and
                     c.hints(CheckContext(CheckConfig(), "en", "vi"))}
    assert hinted_checks <= fired, hinted_checks - fired


def test_hints_are_enforced_by_the_runner():
    """A check never sees a unit its hints do not pick, even where the runner tests
    them unit by unit (a hint that picks most units)."""
    import re

    from l10nflow.checks import runner
    from l10nflow.checks.base import Check, Hint, Languages

    seen = []

    class Spy(Check):
        id, severity, description, example = "spy", None, "", ""
        languages = Languages()

        def hints(self, ctx):
            return (Hint("target", re.compile("x")),)

        def check_unit(self, item, ctx):
            seen.append(item.unit.target)
            return ()

    items = [located("s", "x" if n % 3 else "y", key=f"k{n}") for n in range(900)]
    runner.unit_findings(items, [Spy()], CheckContext(CheckConfig()))
    assert seen and "y" not in seen


def test_registering_two_checks_with_one_id_is_an_error():
    from l10nflow.checks.base import Check, register
    with pytest.raises(ValueError, match="two checks with the id 'whitespace'"):
        @register
        class Again(Check):
            id, severity, description, example = "whitespace", None, "", ""
            languages = CHECKS["whitespace"].languages
    with pytest.raises(TypeError, match="does not declare languages"):
        @register
        class Undeclared(Check):
            id, severity, description, example = "undeclared", None, "", ""
    assert "undeclared" not in CHECKS and type(CHECKS["whitespace"]).__name__ == "Whitespace"


def test_every_check_declares_its_languages_and_sides():
    for check in CHECKS.values():
        assert set(check.languages.sides) <= {"source", "target"} and check.languages.sides
    vietnamese_only = ("untranslated-vietnamese", "name-diacritics", "legacy-encoding",
                       "tone-mark-style", "untranslated-english", "number-format")
    for check_id in vietnamese_only:
        assert not CHECKS[check_id].languages.applies("en", "es"), check_id
    assert not CHECKS["untranslated-vietnamese"].languages.applies("en", "vi")


def test_run_caches_live_on_the_context_and_are_bounded():
    from l10nflow.checks import numbers
    ctx = CheckContext(CheckConfig())
    run("number-mismatch", located("Giá 1 triệu đồng.", "1 billion VND"))
    assert not hasattr(numbers._numbers, "cache_info")       # no module-level memo
    numbers._numbers("Giá 1 triệu đồng.", "vi", ctx)
    info = ctx.memo("numbers", None).cache_info()
    assert info.currsize == 1 and info.maxsize is not None
    assert CheckContext(CheckConfig()).memo("numbers", lambda *a: 0)("x", "vi") == 0


def test_whitespace_is_compared_with_the_source():
    """git's "From %.*s\n": the newline the source has must stay (msgfmt -c needs it)."""
    finding = run("whitespace", located("From %.*s\n", "Từ %.*s"), langs=("en", "vi"))[0]
    assert finding.suggestion == "Từ %.*s\n"
    assert run("whitespace", located("  or: %s\n", "  hoặc: %s\n"), langs=("en", "vi")) == []
    assert run("whitespace", located("\nHint:", "\nGợi ý:"), langs=("en", "vi")) == []
    assert run("whitespace", located("a  b", "c  d"), langs=("en", "vi")) == []


def test_placeholders_may_be_reordered_with_numbers():
    def printf(source, target, flags=("c-format",)):
        return run("printf-format", located(source, target, flags=list(flags)),
                   langs=("en", "vi"))
    assert printf("%s and %d", "%2$d và %1$s") == []
    assert printf("%s and %d", "%d và %s")                      # types swapped
    assert printf("Done: %s", "Xong", flags=["no-c-format"]) == []
    assert printf("up 50% so far", "tăng 50% đến nay", flags=[]) == []
    assert printf("%lu second ago", "%lu giây trước") == []
    assert printf(":%d:%s", ":% d:%s") == []                   # "% d": a space flag
    assert printf(":%d:%s", ":% d:%s", flags=[])               # unflagged: not a directive
    plural = located("Deleted %d file", "Đã xóa tập tin", flags=["c-format"],
                     source_plural="Deleted %d files")
    assert run("printf-format", plural, langs=("en", "vi"))


def test_vietnamese_repeats_that_are_words():
    def repeats(target):
        return run("repeated-word", located("x", target), langs=("en", "vi"))
    for fine in ("hãy chỉ định định dạng tệp", "giá tăng dần dần", "từ từ thôi",
                 "cơ sở sở hữu", "thử lệnh “help help”"):
        assert repeats(fine) == [] or ("help help" in fine and repeats(fine)), fine
    for slip in ("không thể nâng cấp định định dạng kho", "thiếu giá trị cho cho “%s”"):
        assert repeats(slip), slip
    assert run("repeated-word", located("Try `help help'", "Thử lệnh “help help”"),
               langs=("en", "vi")) == []


def test_numbers_and_dates_into_vietnamese():
    ok = [("1.5 million", "1,5 triệu"), ("November 12", "ngày 12/11"),
          ("November 12, 2024", "ngày 12 tháng 11 năm 2024"), ("$1 trillion", "1 nghìn tỷ USD"),
          ("1.2 trillion dong", "1.200 tỷ đồng"), ("at 7:30 p.m.", "lúc 19h30"),
          ("on Monday", "hôm thứ Hai"), ("10,000 people", "10.000 người")]
    for source, target in ok:
        for check in ("number-mismatch", "date-mismatch", "number-format"):
            assert run(check, located(source, target), langs=("en", "vi")) == [], \
                (check, source, target)
    assert run("date-mismatch", located("November 12", "ngày 11/12"), langs=("en", "vi"))
    assert run("number-mismatch", located("1.5 million", "15 triệu"), langs=("en", "vi"))
    wrong = run("number-format", located("10,000 people", "10,000 người"), langs=("en", "vi"))
    assert wrong and wrong[0].suggestion == "10.000"


def test_glossary_terms_in_the_other_direction():
    """The bundled glossary serves English -> Vietnamese too."""
    missing = run("term-missing", located("The Politburo met.", "Ban Bí thư họp."),
                  langs=("en", "vi"))
    assert missing and missing[0].suggestion == "Bộ Chính trị"
    left = run("untranslated-title", located("The National Assembly voted.",
                                             "National Assembly đã biểu quyết."),
               langs=("en", "vi"))
    assert left and left[0].suggestion == "Quốc hội"
    assert run("term-missing", located("Quốc hội họp.", "The National Assembly met.")) == []
    assert run("untranslated-title", located("Phim Người Hà Nội.", "The film Nguoi Ha Noi.")
               ) == []


def test_a_byline_keeps_its_vietnamese_names():
    """A new-user trial: the English desk's byline "By Đức Trung" (English-only text, no
    source to learn the name from) was an error, 'translate Đức (e.g. Germany)'."""
    byline = located("", "By Đức Trung", key="a:en1.1", bead="0-1", kind="byline")
    assert run("untranslated-vietnamese", byline) == []
    story = located("", "By Đức Trung", key="a:en1.1", bead="0-1")
    assert run("untranslated-vietnamese", story)
