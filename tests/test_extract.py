"""The YAML extractor: contexts, line numbers and comments, and that Babel finds it."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

from riskkit.i18n.babel_yaml import entries_from_yaml, extract_yaml

REPO = Path(__file__).resolve().parent.parent
PYBABEL = Path(sys.executable).with_name("pybabel")

QUESTIONNAIRE = """\
id: sample
version: 1.0.0
title: Sample assessment
risks: risks.yaml
sections:
  - id: data
    title: Data and personal data
    intro: >-
      A few questions about
      the data.
    questions:
      - id: data.special
        type: yesno
        text: Does the system process special categories of personal data?
        help: Health, religion, ethnicity.
        choices:
          - value: yes
            label: Must not be extracted
          - value: no
      - id: data.kind
        type: single
        text: What data?
        choices:
          - value: public
            label: Public data only
          - value: internal
            label: "Internal documents"
      - id: data.confidence
        type: scale
        text: How confident are you?
        scale: {min: 1, max: 5, min_label: Not at all, max_label: Completely}
        choices:
          - value: 1
            label: Guessing
      - id: sec.mfa
        type: yesno
        text: Is multi-factor authentication required?
        practice:
          measure: Require multi-factor authentication.
      - id: meta.owner
        type: text
        text: Who owns the system?
        help: ""
"""


def contexts(text: str) -> list[tuple[int, str, str]]:
    return [(e.lineno, e.context, e.msgid) for e in entries_from_yaml(text)]


def test_questionnaire_contexts_and_lines():
    assert contexts(QUESTIONNAIRE) == [
        (3, "questionnaire:sample:title", "Sample assessment"),
        (7, "section:data:title", "Data and personal data"),
        (8, "section:data:intro", "A few questions about the data."),
        (14, "question:data.special:text",
         "Does the system process special categories of personal data?"),
        (15, "question:data.special:help", "Health, religion, ethnicity."),
        (22, "question:data.kind:text", "What data?"),
        (25, "question:data.kind:choice.public", "Public data only"),
        (27, "question:data.kind:choice.internal", "Internal documents"),
        (30, "question:data.confidence:text", "How confident are you?"),
        (31, "question:data.confidence:scale.min_label", "Not at all"),
        (31, "question:data.confidence:scale.max_label", "Completely"),
        (34, "question:data.confidence:choice.1", "Guessing"),
        (37, "question:sec.mfa:text", "Is multi-factor authentication required?"),
        (39, "question:sec.mfa:measure", "Require multi-factor authentication."),
        (42, "question:meta.owner:text", "Who owns the system?"),
    ]


def test_translator_comments_say_what_and_where():
    comments = {e.context: e.comment for e in entries_from_yaml(QUESTIONNAIRE)}
    assert comments["question:data.special:text"] == (
        "Question data.special (section data), shown as the question in the interview and "
        "the PDF appendix")
    assert comments["question:data.special:help"] == (
        "Help text of question data.special: shown when the person asks for help")
    assert "lowest value (1)" in comments["question:data.confidence:scale.min_label"]
    assert "highest value (5)" in comments["question:data.confidence:scale.max_label"]
    assert "treatment plan" in comments["question:sec.mfa:measure"]
    assert "public" in comments["question:data.kind:choice.public"]


RISKS = """\
roles:
  - {id: dpo, label: Data protection officer}
risks:
  - id: harmful_bias
    title: Harmful bias and discrimination
    description: >-
      The system treats people
      unequally.
    owner: dpo
"""

MATRIX = """\
likelihood:
  - {value: 1, label: Rare, description: Less than once in 10 years}
  - {value: 2, label: Likely}
consequence:
  - value: 1
    label: Insignificant
    description: No noticeable effect
levels:
  - {id: low, label: Low, max_score: 4, colour: "#3f8f4f"}
"""

DPIA = """\
countries:
  NO:
    authority: Datatilsynet
    source: "Datatilsynet, list of processing operations requiring a DPIA (2019)"
    items:
      - id: no.welfare_technology
        text: Welfare technology that processes personal data
        facts: [welfare_technology]
  SE:
    authority: IMY
    note: IMY requires a DPIA when two criteria are met.
    items: []
"""

NIST = """\
source: NIST AI 100-1
functions:
  - id: GOVERN
    categories:
      - id: GOVERN 1
        title: Policies are in place.
        subcategories: ["GOVERN 1.1"]
"""

POLICY = """\
id: oslo-ai
title: Guidelines for AI
clauses:
  - id: "3.1"
    text: Never enter personal data into public AI services.
  - id: "3.2"
    text: >-
      Check every output
      before use.
