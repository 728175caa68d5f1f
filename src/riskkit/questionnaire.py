"""Load and validate a questionnaire and the files it names.

Every problem is collected and reported at once, each with file, line and field, because a
person fixing a questionnaire wants the whole list, not one error per run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from riskkit.core.conditions import ConditionError, compile_condition
from riskkit.core.facts import KNOWN_FACTS
from riskkit.core.model import (
    Choice,
    Delta,
    DpiaCountry,
    DpiaListItem,
    Level,
    Matrix,
    NistCategory,
    Practice,
    Question,
    Questionnaire,
    Risk,
    Role,
    Scale,
    ScalePoint,
    Section,
)
from riskkit.core.values import CLOSED_TYPES, DONT_KNOW, QUESTION_TYPES, YESNO_VALUES
from riskkit.errors import Problem, ProblemsError
from riskkit.i18n import pgettext
from riskkit.load import yamlio
from riskkit.load.yamlio import LineDict
from riskkit.resources import default_questionnaire

ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
CHARACTERISTICS = (
    "valid_reliable",
    "safe",
    "secure_resilient",
    "accountable_transparent",
    "explainable_interpretable",
    "privacy_enhanced",
    "fair_bias_managed",
)
TREATMENTS = ("modify", "retain", "avoid", "share")

QUESTION_FIELDS = {
    "id",
    "since",
    "type",
    "text",
    "help",
    "refs",
    "nist",
    "when",
    "choices",
    "practice",
    "scale",
    "required",
}
CHOICE_FIELDS = {"value", "label", "raises", "mitigates", "facts", "exclusive"}
PRACTICE_FIELDS = {"measure", "in_place", "mitigates", "owner"}


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


class _Checker:
    """Collects problems for one file; `where` names the question, risk or field."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.file = display_path(path)
        self.problems = problems

    def add(self, line: int | None, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, where, message))

    def mapping(self, value: Any, line: int, where: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.add(line, where, pgettext("questionnaire check", "expected a mapping of fields"))
        return None

    def text(self, data: LineDict, key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.add(
                    data.line,
                    where,
                    pgettext("questionnaire check", "field `{field}` is missing").format(field=key),
                )
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(
                data.line_of(key),
                where,
                pgettext("questionnaire check", "field `{field}` must be text").format(field=key),
            )
            return ""
        text = str(value).strip()
        if required and not text:  # `text: ""` would show a blank question or title
            self.add(
                data.line_of(key),
                where,
                pgettext("questionnaire check", "field `{field}` is missing").format(field=key),
            )
        return text

    def strings(self, data: LineDict, key: str, where: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.add(
                data.line_of(key),
                where,
                pgettext("questionnaire check", "field `{field}` must be a list of words").format(
                    field=key
                ),
            )
            return ()
        return tuple(str(v) for v in value)

    def integer(self, data: LineDict, key: str, where: str, default: int | None = None) -> int:
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(
                data.line_of(key),
                where,
                pgettext("questionnaire check", "field `{field}` must be a whole number").format(
                    field=key
                ),
            )
            return default or 0
        return value

    def unknown_fields(self, data: LineDict, allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(
                    data.line_of(str(key)),
                    where,
                    pgettext(
                        "questionnaire check", "unknown field `{field}` (allowed: {allowed})"
                    ).format(field=key, allowed=", ".join(sorted(allowed))),
                )


def _read(path: Path, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(
            Problem(display_path(path), None, "", pgettext("questionnaire check", "file not found"))
        )
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(
            Problem(
                display_path(path),
                None,
                "",
                pgettext("questionnaire check", "cannot read the file: {error}").format(error=exc),
            )
        )
        return None
    try:
        return yamlio.load(text, display_path(path))
    except ProblemsError as exc:
        problems.extend(exc.problems)
        return None


def load(path: Path | str | None = None) -> Questionnaire:
    """The questionnaire at `path` (default: the shipped one), or ProblemsError listing all."""
    questionnaire, problems = _load(Path(path) if path else default_questionnaire())
    if problems or questionnaire is None:
        raise ProblemsError(_in_file_order(problems))
    return questionnaire


def validate(path: Path | str | None = None) -> list[Problem]:
    """Every problem in the questionnaire at `path` and the files it names."""
    return _in_file_order(_load(Path(path) if path else default_questionnaire())[1])


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


def _load(path: Path) -> tuple[Questionnaire | None, list[Problem]]:
    problems: list[Problem] = []
    raw = _read(path, problems)
    if raw is None:
        return None, problems
    check = _Checker(path, problems)
    top = check.mapping(raw, 1, "")
    if top is None:
        return None, problems
    check.unknown_fields(
        top, {"id", "version", "title", "risks", "matrix", "nist", "dpia_lists", "sections"}, ""
    )
    files = {}
    for key in ("risks", "matrix", "nist", "dpia_lists"):
        name = check.text(top, key, "")
        files[key] = _read(path.parent / name, problems) if name else None
    matrix = _matrix(files["matrix"], path.parent / str(top.get("matrix")), problems)
    roles, risks = _risks(files["risks"], path.parent / str(top.get("risks")), matrix, problems)
    nist = _nist(files["nist"], path.parent / str(top.get("nist")), problems)
    dpia = _dpia_lists(files["dpia_lists"], path.parent / str(top.get("dpia_lists")), problems)
    context = _Context(
        {r.id for r in risks}, {r.id for r in roles}, {s for c in nist for s in c.subcategories}
    )
    sections = _sections(top.get("sections"), top.line_of("sections"), check, context)
    _check_conditions(sections, check)
    if problems or matrix is None:
        return None, problems
    digest = hashlib.sha256(
        json.dumps([raw, *files.values()], sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()
    return Questionnaire(
        id=check.text(top, "id", ""),
        version=str(top.get("version", "")),
        title=check.text(top, "title", ""),
        sections=tuple(sections),
        risks=tuple(risks),
        roles=tuple(roles),
        matrix=matrix,
        nist=tuple(nist),
        dpia_lists=dpia,
        content_hash=f"sha256:{digest}",
        path=str(path),
    ), problems


class _Context:
    def __init__(self, risks: set[str], roles: set[str], nist: set[str]):
        self.risks, self.roles, self.nist = risks, roles, nist
        self.question_ids: dict[str, int] = {}


def _sections(raw: Any, line: int, check: _Checker, ctx: _Context) -> list[Section]:
    if not isinstance(raw, list) or not raw:
        check.add(
            line, "", pgettext("questionnaire check", "field `sections` must be a non-empty list")
        )
        return []
    sections, seen = [], set()
    for item in raw:
        data = check.mapping(item, line, pgettext("questionnaire check", "section"))
        if data is None:
            continue
        sid = check.text(data, "id", pgettext("questionnaire check", "section"))
        where = pgettext("questionnaire check", "section `{id}`").format(id=sid)
        check.unknown_fields(data, {"id", "title", "intro", "questions"}, where)
        if sid in seen:
            check.add(
                data.line_of("id"), where, pgettext("questionnaire check", "duplicate section id")
            )
        seen.add(sid)
        questions = [
            q
            for q in (_question(item, sid, check, ctx) for item in data.get("questions") or [])
            if q
        ]
        if not questions:
            check.add(
                data.line,
                where,
                pgettext("questionnaire check", "a section needs at least one question"),
            )
        sections.append(
            Section(
                sid,
                check.text(data, "title", where),
                check.text(data, "intro", where, required=False),
                tuple(questions),
            )
        )
    return sections


def _question(raw: Any, section: str, check: _Checker, ctx: _Context) -> Question | None:
    data = check.mapping(raw, 0, pgettext("questionnaire check", "question"))
    if data is None:
        return None
    qid = check.text(data, "id", pgettext("questionnaire check", "question"))
    where = pgettext("questionnaire check", "question `{id}`").format(id=qid)
    check.unknown_fields(data, QUESTION_FIELDS, where)
    if qid and not ID_PATTERN.match(qid):
        check.add(
            data.line_of("id"),
            where,
            pgettext(
                "questionnaire check",
                "an id is lowercase letters, digits and underscores, joined by dots",
            ),
        )
    if qid in ctx.question_ids:
        check.add(
            data.line_of("id"),
            where,
            pgettext("questionnaire check", "duplicate question id (first at line {line})").format(
                line=ctx.question_ids[qid]
            ),
        )
    ctx.question_ids.setdefault(qid, data.line)
    qtype = check.text(data, "type", where)
    if qtype and qtype not in QUESTION_TYPES:
        check.add(
            data.line_of("type"),
            where,
            pgettext("questionnaire check", "unknown type `{type}` (allowed: {allowed})").format(
                type=qtype, allowed=", ".join(sorted(QUESTION_TYPES))
            ),
        )
    for ref in check.strings(data, "nist", where):
        if ref not in ctx.nist:
            check.add(
                data.line_of("nist"),
                where,
                pgettext(
                    "questionnaire check",
                    "`{ref}` is not a NIST AI RMF subcategory (e.g. `MEASURE 2.11`)",
                ).format(ref=ref),
            )
    when = None
    if data.get("when") is not None:
        try:
            when = compile_condition(str(data["when"]))
        except ConditionError as exc:
            check.add(
                data.line_of("when"),
                where,
                pgettext("questionnaire check", "condition: {error}").format(error=exc),
            )
        if when is not None and when.facts:
            # Facts follow from every answer, so a question's condition cannot wait for them.
            check.add(
                data.line_of("when"),
                where,
                pgettext(
                    "questionnaire check",
                    "condition: fact(...) is for policy packs; a question's condition reads "
                    "earlier answers",
                ),
            )
            when = None
    scale = _scale(data, where, check) if qtype == "scale" else None
    choices = _choices(data, qtype, scale, where, check, ctx)
    practice = _practice(data, qtype, choices, where, check, ctx)
    if qtype not in CLOSED_TYPES and ("choices" in data or "practice" in data):
        check.add(
            data.line,
            where,
            pgettext("questionnaire check", "{type} questions have no choices or practice").format(
                type=qtype
            ),
        )
    return Question(
        id=qid,
        type=qtype,
        text=check.text(data, "text", where),
        section=section,
        help=check.text(data, "help", where, required=False),
        refs=check.strings(data, "refs", where),
        nist=check.strings(data, "nist", where),
        when=when,
        choices=tuple(choices),
        practice=practice,
        scale=scale,
        required=bool(data.get("required", False)),
        since=str(data.get("since") or ""),
        line=data.line,
    )


def _scale(data: LineDict, where: str, check: _Checker) -> Scale | None:
    raw = check.mapping(data.get("scale"), data.line, where)
    if raw is None:
        return None
    low, high = check.integer(raw, "min", where), check.integer(raw, "max", where)
    if low >= high:
        check.add(
            raw.line, where, pgettext("questionnaire check", "scale `min` must be below `max`")
        )
    return Scale(
        low,
        high,
        check.text(raw, "min_label", where, required=False),
        check.text(raw, "max_label", where, required=False),
    )


def _effects(raw: Any, line: int, where: str, check: _Checker, ctx: _Context) -> dict[str, Delta]:
    if raw is None:
        return {}
    if not isinstance(raw, LineDict):
        check.add(
            line,
            where,
            pgettext(
                "questionnaire check", "effects must map risk ids to likelihood and consequence"
            ),
        )
        return {}
    effects = {}
    for risk, delta in raw.items():
        if risk not in ctx.risks:
            check.add(
                raw.line_of(risk),
                where,
                pgettext("questionnaire check", "references unknown risk `{risk}`").format(
                    risk=risk
                ),
            )
        d = check.mapping(delta, raw.line_of(risk), where)
        if d is None:
            continue
        check.unknown_fields(d, {"likelihood", "consequence"}, where)
        values = {k: check.integer(d, k, where, 0) for k in ("likelihood", "consequence")}
        if any(v < 0 for v in values.values()):
            check.add(
                d.line,
                where,
                pgettext(
                    "questionnaire check", "effects are never negative: lower risk with `mitigates`"
                ),
            )
        effects[str(risk)] = Delta(**values)
    return effects


def _choices(
    data: LineDict, qtype: str, scale: Scale | None, where: str, check: _Checker, ctx: _Context
) -> list[Choice]:
    raw = data.get("choices") or []
    if not isinstance(raw, list):
        check.add(
            data.line_of("choices"),
            where,
            pgettext("questionnaire check", "field `choices` must be a list"),
        )
        return []
    choices, seen = [], set()
    for item in raw:
        c = check.mapping(item, data.line_of("choices"), where)
        if c is None:
            continue
        value = c.get("value")
        cwhere = pgettext("questionnaire check", "{question}, choice `{value}`").format(
            question=where, value=value
        )
        check.unknown_fields(c, CHOICE_FIELDS, cwhere)
        if value is None or str(value) == DONT_KNOW:
            check.add(
                c.line,
                cwhere,
                pgettext(
                    "questionnaire check", "a choice needs a `value`, and `dont_know` is implicit"
                ),
            )
        elif qtype == "yesno" and value not in YESNO_VALUES:
            check.add(
                c.line_of("value"),
                cwhere,
                pgettext("questionnaire check", "yes/no questions have the values yes and no"),
            )
        elif (
            qtype == "scale"
            and scale
            and not (isinstance(value, int) and scale.min <= value <= scale.max)
        ):
            check.add(
                c.line_of("value"),
                cwhere,
                pgettext("questionnaire check", "not a whole number on the scale"),
            )
        if str(value) in seen:
            check.add(
                c.line_of("value"),
                cwhere,
                pgettext("questionnaire check", "duplicate choice value"),
            )
        seen.add(str(value))
        label = c.get("label")
        if qtype in ("single", "multi") and not label:
            check.add(c.line, cwhere, pgettext("questionnaire check", "field `label` is missing"))
        facts = check.strings(c, "facts", cwhere)
        for fact in facts:
            if fact not in KNOWN_FACTS:
                check.add(
                    c.line_of("facts"),
                    cwhere,
                    pgettext(
                        "questionnaire check",
                        "unknown fact `{fact}` (see docs/questionnaire-format.md)",
                    ).format(fact=fact),
                )
        if c.get("exclusive") and qtype != "multi":
            check.add(
                c.line_of("exclusive"),
                cwhere,
                pgettext("questionnaire check", "only multi questions have exclusive choices"),
            )
        mitigates = c.get("mitigates")
        choices.append(
            Choice(
                value=value if isinstance(value, int) else str(value),
                label=str(label).strip() if label else None,
                raises=_effects(c.get("raises"), c.line_of("raises"), cwhere, check, ctx),
                mitigates=None
                if mitigates is None
                else _effects(mitigates, c.line_of("mitigates"), cwhere, check, ctx),
                facts=facts,
                exclusive=bool(c.get("exclusive", False)),
            )
        )
    if qtype in ("single", "multi") and len(choices) < 2:
        check.add(
            data.line,
            where,
            pgettext("questionnaire check", "{type} questions need at least two choices").format(
                type=qtype
            ),
        )
    return choices


def _practice(
    data: LineDict, qtype: str, choices: list[Choice], where: str, check: _Checker, ctx: _Context
) -> Practice | None:
    if "practice" not in data:
        return None
    p = check.mapping(data["practice"], data.line_of("practice"), where)
    if p is None:
        return None
    pwhere = pgettext("questionnaire check", "{question}, practice").format(question=where)
    check.unknown_fields(p, PRACTICE_FIELDS, pwhere)
    raw_in_place = p.get("in_place", ["yes"])
    in_place = tuple(raw_in_place) if isinstance(raw_in_place, list) else (raw_in_place,)
    allowed = {str(v) for v in (YESNO_VALUES if qtype == "yesno" else [c.value for c in choices])}
    for value in in_place:
        if str(value) not in allowed:
            check.add(
                p.line_of("in_place"),
                pwhere,
                pgettext("questionnaire check", "`{value}` is not a value of this question").format(
                    value=value
                ),
            )
    owner = p.get("owner")
    if owner is not None and owner not in ctx.roles:
        check.add(
            p.line_of("owner"),
            pwhere,
            pgettext("questionnaire check", "unknown role `{role}`").format(role=owner),
        )
    return Practice(
        measure=check.text(p, "measure", pwhere),
        in_place=in_place,
        mitigates=_effects(p.get("mitigates"), p.line_of("mitigates"), pwhere, check, ctx),
        owner=str(owner) if owner else None,
    )


def _check_conditions(sections: list[Section], check: _Checker) -> None:
    """Conditions may only look back: dangling, forward and circular references are errors."""
    questions = [q for s in sections for q in s.questions]
    position = {q.id: i for i, q in enumerate(questions)}
    refs = {q.id: q.when.refs if q.when else frozenset() for q in questions}
    for i, q in enumerate(questions):
        where = pgettext("questionnaire check", "question `{id}`").format(id=q.id)
        for ref in sorted(refs[q.id]):
            if ref not in position:
                check.add(
                    q.line,
                    where,
                    pgettext(
                        "questionnaire check", "condition refers to unknown question `{ref}`"
                    ).format(ref=ref),
                )
            elif ref == q.id or _reaches(ref, q.id, refs):
                check.add(
                    q.line,
                    where,
                    pgettext(
                        "questionnaire check", "condition forms a cycle through `{ref}`"
                    ).format(ref=ref),
                )
            elif position[ref] > i:
                check.add(
                    q.line,
                    where,
                    pgettext(
                        "questionnaire check",
                        "condition refers to `{ref}`, which is asked later; conditions may only "
                        "refer to earlier questions",
                    ).format(ref=ref),
                )


def _reaches(start: str, target: str, refs: dict[str, frozenset[str]]) -> bool:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(refs.get(node, ()))
    return False


def _scale_points(raw: Any, key: str, line: int, check: _Checker) -> tuple[ScalePoint, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        check.add(
            line,
            key,
            pgettext("questionnaire check", "field `{field}` must list at least two steps").format(
                field=key
            ),
        )
        return ()
    points = []
    for expected, item in enumerate(raw, start=1):
        p = check.mapping(item, line, key)
        if p is None:
            continue
        check.unknown_fields(p, {"value", "label", "description"}, key)
        value = check.integer(p, "value", key)
        if value != expected:
            check.add(
                p.line,
                key,
                pgettext(
                    "questionnaire check", "steps are numbered 1, 2, 3 … in order; expected {n}"
                ).format(n=expected),
            )
        points.append(
            ScalePoint(
                value,
                check.text(p, "label", key),
                check.text(p, "description", key, required=False),
            )
        )
    return tuple(points)


def _matrix(raw: Any, path: Path, problems: list[Problem]) -> Matrix | None:
    if raw is None:
        return None
    check = _Checker(path, problems)
    data = check.mapping(raw, 1, "")
    if data is None:
        return None
    check.unknown_fields(
        data,
        {"likelihood", "consequence", "levels", "grid", "prior_consultation_from", "review_months"},
        "",
    )
    likelihood = _scale_points(
        data.get("likelihood"), "likelihood", data.line_of("likelihood"), check
    )
    consequence = _scale_points(
        data.get("consequence"), "consequence", data.line_of("consequence"), check
    )
    levels, previous = [], 0
    for item in data.get("levels") or []:
        lv = check.mapping(item, data.line_of("levels"), "levels")
        if lv is None:
            continue
        lid = check.text(lv, "id", "levels")
        where = pgettext("questionnaire check", "level `{id}`").format(id=lid)
        check.unknown_fields(lv, {"id", "label", "max_score", "colour", "deadline_days"}, where)
        max_score = check.integer(lv, "max_score", where)
        if max_score <= previous:
            check.add(
                lv.line,
                where,
                pgettext("questionnaire check", "`max_score` must grow from one level to the next"),
            )
        previous = max_score
        colour = check.text(lv, "colour", where)
        if colour and not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            check.add(
                lv.line_of("colour"),
                where,
                pgettext("questionnaire check", "a colour is written #RRGGBB"),
            )
        levels.append(
            Level(
                lid,
                check.text(lv, "label", where),
                max_score,
                colour,
                check.integer(lv, "deadline_days", where, 90),
            )
        )
    if not levels:
        check.add(
            data.line,
            "levels",
            pgettext("questionnaire check", "field `levels` must list at least one level"),
        )
        return None
    if previous < len(likelihood) * len(consequence):
        check.add(
            data.line_of("levels"),
            "levels",
            pgettext(
                "questionnaire check", "the highest level must reach the largest score, {n}"
            ).format(n=len(likelihood) * len(consequence)),
        )
    ids = {lv.id for lv in levels}
    grid = None
    if data.get("grid") is not None:
        rows = data["grid"]
        if (
            not isinstance(rows, list)
            or len(rows) != len(likelihood)
            or any(not isinstance(r, list) or len(r) != len(consequence) for r in rows)
        ):
            check.add(
                data.line_of("grid"),
                "grid",
                pgettext(
                    "questionnaire check",
                    "the grid needs one row per likelihood step and one column per consequence step",
                ),
            )
        elif any(cell not in ids for row in rows for cell in row):
            check.add(
                data.line_of("grid"),
                "grid",
                pgettext("questionnaire check", "the grid names a level that is not defined"),
            )
        else:
            grid = tuple(tuple(str(c) for c in row) for row in rows)
    pcf = str(data.get("prior_consultation_from", levels[-1].id))
    if pcf not in ids:
        check.add(
            data.line_of("prior_consultation_from"),
            "prior_consultation_from",
            pgettext("questionnaire check", "unknown level `{id}`").format(id=pcf),
        )
    return Matrix(
        likelihood,
        consequence,
        tuple(levels),
        grid,
        pcf,
        check.integer(data, "review_months", "review_months", 12),
    )


def _risks(
    raw: Any, path: Path, matrix: Matrix | None, problems: list[Problem]
) -> tuple[list[Role], list[Risk]]:
    if raw is None:
        return [], []
    check = _Checker(path, problems)
    data = check.mapping(raw, 1, "")
    if data is None:
        return [], []
    roles = []
    for item in data.get("roles") or []:
        r = check.mapping(item, data.line_of("roles"), "roles")
        if r is not None:
            roles.append(Role(check.text(r, "id", "roles"), check.text(r, "label", "roles")))
    role_ids = {r.id for r in roles}
    risks, seen = [], set()
    for item in data.get("risks") or []:
        r = check.mapping(item, data.line_of("risks"), "risks")
        if r is None:
            continue
        rid = check.text(r, "id", "risks")
        where = pgettext("questionnaire check", "risk `{id}`").format(id=rid)
        check.unknown_fields(
            r,
            {
                "id",
                "title",
                "description",
                "characteristics",
                "refs",
                "base",
                "owner",
                "treatment",
                "privacy",
            },
            where,
        )
        if rid in seen:
            check.add(r.line_of("id"), where, pgettext("questionnaire check", "duplicate risk id"))
        seen.add(rid)
        characteristics = check.strings(r, "characteristics", where)
        for c in characteristics:
            if c not in CHARACTERISTICS:
                check.add(
                    r.line_of("characteristics"),
                    where,
                    pgettext(
                        "questionnaire check",
                        "unknown characteristic `{name}` (allowed: {allowed})",
                    ).format(name=c, allowed=", ".join(CHARACTERISTICS)),
                )
        base = check.mapping(r.get("base"), r.line, where) or LineDict()
        base_l = check.integer(base, "likelihood", where, 1)
        base_c = check.integer(base, "consequence", where, 1)
        if matrix and not (
            1 <= base_l <= matrix.max_likelihood and 1 <= base_c <= matrix.max_consequence
        ):
            check.add(
                r.line_of("base"),
                where,
                pgettext("questionnaire check", "the base lies outside the matrix"),
            )
        owner = check.text(r, "owner", where)
        if owner and owner not in role_ids:
            check.add(
                r.line_of("owner"),
                where,
                pgettext("questionnaire check", "unknown role `{role}`").format(role=owner),
            )
        treatment = check.text(r, "treatment", where)
        if treatment not in TREATMENTS:
            check.add(
                r.line_of("treatment"),
                where,
                pgettext("questionnaire check", "treatment is one of {allowed}").format(
                    allowed=", ".join(TREATMENTS)
                ),
            )
        risks.append(
            Risk(
                rid,
                check.text(r, "title", where),
                check.text(r, "description", where),
                characteristics,
                check.strings(r, "refs", where),
                Delta(base_l, base_c),
                owner,
                treatment,
                bool(r.get("privacy", False)),
            )
        )
    if not risks:
        check.add(
            data.line, "risks", pgettext("questionnaire check", "the catalogue lists no risks")
        )
    return roles, risks


def _nist(raw: Any, path: Path, problems: list[Problem]) -> list[NistCategory]:
    check = _Checker(path, problems)
    data = check.mapping(raw, 1, "") if raw is not None else None
    if data is None:
        return []
    categories = []
    for fn in data.get("functions") or []:
        f = check.mapping(fn, data.line_of("functions"), "functions")
        if f is None:
            continue
        for cat in f.get("categories") or []:
            c = check.mapping(cat, f.line, "categories")
            if c is not None:
                categories.append(
                    NistCategory(
                        check.text(c, "id", "categories"),
                        check.text(f, "id", "functions"),
                        check.text(c, "title", "categories"),
                        check.strings(c, "subcategories", "categories"),
                    )
                )
    return categories


def _dpia_lists(raw: Any, path: Path, problems: list[Problem]) -> dict[str, DpiaCountry]:
    check = _Checker(path, problems)
    data = check.mapping(raw, 1, "") if raw is not None else None
    if data is None:
        return {}
    countries = {}
    for code, body in (data.get("countries") or {}).items():
        c = check.mapping(body, data.line, str(code))
        if c is None:
            continue
        items = []
        for item in c.get("items") or []:
            i = check.mapping(item, c.line, str(code))
            if i is None:
                continue
            iid = check.text(i, "id", str(code))
            facts = check.strings(i, "facts", iid)
            for fact in facts:
                if fact not in KNOWN_FACTS:
                    check.add(
                        i.line_of("facts"),
                        iid,
                        pgettext("questionnaire check", "unknown fact `{fact}`").format(fact=fact),
                    )
            items.append(
                DpiaListItem(
                    iid,
                    check.text(i, "text", iid),
                    facts,
                    check.integer(i, "plus_criteria", iid, 0),
                )
            )
        countries[str(code).upper()] = DpiaCountry(
            str(code).upper(),
            check.text(c, "authority", str(code)),
            check.text(c, "source", str(code)),
            check.text(c, "note", str(code), required=False),
            tuple(items),
        )
    return countries
