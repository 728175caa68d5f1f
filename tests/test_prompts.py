"""The questionary adapter, driven by keys through prompt_toolkit's pipe input.

Real questionary prompts, real key presses: ``\\r`` is Enter, ``\\x1b[B`` ↓, ``\\x1b[A`` ↑,
``\\x1b[D`` ←, ``\\x1b`` Esc, ``\\x03`` Ctrl-C, ``\\x7f`` Backspace. Keys left over from one
prompt carry into the next, as when a person types ahead. The last tests run the whole
`assess` loop (session, prompts, draft) on keys alone: going back, conditions, review and
change, don't know, comments, Ctrl-C saving and resuming.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from riskkit import i18n
from riskkit.cli.commands.assess import Draft, Interviewer
from riskkit.core.interview import META_BY_NAME, Session, new_answers
from riskkit.core.model import Questionnaire
from riskkit.core.values import DONT_KNOW
from riskkit.i18n import content, pgettext
from riskkit.load import inputs, questionnaire
from riskkit.tui import ask, dates
from riskkit.tui import terminal as prompts
from tests.helpers import (
    BACKSPACE,
    CTRL_C,
    DOWN,
    ENTER,
    ESC,
    ESCAPES,
    INTERVIEW_SECTIONS,
    LEFT,
    MIN_LETTERS,
    TODAY,
    UP,
    Terminal,
    described,
    english_on_screen,
    fragments,
)


@pytest.fixture
def q(write_questionnaire: Callable[[str], Path]) -> Questionnaire:
    return questionnaire.load(write_questionnaire(INTERVIEW_SECTIONS))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.activate("en")
    yield
    i18n.activate("en")


# --- closed questions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "keys,value", [(ENTER, "yes"), (DOWN + ENTER, "no"), (DOWN + DOWN + ENTER, DONT_KNOW)]
)
def test_yes_no_dont_know(q, term, keys, value):
    term.type(keys)
    assert prompts.ask(q.by_id["data.personal"]) == value
    assert "✔ Does the system process personal data?" in term.screen()


def test_the_current_answer_is_proposed(q, term):
    term.type(ENTER)
    assert prompts.ask(q.by_id["data.personal"], default="no") == "no"


def test_single_choice_and_scale(q, term):
    term.type(DOWN, ENTER)
    assert prompts.ask(q.by_id["security.review"]) == "none"
    term.type(DOWN, DOWN, ENTER)
    assert prompts.ask(q.by_id["security.maturity"]) == 3
    assert "5  Certified" in term.screen() and "1  Unknown" in term.screen()


def test_multiple_choice_ticks_with_space(q, term):
    term.type(" ", DOWN, " ", ENTER)
    assert prompts.ask(q.by_id["data.kinds"]) == ["health", "location"]


def test_none_of_these_unticks_the_others_and_the_reverse(q, term):
    term.type(" ", DOWN, DOWN, " ", ENTER)
    assert prompts.ask(q.by_id["data.kinds"]) == ["none"]
    term.type(DOWN, DOWN, " ", UP, UP, " ", ENTER)
    assert prompts.ask(q.by_id["data.kinds"]) == ["health"]


def test_dont_know_in_a_multiple_choice_stands_alone(q, term):
    term.type(" ", DOWN, DOWN, DOWN, " ", ENTER)
    assert prompts.ask(q.by_id["data.kinds"]) == DONT_KNOW


def test_questionary_tick_all_is_off(q, term):
    term.type("a", "i", " ", ENTER)
    assert prompts.ask(q.by_id["data.kinds"]) == ["health"]


def test_an_empty_multiple_choice_is_refused_with_a_reason(q, term):
    term.type(ENTER)
    term.when("Nothing is ticked", " ", ENTER)
    assert prompts.ask(q.by_id["data.kinds"]) == ["health"]
    assert "Nothing is ticked. Press Space to tick what applies" in term.screen()


def test_the_previous_ticks_are_proposed(q, term):
    term.type(ENTER)
    assert prompts.ask(q.by_id["data.kinds"], default=["location"]) == ["location"]


# --- text and dates -----------------------------------------------------------------------------


def test_text_and_an_optional_empty_text(q, term):
    term.type("By a case officer", ENTER)
    assert prompts.ask(q.by_id["decisions.note"]) == "By a case officer"
    term.type(ENTER)
    assert prompts.ask(q.by_id["decisions.note"]) is None


def test_a_date_must_be_a_date(q, term):
    term.type("2026-13-01", ENTER)
    term.when("There is no month 13", BACKSPACE * 5, "02-01", ENTER)
    assert prompts.ask(q.by_id["security.tested"]) == "2026-02-01"
    assert "Write the date as year-month-day, for example 2027-03-01." in term.screen()
    assert "February 1, 2026" in term.screen()  # the answer, read back the local way


@pytest.mark.parametrize("qid", ["decisions.note", "security.tested"])
def test_dont_know_under_a_text_or_date_field(q, term, qid):
    """↓ points at "Don't know" under the field, Enter takes it; typing returns to the field."""
    term.type(DOWN, ENTER)
    assert prompts.ask(q.by_id[qid]) == DONT_KNOW
    assert f"✔ {q.by_id[qid].text} Don't know" in term.screen()
    term.type(DOWN, "2", UP, ENTER)  # typing leaves "Don't know"; ↑ is the field again
    assert prompts.ask(q.by_id["decisions.note"]) == "2"
    term.type(ENTER)  # "Don't know" is proposed again as it was answered
    assert prompts.ask(q.by_id[qid], default=DONT_KNOW) == DONT_KNOW


def test_a_date_is_typed_the_nordic_way_and_shown_in_words(q, term):
    i18n.activate("nb")
    term.type("1.3.2027")
    term.when("1. mars 2027", ENTER)  # read back in words while typing
    assert prompts.ask(q.by_id["security.tested"]) == "2027-03-01"
    term.type("31.2.2027", ENTER)
    term.when("februar 2027 har 28", BACKSPACE * 9, "28.2.2027", ENTER)
    assert prompts.ask(q.by_id["security.tested"]) == "2027-02-28"


def test_a_required_field_is_refused_empty(term):
    term.type(ENTER)
    term.when("Please fill this in.", "Kari Nordmann", ENTER)
    assert prompts.ask_meta(META_BY_NAME["assessor"]) == "Kari Nordmann"
    assert "Please fill this in." in term.screen()


# --- help, references, back, Ctrl-C -------------------------------------------------------------


def test_question_mark_shows_the_help_without_leaving_the_question(q, term):
    term.type("?")
    term.when("press ? again to hide the help", DOWN, ENTER)
    assert prompts.ask(q.by_id["data.personal"], header="Section 1 of 3") == "no"
    screen = term.screen()
    assert "Any information about an identifiable person." in screen
    assert "press ? again to hide the help" in screen
    assert "References: GDPR Art. 4(1)" in screen and "Section 1 of 3" in screen
    assert "? help" in screen and "Esc back" not in screen


def test_help_is_not_offered_when_there_is_none(q, term):
    term.type("?", ENTER)
    assert prompts.ask(q.by_id["data.special"], can_go_back=True) == "yes"
    assert "? help" not in term.screen() and "Esc back" in term.screen()


def test_question_mark_in_a_text_field(q, write_questionnaire, term):
    path = write_questionnaire(
        INTERVIEW_SECTIONS.replace(
            "text: How are they made?", "text: How are they made?\n        help: Say who decides."
        ),
        name="h.yaml",
    )
    note = questionnaire.load(path).by_id["decisions.note"]
    term.type("?")
    # In an empty field ? shows the help; after some text it is an ordinary character.
    term.when("Say who decides.", "Why?", ENTER)
    assert prompts.ask(note) == "Why?"
    assert "Say who decides." in term.screen()


@pytest.mark.parametrize("keys", [ESC, LEFT, UP + ENTER], ids=["esc", "left", "back-entry"])
def test_going_back_from_a_list(q, term, keys):
    term.type(keys)
    assert prompts.ask(q.by_id["data.personal"], can_go_back=True) is prompts.BACK


@pytest.mark.parametrize("qid", ["data.kinds", "decisions.note", "security.tested"])
def test_going_back_from_tick_boxes_and_text(q, term, qid):
    term.type(ESC)
    assert prompts.ask(q.by_id[qid], can_go_back=True) is prompts.BACK


def test_no_going_back_from_the_first_step(q, term):
    term.type(ESC, LEFT, ENTER)  # Esc then Enter must not end the list with an empty value
    assert prompts.ask(q.by_id["data.personal"], can_go_back=False) == "yes"
    assert "← Back" not in term.screen()


def test_ctrl_c_raises_keyboard_interrupt(q, term):
    term.type(CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        prompts.ask(q.by_id["data.personal"])
    term.type("half typed", CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        prompts.ask(q.by_id["decisions.note"])


def test_end_of_input_in_a_text_field_raises_eof(q, term):
    term.type("\x04")  # Ctrl-D, or a terminal that went away
    with pytest.raises(EOFError):
        prompts.ask(q.by_id["decisions.note"])


# --- comments, system description, review -------------------------------------------------------


def test_comment_is_optional_and_can_go_back(term):
    term.type("Checked with the DPO", ENTER)
    assert prompts.ask_comment() == "Checked with the DPO"
    term.type(ENTER)
    assert prompts.ask_comment() == ""
    term.type(ESC)
    assert prompts.ask_comment("old") is prompts.BACK
    term.type(BACKSPACE * 3, ENTER)
    assert prompts.ask_comment("old") == ""  # emptied: the comment is removed


def test_the_comment_key_at_a_question_keeps_what_was_pointed_at(q, term):
    """c (Tab in a text field, where c is a letter) ends the question with a request for its
    comment, holding the answer pointed at, ticked or typed, to propose when it returns."""
    term.type(DOWN, "c")
    request = prompts.ask(q.by_id["data.personal"], comment="Asked the DPO")
    assert request == prompts.CommentRequest(draft="no")
    screen = term.screen()
    assert "Your comment: Asked the DPO" in screen and "c comment" in screen
    assert "✔ Does the system" not in screen  # not answered yet
    term.type(" ", "c")
    assert prompts.ask(q.by_id["data.kinds"]) == prompts.CommentRequest(draft=["health"])
    term.type("By a case officer", "\t")
    assert prompts.ask(q.by_id["decisions.note"]) == prompts.CommentRequest(
        draft="By a case officer")
    assert "Tab comment" in term.screen()
    term.type("c", ENTER)  # in a text field c is an ordinary letter
    assert prompts.ask(q.by_id["decisions.note"]) == "c"


def test_the_comment_key_in_the_review_names_the_answer(q, term):
    session = Session.start(q, described(q, data__personal="no", security__mfa="yes"))
    meta = [(f, getattr(session.answers.meta, f.name)) for f in META_BY_NAME.values()]
    term.type("c", DOWN * 10, "c")  # on Finish nothing happens; on an answer it opens
    request = prompts.ask_review(session.review(), meta)
    assert request == prompts.CommentRequest(target=q.by_id["data.personal"])
    assert "c comment" in term.screen()


def test_a_comment_written_from_the_review_is_saved(q, term, tmp_path):
    draft = tmp_path / "draft.yaml"
    answers = described(q, data__personal="no", security__mfa="yes", security__review="all",
                        security__maturity=2, security__tested="2026-02-01")
    # the review again, the answer marked: then Finish
    term.when("Does the system process personal data?  → No  (+ comment)", UP * 10, ENTER)
    session = run_interview(q, draft, DOWN * 10, "c", "Asked the DPO", ENTER, answers=answers)
    assert session.answers.comments == {"data.personal": "Asked the DPO"}
    assert inputs.answers(draft, q)[0].comments == {"data.personal": "Asked the DPO"}


def test_country_and_dates_of_the_description(term):
    term.type(ENTER)
    assert prompts.ask_meta(META_BY_NAME["country"], "SE") == "SE"
    term.type(UP, UP, ENTER, "fr", ENTER)  # "Another country", then its code
    assert prompts.ask_meta(META_BY_NAME["country"], "NO", can_go_back=True) == "FR"
    term.type(ENTER)
    assert prompts.ask_meta(META_BY_NAME["date"], TODAY) == TODAY
    assert "Sweden (SE)" in term.screen()


def test_the_review_lists_answers_and_returns_the_choice(q, term):
    session = Session.start(q, described(q, data__personal="no", security__mfa="yes"))
    meta = [(f, getattr(session.answers.meta, f.name)) for f in META_BY_NAME.values()]
    term.type(ENTER)
    assert prompts.ask_review(session.review(), meta) is prompts.FINISH
    term.type(DOWN * 10, ENTER)
    assert prompts.ask_review(session.review(), meta) == q.by_id["data.personal"]
    term.type(DOWN, ENTER)
    assert prompts.ask_review(session.review(), meta) == META_BY_NAME["system"]
    screen = term.screen()
    assert "Does the system process personal data?  → No" in screen
    assert "— not answered —" in screen and "Bergen kommune" in screen


def test_the_review_jumps_to_finish_and_pages(q, term):
    session = Session.start(q, described(q, data__personal="no", security__mfa="yes"))
    meta = [(f, getattr(session.answers.meta, f.name)) for f in META_BY_NAME.values()]
    term.type("\x1b[F", ENTER)  # End: the Finish at the bottom
    assert prompts.ask_review(session.review(), meta, q.by_id["security.mfa"]) is prompts.FINISH
    term.type("\x1b[H", ENTER)  # Home: the Finish at the top
    assert prompts.ask_review(session.review(), meta, q.by_id["security.mfa"]) is prompts.FINISH
    term.type("\x1b[6~", ENTER)  # PageDown: ten entries on, past the section titles
    assert prompts.ask_review(session.review(), meta) == q.by_id["data.personal"]


def test_yes_no_is_a_localized_select(term):
    term.type(DOWN, ENTER)
    assert prompts.ask_yes_no("Replace it?") is False


# --- the language -------------------------------------------------------------------------------

SV_PO = r"""
msgid ""
msgstr ""
"Language: sv\n"
"Content-Type: text/plain; charset=UTF-8\n"

