"""Where riskkit's data folders are, in a source checkout and in an installed wheel.

The folders live at the top of the repository so that organisations and translators edit
them there; the wheel carries them under ``riskkit/_data`` (see pyproject.toml).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder that holds questionnaires/, templates/, locales/ and examples/."""
    bundled = _PACKAGE / "_data"
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent.parent  # src/riskkit -> repository root


def data_dir(name: str) -> Path:
    """One of the data folders: ``questionnaires``, ``templates``, ``locales``, ``examples``."""
    return data_root() / name


def default_questionnaire() -> Path:
    return data_dir("questionnaires") / "ai.yaml"
