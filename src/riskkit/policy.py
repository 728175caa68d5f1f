"""Policy packs: an organisation's own AI policy, checked clause by clause against the answers.

A pack (``questionnaires/policies/<id>.yaml``, format in docs/policy-format.md) lists the
clauses of one policy, each in the policy's own words, with the rule that decides it over the
answers to the questionnaire. Loading validates the pack against a questionnaire and reports
every problem at once with file, line and field, as `riskkit.questionnaire` does; evaluating
is pure.

A clause's status:

- ``not_applicable``: its ``applies`` condition is false (e.g. a personal-data clause when no
  personal data is processed). Conditions use riskkit's condition language, so with ``may``
  an unknown answer never makes a clause not applicable.
- ``not_met``: some requirement is broken by a known answer. A clause whose known answers
  already break it is not met whatever its unknown answers would be.
- ``unknown``: no requirement is broken, but one rests on ``dont_know``, no answer, or a
  question that is not asked although the clause applies.
- ``met``: every requirement holds. A clause without requirements is met by making the
  assessment itself (e.g. "use the NIST AI RMF as guidance": riskkit's method does).

A clause's strength is how binding the policy's own words make it, so that riskkit never
enforces as a duty what the policy only advises:

- ``must`` ("skal", "ska", "must"): a clause not met is a measure in the treatment plan.
- ``should`` ("bør", "bör", "should"): evaluated the same way, but a clause not met is a
  recommendation in the plan, not a breach.
- ``example`` ("kan være", "for example"): the policy names something to consider, such as a
  risk; it has no requirements, names the risks it is an example of, and is met by their being
  assessed. It never fails.

``wording`` quotes the words of the clause that give its strength; where a pack reads more
into a clause than its words say (a workshop's principle, a duty that names no check), the
clause's ``interpretation`` says what and whose reading it is.

Where packs are found: a pack named in a file (an answers file's ``meta.policy``, a PDF's
result) is looked up by id, and by content hash where the file records it, among the shipped
packs and the organisation's own in ``--policies DIR`` or ``$RISKKIT_POLICIES`` (`find`);
only the command line (``--policy PATH``) may name a file (`resolve`).

Public API: `load`, `resolve`, `find`, `configured_dirs`, `shipped`, `ids`, `evaluate`,
`validate`, and for display
`title`, `clause_text`, `interpretation_text`, `status_label`, `strength_label`, `reasons`,
`summary_lines`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from riskkit.core.answers import Answers, effective_values
from riskkit.core.conditions import Condition, ConditionError, compile_condition
from riskkit.core.derive import DERIVED_ONLY, derive
from riskkit.core.establish import asserting, establish
from riskkit.core.facts import KNOWN_FACTS, FactState
from riskkit.core.model import Question, Questionnaire
from riskkit.core.result import ClauseAnswer, ClauseResult, Interpretation, PolicyResult
from riskkit.core.values import NOT_APPLICABLE, is_unknown
from riskkit.errors import Problem, ProblemsError, RiskkitError
from riskkit.i18n import content, ctx, pgettext
from riskkit.questionnaire import ID_PATTERN, _Checker, _in_file_order, _read

LANGUAGES = ("nb", "sv", "da", "en")
STATUSES = ("met", "not_met", "unknown", "not_applicable")
STRENGTHS = ("must", "should", "example")
DEFAULT_OWNER = "department_head"
PACK_ID_PATTERN = re.compile(r"^[a-z0-9]+([-_][a-z0-9]+)*$")

PACK_FIELDS = {"id", "title", "organisation", "language", "source", "clauses"}
CLAUSE_FIELDS = {
    "id", "ref", "text", "strength", "wording", "interpretation", "owner", "risks", "applies",
    "requires",
}
INTERPRETATION_FIELDS = {"by", "text"}
REQUIREMENT_FIELDS = {"question", "in", "any_of", "none_of", "if_asked", "applies"}


# --- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """One condition on one answer; a clause is met when all of its requirements hold.

    ``allowed`` (``in:``): the answer is one of these values; for a multi question, every
    value chosen is one of these. ``any_of`` (multi): at least one of these is chosen.
    ``none_of`` (multi): none of these is chosen.
    ``if_asked``: a question the answers do not ask (its ``when`` is false) meets the
    requirement, e.g. "no special categories" when no personal data is processed at all.
    ``applies``: a condition under which this one requirement is part of the clause, for a
    check the policy implies only for some systems (testing for differences between groups
    only where the system assesses or treats people).
    """

    question: str
    allowed: tuple[str, ...] | None = None
    any_of: tuple[str, ...] | None = None
    none_of: tuple[str, ...] | None = None
    line: int = 0
    if_asked: bool = False
    applies: Condition | None = None

    def holds(self, value: Any) -> bool:
        """Whether a known answer (not dont_know, not missing) meets the requirement."""
        chosen = {str(v) for v in (value if isinstance(value, list) else [value])}
        if self.allowed is not None and not chosen <= set(self.allowed):
            return False
        if self.any_of is not None and not chosen & set(self.any_of):
            return False
        if self.none_of is not None and chosen & set(self.none_of):
            return False
        return True


@dataclass(frozen=True)
class Clause:
    id: str
    text: str  # the policy's own words
    ref: str = ""
    strength: str = "must"  # must | should | example (STRENGTHS)
    wording: str = ""  # the words of `text` that give the strength
    interpretation: Interpretation | None = None  # in the pack's language
    owner: str | None = None
    risks: tuple[str, ...] = ()
    applies: Condition | None = None
    requires: tuple[Requirement, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class PolicyPack:
    id: str
    title: str
    organisation: str
    language: str
    source: str
    clauses: tuple[Clause, ...]
    content_hash: str = ""
    path: str = ""

    @cached_property
    def clause_by_id(self) -> Mapping[str, Clause]:
        return {c.id: c for c in self.clauses}


# --- text in the active language ------------------------------------------------------------


def title(pack: PolicyPack) -> str:
    """The pack's title, translated where a catalog has it (context ``policy:<id>:title``)."""
    return pgettext(ctx("policy", pack.id, "title"), pack.title) if pack.title else ""


