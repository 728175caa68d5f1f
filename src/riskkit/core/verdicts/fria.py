"""AI Act Art. 27(1): who must carry out a fundamental rights impact assessment before first
use of a high-risk system, with when the duty applies. Pure."""

from __future__ import annotations

from riskkit.core.result import Reason
from riskkit.core.verdicts.base import Facts
from riskkit.core.verdicts.timing import Timing
from riskkit.i18n import pgettext

POINT_2 = "aiact.annex3.critical_infrastructure"
ANNEX3_5BC = ("aiact.annex3.credit_scoring", "aiact.annex3.insurance")


def triggers(facts: Facts, high_risk_areas: list[str]) -> list[str]:
    """What makes the FRIA due: `public_body`, `public_service`, `annex3_5bc`.

    Art. 27(1): bodies governed by public law, private entities providing public services,
    and deployers of Annex III 5(b)/(c) systems; Art. 6(2) systems only, except point 2.
    """
    not_point2 = [f for f in high_risk_areas if f != POINT_2]
    found = []
    if not_point2 and facts.possible("public_body"):
        found.append("public_body")
    if not_point2 and facts.possible("public_service"):
        found.append("public_service")
    if any(f in high_risk_areas for f in ANNEX3_5BC):
        found.append("annex3_5bc")
    return found


def require(
    facts: Facts, trigger: list[str], clock: Timing, reasons: list[Reason], steps: list[str]
) -> None:
    """The FRIA's reason, and its step first among the next steps, with when it applies."""
    reasons.append(
        facts.reason(
            pgettext(
                "AI Act verdict",
                "The deployer is a body governed by public law, a private body "
                "providing public services, or uses the system for credit scoring "
                "or life and health insurance: a fundamental rights impact "
                "assessment is required before first use. {duty}: {when}.",
            ).format(duty=pgettext("AI Act verdict", "FRIA"), when=clock.when("fria").text()),
            ("AI Act Art. 27(1)",),
            *(
                {
                    "public_body": "public_body",
                    "public_service": "public_service",
                }.get(t, "aiact.annex3.credit_scoring")
                for t in trigger
            ),
        )
    )
    steps.insert(
        0,
        clock.timed(
            pgettext(
                "AI Act verdict",
                "Carry out a fundamental rights impact assessment before first use: "
                "the processes, period and frequency of use, the people affected, "
                "the risks of harm, human oversight, and what happens if risks "
                "materialise, including complaints (Art. 27). It complements the "
                "DPIA.",
            ),
            "fria",
        ),
    )
