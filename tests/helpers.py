"""Helpers shared by several test modules (a test module never imports another one).

Small questionnaires the tests reason about by hand, answers to them, riskkit's CLI called in
this process, the registry of fixtures that render PDFs (tests/conftest.py marks the tests
that use them `render`), and the pieces of a pseudo-terminal session.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib.util
import io
import os
import re
import shutil
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st
from prompt_toolkit.output.vt100 import Vt100_Output

from riskkit import i18n
from riskkit.core import answers as answers_mod
from riskkit.core.answers import Answers, Meta
from riskkit.core.model import Question, Questionnaire
from riskkit.core.result import Result
from riskkit.core.scoring import score
from riskkit.core.values import DONT_KNOW
from riskkit.load import questionnaire
from riskkit.resources import data_dir

#: The shipped examples, in the repository (tests run from a checkout).
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: `make test-fast` sets RISKKIT_TEST_TIER=fast (see tests/conftest.py for the tiers).
FAST_TIER = os.environ.get("RISKKIT_TEST_TIER") == "fast"


def examples(count: int) -> int:
    """How many random cases a property test tries: ``count`` in `make test`, a tenth (at
    least 5) in the fast tier, which is for a quick answer, not for searching."""
    return max(5, count // 10) if FAST_TIER else count


# --- questionnaires ------------------------------------------------------------------------------

DATA_FILES = ("risks.yaml", "matrix.yaml", "nist-ai-rmf.yaml", "dpia-lists.yaml")

HEADER = """\
id: test
version: 1.0.0
title: Test questionnaire
risks: risks.yaml
matrix: matrix.yaml
nist: nist-ai-rmf.yaml
dpia_lists: dpia-lists.yaml
"""

# A small questionnaire that exercises every scoring rule; tests reason about it by hand.
MINI_SECTIONS = """\
sections:
  - id: data
    title: Data
    questions:
      - id: data.personal
        type: yesno
        text: Personal data?
        choices:
          - value: yes
            raises: {unlawful_processing: {likelihood: 1, consequence: 1}}
            facts: [personal_data, wp248.innovative_technology]
      - id: data.special
        type: yesno
        text: Special categories?
        when: "may('data.personal', 'yes')"
        choices:
          - value: yes
            raises: {unlawful_processing: {consequence: 2}}
            facts: [wp248.sensitive_data]
      - id: data.kinds
        type: multi
        text: Which kinds?
        when: "may('data.personal', 'yes')"
        choices:
          - {value: health, label: Health, raises: {harm_to_people: {consequence: 2}}}
          - value: location
            label: Location
            raises: {harm_to_people: {likelihood: 1}}
            facts: [location]
          - {value: none, label: None of these, exclusive: true}
  - id: security
    title: Security
    questions:
      - id: security.mfa
        type: yesno
        text: Strong authentication?
        nist: [MEASURE 2.7]
        practice:
          measure: Require strong authentication.
          mitigates: {security_breach: {likelihood: 1}}
          owner: it
      - id: security.review
        type: single
        text: How are outputs reviewed?
        nist: [MEASURE 2.5, GOVERN 1.1]
        choices:
          - {value: all, label: Every output}
          - {value: sample, label: A sample, mitigates: {unreliable_output: {likelihood: 1}}}
          - {value: none, label: Not at all, raises: {unreliable_output: {likelihood: 2}}}
        practice:
          in_place: [all, sample]
          measure: Review outputs.
          mitigates: {unreliable_output: {likelihood: 2}}
      - id: security.maturity
        type: scale
        text: How mature is the supplier?
        scale: {min: 1, max: 5, min_label: Unknown, max_label: Certified}
        choices:
          - {value: 1, raises: {supplier_dependency: {likelihood: 2}}}
      - id: security.note
        type: text
        text: Anything else?
