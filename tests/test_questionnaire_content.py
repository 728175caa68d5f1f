"""The default questionnaire covers what issue 2 and ../shared/DOMAIN.md demand of it.

Each test names one coverage fact (a DESIGN.md section, a NIST AI RMF category, a legal rule
the verdicts read), so an edit to questionnaires/ai.yaml that drops one fails here by name.
The lists below are written from DOMAIN.md and DESIGN.md, not read from the questionnaire.
"""

from __future__ import annotations

import functools
import re

import pytest

from riskkit.core.derive import DERIVED_ONLY
from riskkit.core.facts import (
    AIACT_ANNEX3,
    AIACT_ART50,
    AIACT_PROHIBITED,
    ART22,
    ART35_3,
    ART35_3_A_PARTS,
    KNOWN_FACTS,
    NATIONAL_LIST_FACTS,
    WP248_CRITERIA,
)
from riskkit.core.model import Question, english
from riskkit.core.values import DONT_KNOW
from riskkit.load import questionnaire


@functools.cache
def _q():
    return questionnaire.load()


def _asserting(fact: str) -> list[str]:
    """The `question=value` answers that assert a fact."""
    return [f"{x.id}={c.value}" for x in _q().questions for c in x.choices if fact in c.facts]


def _refs() -> set[str]:
    return {r.text for x in _q().questions for r in x.refs}


# --- size and sections -----------------------------------------------------------------------


def test_at_least_70_questions_in_at_least_10_sections():
    q = _q()
    assert len(q.questions) >= 70
    assert len(q.sections) >= 10
    assert all(len(s.questions) >= 3 for s in q.sections), "no token sections"


# DESIGN.md, "Questionnaire content": the sections the default questionnaire covers at least.
DESIGN_SECTIONS = {
    "the system and its purpose": "system",
    "data and personal data": "data",
    "DPIA screening": "dpia",
    "automated decisions (GDPR Art. 22)": "decisions",
    "fairness and harmful bias": "fairness",
    "transparency and explainability": "transparency",
    "security and resilience": "security",
    "reliability and safety": "reliability",
    "human oversight and accountability": "oversight",
    "the EU AI Act": "aiact",
    "sustainability and citizens' trust": "trust",
}


@pytest.mark.parametrize("topic", DESIGN_SECTIONS)
def test_every_design_section_is_a_section(topic):
    section = _q().section_by_id.get(DESIGN_SECTIONS[topic])
    assert section is not None and section.questions, topic


def test_the_data_types_the_seed_policies_forbid_can_be_declared():
    # seeds/README.md: personal identifiers (personnummer), pupil records, Art. 9 data,
    # confidential data (budgets, crisis plans, procurement), data under secrecy (OSL),
    # internal data, personal data of staff and residents, CJIS and voter data (US city).
    fed_in = set(_q().by_id["data.fed_in"].values())
    assert {"open", "internal", "resident_data", "employee_data", "identifiers",
            "pupil_records", "confidential", "secret", "cjis", "voter"} <= fed_in
    special = set(_q().by_id["data.special"].values())
    assert {"health", "ethnic", "political", "religion", "trade_union", "sex_life",
            "biometric", "genetic", "none"} <= special


# --- NIST AI RMF ------------------------------------------------------------------------------

NIST_CATEGORIES = (
    [f"GOVERN {i}" for i in range(1, 7)] + [f"MAP {i}" for i in range(1, 6)]
    + [f"MEASURE {i}" for i in range(1, 5)] + [f"MANAGE {i}" for i in range(1, 5)]
)


def test_the_nist_file_has_the_19_categories_of_ai_rmf_1_0():
    assert [c.id for c in _q().nist] == NIST_CATEGORIES


@pytest.mark.parametrize("category", NIST_CATEGORIES)
def test_every_nist_category_is_mapped_by_a_question(category):
    mapped = [x.id for x in _q().questions
              for n in x.nist if (c := _q().nist_category_of(n)) and c.id == category]
    assert mapped, f"no question maps to {category}"


@pytest.mark.parametrize("function", ["GOVERN", "MAP", "MEASURE", "MANAGE"])
def test_every_nist_function_has_practices_for_the_profile(function):
    practices = [x.id for x in _q().questions if x.practice
                 and any(n.startswith(function + " ") for n in x.nist)]
    assert len(practices) >= 3, function


