"""`riskkit score`: the result of an answers file, as a summary or as JSON."""

from __future__ import annotations

import argparse
import json

from riskkit import inputs, summary
from riskkit.env import Environment
from riskkit.i18n import _
from riskkit.scoring import score

ORDER = 30


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("score", help=_("score an answers file"),
                            description=_("Score an answers file: risks, NIST AI RMF profile, "
                                          "verdicts and proposed measures."))
    parser.add_argument("answers", metavar=_("ANSWERS"), help=_("the answers file (YAML)"))
    parser.add_argument("--json", action="store_true", help=_("print the full result as JSON"))
    parser.add_argument("--questionnaire", metavar=_("PATH"),
                        help=_("questionnaire to score against (default: the shipped one)"))
    parser.add_argument("--lang", help=_("language of the output"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    q = inputs.questionnaire(args.questionnaire)
    answers, notices = inputs.answers(args.answers, q)
    for notice in notices:
        env.error(str(notice))
    result = score(q, answers)
    if args.json:
        env.print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in summary.lines(q, result):
            env.print(line)
    return 0
