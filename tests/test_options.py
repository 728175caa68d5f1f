"""Options several commands share are declared once (riskkit.cli.options): the same help in every
command, and one entry in the catalog, so a translator translates each help text once."""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterator

import polib
import pytest

from riskkit import i18n
from riskkit.cli.main import build_parser
from riskkit.cli.options import SHARED
from riskkit.resources import data_dir


def _parsers(parser: argparse.ArgumentParser, path: str = "riskkit"
             ) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every parser of the command line (commands and their actions) with its command path."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, f"{path} {name}")


def _helps() -> dict[str, dict[str, list[str]]]:
    """For each shared flag, each help text it has and the commands that show it."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with i18n.using("en"):
        for path, parser in _parsers(build_parser()):
            for action in parser._actions:
                for flag in action.option_strings:
                    # `validate --policies` is a switch of its own (check the shipped packs)
                    if flag in SHARED and (flag, path) != ("--policies", "riskkit validate"):
                        found[flag][action.help or ""].append(path)
    return found


def test_every_shared_option_is_used_by_a_command():
    assert sorted(_helps()) == sorted(SHARED)


@pytest.mark.parametrize("flag", SHARED)
def test_a_shared_option_has_one_help_text_in_every_command(flag):
    helps = _helps()[flag]
    assert len(helps) == 1, dict(helps)
    (commands,) = helps.values()
    if flag in ("--lang", "--questionnaire", "--force", "--json"):
        assert len(commands) >= 3  # really shared


@pytest.mark.parametrize("flag", SHARED)
def test_a_shared_help_text_is_one_entry_in_the_catalog(flag):
    (text,) = _helps()[flag]
    catalog = polib.pofile(str(data_dir("locales") / "riskkit.pot"))
    entries = [e for e in catalog if e.msgid == text and not e.obsolete]
    assert len(entries) == 1, [e.msgctxt for e in entries]
