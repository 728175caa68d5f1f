"""The interview's logic: what to ask next, what is still relevant, where the person is.

A pure state machine over `Answers`: no terminal, no files. The questionary adapter
(`riskkit.tui`) asks whatever `Session.current` names and hands the answer back; the
`assess` command saves the draft after every step. Keeping the logic here means going back,
reviewing, resuming and the "question 14 of 72" counts are tested without a terminal.

Only the standard library and `riskkit.i18n` (for the description's field labels) are
imported with this module: the system description is asked
before the questionnaire has loaded, on the way to the first prompt (0.3 s), so the answers
rules (`riskkit.core.answers`, which brings the model and the YAML reader) are imported by the
methods that apply them.

The walk has three phases:

* the system description (`META_FIELDS`), one field at a time;
* the questions, in questionnaire order, skipping those whose condition is false;
* the review, where any answer (or field) can be changed, until the person finishes.

Rules that keep a person's work safe and the walk predictable:

* Going back moves to the previous relevant step; going forward again walks the same way.
  Beyond the furthest point reached (the *frontier*), questions that already have an answer
  (a resumed draft, a reassessment) are skipped, so a person is only asked what is open.
* An answer that makes later answers irrelevant drops them at once (`answers.prune`): what is
  saved is always what would be scored.
* A change made from the review asks the questions it made relevant, then returns to the
  review.
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Union

from riskkit.core.values import DONT_KNOW, NOT_APPLICABLE, NOT_YET_ASKED
from riskkit.i18n import pgettext

if TYPE_CHECKING:  # pragma: no cover
    from riskkit.core.answers import Answers, Meta
    from riskkit.core.model import Question, Questionnaire, Section

# --- the system description --------------------------------------------------------------


@dataclass(frozen=True)
class MetaField:
    """One field of the system description, asked before the questions.

    `kind` tells the adapter which prompt fits: ``text``, ``date`` or ``country``. Its words
    come with it, in the active language when read: `label` (the question asked),
    `short_label` (its name in the review list) and `help` (the guidance under it).
    """

    name: str  # an attribute of answers.Meta
    kind: str
    required: bool = True
    _label: Callable[[], str] = field(default=lambda: "", compare=False, repr=False)
    _short_label: Callable[[], str] = field(default=lambda: "", compare=False, repr=False)
    _help: Callable[[], str] = field(default=lambda: "", compare=False, repr=False)

    @property
    def label(self) -> str:
        return self._label()

    @property
    def short_label(self) -> str:
        return self._short_label()

    @property
    def help(self) -> str:
        return self._help()


META_FIELDS: tuple[MetaField, ...] = (
    MetaField(
        "system", "text",
        _label=lambda: pgettext("system description", "What is the AI system called?"),
        _short_label=lambda: pgettext("system description field", "System"),
        _help=lambda: pgettext(
            "system description help",
            "The name people in your organisation use for it, e.g. "
            "“Chat assistant on the municipal website”.",
        ),
    ),
    MetaField(
        "description", "text",
        _label=lambda: pgettext(
            "system description", "Describe the system in one sentence, for the report's cover."
        ),
        _short_label=lambda: pgettext("system description field", "Description"),
        _help=lambda: pgettext(
            "system description help",
            "What it is and who uses it, e.g. “Chatbot answering residents' questions from our "
            "web pages”. Its purpose is asked in detail in the first section.",
        ),
    ),
    MetaField(
        "organisation", "text",
        _label=lambda: pgettext("system description", "Which organisation uses it?"),
        _short_label=lambda: pgettext("system description field", "Organisation"),
        _help=lambda: pgettext(
            "system description help", "For example the municipality or county."
        ),
    ),
    MetaField(
        "department", "text", required=False,
        _label=lambda: pgettext("system description", "Which department or unit?"),
        _short_label=lambda: pgettext("system description field", "Department"),
        _help=lambda: pgettext(
            "system description help", "Optional. The unit that uses the system."
        ),
    ),
    MetaField(
        "owner", "text",
        _label=lambda: pgettext("system description", "Who owns the system (person or role)?"),
        _short_label=lambda: pgettext("system description field", "System owner"),
        _help=lambda: pgettext(
            "system description help", "The person or role accountable for the system in daily use."
        ),
    ),
    MetaField(
        "assessor", "text",
        _label=lambda: pgettext("system description", "Who is making this assessment?"),
        _short_label=lambda: pgettext("system description field", "Assessor"),
        _help=lambda: pgettext(
            "system description help", "Your name, as it should appear in the report."
        ),
    ),
    MetaField(
        "country", "country",
        _label=lambda: pgettext(
            "system description", "Which country's data protection rules apply?"
        ),
        _short_label=lambda: pgettext("system description field", "Country"),
        _help=lambda: pgettext(
            "system description help",
            "Decides which national list of processing that needs a data "
            "protection impact assessment (DPIA) applies.",
        ),
    ),
    MetaField(
        "date", "date",
        _label=lambda: pgettext("system description", "Date of this assessment"),
        _short_label=lambda: pgettext("system description field", "Assessment date"),
    ),
    MetaField(
        "next_review", "date",
        _label=lambda: pgettext(
            "system description", "When should the assessment be reviewed next?"
        ),
        _short_label=lambda: pgettext("system description field", "Next review"),
        _help=lambda: pgettext(
            "system description help",
            "Proposed from your organisation's review interval; change it if needed.",
        ),
    ),
)
META_BY_NAME = {f.name: f for f in META_FIELDS}

#: The country whose national DPIA list applies, guessed from the language of the interview.
COUNTRY_OF_LANGUAGE = {
    "nb": "NO",
    "nn": "NO",
    "no": "NO",
    "sv": "SE",
    "da": "DK",
    "fi": "FI",
    "is": "IS",
}


def default_country(language: str) -> str:
    """The country a person answering in `language` most likely works in; "" if unclear."""
    return COUNTRY_OF_LANGUAGE.get(language.split("_")[0].lower(), "")


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def new_assessment_id(
    today: dt.date, token: Callable[[], str] = lambda: secrets.token_hex(4)
) -> str:
    """A random ID, fixed once for a new assessment (same shape as `Meta.assessment_id`).

    Random rather than derived, so two assessments of the same system on the same day by the
    same organisation never share an ID in the register.
    """
    return f"RK-{today.year:04d}-{token().upper()}"


def meta_default(
    questionnaire: Questionnaire, meta: Meta, name: str, language: str, today: dt.date
) -> Any:
    """What a field proposes when it is asked: its current value, else a sensible guess."""
    current = getattr(meta, name)
    if current not in (None, ""):
        return current
    if name == "country":
        return default_country(language)
    if name == "date":
        return today
    if name == "next_review":
        return add_months(meta.date or today, questionnaire.matrix.review_months)
    return ""


def with_meta(meta: Meta, name: str, value: Any) -> Meta:
    """`meta` with one field set; text is stripped and country codes are upper case."""
    if name not in META_BY_NAME:
        raise KeyError(name)
    if isinstance(value, str):
        value = value.strip().upper() if name == "country" else value.strip()
    return replace(meta, **{name: value})


def with_date(questionnaire: Questionnaire, meta: Meta, day: Any) -> Meta:
    """`meta` with a new assessment date; a review date that was the proposal from the old
    date (not one the person chose) moves with it, so the proposal always follows the date.
    """
    months = questionnaire.matrix.review_months
    proposed = meta.date is not None and meta.next_review == add_months(meta.date, months)
    meta = with_meta(meta, "date", day)
    if proposed and isinstance(day, dt.date):
        meta = replace(meta, next_review=add_months(day, months))
    return meta


def new_answers(
    questionnaire: Questionnaire,
    language: str,
    today: dt.date,
    token: Callable[[], str] | None = None,
) -> Answers:
    """Empty answers for a new assessment, with its ID already chosen."""
    from riskkit.core.answers import Answers, Meta

    ident = new_assessment_id(today, token) if token else new_assessment_id(today)
    return Answers.new(questionnaire, language, Meta(id=ident))


def renewed(
    questionnaire: Questionnaire,
    answers: Answers,
    language: str,
    today: dt.date,
    token: Callable[[], str] | None = None,
) -> Answers:
    """Last assessment's answers as the start of a reassessment.

    A new ID (it is a new record in the register), today's date and a review date proposed
    from it; every answer and comment is kept for the person to confirm or change.
    """
    ident = new_assessment_id(today, token) if token else new_assessment_id(today)
    meta = replace(
        answers.meta,
        id=ident,
        date=today,
        next_review=add_months(today, questionnaire.matrix.review_months),
    )
    return replace(
        answers,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_hash=questionnaire.content_hash,
        language=language,
        meta=meta,
    )


# --- where the person is -----------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where the current step stands, counted over what is relevant with today's answers.

    For a question: "Section 3 of 11 · Fairness · question 14 of 72". The counts follow the
    conditions, so they can shrink (or grow) as answers come in. For the system description
    `section` is None and `number`/`count` count its fields.
    """

    section: Section | None
    section_number: int
    section_count: int
    number: int
    count: int
    starts_section: bool
    left: int = 0  # about how many questions are left, this one included (`questions_left`)


