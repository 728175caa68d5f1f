"""`riskkit assess --policy`: the pack is checked before the first question and recorded in
the answers file by its id (never a path: riskkit does not open paths written in files)."""

from __future__ import annotations

import shutil

import pytest

from riskkit.cli.commands.assess import Draft, with_policy
from riskkit.core.answers import Answers, Meta
from riskkit.core.interview import Session
from riskkit.errors import RiskkitError
from riskkit.load import policy as policy_packs
from riskkit.load import questionnaire


@pytest.fixture(scope="module")
def q():
    return questionnaire.load()


def session(q):
    return Session(q, Answers.new(q, "sv", Meta(id="RK-1")))


def test_shipped_pack_is_recorded_by_id(q, tmp_path):
    answers = with_policy(session(q), Draft(tmp_path / "a.yaml"), "kalix")
    assert answers.meta.policy == "kalix"
    assert policy_packs.for_answers(q, answers.meta.policy, tmp_path / "a.yaml").id == "kalix"


def test_own_pack_is_recorded_by_id_and_found_in_the_policies_folder(q, tmp_path):
    own = tmp_path / "policies" / "ours.yaml"
    own.parent.mkdir()
    shutil.copy(policy_packs.policies_dir() / "lekeberg.yaml", own)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    answers = with_policy(session(q), Draft(drafts / "a.yaml"), str(own))
    assert answers.meta.policy == "lekeberg"
    found = policy_packs.for_answers(q, answers.meta.policy, drafts / "a.yaml", dirs=(own.parent,))
    assert found.id == "lekeberg" and found.path == str(own)


def test_unknown_pack_stops_before_the_first_question(q, tmp_path):
    with pytest.raises(RiskkitError, match="kalix"):
        with_policy(session(q), Draft(tmp_path / "a.yaml"), "no-such-pack")
