"""The i18n runtime: which language, loading .po files without a compile step, the cache,
Babel formatting, argparse and Jinja2 in the active language."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import textwrap
from pathlib import Path

import jinja2
import pytest

from riskkit import i18n
from riskkit.errors import RiskkitError

HEADER = """\
msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""


def write_po(locales: Path, lang: str, body: str = "") -> Path:
    path = locales / lang / "LC_MESSAGES" / "riskkit.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(lang=lang) + textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Catalogs and cache in temp folders; English again after each test."""
    locales = tmp_path / "locales"
    locales.mkdir()
    monkeypatch.setenv("RISKKIT_LOCALES", str(locales))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("RISKKIT_NO_CATALOG_CACHE", raising=False)
    yield locales
    i18n.activate("en")


@pytest.fixture
def nordic(isolated):
    for lang in ("nb", "nn", "sv", "da"):
        write_po(isolated, lang)
    return isolated


# --- available languages and resolution ---------------------------------------------------

def test_available_languages_are_english_plus_every_catalog(nordic):
    (nordic / "fi" / "LC_MESSAGES").mkdir(parents=True)  # a folder without a .po: not available
    assert i18n.available_languages() == ["en", "da", "nb", "nn", "sv"]
    assert i18n.language_choices() == [
        ("en", "English"), ("da", "Dansk"), ("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"),
        ("sv", "Svenska"),
    ]


def test_available_languages_come_from_the_data_folder_without_override(monkeypatch, tmp_path):
    monkeypatch.delenv("RISKKIT_LOCALES")
    from riskkit import resources

    monkeypatch.setattr(resources, "data_dir", lambda name: tmp_path / "data" / name)
    write_po(tmp_path / "data" / "locales", "sv")
    assert i18n.available_languages() == ["en", "sv"]


@pytest.mark.parametrize("cli, environ, expected", [
    (None, {}, None),
    (None, {"LANG": "nb_NO.UTF-8"}, "nb"),
    (None, {"LANG": "nb_NO"}, "nb"),
    (None, {"LANG": "no_NO"}, "nb"),
    (None, {"LANG": "no"}, "nb"),
    (None, {"LANG": "nn_NO.UTF-8"}, "nn"),
    (None, {"LANG": "sv_SE.UTF-8"}, "sv"),
    (None, {"LANG": "sv_FI.UTF-8"}, "sv"),
    (None, {"LANG": "da_DK.utf8"}, "da"),
    (None, {"LANG": "en_GB.UTF-8"}, "en"),
    (None, {"LANG": "C"}, None),
    (None, {"LANG": "POSIX"}, None),
    (None, {"LANG": "C.UTF-8"}, None),
    (None, {"LANG": "de_DE.UTF-8"}, None),                      # not available: ask
    (None, {"LC_ALL": "sv_SE.UTF-8", "LANG": "nb_NO.UTF-8"}, "sv"),  # LC_ALL first
    (None, {"LC_MESSAGES": "da_DK", "LANG": "nb_NO"}, "da"),     # then LC_MESSAGES
    (None, {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "nn_NO"}, "nn"),  # empty = unset
    (None, {"LC_ALL": "C", "LANG": "nb_NO.UTF-8"}, None),        # C overrides everything
    (None, {"LC_ALL": "C", "LANGUAGE": "nb"}, None),             # GNU ignores LANGUAGE under C
    (None, {"LANG": "de_DE.UTF-8", "LANGUAGE": "fi:da:nb"}, "da"),  # LANGUAGE last, in order
    (None, {"LANGUAGE": "no"}, "nb"),
    ("sv", {"LANG": "nb_NO.UTF-8"}, "sv"),                       # --lang beats the environment
    ("no", {}, "nb"),
    ("no_NO", {}, "nb"),
    ("nb_NO.UTF-8", {}, "nb"),
    ("NN", {}, "nn"),
    ("en", {"LANG": "nb_NO"}, "en"),
    ("", {"LANG": "da_DK"}, "da"),                              # empty --lang: not given
])
def test_resolve_language(nordic, cli, environ, expected):
    assert i18n.resolve_language(cli, environ) == expected


def test_territory_catalog_wins_over_plain_language(isolated):
    write_po(isolated, "pt")
    write_po(isolated, "pt_BR")
    assert i18n.resolve_language(None, {"LANG": "pt_BR.UTF-8"}) == "pt_BR"
    assert i18n.resolve_language(None, {"LANG": "pt_PT.UTF-8"}) == "pt"


