"""The archival PDF: what the CISO files in the risk register.

Three steps, kept apart so each can be tested alone:

* ``build_context`` turns questionnaire + answers + result into plain data for the template:
  every string already translated (riskkit.i18n.content, riskkit.i18n.labels, gettext) and every date
  and number formatted with Babel. Pure: no files, no WeasyPrint.
* ``render_html`` lays that data out with Jinja2 (``templates/report.html``). Autoescape is on
  for everything and undefined names fail; answers, comments and meta are only ever *values*
  in the context, never part of a template, so ``{{ 7*7 }}`` in a comment stays those
  characters.
* ``render_pdf`` hands the HTML to ``riskkit.pdf.Renderer`` (PDF/A-3b, the only fetcher that
  may read files, reproducible bytes), with ``assessment.json`` attached.

The assessment date (``meta.date`` at 12:00 UTC, or ``UNDATED`` when there is none) dates the
document, never the clock, so the same inputs give the same bytes in any process.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from riskkit import __version__, i18n
from riskkit.core import answers as answers_mod
from riskkit.core.answers import Answers
from riskkit.core.model import Matrix, Questionnaire
from riskkit.core.result import Dimension, Rating, Result, RiskResult, Step
from riskkit.core.values import DONT_KNOW
from riskkit.errors import RiskkitError
from riskkit.i18n import content, labels, npgettext, pgettext
from riskkit.tui import summary as summary_mod

FORMAT = "riskkit-assessment"
FORMAT_VERSION = 1
TEMPLATE = "report.html"
STYLESHEET = "report.css"
#: The date of a document whose answers carry no ``meta.date``: fixed, so that an undated
#: assessment still gives the same bytes every time (and is visibly undated on the cover).
UNDATED = dt.datetime(2000, 1, 1, 12, 0, tzinfo=dt.UTC)
TOP_RISKS = 5
FIRST_MEASURES = 5
SUMMARY_REASONS = 3
#: Answers named on the summary as driving the overall level; the rest are counted, and all
#: are in "Answers and what they did".

REGISTER_COLUMNS = (
    "assessment_id", "system", "department", "risk_id", "title", "owner",
    "inherent_likelihood", "inherent_consequence", "inherent_level",
    "residual_likelihood", "residual_consequence", "residual_level",
    "treatment", "measures", "due_date", "status", "next_review", "pdf_sha256",
)


# --- the embedded assessment ------------------------------------------------------------------


def assessment_document(questionnaire: Questionnaire, answers: Answers,
                        result: Result) -> dict[str, Any]:
    """The content of ``assessment.json``: what went in, what came out, and with what."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "riskkit": __version__,
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version,
                          "hash": questionnaire.content_hash},
        # The verdicts' dates come from this file; a legislative change edits it, so verify
        # must know which one a PDF was judged with (riskkit 0.3.0 and later record it).
        "ai_act_dates": _dates_record(),
        "answers": answers_mod.to_data(questionnaire, answers),
        "result": result.to_dict(),
    }


def _dates_record() -> dict[str, str]:
    from riskkit.core import aiact_dates

    dates = aiact_dates.load()
    return {"version": dates.version, "hash": dates.content_hash}


def assessment_json(document: Mapping[str, Any]) -> bytes:
    """The document serialised the one deterministic way riskkit writes it."""
    return (json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8")


def answers_from_document(document: Mapping[str, Any], questionnaire: Questionnaire,
                          source: str = "assessment.json") -> Answers:
    """The Answers an embedded assessment was made from, checked against ``questionnaire``.

    Raises ProblemsError when the answers do not fit it.
    """
    from riskkit.load import yamlio

    data = document.get("answers")
    if not isinstance(data, Mapping):
        raise RiskkitError(pgettext("report error", "{file} holds no answers.").format(
            file=source))
    return answers_mod.loads(yamlio.dump(dict(data)), source, questionnaire).answers


def answers_file_text(document: Mapping[str, Any]) -> str:
    """An answers file (YAML) with exactly the embedded answers, comments and meta."""
    from riskkit.load import yamlio

    data = document.get("answers")
    if not isinstance(data, Mapping):
        raise RiskkitError(pgettext("report error", "{file} holds no answers.").format(
            file="assessment.json"))
    header = ("# riskkit answers file, extracted from an archived PDF. "
              "`riskkit score` checks it.\n")
    return header + yamlio.dump(dict(data))


def document_date(answers: Answers) -> dt.datetime:
    """When the document is dated: the assessment date at noon UTC, never the clock."""
    day = answers.meta.date
    if day is None:
        return UNDATED
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC)


def next_review(questionnaire: Questionnaire, answers: Answers) -> dt.date | None:
    """``meta.next_review``, else the assessment date plus the matrix's review period."""
    if answers.meta.next_review:
        return answers.meta.next_review
    if answers.meta.date:
        return _add_months(answers.meta.date, questionnaire.matrix.review_months)
    return None


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


# --- language --------------------------------------------------------------------------------


def resolve_render_language(lang: str | None, answers: Answers) -> tuple[str, list[str]]:
    """The language to render in: ``lang``, else the answers file's; and notices to show.

    An explicit ``lang`` without a catalog is an error (``i18n.UnknownLanguage``); an answers
    file asking for a language without a catalog renders in English, with a notice.
    """
    if lang:
        return i18n.resolve_language(lang, {}) or i18n.SOURCE_LANGUAGE, []
    wanted = answers.language or i18n.SOURCE_LANGUAGE
    code = i18n.normalize_language(wanted)
    if code is None:
        return i18n.SOURCE_LANGUAGE, [pgettext(
            "render notice", "The answers file asks for language “{code}”, which has no "
            "catalog; the report is in English. Use --lang to choose another.").format(
            code=wanted)]
    return code, []


def pdf_language_tag(code: str) -> str:
    """``nb`` -> ``nb``, ``pt_BR`` -> ``pt-BR`` (BCP 47, as PDF /Lang wants)."""
    return code.replace("_", "-")


def language_from_tag(tag: str | None) -> str | None:
    return tag.replace("-", "_") if tag else None


# --- small formatting helpers ------------------------------------------------------------------


