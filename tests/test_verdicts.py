"""The legal rules case by case (../shared/DOMAIN.md), fed with facts directly."""

from __future__ import annotations

import pytest

from riskkit.core.facts import FactState
from riskkit.core.verdicts import decide
from tests.helpers import score_answers

T, U = FactState.TRUE, FactState.UNKNOWN


def verdicts(q, country="NO", risks=(), **facts):
    states = {name.replace("__", "."): state for name, state in facts.items()}
    sources = {name: ["q." + name] for name in states}
    return decide(q, country, states, sources, risks)


# --- DPIA (GDPR Art. 35, WP248, national lists) -------------------------------------------


def test_no_personal_data_no_dpia(mini):
    v = verdicts(mini, wp248__large_scale=T, wp248__innovative_technology=T).dpia
    assert v.status == "not_required"


@pytest.mark.parametrize("case", ["art35_3.a", "art35_3.b", "art35_3.c"])
def test_art35_3_cases_always_require_a_dpia(mini, case):
    v = verdicts(mini, personal_data=T, **{case.replace(".", "__"): T}).dpia
    assert v.status == "required"
    assert any(f"GDPR Art. 35(3)({case[-1]})" in r.refs for r in v.reasons)


def test_one_wp248_criterion_recommends(mini):
    assert (
        verdicts(mini, "SE", personal_data=T, wp248__innovative_technology=T).dpia.status
        == "recommended"
    )


def test_two_wp248_criteria_require(mini):
    v = verdicts(
        mini, "SE", personal_data=T, wp248__innovative_technology=T, wp248__vulnerable_subjects=T
    ).dpia
    assert v.status == "required"
    assert v.details["criteria"] == ["wp248.vulnerable_subjects", "wp248.innovative_technology"]


def test_imy_asks_to_weigh_other_rights_in_a_swedish_dpia(mini):
    """DOMAIN.md: IMY also asks to weigh other rights (expression, non-discrimination,
    religion, movement); that is a step of a Swedish DPIA, not of a Norwegian one."""
    two = dict(personal_data=T, wp248__innovative_technology=T, wp248__vulnerable_subjects=T)
    sweden = verdicts(mini, "SE", **two).dpia
    assert any("freedom of expression" in step for step in sweden.next_steps)
    norway = verdicts(mini, "NO", **two).dpia
    assert not any("freedom of expression" in step for step in norway.next_steps)
    assert verdicts(mini, "SE", personal_data=T).dpia.next_steps == ()


def test_no_criterion_not_required(mini):
    assert verdicts(mini, "SE", personal_data=T).dpia.status == "not_required"


def test_unknown_criterion_counts_and_says_so(mini):
    v = verdicts(
        mini, "SE", personal_data=T, wp248__innovative_technology=T, wp248__large_scale=U
    ).dpia
    assert v.status == "required"
    assumed = [r for r in v.reasons if "assumed until clarified" in r.text]
    assert len(assumed) == 1 and assumed[0].answers == ("q.wp248.large_scale",)


def test_norwegian_list_item_alone_requires(mini):
    # Datatilsynet: evaluating pupils' learning or well-being requires a DPIA by itself.
    assert verdicts(mini, "NO", personal_data=T, pupil_evaluation=T).dpia.status == "required"
    assert verdicts(mini, "SE", personal_data=T, pupil_evaluation=T).dpia.status == "not_required"


def test_location_needs_one_more_criterion_in_norway_and_denmark(mini):
    # Location data is WP248 criterion 4 (sensitive or highly personal data: freedom of
    # movement), derived from the fact: one criterion, a DPIA recommended. It is not its own
    # "other criterion" on the Norwegian and Danish lists (the legal review, December 2026).
    v = verdicts(mini, "NO", personal_data=T, location=T).dpia
    assert v.status == "recommended"
    assert v.details["criteria"] == ["wp248.sensitive_data"]
    assert v.details["national"] == []
    for country in ("NO", "DK"):
        v = verdicts(
            mini, country, personal_data=T, location=T, wp248__innovative_technology=T
        ).dpia
        assert v.status == "required", country
        assert any(i.endswith("location_plus_one") for i in v.details["national"])
    # Sweden has no such item, but location data and innovative technology are two WP248
    # criteria, which IMY says require a DPIA.
    assert (
        verdicts(
            mini, "SE", personal_data=T, location=T, wp248__innovative_technology=T
        ).dpia.status
        == "required"
    )


def test_danish_access_decision(mini):
    assert verdicts(mini, "DK", personal_data=T, access_decision=T).dpia.status == "required"