"""


def copy_data_files(folder: Path) -> None:
    """Copies of the shipped data files a questionnaire refers to, for a test to change."""
    for data_file in DATA_FILES:
        shutil.copy(data_dir("questionnaires") / data_file, folder / data_file)


def write_questionnaire(folder: Path, body: str = MINI_SECTIONS, header: str = HEADER,
                        name: str = "q.yaml") -> Path:
    """Write ``body`` (sections YAML) as a questionnaire in ``folder``, beside copies of the
    real data files (risks, matrix, NIST, DPIA lists) it refers to."""
    copy_data_files(folder)
    return write_questionnaire_file(folder, body, header, name)


def write_questionnaire_file(folder: Path, body: str = MINI_SECTIONS, header: str = HEADER,
                             name: str = "q.yaml") -> Path:
    """Write ``body`` as a questionnaire in ``folder``; the data files are left as they are
    (a test may have changed or removed them)."""
    path = folder / name
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return path


# Three sections; the second exists only when personal data is (or may be) processed, and
# one question only for Sweden, so the counts visibly follow the conditions.
INTERVIEW_SECTIONS = """\
sections:
  - id: data
    title: Data
    intro: What the system is fed.
    questions:
      - id: data.personal
        type: yesno
        text: Does the system process personal data?
        help: Any information about an identifiable person.
        refs: ["GDPR Art. 4(1)"]
      - id: data.special
        type: yesno
        text: Special categories?
        when: "may('data.personal', 'yes')"
      - id: data.kinds
        type: multi
        text: Which kinds?
        when: "may('data.personal', 'yes')"
        choices:
          - {value: health, label: Health}
          - {value: location, label: Location}
          - {value: none, label: None of these, exclusive: true}
  - id: decisions
    title: Decisions
    questions:
      - id: decisions.automated
        type: yesno
        text: Are decisions about people automated?
        when: "chose('data.personal', 'yes')"
      - id: decisions.note
        type: text
        text: How are they made?
        when: "chose('data.personal', 'yes')"
  - id: security
    title: Security
    questions:
      - id: security.mfa
        type: yesno
        text: Strong authentication?
        nist: [MEASURE 2.7]
      - id: security.review
        type: single
        text: How are outputs reviewed?
        choices:
          - {value: all, label: Every output}
          - {value: none, label: Not at all}
      - id: security.maturity
        type: scale
        text: How mature is the supplier?
        scale: {min: 1, max: 5, min_label: Unknown, max_label: Certified}
      - id: security.tested
        type: date
        text: When was it last tested?
      - id: security.imy
        type: yesno
        text: Reported to IMY?
        when: "country == 'SE'"