def clause_text(pack: PolicyPack, clause: Clause) -> str:
    """A clause's text: the policy's own words unless a catalog translates them."""
    return pgettext(ctx("clause", f"{pack.id}.{clause.id}", "text"), clause.text)


def interpretation_text(pack: PolicyPack, clause: Clause) -> Interpretation | None:
    """A clause's interpretation with its text in the active language (context
    ``clause:<pack>.<clause>:interpretation``); who interprets is a name, not translated."""
    if clause.interpretation is None:
        return None
    return Interpretation(
        clause.interpretation.by,
        pgettext(
            ctx("clause", f"{pack.id}.{clause.id}", "interpretation"), clause.interpretation.text
        ),
    )


def strength_label(strength: str) -> str:
    return {
        # Translators: a policy clause's strength: the policy says "shall/must"
        "must": pgettext("policy clause strength", "must"),
        # Translators: a policy clause's strength: the policy says "should" (advice)
        "should": pgettext("policy clause strength", "should"),
        # Translators: a policy clause's strength: the policy gives it as an example ("can be")
        "example": pgettext("policy clause strength", "example"),
    }[strength]


def status_label(status: str) -> str:
    return {
        "met": pgettext("policy clause status", "met"),
        "not_met": pgettext("policy clause status", "not met"),
        "unknown": pgettext("policy clause status", "not known"),
        "not_applicable": pgettext("policy clause status", "not applicable"),
    }[status]


