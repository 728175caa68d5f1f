"""`riskkit fria`: the fundamental rights impact assessment and the EU database registration
of an answers file, written as files to file or paste (AI Act Art. 27, 49(3))."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from riskkit.cli.env import Environment
from riskkit.cli.options import add_force, add_lang, add_questionnaire
from riskkit.errors import ExitStatus, RiskkitError
from riskkit.i18n import pgettext

if TYPE_CHECKING:
    from riskkit.core.answers import Answers
    from riskkit.core.fria import Fria
    from riskkit.core.result import Result

ORDER = 35


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "fria",
        help=pgettext("fria command", "write the FRIA and the EU database registration as files"),
        description=pgettext(
            "fria command",
            "Draft the fundamental rights impact assessment (AI Act Art. 27) of an answers file "
            "and write it as NAME-fria.md (the document) and NAME-fria.json (with the "
            "notification to the market surveillance authority), and, where Art. 49(3) "
            "applies, NAME-eu-database.json (the Annex VIII Section C fields, ready to paste)."),
    )
    parser.add_argument("answers", type=Path, metavar=pgettext("cli metavar", "ANSWERS"),
                        help=pgettext("fria command", "the answers file (YAML)"))
    parser.add_argument("-o", "--output", type=Path, metavar=pgettext("cli metavar", "DIR"),
                        help=pgettext("fria command", "folder to write to (default: beside the "
                                      "answers file)"))
    add_force(parser)
    add_questionnaire(parser)
    add_lang(parser)
    parser.set_defaults(run=run)


def markdown(doc: Fria, answers: Answers, result: Result) -> str:
    """The FRIA as a plain document (Markdown), to file or paste into the authority's form."""
    from riskkit.core import fria
    from riskkit.i18n import content

    meta = answers.meta
    lines = [f"# {pgettext('report heading', 'Fundamental rights impact assessment')}: "
             f"{meta.system or result.assessment_id}", ""]
    req = doc.requirement
    lines += [f"{req.reason} ({', '.join(content.citation(r) for r in req.refs)})", ""]
    for label, value in ((pgettext("FRIA field", "Deployer"),
                          ", ".join(p for p in (meta.organisation, meta.department) if p)),
                         (pgettext("FRIA field", "Assessment"), result.assessment_id),
                         (pgettext("FRIA field", "Prepared by"), meta.assessor)):
        lines.append(f"- **{label}:** {value or '—'}")
    lines.append("")
    for e in doc.elements:
        lines += [f"## ({e.key}) {e.title}", "", f"*{content.citation(e.ref)}*", ""]
        for s in e.statements:
            where = ", ".join(s.answers)
            lines += [s.text + (f" [{where}]" if where and len(s.answers) <= 6 else ""), ""]
        if e.dpia:
            lines += [f"> {e.dpia}", ""]
    lines += [f"## {pgettext('FRIA', 'Findings')}", "", doc.summary, ""]
    lines += [f"## {pgettext('FRIA', 'Notification to the market surveillance authority')}",
              "", fria.template_note(), ""]
    for f in doc.notification:
        if not f.key.startswith("element_"):
            lines.append(f"- **{f.label}:** {f.value or '—'}")
    lines.append("")
    if doc.registration:
        lines += [f"## {pgettext('FRIA', 'Registration in the EU database')}", ""]
        for f in doc.registration:
            lines.append(f"- **{f.label}:** {f.value or '—'}")
        lines.append("")
    return "\n".join(lines)


def run(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.core import fria
    from riskkit.core.scoring import score
    from riskkit.fileio import write_atomic
    from riskkit.load import authorities, inputs, questionnaire

    q = questionnaire.load(args.questionnaire)
    answers, notices = inputs.answers(args.answers, q)
    for notice in notices:
        env.error(str(notice))
    result = score(q, answers)
    doc = fria.build(q, answers, result, authorities.load())
    if doc.requirement.status == "not_required":
        raise RiskkitError(pgettext("fria command", "{file}: no fundamental rights impact "
                                    "assessment applies: {reason}").format(
            file=args.answers, reason=doc.requirement.reason))
    data = {"assessment_id": result.assessment_id, **fria.to_json(doc)}
    folder = args.output or Path(args.answers).parent
    stem = Path(args.answers).stem
    files = {folder / f"{stem}-fria.md": markdown(doc, answers, result),
             folder / f"{stem}-fria.json": json.dumps(
                 {k: v for k, v in data.items() if k != "eu_database"}, ensure_ascii=False,
                 indent=2) + "\n"}
    if "eu_database" in data:
        files[folder / f"{stem}-eu-database.json"] = json.dumps(
            {k: v["value"] for k, v in data["eu_database"]["fields"].items()},
            ensure_ascii=False, indent=2) + "\n"
    existing = [str(p) for p in files if p.exists()]
    if existing and not args.force:
        raise RiskkitError(pgettext(
            "fria command", "{files} exist already; riskkit does not overwrite them. Use "
            "--force to replace them, or --output to write elsewhere.").format(
            files=", ".join(existing)))
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        write_atomic(path, text)
        env.print(pgettext("fria command", "Wrote {file}.").format(file=path))
    return ExitStatus.OK
