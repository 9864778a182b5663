import pytest
from click.testing import CliRunner

from l10nflow.align import Aligner
from l10nflow.align.features import words
from l10nflow.align.learn import LearnedModel
from l10nflow.align.lexicon import Lexicon, bundled_lexicon, load_lexicons
from l10nflow.cli import main
from l10nflow.errors import InputError


def test_bundled_lexicon_is_large_and_covers_news_vocabulary():
    lexicon = bundled_lexicon("vi", "en")
    assert len(lexicon) >= 5000
    assert {"north", "korea"} <= lexicon.translations(["triều", "tiên"], "forward")
    assert "treaty" in lexicon.translations(["hiệp", "ước"], "forward")
    assert "troop" in lexicon.translations(["binh", "sĩ"], "forward")   # stemmed
    assert "hiệp_ước" in lexicon.translations(["treaty"], "backward")
    assert bundled_lexicon("de", "en") is None


def test_lexicon_format_comments_and_phrases():
    text = "# house terms\nthủ tướng\tprime minister; premier  # note\n\nđặc khu\tspecial zone\n"
    lexicon = Lexicon.from_text(text)
    assert len(lexicon) == 2
    assert {"prime", "minister", "premier"} <= lexicon.translations(["thủ", "tướng"], "forward")
    assert lexicon.translations(["đặc", "khu", "kinh", "tế"], "forward") >= {"special", "zone"}
    assert "thủ_tướng" in lexicon.vocabulary("source")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("ok\tfine\nno tab here\n", 2, "needs a tab"),
    ("a\t ; \n", 1, "empty source or translation"),
])
def test_bad_lexicon_lines_name_the_line(tmp_path, text, line, message):
    path = tmp_path / "house.tsv"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        Lexicon.from_file(path)
    assert info.value.line == line and message in str(info.value)


def test_user_lexicon_is_merged_with_the_bundled_one(tmp_path):
    path = tmp_path / "house.tsv"
    path.write_text("phường đồng hới\tDong Hoi ward\n", "utf-8")
    merged = load_lexicons("vi", "en", [path])
    assert "ward" in merged.translations(["phường", "đồng", "hới"], "forward")
    assert "treaty" in merged.translations(["hiệp", "ước"], "forward")
    only_user = load_lexicons("vi", "en", [path], bundled=False)
    assert len(only_user) == 1


def test_cli_reports_a_bad_user_lexicon(tmp_path):
    vi, en, lex = tmp_path / "vi.txt", tmp_path / "en.txt", tmp_path / "lex.tsv"
    vi.write_text("Xin chào.", "utf-8")
    en.write_text("Hello.", "utf-8")
    lex.write_text("broken line\n", "utf-8")
    result = CliRunner().invoke(main, ["align", str(vi), str(en), "--lexicon", str(lex)])
    assert result.exit_code == 2 and f"{lex}:1:" in result.output


ANIMALS = [("mèo", "cat"), ("chó", "dog"), ("cá", "fish"), ("chim", "bird"), ("ngựa", "horse"),
           ("gà", "chicken"), ("bò", "cow"), ("khỉ", "monkey")]
ACTIONS = [("ngủ", "sleeps"), ("chạy", "runs"), ("ăn", "eats"), ("nhảy", "jumps"),
           ("hát", "sings"), ("đứng", "stands"), ("ngồi", "sits"), ("chơi", "plays")]


PLACES = [("ghế", "chair"), ("sân", "yard"), ("nước", "water"), ("mái nhà", "roof")]


def training_pairs():
    """What a first pass over a corpus would yield: normalised words of confident pairs."""
    for vi_animal, en_animal in ANIMALS:
        for vi_action, en_action in ACTIONS:
            for vi_place, en_place in PLACES:
                yield (words(f"con {vi_animal} {vi_action} ở {vi_place}", "vi"),
                       words(f"the {en_animal} {en_action} at the {en_place}", "en"))


def test_learned_model_finds_word_translations():
    model = LearnedModel.learn(list(training_pairs()))
    assert "cat" in model.translations(["mèo"], "forward")
    assert "mèo" in model.translations(["cat"], "backward")
    assert "sleep" in model.translations(["ngủ"], "forward")


def test_learned_model_fixes_what_the_length_model_gets_wrong():
    # The English drops the dog sentence; by length alone the fish sentence could as
    # well be the dropped one, and the length model guesses wrong.
    vi = ["Con mèo ngủ ở ghế.", "Con chó chạy ở sân.", "Con cá ăn ở nước.",
          "Con gà hát ở mái nhà."]
    en = ["The cat sleeps at the chair.", "The fish eats at the water.",
          "The chicken sings at the roof."]
    gold = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
    length_only = Aligner("vi", "en", learn=False).align(vi, en)
    assert [(b.src, b.tgt) for b in length_only] != gold
    learned = LearnedModel.learn(list(training_pairs()))
    with_model = Aligner("vi", "en", model=learned, learn=False).align(vi, en)
    assert [(b.src, b.tgt) for b in with_model] == gold


def test_parallel_corpus_alignment_gives_the_same_result(monkeypatch):
    import l10nflow.align as align_module
    monkeypatch.setattr(align_module, "PARALLEL_MIN", 0)
    docs = [(["Con mèo ngủ.", "Con chó chạy."], ["The cat sleeps.", "The dog runs."]),
            (["Con cá ăn.", "Con chim hát."], ["The fish eats.", "The bird sings."])] * 3
    aligner = Aligner("vi", "en", model=bundled_lexicon("vi", "en"))
    assert aligner.align_corpus(docs, jobs=2) == aligner.align_corpus(docs, jobs=1)
