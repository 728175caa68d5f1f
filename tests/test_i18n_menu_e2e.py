"""A catalog marked incomplete, as the person at the terminal meets it: `riskkit assess` in a
pseudo-terminal, with a Finnish computer and a Finnish catalog that is work in progress."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from riskkit.resources import data_dir
from tests.helpers import CTRL_C, Person

pytestmark = pytest.mark.e2e

FINNISH = '''\
msgid ""
msgstr ""
"Language: fi\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"X-Riskkit-Status: incomplete\\n"

msgctxt "language menu"
msgid "Choose your language"
msgstr "Valitse kieli"

msgctxt "system description"
msgid "What is the AI system called?"
msgstr "Mikä tekoälyjärjestelmän nimi on?"
'''


@pytest.fixture
def finnish(tmp_path: Path, home: dict[str, str]) -> dict[str, str]:  # noqa: F811
    """The shipped catalogs plus an incomplete Finnish one; a computer set to Finnish."""
    locales = tmp_path / "locales"
    shutil.copytree(data_dir("locales"), locales)
    po = locales / "fi" / "LC_MESSAGES" / "riskkit.po"
    po.parent.mkdir(parents=True)
    po.write_text(FINNISH, encoding="utf-8")
    return {**home, "RISKKIT_LOCALES": str(locales), "LANG": "fi_FI.UTF-8"}


def test_an_incomplete_language_is_not_offered_but_lang_uses_it(tmp_path, finnish, small):  # noqa: F811
    person = Person(["assess", "--questionnaire", str(small)], tmp_path, finnish)
    person.sees("Choose your language", "Svenska")  # asked: Finnish is not taken from LANG
    person.types(CTRL_C)
    person.leaves()
    screen = person.everything_seen()
    assert "Suomi" not in screen and "Valitse kieli" not in screen
    person = Person(["assess", "--lang", "fi", "--questionnaire", str(small)], tmp_path, finnish)
    person.sees("Mikä tekoälyjärjestelmän nimi on?")
    person.types(CTRL_C)
    assert person.leaves() == 130
