"""The translator's workflow: extract, update, init, check, preview, on temporary catalogs.

The shipped catalogs themselves are checked in test_catalogs.py."""

from __future__ import annotations

import argparse
import ast
import io
import shutil
import subprocess
import textwrap
from pathlib import Path

import polib
import pytest

from riskkit import i18n
from riskkit.cli import main as cli
from riskkit.cli.env import Environment
from riskkit.i18n import catalogs as i18n_tools
from riskkit.i18n.catalogs import I18nToolError, check_catalog, placeholders

REPO = Path(__file__).resolve().parent.parent
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None,
                                  reason="GNU gettext not installed")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    locales.mkdir()
    monkeypatch.setenv("RISKKIT_LOCALES", str(locales))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield locales
    i18n.activate("en")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A source tree shaped like the repository, with babel.cfg and a few strings."""
    root = tmp_path / "project"
    (root / "src" / "riskkit").mkdir(parents=True)
    shutil.copy(REPO / "babel.cfg", root / "babel.cfg")
    (root / "src" / "riskkit" / "mod.py").write_text(textwrap.dedent('''\
        from riskkit.i18n import _, pgettext, ngettext

        def f(n, name):
            # Translators: greeting on the first screen.
            print(_("Hello {name}").format(name=name))
            print(pgettext("menu", "Quit"))
            print(ngettext("%(n)d risk", "%(n)d risks", n) % {"n": n})
        '''), encoding="utf-8")
    (root / "questionnaires").mkdir()
    (root / "questionnaires" / "risks.yaml").write_text(
        "risks:\n  - id: bias\n    title: Harmful bias\n", encoding="utf-8")
    return root


# --- extract -------------------------------------------------------------------------------

def test_extract_is_deterministic_and_reports_staleness(project, isolated):
    pot = isolated / "riskkit.pot"
    first = i18n_tools.write_template(project, pot)
    assert first.changed and first.messages == 4
    text = pot.read_text(encoding="utf-8")
    # Neither the day nor the installed Babel's version: a fresh install (CI) must find the
    # committed template current.
    assert "POT-Creation-Date" not in text and "Generated-By" not in text
    assert '"Project-Id-Version: riskkit\\n"' in text
    assert 'msgctxt "risk:bias:title"' in text
    assert "#. Translators: greeting on the first screen." in text
    second = i18n_tools.write_template(project, pot)
    assert not second.changed
    assert pot.read_text(encoding="utf-8") == text
    assert i18n_tools.template_is_current(project, pot)
    (project / "questionnaires" / "risks.yaml").write_text(
        "risks:\n  - id: bias\n    title: Harmful bias and discrimination\n", encoding="utf-8")
    assert not i18n_tools.template_is_current(project, pot)


def test_extract_needs_a_source_checkout(tmp_path, isolated):
    with pytest.raises(I18nToolError, match="babel.cfg"):
        i18n_tools.write_template(tmp_path, isolated / "riskkit.pot")


# --- init and update -----------------------------------------------------------------------

@pytest.fixture
def template(project, isolated) -> Path:
    return i18n_tools.write_template(project, isolated / "riskkit.pot").path


def test_init_writes_an_untranslated_catalog_with_the_languages_plural_forms(template, isolated):
    path = i18n_tools.init("nb", template, isolated)
    assert path == isolated / "nb" / "LC_MESSAGES" / "riskkit.po"
    po = polib.pofile(str(path))
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Language"] == "nb"
    assert len(po) == 4 and po.percent_translated() == 0
    assert not po.fuzzy_entries()
    assert "#, fuzzy" not in path.read_text(encoding="utf-8").split("msgid")[0]  # header usable
    plural = [e for e in po if e.msgid_plural][0]
    assert sorted(plural.msgstr_plural) == [0, 1]


def test_init_takes_plural_forms_from_babel(template, isolated):
    po = polib.pofile(str(i18n_tools.init("pl", template, isolated)))
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert len([e for e in po if e.msgid_plural][0].msgstr_plural) == 3


@pytest.mark.parametrize("code, message", [
    ("no", "nb"), ("xx", "language code"), ("nb-NO", "language code"), ("../etc", "language code"),
])
def test_init_refuses_codes_that_are_not_languages(template, isolated, code, message):
    with pytest.raises(I18nToolError, match=message):
        i18n_tools.init(code, template, isolated)


def test_init_refuses_an_existing_catalog(template, isolated):
    path = i18n_tools.init("nn", template, isolated)
    path.write_text(path.read_text(encoding="utf-8") + "\n# my work\n", encoding="utf-8")
    with pytest.raises(I18nToolError, match="exists"):
        i18n_tools.init("nn", template, isolated)
    assert path.read_text(encoding="utf-8").endswith("# my work\n")


def test_init_needs_a_template(isolated):
    with pytest.raises(I18nToolError, match="extract"):
        i18n_tools.init("nb", isolated / "riskkit.pot", isolated)


def test_update_keeps_translations_marks_changes_fuzzy_and_keeps_obsolete(project, template,
                                                                          isolated):
    path = i18n_tools.init("nb", template, isolated)
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = {"Hello {name}": "Hei {name}", "Quit": "Avslutt",
                        "Harmful bias": "Skadelig skjevhet"}.get(entry.msgid, "")
    po.save()
    (project / "questionnaires" / "risks.yaml").write_text(
        "risks:\n  - id: bias\n    title: Harmful biases\n"
        "  - id: new\n    title: Completely new risk\n", encoding="utf-8")
    (project / "src" / "riskkit" / "mod.py").write_text(
        "from riskkit.i18n import _\n_('Hello {name}')\n", encoding="utf-8")
    i18n_tools.write_template(project, template)
    [result] = i18n_tools.update(template, isolated)
    assert result.language == "nb"
    po = polib.pofile(str(path))
    by_id = {e.msgid: e for e in po if not e.obsolete}
    assert by_id["Hello {name}"].msgstr == "Hei {name}" and not by_id["Hello {name}"].fuzzy
    assert by_id["Harmful biases"].fuzzy and by_id["Harmful biases"].msgstr == "Skadelig skjevhet"
    assert by_id["Harmful biases"].previous_msgid == "Harmful bias"
    assert by_id["Completely new risk"].msgstr == "" and not by_id["Completely new risk"].fuzzy
    # removed messages with a translation stay as obsolete; "%(n)d risk" had none
    assert [e.msgid for e in po.obsolete_entries()] == ["Quit"]
    assert result.fuzzy == 1 and result.obsolete == 1


# --- check ---------------------------------------------------------------------------------

def test_placeholders():
    assert placeholders("{name} has {n} risks") == {"{name}": 1, "{n}": 1}
    assert placeholders("%(n)d of %(total)d, %s and %s, 100%%") == \
        {"%(n)d": 1, "%(total)d": 1, "%s": 2}
    assert placeholders("{{literal}} and {0:>5}") == {"{0}": 1}
    assert placeholders("a { stray brace {x}") == {"{x}": 1}
    assert placeholders("no placeholders at all") == {}


CRAFTED = """\
msgid ""
msgstr ""
"Language: nb\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Hello {name}"
msgstr "Hei"