def test_outside_the_eea_gdpr_verdict_is_guidance(mini):
    v = verdicts(mini, "US", personal_data=T).dpia
    assert "guidance only" in v.reasons[0].text


# --- GDPR Art. 22 ---------------------------------------------------------------------------

SAFEGUARDS = dict(
    art22__human_intervention=T, art22__point_of_view=T, art22__contest=T, art22__explanation=T
)


def test_art22_not_engaged_without_significant_effect(mini):
    assert verdicts(mini, personal_data=T, art22__solely_automated=T).art22.status == "not_engaged"


def test_art22_engaged_by_schufa_reliance_on_a_score(mini):
    v = verdicts(mini, personal_data=T, art22__score_relied_on=T, art22__significant_effect=T).art22
    assert v.status == "engaged_unlawful"
    assert any("C-634/21" in ref for r in v.reasons for ref in r.refs)


def test_art22_lawful_with_law_and_every_safeguard(mini):
    v = verdicts(
        mini,
        personal_data=T,
        art22__solely_automated=T,
        art22__significant_effect=T,
        art22__exception_law=T,
        **SAFEGUARDS,
    ).art22
    assert v.status == "engaged_lawful"


def test_art22_unknown_exception_does_not_make_it_lawful(mini):
    v = verdicts(
        mini,
        personal_data=T,
        art22__solely_automated=T,
        art22__significant_effect=T,
        art22__exception_law=U,
        **SAFEGUARDS,
    ).art22
    assert v.status == "engaged_unlawful"


def test_art22_missing_safeguard_is_named(mini):
    safeguards = dict(SAFEGUARDS)
    del safeguards["art22__contest"]
    v = verdicts(
        mini,
        personal_data=T,
        art22__solely_automated=T,
        art22__significant_effect=T,
        art22__exception_law=T,
        **safeguards,
    ).art22
    assert v.status == "engaged_unlawful"
    assert any("the right to contest the decision" in r.text for r in v.reasons)


def test_art22_special_categories_need_a_basis(mini):
    base = dict(
        personal_data=T,
        art22__solely_automated=T,
        art22__significant_effect=T,
        art22__exception_law=T,
        art22__special_categories=T,
        **SAFEGUARDS,
    )
    assert verdicts(mini, **base).art22.status == "engaged_unlawful"
    assert (
        verdicts(mini, art22__special_categories_basis=T, **base).art22.status == "engaged_lawful"
    )


def test_art22_consent_from_a_public_body_is_questioned(mini):
    v = verdicts(
        mini,
        personal_data=T,
        public_body=T,
        art22__solely_automated=T,
        art22__significant_effect=T,
        art22__exception_consent=T,
        **SAFEGUARDS,
    ).art22
    # GDPR Recital 43: consent is presumed not freely given where there is a clear imbalance,
    # as between a resident and a public authority: not established without a reason.
    assert v.status == "engaged_unlawful"
    assert any("documented reason" in r.text for r in v.reasons)
    justified = verdicts(
        mini, personal_data=T, public_body=T, art22__solely_automated=T,
        art22__significant_effect=T, art22__exception_consent=T, art22__exception_justified=T,
        **SAFEGUARDS,
    ).art22
    assert justified.status == "engaged_lawful"
    assert any("rarely valid" in r.text for r in justified.reasons)


def test_art22_a_contract_with_a_public_body_needs_a_documented_reason(mini):
    # The review's example 1 (da-cv-screening): Art. 22(2)(a) "necessary" is read strictly,
    # and a public body's contract with the person it decides on is not an exception by
    # declaration alone. A private deployer's contract is taken as declared.
    facts = dict(personal_data=T, art22__solely_automated=T, art22__significant_effect=T,
                 art22__exception_contract=T, **SAFEGUARDS)
    assert verdicts(mini, public_body=T, **facts).art22.status == "engaged_unlawful"
    assert verdicts(mini, public_service=T, **facts).art22.status == "engaged_unlawful"
    assert verdicts(mini, **facts).art22.status == "engaged_lawful"


def test_art22_safeguards_for_an_authorising_law_come_from_that_law(mini):
    # Art. 22(3) covers (a) and (c); for (b) the authorising law "lays down suitable
    # measures", so the missing safeguards are cited from 22(2)(b), not 22(3).
    by_law = verdicts(mini, personal_data=T, art22__solely_automated=T,
                      art22__significant_effect=T, art22__exception_law=T).art22
    refs = next(r.refs for r in by_law.reasons if "Safeguards not established" in r.text)
    assert "GDPR Art. 22(2)(b)" in refs and "GDPR Art. 22(3)" not in refs
    by_contract = verdicts(mini, personal_data=T, art22__solely_automated=T,
                           art22__significant_effect=T, art22__exception_contract=T).art22
    refs = next(r.refs for r in by_contract.reasons if "Safeguards not established" in r.text)
    assert "GDPR Art. 22(3)" in refs


