"""`riskkit score`: the result of an answers file, as a summary or as JSON."""

from __future__ import annotations

import argparse
import json

from riskkit.cli.env import Environment
from riskkit.cli.options import add_json, add_lang, add_policies, add_questionnaire
from riskkit.errors import ExitStatus
from riskkit.i18n import pgettext

ORDER = 30


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "score",
        help=pgettext("score command", "score an answers file"),
        description=pgettext(
            "score command",
            "Score an answers file: risks, NIST AI RMF profile, verdicts and proposed measures.",
        ),
    )
    parser.add_argument(
        "answers",
        metavar=pgettext("score command", "ANSWERS"),
        help=pgettext("score command", "the answers file (YAML)"),
    )
    add_json(parser)
    add_questionnaire(parser)
    parser.add_argument(
        "--policy",
        metavar=pgettext("score command", "ID|PATH"),
        help=pgettext(
            "score command",
            "check the answers against a policy pack: the id of a shipped pack (see `riskkit "
            "policies list`) or the path of your own (default: meta.policy of the answers file)",
        ),
    )
    add_policies(parser)
    add_lang(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.core import policy
    from riskkit.core.scoring import score
    from riskkit.load import inputs, questionnaire
    from riskkit.load import policy as policy_packs
    from riskkit.tui import summary

    q = questionnaire.load(args.questionnaire)
    answers, notices = inputs.answers(args.answers, q)
    for notice in notices:
        env.error(str(notice))
    dirs = policy_packs.configured_dirs(args.policies, env.environ)
    pack = policy_packs.for_answers(q, answers.meta.policy, args.answers, args.policy, dirs)
    result = score(q, answers, pack)
    if args.json:
        from riskkit.core import fria
        from riskkit.load import authorities

        data = result.to_dict()
        # The FRIA and the EU database registration, drafted from the same answers (Art. 27,
        # 49(3)); `eu_database` only where Art. 49(3) applies.
        data.update(fria.to_json(fria.build(q, answers, result, authorities.load())))
        env.print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in summary.lines(q, result):
            env.print(line)
        if result.policy is not None:
            env.print("")
            for line in policy.summary_lines(result.policy):
                env.print(line)
    return ExitStatus.OK
