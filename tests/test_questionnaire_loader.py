"""The loader names every problem at once, with file, line and field."""

from __future__ import annotations

import pytest

from riskkit.errors import ProblemsError
from riskkit.load import questionnaire


def messages(path) -> list[str]:
    return [str(p) for p in questionnaire.validate(path)]


def test_mini_questionnaire_loads(mini):
    assert [q.id for q in mini.questions][:3] == ["data.personal", "data.special", "data.kinds"]
    assert mini.by_id["data.special"].when.refs == {"data.personal"}
    assert mini.content_hash.startswith("sha256:")


def test_every_problem_is_reported_with_file_line_and_field(write_questionnaire):
    path = write_questionnaire("""\
        sections:
          - id: s
            title: S
            questions:
              - id: a
                type: yesno
                text: A?
                choices:
                  - value: yes
                    raises: {R9: {likelihood: 1}}
                    facts: [not_a_fact]
              - id: a
                type: single
                text: Duplicate
                choices:
                  - {value: x, label: X}
              - id: b
                type: colour
                text: B?
                hepl: typo
                nist: [MEASURE 9.9]
        """)
    found = messages(path)
    text = "\n".join(found)
    # The header takes 7 lines, so `sections:` stands on line 8.
    assert "q.yaml line 17: question `a`, choice `yes`: references unknown risk `R9`" in text
    assert "line 18: question `a`, choice `yes`: unknown fact `not_a_fact`" in text
    assert "line 19: question `a`: duplicate question id (first at line 12)" in text
    assert "question `a`: single questions need at least two choices" in text
    assert "line 25: question `b`: unknown type `colour`" in text
    assert "line 27: question `b`: unknown field `hepl`" in text
    assert "line 28: question `b`: `MEASURE 9.9` is not a NIST AI RMF subcategory" in text
    assert len(found) == 7
    lines = [p.line for p in questionnaire.validate(path)]
    assert lines == sorted(lines), "problems are listed in file order"


def test_conditions_dangling_forward_and_cycles_are_errors(write_questionnaire):
    path = write_questionnaire("""\
        sections:
          - id: s
            title: S
            questions:
              - id: a
                type: yesno
                text: A?
                when: "may('b', 'yes')"
              - id: b
                type: yesno
                text: B?
                when: "may('a', 'yes')"
              - id: c
                type: yesno
                text: C?
                when: "may('ghost', 'yes')"
              - id: d
                type: yesno
                text: D?
                when: "may('c', 'yes') and __import__('os')"
        """)
    text = "\n".join(messages(path))
    assert "question `a`: condition forms a cycle through `b`" in text
    assert "question `b`: condition forms a cycle through `a`" in text
    assert "question `c`: condition refers to unknown question `ghost`" in text
    assert "question `d`: condition: only the functions may, chose, unknown, answered" in text


def test_forward_reference_without_cycle(write_questionnaire):
    path = write_questionnaire("""\
        sections:
          - id: s
            title: S
            questions:
              - id: a
                type: yesno
                text: A?
                when: "may('b', 'yes')"
              - id: b
                type: yesno
                text: B?
        """)
    assert any("which is asked later" in m for m in messages(path))


def test_yaml_syntax_error_names_line(write_questionnaire):
    path = write_questionnaire("sections:\n  - id: s\n    title: [unclosed\n")
    (problem,) = questionnaire.validate(path)
    # Lines 8-10 hold the text; the parser notices at the end (line 11) and names where the
    # unclosed sequence began.
    assert problem.file.endswith("q.yaml") and problem.line == 11
    assert "not valid YAML" in problem.message and "starts at line 10" in problem.message


def test_missing_referenced_file(write_questionnaire, tmp_path):
    (tmp_path / "matrix.yaml").unlink()
    path = write_questionnaire("sections: []\n")
    text = "\n".join(messages(path))
    assert "matrix.yaml: file not found" in text
    assert "field `sections` must be a non-empty list" in text