# --- EU AI Act ------------------------------------------------------------------------------


def test_prohibited_practice_wins(mini):
    v = verdicts(mini, aiact__prohibited__social_scoring=T, aiact__annex3__public_benefits=T).ai_act
    assert v.status == "prohibited"
    assert v.details["fria_required"] is False


def test_annex3_area_is_high_risk_and_needs_fria_for_a_public_body(mini):
    v = verdicts(mini, public_body=T, aiact__annex3__public_benefits=T).ai_act
    assert v.status == "high_risk" and v.details["fria_required"] is True


def test_critical_infrastructure_alone_needs_no_fria(mini):
    v = verdicts(mini, public_body=T, aiact__annex3__critical_infrastructure=T).ai_act
    assert v.status == "high_risk" and v.details["fria_required"] is False


def test_narrow_task_exemption_and_its_profiling_limit(mini):
    # Art. 6(3) with the provider's documented and registered assessment (Art. 6(4), 49(2)).
    exempt = verdicts(
        mini, aiact__annex3__education=T, aiact__narrow_task=T, aiact__provider_assessment=T
    ).ai_act
    assert exempt.status == "minimal"
    profiling = verdicts(
        mini, aiact__annex3__education=T, aiact__narrow_task=T, aiact__profiling=T,
        aiact__provider_assessment=T,
    ).ai_act
    assert profiling.status == "high_risk"
    unknown_profiling = verdicts(
        mini, aiact__annex3__education=T, aiact__narrow_task=T, aiact__profiling=U,
        aiact__provider_assessment=T,
    ).ai_act
    assert unknown_profiling.status == "high_risk"


def test_transparency_and_editorial_control(mini):
    assert verdicts(mini, aiact__art50__interaction=T).ai_act.status == "transparency"
    assert verdicts(mini, aiact__art50__public_text=T).ai_act.status == "transparency"
    assert (
        verdicts(mini, aiact__art50__public_text=T, aiact__art50__editorial_control=T).ai_act.status
        == "minimal"
    )


def test_minimal(mini):
    assert verdicts(mini).ai_act.status == "minimal"


# --- GDPR Art. 36 ---------------------------------------------------------------------------


def test_prior_consultation_needs_dpia_and_high_residual_privacy_risk(
    mini,
):
    high = score_answers(mini, data__personal="yes", data__special="yes")  # 2 x 5 = 10, high
    facts = dict(personal_data=T, art35_3__b=T)
    assert verdicts(mini, risks=high.risks, **facts).prior_consultation.status == "required"
    # A privacy risk rated high before measures is itself a likely high risk, so a DPIA is
    # required (GDPR Art. 35(1)) and, with the risk still high after measures, so is prior
    # consultation (Art. 36(1)), whatever the criteria say.
    assert (
        verdicts(mini, risks=high.risks, personal_data=T).prior_consultation.status
        == "required"
    )
    low = score_answers(mini, data__personal="no")
    assert (
        verdicts(mini, risks=low.risks, personal_data=T).prior_consultation.status
        == "not_required"
    )
    assert verdicts(mini, risks=low.risks, **facts).prior_consultation.status == "not_required"


# --- National DPIA lists, item by item and country by country -------------------------------
#
# DOMAIN.md, "National DPIA lists": Norway (Datatilsynet 2019) lists items that require a DPIA
# by themselves and items that need one more WP248 criterion; Sweden (IMY) has only the
# two-criteria rule; Denmark (Datatilsynet 2019) has its own items. One fact alone (with
# personal data) is not a WP248 criterion, so without a list item it gives `not_required`.

STANDALONE = {
    "NO": ["algorithm_training_sensitive", "employee_monitoring", "public_area_monitoring",
           "school_cameras", "pupil_evaluation"],
    "DK": ["access_decision", "large_scale_profiling"],
}


@pytest.mark.parametrize("country,fact", [(c, f) for c, fs in STANDALONE.items() for f in fs])
def test_a_standalone_list_item_requires_a_dpia_only_in_its_own_country(mini, country, fact):
    v = verdicts(mini, country, personal_data=T, **{fact: T}).dpia
    assert v.status == "required"
    assert len(v.details["national"]) == 1 and v.details["national"][0].startswith(
        country.lower() + ".")
    for other in {"NO", "SE", "DK"} - {country}:
        if fact not in STANDALONE.get(other, []):
            assert verdicts(mini, other, personal_data=T, **{fact: T}).dpia.status == (
                "not_required"), other


