"""The questionary adapter: one step of the interview becomes one prompt, and keys become values.

Nothing here decides what to ask (that is `riskkit.core.interview`) or writes files (that is the
`assess` command). Every function builds a questionary prompt in the active language, runs it
with ``unsafe_ask()`` so Ctrl-C raises KeyboardInterrupt (the caller saves and says how to
resume), and returns the value to store, or `BACK`.

Keys, the same on every prompt and shown on every prompt:

* ↑ ↓ and Enter choose; in a multiple-choice list Space ticks and unticks.
* ``?`` shows the question's help below it, without leaving the question (again: hides it).
  In a text field ``?`` does this while the field is empty; once something is typed it is
  an ordinary character.
* Esc goes back to the previous question (and ← in lists); single-choice lists also end
  with a visible "← Back" entry (not tick-box lists, where it would look like one more box
  to tick). In the comment field Esc goes back to the question just answered.
* Ctrl-C stops; the caller has already saved every answer.

Only questionary and prompt_toolkit are imported with this module: it is on the way to
the first prompt, which must appear within 0.3 s. Questionnaire content (`riskkit.i18n.content`,
which brings the model) is imported by the functions that show it.

Questionary's own English words never reach the screen: yes/no is a localized `select`
(``questionary.confirm`` knows only English); questionary's instruction is replaced by our
localized key hint, drawn under the answers (``instruction=" "``: a long question and its
hint on one line would wrap badly); the list's validation message is ours; and each prompt
erases itself when answered so the line left behind is ours too (questionary's checkbox
would print "done (2 selections)"). questionary's ``kbi_msg`` belongs to ``ask()``, which
swallows Ctrl-C; with ``unsafe_ask()`` the `assess` command prints its own localized message,
which names the draft to resume.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import Application, get_app, get_app_session
from prompt_toolkit.filters import Always, Condition, is_done
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl

from riskkit import limits
from riskkit.core.values import DONT_KNOW
from riskkit.i18n import babel_locale, format_date, pgettext

if TYPE_CHECKING:  # pragma: no cover
    from riskkit.core.interview import MetaField, Progress, ReviewSection
    from riskkit.core.model import Question


class _Sentinel:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: Returned by a prompt when the person goes back instead of answering.
BACK: Any = _Sentinel("BACK")
#: Returned by the review when the person chooses to finish.
FINISH: Any = _Sentinel("FINISH")
_OTHER_COUNTRY: Any = _Sentinel("OTHER_COUNTRY")

#: Countries offered by name; any other ISO 3166 code can be typed.
COUNTRIES = ("NO", "SE", "DK", "FI", "IS")

STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansicyan bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansicyan"),
        ("separator", "fg:ansibrightblack"),
        ("instruction", "fg:ansibrightblack"),
        ("hint", "fg:ansibrightblack"),
        ("refs", "fg:ansibrightblack italic"),
        ("help", "fg:ansiyellow"),
        ("progress", "fg:ansibrightblack"),
        ("section", "bold underline"),
        ("intro", ""),
        ("notice", "fg:ansiyellow"),
        ("validation-toolbar", "fg:ansired bold noreverse"),
        ("bottom-toolbar", "noreverse"),
    ]
)

# --- words of the interface ----------------------------------------------------------------


def _hint_parts(kind: str, has_help: bool, can_go_back: bool) -> str:
    """The key hint under a prompt, e.g. "↑↓ move · Enter choose · ? help · Esc back"."""
    parts = {
        # Translators: key hint in a list where one answer is chosen.
        "select": [pgettext("key hint", "↑↓ move · Enter choose")],
        # Translators: key hint in a list where several answers can be ticked.
        "checkbox": [pgettext("key hint", "↑↓ move · Space tick/untick · Enter confirm")],
        # Translators: key hint under a text field.
        "text": [pgettext("key hint", "Enter confirm")],
    }[kind]
    if has_help:
        # Translators: key hint: the ? key shows the question's help (in a text field: while
        # the field is empty).
        parts.append(pgettext("key hint", "? help"))
    if can_go_back:
        # Translators: key hint: Esc goes back to the previous question.
        parts.append(pgettext("key hint", "Esc back"))
    return " · ".join(parts)


def back_label() -> str:
    return pgettext("prompt choice", "← Back")


def progress_text(p: Progress) -> str:
    """ "Section 3 of 11 · Fairness · question 14 of 72", or the description's field count.

    The questionnaire's content (and with it the model) is imported only for a section: the
    description's first field is the first prompt, and must not wait for it.
    """
    if p.section is None:
        return pgettext("progress", "About the system · {number} of {count}").format(
            number=p.number, count=p.count
        )
    from riskkit.i18n import content

    return pgettext(
        "progress", "Section {section} of {sections} · {title} · question {number} of {count}"
    ).format(
        section=p.section_number,
        sections=p.section_count,
        title=content.section_title(p.section),
        number=p.number,
        count=p.count,
    )


def meta_label(name: str) -> str:
    """The question asked for one field of the system description."""
    return {
        "system": pgettext("system description", "What is the AI system called?"),
        "description": pgettext(
            "system description", "Describe the system in one sentence, for the report's cover."
        ),
        "organisation": pgettext("system description", "Which organisation uses it?"),
        "department": pgettext("system description", "Which department or unit?"),
        "owner": pgettext("system description", "Who owns the system (person or role)?"),
        "assessor": pgettext("system description", "Who is making this assessment?"),
        "country": pgettext("system description", "Which country's data protection rules apply?"),
        "date": pgettext("system description", "Date of this assessment"),
        "next_review": pgettext(
            "system description", "When should the assessment be reviewed next?"
        ),
    }[name]


def meta_short_label(name: str) -> str:
    """A field's name as a label in the review list."""
    return {
        "system": pgettext("system description field", "System"),
        "description": pgettext("system description field", "Description"),
        "organisation": pgettext("system description field", "Organisation"),
        "department": pgettext("system description field", "Department"),
        "owner": pgettext("system description field", "System owner"),
        "assessor": pgettext("system description field", "Assessor"),
        "country": pgettext("system description field", "Country"),
        "date": pgettext("system description field", "Assessment date"),
        "next_review": pgettext("system description field", "Next review"),
    }[name]


