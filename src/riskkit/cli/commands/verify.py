"""`riskkit verify`: check that archived PDFs are the ones riskkit made, unaltered.

Exit status: 0 every PDF intact; 1 at least one altered, damaged or not ours; 3 none failed,
but at least one could not be fully verified here (made with another questionnaire, riskkit
or WeasyPrint version, or other templates or translations). What each check proves:
docs/report.md.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from riskkit.cli.env import Environment
from riskkit.cli.options import add_lang, add_policies, add_questionnaire
from riskkit.errors import ExitStatus, UsageError
from riskkit.i18n import pgettext

ORDER = 50
#: From best to worst: the exit status of several PDFs is that of the worst one.
_SEVERITY = (ExitStatus.OK, ExitStatus.NOT_FULLY_VERIFIED, ExitStatus.ERROR)


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "verify", help=pgettext("verify command help", "check that archived PDFs are unaltered"),
        description=pgettext("verify command help",
                             "Check each PDF: complete, its assessment.json intact, its "
                             "structure sound, its embedded answers scored again giving the "
                             "result it shows, and, with the riskkit and WeasyPrint versions "
                             "that made it, rendered again to the same bytes. Exit status 0: "
                             "intact; 1: altered or damaged; 3: not fully verifiable here."))
    parser.add_argument("pdfs", nargs="+", type=Path, metavar=pgettext("cli metavar", "PDF"),
                        help=pgettext("verify command help", "PDF files made by riskkit render"))
    add_questionnaire(parser)
    add_policies(parser)
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help=pgettext("verify command help", "verify in N processes at once "
                                      "(default 0: one per CPU)"))
    parser.add_argument("--trust", type=Path, action="append", default=[],
                        metavar=pgettext("cli metavar", "CERT.pem"),
                        help=pgettext("verify command help", "a certificate (PEM or DER) the "
                                      "signers' certificates must chain to; may be repeated"))
    add_lang(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    import logging

    from riskkit import i18n, verify
    from riskkit.load.policy import configured_dirs
    from riskkit.pdf import signatures

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # our messages say what is wrong
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # so do the signature lines
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    signatures.load_trust(args.trust)  # a bad certificate file is named before any PDF

    if args.jobs < 0:
        raise UsageError(pgettext("verify error", "--jobs must be 0 or more."))
    jobs = args.jobs or os.cpu_count() or 1
    worst = ExitStatus.OK
    for result in verify.verify_files(args.pdfs, jobs=jobs, language=i18n.current_language(),
                                      questionnaire_path=args.questionnaire,
                                      policy_dirs=configured_dirs(args.policies, env.environ),
                                      trust_paths=args.trust):
        code = result.exit_code()
        lines = list(verify.report_lines(result))
        (env.print if code == ExitStatus.OK else env.error)("\n".join(lines))
        worst = max(worst, code, key=_SEVERITY.index)
    return worst
