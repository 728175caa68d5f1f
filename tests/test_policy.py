"""Policy packs on the mini questionnaire (tests/conftest.py): loading and its errors, clause
statuses reasoned by hand, measures for clauses not met, resolving ids and paths, meta.policy
and the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import textwrap
from pathlib import Path

import pytest

from riskkit.cli.env import Environment
from riskkit.cli.main import main
from riskkit.core import answers as A
from riskkit.core import policy
from riskkit.core.answers import Answers, Meta
from riskkit.core.scoring import score
from riskkit.errors import ProblemsError, RiskkitError
from riskkit.load import policy as policy_packs
from riskkit.load import questionnaire
from tests.helpers import MINI_SECTIONS

DAY = dt.date(2026, 3, 5)

# Against the mini questionnaire: data.personal (yesno), data.special (yesno, asked when
# may personal), data.kinds (multi health/location/none, asked when may personal),
# security.mfa (yesno), security.review (single all/sample/none), security.maturity (scale
# 1-5), security.note (text).
PACK = """\
id: test-pack
title: Test policy
organisation: Testby kommune
language: en
source: Testby kommune, AI policy (2026)
clauses:
  - id: mfa
    ref: "§ 1"
    text: Strong authentication is always used.
    strength: must
    wording: is always used
    owner: it
    risks: [security_breach]
    requires:
      - {question: security.mfa, in: ["yes"]}
  - id: no_health
    text: No health data goes into AI.
    strength: must
    wording: No health data
    risks: [harm_to_people, security_breach]
    applies: "may('data.personal', 'yes')"
    requires:
      - {question: data.kinds, none_of: [health]}
  - id: review
    text: Outputs are reviewed, and the supplier is mature.
    strength: should
    wording: are reviewed
    requires:
      - {question: security.review, in: [all, sample]}
      - {question: security.maturity, in: [4, 5]}
  - id: method
    text: The assessment follows the NIST AI RMF.
    strength: must
    wording: follows
    requires: []
  - id: location
    text: Location data, and nothing else, may be used.
    strength: must
    wording: nothing else
    applies: "may('data.personal', 'yes')"
    requires:
      - {question: data.kinds, in: [location, none]}
      - {question: data.kinds, any_of: [location]}
  - id: special
    text: Special categories are never processed.
    strength: must
    wording: never
    requires:
      - {question: data.special, in: ["no"]}
"""


@pytest.fixture
def mini_path(write_questionnaire) -> Path:
    return write_questionnaire(MINI_SECTIONS)


@pytest.fixture
def mini_q(mini_path):
    return questionnaire.load(mini_path)


@pytest.fixture
def write_pack(tmp_path):
    def write(text: str, name: str = "pack.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def pack(write_pack, mini_q):
    return policy_packs.load(write_pack(PACK), mini_q)


def answers_for(q, **values) -> Answers:
    answers = Answers.new(q, meta=Meta(system="S", organisation="O", country="NO", date=DAY))
    for qid, value in values.items():
        answers = answers.with_answer(qid.replace("__", "."), value)
    return answers


def statuses(result) -> dict[str, str]:
    return {c.id: c.status for c in result.clauses}


def behind(result, clause_id) -> list[tuple]:
    clause = next(c for c in result.clauses if c.id == clause_id)
    return [(a.question, a.value, a.outcome) for a in clause.answers]


# --- loading ----------------------------------------------------------------------------------


def test_load_builds_the_model(pack):
    assert (pack.id, pack.title, pack.organisation, pack.language) == (
        "test-pack", "Test policy", "Testby kommune", "en")
    assert [c.id for c in pack.clauses] == [
        "mfa", "no_health", "review", "method", "location", "special"]
    mfa = pack.clause_by_id["mfa"]
    assert (mfa.ref, mfa.owner, mfa.risks, mfa.line) == ("§ 1", "it", ("security_breach",), 7)
    assert mfa.requires[0].allowed == ("yes",)
    assert pack.clause_by_id["review"].requires[1].allowed == ("4", "5")
    assert pack.clause_by_id["no_health"].applies.refs == {"data.personal"}
    assert pack.content_hash.startswith("sha256:")


BAD = """\
id: Bad Pack
title: Bad
organisation: Testby
language: de
source: nowhere
colour: red
clauses:
  - id: one
    text: One.
    strength: shall
    wording: two words
    owner: mayor
    risks: [harmful_bias, meteor_strike]
    applies: "may('data.personal', 'yes') and may('data.nothing', 'x')"
    requires:
      - {question: data.nope, in: ["yes"]}
      - {question: security.review, in: [all, some]}
      - {question: security.review, any_of: [all]}
      - {question: security.note, in: [x]}
      - {question: security.mfa}
      - {question: security.maturity, in: [0, 5], size: 2}
  - id: one
    text: Again.
    applies: "__import__('os')"
  - id: Two
    text: Two.
    requires: {question: security.mfa}
