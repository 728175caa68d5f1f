"""`riskkit register` actions that read the register: list, unsigned, show, due, export and
audit."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from riskkit.cli.commands.register.common import open_register, table, table_width
from riskkit.cli.env import Environment
from riskkit.errors import ExitStatus, RiskkitError, UsageError
from riskkit.i18n import pgettext
from riskkit.text import terminal_safe


def run_list(args: argparse.Namespace, env: Environment) -> int:
    with open_register(args, env) as store:
        rows = store.assessments(level=args.level, department=args.department,
                                 system=args.system, due_before=args.due_before)
    if args.min_level:
        rows = _at_least(rows, args.min_level)
    if args.json:
        env.print(json.dumps(rows, ensure_ascii=False, indent=2))
        return ExitStatus.OK
    if not rows:
        env.print(pgettext("register command", "No assessments."))
        return ExitStatus.OK
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
    env.print("\n".join(table([[r["assessment_id"], r["system"], r["department"], r["date"],
                                 r["overall_level_label"], r["next_review"], r["versions"],
                                 verified_word(r)] + ([_roles(r["signed_roles"])] if signed
                                                      else [])
                                for r in rows], header, table_width(env, args),
                               cut=(1, 2, 4, 6, 7))))
    return ExitStatus.OK


def _roles(roles: list[str]) -> str:
    from riskkit.pdf.signatures import role_label

    return ", ".join(role_label(r or None) for r in roles) or "-"


def validity_word(value: str) -> str:
    """How a signature's certificate was found when it was added to the register."""
    from riskkit.register import schema as reg_schema

    return {reg_schema.TRUSTED: pgettext("register signature", "certificate trusted (--trust)"),
            reg_schema.SELF_SIGNED: pgettext("register signature", "self-signed certificate"),
            reg_schema.NOT_CHECKED: pgettext("register signature", "certificate not checked")
            }.get(value, value)


