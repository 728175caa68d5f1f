"""`riskkit assess` as a person uses it: the real console script in a pseudo-terminal.

A `Person` reads the screen and types. Which question comes next, and what the progress line
says, comes from a shadow `Session` walked with the same answers: the terminal must show what
the interview logic says it should, in the language asked for. The full assessment runs in
Swedish and in Norwegian bokmål, from the first prompt to the report, and everything the
terminal showed is scanned for English the catalog translates. (English and Danish walk
the same code; each full run takes most of a minute, so two languages are enough.)
"""

from __future__ import annotations

import datetime as dt
import shlex
import subprocess
from typing import Any

import pytest

from riskkit import i18n
from riskkit.core import answers as answers_mod
from riskkit.core.interview import META_FIELDS, MetaField, Session, meta_default, new_answers
from riskkit.core.model import Question, Questionnaire
from riskkit.core.values import DONT_KNOW
from riskkit.i18n import content, pgettext
from riskkit.load import inputs, questionnaire
from riskkit.tui import terminal as prompts
from tests.helpers import (
    CTRL_C,
    DOWN,
    ENTER,
    ESC,
    RISKKIT,
    SYSTEM,
    UP,
    Person,
    english_on_screen,
)

pytestmark = pytest.mark.e2e

TEXT_ANSWER = "Described in the procurement documents."
COMMENT = "Checked with our data protection officer."



def translated(code: str) -> bool:
    """English, or a catalog that is (nearly) complete: the only ones worth a full run."""
    if code == "en":
        return True
    import polib

    path = i18n.catalog_path(code)
    return path.is_file() and polib.pofile(str(path)).percent_translated() >= 95


LANGUAGES = [
    pytest.param(
        code,
        marks=pytest.mark.skipif(
            not translated(code), reason=f"the {code} catalog is not translated yet"
        ),
    )
    for code in ("sv", "nb")
]


def _start(text: str) -> str:
    """The start of a text, as far as the terminal surely shows it on one line."""
    return text[:50]


def answer_for(question: Question, number: int) -> tuple[Any, list[str]]:
    """The example's answer to a question and the keys that give it.

    Mostly the first choice, every fifth closed question "don't know" (to see it accepted),
    tick-box questions their first box, texts a sentence, dates a date.
    """
    if question.closed and number % 5 == 0:
        position = len(question.values())
        if question.type == "multi":
            return DONT_KNOW, [DOWN * position, " ", ENTER]
        return DONT_KNOW, [DOWN * position, ENTER]
    if question.type == "multi":
        return [question.values()[0]], [" ", ENTER]
    if question.closed:
        return question.values()[0], [ENTER]
    if question.type == "date":
        return "2026-01-15", ["2026-01-15", ENTER]
    return TEXT_ANSWER, [
        TEXT_ANSWER,
        ENTER,
    ]


def describe_system(person: Person, lang: str) -> None:
    """The system description, as a new assessment asks it."""
    with i18n.using(lang):
        labels = [f.label for f in META_FIELDS]
    for label, text in zip(labels, SYSTEM, strict=False):
        person.sees(_start(label))
        person.types(text, ENTER)
    for label in labels[len(SYSTEM) :]:  # country, date, next review: the proposals
        person.sees(_start(label))
        person.types(ENTER)


def answer_questions(
    person: Person, shadow: Session, lang: str, stop_after: int | None = None
) -> int:
    """Answer what the shadow session says comes next, checking the screen shows it."""
    asked = 0
    while isinstance(shadow.current, Question):
        question = shadow.current
        with i18n.using(lang):
            header = prompts.progress_text(shadow.progress())
            text = content.question_text(question)
            comment_label = _start(
                pgettext(
                    "comment prompt", "Comment or justification (optional, Enter to skip)"
                )
            )
        person.sees(header, _start(text))
        asked += 1
        value, keys = answer_for(question, asked)
        if asked % 7 == 0:  # a comment first, on its key; then the question again
            person.types("c" if question.closed else "\t")
            person.sees(comment_label)
            person.types(COMMENT, ENTER)
            shadow.comment(question, COMMENT)
            person.sees(_start(text))
        person.types(*keys)
        shadow.answer(value)
        if stop_after is not None and asked >= stop_after:
            break
    return asked