@pytest.mark.parametrize("country,fact", [
    ("NO", "biometric"), ("NO", "genetic"), ("NO", "location"),
    ("DK", "biometric"), ("DK", "genetic"), ("DK", "location"),
])
def test_a_plus_one_item_needs_one_more_criterion(mini, country, fact):
    # The data type is WP248 criterion 4 itself (biometric and genetic data: GDPR Art. 9(1);
    # location data: freedom of movement), so alone it is one criterion, and it is not the
    # "other criterion" of its own national list item (the legal review, December 2026).
    alone = verdicts(mini, country, personal_data=T, **{fact: T}).dpia
    assert alone.status == "recommended" and alone.details["national"] == []
    assert alone.details["criteria"] == ["wp248.sensitive_data"]
    # A criterion besides the data type itself: the item applies.
    plus = verdicts(mini, country, personal_data=T, wp248__large_scale=T, **{fact: T}).dpia
    assert plus.status == "required"
    assert f"{country.lower()}.{fact}_plus_one" in plus.details["national"]
    sweden = verdicts(mini, "SE", personal_data=T, wp248__large_scale=T, **{fact: T}).dpia
    assert sweden.details["national"] == []


def test_innovative_technology_plus_one_in_norway_and_denmark_not_sweden(mini):
    facts = dict(personal_data=T, wp248__innovative_technology=T, wp248__matching_datasets=T)
    for country in ("NO", "DK"):
        v = verdicts(mini, country, **facts).dpia
        assert f"{country.lower()}.innovative_plus_one" in v.details["national"]
    assert verdicts(mini, "SE", **facts).dpia.details["national"] == []
    # AI alone is one criterion, not the item: "recommended" everywhere.
    for country in ("NO", "SE", "DK"):
        v = verdicts(mini, country, personal_data=T, wp248__innovative_technology=T).dpia
        assert v.status == "recommended", country


def test_welfare_technology_is_innovative_technology_needing_one_more_criterion(mini):
    # Datatilsynet names welfare technology as an example of innovative technology, which
    # requires a DPIA together with one more criterion; AI already counts as innovative, so
    # welfare technology with AI and nothing else is one WP248 criterion.
    alone = dict(personal_data=T, welfare_technology=T, wp248__innovative_technology=T)
    v = verdicts(mini, "NO", **alone).dpia
    assert v.status == "recommended" and v.details["national"] == []
    v = verdicts(mini, "NO", wp248__vulnerable_subjects=T, **alone).dpia
    assert v.status == "required"
    assert "no.welfare_technology" in v.details["national"]


def test_vulnerable_persons_alone_require_a_dpia_in_denmark(mini):
    facts = dict(personal_data=T, wp248__vulnerable_subjects=T)
    assert verdicts(mini, "DK", **facts).dpia.status == "required"
    assert verdicts(mini, "DK", **facts).dpia.details["national"] == ["dk.vulnerable"]
    # Elsewhere it is one WP248 criterion.
    assert verdicts(mini, "NO", **facts).dpia.status == "recommended"
    assert verdicts(mini, "SE", **facts).dpia.status == "recommended"


def test_a_country_without_a_list_uses_the_wp248_rule(mini):
    v = verdicts(mini, "FI", personal_data=T, pupil_evaluation=T).dpia
    assert v.status == "not_required" and v.details["national"] == []
    v = verdicts(mini, "FI", personal_data=T, wp248__large_scale=T, wp248__sensitive_data=T).dpia
    assert v.status == "required"


def test_the_country_code_is_case_insensitive(mini):
    assert verdicts(mini, "no", personal_data=T, pupil_evaluation=T).dpia.status == "required"


# --- GDPR Art. 22, more cases ------------------------------------------------------------------


def test_art22_engaged_by_a_solely_automated_decision(mini):
    v = verdicts(mini, personal_data=T, art22__solely_automated=T, art22__significant_effect=T)
    assert v.art22.status == "engaged_unlawful"  # no exception, no safeguard known
    assert any("WP251 rev.01" in r.refs for r in v.art22.reasons)


def test_art22_unknown_role_is_assumed_automated_and_says_so(mini):
    v = verdicts(mini, personal_data=T, art22__solely_automated=U, art22__significant_effect=T)
    assert v.art22.status == "engaged_unlawful"
    assert any("assumed until clarified" in r.text for r in v.art22.reasons)