"""


@pytest.mark.parametrize("text, expected", [
    (RISKS, [
        (2, "role:dpo:label", "Data protection officer"),
        (5, "risk:harmful_bias:title", "Harmful bias and discrimination"),
        (6, "risk:harmful_bias:description", "The system treats people unequally."),
    ]),
    (MATRIX, [
        (2, "matrix:likelihood.1:label", "Rare"),
        (2, "matrix:likelihood.1:description", "Less than once in 10 years"),
        (3, "matrix:likelihood.2:label", "Likely"),
        (6, "matrix:consequence.1:label", "Insignificant"),
        (7, "matrix:consequence.1:description", "No noticeable effect"),
        (9, "matrix:level.low:label", "Low"),
    ]),
    (DPIA, [
        (4, "dpia:NO:source",
         "Datatilsynet, list of processing operations requiring a DPIA (2019)"),
        (7, "dpia:no.welfare_technology:text", "Welfare technology that processes personal data"),
        (11, "dpia:SE:note", "IMY requires a DPIA when two criteria are met."),
    ]),
    (NIST, [(6, "nist:GOVERN 1:title", "Policies are in place.")]),
    (POLICY, [
        (2, "policy:oslo-ai:title", "Guidelines for AI"),
        (5, "clause:oslo-ai.3.1:text", "Never enter personal data into public AI services."),
        (7, "clause:oslo-ai.3.2:text", "Check every output before use."),
    ]),
    ("", []),
    ("- just\n- a list\n", []),
])
def test_content_files(text, expected):
    assert contexts(text) == expected


def test_babel_extractor_interface():
    results = list(extract_yaml(io.BytesIO(RISKS.encode()), DEFAULT_KEYWORDS.keys(), [], {}))
    lineno, funcname, messages, comments = results[0]
    assert (lineno, funcname, messages) == (2, "pgettext",
                                            ("role:dpo:label", "Data protection officer"))
    assert comments and "dpo" in comments[0]


def test_registered_as_babel_extractor(tmp_path):
    [ep] = [ep for ep in entry_points(group="babel.extractors") if ep.name == "riskkit_yaml"]
    assert ep.load() is extract_yaml
    sample = tmp_path / "risks.yaml"
    sample.write_text(RISKS, encoding="utf-8")
    found = list(extract_from_file("riskkit_yaml", str(sample)))
    assert (2, "Data protection officer", found[0][2], "role:dpo:label") == \
        (found[0][0], found[0][1], found[0][2], found[0][3])


def test_non_ascii_content_survives():
    text = "risks:\n  - id: x\n    title: Skjevhet – «diskriminering»\n"
    assert contexts(text) == [(3, "risk:x:title", "Skjevhet – «diskriminering»")]


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A copy of babel.cfg with one file of each kind it maps."""
    shutil.copy(REPO / "babel.cfg", tmp_path / "babel.cfg")
    (tmp_path / "questionnaires").mkdir()
    (tmp_path / "questionnaires" / "ai.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (tmp_path / "questionnaires" / "risks.yaml").write_text(RISKS, encoding="utf-8")
    (tmp_path / "src" / "riskkit").mkdir(parents=True)
    (tmp_path / "src" / "riskkit" / "mod.py").write_text(textwrap.dedent('''\
        from riskkit.i18n import _, NP_, N_, ngettext, pgettext, npgettext

        def f(n):
            # Translators: shown when the interview is saved.
            print(_("Answers saved."))
            print(pgettext("menu", "Quit"))
            print(ngettext("{n} file", "{n} files", n))
            print(npgettext("count", "{n} risk", "{n} risks", n))
            return N_("Marked"), NP_("argparse", "usage: ")
        '''), encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report.html").write_text(textwrap.dedent('''\
        <h1>{{ _("Summary") }}</h1>
        {# Translators: the heading over the heat map #}
        <p>{% trans %}
           Risk matrix
        {% endtrans %}</p>
        <p>{{ pgettext("report", "Owner") }}</p>
        '''), encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text('_("Not for translators")\n')
    return tmp_path


def test_pybabel_extract_with_babel_cfg_finds_every_kind_of_string(mini_project):
    out = mini_project / "out.pot"
    proc = subprocess.run([str(PYBABEL), "extract", "-F", "babel.cfg", "-o", str(out), "."],
                          cwd=mini_project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    with out.open("rb") as fh:
        catalog = read_po(fh)
    found = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    # YAML, with context, comment and the line of the string
    special = found[("question:data.special:text",
                     "Does the system process special categories of personal data?")]
    assert special.locations == [("questionnaires/ai.yaml", 14)]
    assert special.auto_comments[0].startswith("Question data.special (section data)")
    assert (("role:dpo:label", "Data protection officer")) in found
    # Python: our keywords, and Translators: comments
    assert found[(None, "Answers saved.")].auto_comments == [
        "Translators: shown when the interview is saved."]
    for key in [("menu", "Quit"), (None, "{n} file"), ("count", "{n} risk"), (None, "Marked"),
                ("argparse", "usage: ")]:
        assert key in found, key
    # Jinja2 templates, trimmed, with comments
    assert (None, "Summary") in found
    assert found[(None, "Risk matrix")].auto_comments == ["the heading over the heat map"]
    assert ("report", "Owner") in found
    # tests are not extracted
    assert (None, "Not for translators") not in found


def test_shipped_content_all_extracted():
    """Every string of the shipped YAML has a context naming where it comes from."""
    for path in sorted((REPO / "questionnaires").glob("*.yaml")):
        if path.name in ("ai-act-dates.yaml", "market-surveillance.yaml"):
            # dates, authority names, article references and source citations: nothing to
            # translate
            continue
        entries = entries_from_yaml(path.read_text(encoding="utf-8"))
        assert entries, path
        for entry in entries:
            kind, field = entry.context.split(":")[0], entry.context.rsplit(":", 1)[1]
            assert kind in {"questionnaire", "section", "question", "risk", "role", "matrix",
                            "dpia", "nist", "policy", "clause"}
            assert field and entry.comment and entry.lineno > 0
