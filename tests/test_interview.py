"""The interview's logic, without a terminal: what is asked next, relevance, progress,
going back, review and change, resume. Every test walks a `Session` as the adapter would."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskkit.core import answers as answers_mod
from riskkit.core.answers import Answers, Meta
from riskkit.core.interview import (
    META_FIELDS,
    MetaField,
    Session,
    add_months,
    default_country,
    meta_default,
    new_answers,
    new_assessment_id,
    renewed,
)
from riskkit.core.model import Question, Questionnaire
from riskkit.core.values import DONT_KNOW
from riskkit.load import questionnaire
from tests.helpers import ALL_META, INTERVIEW_SECTIONS, TODAY, described, examples


@pytest.fixture
def q(write_questionnaire: Callable[[str], Path]) -> Questionnaire:
    return questionnaire.load(write_questionnaire(INTERVIEW_SECTIONS))


def ids(session: Session) -> str | None:
    step = session.current
    if step is None:
        return None
    return step.name if isinstance(step, MetaField) else step.id


def walk(session: Session, *values) -> None:
    for value in values:
        session.answer(value)


# --- the system description -----------------------------------------------------------------


def test_a_new_assessment_starts_with_the_system_description(q):
    session = Session.start(q, new_answers(q, "nb", TODAY, token=lambda: "abcd1234"))
    assert session.answers.meta.id == "RK-2026-ABCD1234"
    assert ids(session) == "system"
    assert not session.can_go_back
    progress = session.progress()
    assert (progress.section, progress.number, progress.count) == (None, 1, len(META_FIELDS))
    for field in META_FIELDS:
        session.answer(meta_default(q, session.answers.meta, field.name, "nb", TODAY) or "x")
    assert ids(session) == "data.personal"
    meta = session.answers.meta
    assert (meta.country, meta.date, meta.next_review) == ("NO", TODAY, dt.date(2027, 3, 5))


def test_back_from_the_first_question_returns_to_the_description(q):
    session = Session.start(q, described(q))
    assert ids(session) == "data.personal"
    assert session.back()
    assert ids(session) == "next_review"
    session.back()
    assert ids(session) == "date"


def test_a_draft_stopped_in_the_description_resumes_after_the_last_field_filled(q):
    meta = Meta(id="RK-1", system="S", description="D", organisation="O")
    session = Session.start(q, Answers.new(q, "en", meta))
    assert ids(session) == "department"  # optional, but not reached yet
    meta = Meta(id="RK-1", system="S", description="D", organisation="O", owner="X")
    assert ids(Session.start(q, Answers.new(q, "en", meta))) == "assessor"


@pytest.mark.parametrize(
    "language,country",
    [("nb", "NO"), ("nn", "NO"), ("sv", "SE"), ("da", "DK"), ("en", ""), ("nb_NO", "NO")],
)
def test_country_defaults_from_the_language(language, country):
    assert default_country(language) == country


def test_review_date_is_proposed_from_the_matrix_interval(q):
    meta = Meta(date=dt.date(2026, 1, 31))
    proposed = meta_default(q, meta, "next_review", "en", TODAY)
    assert proposed == add_months(dt.date(2026, 1, 31), q.matrix.review_months)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 12, 15), 13) == dt.date(2029, 1, 15)


def test_the_proposed_review_date_follows_a_changed_assessment_date(q):
    session = Session.start(q, new_answers(q, "en", TODAY))
    walk(session, *list(ALL_META.values())[:7], TODAY)
    proposed = meta_default(q, session.answers.meta, "next_review", "en", TODAY)
    session.answer(proposed)  # accepted as proposed
    session.change("date")
    session.answer(dt.date(2026, 6, 1))
    assert session.answers.meta.next_review == add_months(
        dt.date(2026, 6, 1), q.matrix.review_months
    )


def test_a_review_date_the_person_chose_stays_when_the_date_changes(q):
    session = Session.start(q, described(q), describe=True)
    session.change("next_review")
    session.answer(dt.date(2026, 9, 1))  # sooner than proposed, on purpose
    session.change("date")
    session.answer(dt.date(2026, 4, 1))
    assert session.answers.meta.next_review == dt.date(2026, 9, 1)


def test_a_reassessment_dated_differently_moves_its_review_date(q):
    new = renewed(q, described(q), "en", dt.date(2027, 3, 1))
    session = Session.start(q, new, describe=True)
    session.change("date")
    session.answer(dt.date(2027, 2, 15))
    assert session.answers.meta.next_review == add_months(
        dt.date(2027, 2, 15), q.matrix.review_months
    )


def test_assessment_ids_are_random_and_shaped_like_derived_ones():
    first, second = new_assessment_id(TODAY), new_assessment_id(TODAY)
    assert first != second
    assert re.fullmatch(r"RK-2026-[0-9A-F]{8}", first)
    assert re.fullmatch(r"RK-\d{4}-[0-9A-F]{8}", Meta(system="x", date=TODAY).assessment_id())


def test_a_reassessment_keeps_answers_and_renews_id_and_dates(q):
    old = described(q, data__personal="no", security__mfa="yes").with_comment(
        "security.mfa", "MFA since 2024"
    )
    new = renewed(q, old, "sv", dt.date(2027, 3, 1), token=lambda: "0badf00d")
    assert new.meta.id == "RK-2027-0BADF00D"
    assert (new.meta.date, new.meta.next_review) == (dt.date(2027, 3, 1), dt.date(2028, 3, 1))
    assert new.values == old.values and new.comments == old.comments
    assert new.language == "sv" and new.meta.system == "Chat assistant"
    session = Session.start(q, new, describe=True)
    assert ids(session) == "system"  # the person confirms the description again


# --- walking the questions ------------------------------------------------------------------


def test_progress_counts_follow_the_conditions(q):
    session = Session.start(q, described(q))
    p = session.progress()
    # personal data unknown: its follow-ups may apply; "chose" ones and Sweden's do not.
    assert (p.section_number, p.section_count, p.number, p.count) == (1, 2, 1, 7)
    assert p.section.id == "data" and p.starts_section
    session.answer("yes")
    p = session.progress()
    assert (p.section_number, p.section_count, p.number, p.count) == (1, 3, 2, 9)
    assert not p.starts_section
    session.back()
    session.answer("no")
    p = session.progress()
    assert ids(session) == "security.mfa"
    assert (p.section_number, p.section_count, p.number, p.count) == (2, 2, 2, 5)
    assert p.starts_section


def test_a_country_condition_follows_the_description(q):
    answers = described(q)
    session = Session.start(q, Answers.new(q, "en", Meta(**{**ALL_META, "country": "SE"})))
    assert "security.imy" in {e.question.id for s in session.review() for e in s.entries}
    assert "security.imy" not in {
        e.question.id for s in Session(q, answers).review() for e in s.entries
    }


def test_questions_whose_condition_is_false_are_skipped(q):
    session = Session.start(q, described(q))
    walk(session, "no")
    assert ids(session) == "security.mfa"
    walk(session, "yes", "all", 3, "2026-01-15")
    assert session.reviewing  # Sweden's question is not asked in Norway


def test_dont_know_keeps_the_follow_up_questions(q):
    session = Session.start(q, described(q))
    walk(session, DONT_KNOW)
    assert ids(session) == "data.special"
    walk(session, DONT_KNOW, DONT_KNOW)
    assert ids(session) == "security.mfa"  # "chose" questions need a real yes


def test_going_back_shows_the_answer_given_and_walks_forward_again(q):
    session = Session.start(q, described(q))
    walk(session, "yes", "no", ["health"])
    assert ids(session) == "decisions.automated"
    session.back()
    assert ids(session) == "data.kinds" and session.value(session.current) == ["health"]
    session.back()
    assert ids(session) == "data.special" and session.value(session.current) == "no"
    session.answer("yes")  # changed; the next one is shown again, with its answer
    assert ids(session) == "data.kinds"
    session.answer(["health", "location"])
    assert ids(session) == "decisions.automated"


def test_an_answer_that_hides_questions_drops_their_answers_and_comments(q):
    session = Session.start(q, described(q))
    walk(session, "yes", "yes", ["health"])
    session.comment(q.by_id["data.kinds"], "Patient records")
    session.back(), session.back(), session.back()
    assert ids(session) == "data.personal"
    session.answer("no")
    assert "data.special" not in session.answers.values
    assert "data.kinds" not in session.answers.comments
    assert ids(session) == "security.mfa"


def test_an_optional_text_can_be_left_empty(q):
    session = Session.start(
        q,
        described(
            q,
            data__personal="yes",
            data__special="no",
            data__kinds=["none"],
            decisions__automated="no",
        ),
    )
    assert ids(session) == "decisions.note"
    session.answer(None)
    assert ids(session) == "security.mfa"


def test_an_answer_that_does_not_fit_is_refused(q):
    session = Session.start(q, described(q))
    with pytest.raises(ValueError):
        session.answer("perhaps")
    with pytest.raises(ValueError):
        Session.start(q, described(q, data__personal="yes", data__special="no")).answer(
            ["none", "health"]
        )
    assert ids(session) == "data.personal"


def test_going_back_from_a_comment_reopens_the_question(q):
    session = Session.start(q, described(q))
    question = session.current
    session.answer("yes")
    session.reopen(question)
    assert ids(session) == "data.personal" and session.value(question) == "yes"


# --- resuming -----------------------------------------------------------------------------------


def test_a_draft_resumes_at_the_first_unanswered_question(q):
    answers = described(q, data__personal="yes", data__special="no")
    session = Session.start(q, answers)
    assert ids(session) == "data.kinds"
    assert session.can_go_back
    session.back()
    assert ids(session) == "data.special"


def test_a_draft_resumes_at_an_optional_text_it_had_not_reached(q):
    answers = described(
        q, data__personal="yes", data__special="no", data__kinds=["none"], decisions__automated="no"
    )
    assert next(x.id for x in answers_mod.unanswered(q, answers)) == "security.mfa"
    assert ids(Session.start(q, answers)) == "decisions.note"


def test_answered_questions_beyond_the_resume_point_are_not_asked_again(q):
    # A newer questionnaire version added data.special: only it is asked.
    answers = described(
        q,
        data__personal="yes",
        data__kinds=["health"],
        decisions__automated="no",
        decisions__note="By a case officer",
        security__mfa="yes",
        security__review="all",
        security__maturity=4,
        security__tested="2026-01-01",
    )
    session = Session.start(q, answers)
    assert ids(session) == "data.special"
    session.answer("no")
    assert session.reviewing


def test_a_complete_draft_opens_the_review(q):
    answers = described(
        q,
        data__personal="no",
        security__mfa="yes",
        security__review="all",
        security__maturity=2,
        security__tested="2026-01-01",
    )
    assert Session.start(q, answers).reviewing


# --- review and change --------------------------------------------------------------------------


def complete(q: Questionnaire) -> Session:
    session = Session.start(q, described(q))
    walk(session, "no", "yes", "all", 3, None)
    assert session.reviewing
    return session


def test_the_review_lists_every_relevant_answer_by_section(q):
    session = complete(q)
    review = session.review()
    assert [s.section.id for s in review] == ["data", "security"]
    assert [(e.question.id, e.value) for e in review[1].entries] == [
        ("security.mfa", "yes"),
        ("security.review", "all"),
        ("security.maturity", 3),
        ("security.tested", None),
    ]


def test_a_change_asks_what_it_made_relevant_then_returns_to_the_review(q):
    session = complete(q)
    session.change("data.personal")
    assert ids(session) == "data.personal" and session.changing
    session.answer("yes")
    asked = []
    while not session.reviewing:
        asked.append(ids(session))
        session.answer({"data.kinds": ["health"], "decisions.note": None}.get(ids(session), "no"))
    assert asked == ["data.special", "data.kinds", "decisions.automated", "decisions.note"]
    assert session.finish()


def test_a_change_that_hides_questions_drops_their_answers(q):
    session = complete(q)
    session.change("data.personal")
    session.answer("yes")
    walk(session, "yes", ["location"], "no", "by hand")
    assert session.reviewing
    session.change(q.by_id["data.personal"])
    session.answer("no")
    assert session.reviewing
    assert set(session.answers.values) == {
        "data.personal",
        "security.mfa",
        "security.review",
        "security.maturity",
    }


def test_going_back_during_a_change_returns_to_the_review(q):
    session = complete(q)
    session.change("security.review")
    assert session.can_go_back
    session.back()
    assert session.reviewing and session.answers.values["security.review"] == "all"


def test_changing_the_country_asks_its_questions(q):
    session = complete(q)
    session.change("country")
    assert ids(session) == "country"
    session.answer("se")
    assert session.answers.meta.country == "SE"
    assert ids(session) == "security.imy"
    session.answer("yes")
    assert session.reviewing


def test_finish_asks_what_is_still_open_first(q):
    session = complete(q)
    session.change("data.personal")
    session.answer("yes")
    session.back()  # leaves the newly relevant questions open
    assert session.reviewing
    assert not session.finish()
    assert ids(session) == "data.special"


def test_finish_insists_on_the_required_description(q):
    answers = described(
        q,
        data__personal="no",
        security__mfa="yes",
        security__review="all",
        security__maturity=2,
        security__tested="2026-01-01",
    )
    session = Session.start(
        q, replace(answers, meta=replace(answers.meta, assessor="")), describe=False
    )
    assert session.reviewing
    assert not session.finish()
    assert ids(session) == "assessor"


# --- properties -----------------------------------------------------------------------------------

MOVES = st.lists(
    st.one_of(st.just("back"), st.sampled_from(["yes", "no", DONT_KNOW, "first", "text"])),
    max_size=40,
)


def _value_for(question: Question, move: str):
    if move == DONT_KNOW and question.closed:
        return DONT_KNOW
    if question.type == "yesno":
        return move if move in ("yes", "no") else "yes"
    if question.type == "multi":
        return [question.choices[0].value]
    if question.type in ("single", "scale"):
        return question.values()[0 if move != "no" else -1]
    if question.type == "date":
        return "2026-01-01"
    return "some text" if move == "text" else None


@settings(max_examples=examples(150), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=MOVES)
def test_any_walk_keeps_only_relevant_answers_and_sane_progress(q, moves):
    session = Session.start(q, described(q))
    for move in moves:
        step = session.current
        if step is None:
            break
        if move == "back":
            session.back()
        elif isinstance(step, MetaField):
            session.answer(ALL_META[step.name] or "x")
        else:
            session.answer(_value_for(step, move))
        relevant = {x.id for x in answers_mod.relevant_questions(q, session.answers)}
        assert set(session.answers.values) <= relevant
        current = session.current
        if isinstance(current, Question):
            assert current.id in relevant
            p = session.progress()
            assert 1 <= p.number <= p.count == len(relevant)
            assert 1 <= p.section_number <= p.section_count <= len(q.sections)


# --- "about N left" -----------------------------------------------------------------------------


def test_questions_left_counts_only_what_the_answers_so_far_open(q):
    """The counter never counts a follow-up before the answer that opens it: the Danish pilot
    saw "1 of 127" shrink to 103 because every possible follow-up was counted at the start."""
    session = Session.start(q, described(q))
    # personal data, then security's four; its follow-ups wait for the answer
    assert session.progress().left == 5
    session.answer("yes")  # opens special, kinds (may) and automated, note (chose)
    assert ids(session) == "data.special" and session.progress().left == 8
    session.back()
    session.answer(DONT_KNOW)  # "don't know" keeps the "may" follow-ups, not the "chose" ones
    assert session.progress().left == 6
    session.back()
    session.answer("no")
    assert ids(session) == "security.mfa" and session.progress().left == 4


def test_questions_left_is_never_more_than_the_walk_asks():
    """On the shipped questionnaire, walked with random answers: every question counted as
    left at a step is asked later in the same walk (none counted that cannot be asked)."""
    import random

    from riskkit.core.interview import questions_left
    shipped = questionnaire.load(None)
    for seed in range(4):
        rng = random.Random(seed)
        session = Session.start(shipped, Answers.new(
            shipped, "en", Meta(id="RK-2026-00000001", **{**ALL_META, "country": "DK"})))
        promised: list[set[str]] = []
        asked: list[str] = []
        while isinstance(session.current, Question):
            question = session.current
            promised.append({x.id for x in questions_left(shipped, session.answers, question)})
            asked.append(question.id)
            values: list = list(question.values()) + [DONT_KNOW]
            value = rng.choice(values) if values != [DONT_KNOW] else "text"
            if question.type == "multi" and value != DONT_KNOW:
                value = [value]
            if question.type == "date":
                value = "2027-03-01"
            session.answer(value)
        for step, ids_left in enumerate(promised):
            assert ids_left <= set(asked[step:]), ids_left - set(asked[step:])
            assert len(ids_left) <= len(asked) - step


def test_validate_and_the_readme_quote_the_same_range():
    from riskkit.core.interview import questions_asked
    fewest, most = questions_asked(questionnaire.load(None))
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"{fewest} to {most} questions" in readme