def meta_help(name: str) -> str:
    """A line of guidance under a field of the system description."""
    return {
        "system": pgettext(
            "system description help",
            "The name people in your organisation use for it, e.g. "
            "“Chat assistant on the municipal website”.",
        ),
        "description": pgettext(
            "system description help",
            "What it is and who uses it, e.g. “Chatbot answering residents' questions from our "
            "web pages”. Its purpose is asked in detail in the first section.",
        ),
        "organisation": pgettext(
            "system description help", "For example the municipality or county."
        ),
        "department": pgettext(
            "system description help", "Optional. The unit that uses the system."
        ),
        "owner": pgettext(
            "system description help", "The person or role accountable for the system in daily use."
        ),
        "assessor": pgettext(
            "system description help", "Your name, as it should appear in the report."
        ),
        "country": pgettext(
            "system description help",
            "Decides which national list of processing that needs a data "
            "protection impact assessment (DPIA) applies.",
        ),
        "date": pgettext("system description help", "Write the date as year-month-day."),
        "next_review": pgettext(
            "system description help",
            "Proposed from your organisation's review interval; change it if needed.",
        ),
    }[name]


def country_name(code: str) -> str:
    """A country's name in the active language, e.g. "Norge" for NO in Norwegian."""
    return babel_locale().territories.get(code, code)


