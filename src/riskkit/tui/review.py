"""The review: every answer in one list, to change any of them, comment on one, or finish.

Each line is broken between words to fit the terminal (never cut at its edge), so the
"(+ comment)" marker after an answer is always seen whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from questionary import Choice, Separator

from riskkit.i18n import pgettext
from riskkit.tui.ask import CommentRequest, comment_hint
from riskkit.tui.frame import FINISH, Extras, columns, fold, inquirer_control, select
from riskkit.tui.screen import value_text

if TYPE_CHECKING:  # pragma: no cover
    from riskkit.core.interview import MetaField, ReviewSection

#: Where a review line's text starts, after questionary's " » " pointer.
INDENT = 3
#: Holds the comment marker's words together while a line is folded (a no-break space
#: would do, but prompt_toolkit draws it underlined in yellow).
_GLUE = "\x00"


def _clip(text: str, limit: int) -> str:
    """A long answer (a text of many lines) shortened to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def review_choices(
    sections: Sequence[ReviewSection],
    meta_values: Sequence[tuple[MetaField, Any]],
    width: int | None = None,
    inconsistencies: Sequence[tuple[Any, str]] = (),
) -> list:
    """The review list: Finish, answers that contradict each other (each opens the answer that
    contradicts), the system description, then every answer by section; each line folded to
    `width` (the terminal's), an answer longer than two lines shortened."""
    from riskkit.i18n import content

    country = next((str(v) for f, v in meta_values if f.name == "country" and v), None)
    width = max(40, width or columns())
    answer_limit = 2 * (width - INDENT - 1)

    def entry(text: str) -> str:
        return fold(text, INDENT, width).replace(_GLUE, " ")

    not_answered = pgettext("review", "— not answered —")
    # Translators: marks an answer that has a comment in the review list.
    commented = pgettext("review", "(+ comment)").replace(" ", _GLUE)
    finish = Choice(pgettext("review", "✔ Finish and make the report"), FINISH)
    choices: list = [finish]
    if inconsistencies:
        choices.append(
            Separator("── " + pgettext("review", "⚠ Answers that contradict each other"))
        )
        for question, text in inconsistencies:
            choices.append(Choice(entry(f"⚠ {text}"), question))
    choices.append(Separator("── " + pgettext("review", "About the system")))
    for field, value in meta_values:
        shown = _clip(value_text(field, value), answer_limit) or not_answered
        choices.append(Choice(entry(f"{field.short_label}: {shown}"), field))
    for number, block in enumerate(sections, 1):
        choices.append(Separator(f"── {number}. {content.section_title(block.section)}"))
        for item in block.entries:
            shown = (_clip(value_text(item.question, item.value, country), answer_limit)
                     or not_answered)
            note = f"  {commented}" if item.comment else ""
            choices.append(
                Choice(entry(f"{content.question_text(item.question)}  → {shown}{note}"),
                       item.question)
            )
    choices.append(Separator(" "))
    choices.append(Choice(finish.title, FINISH))
    return choices


def build_review(
    sections: Sequence[ReviewSection],
    meta_values: Sequence[tuple[MetaField, Any]],
    default: Any = None,
    width: int | None = None,
    inconsistencies: Sequence[tuple[Any, str]] = (),
) -> questionary.Question:
    """The review list; the pointer starts on `default` (the step changed last), or Finish."""
    # Translators: key hint on the review list (Home and End jump to "Finish", at both ends).
    hint = pgettext("key hint", "↑↓ move · Enter change the answer or finish · Home/End: to Finish")
    extras = Extras(hint=f"{hint} · {comment_hint('select')}")
    return select(
        pgettext("review", "Review your answers. Choose one to change it, or finish."),
        review_choices(sections, meta_values, width, inconsistencies),
        extras,
        default,
        _review_keys(),
    )


def _review_keys() -> KeyBindings:
    """Home/End to the first/last entry (Finish), PageUp/PageDown ten entries at a time, and
    the comment key on an answer (not on the description's fields, which take none)."""
    from riskkit.core.model import Question

    kb = KeyBindings()

    def move(app: Application, step: int) -> None:
        ic = inquirer_control(app)
        advance = ic.select_next if step > 0 else ic.select_previous
        for _ in range(abs(step)):
            advance()
            while not ic.is_selection_valid():  # separators are skipped
                advance()

    def to(app: Application, index: int) -> None:
        ic = inquirer_control(app)
        ic.pointed_at = index % len(ic.choices)

    @kb.add("c", eager=True)
    @kb.add("C", eager=True)
    @kb.add(Keys.Tab, eager=True)
    def _comment(event: Any) -> None:
        pointed = inquirer_control(event.app).get_pointed_at().value
        if isinstance(pointed, Question):
            event.app.exit(result=CommentRequest(target=pointed))

    kb.add(Keys.Home, eager=True)(lambda event: to(event.app, 0))
    kb.add(Keys.End, eager=True)(lambda event: to(event.app, -1))
    kb.add(Keys.PageDown, eager=True)(lambda event: move(event.app, 10))
    kb.add(Keys.PageUp, eager=True)(lambda event: move(event.app, -10))
    return kb


def ask_review(
    sections: Sequence[ReviewSection],
    meta_values: Sequence[tuple[MetaField, Any]],
    default: Any = None,
    inconsistencies: Sequence[tuple[Any, str]] = (),
) -> Any:
    """FINISH, the MetaField or Question the person wants to change, or a CommentRequest
    whose `target` is the question to comment on."""
    review = build_review(sections, meta_values, default, inconsistencies=inconsistencies)
    return review.unsafe_ask()
