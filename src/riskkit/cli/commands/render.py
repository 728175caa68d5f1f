"""`riskkit render`: the archival PDF of one or more answers files.

Many files render in ``--jobs N`` worker processes; each worker makes one Renderer (one
fontconfig configuration, the parsed stylesheets, the compiled template) and reuses it for
every file it is given. WeasyPrint is imported in ``run`` and in the workers, never at the
top of this module.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from riskkit.cli.env import Environment
from riskkit.cli.options import add_force, add_lang, add_policies, add_questionnaire
from riskkit.errors import ExitStatus, RiskkitError, UsageError
from riskkit.i18n import pgettext

ORDER = 40


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "render", help=pgettext("render command help", "render the archival PDF of answers files"),
        description=pgettext("render command help",
                             "Render the archival PDF (PDF/A-3b, with assessment.json "
                             "attached) of each answers file. x.yaml becomes x.pdf beside it "
                             "unless --output says otherwise. The PDF is in the answers "
                             "file's language unless --lang names another."))
    parser.add_argument("answers", nargs="+", type=Path,
                        metavar=pgettext("cli metavar", "ANSWERS"),
                        help=pgettext("render command help", "answers files (YAML)"))
    add_lang(parser)
    parser.add_argument("-o", "--output", metavar=pgettext("cli metavar", "FILE|DIR"),
                        help=pgettext("render command help",
                                      "the PDF to write, or a folder for the PDFs (a folder "
                                      "when it exists, ends with /, or several files are "
                                      "given)"))
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help=pgettext("render command help",
                                      "render in N processes at once (0: one per CPU; "
                                      "default 1)"))
    add_force(parser)
    add_questionnaire(parser)
    parser.add_argument("--policy", metavar=pgettext("cli metavar", "ID|PATH"),
                        help=pgettext("render command help", "check the answers against a policy "
                                      "pack: the id of a shipped pack (see `riskkit policies "
                                      "list`) or the path of your own (default: meta.policy of "
                                      "each answers file)"))
    add_policies(parser)
    parser.add_argument("--register-csv", type=Path, metavar=pgettext("cli metavar", "FILE"),
                        help=pgettext("render command help",
                                      "append one row per risk to this CSV risk register "
                                      "(the header is written once, when the file is new)"))
    parser.set_defaults(run=run)


def plan_outputs(inputs: Sequence[Path], output: str | None) -> list[Path]:
    """The PDF each answers file is rendered to; UsageError when two would collide."""
    if output is None:
        planned = [p.with_suffix(".pdf") for p in inputs]
    else:
        target = Path(output)
        as_dir = target.is_dir() or output.endswith(("/", os.sep)) or len(inputs) > 1
        if as_dir and target.exists() and not target.is_dir():
            raise UsageError(pgettext(
                "render error", "{path} is a file; with several answers files --output must "
                "name a folder.").format(path=output))
        planned = [target / f"{p.stem}.pdf" for p in inputs] if as_dir else [target]
    seen: dict[Path, Path] = {}
    for source, pdf in zip(inputs, planned, strict=True):
        # abspath, not resolve(): `..` is normalised but links are not followed, as when
        # the file is written
        key = Path(os.path.abspath(pdf))  # noqa: PTH100
        if key == Path(os.path.abspath(source)):  # noqa: PTH100
            raise UsageError(pgettext(
                "render error", "{file} would be overwritten by its own PDF; rename it to "
                ".yaml or use --output.").format(file=source))
        if key in seen:
            raise UsageError(pgettext(
                "render error", "{first} and {second} would both be rendered to {pdf}; use "
                "--output with a folder and different file names.").format(
                first=seen[key], second=source, pdf=pdf))
        seen[key] = source
    return planned


# --- the work, in this process or in a worker ---------------------------------------------------


def _init_worker(language: str) -> None:
    """Runs once in each worker: the messages' language, then the one Renderer it reuses."""
    from riskkit import i18n, report

    i18n.activate(language)
    report.warm_up()


Task = tuple[str, str, str | None, str | None, bool, str | None, tuple[str, ...]]


def _render_one(task: Task) -> dict[str, Any]:
    """Render one file; return what happened as plain data (it may cross a process)."""
    from riskkit import report

    answers, output, lang, questionnaire, force, policy, policy_dirs = task
    try:
        rendered = report.render_file(answers, output, lang=lang,
                                      questionnaire_path=questionnaire, force=force,
                                      renderer=report.default_renderer(), policy=policy,
                                      policy_dirs=policy_dirs)
    except RiskkitError as exc:
        return {"ok": False, "error": str(exc), "answers": answers}
    except Exception as exc:  # noqa: BLE001 - one file's fault must not stop the batch
        return {"ok": False, "answers": answers, "error": pgettext(
            "render error", "{file}: riskkit failed unexpectedly on this file ({error}). The "
            "other files are rendered; please report this with the file.").format(
            file=answers, error=type(exc).__name__)}
    return {"ok": True, "output": str(rendered.output), "sha256": rendered.sha256,
            "rows": list(rendered.rows), "notices": list(rendered.notices),
            "answers": answers}


def render_all(tasks: list[Task], jobs: int,
               language: str) -> Any:
    """Yield each task's outcome in the order of ``tasks``."""
    if jobs <= 1 or len(tasks) <= 1:
        from riskkit import report

        report.warm_up()
        for task in tasks:
            yield _render_one(task)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(tasks))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(language,)) as pool:
        yield from pool.map(_render_one, tasks, chunksize=1)


def run(args: argparse.Namespace, env: Environment) -> int:
    from riskkit import i18n, report

    if args.jobs < 0:
        raise UsageError(pgettext("render error", "--jobs must be 0 or more."))
    jobs = args.jobs or os.cpu_count() or 1
    if args.lang:
        i18n.resolve_language(args.lang, {})  # an unknown language fails before any work
    inputs = [Path(p) for p in args.answers]
    outputs = plan_outputs(inputs, args.output)
    if args.register_csv:
        report.check_risk_csv(args.register_csv)  # before the work, not after it
    questionnaire = str(args.questionnaire) if args.questionnaire else None
    from riskkit.load.policy import configured_dirs

    dirs = tuple(str(d) for d in configured_dirs(args.policies, env.environ))
    tasks: list[Task] = [(str(src), str(out), args.lang, questionnaire, bool(args.force),
                          args.policy, dirs) for src, out in zip(inputs, outputs, strict=True)]
    failed = 0
    rows: list[dict[str, str]] = []
    for outcome in render_all(tasks, jobs, i18n.current_language()):
        if not outcome["ok"]:
            failed += 1
            env.error(outcome["error"])
            continue
        for notice in outcome["notices"]:
            env.error(notice)
        rows.extend(outcome["rows"])
        env.print(pgettext("render", "Wrote {pdf} (from {answers}).").format(
            pdf=outcome["output"], answers=outcome["answers"]))
    if args.register_csv and rows:
        report.append_risk_csv(args.register_csv, rows)
        env.print(i18n.npgettext("render", "Added {n} row to {file}.",
                                 "Added {n} rows to {file}.", len(rows)).format(
            n=len(rows), file=args.register_csv))
    if failed:
        env.error(i18n.npgettext("render", "{n} file was not rendered.",
                                 "{n} files were not rendered.", failed).format(n=failed))
        return ExitStatus.ERROR
    return ExitStatus.OK