def value_text(step: MetaField | Question, value: Any) -> str:
    """An answer as the person reads it (dates the local way, countries by name)."""
    from riskkit.i18n import content

    if value is None or value == "":
        return ""
    from riskkit.core.interview import MetaField

    if isinstance(step, MetaField):
        if step.kind == "date" and isinstance(value, dt.date):
            return format_date(value)
        if step.kind == "country":
            return f"{country_name(value)} ({value})"
        return str(value)
    if step.type == "date":
        try:
            return format_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if step.type == "scale" and value != DONT_KNOW:
        label = _scale_label(step, value)
        return f"{value} ({label})" if label else str(value)
    return content.answer_text(step, value)


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


def check_date(text: str, required: bool = True) -> bool | str:
    """True for an ISO date (2026-03-05); otherwise the localized reason."""
    if not text.strip():
        return check_required(text) if required else True
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return pgettext(
            "validation", "Not a date. Write it as year-month-day, for example 2026-03-05."
        )
    return True


def check_country(text: str) -> bool | str:
    if re.fullmatch(r"[A-Za-z]{2}", text.strip()):
        return True
    return pgettext("validation", "Write the two-letter country code, for example NO, SE or DK.")


def _checkbox_validator(question: Question) -> Callable[[list], bool | str]:
    def validate(selected: list) -> bool | str:
        from riskkit.i18n import content

        if not selected:
            return pgettext(
                "validation",
                "Nothing is ticked. Press Space to tick what applies (or “{dont_"
                "know}”), then Enter.",
            ).format(dont_know=content.dont_know())
        exclusive = _exclusive_values(question)
        if len(selected) > 1 and any(v in exclusive for v in selected):
            return pgettext(
                "validation", "“{choice}” cannot be combined with other choices."
            ).format(
                choice=content.choice_label(question, next(v for v in selected if v in exclusive))
            )
        return True

    return validate


def _exclusive_values(question: Question) -> set:
    return {c.value for c in question.choices if c.exclusive} | {DONT_KNOW}


# --- the extras every prompt gets: hint, references, help, keys ------------------------------


@dataclass
class _Extras:
    """What riskkit adds around a questionary prompt, and the keys that go with it.

    Above the question: `header` (where the person is). Below the answer area: the
    always-shown `note`, the references, the help when toggled with "?", and the key hint.
    All of it disappears when the prompt is answered.
    """

    header: str = ""
    note: str = ""  # guidance always shown (the description's fields, how to write a date)
    refs: str = ""
    help: str = ""
    hint: str = ""
    can_go_back: bool = False
    help_shown: bool = False
    error: Callable[[], str] = lambda: ""  # a list's validation message, shown in place

    def above(self) -> ConditionalContainer:
        return _line(lambda: bool(self.header), lambda: [("class:progress", self.header)])

    def below(self) -> ConditionalContainer:
        return ConditionalContainer(
            HSplit(
                [
                    _line(
                        lambda: bool(self.error()),
                        lambda: _wrapped("class:validation-toolbar", self.error()),
                    ),
                    _line(lambda: bool(self.note), lambda: _wrapped("class:hint", self.note)),
                    _line(lambda: bool(self.refs), lambda: _wrapped("class:refs", self.refs)),
                    _line(lambda: bool(self.help) and self.help_shown, self._help_tokens),
                    _line(lambda: bool(self.hint), lambda: _wrapped("class:hint", self.hint)),
                ]
            ),
            filter=~is_done,
        )

    def _help_tokens(self) -> list[tuple[str, str]]:
        return [
            *_wrapped("class:help", self.help),
            ("", "\n"),
            *_wrapped("class:hint", pgettext("help", "(press ? again to hide the help)")),
        ]

    def bindings(self, empty_field: Callable[[], bool] | None = None) -> KeyBindings:
        kb = KeyBindings()
        if self.help:
            help_filter = Condition(empty_field) if empty_field else Condition(lambda: True)

            @kb.add("?", filter=help_filter, eager=True)
            def _toggle_help(event: Any) -> None:
                self.help_shown = not self.help_shown

        @kb.add(Keys.Escape, eager=True)
        def _back(event: Any) -> None:
            # Bound even where there is no going back: prompt_toolkit would otherwise read
            # Esc then Enter as Meta-Enter and end a list with the empty text of its buffer.
            if self.can_go_back:
                event.app.exit(result=BACK)

        return kb


