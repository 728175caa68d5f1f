"""The official terms in nb, nn, sv and da, as the translation review of December 2026 and the
corrected glossary (provider, deployer, the Norwegian high-risk term) require.

Each key term is checked on a message where it must appear, with the expected words written
out here (not taken from the catalog), so a translation that drifts back fails. The rules of
scripts/terminology.py (words to avoid) run over every message of every catalog.
"""

from __future__ import annotations

import re

import polib
import pytest

from riskkit.core.model import english
from riskkit.i18n import catalogs
from riskkit.load import questionnaire
from riskkit.resources import data_dir
from tests.helpers import SHIPPED, terminology


def _catalog(code: str) -> dict[tuple[str | None, str], str]:
    po = polib.pofile(str(data_dir("locales") / code / "LC_MESSAGES" / "riskkit.po"))
    return {(e.msgctxt, e.msgid): e.msgstr for e in po if not e.obsolete}


def _by_context(code: str, context: str) -> str:
    texts = [text for (ctx, _), text in _catalog(code).items() if ctx == context]
    assert len(texts) == 1, (code, context)
    return texts[0]


@pytest.mark.parametrize("code", SHIPPED)
def test_no_avoided_term_in_any_message(code):
    problems = [str(p) for p in terminology.catalog_problems(code, data_dir("locales"),
                                                             glossary=False)
                if p.kind == "avoid"]
    assert problems == [], "\n".join(problems)


# (context, words the translation must contain, words it must not contain)
KEY_TERMS = {
    "nb": [
        # provider = leverandør, as the Norwegian draft AI act says
        ("question:aiact.instructions:text", ["leverandørens"], ["tilbyder"]),
        ("question:aiact.monitor_report:text", ["leverandøren", "du"], ["tilbyder", "dere"]),
        # "KI-system med høy risiko", not "høyrisiko KI-system"
        ("question:aiact.eu_database:text", ["KI-systemer med høy risiko"], ["høyrisiko"]),
        ("question:aiact.instructions:help", ["KI-system med høy risiko", "idriftsettere"],
         ["høyrisiko"]),
        # Classification is not security grading under sikkerhetsloven
        ("report field", ["Klassifisering"], ["Gradering"]),
        # practice = rutine; tiltak is the measure it becomes
        ("report plan", ["Hver rutine som mangler", "foreslått tiltak"], ["Hvert tiltak"]),
        # one name for the DPIA, not a bare konsekvensvurdering (the FRIA's name)
        ("question:data.personal:help", ["vurdering av personvernkonsekvenser"],
         ["en konsekvensvurdering"]),
        # the NIST AI RMF is voluntary
        ("question:fairness.bias_sources:help", ["NIST AI RMF anbefaler"], ["krever"]),
    ],
    "nn": [
        ("question:aiact.instructions:text", ["leverandøren"], ["tilbydar"]),
        ("question:aiact.eu_database:text", ["KI-system med høg risiko"], ["høgrisiko"]),
        ("report field", ["Klassifisering"], ["Gradering"]),
        ("report plan", ["Kvar rutine som manglar", "føreslått tiltak"], ["Kvart tiltak"]),
        ("question:data.personal:help", ["vurdering av personvernkonsekvensar"],
         ["ei konsekvensvurdering"]),
        ("question:fairness.bias_sources:help", ["NIST AI RMF tilrår"], ["krev"]),
    ],
    "sv": [
        ("question:aiact.instructions:text", ["leverantörens"], []),
        ("question:aiact.eu_database:text", ["AI-system med hög risk"], []),
        # one word for a deadline
        ("question:oversight.treatment_plan:text", ["tidsfrist"], ["slutdatum"]),
        ("report plan", ["Tidsfristen följer"], ["Slutdatum"]),
        # a work address, not "e-postadress i tjänsten" next to "AI-tjänsten"
        ("question:data.work_email:text", ["jobbmejladress"], ["i tjänsten"]),
        ("question:fairness.bias_sources:help", ["NIST AI RMF rekommenderar"], ["kräver"]),
        ("question:data.provider_training:help", ["du matar in", "du kan inte"], [" ni "]),
    ],
    "da": [
        ("question:aiact.instructions:text", ["udbyderens"], []),
        ("question:aiact.eu_database:text", ["højrisiko-AI-systemer"], []),
        # no Swedish words in Danish
        ("question:data.fed_in:choice.secret.1", ["tavshedspligt"], ["sekretess "]),
        ("clause:kalix.no_secret:text", ["omfattet af tavshedspligt"], ["underlagt sekretess"]),
        ("question:fairness.bias_sources:help", ["NIST AI RMF anbefaler"], ["kræver"]),
        # safety is "sikkerhed for mennesker", not (information) security
        ("question:reliability.output_review:text", ["sikkerhed for mennesker"], []),
        ("question:system.go_live:text", ["planlægger du"], ["planlægger I"]),
    ],
}


