"""`riskkit register`: the CISO's register of assessment PDFs (docs/register.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from riskkit.cli.env import Environment
from riskkit.errors import RiskkitError, UsageError
from riskkit.i18n import pgettext
from riskkit.text import terminal_safe

ORDER = 55


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(pgettext(
            "register command", "not a date (YYYY-MM-DD): {value}").format(value=value)) from None


def register(sub: argparse._SubParsersAction) -> None:
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
        p.add_argument("--db", type=_target, metavar=pgettext("register command", "PATH|URL"),
                       help=pgettext("register command", "the register: an SQLite file or a "
                                     "postgresql:// URL, without a password (default: "
                                     "$RISKKIT_REGISTER, else "
                                     "~/.local/share/riskkit/register.sqlite)"))
        p.add_argument("--lang", help=pgettext("register command", "language of the messages"))
        p.set_defaults(run=handler)
        return p

    p = action("add", pgettext("register command", "verify PDFs and add them to the register"),
               run_add)
    p.add_argument("pdfs", nargs="+", type=Path, metavar=pgettext("register command", "PDF"),
                   help=pgettext("register command", "PDF files made by riskkit render"))
    p.add_argument("--archive", type=Path, metavar=pgettext("register command", "DIR"),
                   help=pgettext("register command", "also copy each PDF into DIR, in a "
                                 "folder named by its assessment ID"))
    p.add_argument("--questionnaire", type=Path, metavar=pgettext("register command", "PATH"),
                   help=pgettext("register command", "the questionnaire the PDFs were made "
                                 "with (default: the shipped one)"))
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
    p.add_argument("--json", action="store_true",
                   help=pgettext("register command", "print JSON"))

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
    p.add_argument("--json", action="store_true",
                   help=pgettext("register command", "print JSON instead of a table"))
    _wide(p)

    p = action("show", pgettext("register command", "one assessment with its risks, measures "
                                "and follow-up"), run_show)
    p.add_argument("id", metavar=pgettext("register command", "ID"),
                   help=pgettext("register command", "the assessment ID"))
    p.add_argument("--json", action="store_true",
                   help=pgettext("register command", "print JSON instead of text"))
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
    p.add_argument("--force", action="store_true",
                   help=pgettext("register command", "replace FILE if it exists already"))
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
    p.add_argument("--by", metavar=pgettext("register command", "NAME"),
                   help=pgettext("register command", "who (default: the login name)"))

    p = action("migrate", pgettext("register command", "copy the whole register into another "
                                   "one, e.g. from SQLite to PostgreSQL or back"), run_migrate)
    p.add_argument("--to", required=True, type=_target,
                   metavar=pgettext("register command", "PATH|URL"),
                   help=pgettext("register command", "the register to copy into (an SQLite "
                                 "file or a postgresql:// URL); it must hold no assessments"))
    p.add_argument("--by", metavar=pgettext("register command", "NAME"),
                   help=pgettext("register command", "who, for the audit trail (default: "
                                 "the login name)"))

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
    p.add_argument("--by", metavar=pgettext("register command", "NAME"),
                   help=pgettext("register command", "who, for the audit trail (default: "
                                 "the login name)"))

    p = action("audit", pgettext("register command", "who added, changed or removed what, "
                                 "and when"), run_audit)
    p.add_argument("id", nargs="?", metavar=pgettext("register command", "ID"),
                   help=pgettext("register command", "only this assessment"))
    p.add_argument("--json", action="store_true",
                   help=pgettext("register command", "print JSON instead of a table"))

    p = action("rebuild", pgettext("register command", "drop the index and add every PDF "
                                   "under DIR again (the follow-up history is kept)"),
               run_rebuild)
    p.add_argument("folder", type=Path, metavar=pgettext("register command", "DIR"),
                   help=pgettext("register command", "the folder holding the PDFs"))
    p.add_argument("--questionnaire", type=Path, metavar=pgettext("register command", "PATH"),
                   help=pgettext("register command", "the questionnaire the PDFs were made "
                                 "with (default: the shipped one)"))
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
    p.add_argument("--by", metavar=pgettext("register command", "NAME"),
                   help=pgettext("register command", "who, for the audit trail (default: "
                                 "the login name)"))


def _help(parser: argparse.ArgumentParser, env: Environment) -> int:
    parser.print_help(env.stdout)
    return 2


def _target(value: str) -> Path | str:
    """``--db``: a ``postgresql://`` URL stays text, anything else is a file."""
    from riskkit.register_db import is_url

    return value if is_url(value) else Path(value).expanduser()


