"""`riskkit validate`: check questionnaires and name every problem."""

from __future__ import annotations

import argparse

from riskkit import questionnaire
from riskkit.env import Environment
from riskkit.i18n import pgettext, npgettext
from riskkit.questionnaire import display_path
from riskkit.resources import default_questionnaire

ORDER = 20


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help=pgettext("validate command", "check questionnaires for errors"),
        description=pgettext(
            "validate command",
            "Check questionnaires and the files they name (risk "
            "catalogue, matrix, NIST ids, DPIA lists). Every "
            "problem is listed with file, line and field.",
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar=pgettext("validate command", "PATH"),
        help=pgettext(
            "validate command", "questionnaire files (default: the shipped questionnaire)"
        ),
    )
    parser.add_argument("--lang", help=pgettext("validate command", "language of the messages"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    failed = False
    for path in args.paths or [default_questionnaire()]:
        problems = questionnaire.validate(path)
        if problems:
            failed = True
            for problem in problems:
                env.error(str(problem))
            env.error(
                npgettext(
                    "validate command", "{path}: {n} problem", "{path}: {n} problems", len(problems)
                ).format(path=display_path(path), n=len(problems))
            )
        else:
            q = questionnaire.load(path)
            env.print(
                pgettext(
                    "validate command",
                    "{path}: valid ({questions} questions in {sections} sections, {risks} risks)",
                ).format(
                    path=display_path(path),
                    questions=len(q.questions),
                    sections=len(q.sections),
                    risks=len(q.risks),
                )
            )
    return 1 if failed else 0