msgctxt "answer"
msgid "Yes"
msgstr "Ja"

msgctxt "answer"
msgid "No"
msgstr "Nej"

msgctxt "answer"
msgid "Don't know"
msgstr "Vet inte"

msgctxt "key hint"
msgid "↑↓ move · Enter choose"
msgstr "↑↓ flytta · Enter välj"

msgctxt "key hint"
msgid "Esc back"
msgstr "Esc tillbaka"

msgctxt "prompt choice"
msgid "← Back"
msgstr "← Tillbaka"

msgctxt "validation"
msgid "Please fill this in."
msgstr "Fyll i detta."
"""


@pytest.fixture
def swedish(tmp_path, monkeypatch) -> Iterator[None]:
    po = tmp_path / "locales" / "sv" / "LC_MESSAGES" / "riskkit.po"
    po.parent.mkdir(parents=True)
    po.write_text(SV_PO, encoding="utf-8")
    monkeypatch.setenv("RISKKIT_LOCALES", str(tmp_path / "locales"))
    monkeypatch.setenv("RISKKIT_NO_CATALOG_CACHE", "1")
    i18n.activate("sv")
    yield
    i18n.activate("en")


def test_every_word_of_a_prompt_comes_from_the_catalog(q, term, swedish):
    term.type(DOWN, ENTER)
    assert prompts.ask(q.by_id["data.special"], can_go_back=True) == "no"
    screen = term.screen()
    for word in ("Ja", "Nej", "Vet inte", "↑↓ flytta · Enter välj", "Esc tillbaka", "← Tillbaka"):
        assert word in screen
    for english in ("Yes", "Don't know", "Use arrow keys", "Esc back"):
        assert english not in screen


def test_questionary_english_never_shows(q, term):
    term.type(" ", DOWN, " ", ENTER)
    prompts.ask(q.by_id["data.kinds"])
    term.type(ENTER)
    prompts.ask(q.by_id["data.personal"])
    screen = term.screen()
    for english in ("Use arrow keys", "done (", "<space> to select", "<a> to toggle"):
        assert english not in screen
    both = content.answer_text(q.by_id["data.kinds"], ["health", "location"], None)
    assert f"✔ Which kinds? {both}" in screen


def test_the_language_menu_lists_names_and_returns_a_code(term):
    term.type(DOWN, ENTER)
    choices = [("en", "English"), ("sv", "Svenska")]
    assert prompts.ask_language(choices, "Choose your language / Välj språk") == "sv"
    assert "Svenska" in term.screen()


# --- the whole interview on keys ----------------------------------------------------------------

DESCRIPTION = [
    "Chat assistant",
    ENTER,
    "Answers citizens",
    ENTER,
    "Bergen kommune",
    ENTER,
    ENTER,
    "Head of IT",
    ENTER,
    "Kari",
    ENTER,
    ENTER,
    ENTER,
    ENTER,
]


def run_interview(q: Questionnaire, draft: Path, *keys: str, answers=None) -> Session:
    answers = answers or new_answers(q, "en", TODAY, token=lambda: "12345678")
    session = Session.start(q, answers)
    interviewer = Interviewer(session, Draft(draft), prompts, TODAY)
    return _run(interviewer, keys)


def _run(interviewer: Interviewer, keys) -> Session:
    from prompt_toolkit.application import get_app_session

    get_app_session().input.send_text("".join(keys))
    interviewer.run()
    return interviewer.session


def test_a_whole_interview_with_back_dont_know_comments_and_review(q, term, tmp_path):
    draft = tmp_path / "draft.yaml"
    session = run_interview(
        q,
        draft,
        *DESCRIPTION,
        "c",  # personal data: a comment first, on the c key ...
        "Names of citizens",
        ENTER,
        ENTER,  # ... then the question again: yes
        DOWN,
        DOWN,
        ENTER,  # special categories: don't know
        " ",
        ENTER,  # kinds: health
        ESC,  # back from "automated?" ...
        DOWN,
        " ",
        ENTER,  # ... kinds: health and location
        DOWN,
        ENTER,  # automated: no
        "By a case officer",
        ENTER,  # how decisions are made
        ENTER,
        ENTER,
        DOWN,
        ENTER,  # mfa yes, review all, maturity 2
        "2026-02-01",
        "\t",  # tested: Tab opens the comment; Esc leaves it ...
        ESC,
        ENTER,  # ... and the date typed is proposed again: keep it
        DOWN * 10,
        ENTER,  # review: change "personal data"
        DOWN,
        ENTER,  # to no: its follow-ups are dropped
        UP * 10,
        ENTER,
    )  # review: finish
    values = session.answers.values
    assert values == {
        "data.personal": "no",
        "security.mfa": "yes",
        "security.review": "all",
        "security.maturity": 2,
        "security.tested": "2026-02-01",
    }
    assert session.answers.comments == {"data.personal": "Names of citizens"}
    assert session.answers.meta.system == "Chat assistant"
    saved, _notices = inputs.answers(draft, q)
    assert saved.values == values and saved.meta.date == TODAY
    screen = term.screen()
    # Only what the answers so far open is counted: personal data, then security's four
    assert "Section 1 of 2 · Data · about 5 questions left" in screen  # before any answer
    # personal data: yes opens two follow-ups here and two in "Decisions"
    assert "Section 1 of 3 · Data · about 8 questions left" in screen
    assert "Section 2 of 3 · Decisions · about 6 questions left" in screen
    assert "About the system · 1 of 9" in screen


def test_ctrl_c_keeps_every_answer_and_the_draft_resumes(q, term, tmp_path):
    draft = tmp_path / "draft.yaml"
    with pytest.raises(KeyboardInterrupt):
        run_interview(q, draft, *DESCRIPTION, "c", "Names", ENTER, ENTER, DOWN, ENTER, CTRL_C)
    answers, _notices = inputs.answers(draft, q)
    assert answers.values == {"data.personal": "yes", "data.special": "no"}
    assert answers.comments == {"data.personal": "Names"}
    assert answers.meta.id == "RK-2026-12345678"

    session = Session.start(q, answers)
    assert session.current.id == "data.kinds"
    interviewer = Interviewer(session, Draft(draft), prompts, TODAY)
    with pytest.raises(KeyboardInterrupt):
        _run(
            interviewer,
            [
                DOWN,
                DOWN,
                " ",
                ENTER,  # kinds: none of these
                DOWN,
                ENTER,  # automated: no
                CTRL_C,
            ],
        )
    answers, _notices = inputs.answers(draft, q)
    assert answers.values == {
        "data.personal": "yes",
        "data.special": "no",
        "data.kinds": ["none"],
        "decisions.automated": "no",
    }
    assert Session.start(q, answers).current.id == "decisions.note"


def test_ctrl_c_in_a_comment_keeps_the_answer(q, term, tmp_path):
    draft = tmp_path / "draft.yaml"
    with pytest.raises(KeyboardInterrupt):
        run_interview(q, draft, *DESCRIPTION, DOWN, ENTER, "c", "half a comm", CTRL_C)
    answers, _notices = inputs.answers(draft, q)
    assert answers.values == {"data.personal": "no"} and answers.comments == {}


def test_every_message_of_the_interview_has_a_context_or_a_comment():
    from riskkit.i18n import catalogs as i18n_tools

    root = i18n_tools.project_root()
    if root is None:
        pytest.skip("not a source checkout")
    tui = {str(p.relative_to(root)) for p in (root / "src/riskkit/tui").glob("*.py")}
    mine = {*tui, "src/riskkit/core/interview.py", "src/riskkit/cli/commands/assess.py"}
    catalog = i18n_tools.collect_messages(root)
    ours = [m for m in catalog if m.id and any(loc[0] in mine for loc in m.locations)]
    assert len(ours) > 50
    assert [m.id for m in ours if not m.context and not m.auto_comments] == []


# --- the command's own choices ---------------------------------------------------------------


def _args(**values):
    import argparse

    defaults = {
        "lang": None,
        "questionnaire": None,
        "answers": None,
        "from_pdf": None,
        "output": None,
    }
    return argparse.Namespace(**{**defaults, **values})


def test_the_language_is_the_options_then_the_drafts_then_the_environments(tmp_path, term):
    from riskkit.cli.commands.assess import choose_language
    from riskkit.cli.env import Environment

    other = next((c for c in i18n.available_languages() if c != "en"), None)
    if other is None:
        pytest.skip("no catalog besides English")
    draft = tmp_path / "draft.yaml"
    draft.write_text(f"schema: 1\nlanguage: {other}\n", encoding="utf-8")
    env = Environment(environ={"LANG": "en_GB.UTF-8"})
    assert choose_language(_args(lang="en", answers=str(draft)), env, prompts) == "en"
    assert choose_language(_args(answers=str(draft)), env, prompts) == other
    # riskkit --lang X assess: the option before the command counts as well
    assert choose_language(_args(global_lang=other), Environment(environ={}), prompts) == other
    assert choose_language(_args(), env, prompts) == "en"
    term.type(ENTER)  # nothing known: the menu, English first
    assert choose_language(_args(), Environment(environ={"LANG": "C"}), prompts) == "en"


def test_an_earlier_report_that_is_no_riskkit_pdf_is_named(q, tmp_path):
    from riskkit.cli.commands.assess import answers_from_pdf
    from riskkit.errors import RiskkitError

    old = tmp_path / "last-year.pdf"
    old.write_text("not a PDF", encoding="utf-8")
    with pytest.raises(RiskkitError, match="last-year.pdf"):
        answers_from_pdf(old, q)


def test_a_report_not_replaced_says_how_to_make_the_same_one_later(
    q, term, tmp_path, monkeypatch
):
    import shlex

    from riskkit.cli.commands.assess import absolute_paths, finish

    monkeypatch.chdir(tmp_path)
    session = Session.start(
        q,
        described(
            q,
            data__personal="no",
            security__mfa="yes",
            security__review="all",
            security__maturity=2,
            security__tested="2026-01-01",
        ),
    )
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.pdf").write_bytes(b"%PDF-1.7 last year's")
    args = _args(questionnaire=q.path, output="out/report.pdf")
    absolute_paths(args, tmp_path)
    draft = Draft(tmp_path / "riskkit-RK-1.yaml")
    term.type(ENTER)  # "Replace it?": the pointer starts on No
    assert finish(session, draft, args, prompts) == 0
    screen = term.screen()
    assert "Overall residual risk" in screen
    assert "exists already. Replace it?" in " ".join(screen.split())
    assert (tmp_path / "out" / "report.pdf").read_bytes() == b"%PDF-1.7 last year's"
    line = next(x for x in screen.splitlines() if "Make the report from them with:" in x)
    command = shlex.split(line.split("with:", 1)[1])
    assert command[1:] == [
        "render",
        str(draft.path),
        "--questionnaire",
        q.path,
        "--output",
        str(tmp_path / "out" / "report.pdf"),
    ]
    assert inputs.answers(draft.path, q)[0].values == session.answers.values


def test_commands_to_copy_name_riskkit_as_it_was_started(tmp_path, monkeypatch):
    from riskkit.cli.commands.assess import program

    script = tmp_path / "venv" / "bin" / "riskkit"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr("sys.argv", [str(script), "assess"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert program() == [str(script)]  # as after `make run`: not on the PATH
    monkeypatch.setenv("PATH", f"{script.parent}:/usr/bin:/bin")
    assert program() == ["riskkit"]
    import riskkit  # python -m riskkit: argv[0] is the package's __main__.py

    monkeypatch.setattr("sys.argv", [str(Path(riskkit.__file__).parent / "__main__.py"), "x"])
    assert program() == [sys.executable, "-m", "riskkit"]


# --- what a long text looks like ----------------------------------------------------------------


def test_long_questions_and_choices_break_between_words(write_questionnaire, term):
    words = ["Does", "the", "supplier", "document", "how", "the", "model", "was", "trained",
             "and", "evaluated"]
    long_text = " ".join(words * 2) + "?"
    label = "Only in a contract annex that nobody in the municipality has read so far " * 2
    path = write_questionnaire(
        f"""\
        sections:
          - id: s
            title: S
            questions:
              - id: s.long
                type: multi
                text: {long_text}
                choices:
                  - {{value: annex, label: {label.strip()}}}
                  - {{value: none, label: No, exclusive: true}}
        """,
        name="long.yaml",
    )
    question = questionnaire.load(path).by_id["s.long"]
    term.type(" ", ENTER)
    assert prompts.ask(question) == ["annex"]
    lines = term.screen().splitlines()
    # nothing runs off the 100-column screen
    assert max(len(line) for line in lines) < 100, [x for x in lines if len(x) >= 100]
    shown = " ".join(term.screen().split())
    assert long_text in shown  # every word whole, in order
    assert label.strip() in shown  # the whole choice, not cut off at the edge
    assert "✔ " + long_text in shown  # the answered line, too


def test_another_country_is_typed_and_esc_returns_to_the_list(term):
    term.type(UP, UP, ENTER, "x", ENTER)  # "Another country", then a code that is none
    term.when("Write the two-letter country code", ESC, ENTER)  # back: the list; Norway
    assert prompts.ask_meta(META_BY_NAME["country"], "NO", can_go_back=True) == "NO"
    screen = term.screen()
    assert "Two-letter country code (ISO 3166)" in screen
    assert "Enter confirm · Esc back" in screen


# --- no English left on the screens of an interview in Norwegian --------------------------------

def tour_in_bokmal(term: Terminal, tmp_path: Path) -> str:
    """The screens of an interview in bokmål with the shipped questionnaire: the start, every
    field of the description (a refused empty name, another country's code refused, a wrong
    date), a yes/no with its help, an empty tick list refused, a single choice, a scale, a
    wrong date, a required text left empty, a comment, the review, a localized yes/no, the
    summary, and what Ctrl-C and a report made later print. Returns the screen."""
    import argparse

    from riskkit.cli.commands.assess import _say_render_later, _say_start, _say_stopped
    from riskkit.core.interview import META_FIELDS, description_progress
    from riskkit.core.scoring import score
    from riskkit.tui import summary

    i18n.activate("nb")
    q = questionnaire.load()
    draft = Draft(tmp_path / "utkast.yaml")
    from riskkit.cli.workfolder import Folder

    _say_start(prompts, draft, "RK-2026-00000001", Folder(tmp_path, open_to_others=False))
    _say_start(prompts, draft, "RK-2026-00000001", Folder(tmp_path, open_to_others=True))
    prompts.show_section(description_progress(0))
    # Each `when` waits for the message in the active language (English where it is blanked).
    refused = ask.check_required("")
    term.type(ENTER)
    term.when(refused, "Chatbot", ENTER)
    header = prompts.progress_text(description_progress(0))
    prompts.ask_meta(META_FIELDS[0], "", False, header)
    for field in META_FIELDS[1:]:
        if field.kind == "country":
            term.type(UP, UP, ENTER, "x", ENTER)
            term.when(ask.check_country("x"), ESC, ENTER)
            term.when("Norge (NO)", ENTER)
        elif field.name == "next_review":  # (one wrong date a prompt: the screen here is
            # drawn by differences, so a second message would show only where it differs)
            term.type(BACKSPACE * 10, "neste år", ENTER)
            term.when(dates.check("neste år"), BACKSPACE * 10, "5.3.2027", ENTER)
        elif field.kind == "date":
            term.type(BACKSPACE * 10, "31.2.2026", ENTER)
            term.when(dates.check("31.2.2026"), BACKSPACE * 10, "5.3.2026", ENTER)
        else:
            term.type("Bergen kommune", ENTER)
        prompts.ask_meta(field, None, True, header)

    answers = inputs.answers(content_path("examples/nb-citizen-chatbot.yaml"), q)[0]
    session = Session.start(q, answers)
    progress = prompts.progress_text(session.progress())
    term.type("?")
    term.when(pgettext("help", "(press ? again to hide the help)"), ENTER)
    prompts.ask(q.by_id["data.personal"], None, True, progress)
    term.type(ENTER)
    nothing_ticked = ask.checkbox_validator(q.by_id["system.kind"], None)([])
    term.when(str(nothing_ticked)[:40], " ", ENTER)
    prompts.ask(q.by_id["system.kind"], None, True, progress)
    term.type(DOWN, ENTER)
    prompts.ask(q.by_id["system.user_count"], None, True, progress)
    term.type("c")
    prompts.ask(q.by_id["transparency.explainable"], None, True, progress, "Sjekket")
    term.type(DOWN, ENTER)
    prompts.ask(q.by_id["transparency.explainable"], None, True, progress)
    term.type("1/3/2027", ENTER)
    term.when(dates.check("1/3/2027")[:30], BACKSPACE * 8, "1.1.2027", ENTER)
    prompts.ask(q.by_id["system.go_live"], None, True, progress)
    term.type(ENTER)
    term.when(refused, "Chatbot", ENTER)
    prompts.ask(q.by_id["system.name"], None, True, progress)
    term.type("\t")
    prompts.ask(q.by_id["system.name"], None, True, progress)
    term.type(DOWN, ENTER)
    prompts.ask(q.by_id["system.name"], None, True, progress)
    term.type("Sjekket med personvernombudet", ENTER)
    prompts.ask_comment()
    term.type(ENTER)
    meta = [(f, getattr(session.answers.meta, f.name)) for f in META_FIELDS]
    prompts.ask_review(session.review(), meta)
    term.type("\x1b[6~", "c")
    prompts.ask_review(session.review(), meta)
    term.type(DOWN, ENTER)
    prompts.ask_yes_no("Erstatte rapporten?", default=True)
    for line in summary.lines(q, score(q, session.answers)):
        prompts.say(line)
    args = argparse.Namespace(questionnaire=None, output=None)
    _say_stopped(prompts, draft, args)
    _say_render_later(prompts, draft, args)
    # Texts written at different places on the screen are kept apart.
    return ESCAPES.sub(" ", term.buffer.getvalue()).replace(" \b", "")


def content_path(relative: str) -> Path:
    from riskkit.resources import data_root

    return data_root() / relative


def bokmal_catalog(base: Path | None = None):
    import polib

    return polib.pofile(str(i18n.catalog_path("nb", base)))


def test_no_english_on_the_interview_screens_in_bokmal(term, tmp_path):
    screen = tour_in_bokmal(term, tmp_path)
    for norwegian in ("Ja", "Vet ikke", "Henvisninger", "Fyll ut", "Ikke en dato",
                      "KI-forordningen"):
        assert norwegian in screen
    assert english_on_screen(bokmal_catalog(), screen) == set()


def test_the_english_scan_finds_messages_left_untranslated(term, tmp_path, monkeypatch):
    """The bokmål catalog with the key hints and validation messages blanked: those, and
    nothing else, come out in English, so the scan above would see English on the screen."""
    import shutil

    copy = tmp_path / "locales"
    shutil.copytree(i18n.catalog_path("nb").parents[2], copy)
    po = bokmal_catalog(copy)
    blanked = set()
    for entry in po:
        if entry.msgctxt in ("key hint", "validation", "answer") and not entry.msgid_plural:
            blanked.add((entry.msgctxt, entry.msgid))
            entry.msgstr = ""
    po.save()
    shipped = bokmal_catalog()  # the translations, to find what is English now
    monkeypatch.setenv("RISKKIT_LOCALES", str(copy))
    monkeypatch.setenv("RISKKIT_NO_CATALOG_CACHE", "1")
    screen = tour_in_bokmal(term, tmp_path)
    found = english_on_screen(shipped, screen)
    assert {
        ("answer", "Yes"),
        ("answer", "Don't know"),
        ("key hint", "↑↓ move · Enter choose"),
        ("validation", "Please fill this in."),
    } <= found
    # Nothing else, once the blanked messages' English is taken off the screen (an English
    # hint holds words of other messages: "Esc back to the question").
    rest = " ".join(screen.split())
    for _context, msgid in sorted(blanked, key=lambda m: -len(m[1])):
        for fragment in fragments(msgid):
            rest = rest.replace(fragment, " ") if len(fragment) >= MIN_LETTERS else rest
    assert english_on_screen(shipped, rest) == set()


def test_the_review_points_out_answers_that_contradict_each_other(term):
    # Issue #13: "no personal data" while residents' data and identity numbers go in (GDPR
    # Art. 4(1)). The review shows the contradiction first; choosing it opens data.personal.
    import dataclasses

    from riskkit.core import answers as A

    real = questionnaire.load()
    path = Path(__file__).resolve().parents[1] / "examples" / "nb-citizen-chatbot.yaml"
    loaded = A.loads(path.read_text(encoding="utf-8"), str(path), real).answers
    values = {**loaded.values, "data.personal": "no",
              "data.fed_in": ["resident_data", "identifiers"]}
    session = Session.start(real, dataclasses.replace(loaded, values=values))
    found = session.inconsistencies()
    assert [qq.id for qq, _ in found] == ["data.personal"]
    meta = [(f, getattr(session.answers.meta, f.name)) for f in META_BY_NAME.values()]
    term.type(DOWN, ENTER)
    assert prompts.ask_review(session.review(), meta, inconsistencies=found) == real.by_id[
        "data.personal"]
    assert "⚠ Answers that contradict each other" in term.screen()


def test_a_review_line_is_folded_but_the_comment_marker_stays_whole(q):
    """At any width the marker ends a row whole: folded before it when it does not fit."""
    from riskkit.tui.review import review_choices

    session = Session.start(q, described(q, data__personal="no", security__mfa="yes"))
    session.comment(q.by_id["data.personal"], "Asked the DPO")
    for width in range(40, 70):
        titles = [c.title for c in review_choices(session.review(), [], width)
                  if getattr(c, "value", None) == q.by_id["data.personal"]]
        rows = titles[0].splitlines()
        assert all(len(row) < width for row in [" » " + rows[0], *rows[1:]]), (width, rows)
        assert rows[-1].endswith("(+ comment)"), (width, rows)
        assert "\x00" not in titles[0] and "\xa0" not in titles[0]
