"""What every loader of riskkit's YAML files shares: read a file into line-numbered data, and
collect each problem with file, line and field, so a person fixing a file sees the whole list
at once (questionnaires, their risk and matrix files, policy packs)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from riskkit.errors import Problem, ProblemsError
from riskkit.i18n import pgettext
from riskkit.load import yamlio
from riskkit.load.yamlio import LineDict

ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working folder when inside it."""
    # abspath, not resolve(): ".." is folded as typed, symlinks are kept as the person sees them
    absolute = Path(os.path.abspath(path))  # noqa: PTH100
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)



class Checker:
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



def read_yaml(path: Path, problems: list[Problem]) -> Any:
    """The YAML file at ``path`` as line-numbered data, or None with its problems added."""
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


def read_top(path: Path, problems: list[Problem]) -> tuple[Checker, Any] | None:
    """The file at ``path`` as line-numbered data that is a mapping at its top, with the
    Checker that collects its problems; None (with the problems added) when it cannot be read
    or is not a mapping. The first step of every data file's loader (questionnaires, packs)."""
    raw = read_yaml(path, problems)
    if raw is None:
        return None
    check = Checker(path, problems)
    top = check.mapping(raw, 1, "")
    return None if top is None else (check, top)


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems sorted by file and line, as a person reads them."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0))
