"""From answers to a Result: risks, NIST AI RMF profile, measures, verdicts. Pure.

Rules that make the numbers defensible:
- only questions whose condition holds are scored;
- an unknown answer (don't know, or none) counts as the choice that raises each risk most,
  and never as a measure in place, so not knowing never lowers a risk;
- residual = inherent minus the measures in place, never below the scale's first step;
- every number keeps the steps that produced it.

With a policy pack, each clause is checked too (`riskkit.core.policy.evaluate`), and a clause that
is not met becomes a measure in the treatment plan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from riskkit.core import consistency, plan
from riskkit.core.answers import Answers, effective_values
from riskkit.core.derive import derive
from riskkit.core.establish import chosen, establish
from riskkit.core.facts import AIACT_PROHIBITED, FactState
from riskkit.core.model import Choice, Delta, Matrix, Question, Questionnaire, Risk
from riskkit.core.result import (
    Dimension,
    Measure,
    NistProfile,
    PracticeStatus,
    Rating,
    Result,
    RiskResult,
    Step,
    Tally,
)
from riskkit.core.values import NOT_APPLICABLE, is_unknown
from riskkit.core.verdicts import decide
from riskkit.i18n import content

if TYPE_CHECKING:  # pragma: no cover
    from riskkit.core.policy import PolicyPack
    from riskkit.core.result import PolicyResult


# The scoring pipeline in its order (answers -> facts -> ratings -> measures -> verdicts); to
# be split into those steps when scoring stops translating (issue 15 follow-up).
def score(  # noqa: C901
    questionnaire: Questionnaire, answers: Answers, policy: PolicyPack | None = None
) -> Result:
    """The result of `answers`; with `policy`, its clauses checked and those not met planned."""
    effective = effective_values(questionnaire, answers.values, answers.meta.country)
    asked = [q for q in questionnaire.questions if effective[q.id] is not NOT_APPLICABLE]
    raises: dict[str, list[tuple[str, Step]]] = defaultdict(list)
    mitigations: dict[str, list[tuple[str, Step]]] = defaultdict(list)
    practices: list[PracticeStatus] = []
    missing_practices: list[Question] = []
    facts, fact_sources = establish(questionnaire, effective, answers.meta.country)
    for q in asked:
        if not q.closed:
            continue
        value = effective[q.id]
        for risk_id, dim, step in _raises(q, value, answers.meta.country):
            raises[risk_id].append((dim, step))
        for risk_id, dim, step in _mitigations(q, value):
            mitigations[risk_id].append((dim, step))
        if q.practice is not None:
            status = _practice_status(q, value)
            practices.append(
                PracticeStatus(q.id, status, q.nist, _characteristics(questionnaire, q))
            )
            if status != "in_place":
                missing_practices.append(q)

    matrix = questionnaire.matrix
    inherent_of = {risk.id: _rate(matrix, risk, raises[risk.id]) for risk in questionnaire.risks}
    # The verdicts get the facts as the answers assert them and derive the rest themselves
    # (a national DPIA list item must find its "other criterion" without its own data).
    asserted, asserted_sources = dict(facts), dict(fact_sources)
    facts, fact_sources = derive(asserted, asserted_sources)
    if _waiver_void(questionnaire, answers, asserted, asserted_sources, inherent_of):
        # GDPR Art. 35(1), (3), (4): a DPIA the law requires cannot be waived on advice, so
        # "not needed" is not a measure in place: no lower residual, and the DPIA is planned.
        waived_by = set(fact_sources.get("dpia.waived", ()))
        for rid in mitigations:
            mitigations[rid] = [(d, st) for d, st in mitigations[rid] if st.source not in waived_by]
        for i, p in enumerate(practices):
            if p.question in waived_by:
                practices[i] = PracticeStatus(p.question, "missing", p.nist, p.characteristics)
                missing_practices.append(questionnaire.by_id[p.question])
    # What every proposed measure would add once in place (for GDPR Art. 36(1)).
    planned_steps: dict[str, list[tuple[str, Step]]] = defaultdict(list)
    for q in missing_practices:
        for risk_id, delta in plan.practice_mitigations(q).items():
            for triple in _delta_steps(risk_id, delta, q.id, "mitigates", "planned"):
                planned_steps[triple[0]].append((triple[1], triple[2]))
    risk_results = []
    for risk in questionnaire.risks:
        inherent = inherent_of[risk.id]
        residual = _residual(matrix, inherent, mitigations[risk.id])
        planned = _residual(matrix, inherent, mitigations[risk.id] + planned_steps[risk.id])
        risk_results.append((risk, inherent, residual, planned))

    start = go_live(questionnaire, answers)
    residual_level = {risk.id: residual.level for risk, _i, residual, _p in risk_results}
    measures = _measures(
        questionnaire, missing_practices, residual_level, answers.meta.date, start,
        answers.meta.country,
    )
    policy_result = None
    measures_policy: list[Measure] = []
    if policy is not None:
        from riskkit.core import policy as policy_mod

        policy_result = policy_mod.evaluate(policy, questionnaire, answers)
        measures_policy = _policy_measures(
            questionnaire, policy, policy_result, residual_level, answers.meta.date, start
        )
        measures += measures_policy
    unplanned = [
        RiskResult(risk.id, content.risk_title(risk), risk.owner, risk.treatment,
                   risk.characteristics, inherent, residual, (), planned)
        for risk, inherent, residual, planned in risk_results
    ]
    prohibited = [
        q for f in AIACT_PROHIBITED if facts.get(f) == FactState.TRUE for q in fact_sources[f]
    ]
    if prohibited:
        # AI Act Art. 5: a known prohibited practice leaves one measure of the questionnaire's,
        # not to use it; no control makes the use lawful. A policy pack's clauses not met stay:
        # they record where the plan breaks the organisation's own rules, whatever it decides.
        measures = [plan.stop_measure(questionnaire, unplanned, prohibited, answers.meta.date)]
        measures += [m for m in measures_policy if m.source.startswith("policy:")]
    else:
        measures += plan.gap_measures(
            questionnaire, unplanned, measures, effective, answers.meta.date, start
        )
    measures.sort(key=lambda m: (-matrix.rank(m.priority), m.due or dt.date.max, m.id))
    by_risk: dict[str, list[str]] = defaultdict(list)
    for m in measures:
        for rid in m.risks:
            by_risk[rid].append(m.id)
    risks = tuple(
        dataclasses.replace(r, measures=tuple(by_risk[r.id])) for r in unplanned
    )
    overall = max((r.residual.level for r in risks), key=matrix.rank)
    verdicts = decide(
        questionnaire,
        answers.meta.country,
        asserted,
        asserted_sources,
        risks,
        assessed=answers.meta.date,
        go_live=start,
    )
    unanswered = tuple(
        q.id for q in asked if (q.closed or q.required) and answers.values.get(q.id) in (None, "")
    )
    return Result(
        assessment_id=answers.meta.assessment_id(),
        questionnaire={
            "id": questionnaire.id,
            "version": questionnaire.version,
            "hash": questionnaire.content_hash,
        },
        meta=answers.meta.to_dict(),
        risks=risks,
        overall_level=overall,
        nist=_profile(questionnaire, practices),
        verdicts=verdicts,
        measures=tuple(measures),
        facts={k: v.name.lower() for k, v in sorted(facts.items())},
        asked=tuple(q.id for q in asked),
        unanswered=unanswered,
        policy=policy_result,
        inconsistencies=consistency.check(effective, facts, fact_sources),
        drivers=plan.drivers(questionnaire, risks, overall, effective),
        go_live=start,
    )


def _waiver_void(
    questionnaire: Questionnaire,
    answers: Answers,
    facts: dict[str, FactState],
    sources: dict[str, list[str]],
    inherent: dict[str, Rating],
) -> bool:
    """Whether a "DPIA not needed" answer must be disregarded: the law requires a DPIA.

    The DPIA verdict depends on facts and inherent risks only, never on measures, so it can be
    decided before the residual risks are.
    """
    if facts.get("dpia.waived") != FactState.TRUE:
        return False
    preliminary = [
        RiskResult(r.id, "", r.owner, r.treatment, r.characteristics, inherent[r.id],
                   inherent[r.id], ())
        for r in questionnaire.risks
    ]
    verdicts = decide(questionnaire, answers.meta.country, facts, sources, preliminary)
    return verdicts.dpia.status == "required"


def go_live(questionnaire: Questionnaire, answers: Answers) -> dt.date | None:
    """The planned or actual start of use (the questionnaire's `system.go_live`), if given."""
    if "system.go_live" not in questionnaire.by_id:
        return None
    value = answers.values.get("system.go_live")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def offered_choices(q: Question, country: str | None) -> list[Choice]:
    """The choices a person in `country` could make (another country's are not)."""
    return [c for c in q.choices if q.offered_value(c.value, country)]


def worst_case(q: Question, country: str | None = None) -> dict[str, Delta]:
    """What an unknown answer raises: the most any answer offered in `country` could, per
    risk and dimension.

    For multi questions every non-exclusive choice could be picked at once, so their sum.
    """
    offered = offered_choices(q, country)
    inclusive = [c for c in offered if not (q.type == "multi" and c.exclusive)]
    exclusive = [c for c in offered if q.type == "multi" and c.exclusive]
    combine = sum if q.type == "multi" else max
    worst: dict[str, Delta] = {}
    risks = {r for c in offered for r in c.raises}
    for risk in risks:

        def pick(dim: str, pool: list[Choice], risk: str = risk) -> int:
            values = [getattr(c.raises.get(risk, Delta()), dim) for c in pool]
            return combine(values) if values else 0

        worst[risk] = Delta(
            max(pick("likelihood", inclusive), pick("likelihood", exclusive)),
            max(pick("consequence", inclusive), pick("consequence", exclusive)),
        )
    return worst


def _raises(q: Question, value: Any, country: str | None) -> Iterable[tuple[str, str, Step]]:
    if is_unknown(value):
        for risk, delta in worst_case(q, country).items():
            yield from _delta_steps(risk, delta, q.id, "unknown", value)
        return
    for choice in chosen(q, value):
        for risk, delta in choice.raises.items():
            yield from _delta_steps(risk, delta, q.id, "raises", choice.value)


def _in_place(q: Question, value: Any) -> bool:
    if q.practice is None or is_unknown(value):
        return False
    selected = value if isinstance(value, list) else [value]
    in_place = {str(v) for v in q.practice.in_place}
    return any(str(v) in in_place for v in selected)


def _mitigations(q: Question, value: Any) -> Iterable[tuple[str, str, Step]]:
    if is_unknown(value):
        return
    own = [c for c in chosen(q, value) if c.mitigates is not None]
    if own:
        for choice in own:
            for risk, delta in (choice.mitigates or {}).items():
                yield from _delta_steps(risk, delta, q.id, "mitigates", choice.value)
    elif q.practice is not None and _in_place(q, value):
        for risk, delta in q.practice.mitigates.items():
            yield from _delta_steps(risk, delta, q.id, "mitigates", value)


def _delta_steps(
    risk: str, delta: Delta, qid: str, kind: str, value: Any
) -> Iterable[tuple[str, str, Step]]:
    for dim in ("likelihood", "consequence"):
        amount = getattr(delta, dim)
        if amount:
            yield risk, dim, Step(qid, amount, kind, value)


def _practice_status(q: Question, value: Any) -> str:
    if is_unknown(value):
        return "unknown"
    return "in_place" if _in_place(q, value) else "missing"


def _characteristics(questionnaire: Questionnaire, q: Question) -> tuple[str, ...]:
    """A practice serves the characteristics of the risks it mitigates."""
    risks = set(q.practice.mitigates) if q.practice else set()
    for c in q.choices:
        risks |= set(c.mitigates or {})
    found = {ch for rid in risks for ch in questionnaire.risk_by_id[rid].characteristics}
    return tuple(sorted(found))


def _rate(matrix: Matrix, risk: Risk, steps: list[tuple[str, Step]]) -> Rating:
    dims = {}
    for dim, top in (
        ("likelihood", matrix.max_likelihood),
        ("consequence", matrix.max_consequence),
    ):
        base = getattr(risk.base, dim)
        trace = [Step("base", base, "base")] + [s for d, s in steps if d == dim]
        dims[dim] = _clamped(trace, 1, top)
    return _rating(matrix, dims["likelihood"], dims["consequence"])


def _residual(matrix: Matrix, inherent: Rating, steps: list[tuple[str, Step]]) -> Rating:
    dims = {}
    for dim in ("likelihood", "consequence"):
        start = getattr(inherent, dim)
        trace = [Step("inherent", start.value, "base")] + [
            Step(s.source, -s.delta, s.kind, s.value) for d, s in steps if d == dim
        ]
        dims[dim] = _clamped(trace, 1, start.value)
    return _rating(matrix, dims["likelihood"], dims["consequence"])


def _clamped(trace: list[Step], low: int, high: int) -> Dimension:
    total = sum(s.delta for s in trace)
    value = min(max(total, low), high)
    if value != total:
        trace = trace + [Step("clamp", value - total, "clamp")]
    return Dimension(value, tuple(trace))


def _rating(matrix: Matrix, likelihood: Dimension, consequence: Dimension) -> Rating:
    level = matrix.level(likelihood.value, consequence.value)
    return Rating(likelihood, consequence, likelihood.value * consequence.value, level.id)


def _measures(
    questionnaire: Questionnaire,
    missing: list[Question],
    residual_level: dict[str, str],
    assessed: dt.date | None,
    start: dt.date | None,
    country: str,
) -> list[Measure]:
    matrix = questionnaire.matrix
    measures = []
    for q in missing:
        assert q.practice is not None
        risks = tuple(
            sorted(set(q.practice.mitigates) | {r for c in q.choices for r in (c.mitigates or {})})
        )
        levels = [residual_level[r] for r in risks] or [matrix.levels[0].id]
        priority = max(levels, key=matrix.rank)
        owner = q.practice.owner or (
            questionnaire.risk_by_id[risks[0]].owner if risks else "department_head"
        )
        due = plan.due_date(matrix, priority, assessed, start)
        measures.append(
            Measure(f"M-{q.id}", content.measure_text(q, country), risks, owner, due, priority,
                    q.id)
        )
    measures.sort(key=lambda m: (-matrix.rank(m.priority), m.due or dt.date.max, m.id))
    return measures


def _policy_measures(
    questionnaire: Questionnaire,
    pack: PolicyPack,
    result: PolicyResult,
    residual_level: dict[str, str],
    assessed: dt.date | None,
    start: dt.date | None = None,
) -> list[Measure]:
    """A measure for each clause not met: owned by the clause's owner (default: the head of
    department), due by the deadline of the highest residual level among its risks (the
    lowest level when it names none)."""
    from riskkit.core import policy as policy_mod

    matrix = questionnaire.matrix
    measures = []
    for outcome in result.clauses:
        if outcome.status != "not_met":
            continue
        clause = pack.clause_by_id[outcome.id]
        risks = tuple(r for r in clause.risks if r in residual_level)
        levels = [residual_level[r] for r in risks] or [matrix.levels[0].id]
        priority = max(levels, key=matrix.rank)
        due = plan.due_date(matrix, priority, assessed, start)
        measures.append(
            Measure(
                f"P-{pack.id}.{clause.id}",
                policy_mod.measure_text(pack, clause),
                risks,
                outcome.owner,
                due,
                priority,
                f"policy:{pack.id}.{clause.id}",
            )
        )
    return measures


def _profile(questionnaire: Questionnaire, practices: list[PracticeStatus]) -> NistProfile:
    functions = {c.function: Tally() for c in questionnaire.nist}
    categories = {c.id: Tally() for c in questionnaire.nist}
    characteristics: dict[str, Tally] = {}
    for p in practices:
        cats = {questionnaire.nist_category_of(s) for s in p.nist} - {None}
        for cat in cats:
            categories[cat.id] = categories[cat.id].add(p.status)  # type: ignore[union-attr]
        for fn in {cat.function for cat in cats}:  # type: ignore[union-attr]
            functions[fn] = functions[fn].add(p.status)
        for ch in p.characteristics:
            characteristics[ch] = characteristics.get(ch, Tally()).add(p.status)
    return NistProfile(
        functions, categories, dict(sorted(characteristics.items())), tuple(practices)
    )
