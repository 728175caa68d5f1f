"""What riskkit puts around every questionary prompt: the lines above and below it, its keys,
and the one way a list prompt is made.

Questionary's own English words never reach the screen: its instruction is replaced by our
localized key hint, drawn under the answers (``instruction=" "``: a long question and its hint
on one line would wrap badly); a list's validation message is ours (`Extras.error`); and each
prompt erases itself when answered (``erase_when_done``) so the line left behind is ours too
(`riskkit.tui.screen.show_answered`).

Only questionary and prompt_toolkit are imported here: this module is on the way to the
first prompt, which must appear within 0.3 s.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import questionary
from prompt_toolkit.application import Application, get_app, get_app_session
from prompt_toolkit.filters import Always, Condition, is_done
from prompt_toolkit.key_binding import KeyBindings, KeyBindingsBase, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl

from riskkit.i18n import pgettext


class Sentinel:
    """A value no answer can be: a prompt's way of saying what the person did instead."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: Returned by a prompt when the person goes back instead of answering.
BACK: Any = Sentinel("BACK")
#: Returned by the review when the person chooses to finish.
FINISH: Any = Sentinel("FINISH")

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


def hint_parts(kind: str, has_help: bool, can_go_back: bool) -> str:
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


@dataclass
class Extras:
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
    live: Callable[[], str] = lambda: ""  # a line that follows what is typed (a date in words)
    more: list[ConditionalContainer] = field(default_factory=list)  # lines a prompt adds

    def above(self) -> ConditionalContainer:
        return line(lambda: bool(self.header), lambda: [("class:progress", self.header)])

    def below(self) -> ConditionalContainer:
        return ConditionalContainer(
            HSplit(
                [
                    *self.more,
                    line(
                        lambda: bool(self.error()),
                        lambda: wrapped("class:validation-toolbar", self.error()),
                    ),
                    line(lambda: bool(self.live()), lambda: wrapped("class:answer", self.live())),
                    line(lambda: bool(self.note), lambda: wrapped("class:hint", self.note)),
                    line(lambda: bool(self.refs), lambda: wrapped("class:refs", self.refs)),
                    line(lambda: bool(self.help) and self.help_shown, self._help_tokens),
                    line(lambda: bool(self.hint), lambda: wrapped("class:hint", self.hint)),
                ]
            ),
            filter=~is_done,
        )

    def _help_tokens(self) -> list[tuple[str, str]]:
        return [
            *wrapped("class:help", self.help),
            ("", "\n"),
            *wrapped("class:hint", pgettext("help", "(press ? again to hide the help)")),
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


def line(show: Callable[[], bool], tokens: Callable[[], list]) -> ConditionalContainer:
    """A line (or several) under or above a prompt, shown while `show` says so."""
    return ConditionalContainer(
        Window(FormattedTextControl(tokens), wrap_lines=True, dont_extend_height=True),
        filter=Condition(show),
    )


def wrapped(style: str, text: str, indent: str = "  ") -> list[tuple[str, str]]:
    """Text wrapped to the terminal, each line indented, paragraphs kept."""
    width = max(20, get_app().output.get_size().columns - len(indent) - 1)
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width) or [""]
    return [(style, "\n".join(indent + line for line in lines))]


def columns() -> int:
    """The terminal's width in columns (at least 40: narrower, nothing reads well anyway)."""
    return max(40, get_app_session().output.get_size().columns)


def fold(text: str, indent: int, width: int | None = None) -> str:
    """`text` broken between words to fit the terminal (or `width`), each further line
    indented by `indent` spaces: where the text starts after the "? " or " » ○ " in front.

    questionary and the terminal would break a long question or choice inside a word, or
    cut a choice off at the edge of the screen.
    """
    lines = textwrap.wrap(
        text,
        (width or columns()) - indent - 1,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return ("\n" + " " * indent).join(lines) or text


def attach(
    app: Application, extras: Extras, below_at: int | None, keys: KeyBindingsBase
) -> None:
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


def when_shown(app: Application, callback: Callable[[], None]) -> None:
    """Call `callback` once, after the prompt's first drawing."""
    called: list[bool] = []

    def handler(_app: Any) -> None:
        if not called:
            called.append(True)
            callback()

    app.after_render += handler


def inquirer_control(app: Application) -> InquirerControl:
    """The list of a questionary select or checkbox, whose pointer and ticks keys move."""
    return next(
        w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)
    )


def left_back(extras: Extras) -> KeyBindings:
    """In lists ← goes back like Esc (in text fields it moves the cursor)."""
    kb = KeyBindings()
    if extras.can_go_back:

        @kb.add(Keys.Left, eager=True)
        def _back(event: Any) -> None:
            event.app.exit(result=BACK)

    return kb


def with_back(choices: list, can_go_back: bool) -> list:
    """A single-choice list ends with a visible "← Back" when there is somewhere to go."""
    if can_go_back:
        return [*choices, Separator(" "), Choice(back_label(), BACK)]
    return choices


def select(
    message: str,
    choices: list,
    extras: Extras,
    default: Any = None,
    keys: KeyBindingsBase | None = None,
) -> questionary.Question:
    """Every single-choice list riskkit shows (answers, yes/no, languages, the review): the
    message folded to the terminal, `default` pointed at if it is among the choices, no
    questionary instruction (our hint is in `extras`), erased once answered; `keys` are
    added to the extras' own."""
    values = [c.value for c in choices if isinstance(c, Choice)]
    prompt = questionary.select(
        fold(message, 2),
        choices=choices,
        default=default if default in values else None,
        qmark="?",
        style=STYLE,
        instruction=" ",
        use_jk_keys=False,
        erase_when_done=True,
    )
    own = extras.bindings()
    attach(prompt.application, extras, None, merge_key_bindings([own, keys]) if keys else own)
    return prompt