msgid "{n} risks"
msgstr "{n} risikoer {extra}"

msgid "Saved %(file)s"
msgstr "Lagret %(fil)s"

msgid "%s of %s"
msgstr "%s av"

#, fuzzy
msgid "Review your answers"
msgstr "Se over svarene"

msgid "Not translated"
msgstr ""

msgid "Risk assessment"
msgstr "Risk assessment"

msgid "GDPR"
msgstr "GDPR"

msgctxt "nist"
msgid "MAP 1.1"
msgstr "MAP 1.1"

# Same as English: the product name stays
msgid "Status board"
msgstr "Status board"

msgid "Owner"
msgstr "Eieren av systemet som er ansvarlig for at tiltakene blir gjennomført i tide"

msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "én fil"
msgstr[1] "{n} filer"

msgid "Fine"
msgstr "Fint"

#~ msgid "Gone"
#~ msgstr "Borte"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_check_counts_and_finds_problems(isolated):
    path = write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", CRAFTED)
    report = check_catalog("nb", path, run_msgfmt=False)
    po = polib.pofile(str(path))  # the same counts as polib
    assert report.translated == len(po.translated_entries()) == 11
    assert report.untranslated == len(po.untranslated_entries()) == 1
    assert report.fuzzy == len(po.fuzzy_entries()) == 1
    assert report.obsolete == len(po.obsolete_entries()) == 1
    assert not report.complete and not report.ok()
    found = {(f.kind, f.msgid): f for f in report.findings}
    assert found[("placeholder", "Hello {name}")].missing == ["{name}"]
    assert found[("placeholder", "{n} risks")].added == ["{extra}"]
    assert found[("placeholder", "Saved %(file)s")].missing == ["%(file)s"]
    assert found[("placeholder", "Saved %(file)s")].added == ["%(fil)s"]
    assert found[("placeholder", "%s of %s")].missing == ["%s"]
    assert ("placeholder", "{n} file") not in found  # the singular may drop the number
    assert ("identical", "Risk assessment") in found
    for fine in ("GDPR", "MAP 1.1", "Status board", "Fine"):
        assert ("identical", fine) not in found
    assert ("long", "Owner") in found
    assert all(f.error for f in report.findings if f.kind == "placeholder")
    assert not any(f.error for f in report.findings if f.kind in ("identical", "long"))


