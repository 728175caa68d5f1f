"""`riskkit diff`: what changed between two assessment PDFs of one system.

Reads each PDF's embedded assessment.json (its checksum checked; `riskkit verify` checks the
whole PDF) and compares answers, risks (residual and inherent score and level), measures,
the overall level and the verdicts' conclusions.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from riskkit.cli.env import Environment
from riskkit.cli.options import add_json, add_lang
from riskkit.errors import ExitStatus
from riskkit.i18n import pgettext

ORDER = 56


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "diff", help=pgettext("diff command", "what changed between two assessment PDFs"),
        description=pgettext("diff command", "Compare two assessment PDFs of one system: "
                             "answers, risks up or down, measures, overall level and "
                             "verdicts. Reads the embedded assessment.json of each (use "
                             "`riskkit verify` to check the PDFs themselves)."))
    parser.add_argument("old", type=Path, metavar=pgettext("diff command", "OLD.pdf"),
                        help=pgettext("diff command", "the earlier assessment"))
    parser.add_argument("new", type=Path, metavar=pgettext("diff command", "NEW.pdf"),
                        help=pgettext("diff command", "the later assessment"))
    add_json(parser)
    add_lang(parser)
    parser.set_defaults(run=run)


def load(path: Path) -> Mapping[str, Any]:
    """The assessment a PDF carries (riskkit.document), every error naming the file."""
    from riskkit import document

    return document.from_pdf(path)


def _rating(risk: Mapping[str, Any], which: str) -> tuple[int, str]:
    rating = risk.get(which) or {}
    return int(rating.get("score") or 0), str(rating.get("level") or "")


def _conclusions(verdicts: Any) -> dict[str, Any]:
    """Each verdict's conclusion fields (scalars), not its reasons or next steps."""
    out: dict[str, Any] = {}
    for name, verdict in sorted((verdicts or {}).items()):
        if isinstance(verdict, Mapping):
            for key, value in sorted(verdict.items()):
                if isinstance(value, (str, bool, int, float)) or value is None:
                    out[f"{name}.{key}"] = value
    return out


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    oa = (old.get("answers") or {}).get("answers") or {}
    na = (new.get("answers") or {}).get("answers") or {}
    answers = [{"question": q, "old": oa.get(q), "new": na.get(q)}
               for q in sorted(set(oa) | set(na)) if oa.get(q) != na.get(q)]
    orisks = {r["id"]: r for r in (old.get("result") or {}).get("risks") or []}
    nrisks = {r["id"]: r for r in (new.get("result") or {}).get("risks") or []}
    risks = []
    for rid in sorted(set(orisks) | set(nrisks)):
        o, n = orisks.get(rid), nrisks.get(rid)
        entry: dict[str, Any] = {"risk": rid}
        for which in ("inherent", "residual"):
            os_, ol = _rating(o, which) if o else (None, None)
            ns, nl = _rating(n, which) if n else (None, None)
            entry[which] = {"old_score": os_, "old_level": ol, "new_score": ns, "new_level": nl}
        r_old, r_new = entry["residual"]["old_score"], entry["residual"]["new_score"]
        entry["change"] = ("added" if o is None else "removed" if n is None
                           else "up" if r_new > r_old else "down" if r_new < r_old
                           else "same")
        if entry["change"] != "same" or entry["inherent"]["old_score"] != \
                entry["inherent"]["new_score"]:
            risks.append(entry)
    om = {m["id"]: m for m in (old.get("result") or {}).get("measures") or []}
    nm = {m["id"]: m for m in (new.get("result") or {}).get("measures") or []}
    ov = _conclusions((old.get("result") or {}).get("verdicts"))
    nv = _conclusions((new.get("result") or {}).get("verdicts"))
    return {
        "assessment_id": [(old.get("result") or {}).get("assessment_id"),
                          (new.get("result") or {}).get("assessment_id")],
        "overall_level": [(old.get("result") or {}).get("overall_level"),
                          (new.get("result") or {}).get("overall_level")],
        "answers": answers,
        "risks": risks,
        "measures_added": sorted(set(nm) - set(om)),
        "measures_removed": sorted(set(om) - set(nm)),
        "verdicts": [{"verdict": k, "old": ov.get(k), "new": nv.get(k)}
                     for k in sorted(set(ov) | set(nv)) if ov.get(k) != nv.get(k)],
    }


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _namers() -> tuple[Callable[[Any], str], Callable[[str, Any], str]]:
    """(a level's label, a verdict conclusion's label) in the message language; an id that
    the shipped questionnaire or riskkit does not know is shown as it is."""
    from riskkit.i18n import content, labels
    from riskkit.load.questionnaire import load as load_questionnaire

    matrix = load_questionnaire().matrix

    def level(value: Any) -> str:
        try:
            return content.level_label(matrix, value)
        except StopIteration:
            return _text(value)

    def verdict(key: str, value: Any) -> str:
        name, _, field = key.partition(".")
        try:
            return labels.verdict_status(name, value) if field in ("status", "class") \
                else _text(value)
        except KeyError:
            return _text(value)

    return level, verdict


