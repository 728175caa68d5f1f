"""Which national DPIA list (GDPR Art. 35(4)) an assessment was checked against, and saying
so plainly when it was none.

Each supervisory authority keeps its own list of processing that always needs a DPIA (Art.
35(4)); riskkit carries those of `dpia-lists.yaml` (Norway, Sweden, Denmark). For any other
country, "no list item met" would read as "checked": the legal review (2026-12) found that a
Finnish or German assessment got no word that its own list was never looked at. The DPIA
verdict now says it among its first reasons, so the summary of the terminal and the PDF,
which show the first reasons, say it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from riskkit.core.model import DpiaCountry
from riskkit.core.result import Reason
from riskkit.i18n import country_name, format_list, pgettext

#: Countries where no authority keeps a GDPR Art. 35(4) list: the GDPR does not apply there
#: and riskkit says so in the scope reason (its verdicts are guidance only). The US is where
#: riskkit's shipped US content (policy pack, CJIS, Wis. Stat.) is used.
NO_ART35_4_LIST = frozenset({"US"})


def checked(lists: Mapping[str, DpiaCountry], country: str) -> bool:
    """Whether riskkit checks the national list of `country` (an ISO code, upper case)."""
    return bool(country) and country in lists


def details(lists: Mapping[str, DpiaCountry], country: str) -> dict[str, Any]:
    """For `score --json`: whether the country's list was checked, and which lists riskkit
    carries."""
    return {"checked": checked(lists, country), "lists": sorted(lists)}


def not_checked(lists: Mapping[str, DpiaCountry], country: str) -> Reason | None:
    """The reason that says the country's national list was not checked, and which lists
    riskkit checks; None when it was checked, or where no such list exists."""
    if checked(lists, country) or country in NO_ART35_4_LIST:
        return None
    known = format_list(
        pgettext("national DPIA list", "{country} ({authority})").format(
            country=country_name(code), authority=listing.authority
        )
        for code, listing in lists.items()
    )
    if not country:
        text = pgettext(
            "DPIA verdict",
            "No country is given (meta.country), so no national DPIA list was checked. "
            "riskkit checks the lists of {lists}; name the country and check its list.",
        ).format(lists=known)
    else:
        text = pgettext(
            "DPIA verdict",
            "The national DPIA list of {country}'s supervisory authority was not checked: "
            "riskkit checks only the lists of {lists}. Check {country}'s list yourself.",
        ).format(country=country_name(country), lists=known)
    return Reason(text, ("GDPR Art. 35(4)",))
