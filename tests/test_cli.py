"""The command line as a person calls it: real processes for the entry points, main() with
a fake Environment for the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from riskkit import __version__
from riskkit.cli.main import _command_modules
from riskkit.resources import data_dir
from tests.helpers import MINI_SECTIONS, call

NAME = "nb-citizen-chatbot.yaml"


def test_version_from_the_console_script_and_python_m():
    for cmd in (["riskkit"], [sys.executable, "-m", "riskkit"]):
        exe = cmd if cmd[0] != "riskkit" else [sys.executable.replace("python", "riskkit")]
        done = subprocess.run([*exe, "--version"], capture_output=True, text=True, check=True)
        assert done.stdout.strip() == f"riskkit {__version__}"


@pytest.mark.parametrize("module", _command_modules(), ids=lambda m: m.__name__.split(".")[-1])
def test_every_command_has_help(module):
    name = module.__name__.split(".")[-1]
    with pytest.raises(SystemExit) as info:
        call(name, "--help")
    assert info.value.code == 0


def test_validate_reports_problems_and_exit_code(write_questionnaire):
    good = write_questionnaire(MINI_SECTIONS)
    code, out, err = call("validate", str(good))
    # 7 questions, two of them only when personal data is (or may be) processed
    assert code == 0 and "valid (7 questions in 2 sections, 12 risks; one assessment asks 5 " \
        "to 7 of them, depending on the answers)" in out
    bad = write_questionnaire(MINI_SECTIONS.replace("unreliable_output", "R9"), name="bad.yaml")
    code, out, err = call("validate", str(bad))
    assert code == 1
    assert err.count("references unknown risk `R9`") == 3
    assert "bad.yaml: 3 problems" in err


def test_score_json_and_summary(write_questionnaire, tmp_path):
    q = write_questionnaire(MINI_SECTIONS)
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "schema: 1\nquestionnaire: {id: test, version: 1.0.0}\nlanguage: en\n"
        "meta: {system: Chatbot, country: SE, date: 2026-03-05}\n"
        "answers: {data.personal: 'no', security.mfa: 'no'}\n"
    )
    code, out, err = call("score", str(answers), "--questionnaire", str(q), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["verdicts"]["dpia"]["status"] == "not_required"
    # security.review is unanswered, so counts as "none" (likelihood 2+2): medium, listed first.
    assert [m["id"] for m in data["measures"]] == ["M-security.review", "M-security.mfa"]
    code, out, err = call("score", str(answers), "--questionnaire", str(q))
    assert code == 0
    assert "Assessment RK-2026-" in out and "Chatbot" in out
    assert "not required" in out


def test_score_names_the_broken_answers_file(write_questionnaire, tmp_path):
    q = write_questionnaire(MINI_SECTIONS)
    answers = tmp_path / "broken.yaml"
    answers.write_text(
        "schema: 1\nquestionnaire: {id: test, version: 1.0.0}\nanswers:\n  data.personal: perhaps\n"
    )
    code, out, err = call("score", str(answers), "--questionnaire", str(q))
    assert code == 1
    assert "broken.yaml line 4: answer to `data.personal`: `perhaps` is not one of" in err
    code, out, err = call("score", str(tmp_path / "nothing.yaml"), "--questionnaire", str(q))
    assert code == 1 and "nothing.yaml: file not found" in err


def test_lang_before_the_command_and_unknown_language(write_questionnaire):
    code, out, err = call("--lang", "en", "validate", str(write_questionnaire(MINI_SECTIONS)))
    assert code == 0
    code, out, err = call("--lang", "xx", "validate")
    assert code == 2 and "nb" in err and "en" in err


def test_summary_says_when_no_measure_is_proposed(write_questionnaire, tmp_path):
    q = write_questionnaire(MINI_SECTIONS)
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "schema: 1\nquestionnaire: {id: test, version: 1.0.0}\nlanguage: en\n"
        "meta: {system: Chatbot, country: SE, date: 2026-03-05}\n"
        "answers: {data.personal: 'no', security.mfa: 'yes', security.review: all,\n"
        "          security.maturity: 5}\n"
    )
    code, out, err = call("score", str(answers), "--questionnaire", str(q))
    assert code == 0, err
    assert "No measures proposed" in out and "0 proposed measures" not in out


def test_a_reader_that_goes_away_ends_the_command_quietly():
    """`riskkit score x.yaml | head -1`: the pipe closes early, and no traceback follows."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "riskkit", "score", str(data_dir("examples") / NAME)],
            check=False,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            # Buffered, as for a person: the last output is written when the command ends.
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
            | {"LANG": "C.UTF-8"},
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    assert done.returncode == 141


def _commands_imported(*argv: str) -> set[str]:
    """The riskkit.cli.commands modules a fresh process imports to run `riskkit ARGV`: the
    command modules themselves, not the parts of a command that is a package."""
    code = (
        "import sys\nfrom riskkit.cli.main import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.count('.') == 3 and "
        "m.startswith('riskkit.cli.commands.')))"
    )
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                          check=True, env={**os.environ, "LANG": "C.UTF-8"})
    return set(json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"')))


def test_a_command_imports_its_own_module_only_and_help_lists_every_command():
    imported = _commands_imported("--lang", "nb", "policies", "list")
    assert imported == {"riskkit.cli.commands.policies"}
    everything = {m.__name__ for m in _command_modules()}
    assert _commands_imported("--help") == everything
    assert _commands_imported("asses") == everything  # a typo: argparse lists every command


def test_help_and_a_mistyped_command_name_every_command(capsys):
    with pytest.raises(SystemExit):
        call("--help")
    with pytest.raises(SystemExit) as mistyped:
        call("asses")
    assert mistyped.value.code == 2
    out, err = capsys.readouterr()
    for module in _command_modules():
        name = module.__name__.split(".")[-1]
        assert name in out and f"'{name}'" in err
