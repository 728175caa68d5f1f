"""The five shipped policy packs: they load, score every example, and give the statuses
reasoned by hand below.

Each expectation was decided from the example's answers (examples/*.yaml) and the pack's rules
(questionnaires/policies/*.yaml) before looking at riskkit's output; the reasoning is written
next to it. If an example's answers change, reason the clause again from the new answers; do
not copy riskkit's output.
"""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskkit.cli.env import Environment
from riskkit.cli.main import main
from riskkit.core import answers as A
from riskkit.core import policy
from riskkit.core.scoring import score
from riskkit.core.values import DONT_KNOW
from riskkit.i18n.babel_yaml import entries_from_yaml
from riskkit.load import policy as policy_packs
from riskkit.load import questionnaire
from tests.helpers import answers_for, examples

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
PACKS = {"no-kommune-ki": 15, "kalix": 16, "lekeberg": 10, "dk-dataetik": 11, "us-city-ai": 18}
LANGUAGE = {"no-kommune-ki": "nb", "kalix": "sv", "lekeberg": "sv", "dk-dataetik": "da",
            "us-city-ai": "en"}


@functools.cache
def _q():
    return questionnaire.load()


@functools.cache
def _pack(pid):
    return policy_packs.resolve(pid, _q())


@functools.cache
def _answers(name):
    path = EXAMPLES / name
    return A.loads(path.read_text(encoding="utf-8"), name, _q()).answers


def _result(pid, name):
    return score(_q(), _answers(name), _pack(pid))


def _examples() -> list[str]:
    return sorted(p.name for p in EXAMPLES.glob("*.yaml"))


# --- the packs themselves ---------------------------------------------------------------------


def test_the_five_packs_are_shipped():
    packs = policy_packs.shipped()
    assert {p.id: len(p.clauses) for p in packs} == PACKS
    for p in packs:
        assert Path(p.path).stem == p.id, "a shipped pack's file is named after its id"
        assert p.language == LANGUAGE[p.id]
        assert p.title and p.organisation and p.source
        assert all(c.text and c.ref for c in p.clauses)


@pytest.mark.parametrize("pid", PACKS)
def test_pack_text_is_extracted_for_translators(pid):
    path = policy_packs.policies_dir() / f"{pid}.yaml"
    entries = entries_from_yaml(path.read_text(encoding="utf-8"))
    contexts = [e.context for e in entries]
    pack = _pack(pid)
    assert contexts == [f"policy:{pid}:title"] + [
        context for c in pack.clauses for context in
        [f"clause:{pid}.{c.id}:text"] + ([f"clause:{pid}.{c.id}:interpretation"]
                                         if c.interpretation else [])]
    texts = {e.context: " ".join(e.msgid.split()) for e in entries}
    # the loader reads the same text the catalog is keyed on
    assert [texts[f"clause:{pid}.{c.id}:text"] for c in pack.clauses] == [
        " ".join(c.text.split()) for c in pack.clauses]
    assert [texts[f"clause:{pid}.{c.id}:interpretation"] for c in pack.clauses
            if c.interpretation] == [
        " ".join(c.interpretation.text.split()) for c in pack.clauses if c.interpretation]


@pytest.mark.parametrize("pid", PACKS)
@pytest.mark.parametrize("name", _examples())
def test_every_pack_scores_every_example(pid, name):
    result = _result(pid, name)
    assert len(result.policy.clauses) == PACKS[pid]
    assert sum(result.policy.counts.values()) == PACKS[pid]
    not_met = {c.id for c in result.policy.clauses if c.status == "not_met"}
    planned = {m.source for m in result.measures if m.source.startswith("policy:")}
    assert planned == {f"policy:{pid}.{cid}" for cid in not_met}
    matrix = _q().matrix
    levels = {r.id: r.residual.level for r in result.risks}
    for m in result.measures:
        if m.source.startswith("policy:"):
            clause = _pack(pid).clause_by_id[m.source.split(".", 1)[1]]
            expected = max((levels[r] for r in clause.risks), key=matrix.rank,
                           default=matrix.levels[0].id)
            assert m.priority == expected
            assert m.owner == (clause.owner or "department_head")
    for clause in result.policy.clauses:
        assert clause.status in policy.STATUSES
        if clause.status in ("met", "not_met", "unknown") and _pack(pid).clause_by_id[
                clause.id].requires:
            assert clause.answers, (clause.id, "the answers behind the status")
    json.dumps(result.to_dict(), ensure_ascii=False)


# --- statuses reasoned by hand -----------------------------------------------------------------
#
# M = met, N = not_met, U = unknown, NA = not_applicable. Each status with the clause's words
# (the strength in capitals where it is not a must) and why, from the example's answers. The
# ten statuses the review of December 2026 (../shared/reviews/policy-packs-2026-12.md) found
# wrong are marked REVIEW, with what the old pack said.

