"""The FRIA (AI Act Art. 27), its notification (27(3)) and the EU database registration
(Art. 49(3), Annex VIII Section C), drafted from the answers of the shipped examples.

Every expectation is written from the article it cites and the example's facts, not copied
from riskkit's output.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from riskkit.core import fria
from riskkit.core.scoring import score
from riskkit.errors import ProblemsError
from riskkit.load import authorities, inputs
from riskkit.load import questionnaire as questionnaire_loader
from tests.helpers import call

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# High-risk systems used by a public body (Art. 27(1): a body governed by public law, an
# Annex III system outside point 2).
PUBLIC_HIGH_RISK = ("da-cv-screening", "nb-pupil-learning-analytics",
                    "sv-social-assistance-risk-score")


@pytest.fixture(scope="module")
def q():
    return questionnaire_loader.load()


def _load(q, name, **changes):
    answers, _ = inputs.answers(EXAMPLES / f"{name}.yaml", q)
    if changes:
        answers = dataclasses.replace(answers, values={**answers.values, **changes})
    return answers


def _build(q, name, **changes) -> fria.Fria:
    answers = _load(q, name, **changes)
    return fria.build(q, answers, score(q, answers), authorities.load())


def _element(f: fria.Fria, key: str) -> fria.Element:
    return next(e for e in f.elements if e.key == key)


# Each element of Art. 27(1) and the answers it must rest on in every public high-risk example:
# the question that asks for it directly (the fria.* follow-ups), and the earlier answers that
# already describe it.
ELEMENT_ANSWERS = {
    # (a) "the deployer's processes in which the high-risk AI system will be used in line with
    # its intended purpose": the purpose, the process, the Annex III area, the instructions.
    "a": {"system.purpose", "fria.process", "aiact.annex3", "aiact.instructions"},
    # (b) "the period of time within which, and the frequency with which" it is used.
    "b": {"system.go_live", "fria.period", "fria.frequency"},
    # (c) "the categories of natural persons and groups likely to be affected".
    "c": {"dpia.vulnerable", "fria.affected", "fairness.affected_groups"},
    # (d) "the specific risks of harm ... taking into account the information given by the
    # provider pursuant to Article 13".
    "d": {"fria.provider_info", "fria.provider_risks"},
    # (e) "the implementation of human oversight measures, according to the instructions for use".
    "e": {"fria.oversight", "oversight.human_decides", "oversight.competent_overseers"},
    # (f) "the measures to be taken in the case of the materialisation of those risks,
    # including the arrangements for internal governance and complaint mechanisms".
    "f": {"fria.governance", "fria.complaints", "aiact.monitor_report"},
}


@pytest.mark.parametrize("name", PUBLIC_HIGH_RISK)
@pytest.mark.parametrize("key", fria.LETTERS)
def test_each_element_is_filled_from_the_answers_behind_it(q, name, key):
    element = _element(_build(q, name), key)
    assert element.ref == f"AI Act Art. 27(1)({key})"
    assert ELEMENT_ANSWERS[key] <= set(element.answers), element.answers
    assert element.gaps == (), f"{name} ({key}) lacks {element.gaps}"
    assert element.text


@pytest.mark.parametrize("name", PUBLIC_HIGH_RISK)
def test_free_text_answers_reach_the_element_that_asks_for_them(q, name):
    answers = _load(q, name)
    f = _build(q, name)
    for key, qid in (("a", "fria.process"), ("b", "fria.period"), ("c", "fria.affected"),
                     ("e", "fria.oversight"), ("f", "fria.governance"), ("f", "fria.complaints")):
        words = " ".join(str(answers.values[qid]).split())
        assert words[:40] in _element(f, key).text


def test_a_missing_follow_up_is_named_as_a_gap(q):
    # Art. 27(1)(f) names complaint mechanisms: without an answer the element says it is open.
    f = _build(q, "sv-social-assistance-risk-score", **{"fria.complaints": ""})
    element = _element(f, "f")
    assert element.gaps == ("fria.complaints",)
    assert element.statements[-1].answers == ("fria.complaints",)
    assert "(f)" in f.summary


def test_dpia_covers_elements_and_the_fria_complements_it(q):
    # Art. 27(4): where a DPIA (GDPR Art. 35) already meets an obligation, the FRIA complements
    # it. A completed DPIA contains (Art. 35(7)) the description of the processing (a, c), the
    # risks to rights (d) and the measures (f), not the period of use (b) nor the oversight
    # according to the instructions for use (e). da-cv-screening's DPIA is done.
    f = _build(q, "da-cv-screening")
    covered = {e.key for e in f.elements if e.dpia}
    assert covered == {"a", "c", "d", "f"}
    assert all("Art. 27(4)" in e.dpia for e in f.elements if e.dpia)
    assert not any(e.dpia for e in _build(q, "da-cv-screening", **{"dpia.done": "no"}).elements)


def test_no_fria_for_annex_iii_point_2(q):
    # Art. 27(1) and 49(3) except "high-risk AI systems intended to be used in the area listed
    # in point 2 of Annex III": the traffic cameras are critical infrastructure.
    f = _build(q, "sv-traffic-camera-analytics")
    assert f.requirement.status == "not_required"
    assert f.elements == () and f.registration == ()


def test_no_fria_for_a_prohibited_practice(q):
    # A prohibited system (Art. 5) is not deployed at all: no FRIA to draft, no follow-ups.
    answers = _load(q, "da-call-centre-emotion-analytics")
    result = score(q, answers)
    assert fria.build(q, answers, result, {}).requirement.status == "not_required"
    assert not [qid for qid in result.asked if qid.startswith("fria.")]


def test_follow_up_questions_only_where_a_fria_applies(q):
    # The chatbot is not high-risk: none of the fria section is asked.
    answers = _load(q, "nb-citizen-chatbot")
    assert not [qid for qid in score(q, answers).asked if qid.startswith("fria.")]
    asked = score(q, _load(q, "sv-social-assistance-risk-score")).asked
    assert {"fria.process", "fria.complaints", "fria.submitter"} <= set(asked)


def test_eu_database_registration_only_for_public_authorities(q):
    # Art. 49(3) binds "deployers that are public authorities"; Art. 27 also names private
    # bodies providing public services, but registration does not follow from that.
    answers = _load(q, "sv-social-assistance-risk-score", **{"system.deployer_public": "no"})
    result = score(q, answers)
    assert not fria.registration_applies(result)
    assert "fria.submitter" not in result.asked


def test_registration_carries_the_annex_viii_c_fields(q):
    f = _build(q, "da-cv-screening")
    fields = {x.key: x for x in f.registration}
    # Annex VIII Section C points 1-5, in order.
    assert list(fields) == ["deployer", "submitter", "provider_entry", "fria_summary",
                            "dpia_summary"]
    assert "Ådal Kommune" in fields["deployer"].value
    assert "Rådhustorvet 1" in fields["deployer"].value
    assert fields["submitter"].value.startswith("Jonas Friis")
    assert fields["provider_entry"].value.startswith("https://")
    assert "AI Act Art. 26(8)" in fields["dpia_summary"].refs
    assert all(x.value for x in f.registration)


def test_norway_drafts_the_fria_as_good_practice(q):
    # The AI Act is not yet part of the EEA Agreement (DOMAIN.md): it does not bind a
    # Norwegian municipality, but the FRIA is still drafted.
    f = _build(q, "nb-pupil-learning-analytics")
    assert f.requirement.status == "good_practice"
    assert "EEA Agreement" in f.requirement.reason
    assert len(f.elements) == 6
    data = fria.to_json(f)
    assert data["fria"]["required"] is False and data["fria"]["good_practice"] is True


def test_notification_names_the_authority_or_says_it_is_undesignated(q):
    # Art. 27(3): the results go to the market surveillance authority, which each Member State
    # designates (Art. 70(1)); the data says how sure each entry is.
    sweden = _build(q, "sv-social-assistance-risk-score")
    assert sweden.authority.status == "undesignated" and sweden.authority.name == ""
    field = next(x for x in sweden.notification if x.key == "authority")
    assert "Not yet designated" in field.value
    denmark = _build(q, "da-cv-screening")
    assert denmark.authority.name == "Digitaliseringsstyrelsen"
    assert denmark.authority.source
    # Every element of Art. 27(1) is part of what is notified.
    keys = [x.key for x in denmark.notification]
    assert [k for k in keys if k.startswith("element_")] == [f"element_{k}" for k in "abcdef"]


def test_authorities_file_errors_name_the_field(tmp_path):
    path = tmp_path / "authorities.yaml"
    path.write_text("authorities:\n  SE: {status: maybe, source: x}\n  dk: {status: reported}\n",
                    encoding="utf-8")
    with pytest.raises(ProblemsError) as info:
        authorities.load(path)
    text = str(info.value)
    assert "authorities.SE" in text and "authorities.dk" in text


def test_score_json_has_fria_and_eu_database():
    code, out, _err = call("score", "--json", str(EXAMPLES / "da-cv-screening.yaml"))
    assert code == 0
    data = json.loads(out)
    # In use since 16 Mar 2026, before the high-risk date: a public authority's system in
    # service complies by 2 Aug 2030 (Art. 111(2)); riskkit.core.aiact_dates holds the dates.
    assert data["fria"]["required"] == "2030-08-02"
    assert "Art. 111(2)" in data["fria"]["reason"]
    assert set(data["fria"]["elements"]) == set("abcdef")
    assert "fria.complaints" in data["fria"]["elements"]["f"]["answers"]
    assert data["fria"]["notification"]["authority"]["country"] == "DK"
    assert data["eu_database"]["fields"]["submitter"]["value"].startswith("Jonas Friis")
    code, out, _err = call("score", "--json", str(EXAMPLES / "nb-citizen-chatbot.yaml"))
    data = json.loads(out)
    assert data["fria"]["required"] is False and "eu_database" not in data


def test_fria_command_writes_the_documents_and_keeps_existing_files(tmp_path):
    code, out, _err = call("fria", str(EXAMPLES / "da-cv-screening.yaml"), "-o", str(tmp_path))
    assert code == 0
    doc = (tmp_path / "da-cv-screening-fria.md").read_text(encoding="utf-8")
    assert doc.count("\n## (") == 6  # the six elements of Art. 27(1), each a heading
    registration = json.loads((tmp_path / "da-cv-screening-eu-database.json").read_text("utf-8"))
    assert registration["deployer"].count("Ådal Kommune") == 1
    data = json.loads((tmp_path / "da-cv-screening-fria.json").read_text("utf-8"))
    assert data["assessment_id"] == "RK-2026-0005" and "elements" in data["fria"]
    code, _out, err = call("fria", str(EXAMPLES / "da-cv-screening.yaml"), "-o", str(tmp_path))
    assert code != 0 and "--force" in err


def test_fria_command_says_when_no_fria_applies(tmp_path):
    code, _out, err = call("fria", str(EXAMPLES / "nb-citizen-chatbot.yaml"), "-o", str(tmp_path))
    assert code != 0 and "nb-citizen-chatbot.yaml" in err
    assert list(tmp_path.iterdir()) == []


def test_fria_due_now_once_the_high_risk_date_has_passed(q):
    # Art. 27(1) "prior to deploying": assessed after the Annex III high-risk date (Art. 113
    # as amended, in riskkit.core.aiact_dates) for a system not yet in use, the duty binds now.
    import datetime as dt

    answers = _load(q, "sv-social-assistance-risk-score",
                    **{"system.go_live": dt.date(2028, 3, 1)})
    answers = dataclasses.replace(answers, meta=dataclasses.replace(
        answers.meta, date=dt.date(2028, 1, 10)))
    f = fria.build(q, answers, score(q, answers), authorities.load())
    assert f.requirement.status == "now"
    assert fria.to_json(f)["fria"]["required"] == "now"


@pytest.mark.render
def test_pdf_has_the_fria_after_the_legal_conclusions(q):
    """Read back from a real PDF: the six elements as headings, the notification and the
    registration, placed after "What the law requires" and before the answers; the summary
    (pages 1-2) names its status."""
    from riskkit import i18n, report
    from riskkit.pdf.read import read_text

    with i18n.using("en"):
        answers = _load(q, "da-cv-screening")
        result = score(q, answers)
        pages = read_text(report.render_pdf(q, answers, result, lang="en")).split("\f")
    heading = "Fundamental rights impact assessment"
    text = "\n".join(pages)
    # sections flow on (no page break each): find them in the text, past the contents line
    first = text.index("This assessment describes the elements")
    legal = text.rindex("What the law requires", 0, first)
    after = text.index("Answers and what they did", first)
    assert text.rindex(heading, 0, first) > legal
    fria_text = " ".join(text[first:after].split())
    squashed = fria_text.replace(" ", "")
    for key, title in (("a", "The processes in which the system is used"),
                       ("b", "Period and frequency of use"),
                       ("f", "Measures if the risks materialise")):
        assert f"({key}){title}".replace(" ", "") in squashed
    assert "Notification to the market surveillance authority" in fria_text
    assert "Registration in the EU database" in fria_text
    assert "Digitaliseringsstyrelsen" in fria_text
    summary = " ".join(" ".join(pages[:2]).split())
    assert "Summary" in summary and f"{heading}: binding from" in summary


def test_private_body_providing_public_services_files_a_fria_but_does_not_register(q):
    # Art. 27(1) names "private entities providing public services"; Art. 49(3) registration
    # binds only "deployers that are public authorities" (or persons acting on their behalf).
    f = _build(q, "sv-social-assistance-risk-score",
               **{"system.deployer_public": "no", "system.public_service": "yes"})
    assert f.requirement.status != "not_required"
    assert "private body providing public services" in f.requirement.reason
    assert len(f.elements) == 6 and all(not e.gaps for e in f.elements)
    assert f.registration == ()
    assert "eu_database" not in fria.to_json(f)


def test_report_does_not_call_the_fria_required_where_the_ai_act_does_not_bind(q):
    # Norway: the AI Act is not yet part of the EEA Agreement (DOMAIN.md); the FRIA verdict in
    # the report says "good practice", not "required".
    from riskkit import i18n, report

    with i18n.using("en"):
        for name, expected in (("nb-pupil-learning-analytics", "good practice, not yet required"),
                               ("da-cv-screening", "required")):
            answers = _load(q, name)
            context = report.build_context(q, answers, score(q, answers), lang="en")
            verdict = next(v for v in context["verdicts"] if v["key"] == "fria")
            assert verdict["status"] == expected, name