"""


def test_every_problem_is_named_with_file_line_and_field(write_pack, mini_q):
    path = write_pack(BAD, "bad.yaml")
    problems = [str(p) for p in policy_packs.validate(path, mini_q)]
    f = str(path)
    expected = [
        f"{f} line 1: id: a pack id is lowercase letters and digits, joined by - or _",
        f"{f} line 4: language: unknown language `de` (allowed: nb, sv, da, en)",
        f"{f} line 6: unknown field `colour` (allowed: clauses, id, language, organisation, "
        "source, title)",
        f"{f} line 12: clause `one`: unknown role `mayor` (roles: department_head, "
        "system_owner, ciso, dpo, it, legal, procurement)",
        f"{f} line 13: clause `one`: unknown risk `meteor_strike`",
        f"{f} line 10: clause `one`: unknown strength `shall` (allowed: must, should, example)",
        f"{f} line 11: clause `one`: `wording` must quote words of the clause's `text` (“two "
        "words” is not in it)",
        f"{f} line 22: clause `one`: field `strength` is missing",
        f"{f} line 22: clause `one`: field `wording` is missing",
        f"{f} line 25: clause `Two`: field `strength` is missing",
        f"{f} line 25: clause `Two`: field `wording` is missing",
        f"{f} line 14: clause `one`: condition `applies` refers to unknown question "
        "`data.nothing`",
        f"{f} line 16: clause `one`, requirement on `data.nope`: unknown question `data.nope`",
        f"{f} line 17: clause `one`, requirement on `security.review`: `some` is not a value "
        "of question `security.review` (values: all, sample, none)",
        f"{f} line 18: clause `one`, requirement on `security.review`: `any_of` is for multi "
        "questions; `security.review` is single: use `in`",
        f"{f} line 19: clause `one`, requirement on `security.note`: `security.note` is a text "
        "question; requirements need a closed question (yesno, single, multi, scale)",
        f"{f} line 20: clause `one`, requirement on `security.mfa`: a requirement needs `in`, "
        "`any_of` or `none_of`",
        f"{f} line 21: clause `one`, requirement on `security.maturity`: unknown field `size` "
        "(allowed: any_of, applies, if_asked, in, none_of, question)",
        f"{f} line 21: clause `one`, requirement on `security.maturity`: `0` is not a value of "
        "question `security.maturity` (values: 1, 2, 3, 4, 5)",
        f"{f} line 22: clause `one`: duplicate clause id (first at line 8)",
        f"{f} line 22: clause `one`: field `requires` is missing (write `requires: []` for a "
        "clause that carrying out the assessment itself meets)",
        f"{f} line 24: clause `one`: condition `applies`: only the functions may, chose, "
        "unknown, answered, fact may be called",
        f"{f} line 25: clause `Two`: an id is lowercase letters, digits and underscores, "
        "joined by dots",
        f"{f} line 27: clause `Two`: field `requires` must be a list of requirements",
    ]
    assert sorted(problems) == sorted(expected)
    with pytest.raises(ProblemsError) as info:
        policy_packs.load(path, mini_q)
    assert [str(p) for p in info.value.problems] == problems


@pytest.mark.parametrize("text, expected", [
    ("id: x\nclauses: [\n", "line 3: not valid YAML"),
    ("- a list\n", "line 1: expected a mapping of fields"),
    ("id: x\ntitle: X\norganisation: O\nlanguage: en\nsource: S\nclauses: []\n",
     "line 6: field `clauses` must be a non-empty list"),
    ("id: x\nlanguage: en\nsource: S\nclauses:\n  - {id: a, text: A, requires: []}\n",
     "line 1: field `title` is missing"),
])
def test_malformed_files(write_pack, mini_q, text, expected):
    problems = [str(p) for p in policy_packs.validate(write_pack(text), mini_q)]
    assert any(expected in p for p in problems), problems


def test_missing_file(tmp_path, mini_q):
    with pytest.raises(ProblemsError, match="file not found"):
        policy_packs.load(tmp_path / "nope.yaml", mini_q)


# --- evaluation: statuses reasoned by hand ---------------------------------------------------


def test_benign_answers(pack, mini_q):
    result = policy.evaluate(pack, mini_q, answers_for(
        mini_q, data__personal="no", security__mfa="yes", security__review="all",
        security__maturity=5))
    assert statuses(result) == {
        "mfa": "met",
        "no_health": "not_applicable",  # no personal data
        "review": "met",
        "method": "met",  # no requirements: met by making the assessment
        "location": "not_applicable",
        # applies always, but data.special is asked only when personal data may be processed
        "special": "unknown",
    }
    assert behind(result, "mfa") == [("security.mfa", "yes", "holds")]
    assert behind(result, "no_health") == [("data.personal", "no", "condition")]
    assert behind(result, "review") == [
        ("security.review", "all", "holds"), ("security.maturity", 5, "holds")]
    assert behind(result, "method") == []
    assert behind(result, "special") == [("data.special", None, "not_asked")]
    assert result.counts == {"met": 3, "not_met": 0, "unknown": 1, "not_applicable": 2}
    assert (result.id, result.title, result.organisation, result.language) == (
        "test-pack", "Test policy", "Testby kommune", "en")


def test_known_failures_decide_even_with_unknown_answers(pack, mini_q):
    result = policy.evaluate(pack, mini_q, answers_for(
        mini_q, data__personal="yes", data__special="no", data__kinds=["health", "location"],
        security__mfa="no", security__review="none", security__maturity="dont_know"))
    assert statuses(result) == {
        "mfa": "not_met",
        "no_health": "not_met",  # health is chosen
        # review fails on `none`; the unknown maturity cannot rescue it
        "review": "not_met",
        "method": "met",
        "location": "not_met",  # health is outside [location, none]
        "special": "met",
    }
    assert behind(result, "review") == [("security.review", "none", "fails")]
    assert behind(result, "location") == [("data.kinds", ["health", "location"], "fails")]
    assert behind(result, "no_health") == [("data.kinds", ["health", "location"], "fails")]


def test_dont_know_and_missing_answers_make_a_clause_unknown(pack, mini_q):
    result = policy.evaluate(pack, mini_q, answers_for(
        mini_q, data__personal="dont_know", security__mfa="dont_know", security__review="sample",
        security__maturity=4))
    assert statuses(result) == {
        "mfa": "unknown",
        # may('data.personal', 'yes') holds on don't know: the clause applies, and data.kinds
        # is asked but not answered
        "no_health": "unknown",
        "review": "met",
        "method": "met",
        "location": "unknown",
        "special": "unknown",  # asked (may), not answered
    }
    assert behind(result, "mfa") == [("security.mfa", "dont_know", "unknown")]
    assert behind(result, "no_health") == [("data.kinds", None, "unknown")]
    assert behind(result, "location") == [
        ("data.kinds", None, "unknown"), ("data.kinds", None, "unknown")]


IF_ASKED_PACK = """\
id: if-asked
title: T
organisation: O
language: en
source: S
clauses:
  - id: no_special
    text: No special categories, and strong authentication.
    strength: must
    wording: No special categories
    requires:
      - {question: data.special, in: ["no"], if_asked: true}
      - {question: security.mfa, in: ["yes"]}
