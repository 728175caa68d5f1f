"""When each AI Act duty applies to one assessment, from the dates in ai-act-dates.yaml.

The application dates (Art. 113 as amended by the Digital Omnibus), Art. 111(2)'s transition
for high-risk systems already in service, and whether the EEA EFTA states are bound yet are
data (`questionnaires/ai-act-dates.yaml`, kept as docs/ai-act-dates.md says), so a change in
the law is a data edit with a test, never a code change.

The public API, which other modules (verdicts, the FRIA) build on and which stays stable:

- `load(path=None) -> AIActDates`: the dates file (default: the shipped one), validated;
  `ProblemsError` names file, line and field of every problem.
- `when(duty, context, dates=None) -> Applicability`: when `duty` (a key of the file's
  `duties`, e.g. ``"fria"``) applies to the assessment described by `context` (`Context`:
  assessment date, go-live date, public authority or not, country, Annex III or Annex I
  route). `Applicability.text()` says it in the active language.

Pure apart from reading the file in `load`: the rules take dates as arguments and never
look at today's date, so a report re-rendered later says what it said on the assessment day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from riskkit.errors import Problem, ProblemsError
from riskkit.i18n import format_date, pgettext
from riskkit.load import yamlio
from riskkit.resources import data_dir

ROUTES = ("annex3", "annex1")
# What a duty's application means for this deployment (Applicability.status).
APPLIES = "applies"  # binding on the assessment date
FROM_DATE = "from_date"  # binding from a later date
TRANSITION = "transition"  # Art. 111(2): public authority, in service before the date
SIGNIFICANT_CHANGE = "significant_change"  # Art. 111(2): only if the design changes
NOT_BOUND = "not_bound"  # an EEA EFTA state the AI Act does not bind yet


@dataclass(frozen=True)
class Source:
    id: str
    text: str
    verified: bool


@dataclass(frozen=True)
class DateEntry:
    id: str
    date: dt.date
    refs: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Duty:
    id: str
    starts: str  # a key of `dates`, or "high_risk" (the route's high-risk date)
    legacy: bool  # covered by Art. 111(2)'s transition for systems already in service
    refs: tuple[str, ...]


@dataclass(frozen=True)
class EeaState:
    country: str
    bound: bool
    source: Source


@dataclass(frozen=True)
class AIActDates:
    version: str
    dates: Mapping[str, DateEntry]
    public_authorities: DateEntry  # Art. 111(2)'s deadline for public-authority systems
    duties: Mapping[str, Duty]
    eea: Mapping[str, EeaState]
    content_hash: str
    path: str

    def high_risk_date(self, route: str) -> DateEntry:
        """The date the high-risk rules apply to a system on this route (Annex III or I)."""
        return self.dates[f"high_risk_{route}"]

    def start(self, duty: str, route: str = "annex3") -> DateEntry:
        """The date `duty` applies from, before any transition."""
        d = self.duties[duty]
        return self.high_risk_date(route) if d.starts == "high_risk" else self.dates[d.starts]


@dataclass(frozen=True)
class Context:
    """What about one assessment decides when a duty applies to it."""

    assessed: dt.date | None  # the assessment date (meta.date)
    go_live: dt.date | None  # planned or actual start of use; None when not known
    public_authority: bool  # a public authority uses it (Art. 111(2)); True when not known
    country: str = ""  # ISO code of meta.country
    route: str = "annex3"  # "annex3" or "annex1" (an AI system in an Annex I product)


@dataclass(frozen=True)
class Applicability:
    """When one duty binds one deployment, and whether before it starts being used."""

    duty: str
    status: str  # APPLIES | FROM_DATE | TRANSITION | SIGNIFICANT_CHANGE | NOT_BOUND
    date: dt.date | None  # from when it binds this deployment (None: only on a change)
    start: dt.date  # the duty's own application date (Art. 113 as amended)
    before_use: bool  # it binds by the go-live date, so it must be met before use
    binding_now: bool  # binding on the assessment date
    go_live_known: bool
    legacy: bool  # Art. 111(2) could apply had the system been in use before the date
    verified: bool  # every date it rests on is verified against the Official Journal
    refs: tuple[str, ...]

    def text(self) -> str:
        """One line in the active language, e.g. "applies from 2 December 2027; good practice
        now"; with the caveat when a date is not verified."""
        if self.status == APPLIES:
            text = pgettext("AI Act dates", "applies now (since {date})").format(
                date=format_date(self.start)
            )
        elif self.status == FROM_DATE and self.before_use:
            text = pgettext(
                "AI Act dates", "applies from {date}, before use starts; good practice now"
            ).format(date=format_date(self.start))
        elif self.status == FROM_DATE:
            text = pgettext("AI Act dates", "applies from {date}; good practice now").format(
                date=format_date(self.start)
            )
        elif self.status == TRANSITION and self.binding_now:
            text = pgettext(
                "AI Act dates", "applies now (since {date}, Art. 111(2))"
            ).format(date=format_date(self.date))
        elif self.status == TRANSITION:
            text = pgettext(
                "AI Act dates",
                "applies by {date}: in use by a public authority before {start} "
                "(Art. 111(2)); good practice now",
            ).format(date=format_date(self.date), start=format_date(self.start))
        elif self.status == SIGNIFICANT_CHANGE:
            text = pgettext(
                "AI Act dates",
                "applies only if the system's design changes significantly after {start} "
                "(Art. 111(2)); good practice now",
            ).format(start=format_date(self.start))
        else:
            text = pgettext(
                "AI Act dates",
                "does not bind yet: the AI Act is not yet part of the EEA Agreement "
                "(in the EU from {date})",
            ).format(date=format_date(self.start))
        if self.legacy and not self.go_live_known and self.status in (FROM_DATE, APPLIES):
            text = pgettext(
                "AI Act dates", "{text} (go-live date not known: no transition assumed)"
            ).format(text=text)
        if not self.verified:
            text = pgettext(
                "AI Act dates",
                "{text}; date as reported, not yet checked against the Official Journal",
            ).format(text=text)
        return text


