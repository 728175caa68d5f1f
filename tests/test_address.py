"""The reader is "du" in nb, nn, sv and da: no message addresses them as a group or formally.

Nordic plain-language guidance for public bodies (klarspråk in Norway and Sweden, klarsprog
in Denmark) addresses the reader as "du"; the translation review of December 2026 found the
interview mixed (sv 16 "du" vs 14 "ni"; nb 11 "du" vs 24 "dere"). The rules live in
scripts/terminology.py, which the lead also runs over texts merged later; these tests read
every catalog with polib through it, and check the rules themselves on sentences where the
same letters are no form of address (Danish "I Sverige" = "in Sweden", Swedish "PDF:er").
"""

from __future__ import annotations

import polib
import pytest

from riskkit.resources import data_dir
from tests.helpers import SHIPPED, terminology


@pytest.mark.parametrize("code", SHIPPED)
def test_no_message_addresses_the_reader_other_than_as_du(code):
    problems = [str(p) for p in terminology.catalog_problems(code, data_dir("locales"),
                                                             glossary=False)
                if p.kind == "address"]
    assert problems == [], "address the reader as “du”:\n" + "\n".join(problems)


@pytest.mark.parametrize("code", SHIPPED)
def test_the_interview_says_du(code):
    """The interview's opening and its first question speak to one reader, in each language
    (read with polib directly: this does not depend on the rules above)."""
    po = polib.pofile(str(data_dir("locales") / code / "LC_MESSAGES" / "riskkit.po"))
    you = {"nb": "du", "nn": "du", "sv": "du", "da": "du"}[code]
    texts = {e.msgctxt: e.msgstr for e in po if e.msgctxt in (
        "section:system:intro", "question:system.go_live:text")}
    for context, text in texts.items():
        assert f" {you} " in f" {text} ", (code, context, text)
    assert len(texts) == 2


@pytest.mark.parametrize(("code", "text", "english", "expected"), [
    # Norwegian bokmål: "dere" always; "deres" only where the English says "your".
    ("nb", "Når planlegger dere å ta systemet i bruk?", "", ["dere"]),
    ("nb", "på deres saker og deres språk", "on your cases", ["deres", "deres"]),
    ("nb", "personopplysningene deres behandles", "how their data is processed", []),
    ("nb", "Har De lest vilkårene?", "", ["De"]),
    ("nb", "De ansatte må vite hvordan de gir den.", "", []),  # "De" = "The"/"They"
    # Nynorsk: "de", "dykk", "dykkar" are only ever "you" ("they" is "dei").
    ("nn", "Kor mykje veit de om dataa?", "", ["de"]),
    ("nn", "Vil leverandøren varsle dykk før dykkar data blir endra?", "", ["dykk", "dykkar"]),
    ("nn", "Dei tilsette veit kva dei gjer.", "", []),
    # Swedish: "ni", "er", "ert", "era"; plural endings after ":" or "(" are no address.
    ("sv", "Har ni, tillsammans med er juridiska rådgivare, dokumenterat", "", ["ni", "er"]),
    ("sv", "på era ärenden och ert språk", "", ["era", "ert"]),
    ("sv", "verifiera N PDF:er samtidigt; {count} signatur(er) tillagda", "", []),
    ("sv", "Ni kan testa igen.", "", ["Ni"]),
    # Danish: "jer", "jeres"; "I" mid-sentence or before a verb; "i"/"I" = "in" otherwise.
    ("da", "Hvornår planlægger I at tage systemet i brug?", "", ["I"]),
    ("da", "Giver leverandøren jer besked om jeres data?", "", ["jer", "jeres"]),
    ("da", "I kan ikke længere slette det.", "", ["I"]),
    ("da", "I Sverige har offentlighedsloven en regel. I Norge ikke.", "", []),
    ("da", "I stedet for at underskrive. I denne sammenhæng: {text}", "", []),
    ("da", "et produkt omfattet af EU's produktlovgivning i bilag I til AI-forordningen", "",
     []),
    ("da", "Har De læst vilkårene?", "", ["De"]),
    ("da", "De ansatte ved det.", "", []),
])
def test_forms_of_address_are_told_from_the_same_letters_in_other_senses(code, text, english,
                                                                          expected):
    assert terminology.address_forms(code, text, english) == expected


def test_every_allowed_message_exists_and_says_why():
    """An allow-list entry whose message is gone or no longer flagged hides nothing: remove it."""
    for (code, context, start), reason in terminology.ALLOWED.items():
        assert len(reason) > 20, (code, context)
        po = polib.pofile(str(data_dir("locales") / code / "LC_MESSAGES" / "riskkit.po"))
        entries = [e for e in po if not e.obsolete and e.msgctxt == context
                   and e.msgid.startswith(start)]
        assert entries, f"ALLOWED names a message {code} no longer has: [{context}] {start}"
        flagged = [e for e in entries
                   if terminology.avoided_terms(code, e.msgstr)
                   or terminology.address_forms(code, e.msgstr, e.msgid)]
        assert flagged, f"ALLOWED entry no longer needed: {code} [{context}] {start}"