def measure_text(pack: PolicyPack, clause: Clause) -> str:
    """The treatment-plan text of a clause that is not met: a measure for a `must`, a
    recommendation for a `should` (the policy advises it, so the plan must not call it a
    duty)."""
    if clause.strength == "should":
        template = pgettext("policy measure", "Recommended by {policy}, {clause}: {text}")
    else:
        template = pgettext("policy measure", "Meet {policy}, {clause}: {text}")
    return template.format(
        policy=title(pack), clause=clause.ref or clause.id, text=clause_text(pack, clause)
    )


def reasons(questionnaire: Questionnaire, clause: ClauseResult) -> list[str]:
    """Why a clause has its status, one line per answer behind it, in the active language:
    the question as asked and the answer given (for the report's "why" column)."""
    if clause.strength == "example" and clause.status == "met":
        titles = [
            content.risk_title(questionnaire.risk_by_id[r])
            for r in clause.risks
            if r in questionnaire.risk_by_id
        ]
        return [
            pgettext(
                "policy reason",
                "An example the policy gives, not a requirement: assessed in the risk "
                "assessment as {risks}.",
            ).format(risks="; ".join(titles))
        ]
    lines = []
    for found in clause.answers:
        question = questionnaire.by_id.get(found.question)
        asked = content.question_text(question) if question else found.question
        if found.outcome == "not_asked":
            answer = pgettext("policy reason", "not asked with these answers")
        elif found.value is None:
            answer = pgettext("policy reason", "not answered")
        elif question is not None:
            answer = content.answer_text(question, found.value)
        else:
            answer = str(found.value)
        lines.append(
            pgettext("policy reason", "{question} {answer}").format(question=asked, answer=answer)
        )
    if not lines and clause.status == "met":
        lines.append(pgettext("policy reason", "Met by carrying out this assessment."))
    elif not lines and clause.status == "not_applicable":
        lines.append(pgettext("policy reason", "Does not apply to this system."))
    return lines


# --- evaluation (pure) ----------------------------------------------------------------------


def evaluate(pack: PolicyPack, questionnaire: Questionnaire, answers: Answers) -> PolicyResult:
    """Every clause's status and the answers behind it."""
    country = answers.meta.country
    effective = effective_values(questionnaire, answers.values, country)
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}
    # Clauses apply on facts as the verdicts do (`fact('personal_data')`): what all the
    # answers establish together, not the one answer that names it.
    facts, sources = derive(*establish(questionnaire, effective))
    results = tuple(
        _clause(pack, c, effective, order, country, questionnaire, facts, sources)
        for c in pack.clauses
    )
    counts = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
    return PolicyResult(
        id=pack.id,
        title=title(pack),
        organisation=pack.organisation,
        language=pack.language,
        source=pack.source,
        hash=pack.content_hash,
        clauses=results,
        counts=counts,
    )


def _clause(
    pack: PolicyPack,
    clause: Clause,
    effective: Mapping[str, Any],
    order: Mapping[str, int],
    country: str | None,
    questionnaire: Questionnaire,
    facts: Mapping[str, FactState],
    sources: Mapping[str, Sequence[str]],
) -> ClauseResult:
    def result(status: str, found: list[ClauseAnswer]) -> ClauseResult:
        return ClauseResult(
            clause.id,
            clause.ref,
            clause_text(pack, clause),
            status,
            tuple(found),
            clause.owner or DEFAULT_OWNER,
            clause.risks,
            clause.strength,
            clause.wording,
            interpretation_text(pack, clause),
        )

    if clause.applies is not None and not clause.applies.evaluate(effective, country, facts):
        # The answers that decide the condition (for a fact, the answers that could assert
        # it); questions not asked decide nothing.
        read = set(clause.applies.refs) | {
            q
            for f in clause.applies.facts
            for q in (*sources.get(f, ()), *asserting(questionnaire, f))
        }
        refs = sorted(
            (r for r in read if effective.get(r) is not NOT_APPLICABLE),
            key=lambda r: (order.get(r, len(order)), r),
        )
        return result(
            "not_applicable",
            [ClauseAnswer(r, _stored(effective.get(r)), "condition") for r in refs],
        )
    checked = []
    undecided = []  # the answers that keep the clause from being decided
    for req in clause.requires:
        if req.applies is not None and not req.applies.evaluate(effective, country, facts):
            continue
        value = effective.get(req.question, NOT_APPLICABLE)
        # A question this questionnaire (an older version, say) lacks was never put to the
        # assessor: nothing is known, even for an `if_asked` requirement, which holds only
        # because a question's own condition said it did not apply.
        missing = req.question not in questionnaire.by_id
        if missing or value is NOT_APPLICABLE:
            outcome = "not_asked"
        elif is_unknown(value):
            outcome = "unknown"
        else:
            outcome = "holds" if req.holds(value) else "fails"
        found = ClauseAnswer(req.question, _stored(value), outcome)
        checked.append(found)
        if outcome == "unknown" or (outcome == "not_asked" and (missing or not req.if_asked)):
            undecided.append(found)
    if any(a.outcome == "fails" for a in checked):
        return result("not_met", [a for a in checked if a.outcome == "fails"])
    if undecided:
        return result("unknown", undecided)
    return result("met", checked)


