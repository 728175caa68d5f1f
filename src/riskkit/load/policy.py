"""Policy pack files: read, validated against a questionnaire (every problem at once with file,
line and field, like riskkit.load.questionnaire) and found by id.

Where packs are found: a pack named in a file (an answers file's ``meta.policy``, a PDF's
result) is looked up by id, and by content hash where the file records it, among the shipped
packs and the organisation's own in ``--policies DIR`` or ``$RISKKIT_POLICIES`` (`find`);
only the command line (``--policy PATH``) may name a file (`resolve`). The model and its
evaluation are riskkit.core.policy.

Public API: `load`, `resolve`, `find`, `configured_dirs`, `shipped`, `ids`, `validate`,
`for_answers`, `is_pack_file`, `policies_dir`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from riskkit.core.conditions import Condition, ConditionError, compile_condition
from riskkit.core.derive import DERIVED_ONLY
from riskkit.core.facts import KNOWN_FACTS
from riskkit.core.model import Question, Questionnaire
from riskkit.core.policy import (
    CLAUSE_FIELDS,
    INTERPRETATION_FIELDS,
    LANGUAGES,
    PACK_FIELDS,
    PACK_ID_PATTERN,
    REQUIREMENT_FIELDS,
    STRENGTHS,
    Clause,
    PolicyPack,
    Requirement,
)
from riskkit.core.result import Interpretation
from riskkit.errors import Problem, ProblemsError, RiskkitError
from riskkit.i18n import pgettext
from riskkit.load.checker import ID_PATTERN, Checker, in_file_order, read_top

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
        raise ProblemsError(in_file_order(problems))
    return pack


def validate(path: Path | str, questionnaire: Questionnaire | None = None) -> list[Problem]:
    """Every problem in the pack at `path`."""
    return in_file_order(_load(Path(path), questionnaire or _default_questionnaire())[1])


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


def _default_questionnaire() -> Questionnaire:
    """The shipped questionnaire, from the questionnaire loader's own cache."""
    from riskkit.load import questionnaire  # imported late: it imports this module's checker

    return questionnaire.load()


def _load(path: Path, questionnaire: Questionnaire) -> tuple[PolicyPack | None, list[Problem]]:
    problems: list[Problem] = []
    opened = read_top(path, problems)
    if opened is None:
        return None, problems
    check, top = opened
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
            json.dumps(top, sort_keys=True, default=str, ensure_ascii=False).encode()
        ).hexdigest(),
        path=str(path),
    )
    return (None if problems else pack), problems


def _clauses(top: Any, check: Checker, questionnaire: Questionnaire) -> list[Clause]:
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


def _strength(data: Any, where: str, text: str, check: Checker) -> tuple[str, str]:
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


def _interpretation(data: Any, where: str, check: Checker) -> Interpretation | None:
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


def _applies(data: Any, where: str, check: Checker, q: Questionnaire) -> Condition | None:
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


def _requirements(data: Any, where: str, check: Checker, q: Questionnaire) -> list[Requirement]:
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
    r: Any, key: str, where: str, check: Checker, question: Question | None
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

