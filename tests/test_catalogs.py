"""The shipped languages are complete, and CI fails when they fall behind.

These tests read the real ``locales/`` folder: the template must be current with the sources,
every shipped catalog complete, not fuzzy, clean for gettext's ``msgfmt --check`` and for
`riskkit i18n check`, using the glossary's terms, and no English message may be left on a
page rendered in a shipped language. The workflow commands themselves are tested on
temporary catalogs in test_i18n_tools.py.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from riskkit import i18n
from riskkit.i18n import catalogs as i18n_tools
from riskkit.resources import data_dir
from tests.helpers import english_leftovers, html_text

SHIPPED = ["nb", "nn", "sv", "da"]


def locales() -> Path:
    return data_dir("locales")


def po_path(code: str, base: Path | None = None) -> Path:
    return (base or locales()) / code / "LC_MESSAGES" / "riskkit.po"


def test_every_shipped_language_is_available():
    assert set(SHIPPED) <= set(i18n.available_languages())


def test_template_is_current():
    """`riskkit i18n extract` must be run (and the .pot committed) after changing a message."""
    root = i18n_tools.project_root()
    if root is None:
        pytest.skip("an installed wheel has no sources to extract from")
    assert i18n_tools.template_is_current(root, locales() / "riskkit.pot"), \
        "locales/riskkit.pot is out of date: run `riskkit i18n extract`"


@pytest.mark.parametrize("code", SHIPPED)
def test_catalog_is_complete_and_current(code):
    """Counted with polib, independently of riskkit's own check."""
    po = polib.pofile(str(po_path(code)))
    template = polib.pofile(str(locales() / "riskkit.pot"))
    have = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
    missing = [(e.msgctxt, e.msgid) for e in template if (e.msgctxt, e.msgid) not in have]
    assert missing == [], f"{code}: run `riskkit i18n update {code}` and translate"
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("code", SHIPPED)
def test_msgfmt_check_passes(code):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed (scripts/check-system.sh test installs it)"
    done = subprocess.run([msgfmt, "--check", "--statistics", "-o", "/dev/null",
                           str(po_path(code))], capture_output=True, text=True,
                          env={"LC_ALL": "C"})
    assert done.returncode == 0, done.stderr
    assert "untranslated" not in done.stderr and "fuzzy" not in done.stderr


@pytest.mark.parametrize("code", SHIPPED)
def test_riskkit_check_finds_no_errors_and_the_glossary_is_used(code):
    """Placeholders, plural forms and glossary terms, as `riskkit i18n check` reports them."""
    report = i18n_tools.check_catalog(code, po_path(code), run_msgfmt=False)
    assert report.complete
    assert [(f.kind, f.context, f.msgid) for f in report.errors] == []
    glossary = [(f.context, f.msgid, f.added, f.missing) for f in report.findings
                if f.kind == "glossary"]
    assert glossary == [], "use the glossary's term, or explain in a `# glossary: ...` comment"


def test_shipped_languages_are_not_marked_incomplete():
    """nb, nn, sv and da are offered to every user: they may never be work in progress (en is
    the source and has no catalog)."""
    assert [code for code in SHIPPED if i18n.catalog_status(po_path(code)) is not None] == []
    assert set(SHIPPED) <= set(i18n.offered_languages())
    assert not po_path("en").exists()


def test_every_catalog_in_the_repository_passes_the_check():
    """A language being translated may be committed when its catalog is marked incomplete
    (`riskkit i18n init` marks it): what is translated must still be free of errors, and a
    catalog without the mark must be complete."""
    template = i18n_tools.read_template(locales() / "riskkit.pot")
    for code in i18n_tools.catalog_languages(locales()):
        report = i18n_tools.check_catalog(code, po_path(code), template, run_msgfmt=False)
        assert report.ok(), (code, report.untranslated, report.fuzzy, report.not_merged,
                             [(f.line, f.kind, f.msgid) for f in report.errors])


def test_the_glossary_has_every_shipped_language():
    terms = i18n_tools.read_glossary(locales())
    assert len(terms) >= 40
    assert [t.term for t in terms if set(SHIPPED) - set(t.translations)] == []


# --- no English on a rendered page --------------------------------------------------------------

def page_text(code: str) -> str:
    """The text of the richest example's pages in ``code``, read from the HTML the PDF is
    made of (the words are the same; the PDF would take a render)."""
    from riskkit import report

    q, answers, _notices = report.load_answers(report.example_answers_path())
    result = report.score_in(q, answers, code)
    with i18n.using(code):
        return html_text(report.render_html(q, answers, result, lang=code))


@pytest.mark.parametrize("code", ["nn", "sv", "da"])
def test_no_english_message_on_a_page_in_the_language(code):
    po = polib.pofile(str(po_path(code)))
    assert english_leftovers(po, page_text(code)) == []


def test_no_english_on_a_bokmal_page_and_the_scan_finds_untranslated_messages(
        tmp_path, monkeypatch):
    """The shipped bokmål catalog with the method section's messages blanked: exactly those
    come out in English, so the scan works on real PDF text, and nothing else does."""
    copy = tmp_path / "locales"
    shutil.copytree(locales(), copy)
    po = polib.pofile(str(po_path("nb", copy)))
    blanked = set()
    for entry in po:
        if entry.msgctxt == "report method" and not entry.msgid_plural:
            entry.msgstr = ""
            blanked.add((entry.msgctxt, entry.msgid))
    assert len(blanked) >= 5
    po.save()
    monkeypatch.setenv("RISKKIT_LOCALES", str(copy))
    monkeypatch.setenv("RISKKIT_NO_CATALOG_CACHE", "1")
    leftovers = set(english_leftovers(po, page_text("nb")))
    assert leftovers - blanked == set()
    assert len(leftovers) >= 3, "the scan did not find English that is on the page"