# --- the full assessment ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_full_assessment_from_first_prompt_to_the_report(tmp_path, home, lang):
    q = questionnaire.load(None)
    person = Person(["assess", "--lang", lang], tmp_path, home, timeout=60)
    with i18n.using(lang):
        person.sees(pgettext("assess", "Assessment {id}").split("{")[0].strip())
    person.child.expect(r"RK-\d{4}-[0-9A-F]{8}")
    assessment_id = person.child.after
    # HOME is tmp_path: the draft goes to the folder for assessments, made owner-only
    draft = tmp_path / "riskkit" / f"riskkit-{assessment_id}.yaml"
    assert (tmp_path / "riskkit").stat().st_mode & 0o777 == 0o700
    describe_system(person, lang)
    shadow = Session.start(q, _shadow_answers(q, lang))
    asked = answer_questions(person, shadow, lang)
    assert asked >= 10 and shadow.reviewing

    with i18n.using(lang):
        person.sees(
            _start(
                pgettext(
                    "review", "Review your answers. Choose one to change it, or finish."
                )
            )
        )
        person.types(ENTER)  # the pointer starts on Finish
        person.sees(assessment_id)  # the summary's first line names the assessment
        made = person.sees_one_of(_report_line(lang), _answers_line(lang))
    assert person.leaves() == 0

    saved, _notices = inputs.answers(draft, q)
    assert saved.values == shadow.answers.values
    assert saved.comments == shadow.answers.comments
    assert saved.meta.id == assessment_id and saved.meta.system == SYSTEM[0]
    assert saved.meta.date == dt.date.today() and saved.language == lang
    assert made == 0
    assert draft.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    import polib

    # Everything riskkit wrote, in the language: the person's own (English) words aside.
    riskkits = " ".join(person.everything_seen().split())
    for typed in (*SYSTEM, TEXT_ANSWER, COMMENT):
        riskkits = riskkits.replace(typed, " ")
    catalog = polib.pofile(str(i18n.catalog_path(lang)))
    assert english_on_screen(catalog, riskkits) == set()


def _shadow_answers(q: Questionnaire, lang: str):
    """The description as `describe_system` gives it: typed fields, then the proposals."""
    session = Session.start(q, new_answers(q, lang, dt.date.today()))
    for text in SYSTEM:
        session.answer(text)
    while isinstance(session.current, MetaField):
        session.answer(
            meta_default(q, session.answers.meta, session.current.name, lang, dt.date.today())
        )
    return session.answers


def _report_line(lang: str) -> str:
    with i18n.using(lang):
        return pgettext("assess", "The report is in {file}").split("{")[0].strip()


def _answers_line(lang: str) -> str:
    with i18n.using(lang):
        return pgettext("assess", "Your answers are in {file}").split("{")[0].strip()


# --- stopping and resuming, on a small questionnaire --------------------------------------------


def test_ctrl_c_half_way_then_resume_with_answers(tmp_path, home, small):
    """Started with relative paths; the command shown after Ctrl-C, run from another folder
    as it is printed, continues the same assessment and writes the report asked for."""
    q = questionnaire.load(small)
    draft = tmp_path / "draft.yaml"
    args = ["assess", "--lang", "en", "--questionnaire", small.name, "--answers", "draft.yaml"]
    person = Person([*args, "--output", "reports/chat.pdf"], tmp_path, home)
    person.sees(str(draft))
    describe_system(person, "en")
    person.sees("about 5 questions left", "Does the system process personal data?")
    person.types("c")  # a comment first
    person.sees("Comment or justification")
    person.types("Names and addresses", ENTER)
    person.sees("Does the system process personal data?")
    person.types(ENTER)  # yes
    person.sees("about 8 questions left", "Special categories?")
    person.types(DOWN, ENTER)  # no
    person.sees("about 7 questions left", "Which kinds?")
    person.types(" ", "hello")  # ticks Health, then stops half way
    person.types(CTRL_C)
    person.sees(
        "Stopped. Every answer you gave is saved in",
        str(draft),
        "To continue where you left off, run:",
    )
    person.child.expect(r"([^\s\x1b]*riskkit assess [^\r\n\x1b]+)")
    resume = shlex.split(person.child.match.group(1))
    assert person.leaves() == 130
    # riskkit is not on this PATH: the command names the script that was started
    assert resume == [
        RISKKIT,
        "assess",
        "--answers",
        str(draft),
        "--questionnaire",
        str(small),
        "--output",
        str(tmp_path / "reports" / "chat.pdf"),
    ]

    saved, _ = inputs.answers(draft, q)
    assert saved.values == {"data.personal": "yes", "data.special": "no"}
    assert saved.comments == {"data.personal": "Names and addresses"}

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    person = Person(resume[1:], elsewhere, home, program=resume[0])
    person.sees("about 7 questions left", "Which kinds?")  # in English, the draft's language
    person.types(ESC)  # back: the earlier answer is proposed
    person.sees("about 8 questions left", "Special categories?")
    person.types(ENTER)  # keep "no"
    person.sees("Which kinds?")
    person.types(DOWN, DOWN, " ", ENTER)  # none of these
    person.sees("Are decisions about people automated?")
    person.types(DOWN, ENTER)
    person.sees("How are they made?")
    person.types(ENTER)  # optional, left empty
    for _ in range(3):  # mfa, review, maturity: first choices
        person.sees("questions left")
        person.types(ENTER)
    person.sees("When was it last tested?")
    person.types("2026-02-30", ENTER)
    person.sees("That date does not exist: February 2026 has 28 days.")
    person.types("\x7f\x7f", "28", ENTER)
    person.sees("Review your answers")
    person.types(ENTER)
    person.sees("Overall residual risk", f"The report is in {tmp_path / 'reports' / 'chat.pdf'}")
    assert person.leaves() == 0
    assert (tmp_path / "reports" / "chat.pdf").read_bytes().startswith(b"%PDF")
    saved, _ = inputs.answers(draft, q)
    assert saved.values["data.kinds"] == ["none"]
    assert saved.values["security.tested"] == "2026-02-28"
    assert "decisions.note" not in saved.values


