"""The PDF rendered while the person reads the review (riskkit.report.background), in a real
terminal.

The interview reaches the review with every question answered (a draft written beforehand);
a background `riskkit render` starts there. Confirming with the same answers moves its PDF
into place (the same file: its inode), a change renders the new answers, and Ctrl-C leaves
no render process and no file behind.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from riskkit.core import answers as answers_mod
from riskkit.core.interview import Session, new_answers
from riskkit.errors import ExitStatus
from riskkit.load import questionnaire
from riskkit.pdf.read import read_attachment
from tests.helpers import CTRL_C, DOWN, ENTER, INTERVIEW_SECTIONS, SYSTEM, UP, Person

pytestmark = pytest.mark.e2e

#: A render of the small questionnaire takes a few seconds; a loaded machine, more.
RENDER_WAIT = 120


@pytest.fixture
def draft(tmp_path: Path, write_questionnaire) -> tuple[Path, Path]:
    """A complete draft of the small questionnaire, and the questionnaire's path."""
    small = write_questionnaire(INTERVIEW_SECTIONS)
    q = questionnaire.load(small)
    session = Session.start(q, new_answers(q, "en", dt.date.today()))
    for text in SYSTEM + ["NO", dt.date.today(), dt.date.today()]:
        session.answer(text)
    for value in ("yes", "yes", ["health"], "no", "by hand", "yes", "all", 3, "2026-01-01"):
        session.answer(value)
    path = tmp_path / "draft.yaml"
    path.write_text(answers_mod.dumps(q, session.answers), encoding="utf-8")
    return path, small


def _rendering(folder: Path, suffix: str) -> list[Path]:
    return sorted(folder.glob(f".draft.rendering-*{suffix}"))


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + RENDER_WAIT
    while not condition():
        assert time.monotonic() < deadline, f"waited {RENDER_WAIT} s for {what}"
        time.sleep(0.1)


def _render_processes(folder: Path) -> list[str]:
    """Processes whose command line names a background render's file in ``folder``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if any(str(folder).encode() in a and b".rendering-" in a for a in args):
            found.append(cmdline.parent.name)
    return found


def _start(draft, home) -> Person:
    path, small = draft
    person = Person(["assess", "--lang", "en", "--questionnaire", str(small), "--answers",
                     str(path)], path.parent, home, timeout=RENDER_WAIT)
    person.sees("Review your answers")
    return person


def test_confirm_with_unchanged_answers_takes_the_pdf_rendered_during_the_review(draft, home):
    path, _ = draft
    person = _start(draft, home)
    _wait_for(lambda: _rendering(path.parent, ".pdf"), "the background render")
    [made] = _rendering(path.parent, ".pdf")
    inode = made.stat().st_ino
    person.types(ENTER)  # the pointer starts on Finish
    person.sees("The report is in")
    assert person.leaves() == 0
    report = path.with_suffix(".pdf")
    assert report.stat().st_ino == inode  # moved into place, not rendered again
    embedded = json.loads(read_attachment(report.read_bytes()))
    assert embedded["answers"]["answers"]["data.personal"] == "yes"
    assert list(path.parent.glob(".draft.rendering-*")) == []


def test_a_change_in_the_review_renders_the_new_answers(draft, home):
    path, _ = draft
    person = _start(draft, home)
    _wait_for(lambda: _rendering(path.parent, ".yaml"), "the background render to start")
    person.types(DOWN * 10, ENTER)  # "Does the system process personal data?"
    person.sees("Does the system process personal data?")
    person.types(DOWN, ENTER)  # now: no (a comment is a key away, not asked)
    person.sees("Review your answers")
    person.types(UP * 10, ENTER)  # Finish
    person.sees("The report is in")
    assert person.leaves() == 0
    embedded = json.loads(read_attachment(path.with_suffix(".pdf").read_bytes()))
    assert embedded["answers"]["answers"]["data.personal"] == "no"
    assert list(path.parent.glob(".draft.rendering-*")) == []


def test_ctrl_c_in_the_review_ends_the_render_and_leaves_no_file(draft, home):
    path, _ = draft
    person = _start(draft, home)
    _wait_for(lambda: _render_processes(path.parent), "the background render to start")
    person.types(CTRL_C)
    person.sees("Stopped.")
    assert person.leaves() == ExitStatus.INTERRUPTED
    assert _render_processes(path.parent) == []
    assert not path.with_suffix(".pdf").exists()
    assert [p.name for p in path.parent.iterdir() if "rendering" in p.name] == []
