"""The command line: a thin layer that parses arguments and hands them to one command.

Each command lives in ``riskkit.cli.commands.<name>`` (the module named for the command) with
``register(subparsers)``, which sets ``run(args, env) -> int`` as the parser default, and an
optional ``ORDER`` for ``--help``. A command line that names a command imports that module
alone, and command modules import heavy libraries (WeasyPrint) only inside ``run``, so
``riskkit assess`` shows its first question at once.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from riskkit import __version__
from riskkit.cli.env import Environment
from riskkit.errors import RiskkitError
from riskkit.i18n import pgettext


def _command_modules(only: str | None = None) -> list:
    """Every module in riskkit.cli.commands, in the order their ORDER attribute gives; with
    `only` naming one of them, that module alone (each module is named for its command)."""
    from riskkit.cli import commands

    names = [
        info.name for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    if only in names:
        names = [only]
    modules = [importlib.import_module(f"riskkit.cli.commands.{name}") for name in names]
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def _command_from_argv(argv: Sequence[str]) -> str | None:
    """The command named on the command line. Only its module is imported and given a
    parser, which keeps `riskkit assess` quick to its first question; without a command
    (`riskkit --help`, a typo) every command is, so that help and errors list them all."""
    after_lang = False
    for arg in argv:
        if after_lang:
            after_lang = False
        elif arg == "--lang":
            after_lang = True
        elif not arg.startswith("-"):
            return arg
    return None


def _lang_from_argv(argv: Sequence[str]) -> str | None:
    """--lang must be known before the parser is built, since help texts are translated."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="riskkit",
        description=pgettext(
            "command line",
            "Assess an AI system before your organisation uses it: risks along the "
            "NIST AI RMF, what GDPR and the EU AI Act require, and an archival PDF.",
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"riskkit {__version__}",
        help=pgettext("command line", "show the version and exit"),
    )
    # Read before parsing (see _lang_from_argv); declared so `riskkit --lang nb assess` works.
    parser.add_argument(
        "--lang",
        dest="global_lang",
        metavar="LANG",
        help=pgettext("command line", "language of riskkit's messages, e.g. nb, sv, da, en"),
    )
    sub = parser.add_subparsers(dest="command", metavar=pgettext("cli metavar", "COMMAND"))
    for module in _command_modules(command):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    env = env or Environment()
    from riskkit import i18n

    try:
        i18n.activate(i18n.resolve_language(_lang_from_argv(argv), env.environ) or "en")
    except RiskkitError as exc:
        env.error(str(exc))
        return exc.exit_code
    parser = build_parser(_command_from_argv(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(env.stdout)
        return 2
    try:
        code = int(args.run(args, env) or 0)
        env.stdout.flush()  # a closed pipe fails here, where it is caught, not at exit
        return code
    except RiskkitError as exc:
        env.error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        env.error(pgettext("command line", "Interrupted."))
        return 130
    except BrokenPipeError:
        # The reader went away (`riskkit register list | head`): nothing is lost, so stop
        # quietly. Point stdout at /dev/null so the interpreter's final flush cannot fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
