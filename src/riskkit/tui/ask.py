"""One step of the interview becomes one prompt, and keys become values.

Nothing here decides what to ask (that is `riskkit.core.interview`) or writes files (that is
the `assess` command). Every ``build*`` function makes a questionary prompt in the active
language (tests drive it with keys); its ``ask*`` twin runs it with ``unsafe_ask()`` so Ctrl-C
raises KeyboardInterrupt (the caller saves and says how to resume), prints the line it
leaves behind, and returns the value to store, `BACK`, or a `CommentRequest`.

Keys, the same on every prompt and shown on every prompt:

* ↑ ↓ and Enter choose; in a multiple-choice list Space ticks and unticks.
* ``?`` shows the question's help below it, without leaving the question (again: hides it).
  In a text field ``?`` does this while the field is empty; once something is typed it is
  an ordinary character.
* ``c`` in a list, Tab in a text field (where ``c`` is a letter) opens the comment on the
  question; the question comes back afterwards with the answer as it was pointed at.
* In a text field ↓ points at "Don't know" under it (↑ returns to the field).
* Esc goes back to the previous question (and ← in lists); single-choice lists also end
  with a visible "← Back" entry (not tick-box lists, where it would look like one more box
  to tick). In the comment field Esc returns to the question without changing the comment.
* Ctrl-C stops; the caller has already saved every answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.filters import Always, Condition
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from questionary import Choice

from riskkit import limits
from riskkit.core.values import DONT_KNOW
from riskkit.i18n import pgettext
from riskkit.tui import dates
from riskkit.tui.frame import (
    BACK,
    STYLE,
    Extras,
    Sentinel,
    attach,
    fold,
    hint_parts,
    inquirer_control,
    left_back,
    line,
    select,
    when_shown,
    with_back,
)
from riskkit.tui.screen import country_name, scale_label, show_answered, value_text

if TYPE_CHECKING:  # pragma: no cover
    from riskkit.core.interview import MetaField
    from riskkit.core.model import Question

_OTHER_COUNTRY: Any = Sentinel("OTHER_COUNTRY")

#: Countries offered by name; any other ISO 3166 code can be typed.
COUNTRIES = ("NO", "SE", "DK", "FI", "IS")


@dataclass(frozen=True)
class CommentRequest:
    """The person pressed the comment key: on a question (`draft` is what was pointed at or
    typed, proposed again when the question returns) or, in the review, on `target`."""

    draft: Any = None
    target: Any = None


# --- validation --------------------------------------------------------------------------


def check_required(text: str) -> bool | str:
    return True if text.strip() else pgettext("validation", "Please fill this in.")


def check_text(limit: int, required: bool = False, multiline: bool = True
               ) -> Callable[[str], bool | str]:
    """A validator for typed text: filled in when required, within ``limit`` characters and
    without control characters, as the answers file will be checked when it is read again
    (riskkit.limits), so nothing typed is refused later."""
    def check(text: str) -> bool | str:
        from riskkit.core import answers as answers_mod

        if required and not text.strip():
            return check_required(text)
        return answers_mod.as_text(text, limit, multiline=multiline)[1] or True

    return check


def check_country(text: str) -> bool | str:
    if re.fullmatch(r"[A-Za-z]{2}", text.strip()):
        return True
    return pgettext("validation", "Write the two-letter country code, for example NO, SE or DK.")


def exclusive_values(question: Question) -> set:
    return {c.value for c in question.choices if c.exclusive} | {DONT_KNOW}


def checkbox_validator(
    question: Question, country: str | None
) -> Callable[[list], bool | str]:
    def validate(selected: list) -> bool | str:
        from riskkit.i18n import content

        if not selected:
            return pgettext(
                "validation",
                "Nothing is ticked. Press Space to tick what applies (or “{dont_"
                "know}”), then Enter.",
            ).format(dont_know=content.dont_know())
        exclusive = exclusive_values(question)
        if len(selected) > 1 and any(v in exclusive for v in selected):
            return pgettext(
                "validation", "“{choice}” cannot be combined with other choices."
            ).format(
                choice=content.choice_label(
                    question, next(v for v in selected if v in exclusive), country
                )
            )
        return True

    return validate


# --- what every question prompt shows ------------------------------------------------------


def references(question: Question, country: str | None) -> str:
    """The legal and NIST AI RMF references, each once (a question may list a NIST
    subcategory both among its references and in its mapping), with the legal instrument
    named in the active language as the report names it ("KI-forordningen art. 27");
    another country's law is left out."""
    from riskkit.i18n import content

    refs = list(
        dict.fromkeys(
            [
                *map(content.citation, question.refs_in(country)),
                *(f"NIST AI RMF {n}" for n in question.nist),
            ]
        )
    )
    if not refs:
        return ""
    return pgettext("question", "References: {refs}").format(refs=" · ".join(refs))


