"""What scoring produces: plain, immutable data the report, the register and --json read.

Every number carries the steps that produced it, so the report can show its trace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from riskkit.core.consistency import Inconsistency
    from riskkit.core.plan import Driver


@dataclass(frozen=True)
class Step:
    """One contribution to a likelihood or consequence: the base, or an answer."""

    source: str  # "base", "clamp" or a question id
    delta: int
    kind: str  # base | raises | unknown | mitigates | clamp
    value: Any = None


@dataclass(frozen=True)
class Dimension:
    value: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Rating:
    likelihood: Dimension
    consequence: Dimension
    score: int
    level: str


@dataclass(frozen=True)
class RiskResult:
    id: str
    title: str
    owner: str
    treatment: str
    characteristics: tuple[str, ...]
    inherent: Rating
    residual: Rating
    measures: tuple[str, ...]
    # the residual rating if every proposed measure were in place as well (GDPR Art. 36(1))
    planned: Rating | None = None


@dataclass(frozen=True)
class Measure:
    id: str
    text: str
    risks: tuple[str, ...]
    owner: str
    due: dt.date | None
    priority: str  # the level of the highest residual risk it treats
    source: str  # question id, or "policy:<pack id>.<clause id>"
    status: str = "proposed"


@dataclass(frozen=True)
class PracticeStatus:
    question: str
    status: str  # in_place | missing | unknown
    nist: tuple[str, ...]
    characteristics: tuple[str, ...]


@dataclass(frozen=True)
class Tally:
    in_place: int = 0
    missing: int = 0
    unknown: int = 0

    @property
    def asked(self) -> int:
        return self.in_place + self.missing + self.unknown

    @property
    def share(self) -> float:
        """Practices in place out of those asked (0 when none was asked)."""
        return self.in_place / self.asked if self.asked else 0.0

    def add(self, status: str) -> Tally:
        return Tally(
            self.in_place + (status == "in_place"),
            self.missing + (status == "missing"),
            self.unknown + (status == "unknown"),
        )


@dataclass(frozen=True)
class NistProfile:
    functions: Mapping[str, Tally]
    categories: Mapping[str, Tally]
    characteristics: Mapping[str, Tally]
    practices: tuple[PracticeStatus, ...]


@dataclass(frozen=True)
class Reason:
    """One line of why a verdict is what it is: text, legal references, answers behind it."""

    text: str
    refs: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    status: str
    reasons: tuple[Reason, ...]
    next_steps: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdicts:
    dpia: Verdict  # status: required | recommended | not_required
    art22: Verdict  # status: engaged_lawful | engaged_unlawful | not_engaged
    ai_act: Verdict  # status: prohibited | high_risk | transparency | minimal | not_ai_system
    prior_consultation: Verdict  # status: required | unless_measures | not_required


@dataclass(frozen=True)
class ClauseAnswer:
    """One answer behind a clause's status.

    ``value`` is the answer as stored (a value, a list for multi questions, ``dont_know``), or
    None when the question was not answered or not asked. ``outcome`` says what it did:
    ``holds`` / ``fails`` (a requirement it meets or breaks), ``unknown`` (don't know, or no
    answer), ``not_asked`` (the question's condition is false, or the questionnaire lacks it),
    ``condition`` (an answer that made the clause not applicable).
    """

    question: str
    value: Any
    outcome: str


@dataclass(frozen=True)
class Interpretation:
    """What a policy pack reads into a clause beyond the policy's words, and whose reading it
    is, so that nobody mistakes it for the policy's own text."""

    by: str  # who interprets: e.g. "riskkit" for the shipped packs, or the organisation's CISO
    text: str  # in the active language


@dataclass(frozen=True)
class ClauseResult:
    id: str
    ref: str  # where the clause stands in the policy document, e.g. "§ 3"
    text: str  # in the active language (the policy's own words unless translated)
    status: str  # met | not_met | unknown | not_applicable
    answers: tuple[ClauseAnswer, ...]  # the answers the status rests on
    owner: str
    risks: tuple[str, ...]
    # must | should | example: how binding the policy's own words make the clause; a `should`
    # not met is a recommendation, an `example` never fails
    strength: str = "must"
    wording: str = ""  # the policy's words that give the strength, e.g. "skal", "kan være"
    interpretation: Interpretation | None = None


@dataclass(frozen=True)
class PolicyResult:
    """An organisation's policy pack checked clause by clause against the answers."""

    id: str
    title: str
    organisation: str
    language: str
    source: str
    hash: str
    clauses: tuple[ClauseResult, ...]
    counts: Mapping[str, int]  # status -> number of clauses, every status present


@dataclass(frozen=True)
class Result:
    assessment_id: str
    questionnaire: Mapping[str, str]
    meta: Mapping[str, Any]
    risks: tuple[RiskResult, ...]
    overall_level: str
    nist: NistProfile
    verdicts: Verdicts
    measures: tuple[Measure, ...]
    facts: Mapping[str, str]
    asked: tuple[str, ...]
    unanswered: tuple[str, ...]
    policy: PolicyResult | None = None  # when scored against a policy pack
    # answers that contradict what other answers establish (riskkit.core.consistency)
    inconsistencies: tuple[Inconsistency, ...] = ()
    # the answers that raise the risks at the overall level, "don't know" first (riskkit.core.plan)
    drivers: tuple[Driver, ...] = ()
    go_live: dt.date | None = None  # None: not known; deadlines count from the assessment date

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the fields `riskkit score --json` documents (``policy`` only
        when the result was scored against a policy pack)."""
        data: dict[str, Any] = _jsonable(self)
        if self.policy is None:
            del data["policy"]
        return data


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Tally):
        return {
            "in_place": obj.in_place,
            "missing": obj.missing,
            "unknown": obj.unknown,
            "asked": obj.asked,
            "share": round(obj.share, 4),
        }
    if isinstance(obj, Verdicts):
        art22 = _jsonable(obj.art22)
        art22["engaged"] = obj.art22.status != "not_engaged"
        art22["lawful"] = {"engaged_lawful": True, "engaged_unlawful": False}.get(obj.art22.status)
        ai_act = _jsonable(obj.ai_act)
        ai_act["class"] = obj.ai_act.status
        ai_act["fria_required"] = bool(obj.ai_act.details.get("fria_required"))
        prior = _jsonable(obj.prior_consultation)
        prior["required"] = obj.prior_consultation.status == "required"
        # required unless the measures in details["measures"] are in place before use
        prior["unless_measures"] = obj.prior_consultation.status == "unless_measures"
        return {
            "dpia": _jsonable(obj.dpia),
            "art22": art22,
            "ai_act": ai_act,
            "prior_consultation": prior,
        }
    if is_dataclass(obj) and not isinstance(obj, type):
        return {k: _jsonable(getattr(obj, k)) for k in asdict(obj)}
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