def _open(args: argparse.Namespace, env: Environment):
    from riskkit import register as reg

    return reg.Register(args.db or reg.default_path(env.environ))


def _verify_worker(path: str, questionnaire: str | None, allow_unverified: bool,
                   lang: str, trust: tuple[str, ...] = ()) -> tuple[str, object]:
    """In a worker process: ("ok", entry) or ("refused", message) for one PDF."""
    import logging

    from riskkit import i18n, report, signatures
    from riskkit import register as reg

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    i18n.activate(lang)
    try:
        _data, entry = reg.read_pdf(path, questionnaire_path=questionnaire,
                                    renderer=report.default_renderer(),
                                    allow_unverified=allow_unverified,
                                    trust=signatures.load_trust(trust))
    except RiskkitError as exc:
        return "refused", str(exc)
    return "ok", entry


def _verified(paths: list[Path], args: argparse.Namespace, env: Environment):
    """(path, entry or None, message) for each PDF, in the order given, as each is done:
    verified in ``--jobs`` worker processes (one: here, one after the other). A PDF that
    fails says why and the others go on."""
    from riskkit import i18n

    jobs = max(1, getattr(args, "jobs", 1) or 1)
    questionnaire = str(args.questionnaire) if args.questionnaire else None
    allow = bool(getattr(args, "allow_unverified", False))
    lang = i18n.current_language()
    trust = tuple(str(t) for t in getattr(args, "trust", None) or ())
    if jobs == 1 or len(paths) == 1:
        for path in paths:
            status, value = _verify_worker(str(path), questionnaire, allow, lang, trust)
            yield (path, value, "") if status == "ok" else (path, None, value)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: WeasyPrint's fontconfig and threads must not be forked mid-use.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context) as pool:
        futures = [pool.submit(_verify_worker, str(p), questionnaire, allow, lang, trust)
                   for p in paths]
        for path, future in zip(paths, futures, strict=True):
            status, value = future.result()
            yield (path, value, "") if status == "ok" else (path, None, value)


def _said(env: Environment, path, entry, added: bool) -> None:
    a = entry.assessment
    if added:
        env.print(pgettext("register command", "{file}: added {id} ({system}, {date}).")
                  .format(file=path, id=a["assessment_id"], system=a["system"],
                          date=a["date"]))
    else:
        env.print(pgettext("register command", "{file}: already in the register "
                           "({id}).").format(file=path, id=a["assessment_id"]))


def run_add(args: argparse.Namespace, env: Environment) -> int:
    """Each PDF on its own: one that cannot be read, verified or stored is reported and
    the others go on; exit status 1 when any failed. A PDF whose SHA-256 is already in the
    register is answered at once, without verifying it again."""
    from riskkit import register as reg
    from riskkit import register_db

    with _open(args, env) as store:  # opened first: a damaged register is said at once
        store.db.refuse_write()
        failed, pending = 0, []
        for path in args.pdfs:
            try:
                known = store.known(reg.sha256_of(path))
            except RiskkitError as exc:
                env.error(str(exc))
                failed += 1
                continue
            if known is None:
                pending.append(path)
            else:
                env.print(pgettext("register command", "{file}: already in the register "
                                   "({id}).").format(file=path, id=known))
        for path, entry, message in _verified(pending, args, env):
            if entry is None:
                env.error(message)
                failed += 1
                continue
            try:
                if entry.notice:
                    env.error(entry.notice)
                if args.archive:
                    reg.archive(reg.read_bytes(path), entry, args.archive)
                added = store.add(entry, by=args.by or "")
                signed = store.add_signatures(entry, by=args.by or "")
                if signed:
                    env.print(pgettext("register command", "{file}: {count} signature(s) added "
                                       "to {id}.").format(file=path, count=signed,
                                                          id=entry.assessment["assessment_id"]))
                if added or not signed:
                    _said(env, path, entry, added)
            except RiskkitError as exc:
                env.error(str(exc))
                failed += 1
            except register_db.errors() as exc:
                if register_db.is_read_only_error(exc):
                    raise register_db.ReadOnlyError(pgettext(
                        "register", "{file} is read-only for you: it can be listed, shown and "
                        "exported, not changed. Ask whoever keeps the register for write "
                        "access, or name another register with --db.").format(
                        file=store.path)) from None
                env.error(pgettext("register command", "{file} was not added: the register "
                                   "refused it: {error}").format(file=path,
                                                                 error=str(exc).strip()))
                failed += 1
    return 1 if failed else 0


