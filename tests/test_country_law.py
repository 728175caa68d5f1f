"""The country's own law (issue 13, item 7): choices, help, references and measures that
belong to one country are shown only for that country, in the interview, the report, the
terminal summary and `score --json`; a country whose national DPIA list riskkit does not carry
is told so (GDPR Art. 35(4)).

The newcomers' review (2026-12) found a Danish assessment showing Swedish OSL 2009:400,
Norwegian fødselsnummer, US social security numbers and CJIS, and a Danish measure text "(in
Sweden under OSL 10 kap. 2 a §)". Each supervisory authority keeps its own list of processing
that needs a DPIA (GDPR Art. 35(4)); the legal review found that other EU countries got no
word that theirs was not checked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from riskkit import i18n, report
from riskkit.core import answers as answers_mod
from riskkit.core.answers import Answers, Meta
from riskkit.core.interview import Session
from riskkit.core.scoring import score
from riskkit.core.values import DONT_KNOW
from riskkit.errors import ProblemsError
from riskkit.i18n import content
from riskkit.load import questionnaire
from riskkit.tui import summary, terminal
from tests.helpers import ENTER, call

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
RISKKIT = str(Path(sys.executable).with_name("riskkit"))

# A questionnaire that uses every form of the country condition.
SECTIONS = """\
sections:
  - id: data
    title: Data
    intro:
      - What goes into the system.
      - {text: "In Sweden, OSL decides what is secret.", countries: [SE]}
    questions:
      - id: data.fed_in
        type: multi
        text: What is entered?
        help:
          - Tick everything that may be entered.
          - text: In Sweden, OSL 2009:400 decides what is secret.
            countries: [SE]
        refs: ["GDPR Art. 5(1)(c)", {ref: "OSL (2009:400)", countries: [SE]}]
        choices:
          - {value: open, label: Open information}
          - value: police
            label: [Police records, {text: "(CJIS)", countries: [US]}]
            facts: [personal_data]
          - value: ssn
            label: Social security numbers
            countries: [US]
            facts: [personal_data]
            raises: {confidential_data_leakage: {consequence: 2}}
      - id: data.cjis
        type: yesno
        countries: [US]
        when: "may('data.fed_in', 'police')"
        text: Is the CJIS Security Policy met?
        practice:
          measure:
            - Keep police records out of the system unless they are protected.
            - {text: "Follow the CJIS Security Policy.", countries: [US]}
          mitigates: {security_breach: {likelihood: 1}}
      - id: data.secret
        type: yesno
        text: Is secret information entered?
        practice:
          in_place: ["no"]
          measure:
            - Stop entering secret information.
            - {text: "In Sweden, the test is OSL 10 kap. 2 a §.", countries: [SE]}
          mitigates: {confidential_data_leakage: {likelihood: 1}}