def _stored(value: Any) -> Any:
    """An effective answer as the result shows it: None for not answered or not asked."""
    if value is NOT_APPLICABLE or value is None or value == "":
        return None
    return list(value) if isinstance(value, (list, tuple)) else value


# --- loading and validation ---------------------------------------------------------------------


def policies_dir() -> Path:
    """Where the shipped packs are: ``questionnaires/policies``."""
    from riskkit.resources import data_dir

    return data_dir("questionnaires") / "policies"


def load(path: Path | str, questionnaire: Questionnaire | None = None) -> PolicyPack:
    """The pack at `path`, validated against `questionnaire` (default: the shipped one);
    ProblemsError lists every problem with file, line and field."""
    pack, problems = _load(Path(path), questionnaire or _default_questionnaire())
    if problems or pack is None:
        raise ProblemsError(_in_file_order(problems))
    return pack


def validate(path: Path | str, questionnaire: Questionnaire | None = None) -> list[Problem]:
    """Every problem in the pack at `path`."""
    return _in_file_order(_load(Path(path), questionnaire or _default_questionnaire())[1])


def shipped(questionnaire: Questionnaire | None = None) -> list[PolicyPack]:
    """The packs shipped with riskkit, ordered by id."""
    return [load(p, questionnaire) for p in _shipped_paths().values()]


def ids() -> list[str]:
    """The ids of the shipped packs (read from the files' names, without loading them)."""
    return list(_shipped_paths())


#: The environment variable naming the folders of the organisation's own packs (like PATH).
POLICIES_ENV = "RISKKIT_POLICIES"


def configured_dirs(given: Sequence[str | Path] | None, environ: Mapping[str, str]
                    ) -> tuple[Path, ...]:
    """The folders of the organisation's own packs: ``--policies DIR`` (given on the command
    line, in order), else ``$RISKKIT_POLICIES`` (folders separated as in PATH)."""
    if given:
        return tuple(Path(d).expanduser() for d in given)
    value = environ.get(POLICIES_ENV, "")
    return tuple(Path(d).expanduser() for d in value.split(os.pathsep) if d.strip())


def resolve(
    id_or_path: str | Path,
    questionnaire: Questionnaire | None = None,
    dirs: Sequence[Path] = (),
) -> PolicyPack:
    """The pack a person named on the command line (``--policy``): a pack id (looked up as
    `find` does), or the path of a YAML file, which only a person at the keyboard may give.
    """
    value = str(id_or_path).strip()
    if PACK_ID_PATTERN.match(value) and not Path(value).is_file():
        return find(value, questionnaire, dirs)
    return load(Path(value).expanduser(), questionnaire)