def comment_hint(kind: str) -> str:
    """The comment key's part of the hint: ``c`` in lists, Tab in text fields."""
    if kind == "text":
        # Translators: key hint: Tab opens the comment on the question (in a text field).
        return pgettext("key hint", "Tab comment")
    # Translators: key hint: the c key opens the comment on the question (in a list).
    return pgettext("key hint", "c comment")


def comment_note(comment: str) -> str:
    """The question's comment, shown under it while it is asked."""
    return pgettext("comment prompt", "Your comment: {comment}").format(comment=comment)


def comment_keys(draft: Callable[[Any], Any], letter: bool = True) -> KeyBindings:
    """The comment key: ends the prompt with a CommentRequest holding `draft(app)`, the
    answer as far as the person got (pointed at, ticked or typed)."""
    kb = KeyBindings()

    def _comment(event: Any) -> None:
        event.app.exit(result=CommentRequest(draft=draft(event.app)))

    kb.add(Keys.Tab, eager=True)(_comment)
    if letter:
        kb.add("c", eager=True)(_comment)
        kb.add("C", eager=True)(_comment)
    return kb


# --- building prompts ----------------------------------------------------------------------


def closed_choices(question: Question, country: str | None, indent: int = 3) -> list:
    """The values offered in `country` with their localized labels, then "don't know"; long
    labels folded to the terminal, `indent` being where a label starts (after " » " or
    " » ○ ")."""
    from riskkit.i18n import content

    choices = []
    for value in question.offered(country):
        title = content.choice_label(question, value, country)
        if question.type == "scale" and question.scale:
            label = scale_label(question, value, country)
            title = f"{value}  {label}" if label else str(value)
        choices.append(Choice(fold(title, indent), value))
    choices.append(Choice(content.dont_know(), DONT_KNOW))
    return choices


def _answer_list(message: str, choices: list, default: Any, extras: Extras
                 ) -> questionary.Question:
    """A single-choice answer list, with "← Back", ← and the comment key."""
    extras.hint = " · ".join(
        [hint_parts("select", bool(extras.help), extras.can_go_back), comment_hint("select")]
    )
    return select(
        message,
        with_back(choices, extras.can_go_back),
        extras,
        default,
        merge_key_bindings([
            left_back(extras),
            comment_keys(lambda app: inquirer_control(app).get_pointed_at().value),
        ]),
    )


def _checkbox(
    question: Question, default: Any, extras: Extras, country: str | None
) -> questionary.Question:
    from riskkit.i18n import content

    chosen = default if isinstance(default, list) else [default] if default else []
    # No "← Back" entry here: in a list of tick boxes it would look like one more thing to
    # tick. Esc and ← go back, as the key hint says.
    choices = [
        Choice(c.title, c.value, checked=c.value in chosen)
        for c in closed_choices(question, country, indent=5)
    ]
    prompt = questionary.checkbox(
        fold(content.question_text(question), 2),
        choices=choices,
        qmark="?",
        style=STYLE,
        instruction=" ",
        use_jk_keys=False,
        erase_when_done=True,
    )
    extras.hint = " · ".join(
        [hint_parts("checkbox", bool(extras.help), extras.can_go_back), comment_hint("checkbox")]
    )
    app = prompt.application
    ic = inquirer_control(app)
    attach(app, extras, None, merge_key_bindings(
        [extras.bindings(), left_back(extras), _tick_keys(app, question, extras, country),
         comment_keys(lambda _app: [c.value for c in ic.get_selected_values()])]))
    return prompt