def test_check_passes_a_complete_clean_catalog_and_strict_fails_on_warnings(isolated):
    clean = write(isolated / "sv" / "LC_MESSAGES" / "riskkit.po",
                  CRAFTED.split("msgid \"Hello")[0] +
                  'msgid "Hello {name}"\nmsgstr "Hej {name}"\n\n'
                  'msgid "Risk"\nmsgstr "Risk"\n')
    report = check_catalog("sv", clean, run_msgfmt=False)
    assert report.complete and report.ok()
    assert [f.kind for f in report.findings] == ["identical"]
    assert not report.ok(strict=True)


def test_check_reports_messages_of_the_template_missing_from_the_catalog(template, isolated):
    path = i18n_tools.init("da", template, isolated)
    write(template, template.read_text(encoding="utf-8") + '\nmsgid "Brand new"\nmsgstr ""\n')
    report = check_catalog("da", path, i18n_tools.read_template(template), run_msgfmt=False)
    assert report.not_merged == 1 and not report.complete


def test_check_flags_wrong_plural_forms(isolated):
    path = write(isolated / "pl" / "LC_MESSAGES" / "riskkit.po", CRAFTED.replace("nb", "pl"))
    report = check_catalog("pl", path, run_msgfmt=False)
    [finding] = [f for f in report.findings if f.kind == "plural_forms"]
    assert finding.error and finding.missing[0].startswith("nplurals=3")


@needs_msgfmt
def test_msgfmt_check_passes_on_generated_catalogs(template, isolated):
    for code in ("nb", "sv", "da", "nn"):
        path = i18n_tools.init(code, template, isolated)
        result = i18n_tools.msgfmt_check(path)
        assert result.ok, result.output
        assert "untranslated" in result.output


@needs_msgfmt
def test_msgfmt_check_fails_on_a_broken_python_format(isolated):
    path = write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", CRAFTED.split("msgid \"Hello")[0] +
                 '#, python-format\nmsgid "%(n)d risks"\nmsgstr "%(antall)d risikoer"\n')
    report = check_catalog("nb", path)
    assert report.msgfmt is not None and not report.msgfmt.ok
    assert not report.ok()


# --- glossary ------------------------------------------------------------------------------

GLOSSARY = (
    "term\ten\tnb\tsv\tsource\n"
    "personal_data\tpersonal data\tpersonopplysninger\tpersonuppgifter\tGDPR Art. 4(1)\n"
    "breach\tpersonal data breach\tbrudd på personopplysningssikkerheten\t\tGDPR Art. 4(12)\n"
    "ai\tartificial intelligence (AI)\tkunstig intelligens (KI)\t\t\n"
    "measure_fn\tMEASURE\tMÅLE (MEASURE)\tMÄTA (MEASURE)\tNIST\n"
    "measure\tmeasure (control)\ttiltak\tåtgärd\t\n"
)

GLOSSARY_PO = CRAFTED.split('msgid "Hello')[0] + """\
msgid "Personal data is stored"
msgstr "Personopplysningene lagres"

msgid "Personal data may leak"
msgstr "Persondata kan lekke"

msgid "Report personal data breaches at once"
msgstr "Meld brudd på personopplysnings\u00adsikkerheten straks"

msgid "How AI is used"
msgstr "Hvordan KI brukes"

msgid "The AI system"
msgstr "AI-systemet"

msgid "Functions MAP and MEASURE"
msgstr "Funksjonene KARTLEGGE og MÅLE"

msgid "Add a measure"
msgstr "Legg til en kontroll"

msgid "{n} measures"
msgstr "{n} tiltak"

# glossary: a transfer, not the processing
msgid "Personal data abroad"
msgstr "Data i utlandet"
"""


def test_glossary_flags_messages_without_the_official_term(isolated):
    write(isolated / "glossary.tsv", GLOSSARY)
    path = write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", GLOSSARY_PO)
    terms = i18n_tools.read_glossary(isolated)
    assert [t.english for t in terms][:2] == ["artificial intelligence (AI)",
                                              "personal data breach"]  # longest first
    assert terms[-1].translations == {"nb": "MÅLE (MEASURE)", "sv": "MÄTA (MEASURE)"}
    report = check_catalog("nb", path, run_msgfmt=False)
    found = [(f.msgid, f.added[0], f.missing[0]) for f in report.findings if f.kind == "glossary"]
    assert found == [
        ("Personal data may leak", "personal data", "personopplysninger"),
        ("The AI system", "artificial intelligence (AI)", "kunstig intelligens (KI)"),
        ("Add a measure", "measure (control)", "tiltak"),
    ]
    assert not any(f.error for f in report.findings if f.kind == "glossary")
    assert report.ok()  # warnings only


def test_glossary_only_for_languages_it_has(isolated):
    write(isolated / "glossary.tsv", GLOSSARY)
    path = write(isolated / "da" / "LC_MESSAGES" / "riskkit.po",
                 GLOSSARY_PO.replace("Language: nb", "Language: da"))
    assert [f for f in check_catalog("da", path, run_msgfmt=False).findings
            if f.kind == "glossary"] == []
    assert i18n_tools.read_glossary(isolated / "nowhere") == []


