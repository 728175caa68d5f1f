"""Answers files: checked against the questionnaire, every problem named, nothing lost."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from riskkit.core import answers as A
from riskkit.errors import ProblemsError


def answers_text(mini, body: str, version: str | None = None) -> str:
    return textwrap.dedent(f"""\
        schema: 1
        questionnaire: {{id: test, version: {version or mini.version}, hash: {mini.content_hash}}}
        language: nb
        meta:
          system: Chatbot
          organisation: Kommune
          country: no
          date: 2026-03-05
        """) + textwrap.dedent(body)


def test_loads_and_normalises(mini):
    text = answers_text(
        mini,
        """\
        answers:
          data.personal: yes
          data.special: no
          data.kinds: [health, location]
          security.maturity: 4
          security.note: "Free text: <b>kept as text</b>"
        comments:
          data.special: "Checked with the DPO"
        """,
    )
    loaded = A.loads(text, "a.yaml", mini)
    a = loaded.answers
    assert a.values["data.personal"] == "yes"  # `yes` stays a string, never a boolean
    assert a.values["data.special"] == "no"
    assert a.values["data.kinds"] == ["health", "location"]
    assert a.meta.country == "NO" and a.meta.date == dt.date(2026, 3, 5)
    assert a.language == "nb" and a.comments == {"data.special": "Checked with the DPO"}
    assert loaded.notices == ()


def test_every_problem_is_named_with_line(mini):
    text = answers_text(
        mini,
        """\
        answers:
          data.personal: maybe
          data.kinds: [health, none]
          ghost.question: yes
          security.maturity: 9
        comments:
          nowhere: hi
        """,
    ).replace("  date: 2026-03-05", "  date: 5 March\n  colour: blue")
    with pytest.raises(ProblemsError) as info:
        A.loads(text, "a.yaml", mini)
    got = {(p.line, p.where): p.message for p in info.value.problems}
    assert got[(8, "meta.date")] == "not a date; write it as 2026-03-05"
    assert "unknown field" in got[(9, "meta.colour")]
    assert got[(11, "answer to `data.personal`")] == "`maybe` is not one of: yes, no, dont_know"
    assert got[(12, "answer to `data.kinds`")] == "`none` cannot be combined with other choices"
    assert "no such question" in got[(13, "answer to `ghost.question`")]
    assert "is not one of: 1, 2, 3, 4, 5, dont_know" in got[(14, "answer to `security.maturity`")]
    assert got[(16, "comment on `nowhere`")] == "no such question"
    assert len(got) == 7


def test_other_questionnaire_is_refused(mini):
    text = answers_text(mini, "answers: {}\n").replace("id: test", "id: other")
    with pytest.raises(ProblemsError, match="written for questionnaire `other`"):
        A.loads(text, "a.yaml", mini)


def test_older_version_loads_with_a_report_of_what_no_longer_fits(mini):
    text = answers_text(
        mini,
        """\
        answers:
          data.personal: yes
          old.question: yes
          security.review: sometimes
        """,
        version="0.9.0",
    )
    loaded = A.loads(text, "a.yaml", mini)
    assert loaded.answers.values == {"data.personal": "yes"}
    messages = [str(n) for n in loaded.notices]
    assert "written for version 0.9.0; this is version 1.0.0" in messages[0]
    assert any("`old.question`" in m and "no such question" in m for m in messages)
    assert any("`security.review`" in m and "`sometimes` is not one of" in m for m in messages)


def test_save_drops_answers_to_questions_not_asked(mini):
    a = (
        A.Answers.new(mini)
        .with_answer("data.personal", "no")
        .with_answer("data.special", "yes")
        .with_comment("data.special", "stale")
    )
    data = A.to_data(mini, a)
    assert data["answers"] == {"data.personal": "no"} and data["comments"] == {}


def test_round_trip(mini):
    meta = A.Meta(
        id="RK-1",
        system="Søknadsrobot «æøå»",
        organisation="Malmö stad",
        country="SE",
        date=dt.date(2026, 1, 2),
        next_review=dt.date(2027, 1, 2),
    )
    a = A.Answers.new(mini, "sv", meta)
    for qid, value in {
        "data.personal": "yes",
        "data.special": "dont_know",
        "data.kinds": ["location"],
        "security.maturity": 3,
        "security.note": "no\nyes: {{ x }}",
    }.items():
        a = a.with_answer(qid, value)
    a = a.with_comment("data.kinds", "Only in pilot")
    back = A.loads(A.dumps(mini, a), "x.yaml", mini).answers
    assert back.values == a.values and back.comments == a.comments and back.meta == meta
    assert back.language == "sv"


def test_unanswered_follows_conditions(mini):
    a = A.Answers.new(mini).with_answer("data.personal", "no")
    ids = [q.id for q in A.unanswered(mini, a)]
    assert "data.special" not in ids and ids[0] == "security.mfa"
    a = a.with_answer("data.personal", "dont_know")
    assert [q.id for q in A.unanswered(mini, a)][:2] == ["data.special", "data.kinds"]


def test_assessment_id_is_stable(mini):
    meta = A.Meta(system="S", organisation="O", date=dt.date(2026, 3, 5))
    assert meta.assessment_id() == meta.assessment_id()
    assert meta.assessment_id().startswith("RK-2026-")
    assert A.Meta(id="RK-X").assessment_id() == "RK-X"


@pytest.mark.parametrize("country, ok", [("no", True), ("DK", True), ("Norway", False),
                                         ("N0", False), ("Sverige", False)])
def test_country_must_be_a_two_letter_code(mini, country, ok):
    # The verdicts read the code: a name instead of a code would silently turn the GDPR
    # verdicts into "guidance only" and skip the national DPIA list.
    text = answers_text(mini, "answers: {}\n").replace("country: no", f"country: {country}")
    if ok:
        assert A.loads(text, "a.yaml", mini).answers.meta.country == country.upper()
        return
    with pytest.raises(ProblemsError) as info:
        A.loads(text, "a.yaml", mini)
    assert [(p.line, p.where, p.message) for p in info.value.problems] == [
        (7, "meta.country", "Write the two-letter country code, for example NO, SE or DK.")]


def test_dont_know_answers_a_text_question_and_counts_as_not_known(mini):
    """A text question's "don't know" is kept as the shared value, shown as "Don't know" and
    listed among the answers not known, like any other question's (it was refused before)."""
    from riskkit import i18n
    from riskkit.core.values import DONT_KNOW, is_unknown
    from riskkit.i18n import content

    loaded = A.loads(answers_text(mini, """\
        answers:
          data.personal: no
          security.note: dont_know
        """), "a.yaml", mini)
    value = loaded.answers.values["security.note"]
    assert value == DONT_KNOW and is_unknown(value)
    with i18n.using("nb"):
        assert content.answer_text(mini.by_id["security.note"], value, "NO") == "Vet ikke"
    assert A.unanswered(mini, loaded.answers) == A.unanswered(
        mini, loaded.answers.with_answer("security.note", "written"))  # an answer all the same


def test_the_report_lists_a_text_dont_know_among_the_answers_not_known(mini):
    report = pytest.importorskip("riskkit.report")
    from riskkit.core.scoring import score

    answers = A.loads(answers_text(mini, """\
        answers:
          data.personal: no
          security.mfa: yes
          security.review: all
          security.maturity: 3
          security.note: dont_know
        """), "a.yaml", mini).answers
    context = report.build_context(mini, answers, score(mini, answers), lang="en")
    rows = {r["id"]: r for s in context["sections"] for r in s["questions"]}
    assert rows["security.note"]["unknown"] and rows["security.note"]["answer"] == "Don't know"
    assert rows["security.note"]["number"] in context["not_known"]
