"""Reading `countries` and country parts of questionnaire fields, with file:line problems.

The law of one country (Swedish OSL, CJIS, Wis. Stat., a Norwegian DPIA list item) is shown
only for that country (issue 13, item 7). A questionnaire says so in three ways, all with
the same `countries: [SE, DK]` list of ISO 3166 codes:

* a question or a choice carries `countries` (asked / offered only there);
* `help`, a choice's `label` and a practice's `measure` may be a list of parts, each a
  string (every country) or `{text: ..., countries: [...]}`, joined by a space when shown;
* an entry of `refs` may be `{ref: ..., countries: [...]}`.

Why a list of codes and not the `when` condition language (which can read `country`): a
list is checked here against the real country codes, is what a translator's comment and the
validator can name, and keeps conditions about answers apart from whose law a text is.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Protocol

from riskkit.core.model import Part
from riskkit.i18n import pgettext
from riskkit.load.yamlio import LineDict

# Babel's territory codes include regions and placeholders that are no country.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ"})


class Checker(Protocol):
    """What the questionnaire loader's checker offers: a place to add problems."""

    def add(self, line: int | None, where: str, message: str) -> None: ...


@cache
def _iso_codes() -> frozenset[str]:
    from babel import Locale

    return frozenset(
        str(code) for code in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", str(code))
    ) - _NOT_COUNTRIES


def countries(raw: Any, line: int, where: str, check: Checker) -> frozenset[str]:
    """The `countries` list of a question, choice, part or reference; problems for anything
    that is not a non-empty list of two-letter ISO 3166 codes in capitals."""
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not raw:
        check.add(
            line,
            where,
            pgettext(
                "questionnaire check",
                "`countries` must be a list of country codes, for example [SE] or [NO, DK]",
            ),
        )
        return frozenset()
    found = set()
    for code in raw:
        if not isinstance(code, str) or code not in _iso_codes():
            check.add(
                line,
                where,
                pgettext(
                    "questionnaire check",
                    "`{code}` is not a country code: write the two capital letters of ISO "
                    "3166, for example NO, SE, DK or US",
                ).format(code=code),
            )
        else:
            found.add(code)
    return frozenset(found)


def text_parts(
    data: LineDict, key: str, where: str, check: Checker, required: bool = False
) -> tuple[Part, ...]:
    """A text field written as a string (one part, every country) or as a list of parts.

    A list's parts are translated one by one, under the field ``<key>.<n>`` (1-based).
    """
    value = data.get(key)
    line = data.line_of(key)
    if value is None:
        if required:
            check.add(
                data.line,
                where,
                pgettext("questionnaire check", "field `{field}` is missing").format(field=key),
            )
        return ()
    if isinstance(value, str):
        text = value.strip()
        if required and not text:
            check.add(
                line,
                where,
                pgettext("questionnaire check", "field `{field}` is missing").format(field=key),
            )
        return (Part(text, frozenset(), key),) if text else ()
    if not isinstance(value, list) or not value:
        check.add(line, where, _parts_message(key))
        return ()
    parts, bad = [], False
    for n, item in enumerate(value, start=1):
        if isinstance(item, str) and item.strip():
            parts.append(Part(item.strip(), frozenset(), f"{key}.{n}"))
        elif isinstance(item, LineDict) and set(item) == {"text", "countries"} and isinstance(
            item.get("text"), str
        ) and item["text"].strip():
            found = countries(item.get("countries"), item.line_of("countries"), where, check)
            parts.append(Part(item["text"].strip(), found, f"{key}.{n}"))
        else:
            bad = True
            check.add(item.line if isinstance(item, LineDict) else line, where,
                      _parts_message(key))
    if parts and not bad and all(p.countries for p in parts):
        # Then an assessment in another country would show nothing at all.
        check.add(
            line,
            where,
            pgettext(
                "questionnaire check",
                "every part of `{field}` belongs to some countries: give at least one part "
                "for every country",
            ).format(field=key),
        )
    return tuple(parts)


def _parts_message(key: str) -> str:
    return pgettext(
        "questionnaire check",
        "`{field}` is text, or a list whose parts are text or {{text: ..., countries: [...]}}",
    ).format(field=key)


def references(data: LineDict, key: str, where: str, check: Checker) -> tuple[Part, ...]:
    """A `refs` list: each entry a reference, or `{ref: ..., countries: [...]}`."""
    value = data.get(key, [])
    line = data.line_of(key)
    if not isinstance(value, list):
        check.add(line, where, _refs_message(key))
        return ()
    refs = []
    for item in value:
        if isinstance(item, (str, int)) and not isinstance(item, bool):
            refs.append(Part(str(item)))
        elif isinstance(item, LineDict) and set(item) == {"ref", "countries"} and isinstance(
            item.get("ref"), str
        ):
            found = countries(item.get("countries"), item.line_of("countries"), where, check)
            refs.append(Part(item["ref"], found))
        else:
            check.add(item.line if isinstance(item, LineDict) else line, where,
                      _refs_message(key))
    return tuple(refs)


def _refs_message(key: str) -> str:
    return pgettext(
        "questionnaire check",
        "`{field}` is a list of references, each text or {{ref: ..., countries: [...]}}",
    ).format(field=key)
