"""The interview's terminal as the `assess` command uses it: one namespace of the prompts
(`riskkit.tui.ask`), the review (`riskkit.tui.review`) and the printed lines
(`riskkit.tui.screen`).

The command's Interviewer takes this module as a parameter, so a test can hand it a
terminal of its own. Importing it brings questionary and prompt_toolkit, nothing heavier:
it is on the way to the first prompt (0.3 s).
"""

from __future__ import annotations

from riskkit.tui.ask import (
    CommentRequest,
    ask,
    ask_comment,
    ask_language,
    ask_meta,
    ask_yes_no,
    build,
    build_comment,
    build_meta,
    build_yes_no,
)
from riskkit.tui.frame import BACK, FINISH, STYLE
from riskkit.tui.review import ask_review, build_review
from riskkit.tui.screen import (
    forget_last_answer,
    progress_text,
    say,
    show_answered,
    show_section,
    shown_section,
    value_text,
)

__all__ = [
    "BACK",
    "FINISH",
    "STYLE",
    "CommentRequest",
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
    "forget_last_answer",
    "progress_text",
    "say",
    "show_answered",
    "show_section",
    "shown_section",
    "value_text",
]