def test_unknown_lang_is_an_error_listing_available_languages(nordic):
    with pytest.raises(i18n.UnknownLanguage) as info:
        i18n.resolve_language("fi", {"LANG": "nb_NO.UTF-8"})
    err = info.value
    assert isinstance(err, RiskkitError)
    assert err.exit_code == 2
    message = str(err)
    assert "fi" in message
    for listed in ("en (English)", "nb (Norsk bokmål)", "nn (Norsk nynorsk)", "sv (Svenska)",
                   "da (Dansk)"):
        assert listed in message


def test_unknown_lang_message_is_in_the_environments_language(isolated):
    write_po(isolated, "nb", """\
        msgctxt "language error"
        msgid "Unknown language “{code}”. Available languages: {languages}."
        msgstr "Ukjent språk «{code}». Tilgjengelige språk: {languages}."
        """)
    with pytest.raises(i18n.UnknownLanguage) as info:
        i18n.resolve_language("xx", {"LANG": "nb_NO.UTF-8"})
    assert str(info.value) == ("Ukjent språk «xx». Tilgjengelige språk: en (English) og "
                               "nb (Norsk bokmål).")
    assert i18n.current_language() == "en"  # the language in use is unchanged


# --- activate ------------------------------------------------------------------------------

TINY = """\
    msgid "Save and quit"
    msgstr "Lagre og avslutt"

    msgctxt "question:data.personal:text"
    msgid "Does the system process personal data?"
    msgstr "Behandler systemet personopplysninger?"

    msgctxt "question:data.special:text"
    msgid "Does the system process personal data?"
    msgstr "Behandler systemet særlige kategorier?"

    #, fuzzy
    msgid "Review your answers"
    msgstr "Se over svarene (uferdig)"

    msgid "Not translated yet"
    msgstr ""

    msgid "{n} question"
    msgid_plural "{n} questions"
    msgstr[0] "{n} spørsmål"
    msgstr[1] "{n} spørsmål totalt"

    msgctxt "answer count"
    msgid "{n} answer"
    msgid_plural "{n} answers"
    msgstr[0] "{n} svar"
    msgstr[1] "{n} svar i alt"
    """


def test_activate_translates_with_context_and_falls_back_to_english(isolated):
    write_po(isolated, "nb", TINY)
    i18n.activate("nb")
    assert i18n.current_language() == "nb"
    assert i18n._("Save and quit") == "Lagre og avslutt"
    # the same msgid in two contexts has two translations
    assert i18n.pgettext(i18n.ctx("question", "data.personal", "text"),
                         "Does the system process personal data?") == \
        "Behandler systemet personopplysninger?"
    assert i18n.pgettext("question:data.special:text", "Does the system process personal data?") \
        == "Behandler systemet særlige kategorier?"
    # no context, unknown context, empty translation, unknown message: English
    assert i18n._("Does the system process personal data?") == \
        "Does the system process personal data?"
    assert i18n.pgettext("question:other:text", "Save and quit") == "Save and quit"
    assert i18n._("Not translated yet") == "Not translated yet"
    assert i18n._("Never extracted") == "Never extracted"
    assert i18n.ngettext("{n} question", "{n} questions", 1) == "{n} spørsmål"
    assert i18n.ngettext("{n} question", "{n} questions", 3) == "{n} spørsmål totalt"
    assert i18n.npgettext("answer count", "{n} answer", "{n} answers", 2) == "{n} svar i alt"
    assert i18n.npgettext("other", "{n} answer", "{n} answers", 2) == "{n} answers"


def test_fuzzy_translations_are_not_used(isolated):
    write_po(isolated, "nb", TINY)
    i18n.activate("nb")
    assert i18n._("Review your answers") == "Review your answers"


def test_activate_english_without_a_catalog_translates_nothing(isolated):
    i18n.activate("en")
    assert i18n._("Save and quit") == "Save and quit"


def test_activate_unknown_language_raises(isolated):
    with pytest.raises(i18n.UnknownLanguage):
        i18n.activate("fi")


