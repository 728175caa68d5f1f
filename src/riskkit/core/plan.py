"""The treatment plan's legal rules: due dates, a measure for every high risk, the stop for a
prohibited practice, what the planned measures would leave, and what drives the level. Pure.

- A measure needed before use is due no later than the go-live date (GDPR Art. 35(1), 36(1),
  AI Act Art. 27(1) all speak of "prior to" processing or use); when the go-live date is not
  known, deadlines count from the assessment date, and the plan says so.
- Every risk whose residual level is high or critical gets at least one measure: where an
  unknown answer drives it, a "find out" measure for that answer; otherwise a measure to decide
  and document further treatment (ISO 31000 risk treatment: a high risk is never left open).
- A prohibited practice (AI Act Art. 5) known to be planned: the plan is one measure, not to use
  the system for it; no other measure can make that use lawful.
- The residual risk "with every planned measure" tells GDPR Art. 36(1) prior consultation
  apart: required unless the measures are in place before use, or required even with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from riskkit.core.model import Matrix, Question, Questionnaire
from riskkit.core.result import Measure, RiskResult
from riskkit.i18n import content, pgettext

DRIVERS = 5


@dataclass(frozen=True)
class Driver:
    """An answer that raises a risk at the overall level: "don't know" ones come first."""

    question: str
    value: Any  # as stored; "dont_know" or None for not known
    risk: str
    unknown: bool


def due_date(
    matrix: Matrix, priority: str, assessed: dt.date | None, go_live: dt.date | None
) -> dt.date | None:
    """The level's deadline from the assessment date; for a measure at or above the level that
    requires prior consultation (high), no later than the go-live date, and never before the
    assessment date (a system already in use: due at once)."""
    if assessed is None:
        return None
    due = assessed + dt.timedelta(days=matrix.level_by_id(priority).deadline_days)
    if go_live is not None and matrix.rank(priority) >= matrix.rank(matrix.prior_consultation_from):
        due = min(due, max(go_live, assessed))
    return due


def gap_measures(
    questionnaire: Questionnaire,
    risks: Sequence[RiskResult],
    measures: Sequence[Measure],
    values: Mapping[str, Any],
    assessed: dt.date | None,
    go_live: dt.date | None,
) -> list[Measure]:
    """For each high or critical residual risk: a "find out" measure for every unknown answer
    that raises it (even when other measures treat it: the level may rest on the unknown
    alone), and, when nothing else treats it, a measure to decide further treatment."""
    matrix = questionnaire.matrix
    threshold = matrix.rank(matrix.prior_consultation_from)
    treated = {rid for m in measures for rid in m.risks}
    out: dict[str, Measure] = {}
    for risk in risks:
        if matrix.rank(risk.residual.level) < threshold:
            continue
        unknown = _unknown_sources(risk)
        if not unknown and risk.id in treated:
            continue
        due = due_date(matrix, risk.residual.level, assessed, go_live)
        owner = questionnaire.risk_by_id[risk.id].owner
        if unknown:
            for qid in unknown:
                mid = f"F-{qid}"
                if mid in out:
                    old = out[mid]
                    out[mid] = Measure(mid, old.text, (*old.risks, risk.id), old.owner,
                                       old.due, old.priority, old.source)
                    continue
                q = questionnaire.by_id[qid]
                out[mid] = Measure(
                    mid,
                    pgettext(
                        "treatment plan",
                        "Find out, and answer: “{question}” Until it is known, riskkit assumes "
                        "the worse answer.",
                    ).format(question=content.question_text(q)),
                    (risk.id,),
                    owner,
                    due,
                    risk.residual.level,
                    qid,
                )
        else:
            out[f"T-{risk.id}"] = Measure(
                f"T-{risk.id}",
                pgettext(
                    "treatment plan",
                    "Decide further measures against “{risk}” and document them, or stop or "
                    "change the use; a high risk is not left open.",
                ).format(risk=risk.title),
                (risk.id,),
                owner,
                due,
                risk.residual.level,
                f"risk:{risk.id}",
            )
    return list(out.values())


def _unknown_sources(risk: RiskResult) -> list[str]:
    """Questions answered "don't know" (or not at all) that raise this risk, biggest first."""
    steps = [s for dim in (risk.inherent.likelihood, risk.inherent.consequence)
             for s in dim.steps if s.kind == "unknown"]
    order: dict[str, int] = {}
    for s in steps:
        order[s.source] = order.get(s.source, 0) + s.delta
    return sorted(order, key=lambda q: (-order[q], q))


def stop_measure(
    questionnaire: Questionnaire,
    risks: Sequence[RiskResult],
    prohibited_by: Iterable[str],
    assessed: dt.date | None,
) -> Measure:
    """AI Act Art. 5: the one measure for a prohibited practice known to be planned."""
    matrix = questionnaire.matrix
    top = matrix.levels[-1].id
    return Measure(
        "STOP-aiact.prohibited",
        pgettext(
            "treatment plan",
            "Do not use the system for the prohibited practice (AI Act Art. 5). No other "
            "measure makes that use lawful; a changed design is a new assessment.",
        ),
        tuple(r.id for r in risks if matrix.rank(r.residual.level) >= matrix.rank(
            matrix.prior_consultation_from)) or tuple(r.id for r in risks),
        "department_head",
        assessed,
        top,
        ",".join(sorted(set(prohibited_by))) or "aiact.prohibited",
    )


def drivers(questionnaire: Questionnaire, risks: Sequence[RiskResult], overall: str,
            values: Mapping[str, Any]) -> tuple[Driver, ...]:
    """The answers that raise the risks at the overall level, "don't know" first, then the
    largest raise; one entry per question."""
    matrix = questionnaire.matrix
    found: dict[str, tuple[int, Driver]] = {}
    for risk in risks:
        if matrix.rank(risk.residual.level) != matrix.rank(overall):
            continue
        for dim in (risk.inherent.likelihood, risk.inherent.consequence):
            for s in dim.steps:
                if s.kind not in ("unknown", "raises"):
                    continue
                weight = s.delta + (100 if s.kind == "unknown" else 0)
                if s.source not in found or found[s.source][0] < weight:
                    found[s.source] = (
                        weight,
                        Driver(s.source, values.get(s.source), risk.id, s.kind == "unknown"),
                    )
    ranked = sorted(found.values(), key=lambda x: (-x[0], x[1].question))
    return tuple(d for _w, d in ranked[:DRIVERS])


def practice_mitigations(q: Question) -> dict[str, Any]:
    """What a practice lowers once in place: its own mitigates, or the largest of its in-place
    choices' (a partial practice lowers less)."""
    assert q.practice is not None
    result = dict(q.practice.mitigates)
    for c in q.choices:
        if str(c.value) in {str(v) for v in q.practice.in_place} and c.mitigates:
            result.update(c.mitigates)
    return result
