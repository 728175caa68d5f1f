"""Scoring on the mini questionnaire (tests/conftest.py), reasoned by hand from risks.yaml.

Bases used below (risks.yaml): unlawful_processing 1x2, harm_to_people 1x2, security_breach
1x2, unreliable_output 2x2, supplier_dependency 1x2. Default matrix: low <= 4 < medium <= 9 <
high <= 16 < critical.
"""

from __future__ import annotations

import datetime as dt

from tests.helpers import score_answers

DAY = dt.date(2026, 3, 5)


def risk(result, rid):
    return next(r for r in result.risks if r.id == rid)


def test_benign_answers(mini):
    result = score_answers(
        mini, data__personal="no", security__mfa="yes", security__review="all", security__maturity=5
    )
    up = risk(result, "unlawful_processing")
    assert (up.inherent.likelihood.value, up.inherent.consequence.value) == (1, 2)
    sec = risk(result, "security_breach")
    assert sec.residual.likelihood.value == 1  # 1 - 1 (mfa), not below 1
    rel = risk(result, "unreliable_output")
    assert (rel.inherent.score, rel.residual.likelihood.value) == (4, 1)  # 2x2; 2-2 -> 1
    assert result.measures == ()
    assert result.verdicts.dpia.status == "not_required"
    assert "data.special" not in result.asked and "data.kinds" not in result.asked
    assert result.unanswered == ()
    assert len(result.risks) == 12, "every risk in the catalogue is in the result"


def test_dont_know_counts_as_the_worst_answer(mini):
    result = score_answers(mini, data__personal="dont_know")
    up = risk(result, "unlawful_processing")
    # likelihood 1 + 1 (personal data unknown); consequence 2 + 1 + 2 (special categories
    # not answered, so unknown, so its worst choice).
    assert (up.inherent.likelihood.value, up.inherent.consequence.value) == (2, 5)
    assert up.inherent.level == "high"
    harm = risk(result, "harm_to_people")
    # multi unknown: every non-exclusive choice could be picked: health C+2 and location L+1.
    assert (harm.inherent.likelihood.value, harm.inherent.consequence.value) == (2, 4)
    assert {"data.special", "data.kinds"} <= set(result.unanswered)
    assert result.verdicts.dpia.status == "required"
    assert result.facts["personal_data"] == "unknown"


def test_trace_names_the_answers_behind_each_number(mini):
    result = score_answers(mini, data__personal="yes", data__special="yes")
    steps = risk(result, "unlawful_processing").inherent.consequence.steps
    assert [(s.source, s.delta, s.kind) for s in steps] == [
        ("base", 2, "base"),
        ("data.personal", 1, "raises"),
        ("data.special", 2, "raises"),
    ]


def test_clamping_is_part_of_the_trace(mini):
    result = score_answers(mini, data__personal="yes", data__special="yes", data__kinds=["health"])
    up = risk(result, "unlawful_processing")
    assert up.inherent.consequence.value == 5  # 2 + 1 + 2 = 5, the top of the scale
    harm = risk(result, "harm_to_people")
    assert harm.inherent.consequence.value == 4


def test_partial_practice_uses_the_choice_mitigation(mini):
    result = score_answers(mini, security__review="sample")
    rel = risk(result, "unreliable_output")
    assert rel.residual.likelihood.value == 1  # 2 - 1 (the sample choice's own mitigation)
    assert [s.kind for s in rel.residual.likelihood.steps] == ["base", "mitigates"]
    statuses = {p.question: p.status for p in result.nist.practices}
    assert statuses["security.review"] == "in_place"


def test_missing_practice_becomes_a_measure_due_by_level(mini):
    result = score_answers(mini, data__personal="no", security__mfa="no", security__review="none")
    rel = risk(result, "unreliable_output")
    assert (rel.inherent.likelihood.value, rel.residual.level) == (4, "medium")  # 4x2 = 8
    measures = {m.id: m for m in result.measures}
    review = measures["M-security.review"]
    assert review.risks == ("unreliable_output",) and review.priority == "medium"
    assert review.due == DAY + dt.timedelta(days=180)
    mfa = measures["M-security.mfa"]
    assert mfa.owner == "it" and mfa.due == DAY + dt.timedelta(days=365)  # security_breach low
    assert result.measures[0].id == "M-security.review", "the higher priority comes first"
    assert rel.measures == ("M-security.review",)


def test_nist_profile_counts_practices_per_function(mini):
    result = score_answers(mini, security__mfa="yes", security__review="dont_know")
    functions = result.nist.functions
    assert (functions["MEASURE"].in_place, functions["MEASURE"].unknown) == (1, 1)
    assert functions["GOVERN"].asked == 1 and functions["MAP"].asked == 0
    assert result.nist.categories["MEASURE 2"].asked == 2
    assert result.nist.characteristics["secure_resilient"].in_place == 1
    assert result.nist.characteristics["valid_reliable"].unknown == 1


def test_hidden_answers_are_not_scored(mini):
    result = score_answers(mini, data__personal="no", data__special="yes")
    assert risk(result, "unlawful_processing").inherent.consequence.value == 2


def test_json_has_the_documented_fields(mini):
    data = score_answers(mini, data__personal="yes", data__special="no",
                         data__kinds=["none"]).to_dict()
    assert set(data["verdicts"]["dpia"]) >= {"status", "reasons"}
    assert set(data["verdicts"]["art22"]) >= {"engaged", "lawful", "reasons"}
    assert set(data["verdicts"]["ai_act"]) >= {"class", "fria_required", "reasons"}
    # unlawful_processing is 2x3 = medium: below the `high` that calls for Art. 36.
    assert data["verdicts"]["prior_consultation"]["required"] is False
    first = data["risks"][0]
    assert set(first) >= {"id", "title", "inherent", "residual"}
    assert set(first["inherent"]) >= {"likelihood", "consequence", "score", "level"}
    assert set(data["nist"]["functions"]) == {"GOVERN", "MAP", "MEASURE", "MANAGE"}
    assert "measures" in data


def test_unknown_special_categories_keep_privacy_risk_high_enough_for_art36(mini):
    # special categories unanswered: 2 x (2+1+2) = 10
    result = score_answers(mini, data__personal="yes")
    assert risk(result, "unlawful_processing").residual.level == "high"
    assert result.verdicts.dpia.status == "required"
    assert result.verdicts.prior_consultation.status == "required"