def run_unsigned(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.pdf.signatures import role_label

    with open_register(args, env) as store:
        rows = store.unsigned(args.role)
    if args.json:
        env.print(json.dumps(rows, ensure_ascii=False, indent=2))
        return ExitStatus.OK
    if not rows:
        env.print(pgettext("register command", "Every assessment has a signature by the "
                           "{role}.").format(role=role_label(args.role)))
        return ExitStatus.OK
    env.print(pgettext("register command", "No signature by the {role}:").format(
        role=role_label(args.role)))
    header = [pgettext("register command", "ID"), pgettext("register command", "System"),
              pgettext("register command", "Department"), pgettext("register command", "Date"),
              pgettext("register command", "Signed by")]
    env.print("\n".join(table([[r["assessment_id"], r["system"], r["department"], r["date"],
                                 _roles(r["signed_roles"])] for r in rows], header,
                                table_width(env, args), cut=(1, 2))))
    return ExitStatus.OK


def _at_least(rows: list[dict], level: str) -> list[dict]:
    """The rows whose overall level is ``level`` (an id of the matrix's levels, e.g.
    ``high``) or above it, in the order of the shipped questionnaire's risk matrix."""
    from riskkit.load import questionnaire

    order = [lv.id for lv in questionnaire.load().matrix.levels]
    if level.casefold() not in order:
        raise UsageError(pgettext("register command", "Unknown level {level}; use one of "
                                  "{choices}.").format(level=level, choices=", ".join(order)))
    floor = order.index(level.casefold())
    return [r for r in rows if r["overall_level"] in order[floor:]]


def verified_word(row: dict) -> str:
    """How the PDF was verified, in a word or two: a PDF that could not be verified stands
    out in every list."""
    from riskkit.register import schema as reg_schema

    if row["verified"] == reg_schema.INTACT:
        return pgettext("register verified", "intact")
    if row["verified"] == reg_schema.INCOMPLETE:
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
    with open_register(args, env) as store:
        a = store.assessment(args.id)
    if args.json:
        env.print(json.dumps(a, ensure_ascii=False, indent=2))
        return ExitStatus.OK
    from riskkit.i18n import labels

    width = table_width(env, args)
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
    lines += table([[r["risk_ref"], r["risk_id"], r["title"], r["residual_level"],
                      r["treatment"], r["due_date"]] for r in a["risks"]],
                    [number, pgettext("register command", "Risk"),
                     pgettext("register command", "Title"),
                     pgettext("register command", "Residual level"),
                     pgettext("register command", "Treatment"),
                     pgettext("register command", "Due")], width, cut=(2,))
    lines += ["", pgettext("register command", "Measures")]
    lines += table([[m["number"], m["measure_id"], m["text"], m["risks"], m["due"],
                      labels.measure_status(m["status"])] for m in a["measures"]],
                    [number, pgettext("register command", "Measure"),
                     pgettext("register command", "Text"),
                     pgettext("register command", "Risks"), pgettext("register command", "Due"),
                     pgettext("register command", "Status")], width, cut=(2, 3))
    if a.get("signatures"):
        from riskkit.pdf.signatures import decision_label, role_label

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
    return ExitStatus.OK


def run_due(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.i18n import labels

    today = args.today or dt.date.today()
    with open_register(args, env) as store:
        reviews, measures = store.due(today, args.within)
    width, none = table_width(env, args), ["  " + pgettext("register command", "none")]
    lines = [pgettext("register command", "Reviews due by {date}:").format(
        date=(today + dt.timedelta(days=args.within)).isoformat())]
    lines += table([[r["next_review"], r["assessment_id"], r["system"]] for r in reviews],
                    [pgettext("register command", "Next review"),
                     pgettext("register command", "ID"),
                     pgettext("register command", "System")], width, "  ", cut=(2,)) \
        if reviews else none
    lines.append(pgettext("register command", "Measures past their deadline ({date}):").format(
        date=today.isoformat()))
    lines += table([[m["due"], m["assessment_id"], m["measure_id"],
                      labels.measure_status(m["status"]), m["text"]] for m in measures],
                    [pgettext("register command", "Due"), pgettext("register command", "ID"),
                     pgettext("register command", "Measure"),
                     pgettext("register command", "Status"),
                     pgettext("register command", "Text")], width, "  ", cut=(4,)) \
        if measures else none
    env.print("\n".join(lines))
    return ExitStatus.OK


def run_export(args: argparse.Namespace, env: Environment) -> int:
    from riskkit import i18n
    from riskkit.fileio import write_atomic
    from riskkit.register import export as reg_export

    if args.format == "xlsx" and not args.output:
        raise UsageError(pgettext("register command", "--format xlsx writes a binary "
                                  "workbook, not text for the terminal: name the file with "
                                  "--output FILE."))
    if args.output and args.output.exists() and not args.force:
        raise RiskkitError(pgettext(
            "register command", "{file} exists already; riskkit does not overwrite it. Use "
            "--force to replace it, or --output to write elsewhere.").format(file=args.output))
    delimiter = args.delimiter or reg_export.CSV_DELIMITERS.get(
        i18n.current_language().split("_")[0], ",")
    if delimiter == "tab":
        delimiter = "\t"
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise UsageError(pgettext("register command", "--delimiter takes one character "
                                  "(e.g. ; or ,) or the word tab, not {value}.").format(
            value=repr(delimiter)))
    columns = reg_export.PLAN_COLUMNS if args.plan else reg_export.EXPORT_COLUMNS
    with open_register(args, env) as store:
        rows = store.plan_rows() if args.plan else store.risk_rows()
        stamp = store.last_changed()
    if args.format == "xlsx":
        data = reg_export.xlsx_bytes(
            rows, columns, stamp=stamp,
            sheet=pgettext("register export", "Treatment plan") if args.plan
            else pgettext("register export", "Risk register"))
    elif args.format == "json":
        data = (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        data = reg_export.csv_text(rows, columns, delimiter=delimiter).encode("utf-8-sig")
    if args.output:
        write_atomic(args.output, data)
    else:
        text = data.decode("utf-8-sig" if args.format == "csv" else "utf-8")
        if getattr(env.stdout, "isatty", lambda: False)():
            # a row may hold an ESC sequence from a PDF made before riskkit refused them:
            # a terminal shows it, a pipe or file gets the data as it is
            text = terminal_safe(text.replace("\r\n", "\n"))
        env.stdout.write(text)
    return ExitStatus.OK


def run_audit(args: argparse.Namespace, env: Environment) -> int:
    with open_register(args, env) as store:
        rows = store.audit(args.id)
    if args.json:
        env.print(json.dumps(rows, ensure_ascii=False, indent=2))
        return ExitStatus.OK
    if not rows:
        env.print(pgettext("register command", "Nothing recorded."))
        return ExitStatus.OK
    header = [pgettext("register command", "When"), pgettext("register command", "Who"),
              pgettext("register command", "Database user"),
              pgettext("register command", "Action"), pgettext("register command", "ID"),
              pgettext("register command", "Detail")]
    env.print("\n".join(table([[r["at"], r["by_name"], r["db_user"], r["action"],
                                 r["assessment_id"], r["detail"]] for r in rows], header,
                                table_width(env, args), cut=(5,))))
    return ExitStatus.OK