def _line(show: Callable[[], bool], tokens: Callable[[], list]) -> ConditionalContainer:
    return ConditionalContainer(
        Window(FormattedTextControl(tokens), wrap_lines=True, dont_extend_height=True),
        filter=Condition(show),
    )


def _wrapped(style: str, text: str, indent: str = "  ") -> list[tuple[str, str]]:
    """Text wrapped to the terminal, each line indented, paragraphs kept."""
    width = max(20, get_app().output.get_size().columns - len(indent) - 1)
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width) or [""]
    return [(style, "\n".join(indent + line for line in lines))]


def _columns() -> int:
    """The terminal's width in columns (at least 40: narrower, nothing reads well anyway)."""
    return max(40, get_app_session().output.get_size().columns)


def _fold(text: str, indent: int) -> str:
    """`text` broken between words to fit the terminal, each further line indented by `indent`
    spaces: where the text starts after the "? " or " » ○ " in front of it.

    questionary and the terminal would break a long question or choice inside a word, or
    cut a choice off at the edge of the screen.
    """
    lines = textwrap.wrap(
        text,
        _columns() - indent - 1,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return ("\n" + " " * indent).join(lines) or text


def _references(question: Question) -> str:
    """The legal and NIST AI RMF references, each once (a question may list a NIST
    subcategory both among its references and in its mapping), with the legal instrument
    named in the active language as the report names it ("KI-forordningen art. 27")."""
    from riskkit.i18n import content

    refs = list(
        dict.fromkeys(
            [*map(content.citation, question.refs), *(f"NIST AI RMF {n}" for n in question.nist)]
        )
    )
    if not refs:
        return ""
    return pgettext("question", "References: {refs}").format(refs=" · ".join(refs))


def _attach(app: Application, extras: _Extras, below_at: int | None, keys: KeyBindings) -> None:
    """Put the extras around the prompt and add their keys (ours win on conflicts)."""
    for window in app.layout.find_all_windows():
        if isinstance(window.content, InquirerControl):
            # The list must not grow to fill the screen, or what follows it would sit at
            # the bottom of the terminal, far from the question.
            window.dont_extend_height = Always()
    children = app.layout.container.children  # type: ignore[attr-defined]
    children.insert(len(children) if below_at is None else below_at, extras.below())
    children.insert(0, extras.above())
    app.key_bindings = merge_key_bindings([app.key_bindings, keys]) if app.key_bindings else keys
    app.ttimeoutlen = 0.05  # a lone Esc is "back" at once, not after half a second


def _when_shown(app: Application, callback: Callable[[], None]) -> None:
    """Call `callback` once, after the prompt's first drawing."""
    called = []

    def handler(_app: Any) -> None:
        if not called:
            called.append(True)
            callback()

    app.after_render += handler


def _inquirer_control(app: Application) -> InquirerControl:
    return next(
        w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)
    )


def _list_keys(extras: _Extras) -> KeyBindings:
    """In lists ← goes back like Esc (in text fields it moves the cursor)."""
    kb = KeyBindings()
    if extras.can_go_back:

        @kb.add(Keys.Left, eager=True)
        def _back(event: Any) -> None:
            event.app.exit(result=BACK)

    return merge_key_bindings([extras.bindings(), kb])  # type: ignore[return-value]


# --- building prompts ----------------------------------------------------------------------


def _with_back(choices: list, can_go_back: bool) -> list:
    if can_go_back:
        return [*choices, Separator(" "), Choice(back_label(), BACK)]
    return choices