def test_using_switches_and_restores(isolated):
    write_po(isolated, "nb", TINY)
    write_po(isolated, "sv", 'msgid "Save and quit"\nmsgstr "Spara och avsluta"\n')
    i18n.activate("nb")
    with i18n.using("sv"):
        assert i18n.current_language() == "sv"
        assert i18n._("Save and quit") == "Spara och avsluta"
        with i18n.using("en"):
            assert i18n._("Save and quit") == "Save and quit"
        assert i18n._("Save and quit") == "Spara och avsluta"
    assert i18n.current_language() == "nb"
    assert i18n._("Save and quit") == "Lagre og avslutt"
    with pytest.raises(ValueError), i18n.using("sv"):
        raise ValueError
    assert i18n._("Save and quit") == "Lagre og avslutt"


# --- the compiled-catalog cache ------------------------------------------------------------

def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "riskkit" / "catalogs").glob("*.mo"))


def test_compiled_catalog_is_cached_and_reused(isolated, tmp_path, monkeypatch):
    write_po(isolated, "nb", TINY)
    i18n.activate("nb")
    [cached] = cache_files(tmp_path)
    # a second start reads the cache, not the .po
    monkeypatch.setattr(i18n, "compile_po", lambda *a, **k: pytest.fail("compiled again"))
    monkeypatch.setattr(i18n, "_loaded", {})  # as in a new process
    i18n.activate("en")
    i18n.activate("nb")
    assert i18n._("Save and quit") == "Lagre og avslutt"
    assert cache_files(tmp_path) == [cached]


def test_cache_is_invalidated_when_the_po_changes(isolated, tmp_path):
    po = write_po(isolated, "nb", TINY)
    i18n.activate("nb")
    [old] = cache_files(tmp_path)
    stat = po.stat()
    # same size, new content, new mtime: a translator fixed a typo in Poedit
    po.write_text(po.read_text(encoding="utf-8").replace("Lagre og avslutt", "Lagre og avslutT"),
                  encoding="utf-8")
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert po.stat().st_size == stat.st_size
    i18n.activate("nb")
    assert i18n._("Save and quit") == "Lagre og avslutT"
    [new] = cache_files(tmp_path)
    assert new != old  # the stale entry is gone


def test_cache_key_includes_the_size(isolated, tmp_path):
    po = write_po(isolated, "nb", TINY)
    i18n.activate("nb")
    stat = po.stat()
    po.write_text(po.read_text(encoding="utf-8").replace("Lagre og avslutt", "Lagre og gå ut"),
                  encoding="utf-8")
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the same mtime
    i18n.activate("nb")
    assert i18n._("Save and quit") == "Lagre og gå ut"