def _tick_keys(
    app: Any, question: Question, extras: Extras, country: str | None
) -> KeyBindings:
    """Space ticks; ticking "none of these" or "don't know" unticks the rest, and the reverse;
    Enter checks the ticks and shows what is wrong among our lines.

    questionary's own validation would draw its message as the bottom toolbar of a second
    prompt session, six blank lines below the list; riskkit checks on Enter itself instead.
    questionary's a/i (tick all, invert) are switched off, since they would combine choices
    that exclude each other.
    """
    ic = inquirer_control(app)
    exclusive = exclusive_values(question)
    validate = checkbox_validator(question, country)
    error: list[str] = [""]
    extras.error = lambda: error[0]
    kb = KeyBindings()

    @kb.add(" ", eager=True)
    def _toggle(event: Any) -> None:
        pointed = ic.get_pointed_at().value
        selected = list(ic.selected_options)
        if pointed in selected:
            selected.remove(pointed)
        elif pointed in exclusive:
            selected = [pointed]
        else:
            selected = [v for v in selected if v not in exclusive] + [pointed]
        ic.selected_options = selected
        error[0] = ""

    @kb.add(Keys.ControlM, eager=True)
    def _confirm(event: Any) -> None:
        selected = [c.value for c in ic.get_selected_values()]
        verdict = validate(selected)
        if verdict is True:  # (not ic.is_answered: questionary would draw "done (2 ...)")
            event.app.exit(result=selected)
        else:
            error[0] = str(verdict)

    @kb.add("a", eager=True)
    @kb.add("i", eager=True)
    def _nothing(event: Any) -> None:
        """Not "tick all" or "invert": see the docstring."""

    return kb


def _text(
    message: str,
    default: str,
    extras: Extras,
    validate: Callable[[str], bool | str] | None = None,
    dont_know: bool = False,
    comment: bool = False,
) -> questionary.Question:
    """A text field; with `dont_know`, "Don't know" under it (↓ points at it, Enter takes
    it); with `comment`, Tab opens the question's comment."""
    from riskkit.i18n import content

    parts = [hint_parts("text", bool(extras.help), extras.can_go_back)]
    if dont_know:
        # Translators: key hint: ↓ points at "Don't know" under a text field.
        parts.append(pgettext("key hint", "↓ “{dont_know}”").format(
            dont_know=content.dont_know()))
    if comment:
        parts.append(comment_hint("text"))
    extras.hint = " · ".join(parts)
    pointed = [default == DONT_KNOW and dont_know]
    error = [""]
    prompt = questionary.text(
        fold(message, 2) + "\n ›",
        default="" if default == DONT_KNOW else default,
        qmark="?",
        style=STYLE,
        erase_when_done=True,
    )
    app = prompt.application
    buffer = app.current_buffer
    # As questionary does for lists: the input line must not grow to fill the screen, or
    # the lines below it would sit at the bottom of the terminal, far from the question.
    app.layout.current_window.dont_extend_height = Always()
    keys = [extras.bindings(lambda: buffer.text == "" and not pointed[0])]
    extras.error = lambda: error[0]
    if validate is not None:
        keys.append(_validated_enter(validate, error, lambda: not pointed[0]))
    if dont_know:
        label = content.dont_know()
        extras.more.append(line(lambda: True, lambda: (
            [("class:pointer", " » "), ("class:highlighted", label)] if pointed[0]
            else [("", "   "), ("class:hint", label)])))
        keys.append(_dont_know_keys(pointed))

    def _typed(_buffer: Any) -> None:
        pointed[0] = False
        error[0] = ""

    buffer.on_text_changed += _typed
    if comment:
        keys.append(comment_keys(lambda _app: DONT_KNOW if pointed[0] else buffer.text,
                                 letter=False))
    attach(app, extras, 1, merge_key_bindings(keys))
    return prompt