M, N, U, NA = "met", "not_met", "unknown", "not_applicable"

EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    # Norwegian municipality's KI policy on a meeting transcription service (speech
    # recognition, run internally, staff's meetings: personal data, internal and employee data).
    ("no-kommune-ki", "nb-meeting-transcription.yaml"): {
        "risk_assessment": M,  # "skal gjennomføres risikovurdering ... før": before_use yes
        # EXAMPLE "Relevante risikoer kan være bias ..., manglende transparens og svak
        # informasjonssikkerhet": risks to assess, assessed here; never a failure. REVIEW: the
        # old pack failed "risk of bias" (training data known only partly) and "risk of weak
        # security" (no AI-attack testing): controls the policy does not ask for.
        "relevant_risks": M,
        "nist_ai_rmf": M,  # SHOULD "Se NIST ... for ytterligere veiledning": riskkit's method
        "risk_register": M,  # "skal registreres i risikoregisteret": treatment_plan yes
        "business_use": M,  # "kun ... virksomhetsrelaterte formål": purpose_defined yes
        "work_email": NA,  # accounts on public/cloud services; this one runs internally
        "generated_content": NA,  # "generative KI-tjenester": recognition, not generative
        "no_internal_data": N,  # "Intern ... informasjon skal ikke mates inn": internal documents
        "purpose": M,  # "tydelige formål": purpose_defined yes (scope limits not asked for)
        "legal_basis": M,  # "gyldig rettslig grunnlag": public task
        "security_measures": M,  # "adekvate sikkerhetstiltak": access control, secure channels
        "strong_authentication": M,  # "Sterk autentisering skal alltid brukes": yes
        "right_to_object": NA,  # no decisions about people: Art. 22 not reached
        "ai_act": M,  # "EU AI-act" (a reference, read as no prohibited practice): none
        "gdpr_article_5": M,  # "GDPR artikkel 5" (read as minimisation, retention): yes, yes
    },
    # ... on pupil learning analytics (predictive, cloud, pupil records and ID numbers).
    ("no-kommune-ki", "nb-pupil-learning-analytics.yaml"): {
        "risk_assessment": M,
        "relevant_risks": M,  # EXAMPLE. REVIEW: old "risk of bias" not met (training data partly)
        "nist_ai_rmf": M,
        "risk_register": M,
        "business_use": M,
        "work_email": M,  # cloud service: "jobb-e-postadressen": work e-mail yes
        "generated_content": NA,  # predictive and analytics, not generative
        "no_internal_data": N,  # "herunder personopplysninger": pupil records and ID numbers
        "purpose": M,
        "legal_basis": M,
        "security_measures": M,
        "strong_authentication": M,
        # decision support with an independent assessment by teachers: Art. 22 not reached
        "right_to_object": NA,
        "ai_act": M,
        "gdpr_article_5": M,
    },
    # ... on the residents' chatbot (generative, cloud; answers go to residents unchecked).
    ("no-kommune-ki", "nb-citizen-chatbot.yaml"): {
        "risk_assessment": M,
        "relevant_risks": M,  # EXAMPLE. REVIEW: old "risk of bias" not met (training data partly)
        "nist_ai_rmf": M,
        "risk_register": M,
        "business_use": M,
        "work_email": M,  # cloud service, work e-mail yes
        # "Misvisende ... innhold skal ikke brukes": guidelines for generated content exist, but
        # nobody checks an answer before a resident reads it (user_review no), so nothing keeps
        # misleading content from being used (interpretation stated in the pack).
        "generated_content": N,
        "no_internal_data": N,  # resident data goes in
        "purpose": M,
        "legal_basis": M,
        "security_measures": M,
        "strong_authentication": M,
        "right_to_object": NA,  # no decisions
        "ai_act": M,
        "gdpr_article_5": M,
    },
    # ... on the US 311 triage (embedded, resident data; AI attacks "don't know").
    ("no-kommune-ki", "en-us-311-request-triage.yaml"): {
        "risk_assessment": M,
        "relevant_risks": M,  # EXAMPLE: "don't know" on AI attacks no longer decides it
        "nist_ai_rmf": M,
        "risk_register": M,
        "business_use": M,
        "work_email": NA,  # embedded in software already bought
        "generated_content": NA,  # predictive
        "no_internal_data": N,  # resident data, personal data yes
        "purpose": M,
        "legal_basis": M,
        "security_measures": M,
        "strong_authentication": M,
        "right_to_object": NA,  # asked whether decisions have significant effect: no
        "ai_act": M,
        "gdpr_article_5": M,
    },
    # Kalix kommun on the social-assistance risk score (staff draw strongly on the score and
    # usually follow it; secret, identifiers, health data; DPIA in progress).
    ("kalix", "sv-social-assistance-risk-score.yaml"): {
        # "får inte förstärka diskriminering": it scores people, so group testing applies: none
        "fairness": N,
        "transparency": N,  # "Det ska tydligt framgå": not disclosed in the case
        "accountability": N,  # "beslut ska alltid fattas av en människa": human_decides no
        "integrity": N,  # "får inte kränka ... integritet" (read as minimisation): no
        "implementation": M,  # "ansvarar för policyimplementering" (read as training): yes
        "risk_assessment": M,  # "ansvarar för riskbedömningar": this assessment is one
        "uses_documented": M,
        # "granska kvaliteten i AI-genererat material": the score is AI-generated material too;
        # caseworkers do not check it (output_check no). The old pack asked only generative AI.
        "quality_review": N,
        "human_approval": N,  # "utan mänsklig bedömning": staff usually follow the score
        "impact_analysis": N,  # "ska föregås av en risk- och konsekvensanalys": in progress
        # "även ... dataskyddsombud och informationssäkerhetssamordnare ska informeras": both
        "incidents": M,
        "sensitive_information": M,  # forbidden_rules yes
        "no_identifiers": N,  # "personnummer": ID numbers go in
        "no_special_categories": N,  # "art 9 (t.ex. hälsa)": health data
        "no_confidential": M,  # resident data, identifiers, secret: not "konfidentiell"
        "no_secret": N,  # "sekretessbelagd enligt ... OSL": secret information goes in
    },
    # ... on traffic camera analytics (recognition, internal, no decisions about people).
    ("kalix", "sv-traffic-camera-analytics.yaml"): {
        "fairness": M,  # biases identified and tested
        "transparency": NA,  # no decisions about individual people
        "accountability": M,
        "integrity": M,  # minimisation and retention yes
        "implementation": M,
        "risk_assessment": M,
        "uses_documented": M,
        "quality_review": M,  # recognition: staff check the counts before acting
        "human_approval": NA,  # no decisions about people
        "impact_analysis": M,  # DPIA done
        "incidents": M,  # DPO and security coordinator informed
        "sensitive_information": M,
        # "Personligt identifierbar information (t.ex. personnummer, elevakter)": read as direct
        # identifiers (the policy allows personal data after an impact analysis): images only
        "no_identifiers": M,
        "no_special_categories": M,  # none
        "no_confidential": M,
        "no_secret": M,
    },
    # ... on the letter-drafting assistant (generative, cloud, no personal data, assesses no one).
    ("kalix", "sv-letter-drafting-assistant.yaml"): {
        # "får inte ... snedvrida behandling av individer eller grupper": biases identified; it
        # drafts letters and assesses no one, so there is nothing to test between groups.
        # REVIEW: the old pack demanded group testing of it and said not met.
        "fairness": M,
        "transparency": NA,  # no personal data: no decisions about people
        "accountability": M,
        "integrity": NA,  # no personal data
        "implementation": M,
        "risk_assessment": M,
        "uses_documented": M,
        "quality_review": M,  # generative; users check the drafts
        "human_approval": NA,
        "impact_analysis": NA,
        "incidents": NA,  # "personuppgiftsincidenter": no personal data
        "sensitive_information": M,
        "no_identifiers": M,
        "no_special_categories": NA,
        "no_confidential": M,
        "no_secret": M,
    },
    # Lekebergs kommun on the same social-assistance risk score.
    ("lekeberg", "sv-social-assistance-risk-score.yaml"): {
        "p1_fairness": N,  # "Diskriminering ... får inte förekomma": scores people, not tested
        "p2_reliability": N,  # "robust även vid förändrade omständigheter": not checked
        # "skydd av användarens data och personliga integritet": minimisation no (MFA is no
        # longer demanded: the policy does not name it)
        "p3_integrity_security": N,
        "p4_transparency": N,  # "Beslut och processer ska kunna granskas": people not told
        "p5_accountability": M,  # owner and roles
        # "granskar det material som skapas": the score is material the AI creates, and
        # caseworkers usually follow it without checking. REVIEW: the old pack asked this of
        # generative AI only and said not applicable.
        "user_review": N,
        # "Endast information som får hanteras enligt dataskyddsregler": whole case files go
        # in (minimisation no). REVIEW: the old pack checked only legal basis and agreement
        # and said met.
        "data_protection": N,
        "public_tools_open_data": NA,  # embedded, not a public tool
        "deviations": M,  # "Avvikelser ska rapporteras": incident reporting yes
        "secure_development": M,  # reads from other systems; integration security yes
    },
    # ... on the letter-drafting assistant (generative, cloud, no personal data).
    ("lekeberg", "sv-letter-drafting-assistant.yaml"): {
        # "behandla alla individer och grupper rättvist": biases identified; it assesses no
        # one. REVIEW: the old pack demanded group testing and said not met.
        "p1_fairness": M,
        "p2_reliability": N,  # a few trials only; robustness not checked
        "p3_integrity_security": M,  # access control, secure channels; no personal data
        "p4_transparency": M,  # clearly informed, reviewable
        "p5_accountability": M,
        "user_review": M,  # generative; users check the drafts
        "data_protection": NA,  # no personal data
        "public_tools_open_data": NA,  # a cloud service under contract, not a public tool
        "deviations": M,
        "secure_development": NA,  # no integrations
    },
    # Danish data-ethics principles on job-centre process mining (resident data; DPIA in
    # progress; people told only in a general notice).
    ("dk-dataetik", "da-jobcenter-process-mining.yaml"): {
        "human_centre": M,  # SHOULD (a workshop principle)
        "data_control": M,  # SHOULD
        "transparency": N,  # "skal være transparente": told only in a general notice
        "risks_clear": M,  # "skal stå klart": risks assessed here; social consequences considered
        "accountability": N,  # SHOULD: DPIA in progress: a recommendation in the plan
        "equality": M,  # SHOULD: vulnerable people considered, biases identified
        "sustainability": M,  # SHOULD: environment and social consequences considered
        "purpose": M,  # "skal være utvetydigt": defined and explained
        # SHOULD "Hvis kommunens medarbejdere kan formidle formålet": they can. The document
        # leaves open "Skal vi kunne forklare alt for borgerne?". REVIEW: the old pack demanded
        # that residents be told clearly and said not met.
        "trust": M,
        "technological_understanding": M,  # "må aldrig blive et 'fordi maskinen siger det'"
        "involvement": M,  # EXAMPLE: "kan være en mulig vej"
    },
    # ... on CV screening (automated decisions; everything documented; environment not
    # considered; only staff involved).
    ("dk-dataetik", "da-cv-screening.yaml"): {
        "human_centre": M,
        "data_control": M,
        "transparency": M,  # clearly informed, explainable 4
        "risks_clear": M,
        "accountability": M,  # DPIA done, minimisation yes
        "equality": M,
        "sustainability": N,  # SHOULD: environmental impact not considered: a recommendation
        "purpose": M,
        "trust": M,
        "technological_understanding": M,  # no "because the machine says so"
        # EXAMPLE "En tæt involvering af både borgere og medarbejdere ... kan være en mulig vej":
        # only staff were involved, which the document does not demand. REVIEW: the old pack
        # made involvement of both mandatory and said not met.
        "involvement": M,
    },
    # US city's AI & LLM acceptable use policy on the 311 triage.
    ("us-city-ai", "en-us-311-request-triage.yaml"): {
        # "required to have IT Director approval": approved by the IT Director (not only CISO)
        "it_director_approval": M,
        "pii_awareness": M,  # "maintain awareness": knows the supplier stores, does not train
        "human_oversight": M,
        # agents usually follow the suggested routing (role support, usually_follow), which is
        # still their decision
        "no_automated_final_decisions": M,
        "documented": M,  # aids decisions about people: documented yes
        "output_assessment": M,  # quarterly
        "bias": M,  # SHOULD: identified
        "explainable": M,  # SHOULD: 3 on the scale
        # "Do not disclose or share any sensitive customer ... data": residents' requests tell
        # of health conditions (data.special health)
        "no_sensitive_data": N,
        "pii_breaches": M,  # "report ... to the IT Department and Data Privacy Officer": both
        "cjis": NA,  # no criminal justice information
        "surveillance_law": M,  # logged and monitored; complies with the state's law
        "secure_channels": M,
        "it_review": M,
        # "Use these models as a support tool": agents confirm each routing (output_check yes).
        # REVIEW: the old pack asked this of generative AI only and said not applicable.
        "support_tool": M,
        "audits": M,  # yearly review
        "monitoring_logging": M,  # logged and reviewed
        "training": M,
    },
    # ... on the Danish call-centre emotion analytics (nothing approved, little in place).
    ("us-city-ai", "da-call-centre-emotion-analytics.yaml"): {
        "it_director_approval": N,  # not approved yet
        "pii_awareness": M,  # knows the supplier uses the recordings for training
        "human_oversight": N,  # a person decides, but overseers lack competence and time
        # human_decides yes; role support with an independent assessment by team leaders
        "no_automated_final_decisions": M,
        "documented": N,  # aids decisions about staff; not documented
        "output_assessment": N,  # only when problems are reported
        "bias": N,  # SHOULD: not identified: a recommendation
        "explainable": N,  # SHOULD: 1, a black box: a recommendation
        "no_sensitive_data": N,  # ID numbers and health data go in
        "pii_breaches": N,  # reported, but only the DPO is informed, not the IT Department
        "cjis": NA,
        "surveillance_law": NA,  # asked in the US only
        "secure_channels": M,  # secure channels and access control yes
        "it_review": N,
        "support_tool": M,  # team leaders check the results
        "audits": N,  # reviewed only on change
        "monitoring_logging": N,  # logged, nobody reviews
        "training": N,
    },
}