def _select(message: str, choices: list, default: Any, extras: _Extras) -> questionary.Question:
    values = [c.value for c in choices if isinstance(c, Choice)]
    prompt = questionary.select(
        _fold(message, 2),
        choices=_with_back(choices, extras.can_go_back),
        default=default if default in values else None,
        qmark="?",
        style=STYLE,
        instruction=" ",
        use_jk_keys=False,
        erase_when_done=True,
    )
    extras.hint = _hint_parts("select", bool(extras.help), extras.can_go_back)
    _attach(prompt.application, extras, None, _list_keys(extras))
    return prompt


def _scale_label(question: Question, value: Any) -> str:
    """A scale point's words: its own label, else the scale's end labels, else none."""
    from riskkit.i18n import content

    choice = question.choice(value)
    if choice is not None and choice.label:
        return content.choice_label(question, value)
    low, high = content.scale_labels(question)
    assert question.scale is not None
    return low if value == question.scale.min else high if value == question.scale.max else ""


def _closed_choices(question: Question, indent: int = 3) -> list:
    """The question's values with their localized labels, then "don't know"; long labels
    folded to the terminal, `indent` being where a label starts (after " » " or " » ○ ")."""
    from riskkit.i18n import content

    choices = []
    for value in question.values():
        title = content.choice_label(question, value)
        if question.type == "scale" and question.scale:
            label = _scale_label(question, value)
            title = f"{value}  {label}" if label else str(value)
        choices.append(Choice(_fold(title, indent), value))
    choices.append(Choice(content.dont_know(), DONT_KNOW))
    return choices


def _checkbox(question: Question, default: Any, extras: _Extras) -> questionary.Question:
    from riskkit.i18n import content

    chosen = default if isinstance(default, list) else [default] if default else []
    # No "← Back" entry here: in a list of tick boxes it would look like one more thing to
    # tick. Esc and ← go back, as the key hint says.
    choices = [
        Choice(c.title, c.value, checked=c.value in chosen)
        for c in _closed_choices(question, indent=5)
    ]
    prompt = questionary.checkbox(
        _fold(content.question_text(question), 2),
        choices=choices,
        qmark="?",
        style=STYLE,
        instruction=" ",
        validate=_checkbox_validator(question),
        use_jk_keys=False,
        erase_when_done=True,
    )
    extras.hint = _hint_parts("checkbox", bool(extras.help), extras.can_go_back)
    app = prompt.application
    _own_validation_message(app, extras)
    _attach(
        app, extras, None, merge_key_bindings([_list_keys(extras), _exclusive_keys(app, question)])
    )  # type: ignore[list-item]
    return prompt


def _own_validation_message(app: Application, extras: _Extras) -> None:
    """Show a list's validation message among our lines, not in questionary's toolbar.

    questionary draws it as the bottom toolbar of a second prompt session, with that
    session's empty input area above it: six blank lines between the list and the message.
    """
    ic = _inquirer_control(app)
    children = app.layout.container.children  # type: ignore[attr-defined]
    if len(children) == 4:  # prompt, list, search string, validation (questionary 2.1)
        del children[3]
    extras.error = lambda: "".join(text for _style, text, *_ in ic.error_message or [])


def _exclusive_keys(app: Application, question: Question) -> KeyBindings:
    """Space ticks; ticking "none of these" or "don't know" unticks the rest, and the reverse.

    questionary's a/i (tick all, invert) are switched off, since they would combine choices
    that exclude each other.
    """
    ic = _inquirer_control(app)
    exclusive = _exclusive_values(question)
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
        ic.error_message = None

    @kb.add("a", eager=True)
    @kb.add("i", eager=True)
    def _nothing(event: Any) -> None:
        """Not "tick all" or "invert": see the docstring."""

    return kb


