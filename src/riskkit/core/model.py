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


def shown_in(countries: frozenset[str], country: str | None) -> bool:
    """Whether content that belongs to `countries` is shown for an assessment in `country`.

    Content that names no country is shown everywhere. An assessment that names no country
    (`meta.country` empty) is shown everything: riskkit cannot tell what is foreign law
    there, and hiding a question would take the benign branch.
    """
    return not countries or not country or country.upper() in countries


@dataclass(frozen=True)
class Part:
    """A piece of text, or a legal reference, and the countries whose law it belongs to.

    A help text, choice label or measure is one or more parts, shown in order and joined by a
    space: a Danish assessment never shows Swedish OSL or CJIS (issue 13, item 7). `key` is
    the field of the message context it is translated under (``help``, or ``help.2`` for the
    second part of a list).
    """

    text: str
    countries: frozenset[str] = frozenset()
    key: str = ""

    def shown_in(self, country: str | None) -> bool:
        return shown_in(self.countries, country)


def english(parts: tuple[Part, ...], country: str | None = None) -> str:
    """The source (English) text of the parts shown in `country` (None: every part)."""
    return " ".join(p.text for p in parts if p.shown_in(country))


@dataclass(frozen=True)
class Delta:
    """A change to likelihood and consequence on the matrix's scale."""

    likelihood: int = 0
    consequence: int = 0


Effects = Mapping[str, Delta]  # risk id -> delta


@dataclass(frozen=True)
class Choice:
    value: str | int
    label: tuple[Part, ...] = ()
    raises: Effects = field(default_factory=dict)
    mitigates: Effects | None = None
    facts: tuple[str, ...] = ()
    exclusive: bool = False
    countries: frozenset[str] = frozenset()  # offered only there; empty: everywhere


@dataclass(frozen=True)
class Practice:
    """A control whose absence becomes a proposed measure."""

    measure: tuple[Part, ...]
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
    help: tuple[Part, ...] = ()
    refs: tuple[Part, ...] = ()
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
    countries: frozenset[str] = frozenset()  # asked only there; empty: everywhere

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

    def asked_in(self, country: str | None) -> bool:
        """Whether the question belongs to the law of `country` (see `shown_in`)."""
        return shown_in(self.countries, country)

    def offered(self, country: str | None) -> tuple[str | int, ...]:
        """The values a person in `country` can pick besides don't know, in display order."""
        return tuple(v for v in self.values() if self.offered_value(v, country))

    def offered_value(self, value: Any, country: str | None) -> bool:
        """Whether `value` is a choice offered in `country` (yes/no and scale points always)."""
        choice = self.choice(value)
        return choice is None or shown_in(choice.countries, country)

    def refs_in(self, country: str | None) -> tuple[str, ...]:
        """The legal references shown with the question in `country`."""
        return tuple(r.text for r in self.refs if r.shown_in(country))


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: tuple[Part, ...] = ()
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
    refs: tuple[Part, ...]
    base: Delta
    owner: str
    treatment: str
    privacy: bool

    def refs_in(self, country: str | None) -> tuple[str, ...]:
        """The legal references shown with the risk in `country`."""
        return tuple(r.text for r in self.refs if r.shown_in(country))


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