@dataclass(frozen=True)
class ReviewEntry:
    question: Question
    value: Any  # None when not answered
    comment: str


@dataclass(frozen=True)
class ReviewSection:
    section: Section
    entries: tuple[ReviewEntry, ...]


Step = Union[MetaField, "Question", None]  # None: the review


def description_progress(index: int) -> Progress:
    """Progress through the system description, field `index` (0-based)."""
    return Progress(None, 0, 0, index + 1, len(META_FIELDS), index == 0)


def questions_left(
    questionnaire: Questionnaire, answers: Answers, current: Question
) -> list[Question]:
    """The questions still to come from `current` on (itself included), as the answers so
    far open them: what "about N left" counts.

    Scoring asks every question an unknown answer *may* open (`answers.effective_values`),
    so at the start every follow-up of every question counts, and a counter built on that
    would count questions that will never be asked (the Danish pilot saw "1 of 127" shrink
    to 103). Here a question not answered yet opens nothing until it is answered; "don't
    know" still keeps its follow-ups in, as it does in scoring. Questions already answered
    ahead (a resumed draft) are skipped by the walk and not counted.
    """
    order = questionnaire.questions
    start = next(i for i, q in enumerate(order) if q.id == current.id)
    effective: dict[str, Any] = {}
    left: list[Question] = []
    for index, q in enumerate(order):
        if not q.asked_in(answers.meta.country) or (
            q.when is not None and not q.when.evaluate(effective, answers.meta.country)
        ):  # another country's question, or its condition does not hold
            effective[q.id] = NOT_APPLICABLE
            continue
        value = answers.values.get(q.id)
        if index >= start and value in (None, ""):
            effective[q.id] = NOT_YET_ASKED
        else:
            effective[q.id] = value
        if index == start or (index > start and value in (None, "")):
            left.append(q)
    return left