def _text(
    message: str, default: str, extras: _Extras, validate: Callable[[str], bool | str] | None = None
) -> questionary.Question:
    extras.hint = _hint_parts("text", bool(extras.help), extras.can_go_back)
    prompt = questionary.text(
        _fold(message, 2) + "\n ›",
        default=default,
        qmark="?",
        style=STYLE,
        validate=validate,
        erase_when_done=True,
    )
    app = prompt.application
    # As questionary does for lists: the input line must not grow to fill the screen, or
    # the lines below it would sit at the bottom of the terminal, far from the question.
    app.layout.current_window.dont_extend_height = Always()
    _attach(app, extras, 1, extras.bindings(lambda: app.current_buffer.text == ""))
    return prompt


def build(
    question: Question, default: Any = None, can_go_back: bool = False, header: str = ""
) -> questionary.Question:
    """The prompt for one question, with its current answer (if any) proposed.

    select for yesno/single/scale (localized Yes/No/Don't know), checkbox for multi with an
    exclusive "none" and "don't know", text for text (validated when required), date as ISO
    text (validated). References are shown under the question; help on "?".
    """
    from riskkit.i18n import content

    extras = _Extras(
        header=header,
        refs=_references(question),
        help=content.question_help(question),
        can_go_back=can_go_back,
    )
    if question.type in ("yesno", "single", "scale"):
        return _select(content.question_text(question), _closed_choices(question), default, extras)
    if question.type == "multi":
        return _checkbox(question, default, extras)
    if question.type == "date":
        extras.note = meta_help("date")
        return _text(
            content.question_text(question),
            str(default or ""),
            extras,
            lambda t: check_date(t, question.required),
        )
    return _text(
        content.question_text(question),
        str(default or ""),
        extras,
        check_text(limits.ANSWER_TEXT, question.required),
    )


def _from_text(question: Question, value: Any) -> Any:
    """A text or date prompt's answer as stored: stripped, empty meaning none."""
    if value is BACK:
        return BACK
    text = str(value).strip()
    return text or None


def ask(
    question: Question, default: Any = None, can_go_back: bool = False, header: str = ""
) -> Any:
    """Ask one question; its value (``dont_know`` included), None for an empty text, or BACK.

    `header` is shown above the question while it is asked (e.g. `progress_text`).
    """
    from riskkit.i18n import content

    value = build(question, default, can_go_back, header).unsafe_ask()
    if question.type in ("text", "date"):
        value = _from_text(question, value)
    if question.type == "multi" and isinstance(value, list) and DONT_KNOW in value:
        value = DONT_KNOW
    if value is not BACK:
        show_answered(content.question_text(question), value_text(question, value))
    return value


def build_comment(default: str = "") -> questionary.Question:
    extras = _Extras(can_go_back=True)
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
    """The optional comment after an answer: the text ("" to skip or remove) or BACK."""
    value = build_comment(default).unsafe_ask()
    if value is BACK:
        return BACK
    text = str(value).strip()
    if text:
        show_answered(pgettext("comment prompt", "Comment"), text)
    return text


def build_meta(
    field: MetaField, default: Any = None, can_go_back: bool = False, header: str = ""
) -> questionary.Question:
    """The prompt for one field of the system description."""
    extras = _Extras(header=header, note=meta_help(field.name), can_go_back=can_go_back)
    message = meta_label(field.name)
    if field.kind == "country":
        codes = list(COUNTRIES) + ([default] if default and default not in COUNTRIES else [])
        choices = [Choice(f"{country_name(c)} ({c})", c) for c in codes]
        choices.append(
            Choice(pgettext("country choice", "Another country (type its code)"), _OTHER_COUNTRY)
        )
        return _select(message, choices, default, extras)
    if field.kind == "date":
        text = default.isoformat() if isinstance(default, dt.date) else str(default or "")
        return _text(message, text, extras, lambda t: check_date(t, field.required))
    return _text(message, str(default or ""), extras,
                 check_text(limits.meta_limit(field.name), field.required,
                            multiline=field.name == "description"))


