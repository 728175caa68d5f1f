"""Policy packs, the pure part: the model of a pack, its evaluation against the answers, and
its texts in the active language. Packs are read from files by riskkit.load.policy.


A pack (``questionnaires/policies/<id>.yaml``, format in docs/policy-format.md) lists the
clauses of one policy, each in the policy's own words, with the rule that decides it over the
answers to the questionnaire. Loading validates the pack against a questionnaire and reports
every problem at once with file, line and field, as `riskkit.load.questionnaire` does; evaluating
is pure.

A clause's status:

- ``not_applicable``: its ``applies`` condition is false (e.g. a personal-data clause when no
  personal data is processed). Conditions use riskkit's condition language, so with ``may``
  an unknown answer never makes a clause not applicable.
- ``not_met``: some requirement is broken by a known answer. A clause whose known answers
  already break it is not met whatever its unknown answers would be.
- ``unknown``: no requirement is broken, but one rests on ``dont_know``, no answer, or a
  question that is not asked although the clause applies.
- ``met``: every requirement holds. A clause without requirements is met by making the
  assessment itself (e.g. "use the NIST AI RMF as guidance": riskkit's method does).

A clause's strength is how binding the policy's own words make it, so that riskkit never
enforces as a duty what the policy only advises:

- ``must`` ("skal", "ska", "must"): a clause not met is a measure in the treatment plan.
- ``should`` ("bør", "bör", "should"): evaluated the same way, but a clause not met is a
  recommendation in the plan, not a breach.
- ``example`` ("kan være", "for example"): the policy names something to consider, such as a
  risk; it has no requirements, names the risks it is an example of, and is met by their being
  assessed. It never fails.

``wording`` quotes the words of the clause that give its strength; where a pack reads more
into a clause than its words say (a workshop's principle, a duty that names no check), the
clause's ``interpretation`` says what and whose reading it is.

Public API: `evaluate`, and for display `title`, `clause_text`, `interpretation_text`,
`status_label`, `strength_label`, `measure_text`, `reasons`, `summary_lines`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from riskkit.core.answers import Answers, effective_values
from riskkit.core.conditions import Condition
from riskkit.core.derive import derive
from riskkit.core.establish import asserting, establish
from riskkit.core.facts import FactState
from riskkit.core.model import Questionnaire
from riskkit.core.result import ClauseAnswer, ClauseResult, Interpretation, PolicyResult
from riskkit.core.values import NOT_APPLICABLE, is_unknown
from riskkit.i18n import content, ctx, pgettext

LANGUAGES = ("nb", "sv", "da", "en")
STATUSES = ("met", "not_met", "unknown", "not_applicable")
STRENGTHS = ("must", "should", "example")
DEFAULT_OWNER = "department_head"
PACK_ID_PATTERN = re.compile(r"^[a-z0-9]+([-_][a-z0-9]+)*$")

PACK_FIELDS = {"id", "title", "organisation", "language", "source", "clauses"}
CLAUSE_FIELDS = {
    "id", "ref", "text", "strength", "wording", "interpretation", "owner", "risks", "applies",
    "requires",
}
INTERPRETATION_FIELDS = {"by", "text"}
REQUIREMENT_FIELDS = {"question", "in", "any_of", "none_of", "if_asked", "applies"}


# --- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """One condition on one answer; a clause is met when all of its requirements hold.

    ``allowed`` (``in:``): the answer is one of these values; for a multi question, every
    value chosen is one of these. ``any_of`` (multi): at least one of these is chosen.
    ``none_of`` (multi): none of these is chosen.
    ``if_asked``: a question the answers do not ask (its ``when`` is false) meets the
    requirement, e.g. "no special categories" when no personal data is processed at all.
    ``applies``: a condition under which this one requirement is part of the clause, for a
    check the policy implies only for some systems (testing for differences between groups
    only where the system assesses or treats people).
    """

    question: str
    allowed: tuple[str, ...] | None = None
    any_of: tuple[str, ...] | None = None
    none_of: tuple[str, ...] | None = None
    line: int = 0
    if_asked: bool = False
    applies: Condition | None = None

    def holds(self, value: Any) -> bool:
        """Whether a known answer (not dont_know, not missing) meets the requirement."""
        chosen = {str(v) for v in (value if isinstance(value, list) else [value])}
        if self.allowed is not None and not chosen <= set(self.allowed):
            return False
        if self.any_of is not None and not chosen & set(self.any_of):
            return False
        return not (self.none_of is not None and chosen & set(self.none_of))


@dataclass(frozen=True)
class Clause:
    id: str
    text: str  # the policy's own words
    ref: str = ""
    strength: str = "must"  # must | should | example (STRENGTHS)
    wording: str = ""  # the words of `text` that give the strength
    interpretation: Interpretation | None = None  # in the pack's language
    owner: str | None = None
    risks: tuple[str, ...] = ()
    applies: Condition | None = None
    requires: tuple[Requirement, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class PolicyPack:
    id: str
    title: str
    organisation: str
    language: str
    source: str
    clauses: tuple[Clause, ...]
    content_hash: str = ""
    path: str = ""

    @cached_property
    def clause_by_id(self) -> Mapping[str, Clause]:
        return {c.id: c for c in self.clauses}


# --- text in the active language ------------------------------------------------------------


def title(pack: PolicyPack) -> str:
    """The pack's title, translated where a catalog has it (context ``policy:<id>:title``)."""
    return pgettext(ctx("policy", pack.id, "title"), pack.title) if pack.title else ""