def test_matrix_and_risk_catalogue_are_validated(write_questionnaire, tmp_path):
    (tmp_path / "matrix.yaml").write_text(
        "likelihood:\n  - {value: 1, label: A}\n  - {value: 3, label: B}\n"
        "consequence:\n  - {value: 1, label: A}\n  - {value: 2, label: B}\n"
        "levels:\n  - {id: low, label: Low, max_score: 2, colour: green, deadline_days: 9}\n"
    )
    (tmp_path / "risks.yaml").write_text(
        "roles: [{id: it, label: IT}]\nrisks:\n  - id: r\n    title: R\n    description: D\n"
        "    characteristics: [speedy]\n    base: {likelihood: 1, consequence: 1}\n"
        "    owner: nobody\n    treatment: ignore\n"
    )
    path = write_questionnaire(
        "sections:\n  - id: s\n    title: S\n    questions:\n      - {id: a, type: text, text: A}\n"
    )
    text = "\n".join(messages(path))
    assert (
        "matrix.yaml line 3: likelihood: steps are numbered 1, 2, 3 … in order; expected 2" in text
    )
    assert "a colour is written #RRGGBB" in text
    assert "the highest level must reach the largest score, 4" in text
    assert "risk `r`: unknown characteristic `speedy`" in text
    assert "risk `r`: unknown role `nobody`" in text
    assert "risk `r`: treatment is one of modify, retain, avoid, share" in text


def test_load_raises_with_all_problems(write_questionnaire):
    path = write_questionnaire(
        "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: A B, type: text, text: A}\n"
    )
    with pytest.raises(ProblemsError) as info:
        questionnaire.load(path)
    assert "an id is lowercase letters" in str(info.value)


def test_a_comma_in_an_unquoted_flow_mapping_is_caught(write_questionnaire, tmp_path):
    # YAML ends `description: Could happen, but ...` at the comma and makes the rest a key.
    matrix = (tmp_path / "matrix.yaml").read_text()
    (tmp_path / "matrix.yaml").write_text(
        matrix.replace('"Could happen, but not expected within a year"',
                       "Could happen, but not expected within a year"))
    path = write_questionnaire("sections:\n  - id: s\n    title: S\n    questions:\n"
                               "      - {id: a, type: text, text: A}\n")
    assert any("unknown field `but not expected within a year`" in str(p)
               for p in questionnaire.validate(path))


def test_choice_practice_and_condition_mistakes_are_each_named(write_questionnaire):
    path = write_questionnaire("""\
        sections:
          - id: s
            title: S
            questions:
              - id: a
                type: yesno
                text: A?
                choices:
                  - value: dont_know
              - id: b
                type: single
                text: B?
                choices:
                  - {value: x, label: X, exclusive: true}
                  - {value: x, label: X again}
              - id: c
                type: text
                text: C?
                choices:
                  - {value: x, label: X}
              - id: d
                type: scale
                text: D?
                scale: {min: 1, max: 5}
                choices:
                  - {value: 9, raises: {harmful_bias: {likelihood: 1}}}
              - id: e
                type: yesno
                text: E?
                practice:
                  measure: Do it.
                  owner: janitor
                  in_place: [maybe]
              - id: f
                type: yesno
                text: F?
                when: "may(country, 'yes')"
              - id: g
                type: multi
                text: G?
                choices:
                  - {value: p, label: P, raises: {harmful_bias: {likelihood: x}}}
                  - {value: q, label: Q, facts: wp248.large_scale}
              - id: Bad Id
                type: yesno
                text: ""
        """)
    found = messages(path)
    expected = [  # the header takes 7 lines: `sections:` is line 8
        "line 16: question `a`, choice `dont_know`: a choice needs a `value`, and `dont_know` is "
        "implicit",
        "line 21: question `b`, choice `x`: only multi questions have exclusive choices",
        "line 22: question `b`, choice `x`: duplicate choice value",
        "line 23: question `c`: text questions have no choices or practice",
        "line 33: question `d`, choice `9`: not a whole number on the scale",
        "line 39: question `e`, practice: unknown role `janitor`",
        "line 40: question `e`, practice: `maybe` is not a value of this question",
        "line 44: question `f`: condition: `may` takes 2 literal arguments",
        "line 49: question `g`, choice `p`: field `likelihood` must be a whole number",
        "line 50: question `g`, choice `q`: field `facts` must be a list of words",
        "line 51: question `Bad Id`: an id is lowercase letters, digits and underscores, joined "
        "by dots",
        "line 53: question `Bad Id`: field `text` is missing",  # empty text counts as missing
    ]
    assert len(found) == len(expected), found
    for message, want in zip(found, expected, strict=True):
        assert message.endswith("q.yaml " + want), (message, want)