# The ten statuses the review found wrong: (pack, example, the old clause, its old status, the
# clause that now carries the policy's words, its status). Each new status is what a careful
# reader of the policy says, and is written with its reason in EXPECTED above.
REVIEW_CASES = [
    ("no-kommune-ki", "nb-meeting-transcription.yaml", "risk_bias", N, "relevant_risks", M),
    ("no-kommune-ki", "nb-meeting-transcription.yaml", "risk_security", N, "relevant_risks", M),
    ("no-kommune-ki", "nb-pupil-learning-analytics.yaml", "risk_bias", N, "relevant_risks", M),
    ("no-kommune-ki", "nb-citizen-chatbot.yaml", "risk_bias", N, "relevant_risks", M),
    ("kalix", "sv-letter-drafting-assistant.yaml", "fairness", N, "fairness", M),
    ("lekeberg", "sv-letter-drafting-assistant.yaml", "p1_fairness", N, "p1_fairness", M),
    ("lekeberg", "sv-social-assistance-risk-score.yaml", "user_review", NA, "user_review", N),
    ("dk-dataetik", "da-jobcenter-process-mining.yaml", "trust", N, "trust", M),
    ("dk-dataetik", "da-cv-screening.yaml", "technological_understanding", N, "involvement", M),
    ("us-city-ai", "en-us-311-request-triage.yaml", "support_tool", NA, "support_tool", M),
]