@pytest.mark.parametrize(("code", "context", "must", "must_not"), [
    (code, context, must, must_not)
    for code, rows in KEY_TERMS.items() for context, must, must_not in rows
])
def test_key_term(code, context, must, must_not):
    if context in ("report field", "report plan"):
        english = {"report field": "Classification",
                   "report plan": "Each practice that is missing or not known"}[context]
        texts = [t for (ctx, msgid), t in _catalog(code).items()
                 if ctx == context and msgid.startswith(english)]
        assert len(texts) == 1, (code, context)
        text = texts[0]
    else:
        text = _by_context(code, context)
    for word in must:
        assert word in text, (code, context, word, text)
    for word in must_not:
        assert word not in text, (code, context, word, text)


def test_glossary_has_the_corrected_terms_in_every_language():
    """locales/glossary.tsv follows the project glossary of December 2026: the Norwegian
    high-risk term was wrong; provider and deployer (AI Act Art. 3(3), 3(4)) were added."""
    terms = {t.term: t for t in catalogs.read_glossary(data_dir("locales"))}
    assert terms["high_risk_ai"].translations["nb"] == "KI-system med høy risiko"
    assert terms["high_risk_ai"].translations["nn"] == "KI-system med høg risiko"
    assert {k: terms["provider"].translations[k] for k in SHIPPED} == {
        "nb": "leverandør", "nn": "leverandør", "sv": "leverantör", "da": "udbyder"}
    assert {k: terms["deployer"].translations[k] for k in SHIPPED} == {
        "nb": "idriftsetter", "nn": "idriftsetjar", "sv": "tillhandahållare",
        "da": "idriftsætter"}
    assert terms["provider"].english == "provider (AI Act)"


def test_the_english_never_says_the_voluntary_nist_ai_rmf_requires():
    """NIST AI RMF 1.0 "is intended to be voluntary" (NIST AI 100-1, Executive Summary): the
    questionnaire may say it recommends, never that it requires or asks."""
    q = questionnaire.load()
    texts = [t for s in q.sections for question in s.questions
             for t in (question.text, english(question.help))]
    offending = [t for t in texts
                 if re.search(r"NIST AI RMF\w* (?:requires|asks|demands)", t)]
    assert offending == []
    bias = next(question for s in q.sections for question in s.questions
                if question.id == "fairness.bias_sources")
    assert "The NIST AI RMF recommends" in english(bias.help)


@pytest.mark.parametrize("code", SHIPPED)
def test_the_department_is_what_its_head_heads_and_not_the_organisation(code):
    """The head of department is "virksomhetsleder" (nb), "verksemdsleiar" (nn),
    "verksamhetschef" (sv), "afdelingsleder" (da) in the glossary, so the department they head
    is the first part of that word, and the organisation (the municipality) has another name:
    the PDF's cover shows both fields side by side."""
    head = catalogs.read_glossary(data_dir("locales"))
    head_term = next(t for t in head if t.term == "department_head").translations[code]
    unit = {"nb": "Virksomhet", "nn": "Verksemd", "sv": "Verksamhet", "da": "Afdeling"}[code]
    assert head_term.lower().startswith(unit.lower())
    catalog = _catalog(code)
    for context, department, organisation in (
            ("report field", "Department", "Organisation"),
            ("system description field", "Department", "Organisation"),
            ("register command", "Department: {value}", "Organisation: {value}")):
        assert catalog[(context, department)].startswith(unit), (code, context)
        assert not catalog[(context, organisation)].startswith(unit), (code, context)
