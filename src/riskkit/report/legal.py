"""The legal conclusions as the report shows them: each verdict with its chip, reasons and
next steps (a timing common to all steps said once), and the FRIA verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riskkit.core.result import Result
from riskkit.i18n import labels, pgettext
from riskkit.report.references import Numbering, citations, question_order


def verdict_view(name: str, verdict: Any, numbering: Numbering, *, status: str | None = None
             ) -> dict[str, Any]:
    status = status or verdict.status
    severity = {
        ("dpia", "required"): "alert", ("dpia", "recommended"): "warn",
        ("art22", "engaged_unlawful"): "alert", ("art22", "engaged_lawful"): "warn",
        ("ai_act", "prohibited"): "alert", ("ai_act", "high_risk"): "alert",
        ("ai_act", "transparency"): "warn", ("prior_consultation", "required"): "alert",
        ("prior_consultation", "unless_measures"): "warn",
        ("fria", "required"): "alert", ("fria", "good_practice"): "warn",
    }.get((name, status), "ok")
    return {
        "key": name, "name": labels.verdict_name(name),
        "status": labels.verdict_status(name, status), "severity": severity,
        "reasons": [{"text": r.text, "refs": citations(r.refs),
                     "answers": sorted({numbering(a) for a in r.answers},
                                       key=question_order)}
                    for r in getattr(verdict, "reasons", ())],
        "next_steps": list(getattr(verdict, "next_steps", ())),
        **steps_once_timed(verdict),
    }


def steps_once_timed(verdict: Any) -> dict[str, Any]:
    """The next steps with their common timing said once: ``steps`` and ``when``.

    The AI Act verdict ends each step with when its duty applies ("... (Art. 26). When:
    applies from 2 August 2026 ..."); where every step has the same timing, the legal section
    printed the same two lines under each of four steps. Then the steps are shown without it
    and ``when`` is said once after them; otherwise ``steps`` are the steps as given and
    ``when`` is empty.
    """
    steps = list(getattr(verdict, "next_steps", ()))
    duties = (getattr(verdict, "details", None) or {}).get("duties") or {}
    timings = {d.get("text", "") for d in duties.values()}
    if len(steps) < 2 or len(timings) != 1:
        return {"steps": steps, "when": ""}
    when = timings.pop()
    # the same message riskkit.core.verdicts wrote the steps with, in the active language
    marked = pgettext("AI Act verdict", "{step} When: {when}.").format(step="\0", when=when)
    suffix = marked[1:]
    if not when or not marked.startswith("\0") or not all(s.endswith(suffix) for s in steps):
        return {"steps": steps, "when": ""}
    return {"steps": [s[:-len(suffix)] for s in steps], "when": when}


@dataclass(frozen=True)
class FriaVerdict:
    status: str
    reasons: tuple
    next_steps: tuple


def fria_verdict(result: Result) -> FriaVerdict:
    from riskkit.core.result import Reason

    ai_act = result.verdicts.ai_act
    required = bool(ai_act.details.get("fria_required"))
    if required:
        reasons = tuple(r for r in ai_act.reasons if any("Art. 27" in ref for ref in r.refs))
        # verdicts put the FRIA first among the AI Act's next steps when it is due
        steps = tuple(ai_act.next_steps[:1]) or (pgettext(
            "FRIA next step", "Carry out a fundamental rights impact assessment before first "
            "use, and notify the market surveillance authority of its results (AI Act "
            "Art. 27)."),)
        # The AI Act does not bind the deployer yet (EEA before incorporation, or only on a
        # significant change): the chip says so instead of "required" (riskkit.core.fria).
        from riskkit.core import fria

        status = ("good_practice" if fria.requirement(result).status == "good_practice"
                  else "required")
        return FriaVerdict(status, reasons, steps)
    return FriaVerdict("not_required", (Reason(pgettext(
        "FRIA reason", "A fundamental rights impact assessment is due when a body governed by "
        "public law, or a private body providing public services, deploys a high-risk AI "
        "system; that is not the case here."), ("AI Act Art. 27(1)",)),), ())


