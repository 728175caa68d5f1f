"""Shared fixtures: small questionnaires written to a temp folder next to the real data files."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from riskkit.core.model import Questionnaire
from riskkit.load import questionnaire
from riskkit.resources import data_dir

DATA_FILES = ("risks.yaml", "matrix.yaml", "nist-ai-rmf.yaml", "dpia-lists.yaml")

HEADER = """\
id: test
version: 1.0.0
title: Test questionnaire
risks: risks.yaml
matrix: matrix.yaml
nist: nist-ai-rmf.yaml
dpia_lists: dpia-lists.yaml
"""

# A small questionnaire that exercises every scoring rule; tests reason about it by hand.
MINI_SECTIONS = """\
sections:
  - id: data
    title: Data
    questions:
      - id: data.personal
        type: yesno
        text: Personal data?
        choices:
          - value: yes
            raises: {unlawful_processing: {likelihood: 1, consequence: 1}}
            facts: [personal_data, wp248.innovative_technology]
      - id: data.special
        type: yesno
        text: Special categories?
        when: "may('data.personal', 'yes')"
        choices:
          - value: yes
            raises: {unlawful_processing: {consequence: 2}}
            facts: [wp248.sensitive_data]
      - id: data.kinds
        type: multi
        text: Which kinds?
        when: "may('data.personal', 'yes')"
        choices:
          - {value: health, label: Health, raises: {harm_to_people: {consequence: 2}}}
          - {value: location, label: Location, raises: {harm_to_people: {likelihood: 1}}, facts: [location]}
          - {value: none, label: None of these, exclusive: true}
  - id: security
    title: Security
    questions:
      - id: security.mfa
        type: yesno
        text: Strong authentication?
        nist: [MEASURE 2.7]
        practice:
          measure: Require strong authentication.
          mitigates: {security_breach: {likelihood: 1}}
          owner: it
      - id: security.review
        type: single
        text: How are outputs reviewed?
        nist: [MEASURE 2.5, GOVERN 1.1]
        choices:
          - {value: all, label: Every output}
          - {value: sample, label: A sample, mitigates: {unreliable_output: {likelihood: 1}}}
          - {value: none, label: Not at all, raises: {unreliable_output: {likelihood: 2}}}
        practice:
          in_place: [all, sample]
          measure: Review outputs.
          mitigates: {unreliable_output: {likelihood: 2}}
      - id: security.maturity
        type: scale
        text: How mature is the supplier?
        scale: {min: 1, max: 5, min_label: Unknown, max_label: Certified}
        choices:
          - {value: 1, raises: {supplier_dependency: {likelihood: 2}}}
      - id: security.note
        type: text
        text: Anything else?
"""


@pytest.fixture
def write_questionnaire(tmp_path: Path) -> Callable[[str], Path]:
    """Write `body` (sections YAML) as a questionnaire beside copies of the real data files."""
    for name in DATA_FILES:
        shutil.copy(data_dir("questionnaires") / name, tmp_path / name)

    def write(body: str, header: str = HEADER, name: str = "q.yaml") -> Path:
        path = tmp_path / name
        path.write_text(header + textwrap.dedent(body), encoding="utf-8")
        return path

    return write


@pytest.fixture
def mini(write_questionnaire: Callable[[str], Path]) -> Questionnaire:
    return questionnaire.load(write_questionnaire(MINI_SECTIONS))


# --- a throwaway PostgreSQL server (tests/pgserver.py) ------------------------------------------


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for this test session, stopped and removed afterwards. Clients
    find the password in $PGPASSFILE (set here for the session), never in a URL. Fails,
    never skips, where no server can be started: the message says what to install."""
    import os

    from tests import pgserver

    try:
        server = pgserver.start()
    except pgserver.ServerUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    before = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(server.passfile)
    yield server
    if before is None:
        os.environ.pop("PGPASSFILE", None)
    else:
        os.environ["PGPASSFILE"] = before
    server.stop()