def _validated_enter(
    validate: Callable[[str], bool | str], error: list[str], active: Callable[[], bool]
) -> KeyBindings:
    """Enter checks the text first: what is wrong is shown among our lines under the field,
    wrapped to the terminal (questionary's toolbar would cut a long message at its edge)."""
    kb = KeyBindings()

    @kb.add(Keys.ControlM, filter=Condition(active), eager=True)
    def _confirm(event: Any) -> None:
        text = event.app.current_buffer.text
        verdict = validate(text)
        if verdict is True:
            event.app.exit(result=text)
        else:
            error[0] = str(verdict)

    return kb


def _dont_know_keys(pointed: list[bool]) -> KeyBindings:
    kb = KeyBindings()
    on_field, on_dont_know = Condition(lambda: not pointed[0]), Condition(lambda: pointed[0])

    @kb.add(Keys.Down, filter=on_field, eager=True)
    def _down(event: Any) -> None:
        pointed[0] = True

    @kb.add(Keys.Up, filter=on_dont_know, eager=True)
    def _up(event: Any) -> None:
        pointed[0] = False

    @kb.add(Keys.ControlM, filter=on_dont_know, eager=True)
    def _take(event: Any) -> None:
        event.app.exit(result=DONT_KNOW)

    return kb


def build(
    question: Question,
    default: Any = None,
    can_go_back: bool = False,
    header: str = "",
    comment: str = "",
    *,
    country: str | None = None,
) -> questionary.Question:
    """The prompt for one question, with its current answer (if any) proposed; choices, help
    and references of another country than `country` (meta.country) are left out.

    select for yesno/single/scale (localized Yes/No/Don't know), checkbox for multi with an
    exclusive "none" and "don't know", text for text and date (with "Don't know" under the
    field; a date is read as `riskkit.tui.dates` says and echoed in words while typed).
    References are shown under the question, help on "?", its comment (if any) too.
    """
    from riskkit.i18n import content

    extras = Extras(
        header=header,
        refs=references(question, country),
        help=content.question_help(question, country),
        can_go_back=can_go_back,
    )
    message = content.question_text(question)
    if comment:
        extras.note = comment_note(comment)
    if question.type in ("yesno", "single", "scale"):
        return _answer_list(message, closed_choices(question, country), default, extras)
    if question.type == "multi":
        return _checkbox(question, default, extras, country)
    if question.type == "date":
        extras.note = "\n".join(filter(None, [dates.hint(), extras.note]))
        prompt = _text(message, str(default or ""), extras,
                       lambda t: dates.check(t, question.required), dont_know=True, comment=True)
        buffer = prompt.application.current_buffer
        extras.live = lambda: dates.in_words(buffer.text)
        return prompt
    return _text(message, str(default or ""), extras,
                 check_text(limits.ANSWER_TEXT, question.required), dont_know=True, comment=True)


def from_typed(question: Question, value: Any) -> Any:
    """A prompt's answer as stored: a date as ISO, text stripped, empty meaning none."""
    if value is BACK or value == DONT_KNOW or isinstance(value, CommentRequest):
        return value
    text = str(value).strip()
    if question.type == "date" and text:
        return dates.parse(text).isoformat()
    return text or None


def ask(
    question: Question,
    default: Any = None,
    can_go_back: bool = False,
    header: str = "",
    comment: str = "",
    *,
    country: str | None = None,
) -> Any:
    """Ask one question: its value (``dont_know`` included), None for an empty text, BACK,
    or a CommentRequest when the comment key was pressed.

    `header` is shown above the question while it is asked (e.g. `progress_text`).
    """
    from riskkit.i18n import content

    value = build(question, default, can_go_back, header, comment, country=country).unsafe_ask()
    if question.type in ("text", "date"):
        value = from_typed(question, value)
    if question.type == "multi" and isinstance(value, list) and DONT_KNOW in value:
        value = DONT_KNOW
    if value is not BACK and not isinstance(value, CommentRequest):
        show_answered(content.question_text(question), value_text(question, value, country))
    return value


