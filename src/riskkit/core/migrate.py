"""Answers written for an earlier version of the default questionnaire, moved to this one. Pure.

When a question is merged into another, split in two or moved into the system description,
an answers file written before keeps what its answers established: the answer moves to where
the question is now asked, and the person is told (a notice naming the file's line). What
cannot be carried over honestly (a "no" to a question that was split) is left out and asked
again; until then it counts as "don't know", as every new question does.

Only the default questionnaire (`riskkit-ai`) is migrated; an organisation's own
questionnaire with another id is loaded as before (answers that no longer fit are dropped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from riskkit.core.values import DONT_KNOW
from riskkit.i18n import pgettext

QUESTIONNAIRE_ID = "riskkit-ai"


@dataclass
class Entry:
    """One answer (or comment) as read from the file, with the line it was on."""

    value: Any
    line: int | None


@dataclass
class Draft:
    """What is being migrated: answers and comments by question id, the system description's
    next review date, and the notices for the person."""

    answers: dict[str, Entry]
    comments: dict[str, Entry]
    next_review: Any
    notices: list[tuple[int | None, str, str]]

    def note(self, line: int | None, qid: str, message: str) -> None:
        where = pgettext("answers file check", "answer to `{id}`").format(id=qid)
        self.notices.append((line, where, message))

    def move_comment(self, old: str, new: str) -> None:
        if old in self.comments and new not in self.comments:
            self.comments[new] = self.comments.pop(old)
        else:
            self.comments.pop(old, None)


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return ()


def _to_1_2_0(d: Draft) -> None:
    """1.1.0 -> 1.2.0 (issue #13: each question asked once, Art. 35(3)(a) in two parts)."""
    # The next review date was asked twice: in the system description and as a question.
    old = d.answers.pop("oversight.next_review", None)
    d.comments.pop("oversight.next_review", None)
    if old is not None and old.value not in (None, "", DONT_KNOW):
        if d.next_review in (None, ""):
            d.next_review = old.value
            d.note(old.line, "oversight.next_review", pgettext(
                "answers file check",
                "the next review date is now asked once, in the system description: "
                "{date} moved there").format(date=old.value))
        elif str(old.value) != str(d.next_review):
            d.note(old.line, "oversight.next_review", pgettext(
                "answers file check",
                "the next review date is now asked once, in the system description, which "
                "says {kept}; {dropped} is left out").format(kept=d.next_review, dropped=old.value))
    # GDPR Art. 35(3)(a) was one question about two conditions; a "yes" said both hold.
    old = d.answers.pop("dpia.extensive_evaluation", None)
    if old is not None:
        if old.value == "yes":
            for new in ("dpia.systematic_evaluation", "dpia.evaluation_decisions"):
                d.answers.setdefault(new, Entry("yes", old.line))
            d.move_comment("dpia.extensive_evaluation", "dpia.systematic_evaluation")
            d.note(old.line, "dpia.extensive_evaluation", pgettext(
                "answers file check",
                "split into dpia.systematic_evaluation and dpia.evaluation_decisions "
                "(GDPR Art. 35(3)(a)); your yes is carried over to both"))
        else:
            d.comments.pop("dpia.extensive_evaluation", None)
            d.note(old.line, "dpia.extensive_evaluation", pgettext(
                "answers file check",
                "split into dpia.systematic_evaluation and dpia.evaluation_decisions "
                "(GDPR Art. 35(3)(a)); answer both, until then they count as don't know"))
    # AI Act profiling is GDPR profiling (AI Act Art. 3(52)), asked once as dpia.evaluation.
    old = d.answers.pop("aiact.profiling", None)
    d.comments.pop("aiact.profiling", None)
    if old is not None and old.value == "yes":
        current = d.answers.get("dpia.evaluation")
        if current is None or current.value != "yes":
            d.answers["dpia.evaluation"] = Entry("yes", old.line)
            d.note(old.line, "aiact.profiling", pgettext(
                "answers file check",
                "profiling is now asked once, as dpia.evaluation (AI Act Art. 3(52), GDPR "
                "Art. 4(4)): your yes is carried over there"))
    # Generative AI generates synthetic content (Art. 50(2)): asked once, in system.kind.
    old = d.answers.pop("aiact.synthetic_content", None)
    d.comments.pop("aiact.synthetic_content", None)
    if old is not None and old.value == "yes":
        kind = d.answers.get("system.kind")
        values = kind.value if kind is not None and isinstance(kind.value, list) else None
        if kind is None or (values is not None and "generative" not in values):
            d.answers["system.kind"] = Entry([*(values or []), "generative"], old.line)
            d.note(old.line, "aiact.synthetic_content", pgettext(
                "answers file check",
                "generating synthetic content is now asked once, as generative AI in "
                "system.kind: added there"))
    # The owner's name is in the system description; the question now asks about the
    # written mandate, which the old answer did not say.
    old = d.answers.pop("oversight.owner", None)
    d.comments.pop("oversight.owner", None)
    if old is not None:
        d.note(old.line, "oversight.owner", pgettext(
            "answers file check",
            "the question now asks whether the owner has a written mandate; answer it "
            "again, until then it counts as don't know"))


# (version the step leads to, the step), oldest first
STEPS: tuple[tuple[str, Callable[[Draft], None]], ...] = (("1.2.0", _to_1_2_0),)


def migrate(questionnaire_id: str, found: str, current: str, draft: Draft) -> Draft:
    """Apply every step after `found` up to `current` to `draft` (changed in place and
    returned). Files of another questionnaire, or of this version or later, are untouched."""
    if questionnaire_id != QUESTIONNAIRE_ID:
        return draft
    start, end = _version(found), _version(current)
    for version, step in STEPS:
        if start < _version(version) <= end:
            step(draft)
    return draft
