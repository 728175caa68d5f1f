"""What an answer value is: the conventions every module shares."""

from __future__ import annotations

from typing import Any

DONT_KNOW = "dont_know"
CLOSED_TYPES = frozenset({"yesno", "single", "multi", "scale"})
QUESTION_TYPES = CLOSED_TYPES | {"text", "date"}
YESNO_VALUES = ("yes", "no")


class _NotApplicable:
    """The answer of a question whose condition is false: neither known nor unknown."""

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE: Any = _NotApplicable()


class _NotYetAsked:
    """The answer of a question ahead of the person (the interview's "about N left"): neither
    known nor "don't know", so no condition on it holds until it is answered."""

    def __repr__(self) -> str:
        return "NOT_YET_ASKED"


NOT_YET_ASKED: Any = _NotYetAsked()


def is_unknown(value: Any) -> bool:
    """No answer, or "don't know": riskkit treats both as the answer that demands more."""
    return value is None or value == DONT_KNOW or value == ""


def matches(value: Any, expected: object) -> bool:
    """Whether an answer is (or, for a multi answer, contains) the expected choice."""
    if isinstance(value, (list, tuple)):
        return any(str(v) == str(expected) for v in value)
    return str(value) == str(expected)