"""

TODAY = dt.date(2026, 3, 5)
ALL_META = {
    "system": "Chat assistant",
    "description": "Answers questions",
    "organisation": "Bergen kommune",
    "department": "",
    "owner": "Head of IT",
    "assessor": "Kari",
    "country": "NO",
    "date": TODAY,
    "next_review": dt.date(2027, 3, 5),
}


# --- answers -------------------------------------------------------------------------------------

DATE = dt.date(2026, 3, 5)


def mini_answers(q: Questionnaire, **meta_overrides: Any) -> Answers:
    """Answers to MINI_SECTIONS that raise, mitigate and leave unknown (a comment with æøå)."""
    meta = {"id": "RA-2026-0042", "system": "Chatbot for byggesak",
            "organisation": "Eksempel kommune", "country": "NO", "department": "Plan og bygg",
            "owner": "Kari Nordmann", "assessor": "Ola Nordmann", "date": DATE,
            "next_review": dt.date(2027, 3, 1), "classification": "Internal",
            "description": "Answers questions about building permits."}
    meta.update(meta_overrides)
    a = answers_mod.Answers.new(q, "en", answers_mod.Meta(**meta))
    for qid, value in {"data.personal": "yes", "data.special": "dont_know",
                       "data.kinds": ["health", "location"], "security.mfa": "no",
                       "security.review": "sample", "security.maturity": 1,
                       "security.note": "Supplier audited in 2025."}.items():
        a = a.with_answer(qid, value)
    a = a.with_comment("security.mfa", "Planned for the autumn; æøå ÆØÅ äö.")
    return a


def described(q: Questionnaire, **values) -> Answers:
    """Answers with the system description complete and `values` answered."""
    answers = Answers.new(q, "en", Meta(id="RK-2026-00000001", **ALL_META))
    for qid, value in values.items():
        answers = answers.with_answer(qid.replace("__", "."), value)
    return answers


def score_answers(q: Questionnaire, **values: Any) -> Result:
    """``q`` scored with ``values`` answered (keys with "__" for "."), the meta minimal."""
    answers = Answers.new(q, meta=Meta(system="S", organisation="O", country="NO", date=DATE))
    for qid, value in values.items():
        answers = answers.with_answer(qid.replace("__", "."), value)
    return score(q, answers)


@functools.cache
def shipped_questionnaire() -> Questionnaire:
    """The shipped questionnaire, loaded once per test process."""
    return questionnaire.load()


def scored(example: str, **changes: Any) -> Result:
    """The example with some answers changed (keys with "__" for ".") and scored in English."""
    path = EXAMPLES / example
    q = shipped_questionnaire()
    answers = answers_mod.loads(path.read_text(encoding="utf-8"), str(path), q).answers
    values = dict(answers.values)
    for key, value in changes.items():
        values[key.replace("__", ".")] = value
    with i18n.using("en"):
        return score(shipped_questionnaire(), dataclasses.replace(answers, values=values))


def _value(q: Question) -> st.SearchStrategy[Any]:
    options = st.sampled_from(q.options())
    if q.type == "multi":
        inclusive = [c.value for c in q.choices if not c.exclusive]
        exclusive = [c.value for c in q.choices if c.exclusive]
        return st.one_of(
            st.lists(st.sampled_from(inclusive), min_size=1, unique=True),
            st.sampled_from([[v] for v in exclusive] + [DONT_KNOW])
            if exclusive
            else st.just(DONT_KNOW),
        )
    return options


def answers_for(q: Questionnaire) -> st.SearchStrategy[Answers]:
    """Random answers to the closed questions of ``q`` (any country, some unanswered)."""
    closed = [x for x in q.questions if x.closed]
    values = st.fixed_dictionaries({}, optional={x.id: _value(x) for x in closed})
    countries = st.sampled_from(["NO", "SE", "DK", "US"])
    return st.builds(
        lambda v, c: Answers(q.id, q.version, q.content_hash, "en", Meta(country=c), v),
        values,
        countries,
    )


# --- the CLI in this process ----------------------------------------------------------------------


def call(*argv: str, environ: Mapping[str, str] | None = None,
         cwd: Path | None = None) -> tuple[int, str, str]:
    """``riskkit ARGV`` through the real entry point, in this process: (status, out, err)."""
    from riskkit.cli.env import Environment
    from riskkit.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err,
                      environ=dict(environ or {"LANG": "C.UTF-8"}), cwd=cwd or Path.cwd())
    code = main(list(argv), env)
    return code, out.getvalue(), err.getvalue()


# --- fixtures that render ------------------------------------------------------------------------

#: (module, name) of every fixture decorated with `renders`.
RENDER_FIXTURES: set[tuple[str, str]] = set()

F = TypeVar("F", bound=Callable[..., Any])


def renders(fixture: F) -> F:
    """Put under ``@pytest.fixture``: the fixture renders PDFs with WeasyPrint, so every test
    that uses it (directly or through another fixture) is marked `render` by conftest.py and
    left out of `make test-fast`."""
    RENDER_FIXTURES.add((fixture.__module__, fixture.__name__))
    return fixture


# --- a terminal ----------------------------------------------------------------------------------

ENTER, DOWN, UP, LEFT, ESC, CTRL_C, BACKSPACE = (
    "\r", "\x1b[B", "\x1b[A", "\x1b[D", "\x1b", "\x03", "\x7f")
#: The terminal's control sequences, taken out to read the screen's text.
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


#: A fragment of a message with fewer letters than this is not looked for ("of", "AI").
MIN_LETTERS = 3
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


#: NIST AI RMF subcategories ("MEASURE 2.7") are identifiers, the same in every language.
_NIST_ID = re.compile(r"\b(?:GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+")


def fragments(msgid: str) -> list[str]:
    return [" ".join(f.split()) for f in _PLACEHOLDER.split(msgid)]


def _whole(fragment: str) -> str:
    """A pattern for `fragment` as whole words: "No" is not the start of "Norge". Only its
    word ends are checked, so "fill this in." matches before the next text written."""
    before = r"(?<!\w)" if re.match(r"\w", fragment) else ""
    after = r"(?!\w)" if re.search(r"\w$", fragment) else ""
    return before + re.escape(fragment) + after


def english_on_screen(po: Any, screen: str) -> set[tuple[str | None, str]]:
    """Messages whose English text (a fragment between placeholders) is on the screen as
    whole words, although their translation differs and does not contain it."""
    text = _NIST_ID.sub("", " ".join(screen.split()))
    found = set()
    for entry in po:
        if entry.obsolete or entry.fuzzy:
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not any(translations):
            continue
        own = " ".join(" ".join(t.split()) for t in translations)
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for fragment in fragments(msgid):
                if len(re.sub(r"\W", "", fragment)) < MIN_LETTERS or fragment in own:
                    continue
                if re.search(_whole(fragment), text):
                    found.add((entry.msgctxt, entry.msgid))
    return found


# --- riskkit in a pseudo-terminal -----------------------------------------------------------

#: The console script beside this Python, as `make run` installs it.
RISKKIT = str(Path(sys.executable).with_name("riskkit"))

#: The system description a person types in the end-to-end tests.
SYSTEM = [
    "Chat assistant on the municipal website",
    "Answers residents' questions about municipal services, day and night",
    "Bergen kommune",
    "Citizen services",
    "Head of citizen services",
    "Kari Nordmann",
]


def fresh_home(tmp_path: Path) -> dict[str, str]:
    """The environment of a person with a fresh home folder and no language set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(
        HOME=str(tmp_path),
        XDG_CACHE_HOME=str(tmp_path / ".cache"),
        LANG="C.UTF-8",
        TERM="xterm-256color",
        # As after `make run`: riskkit is in the virtualenv, not on the PATH.
        PATH="/usr/local/bin:/usr/bin:/bin",
        # pexpect is no terminal emulator: it never answers prompt_toolkit's cursor
        # position request, and each prompt would wait a second for the answer.
        PROMPT_TOOLKIT_NO_CPR="1",
    )
    return env


