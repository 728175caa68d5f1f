"""The legal rules case by case (../shared/DOMAIN.md), fed with facts directly."""

from __future__ import annotations

import pytest

from riskkit.facts import FactState
from riskkit.verdicts import decide

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
    assert verdicts(mini, "NO", personal_data=T, location=T).dpia.status == "not_required"
    for country in ("NO", "DK"):
        v = verdicts(
            mini, country, personal_data=T, location=T, wp248__innovative_technology=T
        ).dpia
        assert v.status == "required", country
        assert any(i.endswith("location_plus_one") for i in v.details["national"])
    # Sweden has no such item: location plus innovative is one WP248 criterion.
    assert (
        verdicts(
            mini, "SE", personal_data=T, location=T, wp248__innovative_technology=T
        ).dpia.status
        == "recommended"
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
    assert any("rarely valid" in r.text for r in v.reasons)


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
    exempt = verdicts(mini, aiact__annex3__education=T, aiact__narrow_task=T).ai_act
    assert exempt.status == "minimal"
    profiling = verdicts(
        mini, aiact__annex3__education=T, aiact__narrow_task=T, aiact__profiling=T
    ).ai_act
    assert profiling.status == "high_risk"
    unknown_profiling = verdicts(
        mini, aiact__annex3__education=T, aiact__narrow_task=T, aiact__profiling=U
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
    from tests.test_scoring import run

    high = run(mini, data__personal="yes", data__special="yes")  # 2 x 5 = 10, high
    facts = dict(personal_data=T, art35_3__b=T)
    assert verdicts(mini, risks=high.risks, **facts).prior_consultation.status == "required"
    assert (
        verdicts(mini, risks=high.risks, personal_data=T).prior_consultation.status
        == "not_required"
    )
    low = run(mini, data__personal="no")
    assert verdicts(mini, risks=low.risks, **facts).prior_consultation.status == "not_required"
