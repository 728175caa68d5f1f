"""The AI Act verdict: class, role and duties, each duty with when it applies. Pure.

The class decides which duties exist; the role (Art. 3(3), 25(1)) decides whose they are;
ai-act-dates.yaml decides from when (Art. 113 as amended, Art. 111(2)). A prohibited practice
stops everything else: no high-risk duty or FRIA can make it lawful. A system that only
carries out rules defined by people may not be an AI system at all (Art. 3(1)).
"""

from __future__ import annotations

from dataclasses import replace

from riskkit.core import aiact_dates as dates_mod
from riskkit.core.facts import AIACT_ANNEX3, AIACT_PROHIBITED
from riskkit.core.result import Reason, Verdict
from riskkit.core.verdicts import fria
from riskkit.core.verdicts.base import EEA, EU, Facts
from riskkit.core.verdicts.high_risk import AREAS, area_label, high_risk
from riskkit.core.verdicts.timing import Timing, applicability
from riskkit.core.verdicts.transparency import transparency
from riskkit.i18n import NP_, country_name, pgettext

# The Art. 5(1) practices: the point and the words the reasons give them.
PROHIBITED: dict[str, tuple[str, str]] = {
        "aiact.prohibited.manipulation": (
        "Art. 5(1)(a)",
        NP_(
            "AI Act verdict", "manipulative or deceptive techniques causing significant harm"
        ),
    ),
    "aiact.prohibited.vulnerabilities": (
        "Art. 5(1)(b)",
        NP_(
            "AI Act verdict",
            "exploiting vulnerabilities of age, disability or social or economic situation",
        ),
    ),
    "aiact.prohibited.social_scoring": (
        "Art. 5(1)(c)",
        NP_("AI Act verdict", "social scoring"),
    ),
    "aiact.prohibited.crime_prediction": (
        "Art. 5(1)(d)",
        NP_("AI Act verdict", "predicting crime from profiling alone"),
    ),
    "aiact.prohibited.face_scraping": (
        "Art. 5(1)(e)",
        NP_("AI Act verdict", "untargeted scraping of facial images"),
    ),
    "aiact.prohibited.emotion_recognition": (
        "Art. 5(1)(f)",
        NP_("AI Act verdict", "emotion recognition at work or in education"),
    ),
    "aiact.prohibited.biometric_categorisation": (
        "Art. 5(1)(g)",
        NP_("AI Act verdict", "biometric categorisation inferring sensitive traits"),
    ),
    "aiact.prohibited.realtime_biometric_id": (
        "Art. 5(1)(h)",
        NP_(
            "AI Act verdict",
            "real-time remote biometric identification in public spaces for law enforcement",
        ),
    ),
}


def ai_act(facts: Facts, country: str, timing: dates_mod.Context) -> Verdict:
    """Class, role and duties under the AI Act, each duty with when it applies."""
    if facts.known("aiact.not_ai_system"):
        return not_ai_system(facts, country)
    reasons: list[Reason] = []
    steps: list[str] = []
    prohibited = [f for f in AIACT_PROHIBITED if facts.possible(f)]
    areas = [f for f in AIACT_ANNEX3 if facts.possible(f)]
    annex1 = facts.possible("aiact.annex1")
    provider = facts.possible("aiact.provider")
    route = "annex3" if areas else "annex1"
    clock = Timing(replace(timing, route=route))
    trigger: list[str] = []
    exempt = False
    if prohibited:
        status = "prohibited"
        _prohibited(facts, prohibited, areas, country, clock, reasons, steps)
    else:
        high_risk_areas, status = high_risk(facts, areas, annex1, provider, reasons, steps)
        exempt = bool(areas) and not high_risk_areas
        if status == "high_risk":
            trigger = fria.triggers(facts, high_risk_areas)
            if trigger:
                fria.require(facts, trigger, clock, reasons, steps)
            _high_risk_duties(facts, high_risk_areas, provider, clock, reasons, steps)
    found = transparency(facts, provider, status, reasons, steps, clock)
    if status not in ("prohibited", "high_risk"):
        status = "transparency" if found else "minimal"
    if status == "minimal" and not areas:
        reasons.append(
            Reason(
                pgettext(
                    "AI Act verdict",
                    "No prohibited practice, Annex III area or transparency "
                    "obligation applies: minimal risk under the AI Act.",
                ),
                ("AI Act Art. 5", "AI Act Annex III", "AI Act Art. 50"),
            )
        )
    where = scope(country)
    if where:
        reasons.insert(0, where)
    return Verdict(
        status,
        tuple(reasons),
        tuple(steps),
        {
            "fria_required": bool(trigger),
            "fria_trigger": trigger,
            "role": "provider" if provider else "deployer",
            "route": route if status == "high_risk" else None,
            "exempt_art6_3": exempt,
            "areas": areas,
            "prohibited": prohibited,
            "transparency_obligations": bool(found),
            "duties": {k: applicability(v) for k, v in clock.duties.items()},
        },
    )


