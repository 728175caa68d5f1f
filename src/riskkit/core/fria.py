"""The fundamental rights impact assessment (AI Act Art. 27) and the EU database registration
(Art. 49(3), Annex VIII Section C), drafted from the answers. Pure: no I/O.

The interview already asks most of what Art. 27(1)(a)-(f) needs; the ``fria`` section of the
questionnaire asks the rest, only when a FRIA applies. Each element is a short document text
made of statements, each naming the questions it rests on, so a reviewer can check it against
the answers appendix instead of reading the answers twice. Sources: ../shared/DOMAIN.md
(Art. 26, 27, GDPR Art. 35(7)) and the AI Act's text for Art. 27(3)-(5), 49(3) and Annex VIII
Section C, cited on every statement that rests on them.

Whether the duty applies now or from a later date is the AI Act verdict's decision
(``riskkit.core.verdicts``); this module only reads it (see :func:`requirement`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from riskkit import i18n
from riskkit.core import aiact_dates
from riskkit.core.answers import Answers
from riskkit.core.model import Questionnaire
from riskkit.core.result import Result
from riskkit.core.values import DONT_KNOW
from riskkit.i18n import content, pgettext

# The letters of Art. 27(1) in order.
LETTERS = ("a", "b", "c", "d", "e", "f")
# What a completed DPIA already contains that an element of the FRIA also asks for
# (GDPR Art. 35(7): (a) description of the processing and its purposes, (c) risks to the rights
# and freedoms of data subjects, (d) the measures envisaged). Art. 27(4): where the DPIA meets
# an obligation, the FRIA complements it. Period and frequency (b) and human oversight
# according to the instructions for use (e) are not part of a DPIA's minimum content.
DPIA_COVERS = {"a": "GDPR Art. 35(7)(a)", "c": "GDPR Art. 35(7)(a)",
               "d": "GDPR Art. 35(7)(c)", "f": "GDPR Art. 35(7)(d)"}
# Risks of the default catalogue that fall on the organisation rather than on people's rights;
# element (d) is about the risks of harm to the people in (c), so it leaves them out.
ORGANISATIONAL_RISKS = frozenset({"ai_act_noncompliance", "supplier_dependency", "loss_of_trust"})
# Annex III point 2 (critical infrastructure) is outside Art. 27(1) and Art. 49(3).
POINT_2 = "aiact.annex3.critical_infrastructure"


@dataclass(frozen=True)
class Statement:
    """One sentence or paragraph of an element, with the questions and articles behind it."""

    text: str
    answers: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Element:
    """One of Art. 27(1)(a)-(f): the heading, what the answers say, what is still missing."""

    key: str
    title: str
    ref: str
    statements: tuple[Statement, ...]
    gaps: tuple[str, ...]  # questions behind this element left unanswered or "don't know"
    dpia: str = ""  # how the DPIA covers it (Art. 27(4)), empty when it does not

    @property
    def answers(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for s in self.statements:
            seen.update(dict.fromkeys(s.answers))
        return tuple(seen)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.statements)


@dataclass(frozen=True)
class Requirement:
    """Whether the FRIA is due: ``now``, ``from_date`` (with ``date``), ``good_practice`` or
    ``not_required``."""

    status: str
    reason: str
    refs: tuple[str, ...]
    date: str = ""  # ISO date when status is from_date


@dataclass(frozen=True)
class Authority:
    """The market surveillance authority a deployer in one country notifies (Art. 27(3))."""

    country: str
    name: str  # empty when none is designated or known
    status: str  # designated | reported | undesignated | unknown
    source: str


@dataclass(frozen=True)
class Field:
    """One field of a form to file: its key, label, value, and the questions behind it."""

    key: str
    label: str
    value: str
    answers: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fria:
    requirement: Requirement
    elements: tuple[Element, ...]  # empty when not required
    notification: tuple[Field, ...]
    authority: Authority | None
    registration: tuple[Field, ...]  # empty when Art. 49(3) does not apply
    summary: str  # the findings in a few sentences (Annex VIII C point 4)


class _Answers:
    """The answers that were asked, read as a person reads them."""

    def __init__(self, q: Questionnaire, answers: Answers, result: Result):
        self.q, self.values, self.asked = q, answers.values, set(result.asked)
        self.country = answers.meta.country
        self.meta = answers.meta

    def value(self, qid: str) -> Any:
        if qid not in self.asked or qid not in self.q.by_id:
            return None
        value = self.values.get(qid)
        return None if value in ("", [], None) else value

    def known(self, qid: str) -> bool:
        return self.value(qid) not in (None, DONT_KNOW)

    def text(self, qid: str) -> str:
        """The answer in the active language; a date formatted for the locale, a list of
        choices lowered to run inside a sentence."""
        value = self.value(qid)
        if value is None:
            return ""
        question = self.q.by_id[qid]
        if isinstance(value, list):
            return "; ".join(_lower(content.choice_label(question, v, self.country)) for v in value)
        if isinstance(value, dt.date):
            return i18n.format_date(value)
        if question.type == "date" and value != DONT_KNOW:
            try:
                return i18n.format_date(dt.date.fromisoformat(str(value)))
            except ValueError:
                return str(value)
        return content.answer_text(question, value, self.country)

    def chose(self, qid: str, *options: str) -> bool:
        value = self.value(qid)
        values = value if isinstance(value, list) else [value]
        return any(v in options for v in values)

    def gaps(self, *qids: str) -> tuple[str, ...]:
        return tuple(q for q in qids if q in self.asked and not self.known(q))


def _titles() -> dict[str, str]:
    return {
        "a": pgettext("FRIA element", "The processes in which the system is used"),
        "b": pgettext("FRIA element", "Period and frequency of use"),
        "c": pgettext("FRIA element", "Categories of people and groups likely to be affected"),
        "d": pgettext("FRIA element", "Specific risks of harm to them"),
        "e": pgettext("FRIA element", "Human oversight measures"),
        "f": pgettext("FRIA element", "Measures if the risks materialise"),
    }


def requirement(result: Result) -> Requirement:
    """Whether the FRIA is due, and from when, as the AI Act verdict decided it.

    The verdict (riskkit.core.verdicts, with riskkit.core.aiact_dates) owns both the trigger
    (``fria_trigger``: a body governed by public law, a private body providing public services,
    an Annex III 5(b)/(c) use) and the timing (``duties["fria"]``: Art. 113 as amended, Art.
    111(2), EEA status); this reads them. ``now``: binding on the assessment date;
    ``from_date``: binding from ``date``; ``good_practice``: the article names the deployer but
    does not bind it (not yet part of the EEA Agreement, or only on a significant change).
    """
    ai_act = result.verdicts.ai_act
    if ai_act.details.get("fria_required"):
        triggers = {
            "public_body": pgettext("FRIA", "a body governed by public law"),
            "public_service": pgettext("FRIA", "a private body providing public services"),
            "annex3_5bc": pgettext("FRIA", "a deployer of a system for credit scoring or life "
                                   "and health insurance (Annex III 5(b), (c))"),
        }
        who = [triggers[t] for t in ai_act.details.get("fria_trigger") or ("public_body",)
               if t in triggers]
        text = pgettext("FRIA", "Art. 27(1) names this deployer: {who}, using a high-risk AI "
                        "system outside Annex III point 2.").format(who="; ".join(who))
        refs: tuple[str, ...] = ("AI Act Art. 27(1)",)
        timing = (ai_act.details.get("duties") or {}).get("fria")
        if not timing:  # no timing known: riskkit never takes the benign branch
            return Requirement("now", text, refs)
        text = pgettext("FRIA", "{reason} The duty {when}.").format(
            reason=text, when=timing["text"])
        refs = tuple(dict.fromkeys(refs + tuple(timing.get("refs") or ())))
        date = timing.get("date")
        if timing.get("binding_now"):
            return Requirement("now", text, refs)
        if date and timing.get("status") != aiact_dates.NOT_BOUND:
            return Requirement("from_date", text, refs,
                               date.isoformat() if isinstance(date, dt.date) else str(date))
        return Requirement("good_practice", text, refs)
    if ai_act.status == "high_risk":
        text = pgettext(
            "FRIA", "A fundamental rights impact assessment is due when a body governed by "
            "public law, or a private body providing public services, deploys a high-risk AI "
            "system outside Annex III point 2; that is not the case here.")
    else:
        text = pgettext("FRIA", "The system is not a high-risk AI system, so Art. 27 does "
                        "not apply.")
    return Requirement("not_required", text, ("AI Act Art. 27(1)",))


def registration_applies(result: Result) -> bool:
    """Art. 49(3): a public-authority deployer of an Annex III system, except point 2, registers
    its use before using it. An unknown public-body fact counts as present (riskkit's rule)."""
    ai_act = result.verdicts.ai_act
    areas = ai_act.details.get("areas") or ()
    return (ai_act.status == "high_risk" and result.facts.get("public_body") in ("true", "unknown")
            and any(a != POINT_2 for a in areas))


def build(questionnaire: Questionnaire, answers: Answers, result: Result,
          authorities: Mapping[str, Authority]) -> Fria:
    """The FRIA, its notification and the registration, as far as they apply. ``authorities``
    (riskkit.load.authorities.load()) is read by the caller so this stays pure."""
    req = requirement(result)
    a = _Answers(questionnaire, answers, result)
    country = (answers.meta.country or "").upper()
    authority = authorities.get(country) or Authority(country, "", "unknown", "")
    register = registration_applies(result)
    if req.status == "not_required":
        return Fria(req, (), (), None, (), "")
    elements = _elements(a, answers, result, questionnaire)
    summary = _summary(a, result, questionnaire, elements)
    notification = _notification(a, answers, result, elements, authority)
    registration = _registration(a, answers, result, summary) if register else ()
    return Fria(req, elements, notification, authority, registration, summary)


# --- the six elements --------------------------------------------------------------------------


def _elements(a: _Answers, answers: Answers, result: Result, q: Questionnaire
              ) -> tuple[Element, ...]:
    titles = _titles()
    dpia_done = a.chose("dpia.done", "done")
    dpia_doing = a.chose("dpia.done", "in_progress")
    parts = {
        "a": _process(a, answers, result),
        "b": _period(a),
        "c": _affected(a),
        "d": _risks(a, result, q),
        "e": _oversight(a),
        "f": _materialise(a, result),
    }
    out = []
    for key in LETTERS:
        statements, gaps = parts[key]
        dpia = ""
        if key in DPIA_COVERS and (dpia_done or dpia_doing):
            dpia = (pgettext("FRIA", "The DPIA covers this element for the personal data "
                             "processed ({ref}); this assessment complements it for the other "
                             "fundamental rights (AI Act Art. 27(4)).")
                    if dpia_done else
                    pgettext("FRIA", "The DPIA being prepared will cover this element for the "
                             "personal data processed ({ref}); this assessment complements it "
                             "for the other fundamental rights (AI Act Art. 27(4)).")
                    ).format(ref=content.citation(DPIA_COVERS[key]))
        out.append(Element(key, titles[key], f"AI Act Art. 27(1)({key})", tuple(statements),
                           gaps, dpia))
    return tuple(out)


def _missing(qids: Sequence[str]) -> Statement:
    return Statement(pgettext("FRIA", "Still to be described: the answers behind this are "
                              "missing or “don't know”."), tuple(qids))


def _process(a: _Answers, answers: Answers, result: Result
             ) -> tuple[list[Statement], tuple[str, ...]]:
    out: list[Statement] = []
    org = answers.meta.organisation or pgettext("FRIA", "The organisation")
    if answers.meta.department:
        org = pgettext("FRIA", "{organisation}, {department}").format(
            organisation=org, department=answers.meta.department)
    system = answers.meta.system or a.text("system.name")
    out.append(Statement(pgettext("FRIA", "{organisation} uses {system} for this purpose: "
                                  "{purpose}").format(
        organisation=org, system=system or "—",
        purpose=_sentence(a.text("system.purpose")) or "—"),
        ("system.name", "system.purpose")))
    if a.known("fria.process"):
        out.append(Statement(pgettext("FRIA", "The process: {text}").format(
            text=_sentence(a.text("fria.process"))), ("fria.process",)))
    if a.known("aiact.annex3"):
        out.append(Statement(pgettext("FRIA", "The use falls in this high-risk area: {areas}.")
                             .format(areas=a.text("aiact.annex3")), ("aiact.annex3",),
                             ("AI Act Art. 6(2)",)))
    if a.known("decisions.role"):
        out.append(Statement(pgettext("FRIA", "Its part in decisions about people: {role}.")
                             .format(role=_lower(a.text("decisions.role"))), ("decisions.role",)))
    if a.known("aiact.instructions"):
        text = (pgettext("FRIA", "It is used in line with its intended purpose as the provider's "
                         "instructions for use describe it.")
                if a.chose("aiact.instructions", "yes") else
                pgettext("FRIA", "It is not used as the provider's instructions for use "
                         "describe it: the use must be brought in line with them first."))
        out.append(Statement(text, ("aiact.instructions",), ("AI Act Art. 26(1)",)))
    gaps = a.gaps("system.purpose", "fria.process", "aiact.instructions")
    if gaps:
        out.append(_missing(gaps))
    return out, gaps


def _period(a: _Answers) -> tuple[list[Statement], tuple[str, ...]]:
    out: list[Statement] = []
    if a.known("system.go_live"):
        out.append(Statement(pgettext("FRIA", "Use starts, or started, on {date}.").format(
            date=a.text("system.go_live")), ("system.go_live",)))
    if a.known("fria.period"):
        out.append(Statement(pgettext("FRIA", "Intended period of use: {text}").format(
            text=_sentence(a.text("fria.period"))), ("fria.period",)))
    if a.known("fria.frequency"):
        out.append(Statement(pgettext("FRIA", "Frequency of use: {frequency}.").format(
            frequency=_lower(a.text("fria.frequency"))), ("fria.frequency",)))
    if a.known("dpia.scale"):
        out.append(Statement(pgettext("FRIA", "People whose data it processes in a year: "
                                      "{scale}.").format(scale=_lower(a.text("dpia.scale"))),
                             ("dpia.scale",)))
    if a.meta.next_review:
        # The system description's date (asked once since questionnaire 1.2.0).
        out.append(Statement(pgettext("FRIA", "The use is reviewed again by {date}.").format(
            date=i18n.format_date(a.meta.next_review)), ()))
    gaps = a.gaps("system.go_live", "fria.period", "fria.frequency")
    if gaps:
        out.append(_missing(gaps))
    return out, gaps


def _affected(a: _Answers) -> tuple[list[Statement], tuple[str, ...]]:
    out: list[Statement] = []
    if a.known("dpia.vulnerable") and not a.chose("dpia.vulnerable", "none"):
        out.append(Statement(pgettext("FRIA", "People affected: {groups}.").format(
            groups=_lower(a.text("dpia.vulnerable"))), ("dpia.vulnerable",),
            ("WP248 rev.01 (7)",)))
    if a.known("fria.affected"):
        out.append(Statement(pgettext("FRIA", "In this context: {text}").format(
            text=_sentence(a.text("fria.affected"))), ("fria.affected",)))
    if a.known("fairness.affected_groups") and not a.chose("fairness.affected_groups", "none"):
        out.append(Statement(pgettext("FRIA", "Groups the system could serve worse or treat "
                                      "differently: {groups}.").format(
            groups=_lower(a.text("fairness.affected_groups"))), ("fairness.affected_groups",)))
    if a.chose("system.users", "residents"):
        out.append(Statement(pgettext("FRIA", "Residents also use the system directly."),
                             ("system.users",)))
    gaps = a.gaps("dpia.vulnerable", "fria.affected", "fairness.affected_groups")
    if gaps:
        out.append(_missing(gaps))
    return out, gaps


def _risks(a: _Answers, result: Result, q: Questionnaire
           ) -> tuple[list[Statement], tuple[str, ...]]:
    out: list[Statement] = []
    matrix = q.matrix
    threshold = matrix.rank("medium") if any(lv.id == "medium" for lv in matrix.levels) else 1
    serious = sorted((r for r in result.risks if matrix.rank(r.residual.level) >= threshold
                      and r.id not in ORGANISATIONAL_RISKS),
                     key=lambda r: -matrix.rank(r.residual.level))
    if serious:
        listed = "; ".join(
            pgettext("FRIA", "{risk} ({level})").format(
                risk=content.risk_title(q.risk_by_id[r.id]),
                level=_lower(content.level_label(matrix, r.residual.level)))
            for r in serious)
        sources = sorted({s.source for r in serious for d in (r.inherent.likelihood,
                                                              r.inherent.consequence)
                          for s in d.steps if s.source in q.by_id and s.kind == "raises"})
        out.append(Statement(pgettext("FRIA", "Risks of harm that remain at medium level or "
                                      "above after the measures in place, as the risk register "
                                      "rates them: {risks}.").format(risks=listed),
                             tuple(sources)))
    if a.chose("decisions.significant_effect", "yes"):
        out.append(Statement(pgettext("FRIA", "Decisions it takes part in can have legal or "
                                      "similarly significant effects on people."),
                             ("decisions.significant_effect",), ("GDPR Art. 22(1)",)))
    if a.chose("dpia.prevents_rights", "yes"):
        out.append(Statement(pgettext("FRIA", "It can prevent people from exercising a right or "
                                      "using a service."), ("dpia.prevents_rights",)))
    if a.chose("fairness.disparate_testing", "no", DONT_KNOW):
        out.append(Statement(pgettext("FRIA", "Outcomes have not been tested for differences "
                                      "between groups, so discrimination cannot be ruled out."),
                             ("fairness.disparate_testing",)))
    if a.chose("fria.provider_info", "yes"):
        text = pgettext("FRIA", "The provider's information under Art. 13 has been received and "
                        "taken into account.")
    else:
        text = pgettext("FRIA", "The provider's information under Art. 13 (accuracy, known "
                        "risks, groups it was tested on) has not been received: obtain it and "
                        "complete this element.")
    out.append(Statement(text, ("fria.provider_info",), ("AI Act Art. 13(3)",)))
    if a.known("fria.provider_risks"):
        out.append(Statement(pgettext("FRIA", "What the provider's information says about the "
                                      "risks: {text}").format(
            text=_sentence(a.text("fria.provider_risks"))), ("fria.provider_risks",)))
    gaps = a.gaps("fria.provider_info", "fria.provider_risks")
    if gaps:
        out.append(_missing(gaps))
    return out, gaps


def _oversight(a: _Answers) -> tuple[list[Statement], tuple[str, ...]]:
    out: list[Statement] = []
    if a.known("decisions.rubber_stamp"):
        out.append(Statement(pgettext("FRIA", "How staff treat the output: {how}.").format(
            how=_lower(a.text("decisions.rubber_stamp"))), ("decisions.rubber_stamp",)))
    checks = [
        ("oversight.human_decides",
         pgettext("FRIA", "a person decides in every case"),
         pgettext("FRIA", "a person does not decide in every case")),
        ("oversight.competent_overseers",
         pgettext("FRIA", "the people who oversee it have the competence and authority to do so"),
         pgettext("FRIA", "the people who oversee it lack the competence or authority")),
        ("oversight.training",
         pgettext("FRIA", "users are trained"),
         pgettext("FRIA", "users are not trained")),
        ("reliability.stop_authority",
         pgettext("FRIA", "someone is authorised to stop the system"),
         pgettext("FRIA", "no one is clearly authorised to stop the system")),
    ]
    held: list[str] = []
    failed: list[str] = []
    used: list[str] = []
    for qid, yes, no in checks:
        if a.known(qid):
            used.append(qid)
            (held if a.chose(qid, "yes") else failed).append(yes if a.chose(qid, "yes") else no)
    if held:
        out.append(Statement(pgettext("FRIA", "In place: {list}.").format(
            list="; ".join(held)), tuple(q for q in used if a.chose(q, "yes")),
            ("AI Act Art. 26(2)",)))
    if failed:
        out.append(Statement(pgettext("FRIA", "Not yet in place: {list}.").format(
            list="; ".join(failed)), tuple(q for q in used if not a.chose(q, "yes")),
            ("AI Act Art. 26(2)",)))
    if a.known("fria.oversight"):
        out.append(Statement(pgettext("FRIA", "According to the instructions for use: {text}")
                             .format(text=_sentence(a.text("fria.oversight"))),
                             ("fria.oversight",), ("AI Act Art. 14",)))
    gaps = a.gaps("fria.oversight", *(c[0] for c in checks))
    if gaps:
        out.append(_missing(gaps))
    return out, gaps


def _materialise(a: _Answers, result: Result) -> tuple[list[Statement], tuple[str, ...]]:
    out: list[Statement] = []
    if a.known("fria.governance"):
        out.append(Statement(pgettext("FRIA", "Internal governance: {text}").format(
            text=_sentence(a.text("fria.governance"))), ("fria.governance",)))
    if a.known("fria.complaints"):
        out.append(Statement(pgettext("FRIA", "Complaints: {text}").format(
            text=_sentence(a.text("fria.complaints"))), ("fria.complaints",)))
    steps = [
        ("aiact.monitor_report",
         pgettext("FRIA", "the system is monitored and suspended if it presents a risk, and "
                  "serious incidents are reported to the provider and the authority"),
         "AI Act Art. 26(5)"),
        ("reliability.fallback",
         pgettext("FRIA", "the work can continue without the system"), ""),
        ("decisions.contest",
         pgettext("FRIA", "people can contest decisions"), "GDPR Art. 22(3)"),
        ("decisions.human_intervention",
         pgettext("FRIA", "people can ask for a person to review a decision"), "GDPR Art. 22(3)"),
    ]
    held = [(q, t, r) for q, t, r in steps if a.chose(q, "yes")]
    lacking = [(q, t, r) for q, t, r in steps if a.value(q) is not None and not a.chose(q, "yes")]
    if held:
        out.append(Statement(pgettext("FRIA", "Arranged: {list}.").format(
            list="; ".join(t for _q, t, _r in held)), tuple(q for q, _t, _r in held),
            tuple(dict.fromkeys(r for _q, _t, r in held if r))))
    if lacking:
        out.append(Statement(pgettext("FRIA", "Not arranged: {list}.").format(
            list="; ".join(t for _q, t, _r in lacking)), tuple(q for q, _t, _r in lacking),
            tuple(dict.fromkeys(r for _q, _t, r in lacking if r))))
    if result.measures:
        out.append(Statement(pgettext(
            "FRIA", "The treatment plan sets out {n} measures, with owners and deadlines, "
            "against the risks in (d).").format(n=len(result.measures))))
    gaps = a.gaps("fria.governance", "fria.complaints")
    if gaps:
        out.append(_missing(gaps))
    return out, gaps


def _summary(a: _Answers, result: Result, q: Questionnaire,
             elements: Sequence[Element]) -> str:
    """The FRIA's findings in a few sentences (Annex VIII Section C point 4)."""
    matrix = q.matrix
    harms = [r for r in result.risks if r.id not in ORGANISATIONAL_RISKS] or list(result.risks)
    worst = max((r.residual.level for r in harms), key=matrix.rank)
    high = [r for r in harms if matrix.rank(r.residual.level) >= matrix.rank(worst)]
    parts = [pgettext("FRIA summary", "The highest residual risk of harm is {level}: "
                      "{risks}.").format(
        level=_lower(content.level_label(matrix, worst)),
        risks="; ".join(content.risk_title(q.risk_by_id[r.id]) for r in high))]
    if a.known("dpia.vulnerable") and not a.chose("dpia.vulnerable", "none"):
        parts.append(pgettext("FRIA summary", "People affected: {groups}.").format(
            groups=_lower(a.text("dpia.vulnerable"))))
    open_ = [e.key for e in elements if e.gaps]
    if open_:
        parts.append(pgettext("FRIA summary", "Elements still incomplete: {letters}.").format(
            letters=", ".join(f"({k})" for k in open_)))
    parts.append(pgettext("FRIA summary", "{n} measures are planned.").format(
        n=len(result.measures)))
    return " ".join(parts)


def _dpia_summary(a: _Answers, result: Result) -> str:
    """What riskkit knows of the DPIA (Annex VIII Section C point 5, Art. 26(8))."""
    dpia = result.verdicts.dpia
    status = {
        "required": pgettext("FRIA DPIA", "A DPIA is required under GDPR Art. 35."),
        "recommended": pgettext("FRIA DPIA", "A DPIA is recommended under GDPR Art. 35."),
        "not_required": pgettext("FRIA DPIA", "No DPIA is required under GDPR Art. 35."),
    }[dpia.status]
    done = a.text("dpia.done")
    if done:
        status += " " + pgettext("FRIA DPIA", "Its state: {state}.").format(state=_lower(done))
    criteria = len(dpia.details.get("criteria") or ())
    if criteria:
        status += " " + pgettext("FRIA DPIA", "WP248 criteria met: {n}.").format(n=criteria)
    return status


# --- what is filed -----------------------------------------------------------------------------


def _notification(a: _Answers, answers: Answers, result: Result,
                  elements: Sequence[Element], authority: Authority) -> tuple[Field, ...]:
    """Art. 27(3): the results, notified to the market surveillance authority."""
    meta = answers.meta
    fields = [
        Field("authority", pgettext("FRIA notification", "Market surveillance authority"),
              authority_text(authority), (), ("AI Act Art. 27(3)", "AI Act Art. 70(1)")),
        Field("deployer", pgettext("FRIA notification", "Deployer"),
              _join(meta.organisation, meta.department)),
        Field("deployer_contact", pgettext("FRIA notification", "Address and contact details"),
              a.text("fria.deployer_contact"), ("fria.deployer_contact",)),
        Field("system", pgettext("FRIA notification", "High-risk AI system"),
              _join(meta.system, a.text("system.name")), ("system.name",)),
        Field("provider_entry", pgettext("FRIA notification",
                                         "Provider's entry in the EU database"),
              a.text("fria.provider_entry"), ("fria.provider_entry",), ("AI Act Art. 71",)),
        Field("assessment", pgettext("FRIA notification", "Assessment"),
              pgettext("FRIA notification", "{id}, dated {date}").format(
                  id=result.assessment_id,
                  date=i18n.format_date(meta.date) if meta.date else "—")),
    ]
    for e in elements:
        fields.append(Field(f"element_{e.key}", e.title, e.text, e.answers, (e.ref,)))
    return tuple(fields)


def _registration(a: _Answers, answers: Answers, result: Result, summary: str
                  ) -> tuple[Field, ...]:
    """Annex VIII Section C, points 1-5, for Art. 49(3)."""
    meta = answers.meta
    return (
        Field("deployer", pgettext("EU database", "Name, address and contact details of the "
                                   "deployer"),
              _with_name(meta.organisation, a.text("fria.deployer_contact")),
              ("fria.deployer_contact",), ("AI Act Annex VIII C 1",)),
        Field("submitter", pgettext("EU database", "Name, address and contact details of the "
                                    "person submitting the information on the deployer's "
                                    "behalf"),
              a.text("fria.submitter"), ("fria.submitter",), ("AI Act Annex VIII C 2",)),
        Field("provider_entry", pgettext("EU database", "URL of the system's entry in the EU "
                                         "database, made by its provider"),
              a.text("fria.provider_entry"), ("fria.provider_entry",),
              ("AI Act Annex VIII C 3",)),
        Field("fria_summary", pgettext("EU database", "Summary of the findings of the "
                                       "fundamental rights impact assessment"),
              summary, (), ("AI Act Annex VIII C 4", "AI Act Art. 27")),
        Field("dpia_summary", pgettext("EU database", "Summary of the data protection impact "
                                       "assessment"),
              _dpia_summary(a, result), ("dpia.done",),
              ("AI Act Annex VIII C 5", "AI Act Art. 26(8)", "GDPR Art. 35")),
    )


def authority_text(authority: Authority) -> str:
    """The authority as the notification names it, saying how sure the source is."""
    if authority.status == "designated" and authority.name:
        return authority.name
    if authority.status == "reported" and authority.name:
        return pgettext("FRIA notification", "{name} (as reported; verify before notifying)"
                        ).format(name=authority.name)
    if authority.status == "undesignated":
        return pgettext("FRIA notification", "Not yet designated: ask the national "
                        "coordinating authority or your legal adviser.")
    return pgettext("FRIA notification", "Not known to riskkit for this country: check the "
                    "authorities the Member State has designated.")


def _with_name(name: str, contact: str) -> str:
    """The deployer's name and contact details, the name once even when the contact has it."""
    return contact if name and name in contact else _join(name, contact)


def _join(*parts: str) -> str:
    return ", ".join(p.strip() for p in parts if p and p.strip())


def _sentence(text: str) -> str:
    """Free text as a sentence: whitespace folded, a full stop added when it has none."""
    text = " ".join(text.split())
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def _lower(text: str) -> str:
    """A label used inside a sentence: first letter lowered unless it starts an acronym."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


# --- JSON --------------------------------------------------------------------------------------


def to_json(fria: Fria) -> dict[str, Any]:
    """The ``fria`` and ``eu_database`` keys of ``riskkit score --json``.

    ``fria.required`` is ``"now"``, the ISO date from which it is due, or ``false``;
    ``fria.good_practice`` is true when the article names the deployer but the AI Act does not
    bind it yet, and the elements are drafted all the same.
    """
    req = fria.requirement
    required: Any = {"now": "now", "from_date": req.date}.get(req.status, False)
    out: dict[str, Any] = {"fria": {"required": required,
                                    "good_practice": req.status == "good_practice",
                                    "reason": req.reason, "refs": list(req.refs)}}
    if req.status == "not_required":
        return out
    out["fria"]["elements"] = {
        e.key: {"title": e.title, "ref": e.ref, "text": e.text,
                "statements": [{"text": s.text, "answers": list(s.answers),
                                "refs": list(s.refs)} for s in e.statements],
                "answers": list(e.answers), "gaps": list(e.gaps),
                **({"dpia": e.dpia} if e.dpia else {})}
        for e in fria.elements}
    out["fria"]["summary"] = fria.summary
    authority = fria.authority
    out["fria"]["notification"] = {
        "ref": "AI Act Art. 27(3)",
        "authority": {"country": authority.country, "name": authority.name or None,
                      "status": authority.status, "source": authority.source or None}
        if authority else None,
        "template": template_note(),
        "fields": _fields_json(fria.notification),
    }
    if fria.registration:
        out["eu_database"] = {"ref": "AI Act Art. 49(3), Annex VIII Section C",
                              "fields": _fields_json(fria.registration)}
    return out


def _fields_json(fields: Sequence[Field]) -> dict[str, Any]:
    return {f.key: {"label": f.label, "value": f.value or None, "answers": list(f.answers),
                    "refs": list(f.refs)} for f in fields}


def template_note() -> str:
    """Art. 27(5): the AI Office develops the notification template; riskkit's sources do not
    record its fields, so the notification carries the elements Art. 27(1) and (3) name."""
    return pgettext("FRIA notification", "The AI Office's template for the notification "
                    "(AI Act Art. 27(5)) is not in riskkit's sources: these fields follow "
                    "Art. 27(1) and (3). Copy them into the template the authority asks for.")
