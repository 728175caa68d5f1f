"""Answers files: the interview's draft and the render's input.

Pure: parsing text into `Answers`, checking it against a questionnaire, and producing the
text to save. Writing files happens at the edges (`riskkit.fileio`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from riskkit import limits, text
from riskkit.core import migrate
from riskkit.core.model import Question, Questionnaire
from riskkit.core.values import DONT_KNOW, NOT_APPLICABLE, YESNO_VALUES
from riskkit.errors import Problem, ProblemsError
from riskkit.i18n import pgettext
from riskkit.load import yamlio
from riskkit.load.yamlio import LineDict

SCHEMA = 1
META_FIELDS = (
    "id",
    "system",
    "description",
    "organisation",
    "country",
    "department",
    "owner",
    "assessor",
    "date",
    "next_review",
    "classification",
    "policy",
)
DATE_FIELDS = ("date", "next_review")


@dataclass(frozen=True)
class Meta:
    """What the assessment is about. `id` is the stable assessment ID printed on the PDF."""

    id: str = ""
    system: str = ""
    description: str = ""
    organisation: str = ""
    country: str = ""
    department: str = ""
    owner: str = ""
    assessor: str = ""
    date: dt.date | None = None
    next_review: dt.date | None = None
    classification: str = ""
    policy: str = ""  # the policy pack assessed against: a shipped pack's id, or a file path

    def assessment_id(self) -> str:
        """The ID given, else one derived from organisation, system and date (stable)."""
        if self.id:
            return self.id
        seed = "\n".join([self.organisation, self.system, str(self.date or "")])
        year = self.date.year if self.date else 0
        return f"RK-{year:04d}-{hashlib.sha256(seed.encode()).hexdigest()[:8].upper()}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in META_FIELDS:
            value = getattr(self, name)
            if name == "policy" and not value:
                continue  # files made without a policy pack stay as they were
            out[name] = value.isoformat() if isinstance(value, dt.date) else value
        return out


@dataclass(frozen=True)
class Answers:
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str = ""
    language: str = "en"
    meta: Meta = field(default_factory=Meta)
    values: Mapping[str, Any] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def new(
        cls, questionnaire: Questionnaire, language: str = "en", meta: Meta | None = None
    ) -> Answers:
        return cls(
            questionnaire.id,
            questionnaire.version,
            questionnaire.content_hash,
            language,
            meta or Meta(),
        )

    def with_answer(self, qid: str, value: Any) -> Answers:
        values = dict(self.values)
        if value is None:
            values.pop(qid, None)
        else:
            values[qid] = value
        return replace(self, values=values)

    def with_comment(self, qid: str, text: str) -> Answers:
        comments = dict(self.comments)
        if text.strip():
            comments[qid] = text.strip()
        else:
            comments.pop(qid, None)
        return replace(self, comments=comments)


@dataclass(frozen=True)
class Loaded:
    """Answers that loaded, and what did not fit when they were written for another version."""

    answers: Answers
    notices: tuple[Problem, ...] = ()


def _version(text: str) -> tuple[int, ...]:
    """`1.10.0` -> (1, 10, 0); anything that is not dotted numbers sorts first."""
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return ()


def added_since(questionnaire: Questionnaire, version: str) -> list[Question]:
    """The questions added after `version` (their `since` is later), in questionnaire order:
    what an answers file written for that version has never been asked."""
    found = _version(version)
    return [q for q in questionnaire.questions if q.since and _version(q.since) > found]


def effective_values(
    questionnaire: Questionnaire, values: Mapping[str, Any], country: str | None
) -> dict[str, Any]:
    """Each question's answer as scoring sees it, in questionnaire order.

    A question whose condition is false, or that belongs to another country's law, gets
    NOT_APPLICABLE (its stored answer is ignored); a relevant question without an answer
    gets None, which counts as not known, and so does an answer naming a choice not offered
    in `country` (an old answers file, or the country changed): riskkit never scores a
    choice the person could not have made, nor takes the benign branch for it.
    """
    effective: dict[str, Any] = {}
    for q in questionnaire.questions:
        if not q.asked_in(country) or (
            q.when is not None and not q.when.evaluate(effective, country)
        ):
            effective[q.id] = NOT_APPLICABLE
        elif not_offered(q, values.get(q.id), country):
            effective[q.id] = None
        else:
            effective[q.id] = values.get(q.id)
    return effective


def not_offered(question: Question, value: Any, country: str | None) -> list[str | int]:
    """The values of an answer that name a choice not offered in `country`."""
    if value is None or value == DONT_KNOW or not question.closed:
        return []
    items = value if isinstance(value, list) else [value]
    return [v for v in items if not question.offered_value(v, country)]


def relevant_questions(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    effective = effective_values(questionnaire, answers.values, answers.meta.country)
    return [q for q in questionnaire.questions if effective[q.id] is not NOT_APPLICABLE]


def unanswered(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """Relevant questions still without an answer (don't know counts as an answer)."""
    return [
        q
        for q in relevant_questions(questionnaire, answers)
        if answers.values.get(q.id) in (None, "") and (q.closed or q.required)
    ]


def prune(questionnaire: Questionnaire, answers: Answers) -> Answers:
    """Drop answers and comments of questions that are not asked with these answers, and
    answers naming a choice not offered in the assessment's country (asked again)."""
    keep = {q.id for q in relevant_questions(questionnaire, answers)}
    country = answers.meta.country
    return replace(
        answers,
        values={
            k: v
            for k, v in answers.values.items()
            if k in keep and not not_offered(questionnaire.by_id[k], v, country)
        },
        comments={k: v for k, v in answers.comments.items() if k in keep},
    )


def to_data(questionnaire: Questionnaire, answers: Answers) -> dict[str, Any]:
    """The answers file's content, in questionnaire order, irrelevant answers dropped."""
    pruned = prune(questionnaire, answers)
    order = [q.id for q in questionnaire.questions]
    return {
        "schema": SCHEMA,
        "questionnaire": {
            "id": answers.questionnaire_id or questionnaire.id,
            "version": questionnaire.version,
            "hash": questionnaire.content_hash,
        },
        "language": answers.language,
        "meta": answers.meta.to_dict(),
        "answers": {k: pruned.values[k] for k in order if k in pruned.values},
        "comments": {k: pruned.comments[k] for k in order if k in pruned.comments},
    }


def dumps(questionnaire: Questionnaire, answers: Answers) -> str:
    header = "# riskkit answers file. Edit with care: `riskkit score` checks it.\n"
    return header + yamlio.dump(to_data(questionnaire, answers))


# One pass that collects every problem of the file with its line (the checks are a list, not
# nested logic); to be split into header, answers and comments checks (issue 15 follow-up).
def loads(source: str, filename: str, questionnaire: Questionnaire) -> Loaded:  # noqa: C901
    """Parse and check an answers file; ProblemsError names every problem at once.

    Answers written for another version of the questionnaire load: what no longer fits is
    dropped and reported as notices rather than errors.
    """
    raw = yamlio.load(source, filename, untrusted=True)
    problems: list[Problem] = []

    def add(line: int | None, where: str, message: str) -> None:
        problems.append(Problem(filename, line, where, message))

    if not isinstance(raw, LineDict):
        raise ProblemsError(
            [
                Problem(
                    filename,
                    1,
                    "",
                    pgettext("answers file check", "an answers file is a YAML mapping"),
                )
            ]
        )
    for key in raw:
        if key not in ("schema", "questionnaire", "language", "meta", "answers", "comments"):
            add(
                raw.line_of(str(key)),
                str(key),
                pgettext("answers file check", "unknown top-level key"),
            )
    if type(raw.get("schema")) is not int or raw.get("schema") != SCHEMA:  # True == 1
        add(
            raw.line_of("schema"),
            "schema",
            pgettext(
                "answers file check", "unsupported schema `{found}`; expected {schema}"
            ).format(found=raw.get("schema"), schema=SCHEMA),
        )
    qinfo = raw.get("questionnaire") if isinstance(raw.get("questionnaire"), LineDict) else None
    if qinfo is None:
        add(
            raw.line_of("questionnaire"),
            "questionnaire",
            pgettext("answers file check", "missing: the questionnaire's id, version and hash"),
        )
        qinfo = LineDict()
        qinfo.line, qinfo.lines = raw.line, {}
    elif str(qinfo.get("id")) != questionnaire.id:
        add(
            qinfo.line_of("id"),
            "questionnaire.id",
            pgettext(
                "answers file check", "written for questionnaire `{found}`, not `{expected}`"
            ).format(found=qinfo.get("id"), expected=questionnaire.id),
        )
    same_version = str(qinfo.get("version")) == questionnaire.version
    language, error = as_text(raw.get("language"), limits.LANGUAGE)
    if error:
        add(raw.line_of("language"), "language", error)
    language = language or "en"
    meta = _meta(raw.get("meta"), raw.line_of("meta"), add)

    drift: list[Problem] = []
    values: dict[str, Any] = {}
    raw_answers = raw.get("answers") or LineDict()
    if not isinstance(raw_answers, dict):
        add(
            raw.line_of("answers"),
            "answers",
            pgettext("answers file check", "expected a mapping of question ids to answers"),
        )
        raw_answers = LineDict()
    raw_comments = raw.get("comments") or {}
    if not isinstance(raw_comments, dict):
        add(
            raw.line_of("comments"),
            "comments",
            pgettext("answers file check", "expected a mapping of question ids to text"),
        )
        raw_comments = {}
    # Questions merged, split or moved since the file's version: their answers move to where
    # the question is asked now (riskkit.core.migrate), and the person is told.
    draft = migrate.migrate(
        str(qinfo.get("id") or ""),
        str(qinfo.get("version") or ""),
        questionnaire.version,
        migrate.Draft(_entries(raw_answers), _entries(raw_comments), meta.next_review, []),
    )
    if draft.next_review != meta.next_review:
        meta = replace(meta, next_review=parse_date(draft.next_review))
    drift.extend(Problem(filename, line, where, message) for line, where, message in draft.notices)
    for qid, entry in draft.answers.items():
        value, line = entry.value, entry.line
        where = pgettext("answers file check", "answer to `{id}`").format(id=qid)
        question = questionnaire.by_id.get(str(qid))
        if question is None:
            message = pgettext(
                "answers file check", "no such question in questionnaire {id} {version}"
            ).format(id=questionnaire.id, version=questionnaire.version)
            (problems if same_version else drift).append(Problem(filename, line, where, message))
            continue
        normalised, error = normalise(question, value)
        if error:
            (problems if same_version else drift).append(Problem(filename, line, where, error))
            continue
        foreign = not_offered(question, normalised, meta.country)
        if foreign:
            drift.append(Problem(filename, line, where, _not_offered_notice(
                question, foreign, meta.country)))
        elif normalised is not None:
            values[str(qid)] = normalised
    comments: dict[str, str] = {}
    for qid, centry in draft.comments.items():
        comment, line = centry.value, centry.line
        if str(qid) not in questionnaire.by_id:
            (problems if same_version else drift).append(
                Problem(
                    filename,
                    line,
                    pgettext("answers file check", "comment on `{id}`").format(id=qid),
                    pgettext("answers file check", "no such question"),
                )
            )
        elif comment is not None:
            cleaned, error = as_text(comment, limits.COMMENT_TEXT, multiline=True)
            if error:
                add(line, pgettext("answers file check", "comment on `{id}`").format(id=qid),
                    error)
            elif cleaned:
                comments[str(qid)] = cleaned
    total = sum(len(v) for v in vars(meta).values() if isinstance(v, str)) + sum(
        len(v) for q, v in values.items() if questionnaire.by_id[q].type == "text"
    ) + sum(len(c) for c in comments.values())
    if total > limits.TOTAL_TEXT:
        add(raw.line_of("comments") if "comments" in raw else None, "",
            pgettext("answers file check", "the texts of this file (meta, text answers and "
                     "comments) are {length} characters together; the limit is {limit}").format(
                length=total, limit=limits.TOTAL_TEXT))
    if problems:
        raise ProblemsError(problems)
    found_hash = qinfo.get("hash")
    if same_version and found_hash and str(found_hash) != questionnaire.content_hash:
        drift.insert(0, Problem(
            filename,
            qinfo.line_of("hash"),
            "questionnaire.hash",
            pgettext(
                "answers file check",
                "written for questionnaire {id} {version} with other content (hash {found}; "
                "here {expected}): the questionnaire or this file was changed. Check the "
                "answers before you rely on them.",
            ).format(id=questionnaire.id, version=questionnaire.version,
                     found=str(found_hash)[:19], expected=questionnaire.content_hash[:19]),
        ))
    if not same_version:
        drift.insert(
            0,
            Problem(
                filename,
                qinfo.line_of("version"),
                "questionnaire.version",
                pgettext(
                    "answers file check",
                    "written for version {found}; this is version {expected}. What no longer "
                    "fits is listed below and left out; new questions are unanswered.",
                ).format(found=qinfo.get("version"), expected=questionnaire.version),
            ),
        )
        # Only the new questions these answers make relevant and that are still unanswered
        # (an answer migrated to a new question counts as given).
        effective = effective_values(questionnaire, values, meta.country)
        new = [
            q
            for q in added_since(questionnaire, str(qinfo.get("version") or ""))
            if effective[q.id] is not NOT_APPLICABLE and q.id not in values
        ]
        if new:
            drift.insert(
                1,
                Problem(
                    filename,
                    qinfo.line_of("version"),
                    "questionnaire.version",
                    pgettext(
                        "answers file check",
                        "new questions since version {found}, to answer: {ids}",
                    ).format(found=qinfo.get("version"), ids=", ".join(q.id for q in new)),
                ),
            )
    answers = Answers(
        str(qinfo.get("id") or questionnaire.id),
        str(qinfo.get("version") or ""),
        str(qinfo.get("hash") or ""),
        language,
        meta,
        values,
        comments,
    )
    return Loaded(answers, tuple(drift))


def _not_offered_notice(question: Question, values: list[str | int], country: str) -> str:
    """Why an answer was left out: it names a choice of another country's law (the file is
    old, or meta.country was changed). Not an error: the rest of the file is good."""
    choices = [c for c in map(question.choice, values) if c is not None]
    offered_in = sorted({code for c in choices for code in c.countries})
    return pgettext(
        "answers file check",
        "{values}: offered only for {countries}, and this assessment is for {country} "
        "(meta.country). The answer is left out and counts as \"don't know\" until it is "
        "answered again (riskkit assess --resume asks it).",
    ).format(
        values=", ".join(f"`{v}`" for v in values),
        countries=", ".join(offered_in),
        country=country,
    )


def _entries(raw: Mapping[Any, Any]) -> dict[str, migrate.Entry]:
    """A mapping read from the file, by question id, each value with its line."""
    return {
        str(qid): migrate.Entry(
            value, raw.line_of(str(qid)) if isinstance(raw, LineDict) else None
        )
        for qid, value in raw.items()
    }


def _meta(raw: Any, line: int, add: Any) -> Meta:
    if raw is None:
        return Meta()
    if not isinstance(raw, LineDict):
        add(line, "meta", pgettext("answers file check", "expected a mapping of fields"))
        return Meta()
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        where = f"meta.{key}"
        if key not in META_FIELDS:
            add(
                raw.line_of(str(key)),
                where,
                pgettext("answers file check", "unknown field (allowed: {allowed})").format(
                    allowed=", ".join(META_FIELDS)
                ),
            )
        elif key in DATE_FIELDS:
            parsed = parse_date(value)
            if value not in (None, "") and parsed is None:
                add(
                    raw.line_of(key),
                    where,
                    pgettext("answers file check", "not a date; write it as 2026-03-05"),
                )
            kwargs[key] = parsed
        elif value is not None:
            cleaned, error = as_text(value, limits.meta_limit(key), multiline=key == "description")
            if error:
                add(raw.line_of(str(key)), where, error)
            else:
                kwargs[key] = cleaned
    if "country" in kwargs:
        kwargs["country"] = kwargs["country"].upper()
        # The verdicts read the code (EEA or not, which national DPIA list): "Norway" would
        # silently make the GDPR verdicts guidance only.
        if kwargs["country"] and not re.fullmatch(r"[A-Z]{2}", kwargs["country"]):
            add(
                raw.line_of("country"),
                "meta.country",
                pgettext(
                    "validation", "Write the two-letter country code, for example NO, SE or DK."
                ),
            )
    return Meta(**kwargs)


def as_text(value: Any, limit: int, *, multiline: bool = False) -> tuple[str | None, str | None]:
    """A text field's value, stripped and with its line breaks normalised, or an error
    message: for a list, a mapping or true/false where text belongs (the file was written
    wrong), for a control character (ESC, NUL...: riskkit.text), or for text over ``limit``
    characters. Numbers and dates are text as written."""
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
        kind = (pgettext("answers file check", "a list") if isinstance(value, list)
                else pgettext("answers file check", "a mapping") if isinstance(value, dict)
                else pgettext("answers file check", "true or false"))
        return None, pgettext("answers file check", "expected text, found {kind}").format(
            kind=kind)
    cleaned = text.normalise_breaks(str(value), multiline=multiline).strip()
    bad = text.forbidden_character(cleaned)
    if bad:
        return None, pgettext(
            "answers file check",
            "contains the control character {char}, which riskkit does not accept (it can "
            "disturb terminals and the PDF's metadata); remove it").format(char=bad)
    if len(cleaned) > limit:
        return None, pgettext(
            "answers file check", "{length} characters; the limit is {limit}").format(
            length=len(cleaned), limit=limit)
    return cleaned, None


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


# One branch per question type (yes/no, single, multi, scale, date, text).
def normalise(question: Question, value: Any) -> tuple[Any, str | None]:  # noqa: C901
    """The canonical form of an answer, or an error message saying what is wrong with it."""
    if value is None or value == "":
        return None, None
    if value == DONT_KNOW:  # every question may be answered "don't know", text and dates too
        return DONT_KNOW, None
    allowed = ", ".join(str(v) for v in question.options())
    if question.type == "yesno":
        if value is True or value is False:
            value = "yes" if value else "no"
        if value in YESNO_VALUES:
            return value, None
    elif question.type == "single":
        if question.choice(value) is not None:
            return question.choice(value).value, None  # type: ignore[union-attr]
    elif question.type == "multi":
        items = value if isinstance(value, list) else [value]
        chosen = [question.choice(v) for v in items]
        if items and all(chosen):
            if len(items) > 1 and any(c.exclusive for c in chosen):  # type: ignore[union-attr]
                return None, pgettext(
                    "answers file check", "`{value}` cannot be combined with other choices"
                ).format(value=next(c.value for c in chosen if c.exclusive))  # type: ignore[union-attr]
            return [c.value for c in chosen], None  # type: ignore[union-attr]
    elif question.type == "scale":
        if isinstance(value, int) and not isinstance(value, bool) and value in question.values():
            return value, None
    elif question.type == "date":
        parsed = parse_date(value)
        if parsed:
            return parsed.isoformat(), None
        return None, pgettext("answers file check", "not a date; write it as 2026-03-05")
    elif question.type == "text":
        return as_text(value, limits.ANSWER_TEXT, multiline=True)
    return None, pgettext("answers file check", "`{value}` is not one of: {allowed}").format(
        value=_shown(value), allowed=allowed
    )


def _shown(value: Any) -> str:
    """A wrong value as an error message quotes it: short, whatever its size."""
    shown = str(value)
    return shown if len(shown) <= 60 else shown[:60] + "…"