def build_comment(default: str = "") -> questionary.Question:
    extras = Extras(can_go_back=True)
    prompt = _text(
        pgettext("comment prompt", "Comment or justification (optional, Enter to skip)"),
        default,
        extras,
        check_text(limits.COMMENT_TEXT),
    )
    # Translators: key hint under the optional comment field.
    extras.hint = pgettext("key hint", "Enter confirm · Esc back to the question")
    return prompt


def ask_comment(default: str = "") -> Any:
    """The comment on a question: the text ("" to remove it) or BACK (left unchanged)."""
    value = build_comment(default).unsafe_ask()
    if value is BACK:
        return BACK
    text = str(value).strip()
    if text:
        show_answered(pgettext("comment prompt", "Comment"), text, step=False)
    return text


def build_meta(
    field: MetaField, default: Any = None, can_go_back: bool = False, header: str = ""
) -> questionary.Question:
    """The prompt for one field of the system description."""
    extras = Extras(header=header, note=field.help, can_go_back=can_go_back)
    if field.kind == "country":
        codes = list(COUNTRIES) + ([default] if default and default not in COUNTRIES else [])
        choices = [Choice(f"{country_name(c)} ({c})", c) for c in codes]
        choices.append(
            Choice(pgettext("country choice", "Another country (type its code)"), _OTHER_COUNTRY)
        )
        extras.hint = hint_parts("select", False, can_go_back)
        return select(field.label, with_back(choices, can_go_back), extras, default,
                      left_back(extras))
    if field.kind == "date":
        extras.note = "\n".join(filter(None, [field.help, dates.hint()]))
        text = default.isoformat() if isinstance(default, dt.date) else str(default or "")
        prompt = _text(field.label, text, extras, lambda t: dates.check(t, field.required))
        buffer = prompt.application.current_buffer
        extras.live = lambda: dates.in_words(buffer.text)
        return prompt
    return _text(field.label, str(default or ""), extras,
                 check_text(limits.meta_limit(field.name), field.required,
                            multiline=field.name == "description"))


def build_country_code(header: str = "") -> questionary.Question:
    """The field for a country not in the list, by its code; Esc returns to the list."""
    extras = Extras(header=header, can_go_back=True)
    return _text(
        pgettext("system description", "Two-letter country code (ISO 3166)"),
        "",
        extras,
        check_country,
    )


def ask_meta(
    field: MetaField,
    default: Any = None,
    can_go_back: bool = False,
    header: str = "",
    on_shown: Callable[[], None] | None = None,
) -> Any:
    """Ask one field; a string, a date (date fields), an upper-case country code, or BACK.

    `on_shown` is called once the prompt is on the screen (the caller starts slow work then,
    so that it does not delay the first prompt).
    """
    prompt = build_meta(field, default, can_go_back, header)
    if on_shown is not None:
        when_shown(prompt.application, on_shown)
    value = prompt.unsafe_ask()
    while value is _OTHER_COUNTRY:
        value = build_country_code(header).unsafe_ask()
        if value is BACK:  # back from the code: the list of countries again
            value = build_meta(field, default, can_go_back, header).unsafe_ask()
    if value is BACK:
        return BACK
    if field.kind == "date":
        value = dates.parse(value) if str(value).strip() else None
    elif isinstance(value, str):
        value = value.strip().upper() if field.kind == "country" else value.strip()
    show_answered(field.label, value_text(field, value))
    return value


def ask_language(choices: Sequence[tuple[str, str]], message: str) -> str:
    """The first prompt when no language is known: languages listed in their own names."""
    prompt = select(message, [Choice(name, code) for code, name in choices],
                    Extras(hint="↑↓ · Enter"))
    return prompt.unsafe_ask()


def build_yes_no(message: str, default: bool = True) -> questionary.Question:
    """A localized yes/no (questionary.confirm knows only English)."""
    from riskkit.i18n import content

    choices = [Choice(content.yes(), True), Choice(content.no(), False)]
    return select(message, choices, Extras(hint=hint_parts("select", False, False)), default)


def ask_yes_no(message: str, default: bool = True) -> bool:
    from riskkit.i18n import content

    answer = bool(build_yes_no(message, default).unsafe_ask())
    show_answered(message, content.yes() if answer else content.no())
    return answer
