"""GDPR Art. 36(1): prior consultation of the supervisory authority. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from riskkit.core.model import Questionnaire
from riskkit.core.result import Reason, RiskResult, Verdict
from riskkit.i18n import pgettext
from riskkit.i18n.content import risk_title


def prior_consultation(
    questionnaire: Questionnaire, dpia: Verdict, risks: Sequence[RiskResult], ai_act: Verdict
) -> Verdict:
    """GDPR Art. 36(1): consult the authority when the DPIA shows a high risk "in the absence of
    measures taken by the controller to mitigate the risk". So it turns on the risk left after
    the measures the controller will take: "unless_measures" when the proposed measures, in
    place before processing starts, bring every high privacy risk down; "required" when a
    high risk remains even with every planned measure. A prohibited practice (AI Act Art. 5)
    cannot be made lawful by consulting: it must not be used, so no consultation is asked."""
    matrix = questionnaire.matrix
    threshold = matrix.rank(matrix.prior_consultation_from)
    if ai_act.status == "prohibited":
        return Verdict(
            "not_required",
            (
                Reason(
                    pgettext(
                        "prior consultation verdict",
                        "The system is a prohibited AI practice: it must not be used, and "
                        "consulting the supervisory authority cannot make it lawful.",
                    ),
                    ("GDPR Art. 36(1)", "AI Act Art. 5"),
                ),
            ),
        )
    high = [
        r
        for r in risks
        if questionnaire.risk_by_id[r.id].privacy and matrix.rank(r.residual.level) >= threshold
    ]
    if dpia.status != "required" or not high:
        return Verdict(
            "not_required",
            (
                Reason(
                    pgettext(
                        "prior consultation verdict",
                        "No privacy risk stays at or above the level that requires consulting the "
                        "supervisory authority, or no DPIA is required.",
                    ),
                    ("GDPR Art. 36(1)",),
                ),
            ),
        )
    remaining = [
        r for r in high if matrix.rank((r.planned or r.residual).level) >= threshold
    ]
    reasons = [
        Reason(
            pgettext(
                "prior consultation verdict", "Residual risk stays high after measures: {risk}."
            ).format(risk=risk_title(questionnaire.risk_by_id[r.id])),
            ("GDPR Art. 36(1)",),
        )
        for r in high
    ]
    if remaining:
        reasons.extend(
            Reason(
                pgettext(
                    "prior consultation verdict",
                    "Even with every planned measure in place, this risk stays high: {risk}.",
                ).format(risk=risk_title(questionnaire.risk_by_id[r.id])),
                ("GDPR Art. 36(1)",),
            )
            for r in remaining
        )
        return Verdict(
            "required",
            tuple(reasons),
            (
                pgettext(
                    "prior consultation verdict",
                    "Consult the supervisory authority before processing begins, or change the "
                    "design until the risk is lower; it answers within eight weeks, "
                    "extendable by six.",
                ),
            ),
            {"risks": [r.id for r in remaining]},
        )
    measures = sorted({m for r in high for m in r.measures})
    return Verdict(
        "unless_measures",
        tuple(reasons),
        (
            pgettext(
                "prior consultation verdict",
                "Put the measures for these risks in place before use starts ({measures}); "
                "if any is not in place by then, consult the supervisory authority first. It "
                "answers within eight weeks, extendable by six.",
            ).format(measures=", ".join(measures)),
        ),
        {"risks": [r.id for r in high], "measures": measures},
    )
