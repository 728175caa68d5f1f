"""The plan answers every risk, in time, and says what drives the level (issue #13; the legal
review and the new users' findings of December 2026)."""

from __future__ import annotations

import datetime as dt

from riskkit.i18n import using
from riskkit.tui import summary
from tests.helpers import scored, shipped_questionnaire

LEVELS = ("low", "medium", "high", "critical")


def test_one_dont_know_on_annex_iii_gets_a_find_out_measure_and_is_named_as_the_driver():
    # The new users' case: one "don't know" on the Annex III question made the assessment
    # critical, with "no measure proposed" for it and nothing saying which answer caused it.
    # ISO 31000: a risk at that level is treated; the first step is to find out.
    r = scored("da-jobcenter-process-mining.yaml", aiact__annex3="dont_know")
    assert r.overall_level == "critical"
    aiact = next(x for x in r.risks if x.id == "ai_act_noncompliance")
    assert "F-aiact.annex3" in aiact.measures
    assert r.drivers[0].question == "aiact.annex3" and r.drivers[0].unknown
    with using("en"):
        text = "\n".join(summary.lines(shipped_questionnaire(), r))
    assert "aiact.annex3 “Is the system used in any of these areas?” was answered “Don't know”" \
        in text
    # AI Act reasons carry the "not known: assumed" tag the DPIA reasons carry.
    assert all("not known: assumed" in x.text for x in r.verdicts.ai_act.reasons
               if x.text.startswith("High-risk area"))


def test_measures_needed_before_use_are_due_by_the_go_live_date():
    # GDPR Art. 35(1), 36(1) and AI Act Art. 27(1) speak of "prior to" processing or use: a
    # measure for a high risk is due no later than go-live, even if the level's deadline is
    # later. The new users saw first-due measures dated after the planned go-live.
    assessed = dt.date(2026, 3, 10)
    r = scored("sv-social-assistance-risk-score.yaml", system__go_live="2026-03-20")
    high = [m for m in r.measures if LEVELS.index(m.priority) >= LEVELS.index("high")]
    assert high and all(m.due <= dt.date(2026, 3, 20) for m in high)
    assert any(m.due == dt.date(2026, 3, 20) for m in high)  # the deadline would be later
    # Lower-priority measures keep their level's deadline.
    assert any(m.due > dt.date(2026, 3, 20) for m in r.measures if m.priority == "low") or all(
        m.priority != "low" for m in r.measures)
    assert r.meta["date"] == assessed.isoformat()


def test_without_a_go_live_date_the_plan_says_it_counts_from_the_assessment_date():
    r = scored("sv-social-assistance-risk-score.yaml", system__go_live="")
    assert r.go_live is None
    with using("en"):
        assert "go-live date is not known" in "\n".join(summary.lines(shipped_questionnaire(), r))


def test_prior_consultation_required_even_with_every_planned_measure():
    # GDPR Art. 36(1): the risk left after the controller's measures. Without an Art. 22(2)
    # exception no safeguard makes the automated decision lawful, so it stays high.
    r = scored("sv-social-assistance-risk-score.yaml")
    pc = r.verdicts.prior_consultation
    assert pc.status == "required"
    assert pc.details["risks"] == ["unlawful_automated_decision"]
    assert any("Even with every planned measure" in x.text for x in pc.reasons)


def test_prior_consultation_required_unless_the_measures_are_in_place_before_go_live():
    # The same system with a law authorising the decisions (Art. 22(2)(b)): the high risks
    # left are bias and harm, which the proposed measures bring down, so consultation is
    # needed only if those are not in place before use. The new users saw "required" before
    # any measure existed.
    r = scored("sv-social-assistance-risk-score.yaml", decisions__exception="law",
               decisions__exception_law_text="SoL 4 kap. 1 §")
    pc = r.verdicts.prior_consultation
    assert pc.status == "unless_measures"
    assert "M-fairness.disparate_testing" in pc.details["measures"]
    assert any("M-fairness.disparate_testing" in step for step in pc.next_steps)


def test_every_high_risk_without_a_measure_gets_one():
    # ISO 31000 treatment: a high residual risk that no missing practice treats and no unknown
    # answer drives still gets a measure: decide and document further treatment.
    from riskkit.core import plan

    r = scored("sv-social-assistance-risk-score.yaml")
    risk = next(x for x in r.risks if x.id == "unlawful_automated_decision")
    assert risk.residual.level == "high"
    with using("en"):
        (m,) = plan.gap_measures(shipped_questionnaire(), [risk], [], {}, dt.date(2026, 3, 10),
                                 dt.date(2026, 9, 1))
    assert m.id == "T-unlawful_automated_decision" and m.risks == (risk.id,)
    assert m.priority == "high" and m.due <= dt.date(2026, 9, 1)
    assert "a high risk is not left open" in m.text
