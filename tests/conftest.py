"""Shared fixtures (small questionnaires in a temp folder, a fresh home, a PostgreSQL server)
and the test tiers: the markers of tests that render PDFs or drive a terminal.

The tiers (markers registered in pyproject.toml): `render` for a test that renders a PDF with
WeasyPrint, `e2e` for one that drives riskkit in a pseudo-terminal, `slow` for the full
example x language PDF matrix. `make test-fast` leaves all three out, `make test` runs
everything. A test is marked `render` here when it uses a fixture decorated with
`tests.helpers.renders` (directly or through other fixtures); a test that renders by itself
carries the marker. tests/fast_tier/sitecustomize.py makes any unmarked render fail in the
fast tier, so a missing marker is found, not hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from riskkit.core.model import Questionnaire
from riskkit.load import questionnaire
from tests import helpers
from tests.helpers import HEADER, MINI_SECTIONS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark `render` every test that uses a fixture of its own module or of this conftest
    decorated with `helpers.renders` (pytest's fixture closure lists indirect ones too)."""
    for item in items:
        module = getattr(item, "module", None)
        owners = {__name__, module.__name__ if module else ""}
        names = getattr(item, "fixturenames", ())
        if any((owner, name) in helpers.RENDER_FIXTURES for owner in owners for name in names):
            item.add_marker(pytest.mark.render)

@pytest.fixture
def write_questionnaire(tmp_path: Path) -> Callable[[str], Path]:
    """Write `body` (sections YAML) as a questionnaire beside copies of the real data files
    (copied first, so a test can change them before it writes the questionnaire)."""
    helpers.copy_data_files(tmp_path)

    def write(body: str, header: str = HEADER, name: str = "q.yaml") -> Path:
        return helpers.write_questionnaire_file(tmp_path, body, header, name)

    return write


@pytest.fixture
def mini(write_questionnaire: Callable[[str], Path]) -> Questionnaire:
    return questionnaire.load(write_questionnaire(MINI_SECTIONS))


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """The environment of a person with a fresh home folder and no language set."""
    return helpers.fresh_home(tmp_path)


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


@pytest.fixture
def small(write_questionnaire: Callable[[str], Path]) -> Path:
    """The interview's small questionnaire (three sections, one question only for Sweden)."""
    return write_questionnaire(helpers.INTERVIEW_SECTIONS)


@pytest.fixture
def term() -> Iterator[helpers.Terminal]:
    """Keys typed into, and the screen of, a 100 x 40 prompt_toolkit terminal in this
    process."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input

    with create_pipe_input() as pipe:
        terminal = helpers.Terminal(pipe)
        output = helpers.TerminalScreen(terminal.buffer, lambda: Size(rows=40, columns=100),
                                        term="xterm")
        with create_app_session(input=pipe, output=output):
            yield terminal
    assert terminal.missed == [], "never on the screen"
