"""The questionnaire itself (issue #13, item 8; questionnaire 1.2.0): each question asked once,
none where it cannot apply, "not applicable" as an answer, Art. 35(3)(a) as its two
conditions, the AI Act's definition of an AI system, the national lists' "other criterion",
and answers files written for 1.1.0 carried over. Each test states the rule that decides it
and fails on the 1.1.0 questionnaire."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path

from riskkit.core import answers as A
from riskkit.core.facts import FactState
from riskkit.core.scoring import score
from riskkit.core.verdicts import decide
from riskkit.i18n import using
from riskkit.load import questionnaire

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
T = FactState.TRUE


@functools.cache
def _q():
    return questionnaire.load()


def scored(example: str, **changes):
    """The example with some answers changed (keys with "__" for "."; None removes one),
    scored in English."""
    path = EXAMPLES / example
    answers = A.loads(path.read_text(encoding="utf-8"), str(path), _q()).answers
    values = dict(answers.values)
    for key, value in changes.items():
        if value is None:
            values.pop(key.replace("__", "."), None)
        else:
            values[key.replace("__", ".")] = value
    with using("en"):
        return score(_q(), dataclasses.replace(answers, values=values))


# --- each question once -------------------------------------------------------------------


def test_what_the_system_description_asks_is_not_asked_again():
    # The newcomers' review (December 2026): the next review date and the owner were asked
    # in the system description and again as questions (Q88 then printed "not answered"
    # while the cover showed the date). The description keeps the date and the name; the
    # owner question asks what a name does not show: a written mandate (NIST AI RMF GOVERN
    # 2.1: roles and responsibilities documented).
    q = _q()
    assert "oversight.next_review" not in q.by_id
    assert not [x.id for x in q.questions if x.type == "date" and "review" in x.text.lower()]
    assert "in writing" in q.by_id["oversight.owner"].text
    assert q.by_id["oversight.owner"].since == "1.2.0"


def test_generative_ai_and_profiling_are_asked_once():
    # Generative AI is AI that generates synthetic content (AI Act Art. 50(2)): the kind of
    # system says it, and 1.1.0's second question (aiact.synthetic_content) is gone.
    # AI Act profiling is GDPR profiling (AI Act Art. 3(52), GDPR Art. 4(4)): the GDPR
    # evaluation answer establishes it, and 1.1.0's aiact.profiling is gone.
    q = _q()
    assert "aiact.synthetic_content" not in q.by_id and "aiact.profiling" not in q.by_id
    r = scored("nb-citizen-chatbot.yaml")
    assert r.facts["aiact.art50.synthetic_content"] == "true"
    r = scored("sv-social-assistance-risk-score.yaml")
    assert r.facts["aiact.profiling"] == "true"
    r = scored("sv-social-assistance-risk-score.yaml", dpia__evaluation="no",
               dpia__profiling_large=None)
    assert r.facts.get("aiact.profiling", "false") == "false"


# --- none asked where it cannot apply -------------------------------------------------------


def test_pupils_learning_is_asked_only_where_pupils_are_concerned():
    # Datatilsynet's list (NO, 2019): "evaluating learning, coping and well-being of pupils".
    # A chatbot with no pupil data and no children among the people concerned cannot do
    # that; 1.1.0 asked every system with personal data (the newcomers' review).
    assert "dpia.pupil_evaluation" not in scored("nb-citizen-chatbot.yaml").asked
    assert "dpia.pupil_evaluation" in scored(
        "nb-citizen-chatbot.yaml", dpia__vulnerable=["children"]).asked
    assert "dpia.pupil_evaluation" in scored(
        "nb-citizen-chatbot.yaml", data__fed_in=["open", "pupil_records"]).asked
    # "Don't know" who is concerned keeps the question (never the benign branch).
    assert "dpia.pupil_evaluation" in scored(
        "nb-citizen-chatbot.yaml", dpia__vulnerable="dont_know").asked


def test_breach_recipients_are_asked_whenever_personal_data_is_fed_in():
    # GDPR Art. 33 concerns any personal data breach: residents' data fed in is personal
    # data whatever data.personal says (Art. 4(1); 1.1.0 gated on data.personal alone).
    r = scored("nb-citizen-chatbot.yaml", data__personal="no")
    assert "security.incident_recipients" in r.asked


def test_not_applicable_is_an_answer_of_its_own():
    # AI Act Art. 26(7) binds deployers who use a high-risk system "at the workplace"; 1.1.0
    # told people to answer "yes" where it cannot apply. "Not applicable" is now a choice, and
    # counts as the duty met, without claiming the representatives were informed.
    q = _q()
    values = [c.value for c in q.by_id["aiact.workers_informed"].choices]
    assert "not_applicable" in values
    r = scored("sv-traffic-camera-analytics.yaml", aiact__workers_informed="not_applicable")
    assert "aiact.workers_informed" in r.asked
    assert not [m for m in r.measures if m.source == "aiact.workers_informed"]
    r = scored("sv-traffic-camera-analytics.yaml", aiact__workers_informed="no")
    assert [m for m in r.measures if m.source == "aiact.workers_informed"]
    # The same for accounts where staff sign in only through the organisation's own login.
    assert "not_applicable" in [c.value for c in q.by_id["data.work_email"].choices]


# --- GDPR Art. 35(3)(a) ---------------------------------------------------------------------


def test_art_35_3_a_needs_both_the_evaluation_and_the_decisions_based_on_it():
    # GDPR Art. 35(3)(a): "a systematic and extensive evaluation of personal aspects ...
    # which is based on automated processing, including profiling, and on which decisions are
    # based that produce legal effects ... or similarly significantly affect" people. Two
    # conditions, asked as two questions; both must hold. The decisions need not be solely
    # automated. Caseworkers here assess each case themselves (Art. 22 not engaged).
    human = {"decisions__role": "support", "decisions__rubber_stamp": "independent"}
    both = scored("sv-social-assistance-risk-score.yaml", **human)
    assert both.verdicts.art22.status == "not_engaged"
    assert both.facts["art35_3.a"] == "true"
    assert "art35_3.a" in both.verdicts.dpia.details["art35_3"]
    no_decisions = scored("sv-social-assistance-risk-score.yaml", **human,
                          dpia__evaluation_decisions="no")
    assert no_decisions.facts.get("art35_3.a", "false") == "false"
    not_extensive = scored("sv-social-assistance-risk-score.yaml", **human,
                           dpia__systematic_evaluation="no")
    assert not_extensive.facts.get("art35_3.a", "false") == "false"
    assert "dpia.evaluation_decisions" not in not_extensive.asked
    # Not known is assumed, and the verdict says so.
    unknown = scored("sv-social-assistance-risk-score.yaml", **human,
                     dpia__evaluation_decisions="dont_know")
    assert unknown.facts["art35_3.a"] == "unknown"


# --- AI Act Art. 3(1) -----------------------------------------------------------------------


def test_a_system_of_rules_written_by_people_may_not_be_an_ai_system():
    # AI Act Art. 3(1): an AI system "infers, from the input it receives, how to generate
    # outputs"; Recital 12: the definition does not cover "systems that are based on the
    # rules defined solely by natural persons to automatically execute operations" (the
    # Commission's guidelines on the definition, C(2025) 924). Such a system gets no AI Act
    # class or duty, and no AI Act question; the GDPR verdicts stand as they were.
    ai = scored("da-jobcenter-process-mining.yaml")
    rules = scored("da-jobcenter-process-mining.yaml", system__kind=["rules"],
                   system__ai_definition="rules_only")
    v = rules.verdicts.ai_act
    assert v.status == "not_ai_system"
    assert "AI Act Art. 3(1)" in v.reasons[0].refs and "AI Act Recital 12" in v.reasons[0].refs
    assert "system.ai_definition" in v.reasons[0].answers
    assert "the GDPR still does" in v.reasons[0].text
    assert v.details["fria_required"] is False and v.details["duties"] == {}
    assert not [qid for qid in rules.asked if qid.startswith("aiact.")]
    assert rules.verdicts.dpia.status == ai.verdicts.dpia.status
    assert rules.verdicts.art22.status == ai.verdicts.art22.status
    with using("en"):
        from riskkit.i18n import labels
        assert "not be an AI system" in labels.verdict_status("ai_act", "not_ai_system")


def test_an_unknown_or_inferring_system_stays_under_the_ai_act():
    # Only a known answer takes a system out of the AI Act: "don't know" keeps every AI Act
    # question and classification (riskkit never takes the benign branch on an unknown),
    # and a system that learns from data infers (Art. 3(1)).
    for answer in ("dont_know", "infers"):
        r = scored("da-jobcenter-process-mining.yaml", system__kind=["rules"],
                   system__ai_definition=answer)
        assert r.verdicts.ai_act.status != "not_ai_system", answer
        assert "aiact.annex3" in r.asked and "aiact.prohibited" in r.asked, answer
    # Not known what kind of system it is: the definition is not checked, so a stored
    # "only rules" answer cannot take it out of the AI Act.
    r = scored("da-jobcenter-process-mining.yaml", system__kind="dont_know",
               system__ai_definition="rules_only")
    assert r.verdicts.ai_act.status != "not_ai_system"
    # The definition is checked only for a rule-based system.
    assert "system.ai_definition" not in scored("da-jobcenter-process-mining.yaml").asked
    (rules,) = [c for c in _q().by_id["system.kind"].choices if c.value == "rules"]
    assert rules.exclusive


# --- the national lists' "other criterion" ---------------------------------------------------


def _asserted_by(qid: str, value: str) -> dict[str, FactState]:
    (choice,) = [c for c in _q().by_id[qid].choices if c.value == value]
    return {f: T for f in choice.facts}


def test_location_or_biometric_data_is_not_its_own_other_criterion():
    # Datatilsynet (NO) and Datatilsynet (DK), 2019: location data, or biometric data, "plus
    # one other criterion". The data is WP248 criterion 4 itself (sensitive or highly
    # personal), so it cannot also be the other criterion (the legal review, December 2026:
    # 1.1.0's choices asserted criterion 4 with the data, and the list item then counted it).
    for country, qid, value, item in [
        ("NO", "data.other_sensitive", "location", "no.location_plus_one"),
        ("DK", "data.other_sensitive", "location", "dk.location_plus_one"),
        ("NO", "data.special", "biometric", "no.biometric_plus_one"),
        ("DK", "data.special", "biometric", "dk.biometric_plus_one"),
    ]:
        states = {"personal_data": T, **_asserted_by(qid, value)}
        sources = {f: [qid] for f in states}
        with using("en"):
            alone = decide(_q(), country, states, sources, ()).dpia
            other = decide(_q(), country, {**states, "wp248.large_scale": T},
                           {**sources, "wp248.large_scale": ["dpia.scale"]}, ()).dpia
        assert item not in alone.details["national"], (country, value)
        # It still is WP248 criterion 4 for the two-criteria rule.
        assert "wp248.sensitive_data" in alone.details["criteria"], (country, value)
        assert item in other.details["national"], (country, value)


# --- answers files written for 1.1.0 --------------------------------------------------------


OLD = """\
schema: 1
questionnaire:
  id: riskkit-ai
  version: 1.1.0
  hash: sha256:0e3e52498ee2595bd9bca80db7a45aa5ab9ee93d37366d7eeb9845625cc44005