def _sections_of(questionnaire: Questionnaire, questions: list[Question]) -> list[str]:
    """The ids of the sections holding any of `questions`, in questionnaire order."""
    held = {q.section for q in questions}
    return [s.id for s in questionnaire.sections if s.id in held]


# --- the session -------------------------------------------------------------------------

_META, _QUESTION, _REVIEW = "meta", "question", "review"


class Session:
    """The answers so far and the step being asked; every move is a method.

    The adapter reads `current`, asks it, and calls `answer` (or `back`); after the
    questions comes the review (`current` is None), where `change` opens any step again and
    `finish` ends the interview once nothing relevant is left unanswered.
    """

    def __init__(self, questionnaire: Questionnaire, answers: Answers):
        from riskkit.core import answers as answers_mod

        self.questionnaire = questionnaire
        self.answers = answers_mod.prune(questionnaire, answers)
        self._order = questionnaire.questions
        self._index = {q.id: i for i, q in enumerate(self._order)}
        self._phase = _META
        self._meta_index = 0
        self._position = 0  # index in questionnaire.questions while in the question phase
        self._frontier = -1  # the furthest question reached by walking forward
        self._changing = False  # a change opened from the review
        self._before: frozenset[str] = frozenset()  # relevant ids when the change began
        self._seen: set[str] = set()  # asked during this change, even if left empty

    # -- starting --------------------------------------------------------------------------

    @classmethod
    def start(
        cls, questionnaire: Questionnaire, answers: Answers, describe: bool | None = None
    ) -> Session:
        """A session at the right first step.

        The system description is walked when `describe` is true, or (by default) when it
        was never completed (its last field is empty); otherwise the session resumes at the
        first open question, or at the review when nothing is open.
        """
        session = cls(questionnaire, answers)
        if describe is None:
            describe = getattr(session.answers.meta, META_FIELDS[-1].name) in (None, "")
        if describe:
            session._phase, session._meta_index = _META, session._first_open_meta()
        else:
            session._enter_questions()
        return session

    def _first_open_meta(self) -> int:
        """Resume the description as questions resume: at the first empty required field, or
        the first field after the last one filled in, whichever comes first (0 when new)."""
        empty = [getattr(self.answers.meta, f.name) in (None, "") for f in META_FIELDS]
        required = [i for i, f in enumerate(META_FIELDS) if f.required and empty[i]]
        last_filled = max(
            (i for i, e in enumerate(empty) if not e and META_FIELDS[i].name != "id"), default=-1
        )
        after = [i for i in range(last_filled + 1, len(META_FIELDS)) if empty[i]]
        candidates = required + after[:1]
        return min(candidates) if candidates else 0

    def _enter_questions(self) -> None:
        """Go to the resume point of the question phase, or to the review if nothing is open."""
        index = self.resume_index()
        if index is None:
            self._to_review()
        else:
            self._phase, self._position = _QUESTION, index
            self._frontier = max(self._frontier, index)

    def resume_index(self) -> int | None:
        """Where a draft continues: the first unanswered question that must be answered, or
        the first relevant question after the last answered one, whichever comes first.

        The second rule catches optional text questions a person had not reached yet.
        """
        from riskkit.core import answers as answers_mod

        relevant = self._relevant()
        candidates = [
            self._index[q.id] for q in answers_mod.unanswered(self.questionnaire, self.answers)
        ]
        answered = [self._index[q.id] for q in relevant if q.id in self.answers.values]
        last = max(answered, default=-1)
        after = [self._index[q.id] for q in relevant if self._index[q.id] > last]
        candidates += after[:1]
        return min(candidates) if candidates else None

    # -- what is asked ---------------------------------------------------------------------

    @property
    def current(self) -> Step:
        """The step to ask: a MetaField, a Question, or None for the review."""
        if self._phase == _META:
            return META_FIELDS[self._meta_index]
        if self._phase == _QUESTION:
            return self._order[self._position]
        return None

    @property
    def reviewing(self) -> bool:
        return self._phase == _REVIEW

    @property
    def changing(self) -> bool:
        """True while a change opened from the review (and what it made relevant) is asked."""
        return self._changing

    def value(self, step: MetaField | Question) -> Any:
        """The current answer to a step (None when there is none), to propose as default."""
        if isinstance(step, MetaField):
            return getattr(self.answers.meta, step.name)
        return self.answers.values.get(step.id)

    def comment_of(self, question: Question) -> str:
        return self.answers.comments.get(question.id, "")

    @property
    def can_go_back(self) -> bool:
        """Whether `back` has somewhere to go (not on the very first field)."""
        if self._changing:
            return True
        if self._phase == _META:
            return self._meta_index > 0
        return True

    # -- moving ------------------------------------------------------------------------------

    def answer(self, value: Any) -> None:
        """Record the answer to the current step and move on.

        Raises ValueError (with the reason) when the value does not fit the question, and
        RuntimeError during the review, where nothing is being asked.
        """
        from riskkit.core import answers as answers_mod

        step = self.current
        if step is None:
            raise RuntimeError("nothing is being asked during the review")
        if isinstance(step, MetaField):
            meta = self.answers.meta
            if step.name == "date":
                meta = with_date(self.questionnaire, meta, value)
            else:
                meta = with_meta(meta, step.name, value)
            self.answers = replace(self.answers, meta=meta)
        else:
            normalised, error = answers_mod.normalise(step, value)
            if error:
                raise ValueError(error)
            self.answers = self.answers.with_answer(step.id, normalised)
            self._seen.add(step.id)
        self.answers = answers_mod.prune(self.questionnaire, self.answers)
        if self._changing:
            self._continue_change()
        elif isinstance(step, MetaField):
            self._advance_meta()
        else:
            self._advance()

    def comment(self, question: Question, text: str) -> None:
        """Set (or, with empty text, remove) the comment on a question that is still asked."""
        if question.id in self._relevant_ids():
            self.answers = self.answers.with_comment(question.id, text)

    def back(self) -> bool:
        """Go to the previous step; False when there is none (the first field).

        During a change from the review, going back cancels what is left of it and returns
        to the review. From the first question, it goes to the last field of the description.
        """
        if self._changing:
            self._to_review()
            return True
        if self._phase == _META:
            if self._meta_index == 0:
                return False
            self._meta_index -= 1
            return True
        start = self._position if self._phase == _QUESTION else len(self._order)
        previous = self._relevant_before(start)
        if previous is None:
            self._phase, self._meta_index = _META, len(META_FIELDS) - 1
        else:
            self._phase, self._position = _QUESTION, previous
        return True

    def reopen(self, question: Question) -> None:
        """Ask `question` again, e.g. when the person goes back from its comment.

        Unlike `back`, this keeps a change from the review going: the question is asked
        again, and what it makes relevant after it, before the review returns.
        """
        if question.id not in self._relevant_ids():
            raise KeyError(question.id)
        self._phase, self._position = _QUESTION, self._index[question.id]

    def _advance_meta(self) -> None:
        if self._meta_index + 1 < len(META_FIELDS):
            self._meta_index += 1
        else:
            self._enter_questions()

    def _advance(self) -> None:
        """The next relevant question; past the frontier, only those still without an answer."""
        index = self._relevant_after(self._position)
        while index is not None and index > self._frontier and self._has_answer(index):
            index = self._relevant_after(index)
        if index is None:
            # The end; a question made relevant behind the person is asked before the review.
            self._enter_open_or_review()
            return
        self._position, self._frontier = index, max(self._frontier, index)

    def _enter_open_or_review(self) -> None:
        from riskkit.core import answers as answers_mod

        open_ = answers_mod.unanswered(self.questionnaire, self.answers)
        if open_:
            # Walk on from there as if it were the furthest point: answered ones are skipped.
            self._phase, self._position = _QUESTION, self._index[open_[0].id]
            self._frontier = self._position
        else:
            self._to_review()

    def _to_review(self) -> None:
        self._phase, self._changing = _REVIEW, False
        self._seen = set()

    # -- the review ----------------------------------------------------------------------------

    def review(self) -> list[ReviewSection]:
        """Every relevant question with its answer and comment, by section."""
        relevant = self._relevant_ids()
        out = []
        for section in self.questionnaire.sections:
            entries = tuple(
                ReviewEntry(q, self.answers.values.get(q.id), self.answers.comments.get(q.id, ""))
                for q in section.questions
                if q.id in relevant
            )
            if entries:
                out.append(ReviewSection(section, entries))
        return out

    def inconsistencies(self) -> list[tuple[Question, str]]:
        """Answers that contradict what other answers establish, each with the question that
        contradicts (choosing it in the review opens that question) and why it matters."""
        from riskkit.core.scoring import score

        result = score(self.questionnaire, self.answers)
        return [
            (self.questionnaire.by_id[i.questions[0]], i.text) for i in result.inconsistencies
        ]

    def change(self, target: str | MetaField | Question) -> None:
        """Open one question (by id or object) or description field from the review."""
        if isinstance(target, MetaField) or (isinstance(target, str) and target in META_BY_NAME):
            name = target.name if isinstance(target, MetaField) else target
            self._phase = _META
            self._meta_index = [f.name for f in META_FIELDS].index(name)
        else:
            qid = target if isinstance(target, str) else target.id
            if qid not in self._relevant_ids():
                raise KeyError(qid)
            self._phase, self._position = _QUESTION, self._index[qid]
        self._changing = True
        self._before = self._relevant_ids()
        self._seen = set()

    def _continue_change(self) -> None:
        """After a change: ask what it made relevant and is not answered, then review."""
        pending = [
            q
            for q in self._relevant()
            if q.id not in self.answers.values
            and q.id not in self._seen
            and (q.id not in self._before or q.closed or q.required)
        ]
        if pending:
            self._phase, self._position = _QUESTION, self._index[pending[0].id]
        else:
            self._to_review()

    def finish(self) -> bool:
        """End the interview; False (and the first open question current) if any is open."""
        from riskkit.core import answers as answers_mod

        open_ = answers_mod.unanswered(self.questionnaire, self.answers)
        missing_meta = [
            f
            for f in META_FIELDS
            if f.required and getattr(self.answers.meta, f.name) in (None, "")
        ]
        if missing_meta:
            self.change(missing_meta[0])
            return False
        if open_:
            self.change(open_[0])
            return False
        return True

    # -- where we are ------------------------------------------------------------------------

    def progress(self) -> Progress:
        """Position of the current step among the relevant ones (see `Progress`)."""
        step = self.current
        if isinstance(step, MetaField):
            return description_progress(self._meta_index)
        relevant = self._relevant()
        if step is None:
            sections = _sections_of(self.questionnaire, relevant)
            return Progress(None, len(sections), len(sections), len(relevant), len(relevant), False)
        ahead = questions_left(self.questionnaire, self.answers, step)
        position = self._index[step.id]
        # sections: those behind as answered, those ahead as far as the answers so far open
        sections = _sections_of(
            self.questionnaire, [q for q in relevant if self._index[q.id] < position] + ahead
        )
        number = [q.id for q in relevant].index(step.id) + 1
        first_of_section = next(q for q in relevant if q.section == step.section)
        return Progress(
            self.questionnaire.section_by_id[step.section],
            sections.index(step.section) + 1,
            len(sections),
            number,
            len(relevant),
            first_of_section.id == step.id,
            len(ahead),
        )

    # -- helpers -------------------------------------------------------------------------------

    def _relevant(self) -> list[Question]:
        from riskkit.core import answers as answers_mod

        return answers_mod.relevant_questions(self.questionnaire, self.answers)

    def _relevant_ids(self) -> frozenset[str]:
        return frozenset(q.id for q in self._relevant())

    def _has_answer(self, index: int) -> bool:
        return self._order[index].id in self.answers.values

    def _relevant_after(self, index: int) -> int | None:
        relevant = self._relevant_ids()
        return next(
            (i for i in range(index + 1, len(self._order)) if self._order[i].id in relevant), None
        )

    def _relevant_before(self, index: int) -> int | None:
        relevant = self._relevant_ids()
        return next((i for i in range(index - 1, -1, -1) if self._order[i].id in relevant), None)