def lines(changes: Mapping[str, Any]) -> list[str]:
    level, verdict = _namers()
    out = []
    old_id, new_id = changes["assessment_id"]
    if old_id != new_id:
        out.append(pgettext("diff command", "Note: the assessment IDs differ ({old}, {new}).")
                   .format(old=old_id, new=new_id))
    old_level, new_level = changes["overall_level"]
    out.append(pgettext("diff command", "Overall residual level: {old} → {new}").format(
        old=level(old_level), new=level(new_level)) if old_level != new_level else
        pgettext("diff command", "Overall residual level: {level} (unchanged)").format(
            level=level(new_level)))
    out.append(pgettext("diff command", "Risks:"))
    words = {"up": pgettext("diff command", "up"), "down": pgettext("diff command", "down"),
             "added": pgettext("diff command", "new"),
             "removed": pgettext("diff command", "gone"),
             "same": pgettext("diff command", "residual unchanged")}
    for r in changes["risks"]:
        res, inh = r["residual"], r["inherent"]
        out.append("  " + pgettext(
            "diff command", "{risk}: {change}: residual {old_level} ({old_score}) → "
            "{new_level} ({new_score}); inherent {old_inherent} → {new_inherent}").format(
            risk=r["risk"], change=words[r["change"]], old_level=level(res["old_level"]),
            old_score=_text(res["old_score"]), new_level=level(res["new_level"]),
            new_score=_text(res["new_score"]), old_inherent=_text(inh["old_score"]),
            new_inherent=_text(inh["new_score"])))
    if not changes["risks"]:
        out.append("  " + pgettext("diff command", "no change"))
    out.append(pgettext("diff command", "Verdicts:"))
    out += ["  " + f"{v['verdict']}: {verdict(v['verdict'], v['old'])} → "
            f"{verdict(v['verdict'], v['new'])}"
            for v in changes["verdicts"]] or ["  " + pgettext("diff command", "no change")]
    out.append(pgettext("diff command", "Measures: {added} new, {removed} no longer proposed")
               .format(added=", ".join(changes["measures_added"]) or "—",
                       removed=", ".join(changes["measures_removed"]) or "—"))
    out.append(pgettext("diff command", "Answers changed: {count}").format(
        count=len(changes["answers"])))
    out += [f"  {a['question']}: {_text(a['old'])} → {_text(a['new'])}"
            for a in changes["answers"]]
    return out


def run(args: argparse.Namespace, env: Environment) -> int:
    changes = compare(load(args.old), load(args.new))
    if args.json:
        env.print(json.dumps(changes, ensure_ascii=False, indent=2))
    else:
        env.print("\n".join(lines(changes)))
    return ExitStatus.OK