language: en
meta:
  system: Benefit triage
  country: SE
  date: 2026-02-01
answers:
  system.kind: [predictive]
  data.personal: "yes"
  dpia.evaluation: "no"
  dpia.extensive_evaluation: "yes"
  oversight.owner: "yes"
  oversight.next_review: 2027-02-01
  aiact.profiling: "yes"
  aiact.synthetic_content: "yes"
comments:
  dpia.extensive_evaluation: Every applicant is scored.
"""


def test_an_answers_file_for_1_1_0_keeps_what_its_answers_established():
    # Old answers files and PDFs still load (issue #13): each moved question's answer goes
    # where the question is asked now, and the person is told, with the file's line.
    with using("en"):
        loaded = A.loads(OLD, "old.yaml", _q())
    a = loaded.answers
    assert a.meta.next_review == dt.date(2027, 2, 1)
    # Art. 35(3)(a): a "yes" to the one question said both conditions hold.
    assert a.values["dpia.systematic_evaluation"] == "yes"
    assert a.values["dpia.evaluation_decisions"] == "yes"
    assert a.comments["dpia.systematic_evaluation"] == "Every applicant is scored."
    # Profiling is evaluation (GDPR Art. 4(4), WP248 criterion 1, AI Act Art. 3(52)).
    assert a.values["dpia.evaluation"] == "yes"
    # Synthetic content is generative AI (AI Act Art. 50(2)).
    assert a.values["system.kind"] == ["predictive", "generative"]
    # The owner question changed meaning: asked again, not carried over.
    assert "oversight.owner" not in a.values
    notices = {n.where: (n.line, n.message) for n in loaded.notices}
    assert notices["answer to `oversight.next_review`"][0] == 17
    assert "2027-02-01 moved there" in notices["answer to `oversight.next_review`"][1]
    assert notices["answer to `dpia.extensive_evaluation`"][0] == 15
    assert "carried over to both" in notices["answer to `dpia.extensive_evaluation`"][1]
    assert "answer it again" in notices["answer to `oversight.owner`"][1]
    (new,) = [n.message for n in loaded.notices if n.message.startswith("new questions")]
    assert "oversight.owner" in new and "dpia.systematic_evaluation" not in new
    with using("en"):
        r = score(_q(), a)
    assert r.facts["art35_3.a"] == "true"
    assert r.facts["aiact.art50.synthetic_content"] == "true"


def test_a_1_1_0_no_to_the_combined_art_35_3_a_question_is_asked_again():
    # A "no" to "systematic and extensive, and decisions based on it" does not say which
    # condition fails: both new questions are asked, and count as not known until then.
    old = OLD.replace('dpia.extensive_evaluation: "yes"', 'dpia.extensive_evaluation: "no"')
    with using("en"):
        loaded = A.loads(old, "old.yaml", _q())
        r = score(_q(), loaded.answers)
    assert "dpia.systematic_evaluation" not in loaded.answers.values
    assert "dpia.systematic_evaluation" in r.unanswered
    assert r.facts["art35_3.a"] == "unknown"


def test_the_saved_file_is_written_for_1_2_0():
    with using("en"):
        loaded = A.loads(OLD, "old.yaml", _q())
    text = A.dumps(_q(), loaded.answers)
    assert f"version: {_q().version}" in text and _q().version == "1.2.0"
    assert "oversight.next_review" not in text and "aiact.profiling" not in text
    again = A.loads(text, "new.yaml", _q())
    assert again.notices == ()
    assert again.answers.meta.next_review == dt.date(2027, 2, 1)


# --- the terminal summary says when the FRIA applies --------------------------------------


def test_the_terminal_summary_says_when_the_fria_applies():
    # AI Act Art. 27 applies from the Annex III date as amended (Art. 113), and for a public
    # authority whose system was in service before it, by 2 Aug 2030 (Art. 111(2)):
    # da-cv-screening goes live 16 Mar 2026 (the review's example 2). "FRIA: required"
    # without the date told the municipality it had a duty today.
    from riskkit.tui import summary

    r = scored("da-cv-screening.yaml")
    with using("en"):
        (line,) = [x for x in summary.lines(_q(), r) if x.startswith("  Fundamental rights")]
    assert "2030" in line and "Art. 111(2)" in line
    # Norway: the AI Act is not yet part of the EEA Agreement, so the FRIA is good practice,
    # not a duty (nb-pupil-learning-analytics, Annex III 3, a public body).
    r = scored("nb-pupil-learning-analytics.yaml")
    assert r.verdicts.ai_act.details["fria_required"]
    with using("en"):
        (line,) = [x for x in summary.lines(_q(), r) if x.startswith("  Fundamental rights")]
    assert "good practice, not yet required" in line
    assert r.verdicts.ai_act.details["duties"]["fria"]["text"] in line


# --- policy packs follow the facts --------------------------------------------------------


def test_a_policy_clause_on_personal_data_follows_the_personal_data_fact():
    # GDPR Art. 4(1): residents' data fed in is personal data whatever data.personal says
    # (the legal review, December 2026). Kalix's integrity principle ("Användning av AI får
    # inte kränka individers personliga integritet") applies wherever personal data is
    # processed; with 1.1.0's packs it was "not applicable" on the data.personal answer alone.
    from riskkit.load import policy

    kalix = policy.resolve("kalix", _q())
    path = EXAMPLES / "nb-citizen-chatbot.yaml"
    answers = A.loads(path.read_text(encoding="utf-8"), str(path), _q()).answers
    values = {**answers.values, "data.personal": "no", "data.fed_in": ["open", "resident_data"]}
    with using("en"):
        r = score(_q(), dataclasses.replace(answers, values=values), kalix)
    (integrity,) = [c for c in r.policy.clauses if c.id == "integrity"]
    assert integrity.status != "not_applicable"
    # Open data only: no personal data, the clause does not apply, and says which answers
    # decided it.
    values = {**values, "data.fed_in": ["open"]}
    with using("en"):
        r = score(_q(), dataclasses.replace(answers, values=values), kalix)
    (integrity,) = [c for c in r.policy.clauses if c.id == "integrity"]
    assert integrity.status == "not_applicable"
    assert {a.question for a in integrity.answers} >= {"data.personal", "data.fed_in"}


def test_a_question_condition_cannot_read_facts(write_questionnaire):
    # Facts follow from every answer, so a question's `when` (asked mid-interview) cannot
    # read them; only a policy pack's `applies` may.
    import pytest

    from riskkit.errors import ProblemsError

    path = write_questionnaire("""\