def test_check_command_prints_glossary_warnings(isolated, monkeypatch):
    monkeypatch.setattr(i18n_tools, "project_root", lambda: None)
    write(isolated / "glossary.tsv", GLOSSARY)
    write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", GLOSSARY_PO)
    code, out, _ = run_cli("i18n", "check", "nb")
    assert code == 0, out
    assert ("warning: the glossary translates “personal data” as “personopplysninger”, which is "
            "not in: “Personal data may leak”") in out
    assert run_cli("i18n", "check", "--strict", "nb")[0] == 1


# --- the commands ----------------------------------------------------------------------------

def run_cli(*argv: str, cwd: Path | None = None,
            environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ=environ or {"LANG": "C"},
                      cwd=cwd or Path.cwd())
    try:
        code = cli.main(list(argv), env)
    except SystemExit as exc:  # argparse errors
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_commands_init_check_update(project, isolated, monkeypatch):
    monkeypatch.setattr(i18n_tools, "project_root", lambda: project)
    code, out, _ = run_cli("i18n", "extract")
    assert code == 0 and "4 messages" in out
    assert run_cli("i18n", "extract", "--check")[0] == 0
    code, out, _ = run_cli("i18n", "init", "nn")
    assert code == 0 and "nn" in out
    code, _, err = run_cli("i18n", "init", "nn")
    assert code == 1 and "exists" in err
    # a new catalog is marked incomplete: partial work passes, the same counts without the
    # mark fail
    path = isolated / "nn" / "LC_MESSAGES" / "riskkit.po"
    code, out, _ = run_cli("i18n", "check")
    assert code == 0, out
    assert "nn (Norsk nynorsk): 0 translated, 4 untranslated, 0 fuzzy, 0 obsolete" in out
    assert "marked incomplete: accepted as work in progress" in out
    marked = path.read_text(encoding="utf-8")
    path.write_text(marked.replace('"X-Riskkit-Status: incomplete\\n"\n', ""), encoding="utf-8")
    code, out, _ = run_cli("i18n", "check")
    assert code == 1 and "Some catalogs need work" in out
    path.write_text(marked, encoding="utf-8")
    # translate everything: the check passes and says the mark can go
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: "%(n)d risiko", 1: "%(n)d risikoar"}
        else:
            entry.msgstr = {"Hello {name}": "Hei {name}", "Quit": "Avslutt",
                            "Harmful bias": "Skadeleg skeivskap"}[entry.msgid]
    po.save()
    code, out, _ = run_cli("i18n", "check", "nn")
    assert code == 0, out
    assert "4 translated, 0 untranslated" in out
    assert "yet every message is translated: delete the line" in out
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"X-Riskkit-Status: incomplete\\n"\n', ""), encoding="utf-8")
    # the sources change: the template is stale and check fails until extract + update
    (project / "questionnaires" / "risks.yaml").write_text(
        "risks:\n  - id: bias\n    title: Harmful bias\n  - id: b\n    title: Another\n",
        encoding="utf-8")
    code, out, _ = run_cli("i18n", "check", "nn")
    assert code == 1 and "out of date" in out
    assert run_cli("i18n", "extract", "--check")[0] == 1
    run_cli("i18n", "extract")
    code, out, _ = run_cli("i18n", "check", "nn")
    assert code == 1
    assert (f"  {path}: error: 1 message of the template is not in the catalog: run "
            "“riskkit i18n update”.") in out
    code, out, _ = run_cli("i18n", "update")
    assert code == 0 and "1 new message" in out
    code, out, _ = run_cli("i18n", "check", "nn")
    assert code == 1 and "1 untranslated" in out
    # the new catalog is usable at once, without a compile step
    assert "nn" in i18n.available_languages()
    i18n.activate("nn")
    assert i18n.pgettext("risk:bias:title", "Harmful bias") == "Skadeleg skeivskap"


def test_check_unknown_language(project, isolated, monkeypatch):
    monkeypatch.setattr(i18n_tools, "project_root", lambda: None)
    code, out, _ = run_cli("i18n", "check", "fi")
    assert code == 1 and "no catalog" in out


@pytest.fixture
def fake_render(monkeypatch):
    """report.render_file replaced by a recorder writing a stub PDF (the real render is
    tested in test_report.py; here it is where, what and in which language)."""
    from riskkit import report

    calls = []

    def render_file(answers_path, output_path, *, lang=None, force=False, **_kwargs):
        calls.append((Path(answers_path).name, Path(output_path), lang,
                      i18n.current_language(), i18n._("Fine")))
        Path(output_path).write_bytes(b"%PDF-1.7")

    monkeypatch.setattr(report, "render_file", render_file)
    return calls