def _prohibited(
    facts: Facts,
    prohibited: list[str],
    areas: list[str],
    country: str,
    clock: Timing,
    reasons: list[Reason],
    steps: list[str],
) -> None:
    """Art. 5: each prohibited practice, what a design without it would still be, and the one
    step: not to use it (said as guidance where the AI Act does not bind yet)."""
    for f in prohibited:
        article, label = PROHIBITED[f]
        reasons.append(
            facts.reason(
                pgettext("AI Act verdict", "Prohibited practice: {practice}.").format(
                    practice=pgettext("AI Act verdict", label)
                ),
                (f"AI Act {article}",),
                f,
            )
        )
    others = [f for f in areas if facts.possible(f)]
    if others or facts.possible("aiact.art50.emotion_biometric"):
        # The review's example 3: callers, not workers, are outside Art. 5(1)(f), but a
        # design without the prohibited use would still be Annex III 1(c) with 50(3).
        reasons.append(
            facts.reason(
                pgettext(
                    "AI Act verdict",
                    "A design without the prohibited practice would still be in an Annex "
                    "III area ({areas}), with the duty to inform the people exposed "
                    "(Art. 50(3)) where it recognises emotions from biometric data; that "
                    "needs a new assessment.",
                ).format(
                    areas=", ".join(area_label(f) for f in others)
                    or pgettext("AI Act verdict", "none named")
                ),
                (*(f"AI Act {AREAS[f][0]}" for f in others), "AI Act Art. 50(3)"),
                *others,
            )
        )
    if clock.when("prohibitions").status == dates_mod.NOT_BOUND:
        steps.append(
            pgettext(
                "AI Act verdict",
                "Do not use the system as planned: the practice is prohibited in the EU, "
                "and although the AI Act does not bind {country} yet, such a use needs "
                "your legal adviser's assessment first. No impact assessment or "
                "consultation makes a prohibited practice lawful.",
            ).format(country=country_name(country))
        )
    else:
        steps.append(
            pgettext(
                "AI Act verdict",
                "The system must not be used for this practice. Stop any use now and "
                "consult your legal adviser. No impact assessment, measure or "
                "consultation makes a prohibited practice lawful (Art. 5).",
            )
        )