"""


@pytest.mark.parametrize("values, status, answers", [
    # data.special is not asked when no personal data is processed: the requirement holds,
    # and the answer behind it says the question was not asked.
    (dict(data__personal="no", security__mfa="yes"), "met",
     [("data.special", None, "not_asked"), ("security.mfa", "yes", "holds")]),
    # asked and answered: decided as usual
    (dict(data__personal="yes", data__special="yes", security__mfa="yes"), "not_met",
     [("data.special", "yes", "fails")]),
    (dict(data__personal="yes", data__special="no", security__mfa="yes"), "met",
     [("data.special", "no", "holds"), ("security.mfa", "yes", "holds")]),
    # asked (personal data not known) but not known: still unknown, never met
    (dict(data__personal="dont_know", security__mfa="yes"), "unknown",
     [("data.special", None, "unknown")]),
    # the other requirement still decides
    (dict(data__personal="no", security__mfa="no"), "not_met", [("security.mfa", "no", "fails")]),
])
def test_if_asked_requirement_holds_only_when_its_question_is_not_asked(
        write_pack, mini_q, values, status, answers):
    pack = policy_packs.load(write_pack(IF_ASKED_PACK), mini_q)
    result = policy.evaluate(pack, mini_q, answers_for(mini_q, **values))
    assert statuses(result) == {"no_special": status}
    assert behind(result, "no_special") == answers


def test_if_asked_requirement_on_a_question_the_questionnaire_lacks_is_undecided(
        write_pack, mini_q):
    """Scored with a questionnaire without the question (an older version), nobody was
    asked: the clause stays unknown rather than met."""
    pack = policy_packs.load(write_pack(IF_ASKED_PACK), mini_q)
    older = dataclasses.replace(mini_q, sections=tuple(
        dataclasses.replace(s, questions=tuple(q for q in s.questions if q.id != "data.special"))
        for s in mini_q.sections))
    assert "data.special" not in older.by_id
    result = policy.evaluate(pack, older, answers_for(older, data__personal="no",
                                                      security__mfa="yes"))
    assert statuses(result) == {"no_special": "unknown"}
    assert behind(result, "no_special") == [("data.special", None, "not_asked")]


def test_if_asked_must_be_true_or_false(write_pack, mini_q):
    text = IF_ASKED_PACK.replace("if_asked: true", "if_asked: sometimes")
    problems = [str(p) for p in policy_packs.validate(write_pack(text), mini_q)]
    assert problems == [
        f"{write_pack(text)} line 12: clause `no_special`, requirement on `data.special`: "
        "field `if_asked` must be true or false"], problems


@pytest.mark.parametrize("kinds, expected", [
    (["location"], "met"),
    (["none"], "not_met"),  # in [location, none] holds, any_of [location] fails
    (["location", "health"], "not_met"),  # any_of holds, in fails
    ("dont_know", "unknown"),
])
def test_multi_requirements(pack, mini_q, kinds, expected):
    result = policy.evaluate(pack, mini_q, answers_for(mini_q, data__personal="yes",
                                                       data__kinds=kinds))
    assert statuses(result)["location"] == expected


def test_text_in_the_active_language_falls_back_to_the_policys_words(pack, mini_q):
    result = policy.evaluate(pack, mini_q, answers_for(mini_q))
    assert result.clauses[0].text == "Strong authentication is always used."
    assert result.clauses[0].ref == "§ 1"
    assert policy.status_label("not_met") == "not met"


# --- scoring: clauses not met become measures ----------------------------------------------


def test_not_met_clauses_become_measures(pack, mini_q):
    answers = answers_for(mini_q, data__personal="yes", data__special="no",
                          data__kinds=["health", "location"], security__mfa="no",
                          security__review="none", security__maturity=5)
    result = score(mini_q, answers, pack)
    assert statuses(result.policy) == {"mfa": "not_met", "no_health": "not_met",
                                       "review": "not_met", "method": "met",
                                       "location": "not_met", "special": "met"}
    by_id = {m.id: m for m in result.measures}
    # security_breach: base 1x2, nothing raises it in the mini questionnaire -> low -> 365 days
    mfa = by_id["P-test-pack.mfa"]
    assert (mfa.source, mfa.owner, mfa.risks, mfa.priority, mfa.due) == (
        "policy:test-pack.mfa", "it", ("security_breach",), "low", DAY + dt.timedelta(days=365))
    assert mfa.text == "Meet Test policy, § 1: Strong authentication is always used."
    # harm_to_people: base 1x2, health C+2, location L+1 -> 2x4 = 8 -> medium -> 180 days;
    # the highest level among the clause's risks decides
    health = by_id["P-test-pack.no_health"]
    assert (health.owner, health.priority, health.due) == (
        "department_head", "medium", DAY + dt.timedelta(days=180))
    assert health.text == "Meet Test policy, no_health: No health data goes into AI."
    # no risks named: the lowest level's deadline, owned by the head of department
    review = by_id["P-test-pack.review"]
    assert (review.risks, review.priority, review.owner, review.due) == (
        (), "low", "department_head", DAY + dt.timedelta(days=365))
    # "Outputs are reviewed" is a should: the plan recommends it, it does not call it a duty
    assert review.text == (
        "Recommended by Test policy, review: Outputs are reviewed, and the supplier is mature.")
    assert {"P-test-pack.location"} <= set(by_id)
    assert not {"P-test-pack.method", "P-test-pack.special"} & set(by_id)
    # the practice behind mfa keeps its own measure; both show under the risk
    breach = next(r for r in result.risks if r.id == "security_breach")
    assert {"M-security.mfa", "P-test-pack.mfa", "P-test-pack.no_health"} <= set(breach.measures)
    # the plan stays ordered: highest priority first
    ranks = [mini_q.matrix.rank(m.priority) for m in result.measures]
    assert ranks == sorted(ranks, reverse=True)
    data = result.to_dict()
    assert data["policy"]["clauses"][0] == {
        "id": "mfa", "ref": "§ 1", "text": "Strong authentication is always used.",
        "status": "not_met", "answers": [
            {"question": "security.mfa", "value": "no", "outcome": "fails"}],
        "owner": "it", "risks": ["security_breach"],
        "strength": "must", "wording": "is always used", "interpretation": None}
    assert data["policy"]["counts"] == {"met": 2, "not_met": 4, "unknown": 0,
                                        "not_applicable": 0}


def test_without_a_policy_nothing_changes(pack, mini_q):
    answers = answers_for(mini_q, data__personal="no", security__mfa="no")
    plain, with_pack = score(mini_q, answers), score(mini_q, answers, pack)
    assert plain.policy is None and "policy" not in plain.to_dict()
    assert [m for m in with_pack.measures if not m.source.startswith("policy:")] == list(
        plain.measures)
    assert with_pack.risks[0].inherent == plain.risks[0].inherent


def test_no_measure_without_a_date_has_a_due_date(pack, mini_q):
    answers = Answers.new(mini_q).with_answer("security.mfa", "no")
    measure = next(m for m in score(mini_q, answers, pack).measures if m.id == "P-test-pack.mfa")
    assert measure.due is None


# --- resolving ids and paths --------------------------------------------------------------------


def test_resolve_a_shipped_id_a_path_and_an_id_in_a_policies_folder(write_pack, tmp_path,
                                                                     mini_q):
    kalix = policy_packs.resolve("kalix")
    assert kalix.id == "kalix" and kalix.organisation == "Kalix kommun"
    path = write_pack(PACK)
    assert policy_packs.resolve(str(path), mini_q).id == "test-pack"
    assert policy_packs.resolve("test-pack", mini_q, (tmp_path,)).id == "test-pack"
    with pytest.raises(ProblemsError, match="file not found"):
        policy_packs.resolve(str(tmp_path / "missing.yaml"), mini_q)


def test_an_unknown_id_lists_the_shipped_ones():
    with pytest.raises(RiskkitError) as info:
        policy_packs.resolve("oslo")
    message = str(info.value)
    assert "Policy pack “oslo” is neither shipped with riskkit" in message
    for pid in ("no-kommune-ki", "kalix", "lekeberg", "dk-dataetik", "us-city-ai"):
        assert pid in message
    assert policy_packs.ids() == ["dk-dataetik", "kalix", "lekeberg", "no-kommune-ki", "us-city-ai"]


def test_a_pack_is_checked_against_the_questionnaire_it_is_used_with(mini_q):
    # The shipped packs ask about the default questionnaire's questions.
    problems = policy_packs.validate(policy_packs.policies_dir() / "kalix.yaml", mini_q)
    assert any("unknown question `fairness.bias_sources`" in str(p) for p in problems)


# --- meta.policy in the answers file -------------------------------------------------------


def test_meta_policy_is_kept_in_the_answers_file(mini_q):
    answers = Answers.new(mini_q, meta=Meta(system="S", policy="kalix"))
    text = A.dumps(mini_q, answers)
    assert "policy: kalix" in text
    assert A.loads(text, "a.yaml", mini_q).answers.meta.policy == "kalix"
    # without a pack, the file has no policy field at all
    assert "policy" not in A.to_data(mini_q, Answers.new(mini_q))["meta"]


# --- the command line -------------------------------------------------------------------------


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ={"LANG": "C.UTF-8"})
    code = main(list(argv), env)
    return code, out.getvalue(), err.getvalue()


def _answers_file(tmp_path: Path, policy_line: str = "") -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(
        "schema: 1\nquestionnaire: {id: test, version: 1.0.0}\nlanguage: en\n"
        f"meta: {{system: Chatbot, country: SE, date: 2026-03-05{policy_line}}}\n"
        "answers: {data.personal: 'no', security.mfa: 'no', security.review: all,"
        " security.maturity: 5}\n",
        encoding="utf-8",
    )
    return path


def test_score_with_a_pack_path(write_pack, mini_path, tmp_path):
    pack_path = write_pack(PACK)
    answers = _answers_file(tmp_path)
    code, out, err = call("score", str(answers), "--questionnaire", str(mini_path), "--policy",
                          str(pack_path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["policy"]["id"] == "test-pack"
    assert {c["id"]: c["status"] for c in data["policy"]["clauses"]}["mfa"] == "not_met"
    assert "policy:test-pack.mfa" in [m["source"] for m in data["measures"]]
    code, out, err = call("score", str(answers), "--questionnaire", str(mini_path), "--policy",
                          str(pack_path))
    assert code == 0
    assert "Policy: Test policy (Testby kommune)" in out
    assert "2 met, 1 not met, 1 not known, 2 not applicable" in out
    assert "not met: mfa (§ 1): Strong authentication is always used." in out


def test_score_takes_the_pack_from_meta_policy_by_id_in_the_policies_folder(
        write_pack, mini_path, tmp_path):
    pack_path = write_pack(PACK)
    answers = _answers_file(tmp_path, ", policy: test-pack")
    code, out, err = call("score", str(answers), "--questionnaire", str(mini_path), "--json",
                          "--policies", str(pack_path.parent))
    assert code == 0, err
    assert json.loads(out)["policy"]["id"] == "test-pack"
    code, out, err = call("score", str(answers), "--questionnaire", str(mini_path), "--json")
    assert code == 1 and "Policy pack “test-pack” is neither shipped" in err
    assert "pass --policies DIR" in err
    code, out, err = call("score", str(answers), "--questionnaire", str(mini_path), "--policy",
                          "nope")
    assert code == 1 and "Policy pack “nope” is neither shipped" in err


def test_validate_a_pack_by_path_and_the_shipped_ones(write_pack, mini_path):
    good = write_pack(PACK)
    code, out, err = call("validate", str(good), "--questionnaire", str(mini_path))
    assert code == 0, err
    assert "valid policy pack test-pack (6 clauses)" in out
    bad = write_pack(BAD, "bad.yaml")
    code, out, err = call("validate", str(bad), "--questionnaire", str(mini_path))
    assert code == 1
    assert "bad.yaml line 16: clause `one`, requirement on `data.nope`" in err
    assert "bad.yaml: 24 problems" in err
    code, out, err = call("validate", "--policies")
    assert code == 0, err
    assert "questionnaires/ai.yaml: valid" in out
    for pid in policy_packs.ids():
        assert f"valid policy pack {pid} (" in out


def test_reasons_say_why_in_words(pack, mini_q):
    result = policy.evaluate(pack, mini_q, answers_for(
        mini_q, data__personal="no", security__mfa="dont_know", security__review="none"))
    by_id = {c.id: c for c in result.clauses}
    assert policy.reasons(mini_q, by_id["mfa"], "") == ["Strong authentication? Don't know"]
    assert policy.reasons(mini_q, by_id["review"], "") == ["How are outputs reviewed? Not at all"]
    assert policy.reasons(mini_q, by_id["no_health"], "") == ["Personal data? No"]
    assert policy.reasons(mini_q, by_id["method"], "") == ["Met by carrying out this assessment."]
    assert policy.reasons(mini_q, by_id["special"], "") == [
        "Special categories? not asked with these answers"]
    result = policy.evaluate(pack, mini_q, answers_for(mini_q, data__personal="yes"))
    assert policy.reasons(mini_q, result.clauses[1], "") == ["Which kinds? not answered"]


# --- strength, wording, interpretation --------------------------------------------------------

STRENGTH_PACK = """\
id: strength
title: Strength policy
organisation: O
language: en
source: S
clauses:
  - id: mfa
    text: Strong authentication should be used.
    strength: should
    wording: should be used
    requires:
      - {question: security.mfa, in: ["yes"]}
  - id: risks
    text: Relevant risks can be harm to people.
    strength: example
    wording: can be
    risks: [harm_to_people]
    requires: []
  - id: review
    text: Outputs must be reviewed.
    strength: must
    wording: must be reviewed
    interpretation:
      by: The CISO of O
      text: Reviewed means every output, where personal data is processed.
    requires:
      - question: security.review
        in: [all]
        applies: "may('data.personal', 'yes')"
