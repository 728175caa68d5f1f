"""Answers that contradict what other answers establish. Pure.

riskkit decides from facts, not from the one question that names them (`riskkit.core.derive`), so a
contradiction never silently switches a verdict off. But the person who answered must see it:
either the "no" is wrong, or the other answers are. Each contradiction names the questions
involved; `score --json` lists them under `inconsistencies`, the interview's review and the
PDF's summary page show them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from riskkit.core.facts import FactState
from riskkit.i18n import pgettext


@dataclass(frozen=True)
class Inconsistency:
    questions: tuple[str, ...]  # the answer that contradicts, then the answers it contradicts
    text: str


@dataclass(frozen=True)
class _Rule:
    question: str  # answered `answer` ...
    answer: str
    fact: str  # ... while other answers establish this fact
    text: Callable[[], str]  # why it matters, in the active language


RULES: tuple[_Rule, ...] = (
    _Rule(
        "data.personal",
        "no",
        "personal_data",
        lambda: pgettext(
            "inconsistency",
            "You answered that the system processes no personal data, but other answers say "
            "that personal data goes into it. riskkit treats it as personal data and asks the "
            "data protection questions (GDPR Art. 4(1)).",
        ),
    ),
    _Rule(
        "dpia.automated_decision",
        "no",
        "wp248.automated_decision",
        lambda: pgettext(
            "inconsistency",
            "You answered that the system does not make or largely determine significant "
            "decisions, but the answers on automated decisions say it does. riskkit counts "
            "the criterion (WP248 rev.01 criterion 2, GDPR Art. 22(1)).",
        ),
    ),
    _Rule(
        "dpia.systematic_evaluation",
        "no",
        "art35_3.a",
        lambda: pgettext(
            "inconsistency",
            "You answered that the evaluation is not systematic and extensive, but people are "
            "scored on a large scale and decisions with legal or similar effects draw on the "
            "score. riskkit applies GDPR Art. 35(3)(a).",
        ),
    ),
    _Rule(
        "dpia.evaluation_decisions",
        "no",
        "art35_3.a",
        lambda: pgettext(
            "inconsistency",
            "You answered that no decisions with significant effects are based on the "
            "evaluation, but the answers on automated decisions say that such decisions are "
            "taken by the system or drawn strongly from its output. riskkit applies GDPR "
            "Art. 35(3)(a).",
        ),
    ),
    _Rule(
        "dpia.access_decision",
        "no",
        "access_decision",
        lambda: pgettext(
            "inconsistency",
            "You answered that the system does not decide on access to a service, benefit or "
            "opportunity, but the answers on automated decisions and the AI Act area say it "
            "does. riskkit applies the national list item.",
        ),
    ),
    _Rule(
        "aiact.narrow_task",
        "yes",
        "aiact.material_influence",
        lambda: pgettext(
            "inconsistency",
            "You answered that the system only does a narrow task without materially "
            "influencing decisions, but decisions about people are taken by it or drawn "
            "strongly from its output. riskkit does not apply the Art. 6(3) exemption.",
        ),
    ),
)


def check(
    effective: Mapping[str, Any],
    states: Mapping[str, FactState],
    sources: Mapping[str, Sequence[str]],
) -> tuple[Inconsistency, ...]:
    """Each answer that says "no" (or "yes") to what other answers establish as true.

    Only facts known to hold count: an unknown answer elsewhere is not a contradiction (it is
    already taken as the worse case and said so).
    """
    found = []
    for rule in RULES:
        if effective.get(rule.question) != rule.answer:
            continue
        if states.get(rule.fact) != FactState.TRUE:
            continue
        others = tuple(dict.fromkeys(q for q in sources.get(rule.fact, ()) if q != rule.question))
        if others:
            found.append(Inconsistency((rule.question, *others), rule.text()))
    return tuple(found)
