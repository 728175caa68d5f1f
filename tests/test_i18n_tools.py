"""The translator's workflow: extract, update, init, check, preview, on temporary catalogs.

The shipped catalogs themselves are checked in test_catalogs.py."""

from __future__ import annotations

import argparse
import ast
import io
import shutil
import sys
import textwrap
import types
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
    first = i18n_tools.extract(project, pot)
    assert first.changed and first.messages == 4
    text = pot.read_text(encoding="utf-8")
    # Neither the day nor the installed Babel's version: a fresh install (CI) must find the
    # committed template current.
    assert "POT-Creation-Date" not in text and "Generated-By" not in text
    assert '"Project-Id-Version: riskkit\\n"' in text
    assert 'msgctxt "risk:bias:title"' in text
    assert "#. Translators: greeting on the first screen." in text
    second = i18n_tools.extract(project, pot)
    assert not second.changed
    assert pot.read_text(encoding="utf-8") == text
    assert i18n_tools.template_is_current(project, pot)
    (project / "questionnaires" / "risks.yaml").write_text(
        "risks:\n  - id: bias\n    title: Harmful bias and discrimination\n", encoding="utf-8")
    assert not i18n_tools.template_is_current(project, pot)


def test_extract_needs_a_source_checkout(tmp_path, isolated):
    with pytest.raises(I18nToolError, match="babel.cfg"):
        i18n_tools.extract(tmp_path, isolated / "riskkit.pot")


# --- init and update -----------------------------------------------------------------------

@pytest.fixture
def template(project, isolated) -> Path:
    return i18n_tools.extract(project, isolated / "riskkit.pot").path


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
    i18n_tools.extract(project, template)
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

def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ={"LANG": "C"})
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
    code, out, _ = run_cli("i18n", "check")
    assert code == 1
    assert "nn (Norsk nynorsk): 0 translated, 4 untranslated, 0 fuzzy, 0 obsolete" in out
    # translate everything: the check passes
    path = isolated / "nn" / "LC_MESSAGES" / "riskkit.po"
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
    # the sources change: the template is stale and check fails until extract + update
    (project / "questionnaires" / "risks.yaml").write_text(
        "risks:\n  - id: bias\n    title: Harmful bias\n  - id: b\n    title: Another\n",
        encoding="utf-8")
    code, out, _ = run_cli("i18n", "check", "nn")
    assert code == 1 and "out of date" in out
    assert run_cli("i18n", "extract", "--check")[0] == 1
    run_cli("i18n", "extract")
    code, out, _ = run_cli("i18n", "check", "nn")
    assert code == 1 and "riskkit i18n update" in out
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


def test_preview_without_the_report_module(isolated, monkeypatch):
    monkeypatch.setitem(sys.modules, "riskkit.report", None)  # import fails
    code, _, err = run_cli("i18n", "preview", "en")
    assert code == 1 and "not available yet" in err


def test_preview_renders_in_the_language(isolated, monkeypatch, tmp_path):
    write(isolated / "nb" / "LC_MESSAGES" / "riskkit.po",
          CRAFTED.split("msgid \"Hello")[0] + 'msgid "Fine"\nmsgstr "Fint"\n')
    calls = []

    def render_example(lang, output):
        calls.append((lang, output, i18n.current_language(), i18n._("Fine")))
        Path(output).write_bytes(b"%PDF-1.7")

    monkeypatch.setitem(sys.modules, "riskkit.report",
                        types.SimpleNamespace(render_example=render_example))
    out = tmp_path / "p.pdf"
    code, stdout, _ = run_cli("i18n", "preview", "no", "-o", str(out))
    assert code == 0 and out.read_bytes() == b"%PDF-1.7"
    assert calls == [("nb", out, "nb", "Fint")]
    assert i18n.current_language() == "en"


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
    catalog = i18n_tools.extract_catalog(root)
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
    i18n_tools.extract(project, template)
    path = i18n_tools.init("nb", template, isolated)
    po = polib.pofile(str(path))
    po.find(long_old).msgstr = "{n} spørsmål er ikke besvart"
    po.save()
    (project / "src" / "riskkit" / "mod.py").write_text(
        "from riskkit.i18n import _\n_(" + repr(long_old.replace("yet; it", "; it")) + ")\n"
        "_('Untouched, changed')\n", encoding="utf-8")
    i18n_tools.extract(project, template)
    i18n_tools.update(template, isolated)
    assert i18n_tools.msgfmt_check(path).ok
    po = polib.pofile(str(path))
    [fuzzy] = po.fuzzy_entries()
    assert fuzzy.previous_msgid == long_old
    assert fuzzy.msgstr == "{n} spørsmål er ikke besvart"
    # an empty old translation gives nothing to review: not fuzzy, not kept as obsolete
    assert not po.find("Untouched, changed").fuzzy
    assert po.obsolete_entries() == []
