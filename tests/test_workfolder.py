"""The folder for assessments: drafts (personal data) go to ~/riskkit, owner-only, never to
wherever the terminal happened to be."""

from __future__ import annotations

import argparse
import stat
from pathlib import Path

import pytest

from riskkit.cli import workfolder
from riskkit.cli.commands.assess import assessments_folder, draft_path
from riskkit.cli.env import Environment
from riskkit.errors import RiskkitError


def test_the_default_is_riskkit_in_the_home_folder_not_the_current_one(tmp_path):
    home, cwd = tmp_path / "home", tmp_path / "checkout"
    assert workfolder.location({"HOME": str(home)}, cwd) == home / "riskkit"


def test_a_source_checkout_in_home_riskkit_is_never_the_default(tmp_path):
    """Issue 19: drafts hold personal data and never go into the source checkout by default;
    ``~/riskkit`` is where many people clone riskkit itself."""
    home = tmp_path / "home"
    (home / "riskkit" / "src" / "riskkit").mkdir(parents=True)
    assert workfolder.location({"HOME": str(home)}, home / "riskkit") == \
        home / "riskkit-assessments"


@pytest.mark.parametrize(
    ("configured", "expected"),
    [("/srv/assessments", "/srv/assessments"), ("~/vurderinger", "home/vurderinger"),
     ("shared", "cwd/shared")],
)
def test_riskkit_home_names_another_folder(tmp_path, configured, expected):
    environ = {"HOME": str(tmp_path / "home"), "RISKKIT_HOME": configured}
    found = workfolder.location(environ, tmp_path / "cwd")
    assert found == (Path(expected) if expected.startswith("/") else tmp_path / expected)


def test_the_folder_is_created_readable_by_its_owner_alone(tmp_path):
    folder = workfolder.ensure(tmp_path / "home" / "riskkit")
    assert folder.path.is_dir() and not folder.open_to_others
    assert stat.S_IMODE(folder.path.stat().st_mode) == 0o700


def test_a_folder_others_can_open_is_left_as_it_is_and_reported(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    folder = workfolder.ensure(shared)
    assert folder.open_to_others
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # not changed behind their back


def test_a_file_where_the_folder_should_be_is_named(tmp_path):
    (tmp_path / "riskkit").write_text("not a folder")
    with pytest.raises(RiskkitError, match="folder for assessments .*riskkit"):
        workfolder.ensure(tmp_path / "riskkit")


def test_a_new_draft_goes_to_the_folder_and_answers_overrides_it(tmp_path):
    env = Environment(environ={"HOME": str(tmp_path)}, cwd=tmp_path / "checkout")
    folder = assessments_folder(argparse.Namespace(answers=None), env)
    assert folder is not None
    assert draft_path(None, env.cwd, "RK-2026-1", folder) == tmp_path / "riskkit" / (
        "riskkit-RK-2026-1.yaml")
    assert assessments_folder(argparse.Namespace(answers="mine.yaml"), env) is None
    assert draft_path("mine.yaml", env.cwd, "RK-2026-1", None) == env.cwd / "mine.yaml"
    assert not (env.cwd).exists()  # nothing was written where riskkit started