def _hex_to_rgb(colour: str) -> tuple[float, float, float]:
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return (0.5, 0.5, 0.5)


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG contrast)."""
    lum = _luminance(colour)
    on_white = (1.05) / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#1b1b1b"


def tint(colour: str, share: float) -> str:
    """``colour`` mixed with white: ``share`` of the colour, the rest white."""
    r, g, b = _hex_to_rgb(colour)
    mixed = [round(255 * (c * share + (1 - share))) for c in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mixed)


_SAFE_CSS = re.compile(r"[A-Za-z0-9 ]")


def css_string(text: str) -> Any:
    """``text`` as a CSS string literal in which every other character is a hex escape.

    Used for the page header and footer (margin boxes take their text from CSS). Whatever
    ``text`` holds (quotes, ``</style>``, backslashes, newlines), the result is letters,
    digits, spaces and escapes inside double quotes, so it cannot end the string or the
    style element.
    """
    from markupsafe import Markup

    out = []
    for ch in str(text):
        if _SAFE_CSS.fullmatch(ch):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x} ")
    return Markup('"' + "".join(out) + '"')


def _shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return (cut or text[:limit - 1]) + "…"


def _citations(refs: Iterable[str]) -> list[str]:
    """Legal references with the instrument's name in the active language."""
    cite = getattr(content, "citation", None)
    return [cite(r) if cite else r for r in refs]


_NIST_PREFIX = "NIST AI RMF "


def _references(refs: Iterable[str], nist: Iterable[str]) -> list[str]:
    """A question's legal references, then its NIST AI RMF categories, each once.

    The questionnaire names many categories twice, as a reference ("NIST AI RMF MAP 2.1")
    and in ``nist`` ("MAP 2.1"); the report lists them once, the framework named before
    the first: "GDPR Art. 5(1)(b), NIST AI RMF MAP 2.2, MAP 3.3".
    """
    refs = list(refs)
    legal = [r for r in refs if not r.startswith(_NIST_PREFIX)]
    categories = list(dict.fromkeys(
        [r[len(_NIST_PREFIX):] for r in refs if r.startswith(_NIST_PREFIX)] + list(nist)))
    named = [_NIST_PREFIX + c if i == 0 else c for i, c in enumerate(categories)]
    return _citations(dict.fromkeys(legal)) + named


def _capitalised(text: str) -> str:
    """"valid and reliable" -> "Valid and reliable", for a label that starts a table cell."""
    return text[:1].upper() + text[1:]


def _question_order(number: str) -> list[int]:
    return [int(p) if p.isdigit() else 0 for p in number.split(".")]


def _number(value: float) -> str:
    return i18n.format_number(value)


def _date(value: dt.date | None) -> str:
    return i18n.format_date(value) if value else ""


# --- headings ----------------------------------------------------------------------------------


def headings(policy: bool = False, fria: bool = False) -> dict[str, str]:
    """The report's section headings, in the order they appear; "Policy conformance" only
    when the assessment was checked against a policy pack, the FRIA only where Art. 27 applies
    (riskkit.fria_report).

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


@dataclass(frozen=True)
class _Numbering:
    """Question numbers as printed: "3.2" is the second question of the third section."""

    by_id: Mapping[str, str]

    @classmethod
    def of(cls, q: Questionnaire) -> _Numbering:
        numbers = {}
        for s_index, section in enumerate(q.sections, 1):
            for q_index, question in enumerate(section.questions, 1):
                numbers[question.id] = f"{s_index}.{q_index}"
        return cls(numbers)

    def __call__(self, qid: str) -> str:
        return self.by_id.get(qid, qid)


_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")


def safe_colour(colour: str) -> str:
    """A ``#rrggbb`` colour for CSS and SVG; anything else becomes a neutral grey."""
    colour = str(colour).strip()
    if not _HEX_COLOUR.fullmatch(colour):
        return "#8a8f98"
    if len(colour) == 4:
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return colour.lower()


def _level(matrix: Matrix, level_id: str) -> dict[str, Any]:
    level = matrix.level_by_id(level_id)
    rank = matrix.rank(level.id)
    colour = safe_colour(level.colour)
    return {"id": level.id, "label": content.level_label(matrix, level.id),
            "colour": colour, "text": text_colour_on(colour), "rank": rank,
            "cls": f"lv-{rank}", "tint_cls": f"lt-{rank}", "dot_cls": f"ld-{rank}"}


def _level_styles(matrix: Matrix) -> list[dict[str, str]]:
    """One CSS class per level (badge colours, tinted matrix cells), written once per PDF
    instead of a style attribute on every badge."""
    out = []
    for rank, level in enumerate(matrix.levels):
        colour = safe_colour(level.colour)
        out.append({"cls": f"lv-{rank}", "tint_cls": f"lt-{rank}", "dot_cls": f"ld-{rank}",
                    "bg": colour,
                    "fg": text_colour_on(colour), "tint": tint(colour, 0.55)})
    return out


def _rating(matrix: Matrix, rating: Rating) -> dict[str, Any]:
    return {"likelihood": rating.likelihood.value, "consequence": rating.consequence.value,
            "score": rating.score, "level": _level(matrix, rating.level),
            "formula": pgettext("likelihood × consequence = score", "{l} × {c} = {s}").format(
                l=_number(rating.likelihood.value), c=_number(rating.consequence.value),
                s=_number(rating.score))}


def _answer_label(q: Questionnaire, qid: str, value: Any) -> str:
    question = q.by_id.get(qid)
    if question is None:
        return str(value)
    if value is None or value == "":
        return pgettext("answer", "not answered")
    return content.answer_text(question, value)


def _answer_shown(question: Any, value: Any) -> str:
    """An answer as the report prints it; a scale step with what the scale's ends mean."""
    if value in (None, ""):
        return pgettext("answer", "not answered")
    if question.type == "date" and value != DONT_KNOW:
        day = _as_date(value)
        if day is not None:
            return i18n.format_date(day)
    text = content.answer_text(question, value)
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