def run_rebuild(args: argparse.Namespace, env: Environment) -> int:
    if not args.folder.is_dir():
        raise UsageError(pgettext("register command", "{folder} is not a folder.").format(
            folder=args.folder))
    paths = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() == ".pdf"
                   and p.is_file())
    with _open(args, env) as store:
        store.db.refuse_write()
        entries, failed = [], 0
        for _path, entry, message in _verified(paths, args, env):
            if entry is None:
                env.error(message)
                failed += 1
                continue
            if entry.notice:
                env.error(entry.notice)
            entries.append(entry)
        added = store.replace_all(entries, by=args.by or "")
    env.print(pgettext("register command", "Rebuilt from {folder}: {added} PDFs indexed, "
                       "{refused} refused.").format(folder=args.folder, added=added,
                                                    refused=failed))
    return 1 if failed else 0


def _width(env: Environment, args: argparse.Namespace | None = None) -> int | None:
    """The terminal's width (``$COLUMNS``, else what the terminal says), or None when the
    output goes to a file or a pipe, or with ``--wide``: a script reading it needs the full
    texts, whatever ``$COLUMNS`` the shell exported."""
    import shutil

    if getattr(args, "wide", False) or not getattr(env.stdout, "isatty", lambda: False)():
        return None
    try:
        return max(int(env.environ["COLUMNS"]), 40)
    except (KeyError, ValueError):
        return shutil.get_terminal_size((100, 40)).columns