def find(pack_id: str, questionnaire: Questionnaire | None = None, dirs: Sequence[Path] = (),
         content_hash: str | None = None, where: str = "") -> PolicyPack:
    """The pack with id ``pack_id`` (and, when given, ``content_hash``): first among the
    organisation's own packs in ``dirs``, then the shipped ones.

    For ids that come from a file someone sent (an answers file's ``meta.policy``, a PDF's
    result): they are never used as a path. A value that is not an id is refused without
    opening anything; in a folder only ``<id>.yaml`` or a regular file whose top-level
    ``id`` is ``pack_id`` is read. ``where`` names the field for the messages.
    """
    value = str(pack_id).strip()
    if not PACK_ID_PATTERN.fullmatch(value) or len(value) > 64:
        raise RiskkitError(pgettext(
            "policy error",
            "{where}“{value}” is not a policy pack id. A pack named in a file is looked up by "
            "its id among the shipped packs and your organisation's own (--policies DIR); "
            "riskkit never opens a path written in a file. Give a pack's file on the command "
            "line with --policy PATH.").format(where=f"{where}: " if where else "",
                                                value=_shown(value)))
    q = questionnaire or _default_questionnaire()
    candidates = [p for d in dirs for p in _own_pack_files(Path(d), value)]
    shipped = _shipped_paths().get(value)
    if shipped is not None:
        candidates.append(shipped)
    found: list[PolicyPack] = []
    for path in candidates:
        pack = load(path, q)
        if pack.id != value:
            continue
        if content_hash is None or pack.content_hash == content_hash:
            return pack
        found.append(pack)
    if found:
        raise RiskkitError(pgettext(
            "policy error",
            "Policy pack “{id}” was found ({paths}), but not with the content recorded "
            "({hash}): it was changed since. Pass --policies DIR with the folder that holds the "
            "version used.").format(id=value, paths=", ".join(p.path for p in found),
                                    hash=str(content_hash)[:19]))
    raise RiskkitError(pgettext(
        "policy error",
        "Policy pack “{id}” is neither shipped with riskkit ({ids}) nor in {dirs}. If it is "
        "your organisation's own, pass --policies DIR with the folder that holds it (or set "
        "RISKKIT_POLICIES).").format(
        id=value, ids=", ".join(_shipped_paths()) or "—",
        dirs=", ".join(str(d) for d in dirs) if dirs else pgettext(
            "policy error", "any folder given with --policies")))


def _own_pack_files(folder: Path, pack_id: str) -> list[Path]:
    """Regular files in ``folder`` that may hold the pack ``pack_id``: ``<id>.yaml`` first,
    then any other ``*.yaml`` whose top-level ``id:`` says so (read as text, not parsed).
    FIFOs, devices and links to them are never opened."""
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []
    named = [p for p in entries if p.name in (f"{pack_id}.yaml", f"{pack_id}.yml")]
    others = [p for p in entries if p.suffix in (".yaml", ".yml") and p not in named]
    out = [p for p in named if _regular(p)]
    pattern = re.compile(rf"(?m)^id:\s*[\"']?{re.escape(pack_id)}[\"']?\s*(#.*)?$")
    for path in others:
        if not _regular(path):
            continue
        try:
            if pattern.search(path.read_text(encoding="utf-8")):
                out.append(path)
        except (OSError, UnicodeDecodeError):
            continue
    return out


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:60] + "…"


def for_answers(
    questionnaire: Questionnaire,
    meta_policy: str,
    answers_path: Path | str | None = None,
    override: str | None = None,
    dirs: Sequence[Path] = (),
) -> PolicyPack | None:
    """The pack an assessment is checked against: `override` (``--policy``: an id or a
    path, typed by a person), else the answers file's `meta.policy`, looked up by id only
    (`find`): a path written in a received file is never opened."""
    if override:
        return resolve(override, questionnaire, dirs)
    if meta_policy:
        where = f"{answers_path}: meta.policy" if answers_path else "meta.policy"
        return find(meta_policy, questionnaire, dirs, where=where)
    return None