def _step_text(q: Questionnaire, numbering: _Numbering, step: Step) -> str:
    """One step of a trace, e.g. "+2 from 5.1 (No)"."""
    amount = f"{step.delta:+d}".replace("-", "−")
    if step.kind == "clamp":
        return pgettext("trace", "{amount} to stay on the scale").format(amount=amount)
    answer = _shortened(_answer_label(q, step.source, step.value), 48)
    if step.kind == "unknown":
        return pgettext("trace", "{amount} from {question} ({answer}: counted as the worst "
                        "answer)").format(amount=amount, question=numbering(step.source),
                                          answer=answer)
    return pgettext("trace", "{amount} from {question} ({answer})").format(
        amount=amount, question=numbering(step.source), answer=answer)


def _trace_line(q: Questionnaire, numbering: _Numbering, label: str, dim: Dimension,
                start_label: str) -> dict[str, Any]:
    start = dim.steps[0].delta if dim.steps else dim.value
    moves = [_step_text(q, numbering, s) for s in dim.steps[1:]]
    return {"label": label, "start": pgettext("trace", "{start_label} {value}").format(
        start_label=start_label, value=_number(start)), "moves": moves,
        "value": _number(dim.value), "moved": bool(moves),
        "questions": sorted({s.source for s in dim.steps[1:] if s.source in q.by_id},
                            key=lambda qid: [int(p) for p in numbering(qid).split(".")
                                             if p.isdigit()])}


def _risk_trace(q: Questionnaire, numbering: _Numbering, risk: RiskResult) -> list[dict]:
    likelihood = pgettext("risk dimension", "Likelihood")
    consequence = pgettext("risk dimension", "Consequence")
    base = pgettext("trace", "starting point")
    inherent = pgettext("trace", "inherent")
    return [
        {"phase": pgettext("trace phase", "Inherent risk"), "lines": [
            _trace_line(q, numbering, likelihood, risk.inherent.likelihood, base),
            _trace_line(q, numbering, consequence, risk.inherent.consequence, base)]},
        {"phase": pgettext("trace phase", "After measures in place"), "lines": [
            _trace_line(q, numbering, likelihood, risk.residual.likelihood, inherent),
            _trace_line(q, numbering, consequence, risk.residual.consequence, inherent)]},
    ]


def _ranked(matrix: Matrix, risks: Iterable[RiskResult], order: Mapping[str, int]) -> list:
    return sorted(risks, key=lambda r: (-matrix.rank(r.residual.level), -r.residual.score,
                                        -matrix.rank(r.inherent.level), -r.inherent.score,
                                        order[r.id]))


def _marker_grid(n: int, longest: int, avail: float) -> tuple[int, int, float, float, float]:
    """``(cols, rows, width, height, font)`` for ``n`` pills in a cell ``avail`` wide: the
    grid whose label font is largest (six "R10"s read better as 2 x 3 than as 3 x 2)."""

    def grid(cols: int) -> tuple[int, int, float, float, float]:
        rows = math.ceil(n / cols)
        width = min(avail / cols - 0.9, 9.0)
        height = min(avail / max(rows, 2) - 0.6, 4.2)
        return cols, rows, width, height, min(height * 0.7, (width - 1.0) / (0.72 * longest))

    return max((grid(cols) for cols in range(1, n + 1)), key=lambda g: round(g[4], 6))