@pytest.mark.parametrize("pid, name, old, was, cid, now", REVIEW_CASES, ids=str)
def test_the_ten_cases_of_the_review(pid, name, old, was, cid, now):
    statuses = {c.id: c.status for c in _result(pid, name).policy.clauses}
    assert statuses[cid] == now != was
    assert EXPECTED[(pid, name)][cid] == now
    # a clause merged away is gone; one split keeps its must part, which holds here
    assert old not in statuses or old == cid or statuses[old] == M


@pytest.mark.parametrize("pid, name", list(EXPECTED), ids=lambda v: str(v))
def test_statuses_reasoned_by_hand(pid, name):
    result = _result(pid, name)
    assert {c.id: c.status for c in result.policy.clauses} == EXPECTED[(pid, name)]


def test_every_pack_has_at_least_two_reasoned_examples():
    for pid in PACKS:
        assert sum(1 for p, _ in EXPECTED if p == pid) >= 2, pid


def test_answers_behind_a_status():
    result = _result("kalix", "sv-social-assistance-risk-score.yaml")
    by_id = {c.id: c for c in result.policy.clauses}
    # human_approval: the role holds, the rubber stamp breaks it; only the breaking answer shows
    assert [(a.question, a.value, a.outcome) for a in by_id["human_approval"].answers] == [
        ("decisions.rubber_stamp", "usually_follow", "fails")]
    assert [(a.question, a.value, a.outcome) for a in by_id["no_secret"].answers] == [
        ("data.fed_in", ["resident_data", "identifiers", "secret"], "fails")]
    assert [(a.question, a.value, a.outcome) for a in by_id["quality_review"].answers] == [
        ("reliability.output_check", "no", "fails")]
    # a requirement whose own `applies` is false is no part of the clause: the letter-drafting
    # assistant assesses no one, so only the bias sources are behind its fairness
    result = _result("kalix", "sv-letter-drafting-assistant.yaml")
    fairness = next(c for c in result.policy.clauses if c.id == "fairness")
    assert [(a.question, a.outcome) for a in fairness.answers] == [
        ("fairness.bias_sources", "holds")]