"""


def test_should_is_a_recommendation_and_example_never_fails(write_pack, mini_q):
    pack = policy_packs.load(write_pack(STRENGTH_PACK), mini_q)
    answers = answers_for(mini_q, data__personal="yes", data__special="no", data__kinds=["none"],
                          security__mfa="no", security__review="sample")
    result = score(mini_q, answers, pack)
    by_id = {c.id: c for c in result.policy.clauses}
    # a should not met keeps its status; the plan recommends it instead of demanding it
    assert (by_id["mfa"].status, by_id["mfa"].strength) == ("not_met", "should")
    assert [m.text for m in result.measures if m.source == "policy:strength.mfa"] == [
        "Recommended by Strength policy, mfa: Strong authentication should be used."]
    # an example names a risk to assess; it is met by that risk being assessed
    assert (by_id["risks"].status, by_id["risks"].strength) == ("met", "example")
    assert policy.reasons(mini_q, by_id["risks"], "") == [
        "An example the policy gives, not a requirement: assessed in the risk assessment as "
        "Harm to people's health, safety or rights."]
    assert "policy:strength.risks" not in {m.source for m in result.measures}
    # the interpretation is kept apart from the policy's words, with whose it is
    review = by_id["review"]
    assert review.text == "Outputs must be reviewed."
    assert (review.interpretation.by, review.interpretation.text) == (
        "The CISO of O", "Reviewed means every output, where personal data is processed.")
    assert review.status == "not_met"
    lines = list(policy.summary_lines(result.policy))
    assert "  not met (recommended): mfa: Strong authentication should be used." in lines
    assert "  not met: review: Outputs must be reviewed." in lines


def test_a_requirement_applies_only_where_its_condition_holds(write_pack, mini_q):
    pack = policy_packs.load(write_pack(STRENGTH_PACK), mini_q)
    answers = answers_for(mini_q, data__personal="no", security__mfa="yes",
                          security__review="sample")
    review = next(c for c in policy.evaluate(pack, mini_q, answers).clauses if c.id == "review")
    # no personal data: "every output" is not asked of this system, and nothing else is
    assert (review.status, review.answers) == ("met", ())


def test_strength_wording_and_interpretation_are_checked(write_pack, mini_q):
    text = (STRENGTH_PACK
            .replace("    requires: []\n",
                     "    requires:\n      - {question: security.mfa, in: [\"yes\"]}\n", 1)
            .replace("wording: must be reviewed", "wording: shall be reviewed")
            .replace("      by: The CISO of O\n", "      who: The CISO of O\n"))
    path = write_pack(text)
    problems = [str(p).split(" line ", 1)[1] for p in policy_packs.validate(path, mini_q)]
    assert problems == [
        "15: clause `risks`: an `example` clause informs the risk assessment and never fails: "
        "give it `requires: []` and name in `risks` the risks it is an example of",
        "23: clause `review`: `wording` must quote words of the clause's `text` (“shall be "
        "reviewed” is not in it)",
        "25: clause `review`, interpretation: unknown field `who` (allowed: by, text)",
        "25: clause `review`, interpretation: field `by` is missing",
    ], problems
