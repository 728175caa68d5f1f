"""AI Act Art. 6: the Annex III areas that stay high-risk after the Art. 6(3) exemption, and
Annex I products (Art. 6(1)). Pure."""

from __future__ import annotations

from riskkit.core.result import Reason
from riskkit.core.verdicts.base import Facts
from riskkit.i18n import NP_, pgettext

# Annex III points a municipality meets: the point and its name as the reasons give them.
AREAS: dict[str, tuple[str, str]] = {
    "aiact.annex3.biometrics": ("Annex III 1", NP_("AI Act verdict", "biometrics")),
    "aiact.annex3.critical_infrastructure": (
    "Annex III 2",
    NP_("AI Act verdict", "critical infrastructure"),
    ),
    "aiact.annex3.education": (
    "Annex III 3",
    NP_("AI Act verdict", "education and vocational training"),
    ),
    "aiact.annex3.employment": (
    "Annex III 4",
    NP_("AI Act verdict", "employment and workers management"),
    ),
    "aiact.annex3.public_benefits": (
    "Annex III 5(a)",
    NP_("AI Act verdict", "eligibility for public assistance benefits and services"),
    ),
    "aiact.annex3.credit_scoring": (
    "Annex III 5(b)",
    NP_("AI Act verdict", "creditworthiness and credit scoring"),
    ),
    "aiact.annex3.insurance": (
    "Annex III 5(c)",
    NP_("AI Act verdict", "risk assessment and pricing in life and health insurance"),
    ),
    "aiact.annex3.emergency": (
    "Annex III 5(d)",
    NP_("AI Act verdict", "emergency call triage and dispatch"),
    ),
    "aiact.annex3.law_enforcement": (
    "Annex III 6",
    NP_("AI Act verdict", "law enforcement"),
    ),
    "aiact.annex3.justice": (
    "Annex III 8",
    NP_("AI Act verdict", "administration of justice and democratic processes"),
    ),
}


def area_label(fact: str) -> str:
    """An Annex III area's name in the active language."""
    return pgettext("AI Act verdict", AREAS[fact][1])


def high_risk(
    facts: Facts,
    areas: list[str],
    annex1: bool,
    provider: bool,
    reasons: list[Reason],
    steps: list[str],
) -> tuple[list[str], str]:
    """The Annex III areas that stay high-risk after Art. 6(3), and the class so far.

    Art. 6(3) exempts an Annex III system only when it performs a narrow procedural or
    preparatory task, does not materially influence decisions, and does not profile people;
    and that is the provider's assessment, documented (Art. 6(4)) and registered (Art.
    49(2)), which the deployer checks and cannot make itself. Each condition must be known to
    hold; an unknown one keeps the system high-risk.
    """
    high: list[str] = []
    if areas:
        narrow = facts.known("aiact.narrow_task")
        blockers = [
            f for f in ("aiact.profiling", "aiact.material_influence") if facts.possible(f)
        ]
        assessed = facts.known("aiact.provider_assessment")
        if narrow and not blockers and assessed:
            reasons.append(
                Reason(
                    pgettext(
                        "AI Act verdict",
                        "The system is used in an Annex III area, but the provider has "
                        "documented and registered its assessment that it only performs a "
                        "narrow procedural or preparatory task, without materially "
                        "influencing decisions or profiling people: not high-risk.",
                    ),
                    ("AI Act Art. 6(3)", "AI Act Art. 6(4)", "AI Act Art. 49(2)"),
                    facts.answers("aiact.narrow_task", "aiact.provider_assessment", *areas),
                )
            )
            steps.append(
                pgettext(
                    "AI Act verdict",
                    "As the provider, keep the documented assessment that the system is not "
                    "high-risk up to date and registered (Art. 6(4), 49(2)).",
                )
                if provider
                else pgettext(
                    "AI Act verdict",
                    "Keep a copy of the provider's assessment that the system is not high-risk "
                    "and of its registration, and reassess if the use changes (Art. 6(4), "
                    "49(2)).",
                )
            )
        else:
            high = list(areas)
            for f in areas:
                ref, label = AREAS[f][0], area_label(f)
                reasons.append(
                    facts.reason(
                        pgettext("AI Act verdict", "High-risk area: {area}.").format(area=label),
                        (f"AI Act {ref}", "AI Act Art. 6(2)"),
                        f,
                    )
                )
            if "aiact.profiling" in blockers:
                reasons.append(
                    facts.reason(
                        pgettext(
                            "AI Act verdict",
                            "The system profiles people, so the Art. 6(3) exemption "
                            "for narrow tasks cannot apply.",
                        ),
                        ("AI Act Art. 6(3)", "AI Act Art. 3(52)", "GDPR Art. 4(4)"),
                        "aiact.profiling",
                    )
                )
            if "aiact.material_influence" in blockers:
                reasons.append(
                    facts.reason(
                        pgettext(
                            "AI Act verdict",
                            "Decisions about people are taken by the system or drawn strongly "
                            "from its output, so it materially influences them and the "
                            "Art. 6(3) exemption cannot apply.",
                        ),
                        ("AI Act Art. 6(3)",),
                        "aiact.material_influence",
                    )
                )
            if narrow and not blockers and not assessed:
                reasons.append(
                    facts.reason(
                        pgettext(
                            "AI Act verdict",
                            "The task may be narrow, but no documented and registered "
                            "assessment by the provider says the system is not high-risk; "
                            "until there is one, treat it as high-risk.",
                        ),
                        ("AI Act Art. 6(3)", "AI Act Art. 6(4)", "AI Act Art. 49(2)"),
                        "aiact.provider_assessment",
                    )
                )
    if annex1:
        reasons.append(
            facts.reason(
                pgettext(
                    "AI Act verdict",
                    "The system is, or is a safety component of, a product under the EU "
                    "product law in Annex I that needs a third-party conformity assessment: "
                    "high-risk.",
                ),
                ("AI Act Art. 6(1)", "AI Act Annex I"),
                "aiact.annex1",
            )
        )
    return high, "high_risk" if high or annex1 else "minimal"