"""


@pytest.fixture
def cq(write_questionnaire: Callable[[str], Path]):
    return questionnaire.load(write_questionnaire(SECTIONS))


@pytest.fixture
def shipped():
    return questionnaire.load()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.activate("en")
    yield
    i18n.activate("en")


def _answers(q, country: str, **values) -> Answers:
    meta = Meta(id="RK-2026-00000001", system="S", organisation="O", country=country,
                date=dt.date(2026, 3, 5))
    answers = Answers.new(q, "en", meta)
    for qid, value in values.items():
        answers = answers.with_answer(qid.replace("__", "."), value)
    return answers


# --- the loader and `riskkit validate` ---------------------------------------------------------

def _problems(write_questionnaire, body: str) -> list[str]:
    path = write_questionnaire(SECTIONS.replace(*body) if isinstance(body, tuple) else body)
    with pytest.raises(ProblemsError) as info:
        questionnaire.load(path)
    return [f"{p.line}: {p.where}: {p.message}" for p in info.value.problems]


def test_a_country_that_is_not_an_iso_code_is_named_with_its_line(write_questionnaire):
    problems = _problems(write_questionnaire, ("countries: [US]\n            facts",
                                                "countries: [USA]\n            facts"))
    line = SECTIONS.splitlines().index("            countries: [US]") + 1 + HEADER_LINES
    assert problems == [(f"{line}: question `data.fed_in`, choice `ssn`: `USA` is not a country "
                         "code: write the two capital letters of ISO 3166, for example NO, SE, "
                         "DK or US")]


HEADER_LINES = 7  # tests/conftest.py HEADER


@pytest.mark.parametrize("old,new,message", [
    ("countries: [US]\n        when", "countries: US\n        when",
     "`countries` must be a list of country codes, for example [SE] or [NO, DK]"),
    ("countries: [US]\n        when", "countries: [se]\n        when",
     "`se` is not a country code"),
    ("- Tick everything that may be entered.", "- {text: Tick everything., country: [SE]}",
     "`help` is text, or a list whose parts are text or {text: ..., countries: [...]}"),
    ('{ref: "OSL (2009:400)", countries: [SE]}', '{ref: "OSL (2009:400)", land: [SE]}',
     "`refs` is a list of references, each text or {ref: ..., countries: [...]}"),
    ("- Tick everything that may be entered.", "- {text: Tick., countries: [NO]}",
     ("every part of `help` belongs to some countries: give at least one part for every "
      "country")),
])
def test_the_loader_names_a_misused_country_condition(write_questionnaire, old, new, message):
    problems = _problems(write_questionnaire, (old, new))
    assert len(problems) == 1 and message in problems[0], problems
    assert re.match(r"\d+: question `data\.(cjis|fed_in)`", problems[0])


def test_a_yes_no_choice_cannot_be_offered_by_country(write_questionnaire):
    problems = _problems(write_questionnaire, (
        "        type: yesno\n        text: Is secret information entered?",
        ("        type: yesno\n        text: Is secret information entered?\n"
         "        choices:\n          - {value: 'yes', countries: [SE]}")))
    line = SECTIONS.splitlines().index("        text: Is secret information entered?") + 3
    assert problems == [(f"{line + HEADER_LINES}: question `data.secret`, choice `yes`: only "
                         "the choices of single and multi questions are offered by country")]


def test_validate_reports_a_misused_country_condition(write_questionnaire):
    bad = write_questionnaire(SECTIONS.replace("countries: [US]\n        when",
                                               "countries: [XX]\n        when"), name="bad.yaml")
    code, _out, err = call("validate", str(bad))
    assert code == 1
    assert "`XX` is not a country code" in err and "question `data.cjis`" in err
    assert re.search(r"bad\.yaml.*line \d+", err), err


def test_the_shipped_questionnaire_names_no_other_countrys_law_for_every_country(shipped):
    # Every text naming a country's law carries that country: the English of what a Finnish
    # assessment is shown names none of them.
    foreign = re.compile(r"OSL|CJIS|Wis\. Stat|Wisconsin|personnummer|fødselsnummer|CPR|"
                         r"social security|Datatilsynet|IMY|Swed|Norw|Danish|förvaltningslagen|"
                         r"forvaltningsloven|kommunallagen")
    shown = []
    for x in shipped.questions:
        if not x.asked_in("FI"):
            continue
        shown += [content.question_help(x, "FI"), content.measure_text(x, "FI"),
                  *x.refs_in("FI"),
                  *(content.choice_label(x, v, "FI") for v in x.offered("FI"))]
    for section in shipped.sections:
        shown.append(content.section_intro(section, "FI"))
    for risk in shipped.risks:
        shown += list(risk.refs_in("FI"))
    named = sorted({m.group(0) for text in shown for m in [foreign.search(text)] if m})
    # The DPIA section's introduction says which national lists riskkit follows, and the
    # data-ethics section where its questions come from: both true for every country.
    intros = {content.section_intro(s, "FI") for s in shipped.sections}
    assert all(any(n in i for i in intros) for n in named), named


# --- the interview -----------------------------------------------------------------------------

def _asked(q, qid: str, country: str, term) -> str:  # noqa: F811
    term.type("?")
    term.when("press ? again to hide the help", " ", ENTER)
    terminal.ask(q.by_id[qid], country=country)
    return " ".join(term.screen().split())  # help and references are folded to the screen


@pytest.mark.parametrize("country,shown,hidden", [
    ("DK", ["(CPR number)"], ["personnummer", "fødselsnummer", "social security", "CJIS",
                              "OSL"]),
    ("SE", ["(personnummer or samordningsnummer)", "OSL (2009:400)"],
     ["CPR", "fødselsnummer", "social security", "CJIS"]),
    ("NO", ["(fødselsnummer or D number)"], ["CPR", "personnummer", "CJIS", "OSL"]),
    ("US", ["or social security numbers", "(CJIS)", "CJIS Security Policy"],
     ["CPR", "personnummer", "fødselsnummer", "OSL"]),
])
def test_the_interview_shows_a_countrys_own_law_only(shipped, term, country,  # noqa: F811
                                                     shown, hidden):
    screen = _asked(shipped, "data.fed_in", country, term)
    for text in shown:
        assert text in screen, text
    for text in hidden:
        assert text not in screen, text


def test_the_interview_offers_a_choice_only_in_its_country(cq, term):  # noqa: F811
    screen = _asked(cq, "data.fed_in", "DK", term)
    assert "Police records" in screen and "Social security numbers" not in screen
    assert "(CJIS)" not in screen and "OSL" not in screen
    assert "Tick everything that may be entered." in screen


def test_the_help_of_a_swedish_rule_is_shown_in_sweden_only(shipped, term):  # noqa: F811
    screen = _asked(shipped, "data.secrecy_check", "SE", term)
    assert "In Sweden, the Public Access to Information and Secrecy Act" in screen
    assert "OSL (2009:400) 10 kap. 2 a §" in screen


def test_the_help_of_a_swedish_rule_is_not_shown_in_denmark(shipped, term):  # noqa: F811
    screen = _asked(shipped, "data.secrecy_check", "DK", term)
    assert "Check the rules on secrecy" in screen
    assert "Sweden" not in screen and "OSL" not in screen


def test_a_us_only_question_is_a_step_in_the_us_only(shipped):
    # CJIS is US law: with police records entered (or not known), the CJIS question is a step
    # of a US interview, never of a Danish one.
    for value in (["cjis"], DONT_KNOW):
        steps = {c: [x.id for x in answers_mod.relevant_questions(
            shipped, _answers(shipped, c, data__fed_in=value))] for c in ("US", "DK")}
        assert "data.cjis" in steps["US"] and "data.cjis" not in steps["DK"]


def test_changing_the_country_in_the_review_asks_again_a_choice_not_offered(cq):
    session = Session.start(cq, _answers(cq, "US", data__fed_in=["ssn"], data__cjis="yes",
                                         data__secret="no"), describe=False)
    assert session.current is None  # the review: nothing open
    session.change("country")
    session.answer("DK")
    # `ssn` is offered in the US only: the answer is dropped and the question asked again.
    assert "data.fed_in" not in session.answers.values
    assert session.current is not None and session.current.id == "data.fed_in"
    assert "data.cjis" not in session.answers.values


def test_the_interview_says_which_answers_a_new_country_left_out(cq, tmp_path):
    # The person is told, not left to wonder why a question comes again.
    from riskkit.cli.commands.assess import Draft, Interviewer

    class Prompts:
        BACK = object()

        def __init__(self):
            self.said: list[str] = []

        def ask_meta(self, *args, **kwargs):
            return "DK"

        def say(self, text="", style=""):
            self.said.append(text)

        def show_section(self, *args):
            pass

        def progress_text(self, progress):
            return ""

    session = Session.start(cq, _answers(cq, "US", data__fed_in=["ssn", "police"],
                                         data__cjis="yes", data__secret="no"), describe=False)
    session.change("country")
    fake = Prompts()
    interviewer = Interviewer(session, Draft(tmp_path / "draft.yaml"), fake, dt.date(2026, 3, 5))
    interviewer._meta(session.current)  # the country field, opened from the review
    assert fake.said == [("Answers that belong to another country's law were left out for "
                          "DK: data.fed_in, data.cjis. What is still asked comes again.")]


# --- answers files ------------------------------------------------------------------------------

def _file(q, country: str, fed_in: str) -> str:
    return textwrap.dedent(f"""\
        schema: 1
        questionnaire: {{id: test, version: 1.0.0, hash: {q.content_hash}}}
        language: en
        meta: {{system: S, country: {country}, date: 2026-03-05}}
        answers:
          data.fed_in: {fed_in}
          data.secret: "no"
        """)


def test_an_old_answer_naming_a_choice_not_offered_is_a_notice_not_a_crash(cq):
    loaded = answers_mod.loads(_file(cq, "DK", "[open, ssn]"), "a.yaml", cq)
    assert "data.fed_in" not in loaded.answers.values
    (notice,) = loaded.notices
    assert (notice.file, notice.line) == ("a.yaml", 6)
    assert "`ssn`: offered only for US, and this assessment is for DK (meta.country)" in \
        notice.message
    assert "don't know" in notice.message
    # Scored as not known: never the benign branch for the choice that was left out.
    us = score(cq, answers_mod.loads(_file(cq, "US", "[open, ssn]"), "a.yaml", cq).answers)
    dk = score(cq, loaded.answers)
    assert "data.fed_in" in dk.unanswered
    unknown = score(cq, _answers(cq, "DK", data__fed_in=DONT_KNOW, data__secret="no"))
    assert [r.inherent for r in dk.risks] == [r.inherent for r in unknown.risks]
    assert "data.fed_in" not in us.unanswered


def test_score_names_the_answer_left_out_and_exits_0(cq, tmp_path, write_questionnaire):
    path = tmp_path / "old.yaml"
    path.write_text(_file(cq, "DK", "[ssn]"), encoding="utf-8")
    code, out, err = call("score", str(path), "--questionnaire", cq.path, "--json")
    assert code == 0, err
    assert "old.yaml" in err and "offered only for US" in err
    assert json.loads(out)["verdicts"]


def test_dont_know_counts_only_the_choices_offered_in_the_country(cq):
    # The worse answer counts for "don't know", but only among what a person there could
    # choose: a Danish "don't know" is not scored as US social security numbers.
    def consequence(country: str) -> int:
        result = score(cq, _answers(cq, country, data__fed_in=DONT_KNOW, data__secret="no"))
        return next(r for r in result.risks if r.id == "confidential_data_leakage"
                    ).inherent.consequence.value
    assert consequence("US") == consequence("DK") + 2


# --- the report, the JSON and the terminal summary ----------------------------------------------

def test_measures_carry_their_countrys_law_only(cq):
    def measure(country: str) -> str:
        result = score(cq, _answers(cq, country, data__fed_in=["police"], data__cjis="no",
                                    data__secret="yes"))
        return " | ".join(sorted(m.text for m in result.measures))
    assert measure("SE") == ("Stop entering secret information. In Sweden, the test is OSL 10 "
                             "kap. 2 a §.")
    assert measure("DK") == "Stop entering secret information."
    assert measure("US") == ("Keep police records out of the system unless they are protected. "
                             "Follow the CJIS Security Policy. | Stop entering secret "
                             "information.")


@pytest.mark.parametrize("country,shown,hidden", [
    ("DK", [], ["OSL"]),
    ("SE", ["In Sweden, the test is OSL 10 kap. 2 a §."], []),
])
def test_score_json_measures_of_the_shipped_questionnaire(tmp_path, country, shown, hidden):
    src = (EXAMPLES / "da-cv-screening.yaml").read_text(encoding="utf-8")
    src = src.replace("country: DK", f"country: {country}", 1)
    src = re.sub(r"(\n  data\.fed_in:)[^\n]*(\n    - [^\n]*)*", r"\1 [internal, secret]", src,
                 count=1)
    src = re.sub(r"\n  data\.secrecy_check:[^\n]*", "", src)
    path = tmp_path / "a.yaml"
    path.write_text(src, encoding="utf-8")
    done = subprocess.run([RISKKIT, "score", "--json", "--lang", "en", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    texts = [m["text"] for m in json.loads(done.stdout)["measures"]
             if m["source"] == "data.secrecy_check"]
    assert texts, "the secrecy measure is proposed"
    for text in shown:
        assert text in texts[0]
    for text in hidden:
        assert text not in texts[0]


def test_the_html_report_shows_the_assessment_countrys_law_only(shipped):
    def html(country: str) -> str:
        answers = _answers(shipped, country, data__fed_in=["identifiers", "secret", "cjis"],
                           data__secrecy_check="no")
        return report.render_html(shipped, answers, score(shipped, answers), lang="en")
    dk, se, us = html("DK"), html("SE"), html("US")
    assert "(CPR number)" in dk and "(CPR number)" not in se
    for foreign in ("OSL", "CJIS", "personnummer", "social security"):
        assert foreign not in dk, foreign
    assert "OSL 2009:400" in se and "In Sweden, the test is OSL 10 kap. 2 a §." in se
    assert "CJIS Security Policy" in us and "social security numbers" in us and "OSL" not in us


# --- the national DPIA lists (GDPR Art. 35(4)) -------------------------------------------------

def _dpia(q, country: str):
    answers = _answers(q, country, data__personal="yes", data__fed_in=["resident_data"])
    return score(q, answers)


@pytest.mark.parametrize("country", ["FI", "DE", "GB", ""])
def test_a_country_without_a_national_list_in_riskkit_is_told_it_was_not_checked(
        shipped, country):
    # GDPR Art. 35(4): each supervisory authority establishes its own list. "No list item
    # met" must not read as "checked": the reason says the country's list was not checked
    # and names the lists riskkit checks, among the first reasons, so the summaries (which
    # show the first ones) say it too.
    result = _dpia(shipped, country)
    dpia = result.verdicts.dpia
    first = dpia.reasons[:2]
    told = [r for r in first if "GDPR Art. 35(4)" in r.refs and "DPIA list" in r.text
            and "was checked" not in r.text.replace("no national DPIA list was checked", "")]
    assert told, [r.text for r in dpia.reasons]
    for checked in ("Norway (Datatilsynet)", "Sweden (Integritetsskyddsmyndigheten (IMY))",
                    "Denmark (Datatilsynet)"):
        assert checked in told[0].text
    assert dpia.details["national_list"] == {"checked": False, "lists": ["DK", "NO", "SE"]}
    assert any(told[0].text in line for line in summary.lines(shipped, result))


@pytest.mark.parametrize("country", ["NO", "SE", "DK", "US"])
def test_a_country_whose_list_is_checked_or_has_none_is_not_told_so(shipped, country):
    dpia = _dpia(shipped, country).verdicts.dpia
    assert not any("not checked" in r.text for r in dpia.reasons)
    assert dpia.details["national_list"]["checked"] is (country != "US")


def test_the_pdf_summary_says_the_national_list_was_not_checked(shipped):
    answers = _answers(shipped, "FI", data__personal="yes", data__fed_in=["resident_data"])
    html = report.render_html(shipped, answers, score(shipped, answers), lang="en")
    summary_page = html.split('class="reasons-short"', 1)[1].split("</ul>", 1)[0]
    assert "The national DPIA list of Finland" in summary_page
    assert "Norway (Datatilsynet)" in summary_page


def test_the_not_checked_reason_is_translated(shipped):
    i18n.activate("nb")
    text = _dpia(shipped, "FI").verdicts.dpia.reasons[0].text
    assert "Finland" in text and "Norge (Datatilsynet)" in text and "not checked" not in text

