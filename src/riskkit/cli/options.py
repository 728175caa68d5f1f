"""Options several commands share, each declared once here.

One declaration means one help text, so a translator translates "--lang" once (it was
declared eleven times under ten message contexts), and ``riskkit X --help`` reads the same
for every command. A command adds an option with ``add_<name>(parser)``; an option whose
meaning really differs between commands (``--output``, ``--jobs``) stays with its command.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from riskkit.i18n import pgettext

# Every help text here has the message context "shared option" (a literal each time: the
# extractor reads it from the call), so translators see them together.

def lang_help() -> str:
    """The help of ``--lang``, shared with the top-level ``riskkit --lang``."""
    return pgettext("shared option", "language of riskkit's messages and of the documents "
                                     "it writes, e.g. nb, nn, sv, da, en")


def add_lang(parser: argparse.ArgumentParser) -> None:
    """``--lang CODE``. The value is read before parsing (help texts are translated), see
    riskkit.cli; declaring it on each command lets it follow the command name."""
    parser.add_argument("--lang", metavar=pgettext("cli metavar", "LANG"), help=lang_help())


def add_questionnaire(parser: argparse.ArgumentParser) -> None:
    """``--questionnaire PATH``: another questionnaire than the shipped one."""
    parser.add_argument(
        "--questionnaire", type=Path, metavar=pgettext("cli metavar", "PATH"),
        help=pgettext("shared option", "the questionnaire the answers, PDFs or policy packs "
                                       "belong to (default: the shipped one)"))


def add_force(parser: argparse.ArgumentParser) -> None:
    """``--force``: replace files that exist (riskkit never overwrites without it)."""
    parser.add_argument("--force", action="store_true",
                        help=pgettext("shared option", "replace files that exist already"))


def add_json(parser: argparse.ArgumentParser) -> None:
    """``--json``: the output as JSON, for scripts."""
    parser.add_argument("--json", action="store_true",
                        help=pgettext("shared option",
                                      "print JSON (for scripts) instead of text"))


def add_policies(parser: argparse.ArgumentParser) -> None:
    """``--policies DIR``: where the organisation's own policy packs are (repeatable)."""
    parser.add_argument(
        "--policies", action="append", type=Path, metavar=pgettext("cli metavar", "DIR"),
        help=pgettext(
            "policy option help",
            "a folder with your organisation's own policy packs, where a pack named in an "
            "answers file or PDF is looked up by its id (may be given more than once; "
            "default: $RISKKIT_POLICIES)"))


def add_db(parser: argparse.ArgumentParser, target: Any) -> None:
    """``--db PATH|URL``: the register. ``target`` turns the text into a path or a URL
    (riskkit.cli.commands.register owns what a register target is)."""
    parser.add_argument(
        "--db", type=target, metavar=pgettext("cli metavar", "PATH|URL"),
        help=pgettext("shared option", "the register: an SQLite file or a postgresql:// URL, "
                                       "without a password (default: $RISKKIT_REGISTER, else "
                                       "~/.local/share/riskkit/register.sqlite)"))


def add_by(parser: argparse.ArgumentParser) -> None:
    """``--by NAME``: who does it, for the register's audit trail."""
    parser.add_argument(
        "--by", metavar=pgettext("cli metavar", "NAME"),
        help=pgettext("shared option", "who, for the audit trail (default: the login name)"))


#: The options above by their flag, for tests and for the documentation.
SHARED = ("--lang", "--questionnaire", "--force", "--json", "--policies", "--db", "--by")
