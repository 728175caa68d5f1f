"""GDPR Art. 35: whether a DPIA is required, from the Art. 35(3) cases, the WP248 criteria, the
national lists (Art. 35(4)) and riskkit's own rating of the privacy risks. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from riskkit.core import national_lists
from riskkit.core.derive import without
from riskkit.core.facts import ART35_3, WP248_CRITERIA, FactState
from riskkit.core.model import Questionnaire
from riskkit.core.result import Reason, RiskResult, Verdict
from riskkit.core.verdicts.base import FALSE, UNKNOWN, Facts, gdpr_scope
from riskkit.i18n import NP_, npgettext, pgettext
from riskkit.i18n.content import dpia_item_text, dpia_note, dpia_source, level_label, risk_title

# The DPIA criteria and the Art. 35(3) cases as the reasons name them.
CRITERIA: dict[str, str] = {
    "wp248.evaluation_scoring": NP_("DPIA criterion", "evaluation or scoring of people"),
    "wp248.automated_decision": NP_(
        "DPIA criterion", "automated decision with legal or similar significant effect"
    ),
    "wp248.systematic_monitoring": NP_("DPIA criterion", "systematic monitoring"),
    "wp248.sensitive_data": NP_("DPIA criterion", "sensitive or highly personal data"),
    "wp248.large_scale": NP_("DPIA criterion", "processing on a large scale"),
    "wp248.matching_datasets": NP_("DPIA criterion", "matching or combining datasets"),
    "wp248.vulnerable_subjects": NP_("DPIA criterion", "vulnerable data subjects"),
    "wp248.innovative_technology": NP_(
        "DPIA criterion", "innovative use of new technology (AI counts)"
    ),
    "wp248.prevents_rights": NP_(
        "DPIA criterion",
        "processing that prevents people from exercising a right or using a service",
    ),
    "art35_3.a": NP_(
        "DPIA criterion",
        "systematic and extensive evaluation of people, including profiling, "
        "leading to decisions with legal or similarly significant effects",
    ),
    "art35_3.b": NP_(
        "DPIA criterion",
        "large-scale processing of special categories of personal data or of "
        "criminal convictions data",
    ),
    "art35_3.c": NP_(
        "DPIA criterion", "large-scale systematic monitoring of a publicly accessible area"
    ),
}


def criterion_label(fact: str) -> str:
    """A WP248 criterion or Art. 35(3) case in the active language."""
    return pgettext("DPIA criterion", CRITERIA[fact])


def dpia(
    questionnaire: Questionnaire,
    country: str,
    facts: Facts,
    risks: Sequence[RiskResult],
    asserted: Mapping[str, FactState],
) -> Verdict:
    reasons = gdpr_scope(country)
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
    unchecked = national_lists.not_checked(questionnaire.dpia_lists, country)
    if unchecked:  # early, so the summaries (first reasons only) say it too
        reasons.append(unchecked)
    art35 = [f for f in ART35_3 if facts.possible(f)]
    criteria = [f for f in WP248_CRITERIA if facts.possible(f)]
    for f in art35:
        letter = f.rsplit(".", 1)[1]
        reasons.append(
            facts.reason(
                pgettext("DPIA verdict", "Always requires a DPIA: {case}.").format(
                    case=criterion_label(f)
                ),
                (f"GDPR Art. 35(3)({letter})",),
                f,
            )
        )
    for f in criteria:
        reasons.append(
            facts.reason(
                pgettext("DPIA verdict", "WP248 criterion met: {criterion}.").format(
                    criterion=criterion_label(f)
                ),
                ("WP248 rev.01",),
                f,
            )
        )
    national = []
    listing = questionnaire.dpia_lists.get(country)
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
                    risks=", ".join(risk_title(questionnaire.risk_by_id[r.id])
                                    for r in likely_high),
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
        {"criteria": criteria, "art35_3": art35, "national": [i.id for i in national],
         "national_list": national_lists.details(questionnaire.dpia_lists, country)},
    )
