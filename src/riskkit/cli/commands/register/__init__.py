"""`riskkit register`: the CISO's register of assessment PDFs (docs/register.md)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from riskkit.cli.commands.register.changes import (
    run_add,
    run_erase,
    run_measure,
    run_migrate,
    run_rebuild,
)
from riskkit.cli.commands.register.common import register_target
from riskkit.cli.commands.register.views import (
    run_audit,
    run_due,
    run_export,
    run_list,
    run_show,
    run_unsigned,
)
from riskkit.cli.env import Environment
from riskkit.cli.options import (
    add_by,
    add_db,
    add_force,
    add_json,
    add_lang,
    add_questionnaire,
)
from riskkit.errors import ExitStatus
from riskkit.i18n import pgettext

ORDER = 55


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(pgettext(
            "register command", "not a date (YYYY-MM-DD): {value}").format(value=value)) from None


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "register",
        help=pgettext("register command", "the register of assessment PDFs: add, list, "
                      "follow up, export"),
        description=pgettext(
            "register command", "The CISO's register: an SQLite index of verified assessment "
            "PDFs, their risks and measures, with the follow-up of each measure. It can be "
            "rebuilt from the PDFs."))
    parser.set_defaults(run=lambda args, env: _help(parser, env))
    actions = parser.add_subparsers(dest="action",
                                    metavar=pgettext("register command", "ACTION"))

    def action(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help_text, description=help_text)
        add_db(p, register_target)
        add_lang(p)
        p.set_defaults(run=handler)
        return p

    p = action("add", pgettext("register command", "verify PDFs and add them to the register"),
               run_add)
    p.add_argument("pdfs", nargs="+", type=Path, metavar=pgettext("register command", "PDF"),
                   help=pgettext("register command", "PDF files made by riskkit render"))
    p.add_argument("--archive", type=Path, metavar=pgettext("register command", "DIR"),
                   help=pgettext("register command", "also copy each PDF into DIR, in a "
                                 "folder named by its assessment ID"))
    add_questionnaire(p)
    p.add_argument("--trust", type=Path, action="append", default=[],
                   metavar=pgettext("cli metavar", "CERT.pem"),
                   help=pgettext("register command", "a certificate (PEM or DER) the signers' "
                                 "certificates must chain to, for the signatures of signed "
                                 "copies; may be repeated"))
    _verifying(p)

    p = action("unsigned", pgettext("register command", "the assessments (latest version of "
                                    "each) with no signature in a role"), run_unsigned)
    p.add_argument("--role", required=True, choices=("assessor", "head", "ciso", "dpo"),
                   help=pgettext("register command", "the role whose signature is missing"))
    add_json(p)

    p = action("list", pgettext("register command", "list the assessments (latest version of "
                                "each)"), run_list)
    p.add_argument("--level", metavar=pgettext("register command", "LEVEL"),
                   help=pgettext("register command", "only this overall residual level (its "
                                 "id or its label)"))
    p.add_argument("--department", metavar=pgettext("register command", "TEXT"),
                   help=pgettext("register command", "only departments containing TEXT"))
    p.add_argument("--system", metavar=pgettext("register command", "TEXT"),
                   help=pgettext("register command", "only systems containing TEXT"))
    p.add_argument("--due-before", type=_date, metavar=pgettext("register command", "DATE"),
                   help=pgettext("register command", "only those whose next review is before "
                                 "DATE (YYYY-MM-DD)"))
    p.add_argument("--min-level", metavar=pgettext("register command", "LEVEL"),
                   help=pgettext("register command", "only this overall residual level and "
                                 "those above it (e.g. high: high and critical)"))
    add_json(p)
    _wide(p)

    p = action("show", pgettext("register command", "one assessment with its risks, measures "
                                "and follow-up"), run_show)
    p.add_argument("id", metavar=pgettext("register command", "ID"),
                   help=pgettext("register command", "the assessment ID"))
    add_json(p)
    _wide(p)

    p = action("due", pgettext("register command", "reviews due and measures past their "
                               "deadline"), run_due)
    p.add_argument("--within", type=int, default=30, metavar=pgettext("register command", "DAYS"),
                   help=pgettext("register command", "also reviews due within DAYS days "
                                 "(default: 30)"))
    p.add_argument("--today", type=_date, metavar=pgettext("register command", "DATE"),
                   help=pgettext("register command", "count from DATE instead of today"))
    _wide(p)

    p = action("export", pgettext("register command", "export the risk register or the "
                                  "treatment plan"), run_export)
    p.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv",
                   help=pgettext("register command", "csv (UTF-8 with BOM, for Excel and "
                                 "LibreOffice), json, or xlsx (an Excel workbook; needs "
                                 "--output)"))
    p.add_argument("--output", type=Path, metavar=pgettext("register command", "FILE"),
                   help=pgettext("register command", "write to FILE (default: print; "
                                 "required for xlsx)"))
    add_force(p)
    p.add_argument("--plan", action="store_true",
                   help=pgettext("register command", "the treatment plan: one row per measure "
                                 "instead of one per risk"))
    p.add_argument("--delimiter", metavar=pgettext("register command", "CHAR"),
                   help=pgettext("register command", "the CSV delimiter (default: ; for "
                                 "Norwegian, Swedish and Danish, as Nordic Excel expects; , "
                                 "for English; tab for a tab)"))

    p = action("measure", pgettext("register command", "record the follow-up of a measure"),
               run_measure)
    p.add_argument("id", metavar=pgettext("register command", "ID"),
                   help=pgettext("register command", "the assessment ID"))
    p.add_argument("measure", metavar=pgettext("register command", "MEASURE"),
                   help=pgettext("register command", "the measure's ID, e.g. M3"))
    p.add_argument("--status", required=True,
                   choices=("proposed", "in_progress", "done", "accepted"),
                   help=pgettext("register command", "the measure's new status"))
    p.add_argument("--note", default="", help=pgettext("register command", "why, or what was "
                                                       "done"))
    add_by(p)

    p = action("migrate", pgettext("register command", "copy the whole register into another "
                                   "one, e.g. from SQLite to PostgreSQL or back"), run_migrate)
    p.add_argument("--to", required=True, type=register_target,
                   metavar=pgettext("register command", "PATH|URL"),
                   help=pgettext("register command", "the register to copy into (an SQLite "
                                 "file or a postgresql:// URL); it must hold no assessments"))
    add_by(p)

    p = action("erase", pgettext("register command", "erase a person's data from an "
                                 "assessment's rows, on their request"), run_erase)
    p.add_argument("id", metavar=pgettext("register command", "ID"),
                   help=pgettext("register command", "the assessment ID"))
    p.add_argument("--person", required=True, metavar=pgettext("register command", "TEXT"),
                   help=pgettext("register command", "the name (or e-mail address) to erase, "
                                 "as it is written"))
    p.add_argument("--reason", default="", metavar=pgettext("register command", "TEXT"),
                   help=pgettext("register command", "why, for the audit trail (e.g. the "
                                 "request's reference)"))
    add_by(p)

    p = action("audit", pgettext("register command", "who added, changed or removed what, "
                                 "and when"), run_audit)
    p.add_argument("id", nargs="?", metavar=pgettext("register command", "ID"),
                   help=pgettext("register command", "only this assessment"))
    add_json(p)

    p = action("rebuild", pgettext("register command", "drop the index and add every PDF "
                                   "under DIR again (the follow-up history is kept)"),
               run_rebuild)
    p.add_argument("folder", type=Path, metavar=pgettext("register command", "DIR"),
                   help=pgettext("register command", "the folder holding the PDFs"))
    add_questionnaire(p)
    _verifying(p)


def _wide(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wide", action="store_true",
                   help=pgettext("register command", "print every text on one line, however "
                                 "wide the terminal"))


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(pgettext(
            "register command", "not a number of processes (1 or more): {value}").format(
            value=value))
    return jobs


def _verifying(p: argparse.ArgumentParser) -> None:
    """The options of the commands that verify PDFs (add, rebuild)."""
    p.add_argument("--jobs", type=_jobs, default=1, metavar=pgettext("register command", "N"),
                   help=pgettext("register command", "verify N PDFs at once, in N processes "
                                 "(default: 1)"))
    p.add_argument("--allow-unverified", action="store_true",
                   help=pgettext("register command", "also take a PDF that claims this "
                                 "riskkit version but could not be verified fully; it is "
                                 "marked as unverified in list and show"))
    add_by(p)


def _help(parser: argparse.ArgumentParser, env: Environment) -> int:
    parser.print_help(env.stdout)
    return ExitStatus.USAGE