def _table(rows: list[list[object]], header: list[str], width: int | None = None,
           indent: str = "", cut: tuple[int, ...] = ()) -> list[str]:
    """A plain-text table. When ``width`` is given, the texts in the columns ``cut`` (prose,
    never an ID that another command needs) are wrapped onto more lines within their column
    until each line fits, so that nothing is lost and the terminal does not break a row
    across the screen."""
    import textwrap

    cells = [list(header), *([str(v) for v in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    if width is not None:
        floor = [min(w, 6) if i in cut else w for i, w in enumerate(widths)]
        while len(indent) + sum(widths) + 2 * (len(widths) - 1) > width:
            i = max(range(len(widths)), key=lambda k: widths[k] - floor[k])
            if widths[i] <= floor[i]:
                break
            widths[i] -= 1

    def lines_of(row: list[str]) -> list[str]:
        parts = [textwrap.wrap(v, w, break_on_hyphens=False) or [""] if len(v) > w else [v]
                 for v, w in zip(row, widths, strict=True)]
        return [(indent + "  ".join((p[n] if n < len(p) else "").ljust(w)
                                    for p, w in zip(parts, widths, strict=True))).rstrip()
                for n in range(max(map(len, parts)))]

    return [*lines_of(cells[0]), indent + "  ".join("-" * w for w in widths),
            *(line for row in cells[1:] for line in lines_of(row))]


def run_list(args: argparse.Namespace, env: Environment) -> int:
    with _open(args, env) as store:
        rows = store.assessments(level=args.level, department=args.department,
                                 system=args.system, due_before=args.due_before)
    if args.min_level:
        rows = _at_least(rows, args.min_level)
    if args.json:
        env.print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        env.print(pgettext("register command", "No assessments."))
        return 0
    header = [pgettext("register command", "ID"), pgettext("register command", "System"),
              pgettext("register command", "Department"), pgettext("register command", "Date"),
              pgettext("register command", "Level"),
              pgettext("register command", "Next review"),
              pgettext("register command", "Versions"),
              pgettext("register command", "Verified")]
    # Who signed, once any listed assessment carries a signature (riskkit sign).
    signed = any(r["signed_roles"] for r in rows)
    if signed:
        header.append(pgettext("register command", "Signed by"))
    env.print("\n".join(_table([[r["assessment_id"], r["system"], r["department"], r["date"],
                                 r["overall_level_label"], r["next_review"], r["versions"],
                                 verified_word(r)] + ([_roles(r["signed_roles"])] if signed
                                                      else [])
                                for r in rows], header, _width(env, args), cut=(1, 2, 4, 6, 7))))
    return 0


def _roles(roles: list[str]) -> str:
    from riskkit.signatures import role_label

    return ", ".join(role_label(r or None) for r in roles) or "-"


def validity_word(value: str) -> str:
    """How a signature's certificate was found when it was added to the register."""
    from riskkit import register as reg

    return {reg.TRUSTED: pgettext("register signature", "certificate trusted (--trust)"),
            reg.SELF_SIGNED: pgettext("register signature", "self-signed certificate"),
            reg.NOT_CHECKED: pgettext("register signature", "certificate not checked")
            }.get(value, value)


def run_unsigned(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.signatures import role_label

    with _open(args, env) as store:
        rows = store.unsigned(args.role)
    if args.json:
        env.print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        env.print(pgettext("register command", "Every assessment has a signature by the "
                           "{role}.").format(role=role_label(args.role)))
        return 0
    env.print(pgettext("register command", "No signature by the {role}:").format(
        role=role_label(args.role)))
    header = [pgettext("register command", "ID"), pgettext("register command", "System"),
              pgettext("register command", "Department"), pgettext("register command", "Date"),
              pgettext("register command", "Signed by")]
    env.print("\n".join(_table([[r["assessment_id"], r["system"], r["department"], r["date"],
                                 _roles(r["signed_roles"])] for r in rows], header,
                                _width(env, args), cut=(1, 2))))
    return 0


def _at_least(rows: list[dict], level: str) -> list[dict]:
    """The rows whose overall level is ``level`` (an id of the matrix's levels, e.g.
    ``high``) or above it, in the order of the shipped questionnaire's risk matrix."""
    from riskkit import report

    order = [lv.id for lv in report.load_questionnaire().matrix.levels]
    if level.casefold() not in order:
        raise UsageError(pgettext("register command", "Unknown level {level}; use one of "
                                  "{choices}.").format(level=level, choices=", ".join(order)))
    floor = order.index(level.casefold())
    return [r for r in rows if r["overall_level"] in order[floor:]]


def verified_word(row: dict) -> str:
    """How the PDF was verified, in a word or two: a PDF that could not be verified stands
    out in every list."""
    from riskkit import register as reg

    if row["verified"] == reg.INTACT:
        return pgettext("register verified", "intact")
    if row["verified"] == reg.INCOMPLETE:
        # translator: a PDF made by an older riskkit: every check but the byte comparison ran
        return pgettext("register verified", "partly (riskkit {version})").format(
            version=row["riskkit"] or "?")
    return pgettext("register verified", "UNVERIFIED")


def _checks_line(row: dict) -> str:
    from riskkit import verify

    checks = row.get("checks") or {}
    ran = [name for name in verify.CHECKS if checks.get(name) == verify.OK]
    skipped = [name for name in verify.CHECKS if checks.get(name) != verify.OK]
    line = pgettext("register command", "Checks passed: {passed}").format(
        passed=", ".join(ran) or "-")
    if skipped:
        line += "; " + pgettext("register command", "not run: {skipped}").format(
            skipped=", ".join(skipped))
    return line


def run_show(args: argparse.Namespace, env: Environment) -> int:
    with _open(args, env) as store:
        a = store.assessment(args.id)
    if args.json:
        env.print(json.dumps(a, ensure_ascii=False, indent=2))
        return 0
    from riskkit.i18n import labels

    width = _width(env, args)
    lines = [
        f"{a['assessment_id']}: {a['system']}",
        *([pgettext("register command", "UNVERIFIED: this PDF claims riskkit {version} but "
                    "could not be verified fully; it was taken with --allow-unverified. Do "
                    "not rely on it.").format(version=a["riskkit"] or "?")]
          if a["verified"] == "unverified" else []),
        pgettext("register command", "Organisation: {value}").format(value=a["organisation"]),
        pgettext("register command", "Department: {value}").format(value=a["department"]),
        pgettext("register command", "System owner: {value}").format(value=a["owner"]),
        pgettext("register command", "Assessor: {value}").format(value=a["assessor"]),
        pgettext("register command", "Date: {value}").format(value=a["date"]),
        pgettext("register command", "Next review: {value}").format(value=a["next_review"]),
        pgettext("register command", "Overall residual level: {value}").format(
            value=a["overall_level_label"]),
        pgettext("register command", "PDF: {path} (SHA-256 {sha})").format(
            path=a["archived_path"] or a["pdf_path"], sha=a["pdf_sha256"]),
        pgettext("register command", "Versions in the register: {count}").format(
            count=a["versions"]),
        pgettext("register command", "Verified: {how}, made with riskkit {version}").format(
            how=verified_word(a), version=a["riskkit"] or "?"),
        "  " + _checks_line(a),
        "",
        pgettext("register command", "Risks"),
    ]
    # translator: column of the number printed in the PDF (R1, R2, …)
    number = pgettext("register command", "No.")
    lines += _table([[r["risk_ref"], r["risk_id"], r["title"], r["residual_level"],
                      r["treatment"], r["due_date"]] for r in a["risks"]],
                    [number, pgettext("register command", "Risk"),
                     pgettext("register command", "Title"),
                     pgettext("register command", "Residual level"),
                     pgettext("register command", "Treatment"),
                     pgettext("register command", "Due")], width, cut=(2,))
    lines += ["", pgettext("register command", "Measures")]
    lines += _table([[m["number"], m["measure_id"], m["text"], m["risks"], m["due"],
                      labels.measure_status(m["status"])] for m in a["measures"]],
                    [number, pgettext("register command", "Measure"),
                     pgettext("register command", "Text"),
                     pgettext("register command", "Risks"), pgettext("register command", "Due"),
                     pgettext("register command", "Status")], width, cut=(2, 3))
    if a.get("signatures"):
        from riskkit.signatures import decision_label, role_label

        lines += ["", pgettext("register command", "Signatures")]
        lines += [pgettext("register signature", "revision {revision}: {signer} as {role}, "
                           "{when}{timestamp}; decision: {decision}; {validity}").format(
            revision=sig["revision"], signer=sig["signer"], role=role_label(sig["role"] or None),
            when=sig["signed_at"] or "?",
            timestamp=pgettext("register signature", " (timestamped)")
            if sig["timestamped"] else "",
            decision=decision_label(sig["decision"] or None),
            validity=validity_word(sig["validity"])) for sig in a["signatures"]]
    if a["history"]:
        lines += ["", pgettext("register command", "Follow-up")]
        lines += [pgettext("register command", "{when} {who}: {measure} {old} → {new} {note}")
                  .format(when=h["changed_at"], who=h["changed_by"], measure=h["measure_id"],
                          old=labels.measure_status(h["old_status"]),
                          new=labels.measure_status(h["new_status"]), note=h["note"]).rstrip()
                  for h in a["history"]]
    env.print("\n".join(lines))
    return 0


def run_due(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.i18n import labels

    today = args.today or dt.date.today()
    with _open(args, env) as store:
        reviews, measures = store.due(today, args.within)
    width, none = _width(env, args), ["  " + pgettext("register command", "none")]
    lines = [pgettext("register command", "Reviews due by {date}:").format(
        date=(today + dt.timedelta(days=args.within)).isoformat())]
    lines += _table([[r["next_review"], r["assessment_id"], r["system"]] for r in reviews],
                    [pgettext("register command", "Next review"),
                     pgettext("register command", "ID"),
                     pgettext("register command", "System")], width, "  ", cut=(2,)) \
        if reviews else none
    lines.append(pgettext("register command", "Measures past their deadline ({date}):").format(
        date=today.isoformat()))
    lines += _table([[m["due"], m["assessment_id"], m["measure_id"],
                      labels.measure_status(m["status"]), m["text"]] for m in measures],
                    [pgettext("register command", "Due"), pgettext("register command", "ID"),
                     pgettext("register command", "Measure"),
                     pgettext("register command", "Status"),
                     pgettext("register command", "Text")], width, "  ", cut=(4,)) \
        if measures else none
    env.print("\n".join(lines))
    return 0


def run_export(args: argparse.Namespace, env: Environment) -> int:
    from riskkit import i18n
    from riskkit import register as reg
    from riskkit.fileio import write_atomic

    if args.format == "xlsx" and not args.output:
        raise UsageError(pgettext("register command", "--format xlsx writes a binary "
                                  "workbook, not text for the terminal: name the file with "
                                  "--output FILE."))
    if args.output and args.output.exists() and not args.force:
        raise RiskkitError(pgettext(
            "register command", "{file} exists already; riskkit does not overwrite it. Use "
            "--force to replace it, or --output to write elsewhere.").format(file=args.output))
    delimiter = args.delimiter or reg.CSV_DELIMITERS.get(
        i18n.current_language().split("_")[0], ",")
    if delimiter == "tab":
        delimiter = "\t"
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise UsageError(pgettext("register command", "--delimiter takes one character "
                                  "(e.g. ; or ,) or the word tab, not {value}.").format(
            value=repr(delimiter)))
    columns = reg.PLAN_COLUMNS if args.plan else reg.EXPORT_COLUMNS
    with _open(args, env) as store:
        rows = store.plan_rows() if args.plan else store.risk_rows()
        stamp = store.last_changed()
    if args.format == "xlsx":
        data = reg.xlsx_bytes(
            rows, columns, stamp=stamp,
            sheet=pgettext("register export", "Treatment plan") if args.plan
            else pgettext("register export", "Risk register"))
    elif args.format == "json":
        data = (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        data = reg.csv_text(rows, columns, delimiter=delimiter).encode("utf-8-sig")
    if args.output:
        write_atomic(args.output, data)
    else:
        text = data.decode("utf-8-sig" if args.format == "csv" else "utf-8")
        if getattr(env.stdout, "isatty", lambda: False)():
            # a row may hold an ESC sequence from a PDF made before riskkit refused them:
            # a terminal shows it, a pipe or file gets the data as it is
            text = terminal_safe(text.replace("\r\n", "\n"))
        env.stdout.write(text)
    return 0


def run_migrate(args: argparse.Namespace, env: Environment) -> int:
    from riskkit import register as reg

    with _open(args, env) as source, reg.Register(args.to) as target:
        count = target.copy_from(source, by=args.by or "")
    env.print(pgettext("register command", "{count} assessments copied into {target}.")
              .format(count=count, target=args.to))
    return 0


def run_erase(args: argparse.Namespace, env: Environment) -> int:
    with _open(args, env) as store:
        changed = store.erase_person(args.id, args.person, by=args.by or "",
                                     reason=args.reason)
    if not changed:
        env.error(pgettext("register command", "{id}: the register holds no such text; "
                           "nothing was erased (the request is recorded in the audit).")
                  .format(id=args.id))
        return 1
    env.print(pgettext("register command", "{id}: erased from {count} fields and recorded in "
                       "the audit. The PDF itself still holds it, and a rebuild from the PDFs "
                       "brings it back: replace or remove the PDF too.").format(
        id=args.id, count=changed))
    return 0


def run_audit(args: argparse.Namespace, env: Environment) -> int:
    with _open(args, env) as store:
        rows = store.audit(args.id)
    if args.json:
        env.print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        env.print(pgettext("register command", "Nothing recorded."))
        return 0
    header = [pgettext("register command", "When"), pgettext("register command", "Who"),
              pgettext("register command", "Database user"),
              pgettext("register command", "Action"), pgettext("register command", "ID"),
              pgettext("register command", "Detail")]
    env.print("\n".join(_table([[r["at"], r["by_name"], r["db_user"], r["action"],
                                 r["assessment_id"], r["detail"]] for r in rows], header,
                                _width(env, args), cut=(5,))))
    return 0


def run_measure(args: argparse.Namespace, env: Environment) -> int:
    from riskkit import register as reg

    by = args.by or reg.login_name()
    with _open(args, env) as store:
        old, new = store.set_measure_status(args.id, args.measure, args.status, by=by,
                                            note=args.note)
    from riskkit.i18n import labels

    env.print(pgettext("register command", "{id} {measure}: {old} → {new}").format(
        id=args.id, measure=args.measure, old=labels.measure_status(old),
        new=labels.measure_status(new)))
    return 0
