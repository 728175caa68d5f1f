"""Errors a person can act on: each names the file, the line and the field."""

from __future__ import annotations

from dataclasses import dataclass

from riskkit.i18n import pgettext


class RiskkitError(Exception):
    """An error whose message is already localized and meant for the person at the keyboard."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file. ``where`` names the question, risk or field."""

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            location = self.file
        else:
            location = pgettext("error location", "{file} line {line}").format(
                file=self.file, line=self.line
            )
        if self.where:
            return f"{location}: {self.where}: {self.message}"
        return f"{location}: {self.message}"


class ProblemsError(RiskkitError):
    """Every problem found in an input, reported at once rather than one per run."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(RiskkitError):
    exit_code = 2
