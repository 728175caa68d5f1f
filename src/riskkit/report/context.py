"""The template context: everything the report shows, translated into the active language
and formatted (riskkit.i18n.content, riskkit.i18n.labels, gettext, Babel). Pure: no files,
no WeasyPrint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from riskkit import __version__, i18n
from riskkit.core.answers import Answers
from riskkit.core.model import Matrix, Questionnaire
from riskkit.core.result import Dimension, Result, RiskResult, Step
from riskkit.core.values import DONT_KNOW
from riskkit.i18n import content, labels, npgettext, pgettext
from riskkit.report.charts import heatmap, nist_bars
from riskkit.report.language import next_review, pdf_language_tag
from riskkit.report.legal import fria_verdict, verdict_view
from riskkit.report.references import (
    Numbering,
    citations,
    grouped_references,
    question_order,
)
from riskkit.report.style import (
    css_string,
    level_styles,
    level_view,
    page_of_css,
    rating_view,
)
from riskkit.tui import summary as summary_mod

TOP_RISKS = 5
FIRST_MEASURES = 5
SUMMARY_REASONS = 3

def _shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return (cut or text[:limit - 1]) + "…"


def _capitalised(text: str) -> str:
    """"valid and reliable" -> "Valid and reliable", for a label that starts a table cell."""
    return text[:1].upper() + text[1:]



def _number(value: float) -> str:
    return i18n.format_number(value)


def _date(value: dt.date | None) -> str:
    return i18n.format_date(value) if value else ""


# --- headings ----------------------------------------------------------------------------------


def headings(policy: bool = False, fria: bool = False) -> dict[str, str]:
    """The report's section headings, in the order they appear; "Policy conformance" only
    when the assessment was checked against a policy pack, the FRIA only where Art. 27 applies
    (riskkit.report.fria).

    The decision comes first (summary, then sign-off), the evidence after it: each answer
    is printed once, in "Answers and what they did", beside its effect on the risks."""
    found = {
        "summary": pgettext("report heading", "Summary"),
        "signoff": pgettext("report heading", "Sign-off"),
        "register": pgettext("report heading", "Risk register"),
        "plan": pgettext("report heading", "Treatment plan"),
        "legal": pgettext("report heading", "What the law requires"),
        "fria": pgettext("report heading", "Fundamental rights impact assessment"),
        "policy": pgettext("report heading", "Policy conformance"),
        "answers": pgettext("report heading", "Answers and what they did"),
        "nist": pgettext("report heading", "NIST AI RMF profile"),
        "method": pgettext("report heading", "Method"),
    }
    if not policy:
        del found["policy"]
    if not fria:
        del found["fria"]
    return found


# --- the template context ----------------------------------------------------------------------


def _answer_label(q: Questionnaire, qid: str, value: Any, country: str) -> str:
    question = q.by_id.get(qid)
    if question is None:
        return str(value)
    if value is None or value == "":
        return pgettext("answer", "not answered")
    return content.answer_text(question, value, country)


def _answer_shown(question: Any, value: Any, country: str) -> str:
    """An answer as the report prints it; a scale step with what the scale's ends mean."""
    if value in (None, ""):
        return pgettext("answer", "not answered")
    if question.type == "date" and value != DONT_KNOW:
        day = _as_date(value)
        if day is not None:
            return i18n.format_date(day)
    text = content.answer_text(question, value, country)
    if question.type == "scale" and question.scale and value != DONT_KNOW:
        low, high = content.scale_labels(question)
        if low or high:
            return pgettext("scale answer", "{value} (on a scale from {min}, {min_label}, to "
                            "{max}, {max_label})").format(
                value=text, min=_number(question.scale.min), min_label=low or "—",
                max=_number(question.scale.max), max_label=high or "—")
    return text