def test_a_lost_terminal_keeps_every_answer(tmp_path, home, small):
    q = questionnaire.load(small)
    draft = tmp_path / "draft.yaml"
    person = Person(
        ["assess", "--lang", "en", "--questionnaire", str(small), "--answers", str(draft)],
        tmp_path,
        home,
    )
    describe_system(person, "en")
    person.sees("Does the system process personal data?")
    person.types(DOWN, ENTER)
    person.sees("Strong authentication?")
    person.close_terminal()  # the window is closed (SIGHUP)
    saved, _ = inputs.answers(draft, q)
    assert saved.values == {"data.personal": "no"}
    assert saved.meta.assessor == "Kari Nordmann"
    assert Session.start(q, saved).current.id == "security.mfa"


def test_review_change_drops_what_became_irrelevant(tmp_path, home, small):
    q = questionnaire.load(small)
    draft = tmp_path / "draft.yaml"
    session = Session.start(q, new_answers(q, "en", dt.date.today()))
    for text in SYSTEM + ["NO", dt.date.today(), dt.date.today()]:
        session.answer(text)
    for value in ("yes", "yes", ["health"], "no", "by hand", "yes", "all", 3, "2026-01-01"):
        session.answer(value)
    draft.write_text(answers_mod.dumps(q, session.answers), encoding="utf-8")
    person = Person(
        ["assess", "--lang", "en", "--questionnaire", str(small), "--answers", str(draft)],
        tmp_path,
        home,
    )
    person.sees("Review your answers", "Which kinds?  → Health")
    person.types(DOWN * 10, ENTER)  # "Does the system process personal data?"
    person.sees("Does the system process personal data?")
    person.types(DOWN, ENTER)  # now: no
    person.sees("Review your answers")
    person.types(UP * 10, ENTER)  # Finish
    person.sees("Overall residual risk")
    person.sees_one_of("The report is in", "Your answers are in")
    assert person.leaves() == 0
    saved, _ = inputs.answers(draft, q)
    assert set(saved.values) == {
        "data.personal",
        "security.mfa",
        "security.review",
        "security.maturity",
        "security.tested",
    }


# --- no terminal, language menu, reassessment ---------------------------------------------------


