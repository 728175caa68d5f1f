"""`riskkit verify`: check that archived PDFs are the ones riskkit made, unaltered.

Exit status: 0 every PDF intact; 1 at least one altered, damaged or not ours; 3 none failed,
but at least one could not be fully verified here (made with another questionnaire, riskkit
or WeasyPrint version, or other templates or translations). What each check proves:
docs/report.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

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
    parser.add_argument("--trust", type=Path, action="append", default=[],
                        metavar=pgettext("cli metavar", "CERT.pem"),
                        help=pgettext("verify command help", "a certificate (PEM or DER) the "
                                      "signers' certificates must chain to; may be repeated"))
    parser.add_argument("--lang", help=pgettext("verify command help", "language of the messages"))
    parser.add_argument("--jobs", type=_jobs, default=1,
                        metavar=pgettext("cli metavar", "N"),
                        help=pgettext("verify command help", "verify N PDFs at once, in N "
                                      "processes (default: 1)"))
    parser.set_defaults(run=run)


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(pgettext(
            "verify command help", "not a number of processes (1 or more): {value}").format(
            value=value))
    return int(value)


def _verify_one(path: str, questionnaire: str | None, lang: str, trust: list[str]):
    """In a worker process (--jobs): one PDF's Verification."""
    import logging

    from riskkit import i18n, report, signatures, verify

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    i18n.activate(lang)
    renderer = report.default_renderer() if Path(path).is_file() else None
    return verify.verify_file(path, questionnaire_path=questionnaire, renderer=renderer,
                              trust=signatures.load_trust(trust))


def _in_workers(args: argparse.Namespace):
    """The Verification of each PDF, in the order given, from ``--jobs`` processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from riskkit import i18n

    questionnaire = str(args.questionnaire) if args.questionnaire else None
    context = multiprocessing.get_context("forkserver")  # WeasyPrint is not fork-safe
    with ProcessPoolExecutor(max_workers=min(args.jobs, len(args.pdfs)),
                             mp_context=context) as pool:
        trust = [str(t) for t in args.trust]
        futures = [pool.submit(_verify_one, str(p), questionnaire, i18n.current_language(),
                               trust) for p in args.pdfs]
        for future in futures:
            yield future.result()


def run(args: argparse.Namespace, env: Environment) -> int:
    import logging

    from riskkit import signatures, verify

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # our messages say what is wrong
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # so do the signature lines
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    trust = signatures.load_trust(args.trust)

    worst = 0
    renderer = None

    def one_by_one():
        nonlocal renderer
        for path in args.pdfs:
            if renderer is None and Path(path).is_file():
                from riskkit import report

                renderer = report.default_renderer()
            yield verify.verify_file(path, questionnaire_path=args.questionnaire,
                                     renderer=renderer, trust=trust)

    results = _in_workers(args) if args.jobs > 1 and len(args.pdfs) > 1 else one_by_one()
    for result in results:
        code = result.exit_code()
        lines = list(verify.report_lines(result))
        (env.print if code == 0 else env.error)("\n".join(lines))
        worst = max(worst, code, key=lambda c: {0: 0, 3: 1, 1: 2}.get(c, 2))
    return worst