def _as_date(value: Any) -> dt.date | None:
    """A date answer (a date, or an ISO string such as "2026-09-01") as a date; None if it
    is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _step_text(q: Questionnaire, numbering: Numbering, step: Step, country: str) -> str:
    """One step of a trace, e.g. "+2 from 5.1 (No)"."""
    amount = f"{step.delta:+d}".replace("-", "−")
    if step.kind == "clamp":
        return pgettext("trace", "{amount} to stay on the scale").format(amount=amount)
    answer = _shortened(_answer_label(q, step.source, step.value, country), 48)
    if step.kind == "unknown":
        return pgettext("trace", "{amount} from {question} ({answer}: counted as the worst "
                        "answer)").format(amount=amount, question=numbering(step.source),
                                          answer=answer)
    return pgettext("trace", "{amount} from {question} ({answer})").format(
        amount=amount, question=numbering(step.source), answer=answer)


def _trace_line(q: Questionnaire, numbering: Numbering, label: str, dim: Dimension,
                start_label: str, country: str) -> dict[str, Any]:
    start = dim.steps[0].delta if dim.steps else dim.value
    moves = [_step_text(q, numbering, s, country) for s in dim.steps[1:]]
    return {"label": label, "start": pgettext("trace", "{start_label} {value}").format(
        start_label=start_label, value=_number(start)), "moves": moves,
        "value": _number(dim.value), "moved": bool(moves),
        "questions": sorted({s.source for s in dim.steps[1:] if s.source in q.by_id},
                            key=lambda qid: [int(p) for p in numbering(qid).split(".")
                                             if p.isdigit()])}


def _risk_trace(q: Questionnaire, numbering: Numbering, risk: RiskResult,
                country: str) -> list[dict]:
    likelihood = pgettext("risk dimension", "Likelihood")
    consequence = pgettext("risk dimension", "Consequence")
    base = pgettext("trace", "starting point")
    inherent = pgettext("trace", "inherent")
    return [
        {"phase": pgettext("trace phase", "Inherent risk"), "lines": [
            _trace_line(q, numbering, likelihood, risk.inherent.likelihood, base, country),
            _trace_line(q, numbering, consequence, risk.inherent.consequence, base, country)]},
        {"phase": pgettext("trace phase", "After measures in place"), "lines": [
            _trace_line(q, numbering, likelihood, risk.residual.likelihood, inherent, country),
            _trace_line(q, numbering, consequence, risk.residual.consequence, inherent, country)]},
    ]


def ranked_risks(matrix: Matrix, risks: Iterable[RiskResult], order: Mapping[str, int]) -> list:
    return sorted(risks, key=lambda r: (-matrix.rank(r.residual.level), -r.residual.score,
                                        -matrix.rank(r.inherent.level), -r.inherent.score,
                                        order[r.id]))

def printed_numbers(questionnaire: Questionnaire,
                    result: Result) -> tuple[dict[str, str], dict[str, str]]:
    """The numbers the PDF prints for each risk (R1, … by rank) and measure (M1, …), in the
    active language, keyed by their stable ids: the register keeps both."""
    order = {r.id: i for i, r in enumerate(questionnaire.risks)}
    ranked = ranked_risks(questionnaire.matrix, result.risks, order)
    return ({r.id: pgettext("risk number", "R{n}").format(n=i) for i, r in enumerate(ranked, 1)},
            {m.id: pgettext("measure number", "M{n}").format(n=i)
             for i, m in enumerate(result.measures, 1)})


def build_context(questionnaire: Questionnaire, answers: Answers, result: Result, *,
                  lang: str) -> dict[str, Any]:
    """Everything the template shows, translated into the active language and formatted."""
    q = questionnaire
    matrix = q.matrix
    meta = answers.meta
    numbering = Numbering.of(q)
    catalogue_order = {r.id: i for i, r in enumerate(q.risks)}
    ranked = ranked_risks(matrix, result.risks, catalogue_order)
    risk_number, measure_number = printed_numbers(q, result)
    measures_by_id = {m.id: m for m in result.measures}
    dash = "—"

    def role(role_id: str) -> str:
        return content.role_label(q, role_id)

    def risk_due(risk: RiskResult) -> dt.date | None:
        dues = [measures_by_id[m].due for m in risk.measures
                if m in measures_by_id and measures_by_id[m].due]
        return min(dues) if dues else None

    def risk_status(risk: RiskResult) -> str:
        return "open" if risk.measures else "monitored"

    risks = []
    for risk in ranked:
        source = q.risk_by_id[risk.id]
        due = risk_due(risk)
        risks.append({
            "id": risk.id, "number": risk_number[risk.id],
            "title": content.risk_title(source),
            "description": content.risk_description(source),
            "refs": citations(source.refs_in(answers.meta.country)), "owner": role(risk.owner),
            "characteristics": [labels.characteristic(c) for c in risk.characteristics],
            "inherent": rating_view(matrix, risk.inherent),
            "residual": rating_view(matrix, risk.residual),
            "treatment": labels.treatment(risk.treatment),
            "due": _date(due) or dash,
            "status": risk_status_label(risk_status(risk)),
            "measures": [measure_number[m] for m in risk.measures if m in measure_number],
            "trace": _risk_trace(q, numbering, risk, answers.meta.country),
        })

    policy_refs = ({f"policy:{result.policy.id}.{c.id}": c.ref or c.id
                    for c in result.policy.clauses} if result.policy else {})
    measures = []
    for m in result.measures:
        measures.append({
            "id": m.id, "number": measure_number[m.id], "text": m.text,
            # by number: the register, a page before, gives each risk's title and measures
            "risks": [risk_number[r] for r in m.risks if r in risk_number],
            "owner": role(m.owner), "due": _date(m.due) or dash,
            "status": labels.measure_status(m.status),
            "priority": level_view(matrix, m.priority), "question": numbering(m.source),
            "clause": policy_refs.get(m.source, ""),
        })

    v = result.verdicts
    fria = fria_verdict(result)
    verdicts = [verdict_view("dpia", v.dpia, numbering), verdict_view("art22", v.art22, numbering),
                verdict_view("ai_act", v.ai_act, numbering),
                verdict_view("fria", fria, numbering, status=fria.status),
                verdict_view("prior_consultation", v.prior_consultation, numbering)]

    effects = _effects_by_question(q, result, risk_number)
    practice_by_q = {p.question: p.status for p in result.nist.practices}
    asked = set(result.asked)
    measure_of_question = {m.source: measure_number[m.id] for m in reversed(result.measures)}
    sections = []
    for section in q.sections:
        rows = []
        for question in section.questions:
            if question.id not in asked:
                continue
            value = answers.values.get(question.id)
            practice = practice_by_q.get(question.id)
            # each answer once: the question, the answer and comment, and beside them what
            # the answer did (practice status, measure, moves of likelihood and consequence)
            rows.append({
                "number": numbering(question.id), "id": question.id,
                "text": content.question_text(question),
                "answer": _answer_shown(question, value, answers.meta.country),
                "unknown": value == DONT_KNOW or (value in (None, "") and question.closed),
                "free_text": question.type == "text",
                "comment": answers.comments.get(question.id, ""),
                "practice": labels.practice_status(practice) if practice else "",
                "practice_status": practice or "",
                "effects": effects.get(question.id, []),
                "measure": measure_of_question.get(question.id, "")})
        if rows:
            tallies = {s: sum(1 for r in rows if practice_by_q.get(r["id"]) == s)
                       for s in ("in_place", "missing", "unknown")}
            # the legal references once for the section, not under every answer
            refs = [r for question in section.questions if question.id in asked
                    for r in question.refs_in(answers.meta.country)]
            sections.append({"id": section.id, "title": content.section_title(section),
                             "intro": content.section_intro(section, answers.meta.country),
                             "questions": rows,
                             "tally": _section_tally(tallies, len(rows)),
                             "refs": grouped_references(refs)})
    not_known = [r["number"] for s in sections for r in s["questions"] if r["unknown"]]

    unanswered = [numbering(qid) for qid in result.unanswered]
    date = _date(meta.date) or pgettext("report", "not dated")
    review = next_review(q, answers)
    overall = level_view(matrix, result.overall_level)
    counts = [{"level": level_view(matrix, lv.id),
               "count": sum(1 for r in result.risks if r.residual.level == lv.id)}
              for lv in reversed(matrix.levels)]
    title = pgettext("report title", "Risk assessment: {system}").format(
        system=meta.system or dash)
    classification = meta.classification or pgettext("classification", "Internal")
    numbered = [(risk_number[r.id], r) for r in ranked]
    from riskkit.report import fria as fria_report

    fria_doc = fria_report.context(q, answers, result, numbering, question_order)
    h = headings(policy=result.policy is not None, fria=fria_doc["applies"])
    return {
        "lang": pdf_language_tag(lang),
        "title": title,
        "level_styles": level_styles(matrix),
        "h": h,
        "toc": [{"anchor": key, "title": text} for key, text in h.items()],
        "assessment_id": result.assessment_id,
        "classification": classification,
        "header": {
            "left": css_string(result.assessment_id),
            "right": css_string(classification),
            "footer_left": css_string(pgettext("report footer", "{title} · {date}").format(
                title=pgettext("report footer", "Risk assessment"), date=date)),
            "page": page_of_css(),
        },
        "meta": {
            "system": meta.system or dash, "description": meta.description,
            "organisation": meta.organisation, "department": meta.department or dash,
            "owner": meta.owner or dash, "assessor": meta.assessor or dash,
            "country": meta.country, "date": date, "next_review": _date(review) or dash,
        },
        "questionnaire": {
            "title": content.questionnaire_title(q), "id": q.id, "version": q.version,
            "hash": q.content_hash, "questions": _number(len(q.questions)),
            "asked": _number(len(result.asked)),
        },
        "fria": fria_doc,
        "riskkit_version": __version__,
        "weasyprint_version": weasyprint_version(),
        "overall": overall,
        "level_counts": counts,
        "verdicts": verdicts,
        "summary_reasons": SUMMARY_REASONS,
        "top_risks": risks[:TOP_RISKS],
        "first_measures": measures[:FIRST_MEASURES],
        "measure_count": len(measures),
        "measure_count_text": npgettext(
            "report summary", "{n} proposed measure", "{n} proposed measures", len(measures)
        ).format(n=_number(len(measures))),
        "unanswered": unanswered,
        "unanswered_text": npgettext(
            "report summary",
            "{n} question is not answered; it counts as “don't know”.",
            "{n} questions are not answered; they count as “don't know”.",
            len(unanswered)).format(n=_number(len(unanswered))) if unanswered else "",
        "go_live_note": summary_mod.go_live_note(result),
        "inconsistencies": [
            {"text": i.text, "questions": [numbering(qid) for qid in i.questions]}
            for i in result.inconsistencies
        ],
        "risks": risks,
        "drivers": _drivers(q, numbering, answers, result, ranked, risk_number),
        "not_known": not_known,
        "not_known_text": npgettext(
            "report summary",
            "{n} answer is “don't know” and counts as the worst answer: question {numbers}.",
            "{n} answers are “don't know” and count as the worst answer: questions "
            "{numbers}.", len(not_known)).format(
            n=_number(len(not_known)), numbers=", ".join(not_known)) if not_known else "",
        "heatmaps": [heatmap(matrix, numbered, "inherent",
                              pgettext("heat map", "Inherent risk (before measures)")),
                     heatmap(matrix, numbered, "residual",
                              pgettext("heat map", "Residual risk (after measures in place)"))],
        "nist": {
            "bars": nist_bars(q, result),
            "characteristics": [
                {"name": _capitalised(labels.characteristic(name)), "in_place": _number(t.in_place),
                 "missing": _number(t.missing), "unknown": _number(t.unknown),
                 "share": i18n.format_percent(t.share) if t.asked else dash}
                for name, t in result.nist.characteristics.items()],
            "categories": [
                {"id": c.id, "title": content.nist_title(c),
                 "in_place": _number(result.nist.categories[c.id].in_place),
                 "missing": _number(result.nist.categories[c.id].missing),
                 "unknown": _number(result.nist.categories[c.id].unknown),
                 "tally": _practice_tally(result.nist.categories[c.id]),
                 # only the questions still to act on: a category's in-place practices
                 # need no pointer, and the full lists made the table a page long
                 "open": sorted(
                     (numbering(p.question) for p in result.nist.practices
                      if p.status != "in_place"
                      and any(q.nist_category_of(s) is c for s in p.nist)),
                     key=question_order)}
                for c in q.nist
                if c.id in result.nist.categories and result.nist.categories[c.id].asked],
        },
        "measures": measures,
        "sections": sections,
        "signoff": [
            {"role": pgettext("sign-off role", "Assessor"), "name": meta.assessor},
            {"role": pgettext("sign-off role", "Head of department"), "name": ""},
            {"role": pgettext("sign-off role", "Chief information security officer (CISO)"),
             "name": ""},
            {"role": pgettext("sign-off role", "Data protection officer (DPO)"), "name": ""},
        ],
        "method": _method(q),
        "policy": _policy_section(q, result, measure_number),
    }


def _drivers(q: Questionnaire, numbering: Numbering, answers: Answers, result: Result,
             ranked: Sequence[RiskResult], risk_number: Mapping[str, str]) -> dict[str, Any]:
    """The answers behind the overall level, as the scoring found them (`Result.drivers`:
    "don't know" first, then the largest raise), with the risks at that level.

    A reader who disagrees with the level sees on the summary which answers to revisit; a
    "don't know" among them is marked, since finding out may lower the level."""
    top = [r for r in ranked if r.residual.level == result.overall_level]
    rows = []
    for d in result.drivers:
        question = q.by_id[d.question]
        rows.append({
            "number": numbering(d.question), "text": content.question_text(question),
            "answer": _answer_shown(question, answers.values.get(d.question),
                                    answers.meta.country),
            "unknown": d.unknown, "risks": [risk_number[d.risk]]})
    return {"risks": [risk_number[r.id] for r in top], "answers": rows}


def risk_status_label(status: str) -> str:
    return {"open": pgettext("risk status", "open: measures proposed"),
            "monitored": pgettext("risk status", "monitored: no measure proposed")}[status]


def _practice_tally(tally: Any) -> str:
    """"9 practices in place · 1 practice missing": the counts that are not zero."""
    counts = {"in_place": tally.in_place, "missing": tally.missing, "unknown": tally.unknown}
    return " · ".join(
        npgettext("section tally", "{n} practice {status}", "{n} practices {status}",
                  n).format(n=_number(n), status=labels.practice_status(status))
        for status, n in counts.items() if n)


def _section_tally(tallies: Mapping[str, int], asked: int) -> str:
    parts = [npgettext("section tally", "{n} question asked", "{n} questions asked",
                       asked).format(n=_number(asked))]
    for status in ("in_place", "missing", "unknown"):
        if tallies[status]:
            parts.append(npgettext(
                "section tally", "{n} practice {status}", "{n} practices {status}",
                tallies[status]).format(n=_number(tallies[status]),
                                        status=labels.practice_status(status)))
    return " · ".join(parts)


def _policy_section(q: Questionnaire, result: Result,
                    measure_number: Mapping[str, str]) -> dict[str, Any] | None:
    """The policy conformance section: each clause with its status (its mark's colour is in
    report.css: met green, not met red, not known amber, not applicable grey) and the answers
    behind it. Texts come from the result, scored in the report's language (policy.clause_text,
    policy.title)."""
    from riskkit.core import policy as policy_mod

    found = result.policy
    if found is None:
        return None
    measure_of = {m.source: measure_number.get(m.id, "") for m in result.measures}
    clauses = []
    for clause in found.clauses:
        clauses.append({
            "id": clause.id, "ref": clause.ref or clause.id, "text": clause.text,
            "status": clause.status, "label": policy_mod.status_label(clause.status),
            "reasons": policy_mod.reasons(q, clause, str(result.meta.get("country") or "")),
            "measure": measure_of.get(f"policy:{found.id}.{clause.id}", ""),
            "strength": clause.strength,
            "strength_label": policy_mod.strength_label(clause.strength),
            "wording": clause.wording,
            "interpretation": clause.interpretation,
        })
    counts = found.counts
    return {
        "title": found.title, "organisation": found.organisation, "source": found.source,
        "id": found.id, "hash": found.hash, "clauses": clauses,
        "counts": pgettext(
            "report policy", "{met} met, {not_met} not met, {unknown} not known, "
            "{na} not applicable ({total} clauses)").format(
            met=_number(counts.get("met", 0)), not_met=_number(counts.get("not_met", 0)),
            unknown=_number(counts.get("unknown", 0)),
            na=_number(counts.get("not_applicable", 0)), total=_number(len(clauses))),
    }


def _effects_by_question(q: Questionnaire, result: Result,
                         risk_number: Mapping[str, str]) -> dict[str, list[str]]:
    """For each question, what its answer did to which risk (from the traces). Risks are
    named by their number (R1, R2, ...): the register beside it gives the titles, and a row
    of titles repeated under every answer made the answers pages twice as long."""
    out: dict[str, dict[tuple[str, str], list[int]]] = {}
    for risk in result.risks:
        for _phase, rating in (("inherent", risk.inherent), ("residual", risk.residual)):
            for dim_name in ("likelihood", "consequence"):
                dim = getattr(rating, dim_name)
                for step in dim.steps[1:]:
                    if step.source not in q.by_id:
                        continue
                    out.setdefault(step.source, {}).setdefault(
                        (risk.id, dim_name), []).append(step.delta)
    texts: dict[str, list[str]] = {}
    for qid, moves in out.items():
        lines = []
        for (rid, dim_name), deltas in moves.items():
            total = sum(deltas)
            if not total:
                continue
            title = risk_number.get(rid, rid)
            amount = f"{total:+d}".replace("-", "−")
            if dim_name == "likelihood":
                text = pgettext("finding effect", "{risk}: likelihood {amount}")
            else:
                text = pgettext("finding effect", "{risk}: consequence {amount}")
            lines.append(text.format(risk=title, amount=amount))
        if lines:
            texts[qid] = lines
    return texts


def _method(q: Questionnaire) -> dict[str, Any]:
    matrix = q.matrix
    previous = 0
    levels = []
    for level in matrix.levels:
        low = previous + 1
        high = level.max_score
        previous = level.max_score
        levels.append({
            **level_view(matrix, level.id),
            "range": pgettext("score range", "{low}–{high}").format(
                low=_number(low), high=_number(high)),
            "deadline": npgettext("report method", "within {n} day", "within {n} days",
                                  level.deadline_days).format(n=_number(level.deadline_days)),
        })
    grid = []
    for li in range(matrix.max_likelihood, 0, -1):
        grid.append({"likelihood": _number(li), "label": content.likelihood_label(matrix, li),
                     "cells": [{**level_view(matrix, matrix.level(li, ci).id),
                                "score": _number(li * ci)}
                               for ci in range(1, matrix.max_consequence + 1)]})
    return {
        "likelihood": [{"value": _number(p.value), "label": content.likelihood_label(matrix,
                                                                                    p.value),
                        "description": _matrix_description("likelihood", p)}
                       for p in matrix.likelihood],
        "consequence": [{"value": _number(p.value),
                         "label": content.consequence_label(matrix, p.value),
                         "description": _matrix_description("consequence", p)}
                        for p in matrix.consequence],
        "levels": levels,
        "grid": grid,
        "grid_explicit": bool(matrix.grid),
        "consequence_header": [{"value": _number(p.value),
                                "label": content.consequence_label(matrix, p.value)}
                               for p in matrix.consequence],
        "prior_consultation_from": content.level_label(matrix, matrix.prior_consultation_from),
        "review_months": npgettext("report method", "{n} month", "{n} months",
                                   matrix.review_months).format(
            n=_number(matrix.review_months)),
    }


def _matrix_description(kind: str, point: Any) -> str:
    if not point.description:
        return ""
    return content.matrix_description(kind, point.value, point.description)

@cache
def weasyprint_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("weasyprint")
    except PackageNotFoundError:  # pragma: no cover
        return "?"
