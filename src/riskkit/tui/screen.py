"""What the interview prints between prompts, and how it writes an answer for a person.

The progress line, section titles, the line a prompt leaves behind once answered, and
answers the local way (dates in words, countries by name, scales with their words).
Questionnaire content (`riskkit.i18n.content`, which brings the model) is imported by the
functions that show it, not with this module: the first prompt must not wait for it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import get_app_session
from prompt_toolkit.formatted_text import FormattedText

from riskkit.core.values import DONT_KNOW
from riskkit.i18n import babel_locale, format_date, npgettext, pgettext
from riskkit.tui.frame import STYLE, columns

if TYPE_CHECKING:  # pragma: no cover
    from riskkit.core.interview import MetaField, Progress
    from riskkit.core.model import Question


def progress_text(p: Progress) -> str:
    """ "Section 3 of 11 · Fairness · about 58 questions left", or the description's field
    count.

    The questionnaire's content (and with it the model) is imported only for a section: the
    description's first field is the first prompt, and must not wait for it.
    """
    if p.section is None:
        return pgettext("progress", "About the system · {number} of {count}").format(
            number=p.number, count=p.count
        )
    from riskkit.i18n import content

    # Translators: {left} counts this question and those the answers so far open after it;
    # it can grow when an answer opens follow-up questions, hence "about".
    left = npgettext(
        "progress", "about {left} question left", "about {left} questions left", p.left
    ).format(left=p.left)
    return pgettext("progress", "Section {section} of {sections} · {title} · {left}").format(
        section=p.section_number,
        sections=p.section_count,
        title=content.section_title(p.section),
        left=left,
    )


def country_name(code: str) -> str:
    """A country's name in the active language, e.g. "Norge" for NO in Norwegian."""
    return babel_locale().territories.get(code, code)


def scale_label(question: Question, value: Any, country: str | None = None) -> str:
    """A scale point's words: its own label, else the scale's end labels, else none."""
    from riskkit.i18n import content

    choice = question.choice(value)
    if choice is not None and choice.label:
        return content.choice_label(question, value, country)
    low, high = content.scale_labels(question)
    assert question.scale is not None
    return low if value == question.scale.min else high if value == question.scale.max else ""


def value_text(step: MetaField | Question, value: Any, country: str | None = None) -> str:
    """An answer as the person reads it (dates the local way, countries by name), with the
    labels of an assessment in `country` (None: a description field, or no country)."""
    from riskkit.core.interview import MetaField
    from riskkit.i18n import content

    if value is None or value == "":
        return ""
    if isinstance(step, MetaField):
        if step.kind == "date" and isinstance(value, dt.date):
            return format_date(value)
        if step.kind == "country":
            return f"{country_name(value)} ({value})"
        return str(value)
    if step.type == "date" and value != DONT_KNOW:
        try:
            return format_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if step.type == "scale" and value != DONT_KNOW:
        label = scale_label(step, value, country)
        return f"{value} ({label})" if label else str(value)
    return content.answer_text(step, value, country)


@dataclass
class _Printed:
    """Lines printed between prompts, remembered so that going back can take them away."""

    rows: int
    answer: bool = False  # the line an answered prompt left
    section: str | None = None  # the id of the section whose title this is ("": description)


_printed: list[_Printed] = []


def _remember(printed: _Printed) -> None:
    _printed.append(printed)
    del _printed[:-200]  # more than a screen is never taken back


def _rows(lines: list[str]) -> int:
    """How many terminal rows `lines` take (a line longer than the terminal takes more)."""
    width = max(1, get_app_session().output.get_size().columns)
    return sum(max(1, -(-len(text) // width)) for text in lines)


def forget_last_answer() -> None:
    """Take the last answered line off the screen, with everything printed after it.

    Called when the person goes back: the question is asked again and will leave its own
    line, so the old one ("✔ ... Yes") must not stay above it looking like a second answer.
    Nothing happens when that line is no longer known (printed before a resume).
    """
    if not any(p.answer for p in _printed):
        return
    rows = 0
    while True:
        printed = _printed.pop()
        rows += printed.rows
        if printed.answer:
            break
    output = get_app_session().output
    output.cursor_up(rows)
    output.erase_down()
    output.flush()


def shown_section() -> str | None:
    """The id of the section whose title is the last one on the screen ("" for the system
    description), or None when riskkit does not know."""
    return next((p.section for p in reversed(_printed) if p.section is not None), None)


def say(text: str = "", style: str = "", wrap: bool = True) -> None:
    """Text on the terminal, styled (class names from STYLE), wrapped between words unless
    `wrap` is false (a command to copy must stay on one line)."""
    width = max(20, get_app_session().output.get_size().columns - 1)
    indent = text[: len(text) - len(text.lstrip(" "))]
    lines = (
        textwrap.wrap(
            text,
            width,
            subsequent_indent=indent + ("  " if indent else ""),
            break_on_hyphens=False,
            break_long_words=False,
        )
        if wrap
        else [text]
    )
    lines = lines or [""]
    _remember(_Printed(_rows(lines)))
    print_formatted_text(
        FormattedText([(f"class:{style}" if style else "", "\n".join(lines))]), style=STYLE
    )


def show_answered(message: str, answer: str, step: bool = True) -> None:
    """The line a prompt leaves behind: the question and the answer given ("—" for none),
    broken between words to fit the terminal, further lines indented under the question.

    `step` is false for a line that answers no step of the walk (a comment): going back
    takes it away together with the answer before it (`forget_last_answer`)."""
    parts = [("class:qmark", "✔"), ("class:question", message), ("class:answer", answer or "—")]
    width, column, tokens = columns() - 2, 0, []
    for style, text in parts:
        for word in text.split():
            if column and column + 1 + len(word) > width:
                tokens.append(("", "\n  "))
                column = 2
            elif column:
                tokens.append((style, " "))
                column += 1
            tokens.append((style, word))
            column += len(word)
    _remember(_Printed(1 + sum(text == "\n  " for _style, text in tokens), answer=step))
    print_formatted_text(FormattedText(tokens), style=STYLE)


def show_section(progress: Progress, country: str | None = None) -> None:
    """The title and introduction of the section (or the system description) of `progress`.

    Shown when the person enters a section. The progress line itself is part of each
    prompt (`header`), so it goes away with it and the terminal keeps only the answers given.
    """
    _remember(_Printed(0, section=progress.section.id if progress.section else ""))
    say()
    if progress.section is None:
        say(pgettext("progress", "About the system"), "section")
        say(pgettext("progress", "First, a few facts about the system you are assessing."), "intro")
    else:
        from riskkit.i18n import content  # not before the first prompt: see `progress_text`

        say(content.section_title(progress.section), "section")
        intro = content.section_intro(progress.section, country)
        if intro:
            say(intro, "intro")
