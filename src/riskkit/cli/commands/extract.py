"""`riskkit extract`: the answers file back out of an archived PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from riskkit.cli.env import Environment
from riskkit.cli.options import add_force, add_lang
from riskkit.errors import ExitStatus, RiskkitError
from riskkit.i18n import pgettext

ORDER = 60


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "extract", help=pgettext("extract command help", "get the answers file back out of a PDF"),
        description=pgettext("extract command help",
                             "Write the answers file embedded in a PDF made by riskkit "
                             "render: the same answers, comments and meta that went in. "
                             "It checks the attachment's checksum; riskkit verify checks the "
                             "whole PDF."))
    parser.add_argument("pdf", type=Path, metavar=pgettext("cli metavar", "PDF"),
                        help=pgettext("extract command help", "a PDF made by riskkit render"))
    parser.add_argument("-o", "--output", metavar=pgettext("cli metavar", "ANSWERS"),
                        help=pgettext("extract command help",
                                      "the answers file to write (default: the PDF's name "
                                      "with .yaml; - prints it)"))
    add_force(parser)
    add_lang(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    import logging

    from riskkit.fileio import write_atomic

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # our messages say what is wrong

    from riskkit import document

    text = document.answers_file_text(document.from_pdf(args.pdf))
    if args.output == "-":
        env.stdout.write(text)
        return ExitStatus.OK
    output = Path(args.output) if args.output else Path(args.pdf).with_suffix(".yaml")
    if output.exists() and not args.force:
        raise RiskkitError(pgettext(
            "extract error", "{file} exists already; riskkit does not overwrite it. Use --force "
            "to replace it, or --output to write elsewhere.").format(file=output))
    write_atomic(output, text)
    env.print(pgettext("extract", "Wrote {file}.").format(file=output))
    return ExitStatus.OK
