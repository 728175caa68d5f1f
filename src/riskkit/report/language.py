"""The render language and the document's dates: which catalog a PDF is rendered in,
the language tag it carries, and the date it is dated by (never the clock)."""

from __future__ import annotations

import datetime as dt

from riskkit import i18n
from riskkit.core.answers import Answers
from riskkit.core.model import Questionnaire
from riskkit.i18n import pgettext

#: The date of a document whose answers carry no ``meta.date``: fixed, so that an undated
#: assessment still gives the same bytes every time (and is visibly undated on the cover).
UNDATED = dt.datetime(2000, 1, 1, 12, 0, tzinfo=dt.UTC)

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
