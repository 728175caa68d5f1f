"""The FRIA pages of the PDF: riskkit.core.fria's document, shaped for templates/fria.html.

Kept out of report.py so the report's layout can change without touching the FRIA, and the
FRIA without touching the report. Answers are referred to by the numbers the appendix prints
(``numbering``), never repeated as an answers list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from riskkit import i18n
from riskkit.core import fria
from riskkit.core.answers import Answers
from riskkit.core.model import Questionnaire
from riskkit.core.result import Result
from riskkit.i18n import content, pgettext
from riskkit.load import authorities

# A statement resting on more answers than this refers to the risk register's trace instead of
# listing them (the risks of harm in (d) rest on dozens).
MAX_NUMBERS = 6


def build(questionnaire: Questionnaire, answers: Answers, result: Result) -> fria.Fria:
    return fria.build(questionnaire, answers, result, authorities.load())


def context(questionnaire: Questionnaire, answers: Answers, result: Result,
            numbering: Callable[[str], str], order: Callable[[str], Any]) -> dict[str, Any]:
    """What templates/fria.html shows; ``applies`` is false when Art. 27 does not apply."""
    doc = build(questionnaire, answers, result)
    req = doc.requirement
    if req.status == "from_date":
        status = pgettext("FRIA status", "binding from {date}; good practice now").format(
            date=i18n.format_date(dt.date.fromisoformat(req.date)))
    else:
        status = {
            "now": pgettext("FRIA status", "required before first use"),
            "good_practice": pgettext("FRIA status", "good practice, not yet required"),
            "not_required": pgettext("FRIA status", "not required"),
        }[req.status]
    if req.status == "not_required":
        return {"applies": False, "status": status, "reason": req.reason}

    def numbers(qids: tuple[str, ...]) -> str:
        if len(qids) > MAX_NUMBERS:
            return pgettext("FRIA", "see the trace in the risk register")
        shown = sorted({numbering(q) for q in qids}, key=order)
        return (pgettext("FRIA", "answers {numbers}").format(numbers=", ".join(shown))
                if shown else "")

    elements = []
    for e in doc.elements:
        elements.append({
            "key": e.key, "title": e.title, "ref": content.citation(e.ref),
            "statements": [{"text": s.text, "answers": numbers(s.answers),
                            "refs": ", ".join(content.citation(r) for r in s.refs)}
                           for s in e.statements],
            "dpia": e.dpia, "complete": not e.gaps,
        })
    meta = answers.meta
    identity = [
        (pgettext("FRIA field", "Deployer"), ", ".join(
            p for p in (meta.organisation, meta.department) if p) or "—"),
        (pgettext("FRIA field", "High-risk AI system"), meta.system or "—"),
        (pgettext("FRIA field", "Assessment"), result.assessment_id),
        (pgettext("FRIA field", "Date"), i18n.format_date(meta.date) if meta.date else "—"),
        (pgettext("FRIA field", "Prepared by"), meta.assessor or "—"),
        (pgettext("FRIA field", "System owner"), meta.owner or "—"),
    ]
    authority = doc.authority
    incomplete = [e.key for e in doc.elements if e.gaps]
    return {
        "applies": True,
        "status": status,
        "reason": req.reason,
        "reason_refs": ", ".join(content.citation(r) for r in req.refs),
        "identity": identity,
        "elements": elements,
        "incomplete": ", ".join(f"({k})" for k in incomplete),
        "summary": doc.summary,
        "authority": fria.authority_text(authority) if authority else "",
        "template_note": fria.template_note(),
        "notification": [{"label": f.label, "value": f.value or "—"}
                         for f in doc.notification if not f.key.startswith("element_")],
        "registration": [{"label": f.label, "value": f.value or "—",
                          "ref": ", ".join(content.citation(r) for r in f.refs)}
                         for f in doc.registration],
    }