def test_unwritable_cache_still_works(isolated, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    write_po(isolated, "nb", TINY)
    i18n.activate("nb")
    assert i18n._("Save and quit") == "Lagre og avslutt"


def test_cache_can_be_switched_off(isolated, tmp_path, monkeypatch):
    monkeypatch.setenv("RISKKIT_NO_CATALOG_CACHE", "1")
    write_po(isolated, "nb", TINY)
    i18n.activate("nb")
    assert i18n._("Save and quit") == "Lagre og avslutt"
    assert cache_files(tmp_path) == []


# --- Babel formatting ----------------------------------------------------------------------

@pytest.mark.parametrize("lang, long_date, number, percent, listed", [
    ("nb", "5. mars 2026", "12\u00a0345,6", "73\u00a0%", "risiko, tiltak og eier"),
    ("nn", "5. mars 2026", "12\u00a0345,6", "73\u00a0%", "risiko, tiltak og eier"),
    ("sv", "5 mars 2026", "12\u00a0345,6", "73\u00a0%", "risiko, tiltak och eier"),
    ("da", "5. marts 2026", "12.345,6", "73\u00a0%", "risiko, tiltak og eier"),
    ("en", "March 5, 2026", "12,345.6", "73%", "risiko, tiltak, and eier"),
])
def test_babel_formats_for_the_active_language(nordic, lang, long_date, number, percent, listed):
    with i18n.using(lang):
        assert i18n.babel_locale().language == lang
        assert i18n.format_date(dt.date(2026, 3, 5)) == long_date
        assert i18n.format_number(12345.6) == number
        assert i18n.format_percent(0.73) == percent
        assert i18n.format_list(["risiko", "tiltak", "eier"]) == listed


def test_format_datetime_and_short_dates(nordic):
    moment = dt.datetime(2026, 3, 5, 14, 30)
    with i18n.using("nb"):
        assert i18n.format_date(dt.date(2026, 3, 5), "short") == "05.03.2026"
        assert "14:30" in i18n.format_datetime(moment, "short")
    with i18n.using("sv"):
        assert i18n.format_date(dt.date(2026, 3, 5), "short") == "2026-03-05"


def test_babel_locale_falls_back_to_english_for_unknown_codes(isolated):
    write_po(isolated, "zz")
    with i18n.using("zz"):
        assert i18n.babel_locale().language == "en"


# --- argparse and Jinja2 -------------------------------------------------------------------

ARGPARSE_NB = """\
    msgctxt "argparse"
    msgid "usage: "
    msgstr "bruk: "

    msgctxt "argparse"
    msgid "options"
    msgstr "valg"

    msgctxt "argparse"
    msgid "show this help message and exit"
    msgstr "vis denne hjelpeteksten og avslutt"

    msgctxt "argparse"
    msgid "the following arguments are required: %s"
    msgstr "disse argumentene mangler: %s"

    msgctxt "argparse"
    msgid "%(prog)s: error: %(message)s\\n"
    msgstr "%(prog)s: feil: %(message)s\\n"
    """


def test_argparse_messages_are_translated(isolated, capsys):
    write_po(isolated, "nb", ARGPARSE_NB)
    i18n.activate("nb")
    parser = argparse.ArgumentParser(prog="riskkit")
    parser.add_argument("path")
    help_text = parser.format_help()
    assert help_text.startswith("bruk: riskkit")
    assert "valg:" in help_text
    assert "vis denne hjelpeteksten og avslutt" in help_text
    with pytest.raises(SystemExit):
        parser.parse_args([])
    assert "riskkit: feil: disse argumentene mangler: path" in capsys.readouterr().err
    i18n.activate("en")
    assert argparse.ArgumentParser(prog="x").format_help().startswith("usage: x")


def test_argparse_subparser_without_description_still_works(isolated):
    write_po(isolated, "nb", ARGPARSE_NB)
    i18n.activate("nb")
    parser = argparse.ArgumentParser(prog="riskkit")
    parser.add_subparsers(title="commands").add_parser("x")
    assert "commands:" in parser.format_help()


def test_jinja_templates_use_the_active_language(isolated):
    write_po(isolated, "nb", TINY + """
    msgid "Hello %(name)s"
    msgstr "Hei %(name)s"

    msgctxt "report"
    msgid "Risk"
    msgstr "Risiko"

    msgid "%(n)s question"
    msgid_plural "%(n)s questions"
    msgstr[0] "%(n)s spørsmål"
    msgstr[1] "%(n)s spørsmål totalt"
    """)
    env = jinja2.Environment(autoescape=True)
    i18n.jinja_install(env)
    template = env.from_string(textwrap.dedent("""\
        {{ _("Save and quit") }}|{{ _("Hello %(name)s", name=who) }}|
        {{- pgettext("report", "Risk") }}|
        {%- trans n=2 %}{{ n }} question{% pluralize %}{{ n }} questions{% endtrans %}|
        {%- trans %}
            Save and
            quit
        {% endtrans %}"""))
    i18n.activate("nb")
    rendered = template.render(who="<Ola>")
    assert rendered == "Lagre og avslutt|Hei &lt;Ola&gt;|Risiko|2 spørsmål totalt|Lagre og avslutt"
    with i18n.using("en"):
        assert template.render(who="Ola").startswith("Save and quit|Hello Ola|Risk|2 questions")


def _menu_cache(tmp_path: Path) -> Path:
    [cache] = (tmp_path / "cache" / "riskkit" / "catalogs").glob("language-menu-*.json")
    return cache


def test_the_language_menu_is_kept_in_the_cache_per_catalog_version(nordic, tmp_path):
    i18n.language_menu()
    cache = _menu_cache(tmp_path)
    write_po(nordic, "nb", """
        msgctxt "language menu"
        msgid "Choose your language"
        msgstr "Velg språk"
        """)
    choices, question = i18n.language_menu()
    assert ("nb", "Norsk bokmål") in choices
    assert question.split(" / ")[:2] == ["Choose your language", "Velg språk"]
    stored = json.loads(cache.read_text())
    assert stored["nb"]["name"] == "Norsk bokmål" and stored["nb"]["greeting"] == "Velg språk"
    # The cache is what the next run shows: neither Babel nor the catalog is read again.
    stored["sv"]["name"] = "Svenska (cached)"
    cache.write_text(json.dumps(stored))
    assert dict(i18n.language_menu()[0])["sv"] == "Svenska (cached)"
    # An edited catalog and a new language are read again.
    write_po(nordic, "nb", """
        msgctxt "language menu"
        msgid "Choose your language"
        msgstr "Vel ditt språk"
        """)
    write_po(nordic, "fi")
    choices, question = i18n.language_menu()
    assert "Vel ditt språk" in question.split(" / ")
    assert dict(choices)["fi"] == "Suomi" and json.loads(cache.read_text())["fi"]["name"] == "Suomi"
    cache.write_text("not json")  # a damaged cache: made again
    assert dict(i18n.language_menu()[0])["sv"] == "Svenska"


def test_each_folder_of_catalogs_keeps_its_own_language_menu(nordic, tmp_path, monkeypatch):
    """Two installations sharing one cache do not overwrite each other's menus."""
    write_po(nordic, "nb", """
        msgctxt "language menu"
        msgid "Choose your language"
        msgstr "Velg språk"
        """)
    assert "Velg språk" in i18n.language_menu()[1]
    other = tmp_path / "other-install"
    write_po(other, "nb", """
        msgctxt "language menu"
        msgid "Choose your language"
        msgstr "Vel språk her"
        """)
    monkeypatch.setenv("RISKKIT_LOCALES", str(other))
    assert "Vel språk her" in i18n.language_menu()[1]
    menus = list((tmp_path / "cache" / "riskkit" / "catalogs").glob("language-menu-*.json"))
    assert len(menus) == 2
    monkeypatch.setenv("RISKKIT_LOCALES", str(nordic))
    assert "Velg språk" in i18n.language_menu()[1]


# --- catalogs marked incomplete ----------------------------------------------------------------

INCOMPLETE_HEADER = HEADER.replace('"Content-Type',
                                   '"X-Riskkit-Status: incomplete\\n"\n"Content-Type')


def test_an_incomplete_catalog_is_used_with_lang_but_never_offered(nordic):
    """Work in progress (X-Riskkit-Status: incomplete) is neither in the menu nor taken from
    the environment, but --lang uses it; the menu cache follows the mark as it changes."""
    fi = nordic / "fi" / "LC_MESSAGES" / "riskkit.po"
    fi.parent.mkdir(parents=True)
    fi.write_text(INCOMPLETE_HEADER.format(lang="fi") + textwrap.dedent("""
        msgctxt "language menu"
        msgid "Choose your language"
        msgstr "Valitse kieli"
        """), encoding="utf-8")
    assert i18n.catalog_status(fi) == "incomplete" and i18n.is_incomplete("fi")
    assert "fi" in i18n.available_languages()
    assert "fi" not in i18n.offered_languages()
    choices, question = i18n.language_menu()
    assert "fi" not in dict(choices) and "Valitse kieli" not in question
    assert i18n.resolve_language(None, {"LANG": "fi_FI.UTF-8"}) is None  # asked instead
    assert i18n.resolve_language(None, {"LANGUAGE": "fi:sv"}) == "sv"
    assert i18n.resolve_language("fi", {}) == "fi"
    i18n.activate("fi")
    assert i18n.pgettext("language menu", "Choose your language") == "Valitse kieli"
    i18n.activate("en")
    # the translator deletes the mark: offered at once (the cached menu is made again)
    fi.write_text(fi.read_text(encoding="utf-8").replace(
        '"X-Riskkit-Status: incomplete\\n"\n', ""), encoding="utf-8")
    assert i18n.catalog_status(fi) is None
    assert dict(i18n.language_menu()[0])["fi"] == "Suomi"
    assert i18n.resolve_language(None, {"LANG": "fi_FI.UTF-8"}) == "fi"


def test_the_status_is_read_from_the_header_only(nordic):
    """A message whose continuation line quotes the header field is not the header."""
    path = write_po(nordic, "is", """
        msgid ""
        "X-Riskkit-Status: incomplete"
        msgstr ""
        """)
    assert i18n.catalog_status(path) is None
    assert "is" in i18n.offered_languages()
    assert i18n.catalog_status(nordic / "nowhere.po") is None