def _markers(cells: Mapping[tuple[int, int], list[str]], size: float) -> list[dict]:
    """Numbered pills laid out inside their cells, small enough to fit however many."""
    out = []
    pad = 0.9
    avail = size - 2 * pad
    for (row, col), numbers in cells.items():
        cols, rows, width, height, font = _marker_grid(
            len(numbers), max(len(x) for x in numbers), avail)
        cell_w, cell_h = avail / cols, avail / max(rows, 2)
        x0 = col * size + pad + (avail - cell_w * cols) / 2
        y0 = row * size + pad + (avail - cell_h * rows) / 2
        for i, number in enumerate(numbers):
            cx = x0 + (i % cols) * cell_w + cell_w / 2
            cy = y0 + (i // cols) * cell_h + cell_h / 2
            out.append({"x": round(cx - width / 2, 2), "y": round(cy - height / 2, 2),
                        "w": round(width, 2), "h": round(height, 2), "cx": round(cx, 2),
                        "ty": round(cy + font * 0.36, 2), "font": round(font, 2),
                        "r": round(min(height / 2, 1.2), 2), "label": number})
    return out


def _heatmap(matrix: Matrix, numbered: Sequence[tuple[str, RiskResult]], phase: str,
             title: str) -> dict[str, Any]:
    size = 15.0
    n_l, n_c = matrix.max_likelihood, matrix.max_consequence
    cells = []
    for li in range(n_l, 0, -1):
        row = n_l - li
        for ci in range(1, n_c + 1):
            level = matrix.level(li, ci)
            cells.append({"x": (ci - 1) * size, "y": row * size, "w": size, "h": size,
                          "fill": tint(safe_colour(level.colour), 0.55),
                          "score": _number(li * ci)})
    placed: dict[tuple[int, int], list[str]] = {}
    for number, risk in numbered:
        rating = getattr(risk, phase)
        key = (n_l - rating.likelihood.value, rating.consequence.value - 1)
        placed.setdefault(key, []).append(number)
    return {
        "title": title, "size": size, "width": n_c * size, "height": n_l * size,
        "cells": cells, "markers": _markers(placed, size),
        "x_ticks": [{"x": (i - 0.5) * size, "label": _number(i)} for i in range(1, n_c + 1)],
        "y_ticks": [{"y": (n_l - i + 0.5) * size, "label": _number(i)}
                    for i in range(1, n_l + 1)],
        "x_label": pgettext("risk dimension", "Consequence"),
        "y_label": pgettext("risk dimension", "Likelihood"),
    }


def _nist_bars(q: Questionnaire, result: Result) -> dict[str, Any]:
    rows = []
    names = [labels.nist_function(name) for name in result.nist.functions]
    # the bold 3.2 mm labels take about 2.4 mm a character; the bar gets what is left
    label_w = max(24.0, 2.4 * max((len(n) for n in names), default=0) + 3)
    width = max(60.0, 170.0 - label_w - 46)
    for index, (name, tally) in enumerate(result.nist.functions.items()):
        asked = tally.asked
        parts = []
        x = 0.0
        for status, count, colour in (("in_place", tally.in_place, "#3f8f4f"),
                                      ("missing", tally.missing, "#b3261e"),
                                      ("unknown", tally.unknown, "#8a8f98")):
            if asked and count:
                w = width * count / asked
                parts.append({"x": round(x, 3), "w": round(w, 3), "colour": colour,
                              "count": _number(count), "label_fits": w >= 6,
                              "text": text_colour_on(colour)})
                x += w
        rows.append({
            "name": labels.nist_function(name), "y": index * 9.0, "parts": parts,
            "asked": asked,
            "summary": (pgettext("NIST function bar", "{in_place} of {asked} in place ({share})")
                        .format(in_place=_number(tally.in_place), asked=_number(asked),
                                share=i18n.format_percent(tally.share))
                        if asked else pgettext("NIST function bar", "no practice asked")),
        })
    return {"rows": rows, "height": len(rows) * 9.0, "width": width, "label_w": label_w,
            "legend": _legend([("#3f8f4f", labels.practice_status("in_place")),
                               ("#b3261e", labels.practice_status("missing")),
                               ("#8a8f98", labels.practice_status("unknown"))])}


def _legend(items: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """Legend entries placed one after the other, each as wide as its label needs."""
    out, x = [], 0.0
    for colour, label in items:
        out.append({"colour": colour, "label": label, "x": x})
        x += max(24.0, 1.9 * len(label) + 10)
    return out


def _verdict(name: str, verdict: Any, numbering: _Numbering, *, status: str | None = None
             ) -> dict[str, Any]:
    status = status or verdict.status
    severity = {
        ("dpia", "required"): "alert", ("dpia", "recommended"): "warn",
        ("art22", "engaged_unlawful"): "alert", ("art22", "engaged_lawful"): "warn",
        ("ai_act", "prohibited"): "alert", ("ai_act", "high_risk"): "alert",
        ("ai_act", "transparency"): "warn", ("prior_consultation", "required"): "alert",
        ("prior_consultation", "unless_measures"): "warn",
        ("fria", "required"): "alert", ("fria", "good_practice"): "warn",
    }.get((name, status), "ok")
    return {
        "key": name, "name": labels.verdict_name(name),
        "status": labels.verdict_status(name, status), "severity": severity,
        "reasons": [{"text": r.text, "refs": _citations(r.refs),
                     "answers": sorted({numbering(a) for a in r.answers},
                                       key=_question_order)}
                    for r in getattr(verdict, "reasons", ())],
        "next_steps": list(getattr(verdict, "next_steps", ())),
    }


@dataclass(frozen=True)
class _Fria:
    status: str
    reasons: tuple
    next_steps: tuple


def _fria(result: Result) -> _Fria:
    from riskkit.core.result import Reason

    ai_act = result.verdicts.ai_act
    required = bool(ai_act.details.get("fria_required"))
    if required:
        reasons = tuple(r for r in ai_act.reasons if any("Art. 27" in ref for ref in r.refs))
        # verdicts put the FRIA first among the AI Act's next steps when it is due
        steps = tuple(ai_act.next_steps[:1]) or (pgettext(
            "FRIA next step", "Carry out a fundamental rights impact assessment before first "
            "use, and notify the market surveillance authority of its results (AI Act "
            "Art. 27)."),)
        # The AI Act does not bind the deployer yet (EEA before incorporation, or only on a
        # significant change): the chip says so instead of "required" (riskkit.core.fria).
        from riskkit.core import fria

        status = ("good_practice" if fria.requirement(result).status == "good_practice"
                  else "required")
        return _Fria(status, reasons, steps)
    return _Fria("not_required", (Reason(pgettext(
        "FRIA reason", "A fundamental rights impact assessment is due when a body governed by "
        "public law, or a private body providing public services, deploys a high-risk AI "
        "system; that is not the case here."), ("AI Act Art. 27(1)",)),), ())


def printed_numbers(questionnaire: Questionnaire,
                    result: Result) -> tuple[dict[str, str], dict[str, str]]:
    """The numbers the PDF prints for each risk (R1, … by rank) and measure (M1, …), in the
    active language, keyed by their stable ids: the register keeps both."""
    order = {r.id: i for i, r in enumerate(questionnaire.risks)}
    ranked = _ranked(questionnaire.matrix, result.risks, order)
    return ({r.id: pgettext("risk number", "R{n}").format(n=i) for i, r in enumerate(ranked, 1)},
            {m.id: pgettext("measure number", "M{n}").format(n=i)
             for i, m in enumerate(result.measures, 1)})


def build_context(questionnaire: Questionnaire, answers: Answers, result: Result, *,
                  lang: str) -> dict[str, Any]:
    """Everything the template shows, translated into the active language and formatted."""
    q = questionnaire
    matrix = q.matrix
    meta = answers.meta
    numbering = _Numbering.of(q)
    catalogue_order = {r.id: i for i, r in enumerate(q.risks)}
    ranked = _ranked(matrix, result.risks, catalogue_order)
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
            "refs": _citations(source.refs), "owner": role(risk.owner),
            "characteristics": [labels.characteristic(c) for c in risk.characteristics],
            "inherent": _rating(matrix, risk.inherent),
            "residual": _rating(matrix, risk.residual),
            "treatment": labels.treatment(risk.treatment),
            "due": _date(due) or dash,
            "status": risk_status_label(risk_status(risk)),
            "measures": [measure_number[m] for m in risk.measures if m in measure_number],
            "trace": _risk_trace(q, numbering, risk),
        })

    policy_refs = ({f"policy:{result.policy.id}.{c.id}": c.ref or c.id
                    for c in result.policy.clauses} if result.policy else {})
    measures = []
    for m in result.measures:
        measures.append({
            "id": m.id, "number": measure_number[m.id], "text": m.text,
            "risks": [{"number": risk_number[r], "title": content.risk_title(q.risk_by_id[r])}
                      for r in m.risks if r in risk_number],
            "owner": role(m.owner), "due": _date(m.due) or dash,
            "status": labels.measure_status(m.status),
            "priority": _level(matrix, m.priority), "question": numbering(m.source),
            "clause": policy_refs.get(m.source, ""),
        })

    v = result.verdicts
    fria = _fria(result)
    verdicts = [_verdict("dpia", v.dpia, numbering), _verdict("art22", v.art22, numbering),
                _verdict("ai_act", v.ai_act, numbering),
                _verdict("fria", fria, numbering, status=fria.status),
                _verdict("prior_consultation", v.prior_consultation, numbering)]

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
                "answer": _answer_shown(question, value),
                "unknown": value in (None, "", DONT_KNOW) and question.closed,
                "free_text": question.type == "text",
                "comment": answers.comments.get(question.id, ""),
                # the legal references; its NIST AI RMF categories are in the NIST profile,
                # which lists the questions of each category
                "refs": _references(question.refs, ()),
                "practice": labels.practice_status(practice) if practice else "",
                "practice_status": practice or "",
                "effects": effects.get(question.id, []),
                "measure": measure_of_question.get(question.id, "")})
        if rows:
            tallies = {s: sum(1 for r in rows if practice_by_q.get(r["id"]) == s)
                       for s in ("in_place", "missing", "unknown")}
            sections.append({"id": section.id, "title": content.section_title(section),
                             "intro": content.section_intro(section), "questions": rows,
                             "tally": _section_tally(tallies, len(rows))})
    not_known = [r["number"] for s in sections for r in s["questions"] if r["unknown"]]

    unanswered = [numbering(qid) for qid in result.unanswered]
    date = _date(meta.date) or pgettext("report", "not dated")
    review = next_review(q, answers)
    overall = _level(matrix, result.overall_level)
    counts = [{"level": _level(matrix, lv.id),
               "count": sum(1 for r in result.risks if r.residual.level == lv.id)}
              for lv in reversed(matrix.levels)]
    title = pgettext("report title", "Risk assessment: {system}").format(
        system=meta.system or dash)
    classification = meta.classification or pgettext("classification", "Internal")
    numbered = [(risk_number[r.id], r) for r in ranked]
    from riskkit import fria_report

    fria_doc = fria_report.context(q, answers, result, numbering, _question_order)
    h = headings(policy=result.policy is not None, fria=fria_doc["applies"])
    return {
        "lang": pdf_language_tag(lang),
        "title": title,
        "level_styles": _level_styles(matrix),
        "h": h,
        "toc": [{"anchor": key, "title": text} for key, text in h.items()],
        "assessment_id": result.assessment_id,
        "classification": classification,
        "header": {
            "left": css_string(result.assessment_id),
            "right": css_string(classification),
            "footer_left": css_string(pgettext("report footer", "{title} · {date}").format(
                title=pgettext("report footer", "Risk assessment"), date=date)),
            "page": _page_of_css(),
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
        "weasyprint_version": _weasyprint_version(),
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
        "heatmaps": [_heatmap(matrix, numbered, "inherent",
                              pgettext("heat map", "Inherent risk (before measures)")),
                     _heatmap(matrix, numbered, "residual",
                              pgettext("heat map", "Residual risk (after measures in place)"))],
        "nist": {
            "bars": _nist_bars(q, result),
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
                 "questions": sorted(
                     (numbering(p.question) for p in result.nist.practices
                      if any(q.nist_category_of(s) is c for s in p.nist)),
                     key=_question_order)}
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


def _drivers(q: Questionnaire, numbering: _Numbering, answers: Answers, result: Result,
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
            "answer": _answer_shown(question, answers.values.get(d.question)),
            "unknown": d.unknown, "risks": [risk_number[d.risk]]})
    return {"risks": [risk_number[r.id] for r in top], "answers": rows}


def risk_status_label(status: str) -> str:
    return {"open": pgettext("risk status", "open: measures proposed"),
            "monitored": pgettext("risk status", "monitored: no measure proposed")}[status]


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
    from riskkit import policy as policy_mod

    found = result.policy
    if found is None:
        return None
    measure_of = {m.source: measure_number.get(m.id, "") for m in result.measures}
    clauses = []
    for clause in found.clauses:
        clauses.append({
            "id": clause.id, "ref": clause.ref or clause.id, "text": clause.text,
            "status": clause.status, "label": policy_mod.status_label(clause.status),
            "reasons": policy_mod.reasons(q, clause),
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
        for phase, rating in (("inherent", risk.inherent), ("residual", risk.residual)):
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
            **_level(matrix, level.id),
            "range": pgettext("score range", "{low}–{high}").format(
                low=_number(low), high=_number(high)),
            "deadline": npgettext("report method", "within {n} day", "within {n} days",
                                  level.deadline_days).format(n=_number(level.deadline_days)),
        })
    grid = []
    for li in range(matrix.max_likelihood, 0, -1):
        grid.append({"likelihood": _number(li), "label": content.likelihood_label(matrix, li),
                     "cells": [{**_level(matrix, matrix.level(li, ci).id),
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


def _page_of_css() -> Any:
    """"Page x of y" as CSS ``content``: the translated words around two page counters."""
    from markupsafe import Markup

    # Translators: the page number in the footer of every page of the PDF.
    text = pgettext("report footer", "Page {page} of {pages}")
    parts: list[str] = []
    for piece in re.split(r"(\{page\}|\{pages\})", text):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts) or "counter(page)")


@cache
def _weasyprint_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("weasyprint")
    except PackageNotFoundError:  # pragma: no cover
        return "?"


# --- Jinja2 ----------------------------------------------------------------------------------


@cache
def environment() -> Any:
    """The report's Jinja2 environment: one per process, templates compiled once.

    Autoescape for every template whatever its name, StrictUndefined so a typo fails the
    render instead of printing nothing, and the i18n extension wired to riskkit's gettext.
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from riskkit.pdf import templates_dir

    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    i18n.jinja_install(env)
    return env


def render_html(questionnaire: Questionnaire, answers: Answers, result: Result, *,
                lang: str) -> str:
    context = build_context(questionnaire, _for_layout(questionnaire, answers), result,
                            lang=lang)
    return environment().get_template(TEMPLATE).render(**context)


def _for_layout(questionnaire: Questionnaire, answers: Answers) -> Answers:
    """The answers as the pages show them: long runs without a space in the free texts
    (meta, text answers, comments) get break opportunities (riskkit.text.breakable), so
    their layout time is linear. The PDF's metadata and attachment keep the texts as
    written."""
    from dataclasses import fields, replace

    from riskkit.text import breakable

    meta = replace(answers.meta, **{
        f.name: breakable(getattr(answers.meta, f.name)) for f in fields(answers.meta)
        if isinstance(getattr(answers.meta, f.name), str)
        and f.name not in ("id", "country", "policy")})
    values = {k: breakable(v) if isinstance(v, str) and k in questionnaire.by_id
              and questionnaire.by_id[k].type == "text" else v
              for k, v in answers.values.items()}
    comments = {k: breakable(v) for k, v in answers.comments.items()}
    return replace(answers, meta=meta, values=values, comments=comments)


def metadata(questionnaire: Questionnaire, answers: Answers, result: Result) -> dict[str, Any]:
    """Title, author, subject and keywords of the PDF, in the active language."""
    matrix = questionnaire.matrix
    meta = answers.meta
    v = result.verdicts
    overall = content.level_label(matrix, result.overall_level)
    keywords = [
        pgettext("PDF keyword", "risk assessment"),
        result.assessment_id,
        pgettext("PDF keyword", "residual risk: {level}").format(level=overall),
        f"{labels.verdict_name('dpia')}: {labels.verdict_status('dpia', v.dpia.status)}",
        f"{labels.verdict_name('art22')}: {labels.verdict_status('art22', v.art22.status)}",
        f"{labels.verdict_name('ai_act')}: {labels.verdict_status('ai_act', v.ai_act.status)}",
        f"{labels.verdict_name('fria')}: " + labels.verdict_status(
            "fria", "required" if v.ai_act.details.get("fria_required") else "not_required"),
        f"{labels.verdict_name('prior_consultation')}: "
        + labels.verdict_status("prior_consultation", v.prior_consultation.status),
        "NIST AI RMF",
    ]
    # The PDF's keyword list is one comma-separated string: commas inside a keyword would
    # split it when read back.
    keywords = [k.replace(",", ";") for k in keywords]
    parts = [p for p in (meta.organisation, meta.department) if p]
    subject = pgettext("PDF subject", "Risk assessment of an AI system before use ({who}); "
                       "questionnaire {id} {version}").format(
        who=", ".join(parts) or "—", id=questionnaire.id, version=questionnaire.version)
    return {
        "title": pgettext("report title", "Risk assessment: {system}").format(
            system=meta.system or "—"),
        "author": meta.assessor,
        "subject": subject,
        "keywords": keywords,
    }


def render_pdf(questionnaire: Questionnaire, answers: Answers, result: Result, *,
               lang: str, renderer: Any = None) -> bytes:
    """The PDF bytes. Call inside ``i18n.using(lang)``, with ``result`` scored there too."""
    renderer = renderer or default_renderer()
    with _gc_paused():
        return _render_pdf(questionnaire, answers, result, lang=lang, renderer=renderer)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Rendering allocates millions of short-lived objects; the cyclic collector walking
    them again and again costs a sixth of the time. It runs once afterwards instead."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _render_pdf(questionnaire: Questionnaire, answers: Answers, result: Result, *,
                lang: str, renderer: Any) -> bytes:
    from riskkit.pdf import templates_dir

    html = render_html(questionnaire, answers, result, lang=lang)
    document = assessment_document(questionnaire, answers, result)
    info = metadata(questionnaire, answers, result)
    return renderer.render(
        html,
        base_dir=templates_dir(),
        stylesheets=[templates_dir() / STYLESHEET],
        attachment=assessment_json(document),
        attachment_description=pgettext(
            "attachment description", "The machine-readable assessment: answers, result and "
            "questionnaire (riskkit {version})").format(version=__version__),
        created=document_date(answers),
        lang=pdf_language_tag(lang),
        title=info["title"],
        author=info["author"],
        subject=info["subject"],
        keywords=info["keywords"],
        creator=f"riskkit {__version__}; layout {layout_fingerprint(lang)}",
    )


_LAYOUT = re.compile(r"; layout ([0-9a-f]{12})\b")
_fingerprints: dict[tuple, str] = {}


def layout_fingerprint(lang: str) -> str:
    """What, besides the assessment and the questionnaire, decides a PDF's bytes: riskkit's
    version, the templates, stylesheets and fonts, and the catalog of ``lang``. Written into
    the PDF's creator, so verify can tell a PDF laid out differently from an altered one."""
    from riskkit.i18n import catalog_path
    from riskkit.pdf import templates_dir

    root = templates_dir()
    files = sorted(p for p in root.rglob("*") if p.is_file()
                   and p.suffix.lower() in (".html", ".css", ".ttf", ".otf", ".svg", ".png"))
    catalog = catalog_path(lang)
    if catalog.is_file():
        files.append(catalog)
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    key = (lang, stamp)
    found = _fingerprints.get(key)
    if found is None:
        digest = hashlib.sha256(f"riskkit {__version__}\n".encode())
        for path in files:
            name = path.relative_to(root) if path.is_relative_to(root) else path.name
            digest.update(f"{name}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        found = _fingerprints[key] = digest.hexdigest()[:12]
    return found


def layout_from_creator(creator: str) -> str | None:
    match = _LAYOUT.search(creator or "")
    return match.group(1) if match else None


_renderer: Any = None


def default_renderer() -> Any:
    """One Renderer per process (one fontconfig, the parsed stylesheets), made on first use."""
    global _renderer
    if _renderer is None:
        import atexit

        from riskkit.pdf import Renderer

        _renderer = Renderer()
        atexit.register(_drop_renderer)  # free fontconfig while its library is still loaded
    return _renderer


def _drop_renderer() -> None:
    global _renderer
    _renderer = None


def warm_up(renderer: Any = None) -> Any:
    """Load what every render needs (renderer, stylesheets, compiled template) ahead of time."""
    from riskkit.pdf import templates_dir

    renderer = renderer or default_renderer()
    renderer.stylesheet(templates_dir() / STYLESHEET)
    environment().get_template(TEMPLATE)
    return renderer


# --- from an answers file to a PDF -------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """What one render produced: the file, its bytes' digest, its register rows, notices."""

    output: Path
    sha256: str
    rows: tuple[dict[str, str], ...]
    notices: tuple[str, ...]
    lang: str


def score_in(questionnaire: Questionnaire, answers: Answers, lang: str,
             policy: Any = None) -> Result:
    """Score with the texts of the result (titles, reasons, clauses) in ``lang``."""
    from riskkit.core.scoring import score

    with i18n.using(lang):
        return score(questionnaire, answers, policy)


def refuse_overwrite(output: Path) -> None:
    raise RiskkitError(pgettext(
        "render error", "{file} exists already; riskkit does not overwrite it. Use --force to "
        "replace it, or --output to write elsewhere.").format(file=output))


def render_loaded(questionnaire: Questionnaire, answers: Answers, output_path: Path, *,
                  lang: str, force: bool = False, renderer: Any = None,
                  notices: Sequence[str] = (), policy: Any = None) -> Rendered:
    """Render loaded answers; with ``policy`` (a PolicyPack), checked against it too."""
    output_path = Path(output_path)
    if output_path.exists() and not force:
        refuse_overwrite(output_path)
    with i18n.using(lang):
        from riskkit.core.scoring import score

        result = score(questionnaire, answers, policy)
        pdf = render_pdf(questionnaire, answers, result, lang=lang, renderer=renderer)
        digest = hashlib.sha256(pdf).hexdigest()
        rows = tuple(register_rows(questionnaire, answers, result, digest))
    if output_path.exists() and not force:  # it may have appeared while we rendered
        refuse_overwrite(output_path)
    from riskkit.fileio import write_atomic

    write_atomic(output_path, pdf)
    return Rendered(output_path, digest, rows, tuple(notices), lang)


_questionnaires: dict[tuple, Questionnaire] = {}


def load_questionnaire(path: Path | str | None = None) -> Questionnaire:
    """The questionnaire at ``path`` (default: the shipped one), loaded once per process for
    a batch: it is read again only when a YAML file in its folder changes."""
    from riskkit.load import inputs
    from riskkit.resources import default_questionnaire

    main = Path(path) if path else default_questionnaire()
    try:
        folder = main.resolve().parent
        stamp = tuple(sorted((f.name, f.stat().st_mtime_ns, f.stat().st_size)
                             for f in folder.glob("*.yaml")))
    except OSError:
        return inputs.questionnaire(path)
    key = (str(main.resolve()), str(path), stamp)
    found = _questionnaires.get(key)
    if found is None:
        found = inputs.questionnaire(path)
        if len(_questionnaires) >= 4:
            _questionnaires.clear()
        _questionnaires[key] = found
    return found


def load_answers(answers_path: Path | str, questionnaire_path: Path | str | None = None
                 ) -> tuple[Questionnaire, Answers, list[str]]:
    from riskkit.load import inputs

    q = load_questionnaire(questionnaire_path)
    answers, problems = inputs.answers(answers_path, q)
    return q, answers, [str(p) for p in problems]


def render_file(answers_path: Path | str, output_path: Path | str, *, lang: str | None = None,
                questionnaire_path: Path | str | None = None, force: bool = False,
                renderer: Any = None, policy: str | None = None,
                policy_dirs: Sequence[Path | str] = ()) -> Rendered:
    """Render one answers file; everything the CLI needs to report and to write the register.

    The policy pack is ``policy`` (an id or a path, as ``--policy``), else the answers file's
    ``meta.policy``, an id looked up among the shipped packs and those in ``policy_dirs``
    (``--policies``): a path in the file is never opened.
    """
    from riskkit import policy as policy_mod
    from riskkit.fileio import refuse_special

    output_path = Path(output_path)
    refuse_special(output_path)  # a link or a device: said before the work, never replaced
    if output_path.exists() and not force:
        refuse_overwrite(output_path)  # before the work, not only after it
    q, answers, notices = load_answers(answers_path, questionnaire_path)
    dirs = tuple(Path(d) for d in policy_dirs)
    pack = policy_mod.for_answers(q, answers.meta.policy, answers_path, policy, dirs)
    if pack is not None:
        answers = with_policy_recorded(answers, pack)
    code, more = resolve_render_language(lang, answers)
    return render_loaded(q, answers, output_path, lang=code, force=force, renderer=renderer,
                         notices=[*notices, *more], policy=pack)


def with_policy_recorded(answers: Answers, pack: Any) -> Answers:
    """The answers with ``meta.policy`` naming ``pack`` by its id, the way ``riskkit verify``
    finds it again (by id and the content hash the result records; never by a path)."""
    from dataclasses import replace

    if pack.id == answers.meta.policy:
        return answers
    return replace(answers, meta=replace(answers.meta, policy=pack.id))


def render_answers_file(answers_path: Path | str, output_path: Path | str, *,
                        lang: str | None = None, questionnaire_path: Path | str | None = None,
                        force: bool = False, policy: str | None = None,
                        policy_dirs: Sequence[Path | str] = ()) -> Path:
    """Render the PDF of an answers file to ``output_path`` and return that path.

    The language is ``lang``, else the answers file's own; the policy pack ``policy`` (id or
    path), else the answers file's ``meta.policy``. An existing file is only replaced with
    ``force``. Raises RiskkitError (with a message for a person) on failure.
    """
    return render_file(answers_path, output_path, lang=lang,
                       questionnaire_path=questionnaire_path, force=force,
                       policy=policy, policy_dirs=policy_dirs).output


def example_answers_path() -> Path | None:
    """The richest shipped example (the one answering the most questions), if any."""
    from riskkit.resources import data_dir

    folder = data_dir("examples")
    best: tuple[int, str] | None = None
    found: Path | None = None
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        weight = (text.count("\n"), path.name)
        if best is None or weight > best:
            best, found = weight, path
    return found


def example_answers(questionnaire: Questionnaire) -> Answers:
    """Answers built in code when no example ships: every closed question answered with its
    first value, every third one "don't know", text questions given a sentence."""
    meta = answers_mod.Meta(
        id="RK-EXAMPLE-0001", system=pgettext("example", "Example AI system"),
        organisation=pgettext("example", "Example municipality"), country="NO",
        department=pgettext("example", "Example department"), owner="—", assessor="—",
        date=dt.date(2026, 3, 5), classification="")
    answers = Answers.new(questionnaire, i18n.current_language(), meta)
    effective: dict[str, Any] = {}
    for index, question in enumerate(questionnaire.questions):
        if question.closed:
            values = question.values()
            value: Any = DONT_KNOW if index % 3 == 2 or not values else values[0]
            if question.type == "multi" and value != DONT_KNOW:
                value = [value]
        elif question.type == "date":
            value = "2026-09-01"
        else:
            value = pgettext("example", "An example answer.")
        answers = answers.with_answer(question.id, value)
        effective[question.id] = value
    return answers_mod.prune(questionnaire, answers)


def render_example(lang: str, output: Path | str, *, policy: str | None = None) -> Path:
    """Render the richest shipped example in ``lang`` (answers built in code if none ships),
    checked against the policy pack ``policy`` (id or path) when given."""
    code = i18n.resolve_language(lang, {}) or i18n.SOURCE_LANGUAGE
    output = Path(output)
    path = example_answers_path()
    if path is not None:
        return render_file(path, output, lang=code, force=True, policy=policy).output
    from riskkit import policy as policy_mod
    from riskkit.load import inputs

    q = inputs.questionnaire(None)
    with i18n.using(code):
        answers = example_answers(q)
    pack = policy_mod.resolve(policy, q) if policy else None
    if pack is not None:
        answers = with_policy_recorded(answers, pack)
    return render_loaded(q, answers, output, lang=code, force=True, policy=pack).output


# --- the register row --------------------------------------------------------------------------


def register_rows(questionnaire: Questionnaire, answers: Answers, result: Result,
                  pdf_sha256: str) -> list[dict[str, str]]:
    """One risk-register row per risk, in the report's order, texts in the active language."""
    matrix = questionnaire.matrix
    meta = answers.meta
    measures = {m.id: m for m in result.measures}
    order = {r.id: i for i, r in enumerate(questionnaire.risks)}
    review = next_review(questionnaire, answers)
    rows = []
    for risk in _ranked(matrix, result.risks, order):
        dues = [measures[m].due for m in risk.measures if m in measures and measures[m].due]
        rows.append({
            "assessment_id": result.assessment_id,
            "system": meta.system,
            "department": meta.department,
            "risk_id": risk.id,
            "title": content.risk_title(questionnaire.risk_by_id[risk.id]),
            "owner": content.role_label(questionnaire, risk.owner),
            "inherent_likelihood": str(risk.inherent.likelihood.value),
            "inherent_consequence": str(risk.inherent.consequence.value),
            "inherent_level": content.level_label(matrix, risk.inherent.level),
            "residual_likelihood": str(risk.residual.likelihood.value),
            "residual_consequence": str(risk.residual.consequence.value),
            "residual_level": content.level_label(matrix, risk.residual.level),
            "treatment": labels.treatment(risk.treatment),
            "measures": "; ".join(measures[m].text for m in risk.measures if m in measures),
            "due_date": min(dues).isoformat() if dues else "",
            "status": risk_status_label("open" if risk.measures else "monitored"),
            "next_review": review.isoformat() if review else "",
            "pdf_sha256": pdf_sha256,
        })
    return rows


_FORMULA_AFTER_SEPARATOR = re.compile(r"([;,\t|])(\s*)(?=[=+\-@])")


def csv_cell(value: str) -> str:
    """Text a spreadsheet will not run as a formula: a cell starting with =, +, -, @ (or a
    tab or CR) gets a leading ', and so does each part that would start with one where a
    spreadsheet splits the cell on ",", ";", a tab or "|" (``Chatbot;=1+1`` becomes
    ``Chatbot;'=1+1``)."""
    value = _FORMULA_AFTER_SEPARATOR.sub(r"\1\2'", str(value))
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def register_csv_text(existing: str, rows: Iterable[Mapping[str, str]]) -> str:
    """``existing`` CSV text with ``rows`` appended; the header is written once, first.
    The rows are written as the register's exports write theirs (`register.csv_text`)."""
    from riskkit.register import csv_text

    text = csv_text(rows, REGISTER_COLUMNS)
    if not existing.strip():
        return text
    if not existing.endswith(("\n", "\r")):
        existing += "\r\n"
    return existing + text.split("\r\n", 1)[1]


def check_register_csv(path: Path | str) -> str:
    """The register's current text ("" when new); RiskkitError when it is not a register."""
    from riskkit.fileio import read_text

    path = Path(path)
    existing = read_text(path) if path.exists() else ""
    if existing.strip():
        first = next(csv.reader(io.StringIO(existing)), [])
        if tuple(first) != REGISTER_COLUMNS:
            raise RiskkitError(pgettext(
                "render error", "{file} is not a riskkit register: its first line is not the "
                "expected header ({columns}).").format(file=path,
                                                       columns=",".join(REGISTER_COLUMNS)))
    return existing


def append_register_csv(path: Path | str, rows: Iterable[Mapping[str, str]]) -> None:
    """Append rows to the register CSV at ``path`` (created with its header if missing)."""
    from riskkit.fileio import write_atomic

    existing = check_register_csv(path)
    write_atomic(Path(path), register_csv_text(existing, rows))


__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "REGISTER_COLUMNS",
    "UNDATED",
    "Rendered",
    "answers_file_text",
    "answers_from_document",
    "append_register_csv",
    "assessment_document",
    "assessment_json",
    "build_context",
    "document_date",
    "environment",
    "metadata",
    "register_rows",
    "render_answers_file",
    "render_example",
    "render_file",
    "render_html",
    "render_loaded",
    "render_pdf",
    "score_in",
]