def test_art22_needs_personal_data(mini):
    v = verdicts(mini, art22__solely_automated=T, art22__significant_effect=T).art22
    assert v.status == "not_engaged"


@pytest.mark.parametrize("exception", ["exception_contract", "exception_consent"])
def test_art22_other_exceptions_with_every_safeguard_are_lawful(mini, exception):
    # Art. 22(2)(a) and (c) need at least the Art. 22(3) safeguards, which are all present.
    v = verdicts(mini, personal_data=T, art22__solely_automated=T, art22__significant_effect=T,
                 **{f"art22__{exception}": T}, **SAFEGUARDS).art22
    assert v.status == "engaged_lawful"


def test_art22_outside_the_eea_is_guidance(mini):
    facts = dict(personal_data=T, art22__solely_automated=T, art22__significant_effect=T)
    assert "guidance only" in verdicts(mini, "US", **facts).art22.reasons[0].text
    assert "guidance only" in verdicts(mini, "US", personal_data=T).art22.reasons[0].text
    assert not any("guidance only" in r.text for r in verdicts(mini, "NO", **facts).art22.reasons)


# --- EU AI Act, more cases ---------------------------------------------------------------------

PROHIBITED = {"manipulation": "a", "vulnerabilities": "b", "social_scoring": "c",
              "crime_prediction": "d", "face_scraping": "e", "emotion_recognition": "f",
              "biometric_categorisation": "g", "realtime_biometric_id": "h"}


@pytest.mark.parametrize("practice,letter", PROHIBITED.items())
def test_every_art5_practice_is_prohibited(mini, practice, letter):
    v = verdicts(mini, public_body=T, **{f"aiact__prohibited__{practice}": T}).ai_act
    assert v.status == "prohibited"
    assert any(f"AI Act Art. 5(1)({letter})" in r.refs for r in v.reasons)


def test_an_unknown_art5_practice_is_assumed_prohibited(mini):
    v = verdicts(mini, aiact__prohibited__social_scoring=U).ai_act
    assert v.status == "prohibited"
    assert any("assumed until clarified" in r.text for r in v.reasons)


@pytest.mark.parametrize("area", ["biometrics", "education", "employment", "public_benefits",
                                  "emergency", "law_enforcement", "justice"])
def test_every_annex3_area_but_point_2_needs_a_fria_from_a_public_body_only(mini, area):
    fact = {f"aiact__annex3__{area}": T}
    public = verdicts(mini, public_body=T, **fact).ai_act
    assert public.status == "high_risk" and public.details["fria_required"] is True
    private = verdicts(mini, **fact).ai_act
    assert private.status == "high_risk" and private.details["fria_required"] is False
    # Not known whether the deployer is a public body: the FRIA is assumed due.
    assert verdicts(mini, public_body=U, **fact).ai_act.details["fria_required"] is True


def test_critical_infrastructure_with_another_area_needs_a_fria(mini):
    v = verdicts(mini, public_body=T, aiact__annex3__critical_infrastructure=T,
                 aiact__annex3__emergency=T).ai_act
    assert v.details["fria_required"] is True


def test_an_unknown_narrow_task_does_not_exempt(mini):
    v = verdicts(mini, aiact__annex3__employment=T, aiact__narrow_task=U).ai_act
    assert v.status == "high_risk"


def test_an_exempt_annex3_system_keeps_its_transparency_duties(mini):
    v = verdicts(mini, aiact__annex3__education=T, aiact__narrow_task=T,
                 aiact__provider_assessment=T, aiact__art50__interaction=T).ai_act
    assert v.status == "transparency"
    assert any("AI Act Art. 6(3)" in r.refs for r in v.reasons)


def test_synthetic_content_and_a_high_risk_system_with_art50_duties(mini):
    assert verdicts(mini, aiact__art50__synthetic_content=T).ai_act.status == "transparency"
    v = verdicts(mini, aiact__annex3__public_benefits=T, aiact__art50__interaction=T).ai_act
    assert v.status == "high_risk" and v.details["transparency_obligations"] is True


def test_an_eu_country_without_a_list_in_riskkit_is_told_it_was_not_checked(mini):
    # GDPR Art. 35(4): each authority has its own list. The review: other EU countries got no
    # word that theirs was not checked.
    fi = verdicts(mini, country="FI", personal_data=T, wp248__large_scale=T).dpia
    assert any("was not checked" in r.text and "GDPR Art. 35(4)" in r.refs for r in fi.reasons)
    dk = verdicts(mini, country="DK", personal_data=T, wp248__large_scale=T).dpia
    assert not any("was not checked" in r.text for r in dk.reasons)