def is_pack_file(path: Path | str) -> bool:
    """Whether a YAML file looks like a policy pack (it has top-level ``clauses``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"(?m)^clauses\s*:", text) is not None


def _shipped_paths() -> dict[str, Path]:
    folder = policies_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


_DEFAULT: list[Questionnaire] = []


def _default_questionnaire() -> Questionnaire:
    if not _DEFAULT:
        from riskkit import questionnaire

        _DEFAULT.append(questionnaire.load())
    return _DEFAULT[0]


def _load(path: Path, questionnaire: Questionnaire) -> tuple[PolicyPack | None, list[Problem]]:
    problems: list[Problem] = []
    raw = _read(path, problems)
    if raw is None:
        return None, problems
    check = _Checker(path, problems)
    top = check.mapping(raw, 1, "")
    if top is None:
        return None, problems
    check.unknown_fields(top, PACK_FIELDS, "")
    pid = check.text(top, "id", "")
    if pid and not PACK_ID_PATTERN.match(pid):
        check.add(
            top.line_of("id"),
            "id",
            pgettext("policy check", "a pack id is lowercase letters and digits, joined by - or _"),
        )
    language = check.text(top, "language", "")
    if language and language not in LANGUAGES:
        check.add(
            top.line_of("language"),
            "language",
            pgettext("policy check", "unknown language `{language}` (allowed: {allowed})").format(
                language=language, allowed=", ".join(LANGUAGES)
            ),
        )
    clauses = _clauses(top, check, questionnaire)
    pack = PolicyPack(
        id=pid,
        title=check.text(top, "title", ""),
        organisation=check.text(top, "organisation", ""),
        language=language,
        source=check.text(top, "source", ""),
        clauses=tuple(clauses),
        content_hash="sha256:"
        + hashlib.sha256(
            json.dumps(raw, sort_keys=True, default=str, ensure_ascii=False).encode()
        ).hexdigest(),
        path=str(path),
    )
    return (None if problems else pack), problems


def _clauses(top: Any, check: _Checker, questionnaire: Questionnaire) -> list[Clause]:
    raw = top.get("clauses")
    if not isinstance(raw, list) or not raw:
        check.add(
            top.line_of("clauses"),
            "",
            pgettext("policy check", "field `clauses` must be a non-empty list"),
        )
        return []
    roles = {r.id for r in questionnaire.roles}
    seen: dict[str, int] = {}
    clauses = []
    for item in raw:
        data = check.mapping(item, top.line_of("clauses"), pgettext("policy check", "clause"))
        if data is None:
            continue
        cid = check.text(data, "id", pgettext("policy check", "clause"))
        where = pgettext("policy check", "clause `{id}`").format(id=cid)
        check.unknown_fields(data, CLAUSE_FIELDS, where)
        if cid and not ID_PATTERN.match(cid):
            check.add(
                data.line_of("id"),
                where,
                pgettext(
                    "policy check",
                    "an id is lowercase letters, digits and underscores, joined by dots",
                ),
            )
        if cid in seen:
            check.add(
                data.line_of("id"),
                where,
                pgettext("policy check", "duplicate clause id (first at line {line})").format(
                    line=seen[cid]
                ),
            )
        seen.setdefault(cid, data.line)
        owner = data.get("owner")
        if owner is not None and str(owner) not in roles:
            check.add(
                data.line_of("owner"),
                where,
                pgettext("policy check", "unknown role `{role}` (roles: {roles})").format(
                    role=owner, roles=", ".join(r.id for r in questionnaire.roles)
                ),
            )
        risks = check.strings(data, "risks", where)
        for risk in risks:
            if risk not in questionnaire.risk_by_id:
                check.add(
                    data.line_of("risks"),
                    where,
                    pgettext("policy check", "unknown risk `{risk}`").format(risk=risk),
                )
        applies = _applies(data, where, check, questionnaire)
        requires = _requirements(data, where, check, questionnaire)
        text = check.text(data, "text", where)
        strength, wording = _strength(data, where, text, check)
        if strength == "example" and (requires or not risks):
            check.add(
                data.line_of("strength"),
                where,
                pgettext(
                    "policy check",
                    "an `example` clause informs the risk assessment and never fails: give "
                    "it `requires: []` and name in `risks` the risks it is an example of",
                ),
            )
        clauses.append(
            Clause(
                id=cid,
                text=text,
                ref=check.text(data, "ref", where, required=False),
                strength=strength,
                wording=wording,
                interpretation=_interpretation(data, where, check),
                owner=str(owner) if owner is not None else None,
                risks=risks,
                applies=applies,
                requires=tuple(requires),
                line=data.line,
            )
        )
    return clauses


def _strength(data: Any, where: str, text: str, check: _Checker) -> tuple[str, str]:
    """The clause's strength and the words that give it, which must be words of its text:
    the reader then sees in the policy's own wording why a clause is a duty or advice."""
    strength = check.text(data, "strength", where)
    if strength and strength not in STRENGTHS:
        check.add(
            data.line_of("strength"),
            where,
            pgettext("policy check", "unknown strength `{strength}` (allowed: {allowed})").format(
                strength=strength, allowed=", ".join(STRENGTHS)
            ),
        )
    wording = check.text(data, "wording", where)
    if wording and text and _normal(wording) not in _normal(text):
        check.add(
            data.line_of("wording"),
            where,
            pgettext(
                "policy check",
                "`wording` must quote words of the clause's `text` (“{wording}” is not in it)",
            ).format(wording=wording),
        )
    return strength if strength in STRENGTHS else "must", wording


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _interpretation(data: Any, where: str, check: _Checker) -> Interpretation | None:
    """What the pack reads into the clause beyond its words, and whose reading it is."""
    if data.get("interpretation") is None:
        return None
    found = check.mapping(data.get("interpretation"), data.line_of("interpretation"), where)
    if found is None:
        return None
    iwhere = pgettext("policy check", "{clause}, interpretation").format(clause=where)
    check.unknown_fields(found, INTERPRETATION_FIELDS, iwhere)
    by = check.text(found, "by", iwhere)
    text = check.text(found, "text", iwhere)
    return Interpretation(by, text) if by and text else None