def build_country_code(header: str = "") -> questionary.Question:
    """The field for a country not in the list, by its code; Esc returns to the list."""
    extras = _Extras(header=header, can_go_back=True)
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
        _when_shown(prompt.application, on_shown)
    value = prompt.unsafe_ask()
    while value is _OTHER_COUNTRY:
        value = build_country_code(header).unsafe_ask()
        if value is BACK:  # back from the code: the list of countries again
            value = build_meta(field, default, can_go_back, header).unsafe_ask()
    if value is BACK:
        return BACK
    if field.kind == "date":
        value = dt.date.fromisoformat(value.strip()) if str(value).strip() else None
    elif isinstance(value, str):
        value = value.strip().upper() if field.kind == "country" else value.strip()
    show_answered(meta_label(field.name), value_text(field, value))
    return value


# --- language, review --------------------------------------------------------------------


def ask_language(choices: Sequence[tuple[str, str]], message: str) -> str:
    """The first prompt when no language is known: languages listed in their own names."""
    prompt = questionary.select(
        _fold(message, 2),
        choices=[Choice(name, code) for code, name in choices],
        qmark="?",
        style=STYLE,
        instruction=" ",
        use_jk_keys=False,
        erase_when_done=True,
    )
    extras = _Extras(hint="↑↓ · Enter")
    _attach(prompt.application, extras, None, extras.bindings())
    code = prompt.unsafe_ask()
    return code


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def review_choices(
    sections: Sequence[ReviewSection],
    meta_values: Sequence[tuple[MetaField, Any]],
    width: int | None = None,
    inconsistencies: Sequence[tuple[Any, str]] = (),
) -> list:
    """The review list: Finish, answers that contradict each other (each opens the answer that
    contradicts), the system description, then every answer by section."""
    from riskkit.i18n import content

    width = width or shutil.get_terminal_size((100, 40)).columns
    answer_width = max(16, width // 3)
    text_width = max(20, width - answer_width - 10)
    not_answered = pgettext("review", "— not answered —")
    # Translators: marks an answer that has a comment in the review list.
    commented = pgettext("review", "(+ comment)")
    finish = Choice(pgettext("review", "✔ Finish and make the report"), FINISH)
    choices: list = [finish]
    if inconsistencies:
        choices.append(
            Separator("── " + pgettext("review", "⚠ Answers that contradict each other"))
        )
        for question, text in inconsistencies:
            choices.append(Choice(f"⚠ {_clip(text, max(20, width - 8))}", question))
    choices.append(Separator("── " + pgettext("review", "About the system")))
    for field, value in meta_values:
        shown = value_text(field, value) or not_answered
        choices.append(
            Choice(
                f"{_clip(meta_short_label(field.name), text_width)}: {_clip(shown, answer_width)}",
                field,
            )
        )
    for number, block in enumerate(sections, 1):
        choices.append(Separator(f"── {number}. {content.section_title(block.section)}"))
        for entry in block.entries:
            shown = value_text(entry.question, entry.value) or not_answered
            note = f"  {commented}" if entry.comment else ""
            choices.append(
                Choice(
                    f"{_clip(content.question_text(entry.question), text_width)}  → "
                    f"{_clip(shown, answer_width)}{note}",
                    entry.question,
                )
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
    choices = review_choices(sections, meta_values, width, inconsistencies)
    values = [c.value for c in choices if isinstance(c, Choice)]
    prompt = questionary.select(
        _fold(pgettext("review", "Review your answers. Choose one to change it, or finish."), 2),
        choices=choices,
        default=default if default in values else None,
        qmark="?",
        style=STYLE,
        instruction=" ",
        use_jk_keys=False,
        erase_when_done=True,
    )
    # Translators: key hint on the review list (Home and End jump to "Finish", at both ends).
    hint = pgettext("key hint", "↑↓ move · Enter change the answer or finish · Home/End: to Finish")
    extras = _Extras(hint=hint)
    app = prompt.application
    _attach(app, extras, None, merge_key_bindings([extras.bindings(), _long_list_keys(app)]))
    return prompt


def _long_list_keys(app: Application) -> KeyBindings:
    """Home/End to the first/last entry (Finish), PageUp/PageDown ten entries at a time."""
    ic = _inquirer_control(app)
    kb = KeyBindings()

    def move(step: int) -> None:
        advance = ic.select_next if step > 0 else ic.select_previous
        for _ in range(abs(step)):
            advance()
            while not ic.is_selection_valid():  # separators are skipped
                advance()

    kb.add(Keys.Home, eager=True)(lambda event: setattr(ic, "pointed_at", 0))
    kb.add(Keys.End, eager=True)(lambda event: setattr(ic, "pointed_at", len(ic.choices) - 1))
    kb.add(Keys.PageDown, eager=True)(lambda event: move(10))
    kb.add(Keys.PageUp, eager=True)(lambda event: move(-10))
    return kb


def ask_review(
    sections: Sequence[ReviewSection],
    meta_values: Sequence[tuple[MetaField, Any]],
    default: Any = None,
    inconsistencies: Sequence[tuple[Any, str]] = (),
) -> Any:
    """FINISH, or the MetaField or Question the person wants to change."""
    return build_review(sections, meta_values, default, inconsistencies=inconsistencies).unsafe_ask()


def build_yes_no(message: str, default: bool = True) -> questionary.Question:
    """A localized yes/no (questionary.confirm knows only English)."""
    from riskkit.i18n import content

    choices = [Choice(content.yes(), True), Choice(content.no(), False)]
    prompt = questionary.select(
        _fold(message, 2),
        choices=choices,
        default=default,
        qmark="?",
        style=STYLE,
        instruction=" ",
        use_jk_keys=False,
        erase_when_done=True,
    )
    extras = _Extras(hint=_hint_parts("select", False, False))
    _attach(prompt.application, extras, None, extras.bindings())
    return prompt


def ask_yes_no(message: str, default: bool = True) -> bool:
    from riskkit.i18n import content

    answer = bool(build_yes_no(message, default).unsafe_ask())
    show_answered(message, content.yes() if answer else content.no())
    return answer


# --- printing --------------------------------------------------------------------------------


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
    print_formatted_text(
        FormattedText([(f"class:{style}" if style else "", "\n".join(lines))]), style=STYLE
    )


def show_answered(message: str, answer: str) -> None:
    """The line a prompt leaves behind: the question and the answer given ("—" for none),
    broken between words to fit the terminal, further lines indented under the question."""
    parts = [("class:qmark", "✔"), ("class:question", message), ("class:answer", answer or "—")]
    width, column, tokens = _columns() - 1, 0, []
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
    print_formatted_text(FormattedText(tokens), style=STYLE)


def show_section(progress: Progress) -> None:
    """The title and introduction of the section (or the system description) of `progress`.

    Shown when the person enters a section. The progress line itself is part of each
    prompt (`header`), so it goes away with it and the terminal keeps only the answers given.
    """
    say()
    if progress.section is None:
        say(pgettext("progress", "About the system"), "section")
        say(pgettext("progress", "First, a few facts about the system you are assessing."), "intro")
    else:
        from riskkit.i18n import content  # not before the first prompt: see `progress_text`

        say(content.section_title(progress.section), "section")
        intro = content.section_intro(progress.section)
        if intro:
            say(intro, "intro")


__all__ = [
    "BACK",
    "FINISH",
    "STYLE",
    "ask",
    "ask_comment",
    "ask_language",
    "ask_meta",
    "ask_review",
    "ask_yes_no",
    "build",
    "build_comment",
    "build_meta",
    "build_review",
    "build_yes_no",
    "check_date",
    "progress_text",
    "say",
    "show_answered",
    "show_section",
    "value_text",
]
