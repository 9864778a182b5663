"""A language pair without a bundled lexicon: German-English, through the CLI."""

from click.testing import CliRunner

from l10nflow.cli import main

DE = [
    "Nordkorea hat nach Angaben aus Seoul mehrere ballistische Raketen abgefeuert.",
    "Die Raketen flogen etwa 400 Kilometer weit und stürzten ins Meer.",
    "Japan und Südkorea verurteilten den Start scharf.",
    "Die Regierung in Tokio berief eine Sondersitzung des Sicherheitsrates ein.",
    "Es war bereits der zweite Test innerhalb einer Woche.",
    "Analysten erwarten weitere Provokationen vor der Präsidentenwahl in den USA.",
    "Die Vereinten Nationen riefen alle Seiten zur Zurückhaltung auf.",
    "Ein Sprecher des Außenministeriums in Peking lehnte einen Kommentar ab.",
]
EN = [
    "North Korea fired several ballistic missiles, according to Seoul.",
    "The missiles flew about 400 kilometres and fell into the sea.",
    "Japan and South Korea sharply condemned the launch.",
    # the English drops the sentence about the special session in Tokyo
    "It was already the second test within a week.",
    "Analysts expect further provocations before the presidential election in the US, "
    "and the United Nations called on all sides to show restraint.",
    "A spokesman for the foreign ministry in Beijing declined to comment.",
]


def test_german_english_corpus_alignment(tmp_path):
    corpus = tmp_path / "corpus"
    for name, de, en in (("a", DE, EN), ("b", DE[:3], EN[:3])):
        (corpus / name).mkdir(parents=True)
        (corpus / name / "de.txt").write_text("\n\n".join(de), "utf-8")
        (corpus / name / "en.txt").write_text("\n\n".join(en), "utf-8")
    result = CliRunner().invoke(main, [
        "align", str(corpus), "-o", str(tmp_path / "out"), "--source-lang", "de",
        "--target-lang", "en", "--format", "beads", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    beads = (tmp_path / "out" / "en" / "a.beads").read_text("utf-8").splitlines()
    assert beads == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[]", "[4]:[3]", "[5, 6]:[4]",
                     "[7]:[5]"]