def questions_asked(questionnaire: Questionnaire, countries: tuple[str, ...] = ("NO", "SE", "DK")
                    ) -> tuple[int, int]:
    """How few and how many questions one assessment asks, over `countries`: what README
    and `riskkit validate` quote, and what "about N left" counts down from.

    The most: every answer "don't know", which keeps every follow-up in. The fewest: a walk
    that answers each question other questions depend on with the answer that leaves the
    fewest questions still possible (a greedy walk, so a number a real assessment reaches;
    a cleverer combination could in principle ask a few less).
    """
    from riskkit.core.answers import effective_values

    gating = {ref for q in questionnaire.questions if q.when is not None for ref in q.when.refs}

    def asked(values: dict[str, Any], country: str) -> int:
        effective = effective_values(questionnaire, values, country)
        return sum(v is not NOT_APPLICABLE for v in effective.values())

    most = max(
        asked({q.id: DONT_KNOW for q in questionnaire.questions}, c) for c in countries
    )
    fewest = []
    for country in countries:
        values: dict[str, Any] = {}
        for q in questionnaire.questions:
            options: list[Any] = [[v] for v in q.values()] if q.type == "multi" else list(
                q.values())
            options = options or [DONT_KNOW]
            if q.id in gating:
                values[q.id] = min(options, key=lambda o: asked({**values, q.id: o}, country))
            else:
                values[q.id] = options[0]
        fewest.append(asked(values, country))
    return min(fewest), most
