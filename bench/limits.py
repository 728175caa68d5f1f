"""The largest answers file riskkit accepts, rendered: does it finish in under a minute?

    .venv/bin/python bench/limits.py [--kind words|unbroken|both] [--scale 1.0]

Builds, from the richest shipped example, an answers file with every limit of
riskkit.limits used to the full: every meta text field and every text answer at its maximum
length, and comments at their maximum length until all texts together reach TOTAL_TEXT.
``words`` fills them with ordinary words; ``unbroken`` with words of 400 letters, the worst
case for line breaking. ``--scale 0.5`` fills each field (and the total) to half its limit
(to see that the time grows linearly with the length). Prints the file's size, the time to
score it, and the time and peak memory to render its PDF, each in a fresh process. Target
(issue 12): under 60 s per render on the 2-core machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def filler(length: int, kind: str) -> str:
    """``length`` characters of text: words of 4-11 letters, or 400-letter words."""
    if kind == "unbroken":
        word = ("Personvernkonsekvensvurdering" * 14)[:400]
    else:
        word = "risiko vurdering av personvern i kommunen med tiltak og eier "
        return (word * (length // len(word) + 1))[:length].strip() or "x"
    return " ".join([word] * (length // (len(word) + 1) + 1))[:length].strip()


def largest_answers(folder: Path, kind: str, scale: float) -> Path:
    """The answers file at every limit (times ``scale``), written to ``folder``."""
    from riskkit import limits, report
    from riskkit.core import answers as answers_mod
    from riskkit.load import inputs
    from riskkit.load import questionnaire as questionnaire_loader

    q = questionnaire_loader.load()
    example = report.example_answers_path()
    assert example is not None
    loaded, _ = inputs.answers(example, q)

    def fill(limit: int) -> str:
        return filler(max(1, int(limit * scale)), kind)

    from dataclasses import replace

    meta = loaded.meta
    texts = {name: fill(limits.meta_limit(name)) for name in (
        "id", "system", "description", "organisation", "department", "owner", "assessor",
        "classification")}
    meta = replace(meta, **texts)
    values = dict(loaded.values)
    for question in q.questions:
        if question.type == "text":
            values[question.id] = fill(limits.ANSWER_TEXT)
    answers = replace(loaded, meta=meta, values=values)
    relevant = answers_mod.relevant_questions(q, answers)
    used = sum(len(v) for v in texts.values()) + sum(
        len(values[x.id]) for x in q.questions if x.type == "text")
    budget = int(limits.TOTAL_TEXT * scale) - used
    comments = {}
    for question in relevant:  # comments at their limit until all texts reach TOTAL_TEXT
        size = min(int(limits.COMMENT_TEXT * scale), budget)
        if size <= 0:
            break
        comments[question.id] = filler(size, kind)
        budget -= len(comments[question.id])
    answers = replace(answers, comments=comments)
    path = folder / f"largest-{kind}.yaml"
    path.write_text(answers_mod.dumps(q, answers), encoding="utf-8")
    return path


def timed(command: list[str]) -> tuple[float, int]:
    """Wall-clock seconds and peak memory (MB) of ``command`` in a fresh process."""
    script = ("import resource, subprocess, sys\n"
              "done = subprocess.run(sys.argv[1:])\n"
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
              "sys.exit(done.returncode)")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script, *command], capture_output=True,
                          text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return seconds, int(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=("words", "unbroken", "both"), default="both")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    kinds = ("words", "unbroken") if args.kind == "both" else (args.kind,)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for kind in kinds:
            path = largest_answers(folder, kind, args.scale)
            riskkit = [sys.executable, "-m", "riskkit"]
            score_s, score_mb = timed([*riskkit, "score", str(path)])
            render_s, render_mb = timed([*riskkit, "render", str(path), "--output",
                                         str(folder / f"{kind}.pdf"), "--force"])
            pages = _pages(folder / f"{kind}.pdf")
            size = path.stat().st_size / 1000
            print(f"{kind:9} scale {args.scale:.2f}: answers file {size:.0f} KB;"
                  f" score {score_s:.1f} s ({score_mb} MB);"
                  f" render {render_s:.1f} s ({render_mb} MB), {pages} pages")


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


if __name__ == "__main__":
    main()