def test_the_measure_2_trustworthiness_subcategories_are_each_mapped():
    # DOMAIN.md: MEASURE 2.5 valid and reliable ... 2.12 environmental impact.
    mapped = {n for x in _q().questions for n in x.nist}
    assert {f"MEASURE 2.{i}" for i in range(5, 13)} <= mapped


# --- the legal facts the verdicts read ----------------------------------------------------------


def test_the_fact_groups_have_the_sizes_the_law_gives():
    assert len(WP248_CRITERIA) == 9  # WP248 rev.01, nine criteria
    assert len(ART35_3) == 3  # GDPR Art. 35(3)(a)-(c)
    assert len(AIACT_PROHIBITED) == 8  # AI Act Art. 5(1)(a)-(h)
    # Annex III points 1-6, 8, with 5(a)-(d): 5(b) and 5(c) are the points whose deployers
    # need a FRIA whoever they are (AI Act Art. 27(1)).
    assert len(AIACT_ANNEX3) == 10


@pytest.mark.parametrize("fact", sorted(KNOWN_FACTS - DERIVED_ONLY))
def test_every_fact_can_be_asserted_by_an_answer(fact):
    # Covers the nine WP248 criteria, the three Art. 35(3) cases, the national list items,
    # Art. 22 (solely automated, SCHUFA reliance, effect, exceptions, special categories,
    # safeguards), AI Act Art. 5, Annex III, Art. 6(3) narrow task and profiling, Art. 50,
    # and the public body of Art. 27. A fact no answer asserts would silently switch off
    # the rule that reads it.
    assert _asserting(fact), f"no answer asserts {fact}"


# A question that asserts a fact cites the law behind it (DOMAIN.md: "The questionnaire must
# cite the article or subcategory on every question it derives from here").
CITED_AS = [
    (WP248_CRITERIA, ("WP248", "GDPR Art. 35")),
    (ART35_3, ("GDPR Art. 35(3)",)),
    (NATIONAL_LIST_FACTS, ("GDPR Art. 35(4)", "GDPR Art. 9(1)")),
    (("art22.explanation",), ("GDPR Art. 13(2)(f)", "GDPR Art. 15(1)(h)")),
    (tuple(f for f in ART22 if f != "art22.explanation"),
     ("GDPR Art. 22", "CJEU C-634/21", "WP251")),
    (AIACT_PROHIBITED, ("AI Act Art. 5(1)",)),
    (AIACT_ANNEX3, ("AI Act Annex III",)),
    (("aiact.narrow_task",), ("AI Act Art. 6(3)",)),
    (ART35_3_A_PARTS, ("GDPR Art. 35(3)(a)",)),
    (("aiact.not_ai_system",), ("AI Act Art. 3(1)",)),
    (AIACT_ART50, ("AI Act Art. 50",)),
    (("public_body",), ("AI Act Art. 27",)),
]


def test_a_question_asserting_a_fact_cites_its_source():
    missing = []
    for facts, prefixes in CITED_AS:
        for x in _q().questions:
            for c in x.choices:
                for f in set(c.facts) & set(facts):
                    if not any(r.text.startswith(p) for r in x.refs for p in prefixes):
                        missing.append(f"{x.id}={c.value} asserts {f} but cites none of {prefixes}")
    assert missing == []


def test_the_schufa_case_is_asked_separately_from_solely_automated():
    # CJEU C-634/21: a score a caseworker draws strongly on can itself be the decision; the
    # questionnaire must be able to say so without claiming the decision is solely automated.
    assert "decisions.role=score_relied" in _asserting("art22.score_relied_on")
    assert "decisions.rubber_stamp=usually_follow" in _asserting("art22.score_relied_on")
    # WP251 rev.01: rubber-stamping does not take a decision out of Art. 22.
    assert "decisions.rubber_stamp=rubber_stamp" in _asserting("art22.solely_automated")


def test_art22_4_special_categories_have_both_allowed_grounds():
    basis = {v.split("=")[1] for v in _asserting("art22.special_categories_basis")}
    assert basis == {"consent", "public_interest"}  # Art. 9(2)(a) and (g), nothing else


def test_the_public_body_question_opens_the_fria():
    # AI Act Art. 27(1): the FRIA duty rests on the deployer being a body governed by public law.
    assert _asserting("public_body") == ["system.deployer_public=yes"]
    fria = _q().by_id["aiact.fria"]
    assert "system.deployer_public" in fria.when.refs


