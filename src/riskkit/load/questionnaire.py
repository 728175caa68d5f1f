"""Load and validate a questionnaire and the files it names.

Every problem is collected and reported at once, each with file, line and field, because a
person fixing a questionnaire wants the whole list, not one error per run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from riskkit.core.conditions import ConditionError, compile_condition
from riskkit.core.facts import KNOWN_FACTS
from riskkit.core.model import (
    Choice,
    Delta,
    Practice,
    Question,
    Questionnaire,
    Scale,
    Section,
)
from riskkit.core.values import CLOSED_TYPES, DONT_KNOW, QUESTION_TYPES, YESNO_VALUES
from riskkit.errors import Problem, ProblemsError
from riskkit.i18n import pgettext
from riskkit.load import countries as country_parts
from riskkit.load.checker import ID_PATTERN, Checker, in_file_order, read_top, read_yaml
from riskkit.load.risk_model import (
    read_dpia_lists,
    read_matrix,
    read_nist,
    read_risks,
)
from riskkit.load.yamlio import LineDict
from riskkit.resources import default_questionnaire

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
    "countries",
}
CHOICE_FIELDS = {"value", "label", "raises", "mitigates", "facts", "exclusive", "countries"}
PRACTICE_FIELDS = {"measure", "in_place", "mitigates", "owner"}



def load(path: Path | str | None = None) -> Questionnaire:
    """The questionnaire at `path` (default: the shipped one), or ProblemsError listing all.

    Loaded once per process for a batch (render, verify, register): read again only when a
    YAML file in its folder changes, so an edited questionnaire is seen at once.
    """
    main = Path(path) if path else default_questionnaire()
    try:
        folder = main.resolve().parent
        stamp = tuple(sorted((f.name, f.stat().st_mtime_ns, f.stat().st_size)
                             for f in folder.glob("*.yaml")))
    except OSError:
        return load_uncached(main)
    key = (str(main.resolve()), stamp)
    found = _loaded.get(key)
    if found is None:
        found = load_uncached(main)
        if len(_loaded) >= 4:
            _loaded.clear()
        _loaded[key] = found
    return found


_loaded: dict[tuple[str, tuple[tuple[str, int, int], ...]], Questionnaire] = {}


def load_uncached(path: Path | str | None = None) -> Questionnaire:
    """`load` without the cache: the files are read and checked now."""
    questionnaire, problems = _load(Path(path) if path else default_questionnaire())
    if problems or questionnaire is None:
        raise ProblemsError(in_file_order(problems))
    return questionnaire


def validate(path: Path | str | None = None) -> list[Problem]:
    """Every problem in the questionnaire at `path` and the files it names."""
    return in_file_order(_load(Path(path) if path else default_questionnaire())[1])



def _load(path: Path) -> tuple[Questionnaire | None, list[Problem]]:
    problems: list[Problem] = []
    opened = read_top(path, problems)
    if opened is None:
        return None, problems
    check, top = opened
    check.unknown_fields(
        top, {"id", "version", "title", "risks", "matrix", "nist", "dpia_lists", "sections"}, ""
    )
    files = {}
    for key in ("risks", "matrix", "nist", "dpia_lists"):
        name = check.text(top, key, "")
        files[key] = read_yaml(path.parent / name, problems) if name else None
    matrix = read_matrix(files["matrix"], path.parent / str(top.get("matrix")), problems)
    roles, risks = read_risks(files["risks"], path.parent / str(top.get("risks")), matrix, problems)
    nist = read_nist(files["nist"], path.parent / str(top.get("nist")), problems)
    dpia = read_dpia_lists(files["dpia_lists"], path.parent / str(top.get("dpia_lists")), problems)
    context = _Context(
        {r.id for r in risks}, {r.id for r in roles}, {s for c in nist for s in c.subcategories}
    )
    sections = _sections(top.get("sections"), top.line_of("sections"), check, context)
    _check_conditions(sections, check)
    if problems or matrix is None:
        return None, problems
    digest = hashlib.sha256(
        json.dumps([top, *files.values()], sort_keys=True, default=str, ensure_ascii=False).encode()
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


def _sections(raw: Any, line: int, check: Checker, ctx: _Context) -> list[Section]:
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
                country_parts.text_parts(data, "intro", where, check),
                tuple(questions),
            )
        )
    return sections


def _question(raw: Any, section: str, check: Checker, ctx: _Context) -> Question | None:
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
        help=country_parts.text_parts(data, "help", where, check),
        refs=country_parts.references(data, "refs", where, check),
        nist=check.strings(data, "nist", where),
        when=when,
        choices=tuple(choices),
        practice=practice,
        scale=scale,
        required=bool(data.get("required", False)),
        since=str(data.get("since") or ""),
        line=data.line,
        countries=country_parts.countries(
            data.get("countries"), data.line_of("countries"), where, check
        ),
    )


def _scale(data: LineDict, where: str, check: Checker) -> Scale | None:
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


def _effects(raw: Any, line: int, where: str, check: Checker, ctx: _Context) -> dict[str, Delta]:
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
    data: LineDict, qtype: str, scale: Scale | None, where: str, check: Checker, ctx: _Context
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
        label = country_parts.text_parts(c, "label", cwhere, check, qtype in ("single", "multi"))
        if "countries" in c and qtype not in ("single", "multi"):
            check.add(
                c.line_of("countries"),
                cwhere,
                pgettext(
                    "questionnaire check",
                    "only the choices of single and multi questions are offered by country",
                ),
            )
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
                label=label,
                raises=_effects(c.get("raises"), c.line_of("raises"), cwhere, check, ctx),
                mitigates=None
                if mitigates is None
                else _effects(mitigates, c.line_of("mitigates"), cwhere, check, ctx),
                facts=facts,
                exclusive=bool(c.get("exclusive", False)),
                countries=country_parts.countries(
                    c.get("countries"), c.line_of("countries"), cwhere, check
                ),
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
    data: LineDict, qtype: str, choices: list[Choice], where: str, check: Checker, ctx: _Context
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
        measure=country_parts.text_parts(p, "measure", pwhere, check, required=True),
        in_place=in_place,
        mitigates=_effects(p.get("mitigates"), p.line_of("mitigates"), pwhere, check, ctx),
        owner=str(owner) if owner else None,
    )


def _check_conditions(sections: list[Section], check: Checker) -> None:
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

