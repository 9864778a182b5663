"""Checks follow each store's languages: PO, XLIFF 1.2, XLIFF 2 and TMX say which they
are; glossaries are looked up for those languages (primary subtag and region)."""

import json

import pytest
from click.testing import CliRunner

from l10nflow.checks import CheckConfig, run_checks
from l10nflow.cli import main

TBX_ES = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>house terms</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="computer">
  <langSec xml:lang="en"><termSec><term>computer</term></termSec></langSec>
  <langSec xml:lang="es-MX">
    <termSec><term>computadora</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>ordenador</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
  </langSec>
  <langSec xml:lang="es-ES">
    <termSec><term>ordenador</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
  </langSec>
</conceptEntry>
<conceptEntry id="kyiv">
  <langSec xml:lang="en"><termSec><term>Kyiv</term></termSec></langSec>
  <langSec xml:lang="es">
    <termSec><term>Kiev</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>Kíev</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
  </langSec>
</conceptEntry>
</body></text></tbx>
"""


def po(language: str, pairs: list[tuple[str, str]], source: str | None = None) -> str:
    header = f'"Language: {language}\\n"\n' if language else ""
    if source:
        header += f'"X-Source-Language: {source}\\n"\n'
    entries = "".join(f'\nmsgid "{s}"\nmsgstr "{t}"\n' for s, t in pairs)
    return ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            + header + entries)


@pytest.fixture
def glossary(tmp_path):
    path = tmp_path / "terms.tbx"
    path.write_text(TBX_ES, "utf-8")
    return path


def findings(path, *options):
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json",
                                       "--fail-on", "never", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_en_es_po_reports_the_deprecated_spanish_term(tmp_path, glossary):
    store = tmp_path / "es_MX.po"
    store.write_text(po("es_MX", [("Restart the computer.", "Reinicie el ordenador."),
                                  ("Kyiv is the capital.", "Kíev es la capital.")]), "utf-8")
    found = findings(store, "--glossary", str(glossary))
    deprecated = [f for f in found if f["check"] == "term-deprecated"]
    assert {(f["message"].split("'")[1], f["suggestion"]) for f in deprecated} == {
        ("ordenador", "computadora"), ("Kíev", "Kiev")}
    # nothing Vietnamese runs on an English -> Spanish file
    assert not {f["check"] for f in found} & {"untranslated-vietnamese", "name-diacritics",
                                              "number-mismatch", "untranslated-english"}


def test_terms_are_matched_by_region(tmp_path, glossary):
    """es-ES writes "ordenador": the es-MX deprecation does not apply there, while a
    plain "es" term serves every Spanish region."""
    store = tmp_path / "es.po"
    store.write_text(po("es_ES", [("Restart the computer.", "Reinicie el ordenador."),
                                  ("Kyiv is the capital.", "Kíev es la capital.")]), "utf-8")
    found = findings(store, "--glossary", str(glossary), "--disable", "term-missing")
    assert [f["message"].split("'")[1] for f in found
            if f["check"] == "term-deprecated"] == ["Kíev"]


def test_po_languages_and_the_gettext_convention(tmp_path):
    """A vi.po with only Language is English -> Vietnamese: no untranslated-vietnamese
    on its (Vietnamese) target; its own X-Source-Language wins; a file with neither is
    named for its language."""
    git_like = tmp_path / "a" / "vi.po"
    git_like.parent.mkdir()
    git_like.write_text(po("vi", [("could not read '%s'", "không thể đọc “%s”")]), "utf-8")
    run = run_checks([git_like], CheckConfig())
    assert run.languages == [("en", "vi")] and run.findings == []
    ours = tmp_path / "b" / "x.po"
    ours.parent.mkdir()
    ours.write_text(po("en", [("Xin chào bạn.", "Hello friend.")], source="vi"), "utf-8")
    assert run_checks([ours], CheckConfig()).languages == [("vi", "en")]
    named = tmp_path / "c" / "vi.po"
    named.parent.mkdir()
    named.write_text(po("", [("Hello", "Xin chào")]), "utf-8")
    assert run_checks([named], CheckConfig()).languages == [("en", "vi")]


def test_config_languages_override_the_store(tmp_path):
    store = tmp_path / "vi.po"
    store.write_text(po("vi", [("Giá tăng.", "Prices rose thưởng Tết.")]), "utf-8")
    assert not [f for f in run_checks([store], CheckConfig()).findings
                if f.check == "untranslated-vietnamese"]
    config = tmp_path / "l10nflow.toml"
    config.write_text('source-lang = "vi"\ntarget-lang = "en"\n', "utf-8")
    found = findings(store, "--config", str(config))
    assert "untranslated-vietnamese" in {f["check"] for f in found}
    config.write_text('target-lang = 3\n', "utf-8")
    bad = CliRunner().invoke(main, ["check", str(store), "--config", str(config)])
    assert bad.exit_code == 2 and "target-lang must be a language tag" in bad.output


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="ui" source-language="en-US" target-language="vi-VN" datatype="plaintext">
<body>
<trans-unit id="1"><source>The minister said the talks will resume.</source>
<target>Bộ trưởng said the talks will resume.</target></trans-unit>
</body></file></xliff>
"""
XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"
       trgLang="vi">
<file id="f1"><unit id="u1"><segment>
<source>It rose 1.5 million.</source><target>Tăng 1.5 triệu.</target>
</segment></unit></file></xliff>
"""
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
 o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
<body><tu><tuv xml:lang="en"><seg>The meeting is on November 12.</seg></tuv>
<tuv xml:lang="vi"><seg>Cuộc họp diễn ra ngày 11/12.</seg></tuv></tu></body></tmx>
"""


@pytest.mark.parametrize(("name", "text", "tags", "check"), [
    ("a.xlf", XLIFF12, ("en-US", "vi-VN"), "untranslated-english"),
    ("b.xliff", XLIFF2, ("en", "vi"), "number-format"),
    ("c.tmx", TMX, ("en", "vi"), "date-mismatch"),
])
def test_xliff_and_tmx_languages(tmp_path, name, text, tags, check):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    run = run_checks([path], CheckConfig())
    assert [tuple(t.split("-")[0] for t in pair) for pair in run.languages] == [
        tuple(t.split("-")[0] for t in tags)]
    assert [f.check for f in run.findings] == [check]