# --- national DPIA lists (GDPR Art. 35(4)) as DOMAIN.md describes them --------------------------

NATIONAL_ITEMS = {
    "NO": {  # Datatilsynet 2019
        "no.algorithm_training": (("algorithm_training_sensitive",), 0),
        "no.innovative_plus_one": (("wp248.innovative_technology",), 1),
        "no.welfare_technology": (("welfare_technology", "wp248.innovative_technology"), 1),
        "no.employee_monitoring": (("employee_monitoring",), 0),
        "no.public_area_monitoring": (("public_area_monitoring",), 0),
        "no.school_cameras": (("school_cameras",), 0),
        "no.pupil_evaluation": (("pupil_evaluation",), 0),
        "no.location_plus_one": (("location",), 1),
        "no.biometric_plus_one": (("biometric",), 1),
        "no.genetic_plus_one": (("genetic",), 1),
    },
    "SE": {},  # IMY: the two-criteria rule, which riskkit applies everywhere
    "DK": {  # Datatilsynet 2019
        "dk.biometric_plus_one": (("biometric",), 1),
        "dk.genetic_plus_one": (("genetic",), 1),
        "dk.location_plus_one": (("location",), 1),
        "dk.innovative_plus_one": (("wp248.innovative_technology",), 1),
        "dk.access_decision": (("access_decision",), 0),
        "dk.large_scale_profiling": (("large_scale_profiling",), 0),
        "dk.vulnerable": (("wp248.vulnerable_subjects",), 0),
    },
}


def test_the_national_lists_hold_the_domain_items():
    lists = _q().dpia_lists
    assert set(lists) == set(NATIONAL_ITEMS)
    for country, items in NATIONAL_ITEMS.items():
        got = {i.id: (i.facts, i.plus_criteria) for i in lists[country].items}
        assert got == items, country
    assert "two WP248 criteria" in lists["SE"].note


@pytest.mark.parametrize("country", ["NO", "DK"])
def test_every_national_item_can_be_reached_by_answers(country):
    for item in _q().dpia_lists[country].items:
        for fact in item.facts:
            assert _asserting(fact), (item.id, fact)


def test_each_national_list_is_cited_by_the_questions_that_serve_it():
    refs = _refs()
    for ref in ("GDPR Art. 35(4): Datatilsynet (NO) 2019", "GDPR Art. 35(4): IMY (SE) 2019",
                "GDPR Art. 35(4): Datatilsynet (DK) 2019"):
        assert ref in refs, ref


# --- the articles issue 2 names -------------------------------------------------------------------

# national law named in DOMAIN.md and the seed policies, with the country it belongs to
NATIONAL = {
    "OSL (2009:400) 10 kap. 2 a §": "SE", "förvaltningslagen (2017:900) § 28": "SE",
    "förvaltningslagen (2017:900) § 32": "SE", "forvaltningsloven §§ 24-25": "NO",
    "forvaltningsloven §§ 22, 24": "DK", "Wis. Stat. § 134.98": "US",
    "CJIS Security Policy": "US",
}
CITED = [
    # GDPR Art. 35 and 36
    "GDPR Art. 35(1)", "GDPR Art. 35(2)", "GDPR Art. 35(3)(a)", "GDPR Art. 35(3)(b)",
    "GDPR Art. 35(3)(c)", "GDPR Art. 35(7)", "GDPR Art. 35(9)", "GDPR Art. 35(11)",
    "GDPR Art. 36(1)",
    # GDPR Art. 22 and the information duties
    "GDPR Art. 22(1)", "GDPR Art. 22(2)", "GDPR Art. 22(2)(b)", "GDPR Art. 22(3)",
    "GDPR Art. 22(4)", "GDPR Art. 13(2)(f)", "GDPR Art. 14(2)(g)", "GDPR Art. 15(1)(h)",
    "WP251 rev.01", "CJEU C-634/21 SCHUFA", "CJEU C-203/22 Dun & Bradstreet Austria",
    # AI Act Art. 5, Annex III, Art. 6(3), 26, 27, 50, 86
    *[f"AI Act Art. 5(1)({x})" for x in "abcdefgh"],
    *[f"AI Act Annex III {x}" for x in ("1", "2", "3", "4", "5(a)", "5(d)", "6", "8")],
    "AI Act Art. 6(3)", "AI Act Art. 26(1)", "AI Act Art. 26(2)", "AI Act Art. 26(4)",
    "AI Act Art. 26(5)", "AI Act Art. 26(6)", "AI Act Art. 26(7)", "AI Act Art. 26(8)",
    "AI Act Art. 26(11)", "AI Act Art. 27(1)", "AI Act Art. 50(1)", "AI Act Art. 50(2)",
    "AI Act Art. 50(4)", "AI Act Art. 86(1)",
    *NATIONAL,
]


