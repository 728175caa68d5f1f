"""The risk model files a questionnaire names: the risk matrix, the risks with their roles,
the NIST AI RMF categories and the national DPIA lists. Each reader collects its problems
with file and line (riskkit.load.checker), like the questionnaire's own loader."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from riskkit.core.facts import KNOWN_FACTS
from riskkit.core.model import (
    Delta,
    DpiaCountry,
    DpiaListItem,
    Level,
    Matrix,
    NistCategory,
    Risk,
    Role,
    ScalePoint,
)
from riskkit.errors import Problem
from riskkit.i18n import pgettext
from riskkit.load import countries as country_parts
from riskkit.load.checker import Checker
from riskkit.load.yamlio import LineDict

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



def _scale_points(raw: Any, key: str, line: int, check: Checker) -> tuple[ScalePoint, ...]:
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


def read_matrix(raw: Any, path: Path, problems: list[Problem]) -> Matrix | None:
    if raw is None:
        return None
    check = Checker(path, problems)
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
                    "the grid needs one row per likelihood step and one column per consequence "
                    "step",
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


def read_risks(
    raw: Any, path: Path, matrix: Matrix | None, problems: list[Problem]
) -> tuple[list[Role], list[Risk]]:
    if raw is None:
        return [], []
    check = Checker(path, problems)
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
                country_parts.references(r, "refs", where, check),
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


def read_nist(raw: Any, path: Path, problems: list[Problem]) -> list[NistCategory]:
    check = Checker(path, problems)
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


def read_dpia_lists(raw: Any, path: Path, problems: list[Problem]) -> dict[str, DpiaCountry]:
    check = Checker(path, problems)
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