class Person:
    """Someone at a 120 x 40 terminal running `riskkit ARGS` in `cwd`."""

    def __init__(
        self,
        args: list[str],
        cwd: Path,
        env: dict[str, str],
        timeout: float = 20,
        program: str | None = None,
        columns: int = 120,
    ):
        import pexpect

        self.seen = io.StringIO()
        self.columns = columns
        self.child = pexpect.spawn(
            program or RISKKIT,
            args,
            cwd=str(cwd),
            env=env,
            dimensions=(40, columns),
            encoding="utf-8",
            timeout=timeout,
        )
        self.child.logfile_read = self.seen

    def everything_seen(self) -> str:
        """All the terminal showed so far, without its control sequences."""
        return ESCAPES.sub("", self.seen.getvalue()).replace("\r", "")

    def screen(self) -> list[str]:
        """The terminal's 40 rows as a person sees them now: the output so far played on a
        terminal emulator, so moved cursors and erased lines count as they do on screen."""
        import pyte

        screen = pyte.Screen(self.columns, 40)
        pyte.Stream(screen).feed(self.seen.getvalue())
        return [row.rstrip() for row in screen.display]

    def sees(self, *texts: str) -> None:
        for text in texts:
            self.child.expect_exact(text)

    def sees_one_of(self, *texts: str) -> int:
        return self.child.expect_exact(list(texts))

    def types(self, *keys: str) -> None:
        self.child.send("".join(keys))

    def leaves(self) -> int:
        """Wait for riskkit to end; its exit status."""
        import pexpect

        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    def close_terminal(self) -> None:
        self.child.close(force=True)