def test_preview_writes_to_the_current_folder_with_an_example_in_the_language(
        isolated, fake_render, tmp_path):
    write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", CRAFTED)
    work = tmp_path / "work"
    work.mkdir()
    code, out, err = run_cli("i18n", "preview", "no", cwd=work,
                             environ={"LANG": "C", "HOME": str(tmp_path / "home")})
    assert code == 0, err
    [(example, output, lang, *_)] = fake_render
    assert output == work / "riskkit-preview-nb.pdf" and output.read_bytes() == b"%PDF-1.7"
    assert lang == "nb" and example.startswith("nb-")  # a shipped example written in bokmål
    # CRAFTED has one untranslated and one fuzzy message: both show in English
    assert "2 messages are not translated yet (untranslated or fuzzy)" in out
    assert "riskkit i18n list nb --untranslated --fuzzy" in out
    assert i18n.current_language() == "en"


def test_preview_of_a_language_without_an_example_uses_the_english_one(
        isolated, fake_render, tmp_path):
    write(isolated / "fi" / "LC_MESSAGES" / "riskkit.po",
          CRAFTED.split('msgid "Hello')[0].replace("nb", "fi") + 'msgid "Fine"\nmsgstr "Hieno"\n')
    out_file = tmp_path / "p.pdf"
    code, out, _ = run_cli("i18n", "preview", "fi", "-o", str(out_file))
    assert code == 0
    [(example, output, lang, _current, _fine)] = fake_render
    assert output == out_file and lang == "fi"
    assert example.startswith("en-")
    assert "Every message is translated." in out


def test_preview_never_writes_into_the_source_checkout(isolated, fake_render, tmp_path,
                                                       monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", CRAFTED)
    root = i18n_tools.project_root()
    assert root is not None, "the tests run from a source checkout"
    home = tmp_path / "home"
    home.mkdir()
    for cwd in (root, root / "docs"):
        fake_render.clear()
        code, out, _ = run_cli("i18n", "preview", "nb", cwd=cwd,
                               environ={"LANG": "C", "HOME": str(home)})
        assert code == 0
        assert fake_render[0][1] == home / "riskkit-preview-nb.pdf"
        assert str(home / "riskkit-preview-nb.pdf") in out
    # a checkout cloned into the home folder itself: not there either
    fake_render.clear()
    assert run_cli("i18n", "preview", "nb", cwd=root,
                   environ={"LANG": "C", "HOME": str(root)})[0] == 0
    assert fake_render[0][1] == tmp_path / "riskkit-preview-nb.pdf"  # the temporary folder
    assert not (root / "riskkit-preview-nb.pdf").exists()


def test_preview_example_prefers_the_language_then_english(tmp_path):
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "a.yaml").write_text("schema: 1\nlanguage: sv\n", encoding="utf-8")
    (examples / "b.yaml").write_text("schema: 1\nlanguage: sv\nmeta:\n  x: 1\n",
                                     encoding="utf-8")
    (examples / "c.yaml").write_text("schema: 1\nmeta:\n  language: fi\nlanguage: en\n",
                                     encoding="utf-8")
    assert i18n_tools.preview_example("sv", examples).name == "b.yaml"  # the richest
    assert i18n_tools.preview_example("fi", examples).name == "c.yaml"  # English, not "meta"
    (examples / "c.yaml").unlink()
    assert i18n_tools.preview_example("fi", examples) is None


def test_preview_unknown_language(isolated):
    code, _, err = run_cli("i18n", "preview", "fi")
    assert code == 2 and "en (English)" in err


# --- argparse's messages ---------------------------------------------------------------------