def _applies(data: Any, where: str, check: _Checker, q: Questionnaire) -> Condition | None:
    if data.get("applies") is None:
        return None
    try:
        condition = compile_condition(str(data["applies"]))
    except ConditionError as exc:
        check.add(
            data.line_of("applies"),
            where,
            pgettext("policy check", "condition `applies`: {error}").format(error=exc),
        )
        return None
    for ref in sorted(condition.refs):
        if ref not in q.by_id:
            check.add(
                data.line_of("applies"),
                where,
                pgettext(
                    "policy check", "condition `applies` refers to unknown question `{ref}`"
                ).format(ref=ref),
            )
    for name in sorted(condition.facts - KNOWN_FACTS - DERIVED_ONLY):
        check.add(
            data.line_of("applies"),
            where,
            pgettext(
                "policy check",
                "condition `applies` refers to unknown fact `{fact}` (see "
                "docs/questionnaire-format.md)",
            ).format(fact=name),
        )
    return condition


def _requirements(data: Any, where: str, check: _Checker, q: Questionnaire) -> list[Requirement]:
    raw = data.get("requires")
    if raw is None:
        check.add(
            data.line,
            where,
            pgettext(
                "policy check",
                "field `requires` is missing (write `requires: []` for a clause that carrying "
                "out the assessment itself meets)",
            ),
        )
        return []
    if not isinstance(raw, list):
        check.add(
            data.line_of("requires"),
            where,
            pgettext("policy check", "field `requires` must be a list of requirements"),
        )
        return []
    found = []
    for item in raw:
        r = check.mapping(item, data.line_of("requires"), where)
        if r is None:
            continue
        qid = check.text(r, "question", where)
        rwhere = pgettext("policy check", "{clause}, requirement on `{question}`").format(
            clause=where, question=qid
        )
        check.unknown_fields(r, REQUIREMENT_FIELDS, rwhere)
        question = q.by_id.get(qid)
        if qid and question is None:
            check.add(
                r.line_of("question"),
                rwhere,
                pgettext("policy check", "unknown question `{question}`").format(question=qid),
            )
        elif question is not None and not question.closed:
            check.add(
                r.line_of("question"),
                rwhere,
                pgettext(
                    "policy check",
                    "`{question}` is a {type} question; requirements need a closed question "
                    "(yesno, single, multi, scale)",
                ).format(question=qid, type=question.type),
            )
            question = None
        lists = {}
        for key in ("in", "any_of", "none_of"):
            if key in r:
                lists[key] = _values(r, key, rwhere, check, question)
        if not lists:
            check.add(
                r.line,
                rwhere,
                pgettext("policy check", "a requirement needs `in`, `any_of` or `none_of`"),
            )
        if question is not None and question.type != "multi":
            for key in ("any_of", "none_of"):
                if key in lists:
                    check.add(
                        r.line_of(key),
                        rwhere,
                        pgettext(
                            "policy check",
                            "`{key}` is for multi questions; `{question}` is {type}: use `in`",
                        ).format(key=key, question=qid, type=question.type),
                    )
        applies = _applies(r, rwhere, check, q)
        if_asked = r.get("if_asked", False)
        if not isinstance(if_asked, bool):
            check.add(
                r.line_of("if_asked"),
                rwhere,
                pgettext("policy check", "field `if_asked` must be true or false"),
            )
        found.append(
            Requirement(
                qid,
                lists.get("in"),
                lists.get("any_of"),
                lists.get("none_of"),
                line=r.line,
                if_asked=if_asked is True,
                applies=applies,
            )
        )
    return found