def clause_text(pack: PolicyPack, clause: Clause) -> str:
    """A clause's text: the policy's own words unless a catalog translates them."""
    return pgettext(ctx("clause", f"{pack.id}.{clause.id}", "text"), clause.text)


def interpretation_text(pack: PolicyPack, clause: Clause) -> Interpretation | None:
    """A clause's interpretation with its text in the active language (context
    ``clause:<pack>.<clause>:interpretation``); who interprets is a name, not translated."""
    if clause.interpretation is None:
        return None
    return Interpretation(
        clause.interpretation.by,
        pgettext(
            ctx("clause", f"{pack.id}.{clause.id}", "interpretation"), clause.interpretation.text
        ),
    )


def strength_label(strength: str) -> str:
    return {
        # Translators: a policy clause's strength: the policy says "shall/must"
        "must": pgettext("policy clause strength", "must"),
        # Translators: a policy clause's strength: the policy says "should" (advice)
        "should": pgettext("policy clause strength", "should"),
        # Translators: a policy clause's strength: the policy gives it as an example ("can be")
        "example": pgettext("policy clause strength", "example"),
    }[strength]


def status_label(status: str) -> str:
    return {
        "met": pgettext("policy clause status", "met"),
        "not_met": pgettext("policy clause status", "not met"),
        "unknown": pgettext("policy clause status", "not known"),
        "not_applicable": pgettext("policy clause status", "not applicable"),
    }[status]


def measure_text(pack: PolicyPack, clause: Clause) -> str:
    """The treatment-plan text of a clause that is not met: a measure for a `must`, a
    recommendation for a `should` (the policy advises it, so the plan must not call it a
    duty)."""
    if clause.strength == "should":
        template = pgettext("policy measure", "Recommended by {policy}, {clause}: {text}")
    else:
        template = pgettext("policy measure", "Meet {policy}, {clause}: {text}")
    return template.format(
        policy=title(pack), clause=clause.ref or clause.id, text=clause_text(pack, clause)
    )


def reasons(questionnaire: Questionnaire, clause: ClauseResult, country: str) -> list[str]:
    """Why a clause has its status, one line per answer behind it, in the active language:
    the question as asked and the answer given with the labels of `country` (for the
    report's "why" column)."""
    if clause.strength == "example" and clause.status == "met":
        titles = [
            content.risk_title(questionnaire.risk_by_id[r])
            for r in clause.risks
            if r in questionnaire.risk_by_id
        ]
        return [
            pgettext(
                "policy reason",
                "An example the policy gives, not a requirement: assessed in the risk "
                "assessment as {risks}.",
            ).format(risks="; ".join(titles))
        ]
    lines = []
    for found in clause.answers:
        question = questionnaire.by_id.get(found.question)
        asked = content.question_text(question) if question else found.question
        if found.outcome == "not_asked":
            answer = pgettext("policy reason", "not asked with these answers")
        elif found.value is None:
            answer = pgettext("policy reason", "not answered")
        elif question is not None:
            answer = content.answer_text(question, found.value, country)
        else:
            answer = str(found.value)
        lines.append(
            pgettext("policy reason", "{question} {answer}").format(question=asked, answer=answer)
        )
    if not lines and clause.status == "met":
        lines.append(pgettext("policy reason", "Met by carrying out this assessment."))
    elif not lines and clause.status == "not_applicable":
        lines.append(pgettext("policy reason", "Does not apply to this system."))
    return lines


