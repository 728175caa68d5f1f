"""`riskkit extract`: the answers file back out of an archived PDF."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from riskkit.cli.env import Environment
from riskkit.errors import RiskkitError
from riskkit.i18n import pgettext

ORDER = 60


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "extract", help=pgettext("extract command help", "get the answers file back out of a PDF"),
        description=pgettext("extract command help", "Write the answers file embedded in a PDF made by riskkit "
                             "render: the same answers, comments and meta that went in. "
                             "It checks the attachment's checksum; riskkit verify checks the "
                             "whole PDF."))
    parser.add_argument("pdf", type=Path, metavar=pgettext("cli metavar", "PDF"),
                        help=pgettext("extract command help", "a PDF made by riskkit render"))
    parser.add_argument("-o", "--output", metavar=pgettext("cli metavar", "ANSWERS"),
                        help=pgettext("extract command help", "the answers file to write (default: the PDF's name "
                                      "with .yaml; - prints it)"))
    parser.add_argument("--force", action="store_true",
                        help=pgettext("extract command help", "replace the answers file if it exists"))
    parser.add_argument("--lang", help=pgettext("extract command help", "language of the messages"))
    parser.set_defaults(run=run)


def extract_answers_text(pdf_path: Path) -> str:
    """The answers file (YAML text) embedded in the PDF at ``pdf_path``."""
    from riskkit import pdf as rpdf
    from riskkit import report

    try:
        data = Path(pdf_path).read_bytes()
    except FileNotFoundError:
        raise RiskkitError(pgettext("extract error", "{file}: file not found").format(
            file=pdf_path)) from None
    except OSError as exc:
        raise RiskkitError(pgettext("extract error", "{file}: cannot read: {error}").format(
            file=pdf_path, error=exc.strerror or exc)) from None
    try:
        attachment = rpdf.read_attachment(data)
    except rpdf.RiskkitPdfError as exc:
        raise RiskkitError(f"{pdf_path}: {exc}") from None
    try:
        document = json.loads(attachment.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        document = None
    if not isinstance(document, dict) or document.get("format") != report.FORMAT:
        raise RiskkitError(pgettext(
            "extract error", "{file}: its assessment.json is not a riskkit assessment.").format(
            file=pdf_path))
    return report.answers_file_text(document)


def run(args: argparse.Namespace, env: Environment) -> int:
    import logging

    from riskkit.fileio import write_atomic

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # our messages say what is wrong

    text = extract_answers_text(args.pdf)
    if args.output == "-":
        env.stdout.write(text)
        return 0
    output = Path(args.output) if args.output else Path(args.pdf).with_suffix(".yaml")
    if output.exists() and not args.force:
        raise RiskkitError(pgettext(
            "extract error", "{file} exists already; riskkit does not overwrite it. Use --force "
            "to replace it, or --output to write elsewhere.").format(file=output))
    write_atomic(output, text)
    env.print(pgettext("extract", "Wrote {file}.").format(file=output))
    return 0