def test_clauses_not_met_are_in_the_treatment_plan():
    result = _result("us-city-ai", "da-call-centre-emotion-analytics.yaml")
    planned = {m.id: m for m in result.measures if m.source.startswith("policy:")}
    not_met = [cid for cid, s in EXPECTED[("us-city-ai", "da-call-centre-emotion-analytics.yaml")]
               .items() if s == N]
    assert sorted(planned) == sorted(f"P-us-city-ai.{cid}" for cid in not_met)
    # the IT Department owns what the policy gives it; the head of department the rest
    # the IT Department owns III.g, the one item the policy gives it; the rest is the
    # Department Head's (II: "Employees ...", "The Department Head ...")
    assert [m for m, x in planned.items() if x.owner != "department_head"] == [
        "P-us-city-ai.it_review"]
    assert planned["P-us-city-ai.it_review"].owner == "it"
    assert planned["P-us-city-ai.training"].text == (
        "Meet AI & LLM Acceptable Use Policy, III.k: Educate employees on the appropriate usage "
        "of AI and LLM platforms, including data privacy, security best practices, and the "
        "importance of adhering to the established policies.")
    # "should be identified": a recommendation, not a duty
    assert planned["P-us-city-ai.bias"].text == (
        "Recommended by AI & LLM Acceptable Use Policy, II Guidelines: Systemic, "
        "computational, and human biases should be identified and remediated.")