sections:
  - id: s
    title: S
    questions:
      - id: s.a
        type: yesno
        text: A?
      - id: s.b
        type: yesno
        when: "fact('personal_data')"
        text: B?
""")
    with pytest.raises(ProblemsError, match="fact.* is for policy packs"):
        questionnaire.load(path)


# --- emotion recognition is on biometric data ------------------------------------------------


def test_emotion_recognition_is_prohibited_only_on_biometric_data():
    # AI Act Art. 5(1)(f) bans emotion recognition at work and in education; Art. 3(39): an
    # emotion recognition system identifies or infers emotions "on the basis of their
    # biometric data". Sentiment analysis of written text is not one (the legal review,
    # December 2026: "text sentiment analysis can be marked prohibited").
    voice = scored("da-call-centre-emotion-analytics.yaml")
    assert voice.verdicts.ai_act.status == "prohibited"
    assert "aiact.emotion_biometric" in voice.verdicts.ai_act.reasons[0].answers
    text = scored("da-call-centre-emotion-analytics.yaml", aiact__emotion_biometric="no",
                  aiact__annex3=["employment"])
    assert text.verdicts.ai_act.status != "prohibited"
    assert "aiact.prohibited.emotion_recognition" not in text.verdicts.ai_act.details["prohibited"]
    # Not known whether biometric data is used: the prohibition is assumed, and said so.
    unknown = scored("da-call-centre-emotion-analytics.yaml", aiact__emotion_biometric="dont_know")
    assert unknown.verdicts.ai_act.status == "prohibited"
    assert "not known: assumed" in unknown.verdicts.ai_act.reasons[0].text
