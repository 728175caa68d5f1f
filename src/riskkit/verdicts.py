"""What the law asks next, decided from facts. Pure; every verdict carries its reasons.

Sources are in ../shared/DOMAIN.md. An unknown fact counts as true (riskkit never gives the
benign verdict on a "don't know"), and the reason says it was assumed. What a verdict needs
to be *lawful* (an Art. 22 exception, a safeguard) must be known to count.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from riskkit.content import dpia_item_text, dpia_note, dpia_source, risk_title
from riskkit.facts import (
    AIACT_ANNEX3,
    AIACT_PROHIBITED,
    ART22_SAFEGUARDS,
    ART35_3,
    WP248_CRITERIA,
    FactState,
)
from riskkit.i18n import country_name, pgettext
from riskkit.model import Questionnaire
from riskkit.result import Reason, RiskResult, Verdict, Verdicts

TRUE, UNKNOWN, FALSE = FactState.TRUE, FactState.UNKNOWN, FactState.FALSE
# GDPR applies in the EU and EEA; elsewhere riskkit's GDPR verdicts are guidance only.
EU = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
EEA = EU | {"IS", "LI", "NO"}


class _Facts:
    def __init__(self, states: Mapping[str, FactState], sources: Mapping[str, Sequence[str]]):
        self.states, self.sources = states, sources

    def state(self, fact: str) -> FactState:
        return self.states.get(fact, FALSE)

    def possible(self, fact: str) -> bool:
        return self.state(fact) >= UNKNOWN

    def known(self, fact: str) -> bool:
        return self.state(fact) == TRUE

    def answers(self, *facts: str) -> tuple[str, ...]:
        return tuple(sorted({q for f in facts for q in self.sources.get(f, ())}))

    def reason(self, text: str, refs: Iterable[str], *facts: str) -> Reason:
        """A reason for facts that hold; marked as assumed when any of them is only unknown."""
        if any(self.state(f) == UNKNOWN for f in facts):
            text = pgettext(
                "verdict reason", "{reason} (not known: assumed until clarified)"
            ).format(reason=text)
        return Reason(text, tuple(refs), self.answers(*facts))


def decide(
    questionnaire: Questionnaire,
    country: str,
    states: Mapping[str, FactState],
    sources: Mapping[str, Sequence[str]],
    risks: Sequence[RiskResult],
) -> Verdicts:
    facts = _Facts(states, sources)
    dpia = _dpia(questionnaire, country.upper(), facts)
    return Verdicts(
        dpia=dpia,
        art22=_art22(facts, country.upper()),
        ai_act=_ai_act(facts, country.upper()),
        prior_consultation=_prior_consultation(questionnaire, dpia, risks),
    )


def _criterion_label(fact: str) -> str:
    labels = {
        "wp248.evaluation_scoring": pgettext("DPIA criterion", "evaluation or scoring of people"),
        "wp248.automated_decision": pgettext(
            "DPIA criterion", "automated decision with legal or similar significant effect"
        ),
        "wp248.systematic_monitoring": pgettext("DPIA criterion", "systematic monitoring"),
        "wp248.sensitive_data": pgettext("DPIA criterion", "sensitive or highly personal data"),
        "wp248.large_scale": pgettext("DPIA criterion", "processing on a large scale"),
        "wp248.matching_datasets": pgettext("DPIA criterion", "matching or combining datasets"),
        "wp248.vulnerable_subjects": pgettext("DPIA criterion", "vulnerable data subjects"),
        "wp248.innovative_technology": pgettext(
            "DPIA criterion", "innovative use of new technology (AI counts)"
        ),
        "wp248.prevents_rights": pgettext(
            "DPIA criterion",
            "processing that prevents people from exercising a right or using a service",
        ),
        "art35_3.a": pgettext(
            "DPIA criterion",
            "systematic and extensive evaluation of people, including profiling, "
            "leading to decisions with legal or similarly significant effects",
        ),
        "art35_3.b": pgettext(
            "DPIA criterion",
            "large-scale processing of special categories of personal data or of "
            "criminal convictions data",
        ),
        "art35_3.c": pgettext(
            "DPIA criterion", "large-scale systematic monitoring of a publicly accessible area"
        ),
    }
    return labels[fact]


def _dpia(questionnaire: Questionnaire, country: str, facts: _Facts) -> Verdict:
    reasons = _gdpr_scope(country)
    if not facts.possible("personal_data"):
        reasons.append(
            Reason(
                pgettext(
                    "DPIA verdict",
                    "The system processes no personal data, so GDPR Art. 35 does not apply.",
                ),
                ("GDPR Art. 35(1)",),
                facts.answers("personal_data"),
            )
        )
        return Verdict("not_required", tuple(reasons))
    art35 = [f for f in ART35_3 if facts.possible(f)]
    criteria = [f for f in WP248_CRITERIA if facts.possible(f)]
    for f in art35:
        letter = f.rsplit(".", 1)[1]
        reasons.append(
            facts.reason(
                pgettext("DPIA verdict", "Always requires a DPIA: {case}.").format(
                    case=_criterion_label(f)
                ),
                (f"GDPR Art. 35(3)({letter})",),
                f,
            )
        )
    for f in criteria:
        reasons.append(
            facts.reason(
                pgettext("DPIA verdict", "WP248 criterion met: {criterion}.").format(
                    criterion=_criterion_label(f)
                ),
                ("WP248 rev.01",),
                f,
            )
        )
    national = []
    listing = questionnaire.dpia_lists.get(country)
    if listing:
        for item in listing.items:
            others = [c for c in criteria if c not in item.facts]
            if all(facts.possible(f) for f in item.facts) and len(others) >= item.plus_criteria:
                national.append(item)
                reasons.append(
                    facts.reason(
                        pgettext("DPIA verdict", "On the {authority} list: {item}.").format(
                            authority=listing.authority, item=dpia_item_text(item)
                        ),
                        ("GDPR Art. 35(4)", dpia_source(listing)),
                        *item.facts,
                    )
                )
    if art35 or national or len(criteria) >= 2:
        status = "required"
        if len(criteria) >= 2:
            reasons.append(
                Reason(
                    pgettext(
                        "DPIA verdict",
                        "Two or more WP248 criteria are met: a DPIA is normally required.",
                    ),
                    ("WP248 rev.01",),
                )
            )
    elif len(criteria) == 1:
        status = "recommended"
        reasons.append(
            Reason(
                pgettext(
                    "DPIA verdict",
                    "One WP248 criterion is met. One can be enough; if you decide "
                    "against a DPIA, document why.",
                ),
                ("WP248 rev.01",),
            )
        )
    else:
        status = "not_required"
        reasons.append(
            Reason(
                pgettext(
                    "DPIA verdict",
                    "No Art. 35(3) case, national list item or WP248 criterion is met.",
                ),
                ("GDPR Art. 35",),
            )
        )
    steps = {
        "required": (
            pgettext(
                "DPIA verdict",
                "Carry out a DPIA before the system is used, and seek the advice of the data "
                "protection officer (Art. 35(2)).",
            ),
            pgettext(
                "DPIA verdict",
                "The DPIA must describe the processing and its purposes, assess necessity and "
                "proportionality, the risks to people's rights and the measures (Art. 35(7)).",
            ),
            pgettext(
                "DPIA verdict",
                "Seek the views of the people affected or their representatives where appropriate "
                "(Art. 35(9)), and review the DPIA when the risk changes (Art. 35(11)).",
            ),
        ),
        "recommended": (
            pgettext(
                "DPIA verdict",
                "Carry out a DPIA, or record why one is not needed, with the data protection "
                "officer's advice.",
            ),
        ),
        "not_required": (),
    }[status]
    if listing and listing.note and status != "not_required":
        # The authority's own demands on the DPIA's content (IMY: weigh other rights too).
        steps = (*steps, dpia_note(listing))
    return Verdict(
        status,
        tuple(reasons),
        steps,
        {"criteria": criteria, "art35_3": art35, "national": [i.id for i in national]},
    )


def _gdpr_scope(country: str) -> list[Reason]:
    """Outside the EU and EEA the GDPR verdicts (DPIA, Art. 22) are guidance only."""
    if not country or country in EEA:
        return []
    return [
        Reason(
            pgettext(
                "DPIA verdict",
                "GDPR applies to organisations in the EU and EEA; for {country} "
                "this verdict is guidance only.",
            ).format(country=country_name(country))
        )
    ]


def _art22(facts: _Facts, country: str) -> Verdict:
    ref = ("GDPR Art. 22(1)",)
    scope = _gdpr_scope(country)
    decision = facts.possible("art22.solely_automated") or facts.possible("art22.score_relied_on")
    if not (
        facts.possible("personal_data") and decision and facts.possible("art22.significant_effect")
    ):
        reasons = [
            *scope,
            Reason(
                pgettext(
                    "Art. 22 verdict",
                    "No decision with legal or similarly significant effects is taken "
                    "solely by the system, nor drawn strongly from its output.",
                ),
                ref,
                facts.answers(
                    "art22.solely_automated",
                    "art22.score_relied_on",
                    "art22.significant_effect",
                    "personal_data",
                ),
            )
        ]
        return Verdict("not_engaged", tuple(reasons))
    reasons = list(scope)
    if facts.possible("art22.solely_automated"):
        reasons.append(
            facts.reason(
                pgettext(
                    "Art. 22 verdict",
                    "Decisions are taken without meaningful human involvement; "
                    "a person who only rubber-stamps does not change that.",
                ),
                ("GDPR Art. 22(1)", "WP251 rev.01"),
                "art22.solely_automated",
            )
        )
    if facts.possible("art22.score_relied_on"):
        reasons.append(
            facts.reason(
                pgettext(
                    "Art. 22 verdict",
                    "Caseworkers draw strongly on the system's score or "
                    "output: the score itself can be the decision.",
                ),
                ("CJEU C-634/21 SCHUFA",),
                "art22.score_relied_on",
            )
        )
    reasons.append(
        facts.reason(
            pgettext(
                "Art. 22 verdict",
                "The decisions have legal or similarly significant effects on people.",
            ),
            ref,
            "art22.significant_effect",
        )
    )
    exceptions = {
        "art22.exception_law": "GDPR Art. 22(2)(b)",
        "art22.exception_contract": "GDPR Art. 22(2)(a)",
        "art22.exception_consent": "GDPR Art. 22(2)(c)",
    }
    held = [f for f in exceptions if facts.known(f)]
    lawful = bool(held)
    if held:
        for f in held:
            reasons.append(
                Reason(
                    pgettext("Art. 22 verdict", "Exception relied on: {ref}.").format(
                        ref=exceptions[f]
                    ),
                    (exceptions[f],),
                    facts.answers(f),
                )
            )
        if "art22.exception_consent" in held and facts.possible("public_body"):
            reasons.append(
                Reason(
                    pgettext(
                        "Art. 22 verdict",
                        "Consent is rarely valid between a citizen and a public "
                        "authority; rely on a legal basis in law instead.",
                    ),
                    ("GDPR Art. 22(2)(c)", "GDPR Recital 43"),
                )
            )
    else:
        reasons.append(
            Reason(
                pgettext(
                    "Art. 22 verdict",
                    "No exception is established: neither a law that authorises the "
                    "decision with safeguards, nor a contract, nor explicit consent.",
                ),
                ("GDPR Art. 22(2)",),
                facts.answers(*exceptions),
            )
        )
    labels = {
        "art22.human_intervention": pgettext("Art. 22 verdict", "human intervention"),
        "art22.point_of_view": pgettext("Art. 22 verdict", "the right to express a point of view"),
        "art22.contest": pgettext("Art. 22 verdict", "the right to contest the decision"),
        "art22.explanation": pgettext(
            "Art. 22 verdict", "meaningful information about the logic involved"
        ),
    }
    missing = [f for f in ART22_SAFEGUARDS if not facts.known(f)]
    if missing:
        lawful = False
        reasons.append(
            Reason(
                pgettext("Art. 22 verdict", "Safeguards not established: {list}.").format(
                    list=", ".join(labels[f] for f in missing)
                ),
                ("GDPR Art. 22(3)", "GDPR Art. 13(2)(f)", "GDPR Art. 15(1)(h)"),
                facts.answers(*missing),
            )
        )
    if facts.possible("art22.special_categories") and not facts.known(
        "art22.special_categories_basis"
    ):
        lawful = False
        reasons.append(
            facts.reason(
                pgettext(
                    "Art. 22 verdict",
                    "Decisions rest on special categories of data without an "
                    "Art. 9(2)(a) or (g) basis and suitable safeguards.",
                ),
                ("GDPR Art. 22(4)",),
                "art22.special_categories",
            )
        )
    steps = [
        pgettext(
            "Art. 22 verdict",
            "Tell the people concerned that automated decision-making is used, and explain the "
            "procedure and principles actually applied (Art. 13(2)(f), 14(2)(g), 15(1)(h)).",
        ),
        pgettext(
            "Art. 22 verdict",
            "Make sure a competent person can review and change every decision, and that people "
            "can express their view and contest it.",
        ),
    ]
    if not lawful:
        steps.insert(
            0,
            pgettext(
                "Art. 22 verdict",
                "Do not use the system for these decisions until an exception and "
                "every safeguard are in place, or let a person take each decision on "
                "a real assessment.",
            ),
        )
    return Verdict("engaged_lawful" if lawful else "engaged_unlawful", tuple(reasons), tuple(steps))


def _ai_act(facts: _Facts, country: str) -> Verdict:
    prohibited_labels = {
        "aiact.prohibited.manipulation": (
            "Art. 5(1)(a)",
            pgettext(
                "AI Act verdict", "manipulative or deceptive techniques causing significant harm"
            ),
        ),
        "aiact.prohibited.vulnerabilities": (
            "Art. 5(1)(b)",
            pgettext(
                "AI Act verdict",
                "exploiting vulnerabilities of age, disability or social or economic situation",
            ),
        ),
        "aiact.prohibited.social_scoring": (
            "Art. 5(1)(c)",
            pgettext("AI Act verdict", "social scoring"),
        ),
        "aiact.prohibited.crime_prediction": (
            "Art. 5(1)(d)",
            pgettext("AI Act verdict", "predicting crime from profiling alone"),
        ),
        "aiact.prohibited.face_scraping": (
            "Art. 5(1)(e)",
            pgettext("AI Act verdict", "untargeted scraping of facial images"),
        ),
        "aiact.prohibited.emotion_recognition": (
            "Art. 5(1)(f)",
            pgettext("AI Act verdict", "emotion recognition at work or in education"),
        ),
        "aiact.prohibited.biometric_categorisation": (
            "Art. 5(1)(g)",
            pgettext("AI Act verdict", "biometric categorisation inferring sensitive traits"),
        ),
        "aiact.prohibited.realtime_biometric_id": (
            "Art. 5(1)(h)",
            pgettext(
                "AI Act verdict",
                "real-time remote biometric identification in public spaces for law enforcement",
            ),
        ),
    }
    area_labels = {
        "aiact.annex3.biometrics": ("Annex III 1", pgettext("AI Act verdict", "biometrics")),
        "aiact.annex3.critical_infrastructure": (
            "Annex III 2",
            pgettext("AI Act verdict", "critical infrastructure"),
        ),
        "aiact.annex3.education": (
            "Annex III 3",
            pgettext("AI Act verdict", "education and vocational training"),
        ),
        "aiact.annex3.employment": (
            "Annex III 4",
            pgettext("AI Act verdict", "employment and workers management"),
        ),
        "aiact.annex3.public_benefits": (
            "Annex III 5(a)",
            pgettext("AI Act verdict", "eligibility for public assistance benefits and services"),
        ),
        "aiact.annex3.emergency": (
            "Annex III 5(d)",
            pgettext("AI Act verdict", "emergency call triage and dispatch"),
        ),
        "aiact.annex3.law_enforcement": (
            "Annex III 6",
            pgettext("AI Act verdict", "law enforcement"),
        ),
        "aiact.annex3.justice": (
            "Annex III 8",
            pgettext("AI Act verdict", "administration of justice and democratic processes"),
        ),
    }
    reasons: list[Reason] = []
    prohibited = [f for f in AIACT_PROHIBITED if facts.possible(f)]
    areas = [f for f in AIACT_ANNEX3 if facts.possible(f)]
    transparency = [
        f for f in ("aiact.art50.interaction", "aiact.art50.synthetic_content") if facts.possible(f)
    ]
    if facts.possible("aiact.art50.public_text") and not facts.known(
        "aiact.art50.editorial_control"
    ):
        transparency.append("aiact.art50.public_text")
    fria = False
    if prohibited:
        status = "prohibited"
        for f in prohibited:
            article, label = prohibited_labels[f]
            reasons.append(
                facts.reason(
                    pgettext("AI Act verdict", "Prohibited practice: {practice}.").format(
                        practice=label
                    ),
                    (f"AI Act {article}",),
                    f,
                )
            )
        steps = [
            pgettext(
                "AI Act verdict",
                "The system must not be used. Stop any use now and consult your legal adviser.",
            )
        ]
    elif areas and not (facts.known("aiact.narrow_task") and not facts.possible("aiact.profiling")):
        status = "high_risk"
        for f in areas:
            ref, label = area_labels[f]
            reasons.append(
                facts.reason(
                    pgettext("AI Act verdict", "High-risk area: {area}.").format(area=label),
                    (f"AI Act {ref}", "AI Act Art. 6(2)"),
                    f,
                )
            )
        if facts.possible("aiact.profiling"):
            reasons.append(
                facts.reason(
                    pgettext(
                        "AI Act verdict",
                        "The system profiles people, so the Art. 6(3) exemption "
                        "for narrow tasks cannot apply.",
                    ),
                    ("AI Act Art. 6(3)",),
                    "aiact.profiling",
                )
            )
        fria = facts.possible("public_body") and any(
            f != "aiact.annex3.critical_infrastructure" for f in areas
        )
        steps = [
            pgettext(
                "AI Act verdict",
                "Meet the deployer's duties: use the system as instructed, assign competent and "
                "trained people with authority to oversee it, keep input data relevant, monitor it "
                "and report serious incidents, keep logs at least six months (Art. 26).",
            ),
            pgettext(
                "AI Act verdict",
                "Inform workers' representatives before use at work, register the use in the EU "
                "database as a public authority, and tell the people affected that a high-risk "
                "system is used in decisions about them (Art. 26(7), (8), (11)).",
            ),
            pgettext(
                "AI Act verdict",
                "Be ready to explain individual decisions to the people affected (Art. 86).",
            ),
        ]
        if fria:
            reasons.append(
                facts.reason(
                    pgettext(
                        "AI Act verdict",
                        "A body governed by public law deploys a high-risk "
                        "system: a fundamental rights impact assessment is "
                        "required before first use.",
                    ),
                    ("AI Act Art. 27(1)",),
                    "public_body",
                )
            )
            steps.insert(
                0,
                pgettext(
                    "AI Act verdict",
                    "Carry out a fundamental rights impact assessment before first use: "
                    "the processes, period and frequency of use, the people affected, "
                    "the risks of harm, human oversight, and what happens if risks "
                    "materialise, including complaints (Art. 27). It complements the "
                    "DPIA.",
                ),
            )
    elif areas:
        status = "transparency" if transparency else "minimal"
        reasons.append(
            Reason(
                pgettext(
                    "AI Act verdict",
                    "The system is in an Annex III area but only performs a narrow "
                    "procedural or preparatory task and does not profile people: not "
                    "high-risk. Document this assessment.",
                ),
                ("AI Act Art. 6(3)", "AI Act Art. 6(4)"),
                facts.answers("aiact.narrow_task", *areas),
            )
        )
        steps = [
            pgettext(
                "AI Act verdict",
                "Document why the system is not high-risk before it is used (Art. 6(4)).",
            )
        ]
    else:
        status = "transparency" if transparency else "minimal"
        steps = []
    if status in ("transparency", "high_risk") and transparency:
        labels = {
            "aiact.art50.interaction": pgettext(
                "AI Act verdict", "people interact with the system directly"
            ),
            "aiact.art50.synthetic_content": pgettext(
                "AI Act verdict", "it generates synthetic text, images, audio or video"
            ),
            "aiact.art50.public_text": pgettext(
                "AI Act verdict",
                "it produces text published on matters of public "
                "interest without human editorial responsibility",
            ),
        }
        for f in transparency:
            reasons.append(
                facts.reason(
                    pgettext("AI Act verdict", "Transparency obligation: {what}.").format(
                        what=labels[f]
                    ),
                    ("AI Act Art. 50",),
                    f,
                )
            )
        steps.append(
            pgettext(
                "AI Act verdict",
                "Tell people when they interact with AI, mark generated content, and "
                "disclose AI-generated text on matters of public interest (Art. 50).",
            )
        )
    if status == "minimal":
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
    scope = _ai_act_scope(country)
    if scope:
        reasons.insert(0, scope)
    return Verdict(
        status,
        tuple(reasons),
        tuple(steps),
        {
            "fria_required": fria,
            "areas": areas,
            "prohibited": prohibited,
            "transparency_obligations": bool(transparency),
        },
    )


def _prior_consultation(
    questionnaire: Questionnaire, dpia: Verdict, risks: Sequence[RiskResult]
) -> Verdict:
    matrix = questionnaire.matrix
    threshold = matrix.rank(matrix.prior_consultation_from)
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
    reasons = tuple(
        Reason(
            pgettext(
                "prior consultation verdict", "Residual risk stays high after measures: {risk}."
            ).format(risk=risk_title(questionnaire.risk_by_id[r.id])),
            ("GDPR Art. 36(1)",),
        )
        for r in high
    )
    return Verdict(
        "required",
        reasons,
        (
            pgettext(
                "prior consultation verdict",
                "Unless further measures bring these risks down, consult the supervisory authority "
                "before processing begins; it answers within eight weeks, extendable by six.",
            ),
        ),
    )


def _ai_act_scope(country: str) -> Reason | None:
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
