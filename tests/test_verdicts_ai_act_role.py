"""The AI Act verdict: whose duties (provider or deployer), which ones, and from when.

Each test states the rule (../shared/DOMAIN.md, the legal review of December 2026) and fails
on the code before issue #13: there the municipality was always a deployer, every duty was
stated as a present obligation, and the Art. 6(3) exemption was the deployer's own call.
"""

from __future__ import annotations

import datetime as dt

from riskkit.core.facts import FactState
from riskkit.core.verdicts import decide
from riskkit.i18n import using

T, U = FactState.TRUE, FactState.UNKNOWN


def ai_act(q, country="DK", assessed=dt.date(2026, 2, 2), go_live=None, **facts):
    states = {name.replace("__", "."): state for name, state in facts.items()}
    sources = {name: ["q." + name] for name in states}
    with using("en"):
        return decide(q, country, states, sources, (), assessed=assessed, go_live=go_live).ai_act


def steps(v) -> str:
    return "\n".join(v.next_steps)


def test_a_municipality_that_builds_its_system_has_the_provider_duties(mini):
    # AI Act Art. 3(3): the provider develops a system, or has it developed, and puts it into
    # service under its own name; Art. 16 (incl. the Art. 43 conformity assessment and
    # Art. 49(1) registration) are its duties. A deployer has Art. 26 only.
    built = ai_act(mini, public_body=T, aiact__annex3__employment=T, aiact__provider__in_house=T)
    assert built.details["role"] == "provider"
    assert "(Art. 16)" in steps(built) and "Art. 43" in steps(built)
    bought = ai_act(mini, public_body=T, aiact__annex3__employment=T)
    assert bought.details["role"] == "deployer"
    assert "Art. 16" not in steps(bought) and "(Art. 26)" in steps(bought)


def test_art_25_makes_a_deployer_the_provider_and_an_unknown_role_is_assumed(mini):
    # Art. 25(1)(a)-(c): own name or trademark, substantial modification, a new high-risk
    # purpose. Not knowing whether one applies is taken as the worse case, and said.
    for fact in ("own_name", "substantial_modification", "changed_purpose"):
        v = ai_act(mini, aiact__annex3__public_benefits=T, **{f"aiact__provider__{fact}": T})
        assert v.details["role"] == "provider", fact
    unknown = ai_act(mini, aiact__annex3__public_benefits=T, aiact__provider__own_name=U)
    assert unknown.details["role"] == "provider"
    assert any("Art. 25(1)" in ref and "not known: assumed" in r.text
               for r in unknown.reasons for ref in r.refs)


def test_art_50_1_and_2_are_the_providers_duties_and_the_deployer_checks_them(mini):
    # Art. 50(1) (people told they interact with AI) and 50(2) (machine-readable marking) bind
    # the provider; the review found them listed as the deployer's duty.
    deployer = ai_act(mini, aiact__art50__interaction=T, aiact__art50__synthetic_content=T)
    assert "Check that the provider" in steps(deployer)
    provider = ai_act(mini, aiact__art50__interaction=T, aiact__provider__in_house=T)
    assert "As the provider, design the system" in steps(provider)


def test_the_art_6_3_exemption_is_the_providers_documented_and_registered_assessment(mini):
    # Art. 6(4): the provider documents its assessment before placing the system on the market
    # and registers it (Art. 49(2)); a deployer cannot exempt the system itself.
    no_assessment = ai_act(mini, aiact__annex3__education=T, aiact__narrow_task=T)
    assert no_assessment.status == "high_risk"
    assert any("AI Act Art. 49(2)" in r.refs for r in no_assessment.reasons)
    exempt = ai_act(mini, aiact__annex3__education=T, aiact__narrow_task=T,
                    aiact__provider_assessment=T)
    assert exempt.status == "minimal" and exempt.details["exempt_art6_3"] is True
    assert "Document why the system is not high-risk" not in steps(exempt)
    # The review: an exempt system was both "in an Annex III area" and "no Annex III area".
    assert not any("No prohibited practice, Annex III area" in r.text for r in exempt.reasons)


def test_material_influence_on_decisions_defeats_art_6_3(mini):
    # Art. 6(3): not high-risk only where the output does not materially influence the outcome
    # of decision making. A score caseworkers draw strongly on (CJEU C-634/21 SCHUFA) does.
    v = ai_act(mini, aiact__annex3__public_benefits=T, aiact__narrow_task=T,
               aiact__provider_assessment=T, art22__score_relied_on=T)
    assert v.status == "high_risk"
    assert any("materially influences" in r.text for r in v.reasons)


def test_gdpr_profiling_is_ai_act_profiling(mini):
    # Art. 6(3) last subparagraph, Art. 3(52): profiling within GDPR Art. 4(4). The review's
    # case: the GDPR answers say people are evaluated and scored (profiling), the AI Act
    # profiling question said no, and the benefit score came out "minimal".
    v = ai_act(mini, aiact__annex3__public_benefits=T, aiact__narrow_task=T,
               aiact__provider_assessment=T, wp248__evaluation_scoring=T)
    assert v.status == "high_risk"
    assert any("AI Act Art. 3(52)" in r.refs for r in v.reasons)