def when(duty: str, context: Context, dates: AIActDates | None = None) -> Applicability:
    """When `duty` applies to the deployment in `context` (see the module docstring).

    - A country the AI Act does not bind yet (an EEA EFTA state before incorporation): not
      bound, with the EU date shown.
    - A duty under Art. 111(2) (`legacy: true`) for a system in service before its
      high-risk date: a public authority complies by the legacy date, anyone else only on a
      significant change of design. An unknown go-live date is never taken to be early:
      no transition is assumed (riskkit never takes the benign branch on an unknown).
    - Otherwise it binds from its application date: now if that is on or before the
      assessment date, and before use if it is on or before the go-live date (or the
      go-live date is not known).
    """
    dates = dates or load()
    if context.route not in ROUTES:
        raise ValueError(f"unknown route {context.route!r}")
    d = dates.duties[duty]
    start = dates.start(duty, context.route)
    sources = [start.source]
    go_live = context.go_live
    eea = dates.eea.get(context.country.upper())
    if eea is not None and not eea.bound:
        status, binds = NOT_BOUND, None
        sources.append(eea.source)
    elif d.legacy and go_live is not None and go_live < start.date:
        if context.public_authority:
            status, binds = TRANSITION, dates.public_authorities.date
            sources.append(dates.public_authorities.source)
        else:
            status, binds = SIGNIFICANT_CHANGE, None
    else:
        binds = start.date
        status = APPLIES if context.assessed and context.assessed >= start.date else FROM_DATE
    before_use = binds is not None and (go_live is None or binds <= go_live)
    return Applicability(
        duty=duty,
        status=status,
        date=binds,
        start=start.date,
        before_use=before_use and status in (APPLIES, FROM_DATE),
        binding_now=(binds is not None and context.assessed is not None
                     and context.assessed >= binds),
        go_live_known=go_live is not None,
        legacy=d.legacy,
        verified=all(s.verified for s in sources),
        refs=(*d.refs, *start.refs,
              *(dates.public_authorities.refs if status == TRANSITION else ())),
    )


def default_path() -> Path:
    return data_dir("questionnaires") / "ai-act-dates.yaml"


