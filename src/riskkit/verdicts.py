"""What the law asks next, decided from facts. Pure; every verdict carries its reasons.

Sources are in ../shared/DOMAIN.md. An unknown fact counts as true (riskkit never gives the
benign verdict on a "don't know"), and the reason says it was assumed. What a verdict needs
to be *lawful* (an Art. 22 exception, a safeguard) must be known to count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from riskkit.core import aiact_dates as dates_mod
from riskkit.core.derive import derive, without
from riskkit.core.facts import (
    AIACT_ANNEX3,
    AIACT_PROHIBITED,
    ART22_SAFEGUARDS,
    ART35_3,
    WP248_CRITERIA,
    FactState,
)
from riskkit.core.model import Questionnaire
from riskkit.core.result import Reason, RiskResult, Verdict, Verdicts
from riskkit.i18n import country_name, npgettext, pgettext
from riskkit.i18n.content import dpia_item_text, dpia_note, dpia_source, level_label, risk_title

TRUE, UNKNOWN, FALSE = FactState.TRUE, FactState.UNKNOWN, FactState.FALSE
# GDPR applies in the EU and EEA; elsewhere riskkit's GDPR verdicts are guidance only.
EU = frozenset(
    ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
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
    *,
    assessed: dt.date | None = None,
    go_live: dt.date | None = None,
) -> Verdicts:
    """The verdicts on `states` (facts as the answers assert them; the facts that follow from
    them are added here, see `riskkit.core.derive`), judged on the `assessed` date for use from
    `go_live` (None: not known)."""
    asserted = states
    states, sources = derive(states, sources)
    facts = _Facts(states, sources)
    timing = dates_mod.Context(
        assessed=assessed,
        go_live=go_live,
        public_authority=facts.possible("public_body"),
        country=country.upper(),
    )
    dpia = _dpia(questionnaire, country.upper(), facts, risks, asserted)
    ai_act = _ai_act(facts, country.upper(), timing)
    return Verdicts(
        dpia=dpia,
        art22=_art22(facts, country.upper()),
        ai_act=ai_act,
        prior_consultation=_prior_consultation(questionnaire, dpia, risks, ai_act),
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


def _dpia(
    questionnaire: Questionnaire,
    country: str,
    facts: _Facts,
    risks: Sequence[RiskResult],
    asserted: Mapping[str, FactState],
) -> Verdict:
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
    if not listing and country in EEA:
        # GDPR Art. 35(4): each supervisory authority has its own list; riskkit carries only
        # some. Say so rather than let "no list item" read as "checked".
        reasons.append(
            Reason(
                pgettext(
                    "DPIA verdict",
                    "The national DPIA list of {country}'s supervisory authority was not "
                    "checked: riskkit does not carry it. Check it yourself.",
                ).format(country=country_name(country)),
                ("GDPR Art. 35(4)",),
            )
        )
    if listing:
        for item in listing.items:
            # "X plus one other criterion": the other criterion must hold without X itself
            # (location data is WP248 criterion 4, but not its own second criterion).
            rest = without(asserted, item.facts) if item.plus_criteria else facts.states
            others = [
                c for c in criteria if c not in item.facts and rest.get(c, FALSE) >= UNKNOWN
            ]
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
    # Art. 35(1): processing "likely to result in a high risk" needs a DPIA whatever the
    # criteria: riskkit's own rating of the privacy risks before any measure is that estimate.
    matrix = questionnaire.matrix
    likely_high = [
        r
        for r in risks
        if questionnaire.risk_by_id[r.id].privacy
        and matrix.rank(r.inherent.level) >= matrix.rank(matrix.prior_consultation_from)
    ]
    if likely_high:
        reasons.append(
            Reason(
                npgettext(
                    "DPIA verdict",
                    "A likely high risk to people's rights: {n} privacy risk is rated "
                    "{level} or above before any measure ({risks}).",
                    "A likely high risk to people's rights: {n} privacy risks are rated "
                    "{level} or above before any measure ({risks}).",
                    len(likely_high),
                ).format(
                    n=len(likely_high),
                    level=level_label(matrix, matrix.prior_consultation_from),
                    risks=", ".join(risk_title(questionnaire.risk_by_id[r.id]) for r in likely_high),
                ),
                ("GDPR Art. 35(1)",),
            )
        )
    if art35 or national or len(criteria) >= 2 or likely_high:
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
    if status == "required" and facts.known("dpia.waived"):
        reasons.append(
            Reason(
                pgettext(
                    "DPIA verdict",
                    "The advice that no DPIA is needed cannot stand: the law requires one "
                    "here, so riskkit does not count it as a measure in place.",
                ),
                ("GDPR Art. 35(1)", "GDPR Art. 35(3)", "GDPR Art. 35(4)"),
                facts.answers("dpia.waived"),
            )
        )
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
        public = facts.possible("public_body") or facts.possible("public_service")
        weak = [f for f in held if f in ("art22.exception_consent", "art22.exception_contract")]
        if public and weak and len(weak) == len(held) and not facts.known(
            "art22.exception_justified"
        ):
            # GDPR Recital 43: consent is presumed not freely given where there is a clear
            # imbalance, as between a resident and a public authority; "necessary" for a
            # contract is read strictly. Without a documented reason the exception is not
            # established (the legal review, December 2026).
            lawful = False
            reasons.append(
                Reason(
                    pgettext(
                        "Art. 22 verdict",
                        "Consent or a contract between a person and a public body is not "
                        "accepted as an exception without a documented reason: consent is "
                        "presumed not to be freely given where one side depends on the other, "
                        "and necessity is read strictly. Rely on a law that authorises the "
                        "decisions, or let a person decide.",
                    ),
                    ("GDPR Art. 22(2)(a)", "GDPR Art. 22(2)(c)", "GDPR Recital 43"),
                    facts.answers("art22.exception_justified", *weak),
                )
            )
        elif "art22.exception_consent" in held and public:
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
                (
                    # Art. 22(3) sets the safeguards for (a) and (c); for (b) they come from
                    # the authorising law, which "lays down suitable measures".
                    *(("GDPR Art. 22(2)(b)",) if held == ["art22.exception_law"] else ()),
                    *(("GDPR Art. 22(3)",) if held != ["art22.exception_law"] else ()),
                    "GDPR Art. 13(2)(f)",
                    "GDPR Art. 15(1)(h)",
                ),
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


def _ai_act(facts: _Facts, country: str, timing: dates_mod.Context) -> Verdict:
    """Class, role and duties under the AI Act, each duty with when it applies.

    The class decides which duties exist; the role (Art. 3(3), 25(1)) decides whose they are;
    ai-act-dates.yaml decides from when (Art. 113 as amended, Art. 111(2)). A prohibited
    practice stops everything else: no high-risk duty or FRIA can make it lawful.
    """
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
    if facts.known("aiact.not_ai_system"):
        return _not_ai_system(facts, country)
    reasons: list[Reason] = []
    steps: list[str] = []
    prohibited = [f for f in AIACT_PROHIBITED if facts.possible(f)]
    areas = [f for f in AIACT_ANNEX3 if facts.possible(f)]
    annex1 = facts.possible("aiact.annex1")
    provider = facts.possible("aiact.provider")
    route = "annex3" if areas else "annex1"
    clock = _Timing(replace(timing, route=route))
    when, timed, duties = clock.when, clock.timed, clock.duties
    fria = False
    fria_trigger: list[str] = []
    exempt = False
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
                        areas=", ".join(_area_labels()[f][1] for f in others)
                        or pgettext("AI Act verdict", "none named")
                    ),
                    (*(f"AI Act {_area_labels()[f][0]}" for f in others), "AI Act Art. 50(3)"),
                    *others,
                )
            )
        if when("prohibitions").status == dates_mod.NOT_BOUND:
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
    else:
        high_risk_areas, status = _high_risk(facts, areas, annex1, provider, reasons, steps)
        exempt = bool(areas) and not high_risk_areas
        if status == "high_risk":
            public = facts.possible("public_body")
            public_service = facts.possible("public_service")
            not_point2 = [f for f in high_risk_areas if f != "aiact.annex3.critical_infrastructure"]
            # Art. 27(1): bodies governed by public law, private entities providing public
            # services, and deployers of Annex III 5(b)/(c) systems; Art. 6(2) systems only,
            # except point 2.
            if not_point2 and public:
                fria_trigger.append("public_body")
            if not_point2 and public_service:
                fria_trigger.append("public_service")
            if any(
                f in high_risk_areas
                for f in ("aiact.annex3.credit_scoring", "aiact.annex3.insurance")
            ):
                fria_trigger.append("annex3_5bc")
            fria = bool(fria_trigger)
            if fria:
                reasons.append(
                    facts.reason(
                        pgettext(
                            "AI Act verdict",
                            "The deployer is a body governed by public law, a private body "
                            "providing public services, or uses the system for credit scoring "
                            "or life and health insurance: a fundamental rights impact "
                            "assessment is required before first use. {duty}: {when}.",
                        ).format(duty=pgettext("AI Act verdict", "FRIA"), when=when("fria").text()),
                        ("AI Act Art. 27(1)",),
                        *(
                            {
                                "public_body": "public_body",
                                "public_service": "public_service",
                            }.get(t, "aiact.annex3.credit_scoring")
                            for t in fria_trigger
                        ),
                    )
                )
                steps.insert(
                    0,
                    timed(
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
                    timed(
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
                timed(
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
                    timed(
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
                    timed(
                        pgettext(
                            "AI Act verdict",
                            "Tell the people concerned that a high-risk system is used in "
                            "decisions about them, and be ready to explain its role in an "
                            "individual decision (Art. 26(11), 86).",
                        ),
                        "explanation",
                    )
                )
    transparency = _transparency(facts, provider, status, reasons, steps, clock)
    if status not in ("prohibited", "high_risk"):
        status = "transparency" if transparency else "minimal"
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
    scope = _ai_act_scope(country)
    if scope:
        reasons.insert(0, scope)
    return Verdict(
        status,
        tuple(reasons),
        tuple(steps),
        {
            "fria_required": fria,
            "fria_trigger": fria_trigger,
            "role": "provider" if provider else "deployer",
            "route": route if status == "high_risk" else None,
            "exempt_art6_3": exempt,
            "areas": areas,
            "prohibited": prohibited,
            "transparency_obligations": bool(transparency),
            "duties": {k: _applicability(v) for k, v in duties.items()},
        },
    )


def _not_ai_system(facts: _Facts, country: str) -> Verdict:
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
    scope = _ai_act_scope(country)
    if scope:
        reasons.insert(0, scope)
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


def _applicability(a: dates_mod.Applicability) -> dict[str, Any]:
    """A duty's timing as `score --json` shows it: the dataclass's fields and its text."""
    return {
        "status": a.status,
        "date": a.date,
        "start": a.start,
        "binding_now": a.binding_now,
        "before_use": a.before_use,
        "verified": a.verified,
        "refs": list(a.refs),
        "text": a.text(),
    }


def _high_risk(
    facts: _Facts,
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
    area_labels = _area_labels()
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
                ref, label = area_labels[f]
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


def _area_labels() -> dict[str, tuple[str, str]]:
    return {
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
        "aiact.annex3.credit_scoring": (
            "Annex III 5(b)",
            pgettext("AI Act verdict", "creditworthiness and credit scoring"),
        ),
        "aiact.annex3.insurance": (
            "Annex III 5(c)",
            pgettext("AI Act verdict", "risk assessment and pricing in life and health insurance"),
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


def _transparency(
    facts: _Facts,
    provider: bool,
    status: str,
    reasons: list[Reason],
    steps: list[str],
    clock: _Timing,
) -> list[str]:
    """Art. 50's duties, by role: 50(1) and (2) are the provider's, 50(3) and (4) the
    deployer's. A deployer checks that the provider met 50(1)-(2). The editorial exemption in
    50(4) covers text only, never deepfakes. Nothing is added for a prohibited practice."""
    if status == "prohibited":
        return []
    labels = {
        "aiact.art50.interaction": (
            "AI Act Art. 50(1)",
            pgettext("AI Act verdict", "people interact with the system directly"),
        ),
        "aiact.art50.synthetic_content": (
            "AI Act Art. 50(2)",
            pgettext("AI Act verdict", "it generates synthetic text, images, audio or video"),
        ),
        "aiact.art50.emotion_biometric": (
            "AI Act Art. 50(3)",
            pgettext(
                "AI Act verdict",
                "it recognises emotions or categorises people from biometric data",
            ),
        ),
        "aiact.art50.public_text": (
            "AI Act Art. 50(4)",
            pgettext(
                "AI Act verdict",
                "it produces text published on matters of public "
                "interest without human editorial responsibility",
            ),
        ),
    }
    found = [
        f
        for f in labels
        if facts.possible(f)
        and not (f == "aiact.art50.public_text" and facts.known("aiact.art50.editorial_control"))
    ]
    for f in found:
        ref, label = labels[f]
        reasons.append(
            facts.reason(
                pgettext("AI Act verdict", "Transparency obligation: {what}.").format(what=label),
                (ref,),
                f,
            )
        )
    provider_side = [f for f in found if f in ("aiact.art50.interaction", "aiact.art50.synthetic_content")]
    if provider_side:
        duty = "provider_transparency"
        timed = clock.timed
        if provider:
            steps.append(
                timed(
                    pgettext(
                        "AI Act verdict",
                        "As the provider, design the system so that people are told they are "
                        "interacting with AI, and mark generated content as AI-generated in a "
                        "machine-readable way (Art. 50(1), (2)).",
                    ),
                    duty,
                )
            )
        else:
            steps.append(
                timed(
                    pgettext(
                        "AI Act verdict",
                        "Check that the provider tells people they are interacting with AI "
                        "and marks generated content machine-readably (its duties under "
                        "Art. 50(1), (2)), and use those functions.",
                    ),
                    duty,
                )
            )
    if "aiact.art50.emotion_biometric" in found:
        steps.append(
            clock.timed(
                pgettext(
                    "AI Act verdict",
                    "Inform the people exposed to the emotion recognition or biometric "
                    "categorisation that it is used (Art. 50(3)).",
                ),
                "deployer_transparency",
            )
        )
    if facts.possible("aiact.art50.public_text"):
        steps.append(
            clock.timed(
                pgettext(
                    "AI Act verdict",
                    "Disclose published deepfake images, audio or video as AI-generated, and "
                    "AI-generated text on matters of public interest unless a person has "
                    "reviewed it and your organisation takes editorial responsibility; the "
                    "editorial exemption covers text only (Art. 50(4)).",
                ),
                "deployer_transparency",
            )
        )
    return found


class _Timing:
    """When each AI Act duty applies to this assessment; remembers every duty it was asked
    about, so the verdict's details list exactly the duties its steps name."""

    def __init__(self, context: dates_mod.Context):
        self.context = context
        self.duties: dict[str, dates_mod.Applicability] = {}

    def when(self, duty: str) -> dates_mod.Applicability:
        if duty not in self.duties:
            self.duties[duty] = dates_mod.when(duty, self.context)
        return self.duties[duty]

    def timed(self, step: str, duty: str) -> str:
        """The step with when it applies: "... (Art. 27). When: applies from ..."."""
        return pgettext("AI Act verdict", "{step} When: {when}.").format(
            step=step, when=self.when(duty).text()
        )


def _prior_consultation(
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