def _high_risk_duties(
    facts: Facts,
    high_risk_areas: list[str],
    provider: bool,
    clock: Timing,
    reasons: list[Reason],
    steps: list[str],
) -> None:
    """A high-risk system's duties by role: the provider's (Art. 16, 43, 49(1)) when the
    organisation is or becomes the provider, the deployer's (Art. 26) always, a public
    authority's registration (Art. 26(8), 49(3)), and informing and explaining to the people
    concerned (Art. 26(11), 86); the last two not for Annex III point 2."""
    public = facts.possible("public_body")
    if provider:
        reasons.append(
            facts.reason(
                pgettext(
                    "AI Act verdict",
                    "Your organisation is, or becomes, the provider of this system: it "
                    "builds it or has it built under its own name, puts its name on it, "
                    "changes it substantially or gives it a high-risk purpose.",
                ),
                ("AI Act Art. 3(3)", "AI Act Art. 25(1)"),
                "aiact.provider",
            )
        )
        steps.append(
            clock.timed(
                pgettext(
                    "AI Act verdict",
                    "As the provider, meet the provider's duties before the system is "
                    "put into service: risk management, data governance, technical "
                    "documentation, logging, instructions, human oversight, accuracy "
                    "and robustness, a quality management system, the conformity "
                    "assessment (Art. 43) and registration in the EU database "
                    "(Art. 49(1)) (Art. 16).",
                ),
                "provider_duties",
            )
        )
    steps.append(
        clock.timed(
            pgettext(
                "AI Act verdict",
                "Meet the deployer's duties: use the system as instructed, assign "
                "competent and trained people with authority to oversee it, keep input "
                "data relevant, monitor it and report serious incidents, keep logs at "
                "least six months, and inform workers' representatives before use at "
                "work (Art. 26).",
            ),
            "deployer_duties",
        )
    )
    annex3_people = [f for f in high_risk_areas if f != "aiact.annex3.critical_infrastructure"]
    if annex3_people and public:
        # Art. 26(8), 49(3): public authorities register their use; not point 2.
        steps.append(
            clock.timed(
                pgettext(
                    "AI Act verdict",
                    "As a public authority, register the use in the EU database, and do "
                    "not use a system the provider has not registered there "
                    "(Art. 26(8), 49(3)).",
                ),
                "deployer_registration",
            )
        )
    if annex3_people:
        # Art. 26(11): decisions about natural persons; Art. 86(1): Annex III but
        # point 2.
        steps.append(
            clock.timed(
                pgettext(
                    "AI Act verdict",
                    "Tell the people concerned that a high-risk system is used in "
                    "decisions about them, and be ready to explain its role in an "
                    "individual decision (Art. 26(11), 86).",
                ),
                "explanation",
            )
        )


def not_ai_system(facts: Facts, country: str) -> Verdict:
    """AI Act Art. 3(1): the Act covers systems that infer from their input how to generate
    outputs; Recital 12 leaves out systems based on rules defined solely by people to execute
    operations automatically (the Commission's guidelines on the definition, C(2025) 924). A
    known answer that the system only carries out such rules takes it out of the AI Act; an
    unknown one never does. The GDPR verdicts are not touched: they turn on personal data."""
    reasons = [
        Reason(
            pgettext(
                "AI Act verdict",
                "The system may not be an AI system under Art. 3(1): it only carries out rules "
                "defined by people and does not infer from its input how to produce its "
                "output. The AI Act's duties do not apply; the GDPR still does where personal "
                "data is processed.",
            ),
            ("AI Act Art. 3(1)", "AI Act Recital 12", "Commission Guidelines C(2025) 924"),
            facts.answers("aiact.not_ai_system"),
        )
    ]
    where = scope(country)
    if where:
        reasons.insert(0, where)
    steps = (
        pgettext(
            "AI Act verdict",
            "Record why the system is not an AI system, with the supplier's description of how "
            "it works, and assess it again under the AI Act if it is changed to learn from "
            "data or to infer its output (Art. 3(1)).",
        ),
    )
    return Verdict(
        "not_ai_system",
        tuple(reasons),
        steps,
        {
            "fria_required": False,
            "fria_trigger": [],
            "role": None,
            "route": None,
            "exempt_art6_3": False,
            "areas": [],
            "prohibited": [],
            "transparency_obligations": False,
            "duties": {},
        },
    )


def scope(country: str) -> Reason | None:
    """Where the AI Act does not bind the deployer yet, the class is shown as guidance."""
    if not country or country in EU:
        return None
    if country in EEA:
        return Reason(
            pgettext(
                "AI Act verdict",
                "The AI Act is not yet part of the EEA Agreement, so it does not yet bind "
                "{country}; this classification shows what will apply once it is incorporated.",
            ).format(country=country_name(country)),
            ("EEA Agreement",),
        )
    return Reason(
        pgettext(
            "AI Act verdict",
            "The AI Act applies to deployers in the EU and to systems whose output is used in "
            "the EU; for {country} this classification is guidance only.",
        ).format(country=country_name(country)),
        ("AI Act Art. 2(1)",),
    )