def test_argparse_msgids_are_the_ones_argparse_uses():
    """riskkit/argparse_messages.py must list argparse's strings byte for byte."""
    source = Path(argparse.__file__).read_text(encoding="utf-8")
    used = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("_", "ngettext"):
            used.update(c.value for a in node.args for c in ast.walk(a)
                        if isinstance(c, ast.Constant) and isinstance(c.value, str))
    ours = Path(i18n_tools.__file__).with_name("argparse_messages.py").read_text(encoding="utf-8")
    listed = set()
    for node in ast.walk(ast.parse(ours)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("NP_", "npgettext"):
            listed.update(a.value for a in node.args[1:] if isinstance(a, ast.Constant)
                          and isinstance(a.value, str))
    assert listed and listed <= used, listed - used
    for essential in ("usage: ", "options", "positional arguments",
                      "the following arguments are required: %s",
                      "invalid choice: %(value)r (choose from %(choices)s)"):
        assert essential in listed


def test_i18n_modules_give_every_message_a_context_or_comment():
    root = i18n_tools.project_root()
    if root is None:
        pytest.skip("not a source checkout")
    mine = {"src/riskkit/i18n.py", "src/riskkit/i18n/catalogs.py",
            "src/riskkit/cli/commands/i18n.py",
            "src/riskkit/i18n/argparse_messages.py"}
    catalog = i18n_tools.collect_messages(root)
    ours = [m for m in catalog if m.id and any(loc[0] in mine for loc in m.locations)]
    assert len(ours) > 40
    assert [m.id for m in ours if not m.context and not m.auto_comments] == []
    # argparse's strings are filed under the context the runtime looks them up with
    assert catalog.get("usage: ", context=i18n.ARGPARSE_CONTEXT) is not None


@needs_msgfmt
def test_update_writes_long_previous_msgids_that_gettext_can_read(project, template, isolated):
    """Babel wraps `#| msgid` comments inside the quoted string; update must not."""
    long_old = ('{n} question is not answered yet; it counts as "don\'t know" and raises the '
                'risk until somebody answers it')
    (project / "src" / "riskkit" / "mod.py").write_text(
        f"from riskkit.i18n import _\n_({long_old!r})\n_('Untouched')\n", encoding="utf-8")
    i18n_tools.write_template(project, template)
    path = i18n_tools.init("nb", template, isolated)
    po = polib.pofile(str(path))
    po.find(long_old).msgstr = "{n} spørsmål er ikke besvart"
    po.save()
    (project / "src" / "riskkit" / "mod.py").write_text(
        "from riskkit.i18n import _\n_(" + repr(long_old.replace("yet; it", "; it")) + ")\n"
        "_('Untouched, changed')\n", encoding="utf-8")
    i18n_tools.write_template(project, template)
    i18n_tools.update(template, isolated)
    assert i18n_tools.msgfmt_check(path).ok
    po = polib.pofile(str(path))
    [fuzzy] = po.fuzzy_entries()
    assert fuzzy.previous_msgid == long_old
    assert fuzzy.msgstr == "{n} spørsmål er ikke besvart"
    # an empty old translation gives nothing to review: not fuzzy, not kept as obsolete
    assert not po.find("Untouched, changed").fuzzy
    assert po.obsolete_entries() == []


# --- where to fix: file and line ---------------------------------------------------------------

def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of the file that equals `text` (found here, not by
    the code under test)."""
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def msgid_line(path: Path, msgid: str) -> int:
    return line_of(path, f'msgid "{msgid}"')


def test_every_finding_carries_the_catalog_file_and_line(isolated):
    path = write(isolated / "pl" / "LC_MESSAGES" / "riskkit.po", CRAFTED.replace("nb", "pl"))
    report = check_catalog("pl", path, run_msgfmt=False)
    found = {(f.kind, f.msgid): f for f in report.findings}
    hello = found[("placeholder", "Hello {name}")]
    assert (hello.file, hello.line) == (path, line_of(path, 'msgid "Hello {name}"'))
    owner = found[("long", "Owner")]
    assert owner.line == line_of(path, 'msgid "Owner"')
    plural = next(f for f in report.findings if f.kind == "plural_forms")
    assert plural.line == line_of(path, '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"')
    assert all(f.file == path and f.line for f in report.findings)


def test_check_command_prints_file_and_line_for_errors_and_warnings(isolated, monkeypatch):
    monkeypatch.setattr(i18n_tools, "project_root", lambda: None)
    path = write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", CRAFTED)
    code, out, _ = run_cli("i18n", "check", "nb", cwd=isolated)
    assert code == 1
    where = "nb/LC_MESSAGES/riskkit.po"  # relative to the current folder
    assert (f"  {where}:{msgid_line(path, 'Saved %(file)s')}: error: placeholders "
            "differ in “Saved %(file)s”") in out
    assert f"  {where}:{msgid_line(path, 'Risk assessment')}: warning: same as English" in out


# --- list --------------------------------------------------------------------------------------

LIST_PO = CRAFTED.replace('msgid "Not translated"',
                          '#: questionnaires/ai.yaml:57 src/riskkit/x.py:3\n'
                          'msgctxt "question:data.special:help"\nmsgid "Not translated"')


def test_list_shows_messages_with_line_context_and_sources(isolated):
    path = write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", LIST_PO)
    code, out, _ = run_cli("i18n", "list", "nb", "--untranslated", cwd=isolated)
    assert code == 0
    assert out.splitlines() == [
        (f"nb/LC_MESSAGES/riskkit.po:{msgid_line(path, 'Not translated')}: untranslated "
         "[question:data.special:help]"),
        "  English: Not translated",
        "  from: questionnaires/ai.yaml:57 src/riskkit/x.py:3",
        "1 message.",
    ]
    code, out, _ = run_cli("i18n", "list", "nb", "--fuzzy", cwd=isolated)
    assert f"riskkit.po:{msgid_line(path, 'Review your answers')}: fuzzy" in out
    assert "  translation: Se over svarene" in out and out.endswith("1 message.\n")
    code, out, _ = run_cli("i18n", "list", "nb", "--fuzzy", "--untranslated", cwd=isolated)
    assert out.endswith("2 messages.\n")
    code, out, _ = run_cli("i18n", "list", "nb", cwd=isolated)
    assert out.endswith(f"{len([e for e in polib.pofile(str(path)) if not e.obsolete])} "
                        "messages.\n")
    assert "English plural: {n} files" in out and "translation: {n} filer" in out
    assert "Gone" not in out  # obsolete


def test_list_glossary_shows_translations_that_avoid_a_term(isolated):
    write(isolated / "glossary.tsv", GLOSSARY)
    path = write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", GLOSSARY_PO)
    listed = i18n_tools.list_messages("nb", path, glossary=True)
    assert [m.msgid for m in listed] == ["Personal data may leak", "The AI system",
                                         "Add a measure"]
    code, out, _ = run_cli("i18n", "list", "nb", "--glossary", cwd=isolated)
    assert code == 0
    assert (f"nb/LC_MESSAGES/riskkit.po:{msgid_line(path, 'Personal data may leak')}: "
            "translated") in out
    assert "  glossary: “personal data” is “personopplysninger”" in out
    assert "Personal data is stored" not in out and out.endswith("3 messages.\n")


def test_list_needs_a_catalog(isolated):
    code, _, err = run_cli("i18n", "list", "fi")
    assert code == 1 and "riskkit i18n init fi" in err


# --- the glossary column -----------------------------------------------------------------------

def test_glossary_add_inserts_an_empty_column_before_the_source(isolated):
    path = write(isolated / "glossary.tsv", GLOSSARY)
    assert i18n_tools.glossary_add("fi", isolated) == path
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    old = [line.split("\t") for line in GLOSSARY.splitlines()]
    assert rows[0] == ["term", "en", "nb", "sv", "fi", "source"]
    assert all(row[4] == "" for row in rows[1:])
    assert [row[:4] + row[5:] for row in rows] == old  # nothing else changed
    assert "fi" in i18n_tools.glossary_columns(isolated)
    with pytest.raises(I18nToolError, match="already"):
        i18n_tools.glossary_add("fi", isolated)
    with pytest.raises(I18nToolError, match="nb"):
        i18n_tools.glossary_add("no", isolated)
    with pytest.raises(I18nToolError, match="no glossary"):
        i18n_tools.glossary_add("fi", isolated / "elsewhere")


def test_check_says_when_the_glossary_lacks_the_language(isolated, monkeypatch):
    monkeypatch.setattr(i18n_tools, "project_root", lambda: None)
    glossary = write(isolated / "glossary.tsv", GLOSSARY)
    write(isolated / "fi" / "LC_MESSAGES" / "riskkit.po",
          CRAFTED.split('msgid "Hello')[0].replace("nb", "fi") + 'msgid "Fine"\nmsgstr "Hieno"\n')
    code, out, _ = run_cli("i18n", "check", "fi", cwd=isolated)
    assert code == 0, out  # a warning
    assert ("  glossary.tsv:1: warning: the glossary has no column “fi”, so the terms are not "
            "checked: run “riskkit i18n glossary add fi” and fill it in") in out
    code, out, _ = run_cli("i18n", "glossary", "add", "fi", cwd=isolated)
    assert code == 0 and "Added the column “fi” to glossary.tsv" in out
    code, out, _ = run_cli("i18n", "check", "fi", cwd=isolated)
    assert "warning: 5 terms of the glossary have no “fi” translation yet" in out
    assert "no column" not in out
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "\t\tGDPR Art. 4(1)", "\thenkilötiedot\tGDPR Art. 4(1)"), encoding="utf-8")
    assert "4 terms of the glossary" in run_cli("i18n", "check", "fi", cwd=isolated)[1]


# --- init: the header --------------------------------------------------------------------------

def test_init_marks_incomplete_names_the_translator_and_update_keeps_the_mark(
        project, template, isolated):
    path = i18n_tools.init("fi", template, isolated, translator="Kari Nordmann <kari@example.no>")
    text = path.read_text(encoding="utf-8")
    header = text.split("\n\n")[0]
    po = polib.pofile(str(path))
    assert po.metadata["Last-Translator"] == "Kari Nordmann <kari@example.no>"
    assert po.metadata["X-Riskkit-Status"] == "incomplete"
    assert "# Kari Nordmann <kari@example.no>, " in header
    for placeholder in ("EMAIL@ADDRESS", "FULL NAME", "LL@li.org", "YEAR-MO-DA"):
        assert placeholder not in header
    assert i18n.catalog_status(path) == "incomplete"
    (project / "questionnaires" / "risks.yaml").write_text(
        "risks:\n  - id: bias\n    title: Harmful bias\n  - id: b\n    title: Another\n",
        encoding="utf-8")
    i18n_tools.write_template(project, template)
    i18n_tools.update(template, isolated)
    assert i18n.catalog_status(path) == "incomplete"
    assert polib.pofile(str(path)).metadata["X-Riskkit-Status"] == "incomplete"
    assert i18n_tools.msgfmt_check(path) is None or i18n_tools.msgfmt_check(path).ok


def test_init_without_a_translator_leaves_the_header_clean(template, isolated):
    path = i18n_tools.init("fi", template, isolated)
    header = path.read_text(encoding="utf-8").split("\n\n")[0]
    assert polib.pofile(str(path)).metadata["Last-Translator"] == ""
    for placeholder in ("EMAIL@ADDRESS", "FULL NAME", "LL@li.org"):
        assert placeholder not in header


def test_translator_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    outside = tmp_path / "outside"
    outside.mkdir()
    find = i18n_tools.translator_from_environment
    assert find({}, outside) is None
    assert find({"EMAIL": "kari@example.no"}, outside) == "<kari@example.no>"
    # a header line: no line break or quote can get through
    assert find({"RISKKIT_TRANSLATOR": 'Kari "K"\nNordmann <kari@example.no>'}, outside) == \
        "Kari K Nordmann <kari@example.no>"
    repo = tmp_path / "repo"
    repo.mkdir()
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.name", "Sven Svensson"], check=True)
    assert find({"EMAIL": "sven@example.se"}, repo) == "Sven Svensson <sven@example.se>"
    subprocess.run(["git", "-C", str(repo), "config", "user.email", "s@kommun.example"],
                   check=True)
    assert find({"EMAIL": "sven@example.se"}, repo) == "Sven Svensson <s@kommun.example>"
    assert find({"RISKKIT_TRANSLATOR": "Other One"}, repo) == "Other One"


def test_init_command_says_who_and_that_the_catalog_is_marked_incomplete(project, isolated,
                                                                        monkeypatch):
    monkeypatch.setattr(i18n_tools, "project_root", lambda: project)
    run_cli("i18n", "extract")
    code, out, _ = run_cli("i18n", "init", "fi",
                           environ={"LANG": "C", "RISKKIT_TRANSLATOR": "Kari <k@example.no>"})
    assert code == 0
    assert "Translator in the header: Kari <k@example.no>." in out
    assert "marked incomplete (X-Riskkit-Status: incomplete)" in out
    assert "--lang fi" in out


def test_a_catalog_that_cannot_be_read_is_named_with_its_line(isolated, monkeypatch):
    """Not UTF-8 (a Latin-1 "ä" on line 8), or a line that is no part of a catalog: one clear
    message with file and line from check, list and the runtime, no traceback."""
    monkeypatch.setattr(i18n_tools, "project_root", lambda: None)
    monkeypatch.setenv("RISKKIT_NO_CATALOG_CACHE", "1")
    path = isolated / "fi" / "LC_MESSAGES" / "riskkit.po"
    path.parent.mkdir(parents=True)
    header = CRAFTED.split('msgid "Hello')[0].replace("nb", "fi").encode("utf-8")
    assert header.count(b"\n") == 6
    path.write_bytes(header + 'msgid "Fine"\nmsgstr "Hyv\xe4"\n'.encode("latin-1"))
    expected = f"{path} line 8: this is not UTF-8 text"
    for argv in (["i18n", "check", "fi"], ["i18n", "list", "fi"], ["--lang", "fi", "validate"]):
        code, out, err = run_cli(*argv)
        assert code == 1 and expected in err, (argv, out, err)
        assert "Traceback" not in err
    path.write_bytes(header + b'msgid "Fine"\nmsgstr "Hieno"\nnonsense here\n')
    code, _, err = run_cli("i18n", "list", "fi")
    assert code == 1
    assert f"{path} line 9: this line does not fit the gettext catalog format" in err


def test_a_glossary_that_is_not_utf8_is_named_with_its_line(isolated, monkeypatch):
    monkeypatch.setattr(i18n_tools, "project_root", lambda: None)
    glossary = isolated / "glossary.tsv"
    glossary.write_bytes(GLOSSARY.replace("personuppgifter", "personuppgifter\u00e4")
                         .encode("latin-1", errors="replace"))
    write(isolated / "sv" / "LC_MESSAGES" / "riskkit.po",
          CRAFTED.split('msgid "Hello')[0].replace("nb", "sv") + 'msgid "Fine"\nmsgstr "Fint"\n')
    for argv in (["i18n", "check", "sv"], ["i18n", "glossary", "add", "fi"]):
        code, _, err = run_cli(*argv)
        assert code == 1 and f"{glossary} line 2: this is not UTF-8 text" in err, (argv, err)


def test_list_takes_no_for_bokmal(isolated):
    write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po", CRAFTED)
    code, out, _ = run_cli("i18n", "list", "no", "--untranslated")
    assert code == 0 and out.endswith("1 message.\n")
    assert run_cli("i18n", "list", "en")[0] == 1  # English is the source: no catalog
