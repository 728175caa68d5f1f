"""GDPR Art. 22: whether decisions are solely automated (or drawn strongly from a score,
CJEU C-634/21 SCHUFA) with legal or similarly significant effects, and if so whether an
exception and every safeguard are established. Pure."""

from __future__ import annotations

from riskkit.core.facts import ART22_SAFEGUARDS
from riskkit.core.result import Reason, Verdict
from riskkit.core.verdicts.base import Facts, gdpr_scope
from riskkit.i18n import pgettext


def art22(facts: Facts, country: str) -> Verdict:
    ref = ("GDPR Art. 22(1)",)
    scope = gdpr_scope(country)
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
