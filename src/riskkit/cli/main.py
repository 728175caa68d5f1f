"""The command line: a thin layer that parses arguments and hands them to one command.

Each command lives in ``riskkit.cli.commands.<name>`` (the module named for the command) with
``add_parser(subparsers)``, which adds its parser and sets ``run(args, env) -> int`` as the
parser default, and an optional ``ORDER`` for ``--help``. A command line that names a command
imports that module alone, and command modules import heavy libraries (WeasyPrint) only inside
``run``, so ``riskkit assess`` shows its first question at once.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback
from collections.abc import Mapping, Sequence

from riskkit import __version__
from riskkit.cli.env import Environment
from riskkit.cli.options import lang_help
from riskkit.errors import ExitStatus, RiskkitError
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
    parser.add_argument("--lang", dest="global_lang", metavar=pgettext("cli metavar", "LANG"),
                        help=lang_help())
    # Taken out of the command line before parsing (see _wants_traceback); declared for --help.
    parser.add_argument(
        TRACEBACK_OPTION, action="store_true",
        help=pgettext("command line",
                      "when riskkit stops with an error, also show the technical cause behind "
                      "it, for a bug report (RISKKIT_DEBUG=1 does the same)"),
    )
    sub = parser.add_subparsers(dest="command", metavar=pgettext("cli metavar", "COMMAND"))
    for module in _command_modules(command):
        module.add_parser(sub)
    return parser


#: The switch that shows the cause behind a friendly error; RISKKIT_DEBUG=1 does the same.
TRACEBACK_OPTION = "--traceback"


def _wants_traceback(argv: list[str], environ: Mapping[str, str]) -> bool:
    """``--traceback`` anywhere on the command line (taken out before parsing, so it may follow
    the command: ``riskkit verify x.pdf --traceback``), or ``RISKKIT_DEBUG=1``."""
    found = TRACEBACK_OPTION in argv
    while TRACEBACK_OPTION in argv:
        argv.remove(TRACEBACK_OPTION)
    return found or environ.get("RISKKIT_DEBUG", "").strip() not in ("", "0")


def _explain(exc: BaseException, env: Environment) -> None:
    """The traceback of ``exc`` and of every exception behind it, for a developer or a bug
    report. A friendly error is often raised ``from None`` so that the person reads one clear
    sentence; the cause is still kept as ``__context__``, and is shown here."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    for position, link in enumerate(reversed(chain)):
        if position:
            env.stderr.write(pgettext(
                "command line", "\nBecause of the error above, this one followed:\n\n"))
        env.stderr.write("".join(traceback.format_exception(type(link), link,
                                                            link.__traceback__, chain=False)))


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    env = env or Environment()
    debug = _wants_traceback(argv, env.environ)
    from riskkit import i18n

    try:
        i18n.activate(i18n.resolve_language(_lang_from_argv(argv), env.environ) or "en")
    except RiskkitError as exc:
        env.error(str(exc))
        if debug:
            _explain(exc, env)
        return exc.exit_code
    parser = build_parser(_command_from_argv(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(env.stdout)
        return ExitStatus.USAGE
    try:
        code = int(args.run(args, env) or 0)
        env.stdout.flush()  # a closed pipe fails here, where it is caught, not at exit
        return code
    except RiskkitError as exc:
        env.error(str(exc))
        if debug:
            _explain(exc, env)
        return exc.exit_code
    except KeyboardInterrupt:
        env.error(pgettext("command line", "Interrupted."))
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`riskkit register list | head`): nothing is lost, so stop
        # quietly. Point stdout at /dev/null so the interpreter's final flush cannot fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitStatus.BROKEN_PIPE
