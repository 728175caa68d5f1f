"""The questionnaire as riskkit understands it: immutable, validated, no I/O.

Built by `riskkit.load.questionnaire.load`; read by the interview, the scoring and the report.
Text fields hold the English source; `riskkit.i18n.content` gives them in the active language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from riskkit.core.conditions import Condition
from riskkit.core.values import CLOSED_TYPES, DONT_KNOW, YESNO_VALUES


@dataclass(frozen=True)
class Delta:
    """A change to likelihood and consequence on the matrix's scale."""

    likelihood: int = 0
    consequence: int = 0


Effects = Mapping[str, Delta]  # risk id -> delta


@dataclass(frozen=True)
class Choice:
    value: str | int
    label: str | None = None
    raises: Effects = field(default_factory=dict)
    mitigates: Effects | None = None
    facts: tuple[str, ...] = ()
    exclusive: bool = False


@dataclass(frozen=True)
class Practice:
    """A control whose absence becomes a proposed measure."""

    measure: str
    in_place: tuple[str | int, ...] = ("yes",)
    mitigates: Effects = field(default_factory=dict)
    owner: str | None = None


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    min_label: str = ""
    max_label: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    section: str
    help: str = ""
    refs: tuple[str, ...] = ()
    nist: tuple[str, ...] = ()
    when: Condition | None = None
    choices: tuple[Choice, ...] = ()
    practice: Practice | None = None
    scale: Scale | None = None
    required: bool = False
    # the questionnaire version that added it; answers written for an earlier version are told
    # it is new (riskkit.core.answers.loads)
    since: str = ""
    line: int = 0

    @property
    def closed(self) -> bool:
        return self.type in CLOSED_TYPES

    def choice(self, value: Any) -> Choice | None:
        for c in self.choices:
            if str(c.value) == str(value):
                return c
        return None

    def values(self) -> tuple[str | int, ...]:
        """Every value the question accepts besides don't know, in display order."""
        if self.type == "yesno":
            return YESNO_VALUES
        if self.type == "scale" and self.scale:
            return tuple(range(self.scale.min, self.scale.max + 1))
        return tuple(c.value for c in self.choices)

    def options(self) -> tuple[str | int, ...]:
        """What the person can pick: the values, then don't know for closed questions."""
        return (*self.values(), DONT_KNOW) if self.closed else ()


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str = ""
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Role:
    id: str
    label: str


@dataclass(frozen=True)
class Risk:
    id: str
    title: str
    description: str
    characteristics: tuple[str, ...]
    refs: tuple[str, ...]
    base: Delta
    owner: str
    treatment: str
    privacy: bool


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str
    description: str = ""


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    max_score: int
    colour: str
    deadline_days: int


@dataclass(frozen=True)
class Matrix:
    likelihood: tuple[ScalePoint, ...]
    consequence: tuple[ScalePoint, ...]
    levels: tuple[Level, ...]
    grid: tuple[tuple[str, ...], ...] | None = None
    prior_consultation_from: str = "high"
    review_months: int = 12

    @property
    def max_likelihood(self) -> int:
        return len(self.likelihood)

    @property
    def max_consequence(self) -> int:
        return len(self.consequence)

    def level(self, likelihood: int, consequence: int) -> Level:
        """The level of a cell: from the explicit grid if there is one, else by score."""
        if self.grid:
            return self.level_by_id(self.grid[likelihood - 1][consequence - 1])
        score = likelihood * consequence
        for level in self.levels:
            if score <= level.max_score:
                return level
        return self.levels[-1]

    def level_by_id(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)

    def rank(self, level_id: str) -> int:
        """0 for the lowest level; used to compare levels whatever their names."""
        return [level.id for level in self.levels].index(level_id)


@dataclass(frozen=True)
class NistCategory:
    id: str  # e.g. "MEASURE 2"
    function: str
    title: str
    subcategories: tuple[str, ...]


@dataclass(frozen=True)
class DpiaListItem:
    id: str
    text: str
    facts: tuple[str, ...]
    plus_criteria: int = 0


@dataclass(frozen=True)
class DpiaCountry:
    code: str
    authority: str
    source: str
    note: str
    items: tuple[DpiaListItem, ...]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    sections: tuple[Section, ...]
    risks: tuple[Risk, ...]
    roles: tuple[Role, ...]
    matrix: Matrix
    nist: tuple[NistCategory, ...]
    dpia_lists: Mapping[str, DpiaCountry]
    content_hash: str
    path: str = ""

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def by_id(self) -> Mapping[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def risk_by_id(self) -> Mapping[str, Risk]:
        return {r.id: r for r in self.risks}

    @cached_property
    def section_by_id(self) -> Mapping[str, Section]:
        return {s.id: s for s in self.sections}

    def nist_category_of(self, subcategory: str) -> NistCategory | None:
        for category in self.nist:
            if subcategory in category.subcategories:
                return category
        return None
