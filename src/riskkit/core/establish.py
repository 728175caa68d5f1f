"""The legal facts a set of answers asserts, question by question. Pure.

Shared by scoring (which then derives what follows, `riskkit.core.derive`) and by policy
packs, whose clauses apply on facts (``fact('personal_data')``) as the verdicts do, not on
the one answer that names them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from riskkit.core.facts import FactState
from riskkit.core.model import Choice, Question, Questionnaire
from riskkit.core.values import NOT_APPLICABLE, is_unknown


def chosen(q: Question, value: Any) -> list[Choice]:
    """The choices an answer selects (none for don't know, or a scale step without effects)."""
    values = value if isinstance(value, list) else [value]
    return [c for c in (q.choice(v) for v in values) if c is not None]


def facts_of(
    q: Question, value: Any, country: str | None = None
) -> Iterable[tuple[str, FactState]]:
    """The facts one answer asserts: every fact of the chosen choices; for "don't know" (or
    no answer) every fact a choice offered in `country` could assert, as unknown (another
    country's choices could not have been the answer)."""
    if is_unknown(value):
        offered = [c for c in q.choices if q.offered_value(c.value, country)]
        for fact in {f for c in offered for f in c.facts}:
            yield fact, FactState.UNKNOWN
        return
    for choice in chosen(q, value):
        for fact in choice.facts:
            yield fact, FactState.TRUE


def establish(
    questionnaire: Questionnaire, effective: Mapping[str, Any], country: str | None = None
) -> tuple[dict[str, FactState], dict[str, list[str]]]:
    """The facts the asked closed questions assert (the strongest state wins), and the
    questions behind each. `effective` is `riskkit.core.answers.effective_values`; `country`
    is meta.country (which choices were offered)."""
    facts: dict[str, FactState] = {}
    sources: dict[str, list[str]] = defaultdict(list)
    for q in questionnaire.questions:
        value = effective.get(q.id, NOT_APPLICABLE)
        if not q.closed or value is NOT_APPLICABLE:
            continue
        for fact, state in facts_of(q, value, country):
            if state > facts.get(fact, FactState.FALSE):
                facts[fact] = state
            sources[fact].append(q.id)
    return facts, sources


def asserting(questionnaire: Questionnaire, fact: str) -> list[str]:
    """The questions with a choice that asserts `fact`: what decides it when none did."""
    return [q.id for q in questionnaire.questions if any(fact in c.facts for c in q.choices)]