# --- the report's words, without a render ----------------------------------------------------


def html_text(html: str) -> str:
    """The text of an HTML page, entities decoded, tags dropped (the style sheet's generated
    content included): the words of a report page, checked without WeasyPrint."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


#: What stands between a message's words: placeholders ({name}, %(name)s, %s) and markup.
_MESSAGE_PLACEHOLDER = re.compile(
    r"\{[^{}]*\}|%\([^)]*\)[#0+ -]*\d*(?:\.\d+)?[a-zA-Z]|%[sdr]|<[^>]+>")
#: An English fragment shorter than this (letters and digits) is too common to look for.
PAGE_MIN_LETTERS = 20


def _letters(text: str) -> str:
    """Only letters and digits, lower case: immune to line breaks, hyphenation and quotes."""
    return re.sub(r"[\W_]+", "", text).lower()


def english_leftovers(po: Any, page_text: str) -> list[tuple[str | None, str]]:
    """Messages whose English (a fragment between placeholders) is on the page, although
    their translation does not contain it."""
    page = _letters(page_text)
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        own = " ".join(_letters(t) for t in translations)
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            fragments = (_letters(f) for f in _MESSAGE_PLACEHOLDER.split(msgid))
            if any(len(f) >= PAGE_MIN_LETTERS and f not in own and f in page for f in fragments):
                found.append((entry.msgctxt, entry.msgid))
                break
    return found


# --- the terminology script ------------------------------------------------------------------

#: The translations riskkit ships (English is the source language).
SHIPPED = ["nb", "nn", "sv", "da"]


def _load_terminology() -> Any:
    """scripts/terminology.py (not a package module) as a module."""
    path = Path(__file__).resolve().parent.parent / "scripts" / "terminology.py"
    spec = importlib.util.spec_from_file_location("terminology", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("terminology", module)
    spec.loader.exec_module(module)
    return module


terminology = _load_terminology()


# --- a prompt_toolkit terminal in this process -------------------------------------------------


class Terminal:
    """A pipe for keys and a 100-column screen whose text the test can read."""

    def __init__(self, pipe):
        self.pipe = pipe
        self.buffer = io.StringIO()
        self.missed: list[str] = []  # texts a `when` waited for in vain

    def type(self, *keys: str) -> None:
        self.pipe.send_text("".join(keys))

    def when(self, text: str, *keys: str, timeout: float = 10) -> None:
        """Type `keys` once `text` is on the screen (what the keys before it changed)."""

        def wait_then_type() -> None:
            deadline = time.monotonic() + timeout
            while text not in self.screen():
                if time.monotonic() > deadline:
                    self.missed.append(text)  # the test fails (see `term`), not hangs
                    break
                time.sleep(0.02)
            self.type(*keys)

        threading.Thread(target=wait_then_type, daemon=True).start()

    def screen(self) -> str:
        # prompt_toolkit writes " \b" where it is unsure of the cursor: nothing to see.
        return ESCAPES.sub("", self.buffer.getvalue()).replace("\r", "").replace(" \b", "")


class TerminalScreen(Vt100_Output):
    """A terminal 100 columns wide whose cursor sits at the top, as a real one answers."""

    def get_rows_below_cursor_position(self) -> int:
        return 40