def load(path: Path | str | None = None) -> AIActDates:
    """The dates file at `path` (default: the shipped one, read once per process)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@cache
def _load_default() -> AIActDates:
    return _load(default_path())


def _load(path: Path) -> AIActDates:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemsError(
            [
                Problem(
                    name,
                    None,
                    "",
                    pgettext("AI Act dates check", "cannot read the file: {error}").format(
                        error=exc
                    ),
                )
            ]
        ) from None
    raw = yamlio.load(text, name)
    check = _Check(name)
    top = check.mapping(raw, None, "")
    sources: dict[str, Source] = {}
    for key, value in check.items(top, "sources"):
        entry = check.mapping(value, top.get("sources"), f"sources.{key}")
        sources[key] = Source(
            key,
            check.string(entry, "text", f"sources.{key}"),
            check.boolean(entry, "verified", f"sources.{key}"),
        )
    dates: dict[str, DateEntry] = {}
    for key, value in check.items(top, "dates"):
        dates[key] = check.date_entry(value, f"dates.{key}", sources)
    for route in ROUTES:
        if f"high_risk_{route}" not in dates:
            check.add(top, "dates", f"high_risk_{route}", _missing())
    legacy = check.mapping(top.get("legacy"), top, "legacy")
    public = check.date_entry(legacy.get("public_authorities"), "legacy.public_authorities",
                              sources)
    duties: dict[str, Duty] = {}
    for key, value in check.items(top, "duties"):
        where = f"duties.{key}"
        entry = check.mapping(value, top.get("duties"), where)
        starts = check.string(entry, "from", where)
        if starts != "high_risk" and starts not in dates:
            check.add(
                entry,
                "from",
                where,
                pgettext(
                    "AI Act dates check", "`{value}` is not `high_risk` or a key of `dates`"
                ).format(value=starts),
            )
        duties[key] = Duty(
            key,
            starts,
            check.boolean(entry, "legacy", where, default=False),
            check.strings(entry, "refs", where),
        )
    eea: dict[str, EeaState] = {}
    for key, value in check.items(top, "eea"):
        where = f"eea.{key}"
        entry = check.mapping(value, top.get("eea"), where)
        eea[str(key).upper()] = EeaState(
            str(key).upper(), check.boolean(entry, "bound", where),
            check.source(entry, where, sources)
        )
    if check.problems:
        raise ProblemsError(check.problems)
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
    return AIActDates(
        version=str(top.get("version", "")),
        dates=dates,
        public_authorities=public,
        duties=duties,
        eea=eea,
        content_hash=f"sha256:{digest}",
        path=name,
    )


def _missing() -> str:
    return pgettext("AI Act dates check", "missing")


class _Check:
    """Collects every problem with the line it is on, so one run names them all."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []

    def add(self, parent: Any, key: str | None, where: str, message: str) -> None:
        line = None
        if isinstance(parent, yamlio.LineDict):
            line = parent.line_of(key) if key else parent.line
        field = f"{where}.{key}" if key and where else (key or where)
        self.problems.append(Problem(self.name, line, field, message))

    def mapping(self, value: Any, parent: Any, where: str) -> yamlio.LineDict:
        if isinstance(value, yamlio.LineDict):
            return value
        self.add(parent, None, where, pgettext("AI Act dates check", "must be a mapping"))
        empty = yamlio.LineDict()
        empty.lines = {}
        return empty

    def items(self, top: yamlio.LineDict, key: str) -> list[tuple[str, Any]]:
        value = top.get(key)
        if not isinstance(value, dict):
            self.add(top, key, "", pgettext("AI Act dates check", "must be a mapping"))
            return []
        return [(str(k), v) for k, v in value.items()]

    def string(self, entry: yamlio.LineDict, key: str, where: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add(entry, key, where, pgettext("AI Act dates check", "must be a text"))
            return ""
        return value

    def strings(self, entry: yamlio.LineDict, key: str, where: str) -> tuple[str, ...]:
        value = entry.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(entry, key, where, pgettext("AI Act dates check", "must be a list of texts"))
            return ()
        return tuple(value)

    def boolean(
        self, entry: yamlio.LineDict, key: str, where: str, default: bool | None = None
    ) -> bool:
        value = entry.get(key, default)
        if not isinstance(value, bool):
            self.add(entry, key, where, pgettext("AI Act dates check", "must be true or false"))
            return False
        return value

    def source(self, entry: yamlio.LineDict, where: str, sources: Mapping[str, Source]) -> Source:
        key = entry.get("source")
        if not isinstance(key, str) or key not in sources:  # a list or a mapping is no key
            self.add(
                entry,
                "source",
                where,
                pgettext("AI Act dates check", "`{value}` is not a key of `sources`").format(
                    value=key
                ),
            )
            return Source("", "", False)
        return sources[key]

    def date_entry(self, value: Any, where: str, sources: Mapping[str, Source]) -> DateEntry:
        entry = self.mapping(value, None, where)
        date = entry.get("date")
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            self.add(
                entry,
                "date",
                where,
                pgettext("AI Act dates check", "must be a date like 2027-12-02"),
            )
            date = dt.date.min
        return DateEntry(
            where.rsplit(".", 1)[-1],
            date,
            self.strings(entry, "refs", where),
            self.source(entry, where, sources),
        )
