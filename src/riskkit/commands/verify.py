"""`riskkit verify`: check that archived PDFs are the ones riskkit made, unaltered.

Exit status: 0 every PDF intact; 1 at least one altered, damaged or not ours; 3 none failed,
but at least one could not be fully verified here (made with another questionnaire, riskkit
or WeasyPrint version, or other templates or translations). What each check proves:
docs/report.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from riskkit.options import add_policies
from riskkit.env import Environment
from riskkit.i18n import pgettext

ORDER = 50


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "verify", help=pgettext("verify command help", "check that archived PDFs are unaltered"),
        description=pgettext("verify command help", "Check each PDF: complete, its assessment.json intact, its "
                             "structure sound, its embedded answers scored again giving the "
                             "result it shows, and, with the riskkit and WeasyPrint versions "
                             "that made it, rendered again to the same bytes. Exit status 0: "
                             "intact; 1: altered or damaged; 3: not fully verifiable here."))
    parser.add_argument("pdfs", nargs="+", type=Path, metavar=pgettext("cli metavar", "PDF"),
                        help=pgettext("verify command help", "PDF files made by riskkit render"))
    parser.add_argument("--questionnaire", type=Path, metavar=pgettext("cli metavar", "PATH"),
                        help=pgettext("verify command help", "the questionnaire the PDFs were made with (default: "
                                      "the shipped one)"))
    add_policies(parser)
    parser.add_argument("--lang", help=pgettext("verify command help", "language of the messages"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    import logging

    from riskkit import verify
    from riskkit.policy import configured_dirs

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # our messages say what is wrong

    dirs = configured_dirs(args.policies, env.environ)
    worst = 0
    renderer = None
    for path in args.pdfs:
        if renderer is None and Path(path).is_file():
            from riskkit import report

            renderer = report.default_renderer()
        result = verify.verify_file(path, questionnaire_path=args.questionnaire,
                                    renderer=renderer, policy_dirs=dirs)
        code = result.exit_code()
        lines = list(verify.report_lines(result))
        (env.print if code == 0 else env.error)("\n".join(lines))
        worst = max(worst, code, key=lambda c: {0: 0, 3: 1, 1: 2}.get(c, 2))
    return worst
