"""How riskkit ends: the exit statuses a script relies on, and the cause behind a friendly
error for whoever has to debug it (``--traceback``, ``RISKKIT_DEBUG=1``)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from riskkit.cli.env import Environment
from riskkit.cli.main import main
from riskkit.errors import ExitStatus, RiskkitError, UnknownLanguage, UsageError

#: Ends with a valid-looking trailer, so pypdf is asked and fails (KeyError '/Root').
DAMAGED = b"%PDF-1.7\ngarbage\nstartxref\n999999\n%%EOF\n"


def call(*argv: str, environ: dict | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err,
                      environ={"LANG": "C.UTF-8", **(environ or {})})
    return main(list(argv), env), out.getvalue(), err.getvalue()


def test_exit_statuses_are_the_documented_numbers():
    """README "Exit status": scripts compare these numbers; 130 and 141 are the shell's
    128 + SIGINT (2) and 128 + SIGPIPE (13)."""
    assert {s.name: int(s) for s in ExitStatus} == {
        "OK": 0, "ERROR": 1, "USAGE": 2, "NOT_FULLY_VERIFIED": 3,
        "INTERRUPTED": 130, "BROKEN_PIPE": 141}
    assert RiskkitError("x").exit_code == ExitStatus.ERROR
    assert UsageError("x").exit_code == ExitStatus.USAGE
    assert UnknownLanguage("x", "fi", ["en"]).exit_code == ExitStatus.USAGE


def test_a_friendly_error_alone_by_default(tmp_path: Path):
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(DAMAGED)
    code, _, err = call("extract", str(pdf))
    assert code == ExitStatus.ERROR
    assert "damaged" in err and str(pdf) in err
    assert "Traceback" not in err and "KeyError: " not in err


@pytest.mark.parametrize("how", ["after the command", "before the command", "RISKKIT_DEBUG"])
def test_traceback_shows_the_cause_behind_the_friendly_error(tmp_path: Path, how: str):
    """The friendly message is raised ``from None``; the pypdf error behind it is what a
    developer needs, and is shown with --traceback (anywhere on the line) or RISKKIT_DEBUG=1."""
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(DAMAGED)
    argv, environ = {
        "after the command": (["extract", str(pdf), "--traceback"], {}),
        "before the command": (["--traceback", "extract", str(pdf)], {}),
        "RISKKIT_DEBUG": (["extract", str(pdf)], {"RISKKIT_DEBUG": "1"}),
    }[how]
    code, _, err = call(*argv, environ=environ)
    assert code == ExitStatus.ERROR
    first, _, rest = err.partition("\n")
    assert "damaged" in first  # the person's sentence still comes first
    assert "Traceback (most recent call last)" in rest
    # the root cause, then the friendly errors raised because of it, in that order
    assert rest.index("KeyError: '/Root'") < rest.index("riskkit.errors.PdfReadError") \
        < rest.index("riskkit.errors.RiskkitError")


def test_riskkit_debug_zero_is_off(tmp_path: Path):
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(DAMAGED)
    _, _, err = call("extract", str(pdf), environ={"RISKKIT_DEBUG": "0"})
    assert "Traceback" not in err


def test_unknown_language_is_a_usage_error_with_its_cause_on_request():
    code, _, err = call("--lang", "xx", "validate", "--traceback")
    assert code == ExitStatus.USAGE
    assert "xx" in err.splitlines()[0]
    assert "riskkit.errors.UnknownLanguage" in err