@pytest.mark.parametrize("args", [[], ["--answers", "draft.yaml", "--lang", "en"]])
def test_without_a_terminal_it_says_so_and_writes_nothing(tmp_path, home, args):
    done = subprocess.run(  # as `echo | riskkit assess`
        [RISKKIT, "assess", *args],
        input="\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=home,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "This command asks questions and needs a terminal" in done.stderr
    assert "riskkit render" in done.stderr
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == []


def test_no_language_known_asks_for_one_first(tmp_path, home, small):
    person = Person(["assess", "--questionnaire", str(small)], tmp_path, home)
    names = [name for _code, name in i18n.language_choices()]
    person.sees("Choose your language", *names[:1])
    english = [code for code, _name in i18n.language_choices()].index("en")
    person.types(DOWN * english, ENTER)
    person.sees("What is the AI system called?")
    person.types(CTRL_C)
    person.sees("Nothing was answered yet, so nothing was saved.")
    assert person.leaves() == 130
    assert not list(tmp_path.rglob("riskkit-*.yaml"))


def test_reassessment_from_last_years_report(tmp_path, home, small):
    report = pytest.importorskip("riskkit.report")
    q = questionnaire.load(small)
    old_yaml = tmp_path / "old.yaml"
    session = Session.start(q, new_answers(q, "en", dt.date(2025, 3, 1)))
    for text in SYSTEM + ["NO", dt.date(2025, 3, 1), dt.date(2026, 3, 1)]:
        session.answer(text)
    for value in ("no", "yes", "all", 2, "2025-02-01"):
        session.answer(value)
    session.comment(q.by_id["security.mfa"], "Since 2024")
    old_yaml.write_text(answers_mod.dumps(q, session.answers), encoding="utf-8")
    old_pdf = report.render_answers_file(
        old_yaml, tmp_path / "old.pdf", questionnaire_path=str(small)
    )
    draft = tmp_path / "new.yaml"
    person = Person(
        [
            "assess",
            "--lang",
            "en",
            "--questionnaire",
            str(small),
            "--from",
            str(old_pdf),
            "--answers",
            str(draft),
        ],
        tmp_path,
        home,
        timeout=60,
    )
    person.sees(f"A reassessment of {session.answers.meta.id} ({old_pdf})")
    person.sees("What is the AI system called?", SYSTEM[0])  # last year's, proposed
    for _ in META_FIELDS:
        person.types(ENTER)
    person.sees("Review your answers", "Strong authentication?  → Yes  (+ comment)")
    person.types(ENTER)
    person.sees("The report is in")
    assert person.leaves() == 0
    new, _ = inputs.answers(draft, q)
    assert new.values == session.answers.values and new.comments == session.answers.comments
    assert new.meta.date == dt.date.today() and new.meta.id != session.answers.meta.id
    assert new.meta.next_review > dt.date.today()


# --- what the screen shows: comment key, going back, review lines -------------------------------


def _rows_with(person: Person, text: str) -> list[str]:
    return [row for row in person.screen() if text in row]


def test_the_comment_key_and_going_back_leave_a_clean_screen(tmp_path, home, small):
    """c opens the comment and brings the question back; Esc takes the old answer's line
    off the screen, so answering again leaves one line, the new one."""
    q = questionnaire.load(small)
    draft = tmp_path / "draft.yaml"
    person = Person(["assess", "--lang", "en", "--questionnaire", str(small), "--answers",
                     str(draft)], tmp_path, home)
    describe_system(person, "en")
    person.sees("Does the system process personal data?", "c comment")
    person.types("c")
    person.sees("Comment or justification")
    person.types("Names and addresses", ENTER)
    person.sees("Your comment: Names and addresses")  # the question again, its comment under it
    person.types(ENTER)  # yes
    person.sees("Special categories?")
    person.types("c")  # a comment here too, then back: both lines above go
    person.sees("Comment or justification")
    person.types("Only health data", ENTER)
    person.sees("Your comment: Only health data")
    person.types(ESC)  # back
    person.sees("Your comment: Names and addresses")
    person.child.expect(r"Enter choose")  # the prompt is drawn
    assert _rows_with(person, "✔ Does the system process personal data?") == []
    assert _rows_with(person, "Only health data") == []
    person.types(DOWN, ENTER)  # now: no
    person.sees("Strong authentication?")
    person.child.expect(r"Enter choose")
    answered = _rows_with(person, "✔ Does the system process personal data?")
    assert [row.split("?")[-1].strip() for row in answered] == ["No"]
    person.close_terminal()
    saved, _ = inputs.answers(draft, q)
    assert saved.values == {"data.personal": "no"}
    assert saved.comments == {"data.personal": "Names and addresses"}


def test_review_lines_fit_a_narrow_terminal_and_keep_the_comment_marker(tmp_path, home, small):
    q = questionnaire.load(small)
    draft = tmp_path / "draft.yaml"
    session = Session.start(q, new_answers(q, "en", dt.date.today()))
    for text in SYSTEM + ["NO", dt.date.today(), dt.date.today()]:
        session.answer(text)
    for value in ("no", "yes", "all", 3, "2026-01-01"):
        session.answer(value)
    session.comment(q.by_id["security.review"], "Every output, by the case officer")
    draft.write_text(answers_mod.dumps(q, session.answers), encoding="utf-8")
    person = Person(["assess", "--lang", "en", "--questionnaire", str(small), "--answers",
                     str(draft)], tmp_path, home, columns=44)
    person.sees("Review your answers")
    person.child.expect(r"Finish")
    person.child.expect(r"c comment")
    rows = person.screen()
    assert any(row.rstrip().endswith("(+ comment)") for row in rows), rows
    # the long line is broken between words: "How are outputs reviewed?  → Every output"
    # is 41 characters after the pointer, so it takes two rows, and no word is cut
    text = " ".join(" ".join(rows).split())
    assert "How are outputs reviewed? → Every output (+ comment)" in text
    person.close_terminal()
