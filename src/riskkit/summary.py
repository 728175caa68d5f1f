"""The short, readable summary of a Result for the terminal (`score`, end of `assess`)."""

from __future__ import annotations

from typing import Iterator

from riskkit import content, labels
from riskkit.i18n import format_date, pgettext, npgettext
from riskkit.model import Questionnaire
from riskkit.result import Rating, Result

TOP_RISKS = 5
FIRST_MEASURES = 5


def _rating(q: Questionnaire, r: Rating) -> str:
    return pgettext("terminal summary", "{level} ({likelihood}×{consequence}={score})").format(
        level=content.level_label(q.matrix, r.level),
        likelihood=r.likelihood.value,
        consequence=r.consequence.value,
        score=r.score,
    )


def lines(q: Questionnaire, result: Result) -> Iterator[str]:
    meta = result.meta
    yield pgettext("terminal summary", "Assessment {id}: {system}").format(
        id=result.assessment_id, system=meta.get("system") or "—"
    )
    yield pgettext("terminal summary", "Overall residual risk: {level}").format(
        level=content.level_label(q.matrix, result.overall_level)
    )
    if result.inconsistencies:
        yield ""
        yield pgettext("terminal summary", "Answers that contradict each other:")
        for inc in result.inconsistencies:
            yield f"  ⚠ {inc.text} ({', '.join(inc.questions)})"
    yield ""
    yield pgettext("terminal summary", "What the law asks next:")
    v = result.verdicts
    for name, verdict in (
        ("dpia", v.dpia),
        ("art22", v.art22),
        ("ai_act", v.ai_act),
        ("prior_consultation", v.prior_consultation),
    ):
        yield f"  {labels.verdict_name(name)}: {labels.verdict_status(name, verdict.status)}"
        for reason in verdict.reasons[:3]:
            yield f"    - {reason.text}"
    if v.ai_act.details.get("fria_required"):
        yield f"  {labels.verdict_name('fria')}: {labels.verdict_status('fria', 'required')}"
    yield ""
    yield pgettext("terminal summary", "Top risks (inherent → residual):")
    ranked = sorted(
        result.risks, key=lambda r: (-q.matrix.rank(r.residual.level), -r.residual.score, r.id)
    )
    for risk in ranked[:TOP_RISKS]:
        yield f"  {risk.title}: {_rating(q, risk.inherent)} → {_rating(q, risk.residual)}"
    yield ""
    count = len(result.measures)
    if not count:
        yield pgettext(
            "terminal summary", "No measures proposed: every control asked about is in place."
        )
    else:
        yield npgettext(
            "terminal summary",
            "{n} proposed measure; due first:",
            "{n} proposed measures; due first:",
            count,
        ).format(n=count)
    for m in result.measures[:FIRST_MEASURES]:
        due = format_date(m.due) if m.due else "—"
        yield f"  {due}  {m.text}"
    if result.unanswered:
        yield ""
        yield npgettext(
            "terminal summary",
            '{n} question is not answered yet; it counts as "don\'t know".',
            '{n} questions are not answered yet; they count as "don\'t know".',
            len(result.unanswered),
        ).format(n=len(result.unanswered))
