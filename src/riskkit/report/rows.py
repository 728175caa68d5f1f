"""The register rows of a rendered PDF: one row per risk, in the report's order and
language, and the CSV risk register of ``render --register-csv``."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from riskkit.core.answers import Answers
from riskkit.core.model import Questionnaire
from riskkit.core.result import Result
from riskkit.errors import RiskkitError
from riskkit.i18n import content, labels, pgettext
from riskkit.report.context import ranked_risks, risk_status_label
from riskkit.report.language import next_review

#: One row per risk, for the CSV risk register of ``render --register-csv`` and the risks of a
#: register entry (riskkit.register.entry).
RISK_ROW_COLUMNS = (
    "assessment_id", "system", "department", "risk_id", "title", "owner",
    "inherent_likelihood", "inherent_consequence", "inherent_level",
    "residual_likelihood", "residual_consequence", "residual_level",
    "treatment", "measures", "due_date", "status", "next_review", "pdf_sha256",
)

# --- the register row --------------------------------------------------------------------------


def risk_rows(questionnaire: Questionnaire, answers: Answers, result: Result,
                  pdf_sha256: str) -> list[dict[str, str]]:
    """One risk-register row per risk, in the report's order, texts in the active language."""
    matrix = questionnaire.matrix
    meta = answers.meta
    measures = {m.id: m for m in result.measures}
    order = {r.id: i for i, r in enumerate(questionnaire.risks)}
    review = next_review(questionnaire, answers)
    rows = []
    for risk in ranked_risks(matrix, result.risks, order):
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


def risk_csv_text(existing: str, rows: Iterable[Mapping[str, str]]) -> str:
    """``existing`` CSV text with ``rows`` appended; the header is written once, first.
    The rows are written as the register's exports write theirs (`register.csv_text`)."""
    from riskkit.register.export import csv_text

    text = csv_text(rows, RISK_ROW_COLUMNS)
    if not existing.strip():
        return text
    if not existing.endswith(("\n", "\r")):
        existing += "\r\n"
    return existing + text.split("\r\n", 1)[1]


def check_risk_csv(path: Path | str) -> str:
    """The register's current text ("" when new); RiskkitError when it is not a register."""
    from riskkit.fileio import read_text

    path = Path(path)
    existing = read_text(path) if path.exists() else ""
    if existing.strip():
        first = next(csv.reader(io.StringIO(existing)), [])
        if tuple(first) != RISK_ROW_COLUMNS:
            raise RiskkitError(pgettext(
                "render error", "{file} is not a riskkit register: its first line is not the "
                "expected header ({columns}).").format(file=path,
                                                       columns=",".join(RISK_ROW_COLUMNS)))
    return existing


def append_risk_csv(path: Path | str, rows: Iterable[Mapping[str, str]]) -> None:
    """Append rows to the register CSV at ``path`` (created with its header if missing)."""
    from riskkit.fileio import write_atomic

    existing = check_risk_csv(path)
    write_atomic(Path(path), risk_csv_text(existing, rows))