# --- evaluation (pure) ----------------------------------------------------------------------


def evaluate(pack: PolicyPack, questionnaire: Questionnaire, answers: Answers) -> PolicyResult:
    """Every clause's status and the answers behind it."""
    country = answers.meta.country
    effective = effective_values(questionnaire, answers.values, country)
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}
    # Clauses apply on facts as the verdicts do (`fact('personal_data')`): what all the
    # answers establish together, not the one answer that names it.
    facts, sources = derive(*establish(questionnaire, effective, country))
    results = tuple(
        _clause(pack, c, effective, order, country, questionnaire, facts, sources)
        for c in pack.clauses
    )
    counts = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
    return PolicyResult(
        id=pack.id,
        title=title(pack),
        organisation=pack.organisation,
        language=pack.language,
        source=pack.source,
        hash=pack.content_hash,
        clauses=results,
        counts=counts,
    )


def _clause(
    pack: PolicyPack,
    clause: Clause,
    effective: Mapping[str, Any],
    order: Mapping[str, int],
    country: str | None,
    questionnaire: Questionnaire,
    facts: Mapping[str, FactState],
    sources: Mapping[str, Sequence[str]],
) -> ClauseResult:
    def result(status: str, found: list[ClauseAnswer]) -> ClauseResult:
        return ClauseResult(
            clause.id,
            clause.ref,
            clause_text(pack, clause),
            status,
            tuple(found),
            clause.owner or DEFAULT_OWNER,
            clause.risks,
            clause.strength,
            clause.wording,
            interpretation_text(pack, clause),
        )

    if clause.applies is not None and not clause.applies.evaluate(effective, country, facts):
        # The answers that decide the condition (for a fact, the answers that could assert
        # it); questions not asked decide nothing.
        read = set(clause.applies.refs) | {
            q
            for f in clause.applies.facts
            for q in (*sources.get(f, ()), *asserting(questionnaire, f))
        }
        refs = sorted(
            (r for r in read if effective.get(r) is not NOT_APPLICABLE),
            key=lambda r: (order.get(r, len(order)), r),
        )
        return result(
            "not_applicable",
            [ClauseAnswer(r, _stored(effective.get(r)), "condition") for r in refs],
        )
    checked = []
    undecided = []  # the answers that keep the clause from being decided
    for req in clause.requires:
        if req.applies is not None and not req.applies.evaluate(effective, country, facts):
            continue
        value = effective.get(req.question, NOT_APPLICABLE)
        # A question this questionnaire (an older version, say) lacks was never put to the
        # assessor: nothing is known, even for an `if_asked` requirement, which holds only
        # because a question's own condition said it did not apply.
        missing = req.question not in questionnaire.by_id
        if missing or value is NOT_APPLICABLE:
            outcome = "not_asked"
        elif is_unknown(value):
            outcome = "unknown"
        else:
            outcome = "holds" if req.holds(value) else "fails"
        found = ClauseAnswer(req.question, _stored(value), outcome)
        checked.append(found)
        if outcome == "unknown" or (outcome == "not_asked" and (missing or not req.if_asked)):
            undecided.append(found)
    if any(a.outcome == "fails" for a in checked):
        return result("not_met", [a for a in checked if a.outcome == "fails"])
    if undecided:
        return result("unknown", undecided)
    return result("met", checked)


def _stored(value: Any) -> Any:
    """An effective answer as the result shows it: None for not answered or not asked."""
    if value is NOT_APPLICABLE or value is None or value == "":
        return None
    return list(value) if isinstance(value, (list, tuple)) else value


# --- the terminal ---------------------------------------------------------------------------


def summary_lines(result: PolicyResult) -> Iterator[str]:
    """A short account for the terminal: counts, then each clause not met or not known."""
    yield pgettext("policy summary", "Policy: {title} ({organisation})").format(
        title=result.title, organisation=result.organisation
    )
    counts = result.counts
    yield "  " + pgettext(
        "policy summary", "{met} met, {not_met} not met, {unknown} not known, {na} not applicable"
    ).format(
        met=counts["met"],
        not_met=counts["not_met"],
        unknown=counts["unknown"],
        na=counts["not_applicable"],
    )
    for clause in result.clauses:
        if clause.status in ("not_met", "unknown"):
            where = f" ({clause.ref})" if clause.ref else ""
            label = status_label(clause.status)
            if clause.strength == "should":
                label = pgettext("policy summary", "{status} (recommended)").format(status=label)
            yield f"  {label}: {clause.id}{where}: {clause.text}"

