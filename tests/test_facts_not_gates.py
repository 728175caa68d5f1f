"""Verdicts follow what the answers establish together, not one yes/no (issue #13, legal review
of December 2026). Each case is a shipped example altered the way the reviewer altered it, run
through the real questionnaire; each test states the law that decides it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from riskkit.core import answers as A
from riskkit.core.scoring import score
from riskkit.i18n import using
from tests.helpers import EXAMPLES, scored, shipped_questionnaire


def test_personal_data_follows_the_data_fed_in_not_the_personal_data_answer():
    # GDPR Art. 4(1), 35(1): residents' data and identity numbers are personal data whatever
    # data.personal says, so the DPIA and Art. 22 screening must be asked and judged. The
    # review: every DPIA and Art. 22 question was skipped, DPIA "recommended", no warning.
    r = scored("nb-citizen-chatbot.yaml", data__personal="no",
               data__fed_in=["resident_data", "identifiers"])
    assert "dpia.evaluation" in r.asked and "decisions.role" in r.asked
    assert r.facts["personal_data"] == "true"
    (inc,) = [i for i in r.inconsistencies if i.questions[0] == "data.personal"]
    assert inc.questions == ("data.personal", "data.fed_in")
    assert "GDPR Art. 4(1)" in inc.text


def test_art_22_answers_feed_wp248_criterion_2_and_art_35_3_a():
    # WP248 rev.01 criterion 2 is an automated decision with legal or similar effect, which
    # is what the Art. 22 answers establish; with a large-scale scoring of people, Art.
    # 35(3)(a) applies. The review: Art. 22 engaged but dpia.automated_decision "no" gave
    # only "recommended".
    r = scored("sv-social-assistance-risk-score.yaml", dpia__automated_decision="no",
               dpia__systematic_evaluation="no")
    assert r.facts["wp248.automated_decision"] == "true"
    assert r.facts["art35_3.a"] == "true"
    assert "art35_3.a" in r.verdicts.dpia.details["art35_3"]
    assert r.verdicts.dpia.status == "required"
    contradicted = {i.questions[0] for i in r.inconsistencies}
    assert {"dpia.automated_decision", "dpia.systematic_evaluation"} <= contradicted


def test_a_benefit_score_caseworkers_usually_follow_is_high_risk_whatever_the_6_3_answers():
    # The review's case: Annex III 5(a) score that caseworkers "usually follow" (Art. 22
    # engaged), large-scale profiling, narrow task "yes", AI Act profiling "no" came out
    # "minimal" with no FRIA. Art. 6(3): material influence on the decision and profiling
    # (Art. 3(52) = GDPR Art. 4(4)) each defeat the exemption; Art. 27(1): FRIA.
    # Since questionnaire 1.2.0, AI Act profiling is not asked again: it is the GDPR
    # evaluation answer (dpia.evaluation "yes" in this example).
    r = scored("sv-social-assistance-risk-score.yaml", aiact__narrow_task="yes",
               aiact__provider_assessment="yes")
    assert r.facts["aiact.profiling"] == "true"
    assert r.verdicts.ai_act.status == "high_risk"
    assert r.verdicts.ai_act.details["fria_required"] is True
    contradicted = {i.questions[0] for i in r.inconsistencies}
    assert "aiact.narrow_task" in contradicted


def test_a_mandatory_dpia_cannot_be_waived_on_advice():
    # GDPR Art. 35(1), (3): where the law requires a DPIA, the DPO's advice that none is
    # needed does not make it a measure in place. The review: "not needed" lowered the
    # residual risk and no DPIA measure was planned.
    r = scored("sv-social-assistance-risk-score.yaml", dpia__done="not_needed")
    assert r.verdicts.dpia.status == "required"
    assert "M-dpia.done" in [m.id for m in r.measures]
    unlawful = next(x for x in r.risks if x.id == "unlawful_processing")
    assert all(s.source != "dpia.done" for s in unlawful.residual.likelihood.steps)
    assert any("cannot stand" in x.text for x in r.verdicts.dpia.reasons)
    # Where the law leaves the choice (no personal data risk rated high, one criterion), the
    # documented advice still counts: the letter assistant has no personal data at all.


def test_a_likely_high_inherent_privacy_risk_itself_requires_a_dpia():
    # GDPR Art. 35(1): "likely to result in a high risk". The review: four privacy risks at
    # inherent "high" and the DPIA only "recommended". The chatbot has one WP248 criterion
    # (AI) and harmful bias rated high before measures.
    r = scored("nb-citizen-chatbot.yaml")
    assert r.verdicts.dpia.details["criteria"] == ["wp248.innovative_technology"]
    assert r.verdicts.dpia.status == "required"
    assert any("GDPR Art. 35(1)" in x.refs and "likely high risk" in x.text
               for x in r.verdicts.dpia.reasons)


def test_score_json_lists_the_inconsistencies_at_the_top_level(tmp_path):
    src = (EXAMPLES / "nb-citizen-chatbot.yaml").read_text(encoding="utf-8")
    altered = src.replace('  data.personal: "yes"', '  data.personal: "no"', 1)
    assert altered != src
    path = tmp_path / "answers.yaml"
    path.write_text(altered, encoding="utf-8")
    exe = str(Path(sys.executable).with_name("riskkit"))
    proc = subprocess.run([exe, "score", "--json", "--lang", "en", str(path)],
                          check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["inconsistencies"] == [{
        "questions": ["data.personal", "data.fed_in"],
        "text": data["inconsistencies"][0]["text"],
    }]
    assert "GDPR Art. 4(1)" in data["inconsistencies"][0]["text"]


def test_an_answers_file_for_version_1_0_0_loads_and_is_told_what_is_new():
    # Issue #13 changed the questionnaire (1.1.0): old answers files and PDFs must still load,
    # with the version change and the questions they were never asked named.
    src = (EXAMPLES / "da-cv-screening.yaml").read_text(encoding="utf-8")
    old = src.replace(f"  version: {shipped_questionnaire().version}", "  version: 1.0.0", 1)
    for qid in ("aiact.role", "aiact.annex1", "decisions.exception_justified"):
        old = "\n".join(line for line in old.split("\n") if not line.startswith(f"  {qid}:"))
    with using("en"):
        loaded = A.loads(old, "old.yaml", shipped_questionnaire())
        texts = [n.message for n in loaded.notices]
    version = shipped_questionnaire().version
    assert any(f"written for version 1.0.0; this is version {version}" in t for t in texts)
    (new,) = [t for t in texts if t.startswith("new questions since version 1.0.0")]
    for qid in ("aiact.role", "aiact.annex1", "decisions.exception_justified"):
        assert qid in new
    # Only the new questions these answers make relevant: a public body is not asked
    # whether it is a private body providing public services.
    assert "system.public_service" not in new
    # Unanswered new questions count as "don't know", never as the benign answer.
    with using("en"):
        r = score(shipped_questionnaire(), loaded.answers)
    assert "aiact.role" in r.unanswered
    assert r.verdicts.ai_act.details["role"] == "provider"
