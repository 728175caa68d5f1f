"""Scoring properties that make riskkit's numbers defensible, checked on random answers:
saying "don't know" never lowers a risk, and neither does removing a measure in place."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskkit.core.answers import Answers
from riskkit.core.model import Questionnaire
from riskkit.core.scoring import score
from riskkit.core.values import DONT_KNOW
from riskkit.load import questionnaire as questionnaire_mod
from tests.helpers import answers_for, examples


def levels(q: Questionnaire, answers: Answers) -> dict[str, tuple[int, int, int, int]]:
    return {
        r.id: (
            r.inherent.likelihood.value,
            r.inherent.consequence.value,
            r.residual.likelihood.value,
            r.residual.consequence.value,
        )
        for r in score(q, answers).risks
    }


def never_lower(before: dict, after: dict) -> bool:
    return all(all(a >= b for a, b in zip(after[rid], before[rid], strict=True)) for rid in before)


def check_dont_know(q: Questionnaire, data: st.DataObject) -> None:
    answers = data.draw(answers_for(q))
    target = data.draw(st.sampled_from([x for x in q.questions if x.closed]))
    before = levels(q, answers)
    after = levels(q, answers.with_answer(target.id, DONT_KNOW))
    assert never_lower(before, after), target.id


def check_removing_a_measure(q: Questionnaire, data: st.DataObject) -> None:
    practices = [x for x in q.questions if x.practice]
    target = data.draw(st.sampled_from(practices))
    in_place = [v for v in target.values() if str(v) in {str(p) for p in target.practice.in_place}]
    missing = [v for v in target.options() if v not in in_place]
    answers = data.draw(answers_for(q)).with_answer(target.id, data.draw(st.sampled_from(in_place)))
    if target.type == "multi":
        answers = answers.with_answer(target.id, [answers.values[target.id]])
    removed = data.draw(st.sampled_from(missing))
    if target.type == "multi" and removed != DONT_KNOW:
        removed = [removed]
    assert never_lower(levels(q, answers), levels(q, answers.with_answer(target.id, removed))), (
        target.id
    )


SETTINGS = settings(
    max_examples=examples(150), deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(data=st.data())
def test_dont_know_never_lowers_a_risk_mini(mini, data):
    check_dont_know(mini, data)


@SETTINGS
@given(data=st.data())
def test_removing_a_measure_never_lowers_a_risk_mini(mini, data):
    check_removing_a_measure(mini, data)


@pytest.fixture(scope="module")
def default() -> Questionnaire:
    return questionnaire_mod.load()


@SETTINGS
@given(data=st.data())
def test_dont_know_never_lowers_a_risk_default(default, data):
    check_dont_know(default, data)


@SETTINGS
@given(data=st.data())
def test_removing_a_measure_never_lowers_a_risk_default(default, data):
    check_removing_a_measure(default, data)


# --- Verdicts: "don't know" never gives the more benign legal answer ----------------------------
#
# DOMAIN.md rules read unknown facts as possibly true (verdicts.py), so an answer that becomes
# "don't know" may make a verdict stricter, never more lenient: a DPIA no less required, Art. 22
# no less engaged or more lawful, the AI Act class no lower (and, within a class, a FRIA still
# due), prior consultation still required.

DPIA_ORDER = ("not_required", "recommended", "required")
ART22_ORDER = ("not_engaged", "engaged_lawful", "engaged_unlawful")
# "not_ai_system" (AI Act Art. 3(1)) is the most benign: only a known answer gives it.
AI_ACT_ORDER = ("not_ai_system", "minimal", "transparency", "high_risk", "prohibited")


def strictness(q: Questionnaire, answers: Answers) -> tuple:
    v = score(q, answers).verdicts
    return (
        DPIA_ORDER.index(v.dpia.status),
        ART22_ORDER.index(v.art22.status),
        (AI_ACT_ORDER.index(v.ai_act.status), bool(v.ai_act.details.get("fria_required"))),
        v.prior_consultation.status == "required",
    )


@SETTINGS
@given(data=st.data())
def test_dont_know_never_gives_a_more_benign_verdict(default, data):
    answers = data.draw(answers_for(default))
    target = data.draw(st.sampled_from([x for x in default.questions if x.closed]))
    before = strictness(default, answers)
    after = strictness(default, answers.with_answer(target.id, DONT_KNOW))
    assert all(a >= b for a, b in zip(after, before, strict=True)), (target.id, before, after)
