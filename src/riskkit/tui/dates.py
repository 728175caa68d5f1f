"""Dates as people type them, read without guessing.

ISO year-month-day (``2027-03-01``) is accepted in every language. Where day.month.year is
how dates are written (``1.3.2027``, ``01.03.2027``: Norwegian, Swedish, Danish, and Finnish
and Icelandic too), that is accepted as well. Anything else that looks like a date
(``1/3/2027``, which is 1 March in Oslo and 3 January in Chicago) is refused with the forms
that are accepted: riskkit never guesses which number is the month. A date that cannot exist
(``31.2.2027``) gets its own message, and every accepted date is echoed in words
(``1. mars 2027``) so a slip shows before it is saved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from riskkit.i18n import babel_locale, current_language, format_date, format_list, pgettext

#: Languages whose speakers write day.month.year.
DAY_MONTH_YEAR = frozenset({"nb", "nn", "no", "sv", "da", "fi", "is"})
#: The date the accepted forms are shown with.
EXAMPLE = dt.date(2027, 3, 1)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_LIKE = re.compile(r"\d+\s*[./\- ]\s*\d+(\s*[./\- ]\s*\d+)?\.?")


class NotADate(ValueError):
    """The typed text is not an accepted date; the message (localized) says why and how."""


def _dotted_accepted(language: str | None = None) -> bool:
    return (language or current_language()).split("_")[0].lower() in DAY_MONTH_YEAR


def forms(language: str | None = None) -> str:
    """The accepted forms, shown with one example date: "1.3.2027, 01.03.2027 or 2027-03-01"."""
    iso = EXAMPLE.isoformat()
    if not _dotted_accepted(language):
        return iso
    d, m, y = EXAMPLE.day, EXAMPLE.month, EXAMPLE.year
    return format_list([f"{d}.{m}.{y}", f"{d:02d}.{m:02d}.{y}", iso], style="or")


def hint(language: str | None = None) -> str:
    """The line under every date field saying how to write a date."""
    if _dotted_accepted(language):
        # Translators: {forms} lists the accepted forms, e.g. "1.3.2027, 01.03.2027 or
        # 2027-03-01".
        return pgettext("date hint", "Write the date as {forms}.").format(forms=forms(language))
    return pgettext(
        "date hint", "Write the date as year-month-day, for example {example}."
    ).format(example=EXAMPLE.isoformat())


def parse(text: str, language: str | None = None) -> dt.date:
    """The date `text` means, or NotADate with the reason and the accepted forms."""
    typed = text.strip()
    numbers = None
    if match := _ISO.fullmatch(typed):
        year, month, day = (int(g) for g in match.groups())
        numbers = year, month, day
    elif _dotted_accepted(language) and (match := _DOTTED.fullmatch(typed)):
        day, month, year = (int(g) for g in match.groups())
        numbers = year, month, day
    if numbers is None:
        if _DATE_LIKE.fullmatch(typed):
            raise NotADate(
                pgettext(
                    "validation",
                    "riskkit does not read a date written as “{text}”: the day and the month "
                    "could be mixed up. Write it as {forms}.",
                ).format(text=typed, forms=forms(language))
            )
        raise NotADate(
            pgettext("validation", "Not a date. Write it as {forms}.").format(
                forms=forms(language)
            )
        )
    year, month, day = numbers
    if not 1 <= month <= 12:
        raise NotADate(
            pgettext(
                "validation", "There is no month {month}: months go from 1 to 12."
            ).format(month=month)
        )
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= days or year < 1:
        month_name = babel_locale().months["stand-alone"]["wide"][month]
        raise NotADate(
            pgettext(
                "validation",
                "That date does not exist: {month} {year} has {days} days.",
            ).format(month=month_name, year=year, days=days)
        )
    return dt.date(year, month, day)


def in_words(text: str, language: str | None = None) -> str:
    """The date typed so far in words ("1. mars 2027"), or "" while it is not one yet."""
    try:
        return format_date(parse(text, language))
    except NotADate:
        return ""


def check(text: str, required: bool = True) -> bool | str:
    """questionary's validator for a date field: True, or the localized reason."""
    if not text.strip():
        return True if not required else pgettext("validation", "Please fill this in.")
    try:
        parse(text)
    except NotADate as exc:
        return str(exc)
    return True