@pytest.mark.parametrize("ref", CITED)
def test_the_article_is_cited_by_a_question(ref):
    assert ref in _refs()


@pytest.mark.parametrize("ref,country", NATIONAL.items())
def test_national_law_is_cited_for_its_own_country_only(ref, country):
    # Issue 13, item 7: a Danish screen never shows Swedish OSL or US CJIS.
    carried = {r.countries or x.countries for x in _q().questions for r in x.refs
               if r.text == ref}  # on a question asked there only, or marked itself
    assert carried == {frozenset({country})}


# --- every question -----------------------------------------------------------------------------


def _question_ids() -> list[str]:
    return [x.id for x in _q().questions]


@pytest.mark.parametrize("qid", _question_ids())
def test_every_question_has_text_help_references_and_a_nist_mapping(qid):
    x = _q().by_id[qid]
    assert x.text.strip() and english(x.help, "FI").strip()
    assert x.refs, "a legal or NIST reference on every question"
    assert x.nist, "a NIST AI RMF subcategory on every question"


@pytest.mark.parametrize("qid", _question_ids())
def test_every_closed_question_offers_dont_know_last(qid):
    x = _q().by_id[qid]
    if not x.closed:
        assert x.options() == ()
        return
    assert x.options()[-1] == DONT_KNOW
    assert DONT_KNOW not in x.values()


LEGALESE = re.compile(
    r"\b(shall|pursuant|hereinafter|herein|thereof|whereas|notwithstanding|aforementioned)\b",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def _plain_language_problems(x: Question) -> list[str]:
    problems = []
    for country in ("NO", "SE", "DK", "US", "FI"):  # the help as a person there reads it
        text = english(x.help, country)
        if LEGALESE.search(text):
            problems.append(f"legal prose: {LEGALESE.search(text).group(0)!r}")
        if len(text.split()) > 70:
            problems.append(f"{len(text.split())} words in {country} (at most 70)")
        longest = max(len(s.split()) for s in _sentences(text))
        if longest > 45:
            problems.append(f"a sentence of {longest} words (at most 45)")
        if " ".join(text.split()).lower() == " ".join(x.text.split()).lower():
            problems.append("help repeats the question")
    return sorted(set(problems))


def test_help_is_plain_language_for_a_head_of_department():
    # Help explains what is meant, with an example, and why it matters; the articles go in
    # `refs`. These are coarse checks of that: short texts and sentences, no legal prose,
    # and article numbers in the help text only by exception.
    problems = {x.id: p for x in _q().questions if (p := _plain_language_problems(x))}
    assert problems == {}
    naming_articles = [x.id for x in _q().questions
                       if re.search(r"\bArt(icle|\.)\s*\d", english(x.help))]
    assert len(naming_articles) <= 3, naming_articles


def test_art36_counts_every_risk_to_the_data_subjects_rights():
    """Art. 36(1) asks for prior consultation when the DPIA leaves a high risk to the rights
    and freedoms of the people whose data is processed (Art. 35(7)(c)). Discrimination, a
    breach of their data and harm to them are such risks as much as an unlawful processing;
    so is not telling them how their data is used (Art. 13-15), without which they cannot
    object or contest a decision (Art. 21, 22(3)). Supplier, oversight and AI Act risks are
    the organisation's, not the data subjects'."""
    counted = {r.id for r in _q().risks if r.privacy}
    assert {
        "harmful_bias",
        "lack_of_transparency",
        "security_breach",
        "harm_to_people",
        "unlawful_processing",
        "unlawful_automated_decision",
        "confidential_data_leakage",
    } <= counted
    assert not counted & {"supplier_dependency", "ai_act_noncompliance", "missing_accountability"}