def _values(
    r: Any, key: str, where: str, check: _Checker, question: Question | None
) -> tuple[str, ...]:
    raw = r.get(key)
    if (
        not isinstance(raw, list)
        or not raw
        or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in raw)
    ):
        check.add(
            r.line_of(key),
            where,
            pgettext("policy check", "`{key}` must be a non-empty list of values").format(key=key),
        )
        return ()
    if question is not None:
        allowed = [str(v) for v in question.values()]
        for value in raw:
            if str(value) not in allowed:
                check.add(
                    r.line_of(key),
                    where,
                    pgettext(
                        "policy check",
                        "`{value}` is not a value of question `{question}` (values: {allowed})",
                    ).format(value=value, question=question.id, allowed=", ".join(allowed)),
                )
    return tuple(str(v) for v in raw)


# --- the terminal ---------------------------------------------------------------------------


def summary_lines(result: PolicyResult) -> Iterator[str]:
    """A short account for the terminal: counts, then each clause not met or not known."""
    yield pgettext("policy summary", "Policy: {title} ({organisation})").format(
        title=result.title, organisation=result.organisation
    )
    counts = result.counts
    yield "  " + pgettext(
        "policy summary", "{met} met, {not_met} not met, {unknown} not known, {na} not applicable"
    ).format(
        met=counts["met"],
        not_met=counts["not_met"],
        unknown=counts["unknown"],
        na=counts["not_applicable"],
    )
    for clause in result.clauses:
        if clause.status in ("not_met", "unknown"):
            where = f" ({clause.ref})" if clause.ref else ""
            label = status_label(clause.status)
            if clause.strength == "should":
                label = pgettext("policy summary", "{status} (recommended)").format(status=label)
            yield f"  {label}: {clause.id}{where}: {clause.text}"
