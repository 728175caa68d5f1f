"""The short, readable summary of a Result for the terminal (`score`, end of `assess`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from riskkit.core.model import Questionnaire
from riskkit.core.result import Rating, Result
from riskkit.i18n import content, format_date, labels, npgettext, pgettext

TOP_RISKS = 5
FIRST_MEASURES = 5


def _rating(q: Questionnaire, r: Rating) -> str:
    return pgettext("terminal summary", "{level} ({likelihood}×{consequence}={score})").format(
        level=content.level_label(q.matrix, r.level),
        likelihood=r.likelihood.value,
        consequence=r.consequence.value,
        score=r.score,
    )


def driver_texts(q: Questionnaire, result: Result, number: Callable[[str], str] = str) -> list[str]:
    """Why the overall level is what it is: the answers that raise the risks at that level,
    "don't know" first, each naming its question (by `number`, default its id)."""
    out = []
    for d in result.drivers:
        question = q.by_id[d.question]
        if d.unknown:
            out.append(
                pgettext(
                    "level drivers",
                    "{number} “{question}” was answered “Don't know” (or not at all): find out; "
                    "until then the worse answer counts.",
                ).format(number=number(d.question), question=content.question_text(question))
            )
        else:
            out.append(
                pgettext("level drivers", "{number} “{question}”: {answer}.").format(
                    number=number(d.question),
                    question=content.question_text(question),
                    answer=content.answer_text(question, d.value, result.meta.get("country")),
                )
            )
    return out


def go_live_note(result: Result) -> str:
    """The plan's caveat when the go-live date is not known."""
    if result.go_live is not None:
        return ""
    return pgettext(
        "treatment plan",
        "The go-live date is not known: deadlines count from the assessment date, and what is "
        "needed before use must be in place before the system is used.",
    )


def lines(q: Questionnaire, result: Result) -> Iterator[str]:
    meta = result.meta
    yield pgettext("terminal summary", "Assessment {id}: {system}").format(
        id=result.assessment_id, system=meta.get("system") or "—"
    )
    yield pgettext("terminal summary", "Overall residual risk: {level}").format(
        level=content.level_label(q.matrix, result.overall_level)
    )
    drivers = driver_texts(q, result)
    if drivers:
        yield pgettext("terminal summary", "  because of these answers:")
        for text in drivers:
            yield f"  - {text}"
    note = go_live_note(result)
    if note:
        yield f"  {note}"
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
        # When it applies, from the dates the verdict used (Art. 113 as amended, Art. 111(2),
        # EEA status): "required" alone reads as a duty today.
        from riskkit.core import fria

        status = "good_practice" if fria.requirement(result).status == "good_practice" else (
            "required")
        line = f"  {labels.verdict_name('fria')}: {labels.verdict_status('fria', status)}"
        timing = (v.ai_act.details.get("duties") or {}).get("fria")
        yield pgettext("terminal summary", "{line}; {when}").format(
            line=line, when=timing["text"]) if timing else line
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
