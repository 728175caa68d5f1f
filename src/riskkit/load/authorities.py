"""The market surveillance authorities a FRIA is notified to (AI Act Art. 27(3)), per country.

Kept as data (questionnaires/market-surveillance.yaml) with each entry's source and how sure it
is, because Member States designate them (Art. 70(1)) and some have not yet: a change is a data
edit. This module reads the file; riskkit.core.fria, which is pure, takes the mapping it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from riskkit import resources
from riskkit.core.fria import Authority
from riskkit.errors import Problem, ProblemsError
from riskkit.i18n import pgettext
from riskkit.load import yamlio

STATUSES = ("designated", "reported", "undesignated")


def default_path() -> Path:
    return resources.data_dir("questionnaires") / "market-surveillance.yaml"


@cache
def load(path: Path | None = None) -> Mapping[str, Authority]:
    """Country code -> authority. Every malformed entry is reported, naming file and field."""
    path = path or default_path()
    data = yamlio.load(path.read_text(encoding="utf-8"), str(path))
    countries = data.get("authorities") if isinstance(data, dict) else None
    if not isinstance(countries, dict):
        raise ProblemsError([Problem(str(path), None, "authorities", pgettext(
            "authorities file", "a mapping of country codes is expected"))])
    out: dict[str, Authority] = {}
    problems = []
    for code, entry in countries.items():
        where = f"authorities.{code}"
        if not (isinstance(code, str) and len(code) == 2 and code.isalpha() and code.isupper()):
            problems.append(Problem(str(path), None, where, pgettext(
                "authorities file", "not a two-letter country code in capitals")))
            continue
        if not isinstance(entry, dict) or entry.get("status") not in STATUSES:
            problems.append(Problem(str(path), None, where, pgettext(
                "authorities file", "status must be one of: {values}").format(
                values=", ".join(STATUSES))))
            continue
        name = str(entry.get("authority") or "").strip()
        source = " ".join(str(entry.get("source") or "").split())
        if entry["status"] != "undesignated" and not name:
            problems.append(Problem(str(path), None, where, pgettext(
                "authorities file", "a designated or reported authority needs a name")))
            continue
        if not source:
            problems.append(Problem(str(path), None, where, pgettext(
                "authorities file", "every entry needs its source")))
            continue
        out[code] = Authority(code, name, entry["status"], source)
    if problems:
        raise ProblemsError(problems)
    return out
