"""Reading riskkit's inputs from disk: the I/O edge around the pure loaders."""

from __future__ import annotations

from pathlib import Path

from riskkit.core import answers as answers_mod
from riskkit.core.model import Questionnaire
from riskkit.errors import Problem
from riskkit.fileio import read_text
from riskkit.load.checker import display_path


def answers(path: str | Path, q: Questionnaire) -> tuple[answers_mod.Answers, tuple[Problem, ...]]:
    """An answers file checked against `q`, and what no longer fits if written for another
    version. Raises ProblemsError naming every problem."""
    loaded = answers_mod.loads(read_text(Path(path)), display_path(Path(path)), q)
    return loaded.answers, loaded.notices