def test_fria_for_private_bodies_providing_public_services_and_annex_iii_5b_5c(mini):
    # Art. 27(1): bodies governed by public law, private entities providing public services,
    # and deployers of Annex III 5(b) and 5(c) systems.
    care = ai_act(mini, public_service=T, aiact__annex3__employment=T)
    assert care.details["fria_required"] is True
    assert care.details["fria_trigger"] == ["public_service"]
    bank = ai_act(mini, aiact__annex3__credit_scoring=T)
    assert bank.details["fria_required"] is True
    assert bank.details["fria_trigger"] == ["annex3_5bc"]
    private = ai_act(mini, aiact__annex3__employment=T)
    assert private.details["fria_required"] is False


def test_an_annex_i_product_is_high_risk_without_a_fria(mini):
    # Art. 6(1): AI in an Annex I product needing third-party conformity assessment is
    # high-risk; Art. 27(1) requires a FRIA for Art. 6(2) (Annex III) systems only. Its
    # high-risk duties apply from 2 Aug 2028 (Digital Omnibus).
    v = ai_act(mini, public_body=T, aiact__annex1=T, go_live=dt.date(2029, 1, 1))
    assert v.status == "high_risk" and v.details["fria_required"] is False
    assert v.details["duties"]["deployer_duties"]["date"] == dt.date(2028, 8, 2)


def test_each_high_risk_duty_says_from_when_it_applies(mini):
    # Art. 113 as amended: Annex III duties (Art. 26, 27) from 2 Dec 2027. Assessed in 2026
    # for use from 2028: not binding today, binding before use.
    v = ai_act(mini, public_body=T, aiact__annex3__employment=T, go_live=dt.date(2028, 3, 1))
    fria = v.details["duties"]["fria"]
    assert fria["date"] == dt.date(2027, 12, 2)
    assert fria["binding_now"] is False and fria["before_use"] is True
    assert "applies from December 2, 2027, before use starts" in v.next_steps[0]
    # And in the FRIA reason itself.
    assert any("FRIA: applies from December 2, 2027" in r.text for r in v.reasons)


def test_art_111_2_public_authorities_in_service_before_the_date_comply_by_2030(mini):
    # The review's example 2: da-cv-screening goes live 16 Mar 2026, before 2 Dec 2027; as a
    # public authority's system it must comply by 2 Aug 2030 (Art. 111(2)); the FRIA is good
    # practice, not yet a duty.
    v = ai_act(mini, public_body=T, aiact__annex3__employment=T, go_live=dt.date(2026, 3, 16))
    fria = v.details["duties"]["fria"]
    assert fria["status"] == "transition" and fria["date"] == dt.date(2030, 8, 2)
    assert "applies by August 2, 2030" in v.next_steps[0]
    assert "good practice now" in v.next_steps[0]


def test_registration_and_explanation_follow_the_annex_iii_point_and_the_deployer(mini):
    # Art. 49(3) and Art. 86(1) exclude Annex III point 2; Art. 26(11) concerns decisions
    # about natural persons; Art. 26(8) binds public authorities only.
    traffic = ai_act(mini, public_body=T, aiact__annex3__critical_infrastructure=T)
    assert "EU database" not in steps(traffic) and "86)" not in steps(traffic)
    assert "Art. 26(11)" not in steps(traffic)
    private = ai_act(mini, aiact__annex3__employment=T)
    assert "EU database" not in steps(private) and "Art. 26(11), 86" in steps(private)
    public = ai_act(mini, public_body=T, aiact__annex3__employment=T)
    assert "Art. 26(8), 49(3)" in steps(public)


def test_art_50_3_and_the_editorial_exemption_covering_text_only(mini):
    # Art. 50(3): deployers of emotion recognition or biometric categorisation inform the
    # people exposed. Art. 50(4): the editorial exemption covers text, never deepfakes.
    emotion = ai_act(mini, aiact__art50__emotion_biometric=T)
    assert emotion.status == "transparency"
    assert any("AI Act Art. 50(3)" in r.refs for r in emotion.reasons)
    assert "Art. 50(3)" in steps(emotion)
    edited = ai_act(mini, aiact__art50__public_text=T, aiact__art50__editorial_control=T)
    assert "deepfake" in steps(edited) and "covers text only" in steps(edited)


def test_a_prohibited_practice_stops_everything_else(mini):
    # Art. 5: a prohibited practice cannot be made lawful by high-risk compliance or a FRIA;
    # the review's example 3 got "prior consultation required" and a plan of high-risk duties.
    v = ai_act(mini, public_body=T, aiact__prohibited__emotion_recognition=T,
               aiact__annex3__employment=T, aiact__art50__interaction=T)
    assert v.status == "prohibited"
    assert len(v.next_steps) == 1 and "must not be used" in v.next_steps[0]
    assert v.details["fria_required"] is False and v.details["duties"] == {
        "prohibitions": v.details["duties"]["prohibitions"]}


def test_norway_is_not_told_to_stop_under_a_law_that_does_not_bind_it_yet(mini):
    # The review: "stop any use now" followed "the AI Act does not yet bind Norway".
    v = ai_act(mini, country="NO", aiact__prohibited__social_scoring=T)
    assert "Stop any use now" not in steps(v)
    assert "does not bind Norway yet" in steps(v)