# --- the command line -------------------------------------------------------------------------


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err, environ={"LANG": "C.UTF-8"})
    code = main(list(argv), env)
    return code, out.getvalue(), err.getvalue()


def test_policies_list_json():
    code, out, err = call("policies", "list", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["id"], r["language"], r["clauses"]) for r in rows] == [
        ("dk-dataetik", "da", 11), ("kalix", "sv", 16), ("lekeberg", "sv", 10),
        ("no-kommune-ki", "nb", 15), ("us-city-ai", "en", 18)]
    kalix = rows[1]
    assert (kalix["title"], kalix["organisation"]) == (
        "Policy för artificiell intelligens (AI)", "Kalix kommun")


def test_policies_list_table():
    code, out, err = call("policies", "list")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "Language", "Clauses", "Organisation", "Title"]
    assert lines[2].startswith("kalix") and "Kalix kommun" in lines[2]
    assert len(lines) == 6


def test_score_policy_kalix_json():
    example = EXAMPLES / "sv-traffic-camera-analytics.yaml"
    code, out, err = call("score", str(example), "--policy", "kalix", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["policy"]["id"], data["policy"]["organisation"]) == ("kalix", "Kalix kommun")
    assert {c["id"]: c["status"] for c in data["policy"]["clauses"]} == EXPECTED[
        ("kalix", "sv-traffic-camera-analytics.yaml")]
    assert data["policy"]["counts"] == {"met": 14, "not_met": 0, "unknown": 0,
                                        "not_applicable": 2}
    fairness = data["policy"]["clauses"][0]
    assert fairness["text"].startswith("AI-system får inte förstärka diskriminering")
    # strength, the policy's words that give it, and riskkit's reading, owned
    assert (fairness["strength"], fairness["wording"]) == ("must", "får inte")
    assert fairness["interpretation"]["by"] == "riskkit"
    assert fairness["interpretation"]["text"].startswith("Policyn anger ingen kontroll.")
    # no decisions about people: the group testing requirement is no part of the clause
    assert fairness["answers"] == [
        {"question": "fairness.bias_sources", "value": "yes", "outcome": "holds"}]
    assert {c["id"]: c["interpretation"] for c in data["policy"]["clauses"]}["uses_documented"] \
        is None
    assert not [m for m in data["measures"] if m["source"].startswith("policy:")]


# --- the shipped packs' conditions match the questionnaire's ---------------------------------

@settings(max_examples=examples(150), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_shipped_clause_waits_on_a_question_that_is_not_asked(data):
    """Each clause's `applies` repeats the conditions of the questions it needs, so on any
    answers a clause that applies can be decided once those questions are answered."""
    q = _q()
    answers = data.draw(answers_for(q))
    for pid in PACKS:
        result = policy.evaluate(_pack(pid), q, answers)
        for clause in result.clauses:
            # `if_asked` requirements may rest on a question not asked; they then hold
            waiting = [a for a in clause.answers if a.outcome == "not_asked"]
            assert not (waiting and clause.status == "unknown"), (pid, clause.id)


# --- every demand of ../shared/seeds/README.md is a clause --------------------------------------
#
# The demands each source policy makes of an assessment (seeds/README.md, "what it demands of
# an assessment"), written out here so that this test runs from a clean clone, each with the
# clause(s) that check it. EXTRA lists the clauses taken from the policy text beyond the
# README's summary. A clause removed, renamed or added without a place here fails.

DEMANDS: dict[str, dict[str, tuple[str, ...]]] = {
    "no-kommune-ki": {
        "risk assessment before use, following the organisation's own risk procedure":
            ("risk_assessment",),
        "named risks: bias in training data, lack of transparency, weak information security "
        "(examples: 'kan være')": ("relevant_risks",),
        "NIST AI RMF as guidance": ("nist_ai_rmf",),
        "result registered in the risk register and measures followed up in the risk "
        "treatment plan": ("risk_register",),
        "defined purpose": ("purpose",),
        "valid legal basis": ("legal_basis",),
        "adequate security": ("security_measures",),
        "strong authentication always": ("strong_authentication",),
        "GDPR Art. 22 right to object": ("right_to_object",),
        "no internal, confidential or personal data fed into AI services": ("no_internal_data",),
        "work e-mail only": ("work_email",),
        "no misleading or discriminatory generated content": ("generated_content",),
        "references EU AI Act, GDPR Art. 5 and 22(1)":
            ("ai_act", "gdpr_article_5", "right_to_object"),
    },
    "kalix": {
        "fairness (no discrimination)": ("fairness",),
        "transparency (clear when AI supports a decision)": ("transparency",),
        "accountability (human oversight, every decision taken by a human)":
            ("accountability", "human_approval"),
        "integrity": ("integrity",),
        "each head of department owns the risk assessments": ("risk_assessment",),
        "and documents the uses": ("uses_documented",),
        "AI use that processes personal data needs a risk and impact analysis (DPIA) first":
            ("impact_analysis",),
        "incidents reported to the DPO and the security coordinator": ("incidents",),
        "never fed to AI: personal identifiers (personnummer, pupil records)":
            ("no_identifiers",),
        "never fed to AI: GDPR Art. 9 data": ("no_special_categories",),
        "never fed to AI: confidential data (budgets, crisis plans, procurement)":
            ("no_confidential",),
        "never fed to AI: data under secrecy law (OSL 2009:400)": ("no_secret",),
        # "review every two years" is the IT-chef's duty to update the policy document, not a
        # demand on an assessment: no clause (see the pack's header).
    },
    "lekeberg": {
        "§1 fairness": ("p1_fairness",),
        "§2 reliability (robust when circumstances change)": ("p2_reliability",),
        "§3 integrity and security (no unauthorised access)": ("p3_integrity_security",),
        "§4 transparency (decisions and processes can be reviewed)": ("p4_transparency",),
        "§5 accountability (clear roles for responsibility and evaluation)":
            ("p5_accountability",),
        "public AI tools only for open data": ("public_tools_open_data",),
        "deviations reported": ("deviations",),
        "security considered when developing AI applications and integrations":
            ("secure_development",),
    },
    "dk-dataetik": {
        "the human at the centre": ("human_centre",),
        "individual data control": ("data_control",),
        "transparency and explainability (gennemskuelighed)": ("transparency",),
        "accountability": ("accountability",),
        "equality (vulnerable people, discrimination, stigmatisation, bias)": ("equality",),
        "sustainability (environmental and social)": ("sustainability",),
        "focus area: an unambiguous purpose": ("purpose",),
        "focus area: citizens' trust": ("trust",),
        "focus area: technological understanding (never 'because the machine says so'; "
        "involve citizens and staff early)": ("technological_understanding", "involvement"),
    },
    "us-city-ai": {
        "IT Director approval before adopting an AI system": ("it_director_approval",),
        "IT review of integrations": ("it_review",),
        "human oversight": ("human_oversight",),
        "no automated final decisions": ("no_automated_final_decisions",),
        "outcomes, decisions and methods documented": ("documented",),
        "the Department Head periodically assesses outputs for reliability, safety and "
        "fairness": ("output_assessment",),
        "systemic, computational and human bias identified and remediated": ("bias",),
        "explainable as far as practicable": ("explainable",),
        "no sensitive customer, employee, voter or CJIS data in AI platforms":
            ("no_sensitive_data",),
        "PII per Wisconsin law, breaches reported (Wis. Stat. § 134.98)": ("pii_breaches",),
        # from the policy text (the review's findings on II and III.d)
        "awareness of how the AI system uses PII (II)": ("pii_awareness",),
        "monitoring complies with the Wisconsin Electronic Surveillance Control Law (III.d)":
            ("surveillance_law",),
        "CJIS Security Policy": ("cjis",),
        "secure channels": ("secure_channels",),
        "audits, monitoring and logging of AI use": ("audits", "monitoring_logging"),
        "staff training": ("training",),
    },
}

EXTRA = {
    "no-kommune-ki": {"business_use"},  # "kun virksomhetsrelaterte formål"
    "kalix": {"implementation", "quality_review", "sensitive_information"},  # sections 5 and 6
    "lekeberg": {"user_review", "data_protection"},  # section 5
    "dk-dataetik": {"risks_clear"},  # Gennemskuelighed: "skal stå klart"
    "us-city-ai": {"support_tool"},  # III.h
}


@pytest.mark.parametrize("pid", PACKS)
def test_every_seed_demand_is_a_clause(pid):
    clauses = set(_pack(pid).clause_by_id)
    demanded = {c for cs in DEMANDS[pid].values() for c in cs}
    assert demanded - clauses == set(), "demands without their clause"
    assert clauses - demanded - EXTRA[pid] == set(), "clauses not traced to a demand"


METHODS_OWN = {
    # "Se NIST ... for ytterligere veiledning": riskkit's method follows the NIST AI RMF
    "no-kommune-ki": ["nist_ai_rmf"],
    # "Varje verksamhetschef ansvarar för riskbedömningar": this assessment is one
    "kalix": ["risk_assessment"],
}


@pytest.mark.parametrize("pid", PACKS)
def test_every_clause_but_the_methods_own_rests_on_answers(pid):
    # Only what riskkit's method itself does (and examples, which name risks it assesses) is
    # met without answers; every other demand must be checked against answers, or the pack
    # would report it met unseen.
    empty = [c.id for c in _pack(pid).clauses if not c.requires and c.strength != "example"]
    assert empty == METHODS_OWN.get(pid, [])
    for c in _pack(pid).clauses:
        if c.strength == "example":
            assert c.risks and not c.requires, c.id


@settings(max_examples=examples(100), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_dont_know_never_makes_a_clause_met_or_not_applicable(data):
    """An answer that becomes "don't know" may leave a clause undecided, never settle it."""
    q = _q()
    answers = data.draw(answers_for(q))
    target = data.draw(st.sampled_from([x for x in q.questions if x.closed]))
    after_answers = answers.with_answer(target.id, DONT_KNOW)
    for pid in PACKS:
        before = {c.id: c.status for c in policy.evaluate(_pack(pid), q, answers).clauses}
        after = {c.id: c.status for c in policy.evaluate(_pack(pid), q, after_answers).clauses}
        for cid, status in after.items():
            if status in ("met", "not_applicable"):
                assert before[cid] in ("met", "not_applicable"), (pid, cid, before[cid], status)


# --- answers files made before the pack questions -----------------------------------------------

NEW_QUESTIONS = ("oversight.it_director_approval", "security.incident_recipients",
                 "security.surveillance_law", "reliability.output_check")


def test_an_answers_file_from_before_the_pack_questions_still_loads_and_decides_nothing_new():
    """ai.yaml gained four questions for the packs (#14). A file answered before them, with the
    old questionnaire hash, still loads and scores; the clauses that need a new question are
    not known (nobody was asked), never met by default."""
    text = (EXAMPLES / "en-us-311-request-triage.yaml").read_text(encoding="utf-8")
    old = "\n".join(line for line in text.splitlines()
                    if not line.strip().startswith(NEW_QUESTIONS))
    old = old.replace(_q().content_hash, "sha256:" + "0" * 64)
    answers = A.loads(old, "old.yaml", _q()).answers
    assert not set(NEW_QUESTIONS) & set(answers.values)
    result = score(_q(), answers, _pack("us-city-ai"))
    statuses = {c.id: c.status for c in result.policy.clauses}
    for cid in ("it_director_approval", "pii_breaches", "surveillance_law", "support_tool"):
        assert statuses[cid] == U, cid
    assert statuses["training"] == M  # everything else as before


def test_the_example_in_the_format_docs_is_a_valid_pack(tmp_path):
    """docs/policy-format.md gives organisations a pack to copy: it must load as it stands and
    behave as the docs say (a should not met recommends, an example never fails)."""
    doc = (REPO / "docs" / "policy-format.md").read_text(encoding="utf-8")
    after = doc.split("An example an organisation can copy", 1)[1]
    block = after.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "eksempel.yaml"
    path.write_text("id: eksempel\ntitle: Policy for bruk av KI\norganisation: Eksempel kommune\n"
                    "language: nb\nsource: Eksempel kommune, policy for bruk av KI\n" + block,
                    encoding="utf-8")
    pack = policy_packs.load(path, _q())
    assert [(c.id, c.strength) for c in pack.clauses] == [
        ("integrity", "must"), ("explain", "should"), ("risks", "example")]
    assert pack.clause_by_id["integrity"].interpretation.by == (
        "Informasjonssikkerhetsleder, Eksempel kommune")
    # the social-assistance score: minimisation no, explainable 2
    result = score(_q(), _answers("sv-social-assistance-risk-score.yaml"), pack)
    assert {c.id: c.status for c in result.policy.clauses} == {
        "integrity": N, "explain": N, "risks": M}
    texts = {m.source: m.text for m in result.measures if m.source.startswith("policy:")}
    assert texts["policy:eksempel.explain"].startswith("Recommended by Policy for bruk av KI")
    assert texts["policy:eksempel.integrity"].startswith("Meet Policy for bruk av KI")


@pytest.mark.parametrize("name, asked", [
    # US, logged and monitored, personal data, predictive, approved by the CISO or IT director
    ("en-us-311-request-triage.yaml", set(NEW_QUESTIONS)),
    # Norway: no surveillance-law question; generative only: no output check for other AI
    ("nb-citizen-chatbot.yaml", {"oversight.it_director_approval",
                                 "security.incident_recipients"}),
    # no personal data: nobody to tell of a personal data breach
    ("sv-letter-drafting-assistant.yaml", {"oversight.it_director_approval"}),
    # not approved by the CISO or IT director: nothing to ask about the IT director
    ("sv-social-assistance-risk-score.yaml", {"security.incident_recipients",
                                              "reliability.output_check"}),
])
def test_the_pack_questions_are_asked_only_where_they_apply(name, asked):
    result = score(_q(), _answers(name))
    assert set(NEW_QUESTIONS) & set(result.asked) == asked
    assert not set(NEW_QUESTIONS) & set(result.unanswered)
