"""`riskkit validate`: check questionnaires and policy packs, and name every problem."""

from __future__ import annotations

import argparse

from riskkit.cli.env import Environment
from riskkit.cli.options import add_lang, add_questionnaire
from riskkit.i18n import npgettext, pgettext
from riskkit.resources import default_questionnaire

ORDER = 20


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help=pgettext("validate command", "check questionnaires for errors"),
        description=pgettext(
            "validate command",
            "Check questionnaires and the files they name (risk "
            "catalogue, matrix, NIST ids, DPIA lists). Every "
            "problem is listed with file, line and field.",
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar=pgettext("validate command", "PATH"),
        help=pgettext(
            "validate command",
            "questionnaire files or policy packs (default: the shipped questionnaire)",
        ),
    )
    parser.add_argument(
        "--policies",
        action="store_true",
        help=pgettext("validate command", "also check every shipped policy pack"),
    )
    add_questionnaire(parser)
    add_lang(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.load import policy as policy_packs

    paths = list(args.paths)
    packs = [p for p in paths if policy_packs.is_pack_file(p)]
    if args.policies:
        packs += [policy_packs.policies_dir() / f"{pid}.yaml" for pid in policy_packs.ids()]
    questionnaires = [p for p in paths if p not in packs]
    if not paths:
        questionnaires = [default_questionnaire()]
    failed = _questionnaires(questionnaires, env)
    if packs:
        failed = _packs(packs, args.questionnaire, env) or failed
    return 1 if failed else 0


def _report(path, problems, env: Environment) -> None:
    from riskkit.load.checker import display_path

    for problem in problems:
        env.error(str(problem))
    env.error(
        npgettext(
            "validate command", "{path}: {n} problem", "{path}: {n} problems", len(problems)
        ).format(path=display_path(path), n=len(problems))
    )


def _packs(paths: list, questionnaire_path: str | None, env: Environment) -> bool:
    from riskkit.load import policy as policy_packs
    from riskkit.load import questionnaire
    from riskkit.load.checker import display_path

    problems = questionnaire.validate(questionnaire_path) if questionnaire_path else []
    if problems:  # packs are checked against the questionnaire, which must load first
        _report(questionnaire_path, problems, env)
        return True
    q = questionnaire.load(questionnaire_path)
    failed = False
    for path in paths:
        problems = policy_packs.validate(path, q)
        if problems:
            failed = True
            _report(path, problems, env)
        else:
            pack = policy_packs.load(path, q)
            env.print(
                pgettext("validate command", "{path}: valid policy pack {id} ({clauses})").format(
                    path=display_path(path),
                    id=pack.id,
                    clauses=npgettext(
                        "validate command", "{n} clause", "{n} clauses", len(pack.clauses)
                    ).format(n=len(pack.clauses)),
                )
            )
    return failed


def _questionnaires(paths: list, env: Environment) -> bool:
    from riskkit.core.interview import questions_asked
    from riskkit.load import questionnaire
    from riskkit.load.checker import display_path

    failed = False
    for path in paths:
        problems = questionnaire.validate(path)
        if problems:
            failed = True
            _report(path, problems, env)
        else:
            q = questionnaire.load(path)
            fewest, most = questions_asked(q)
            env.print(
                pgettext(
                    "validate command",
                    "{path}: valid ({questions} questions in {sections} sections, {risks} "
                    "risks; one assessment asks {fewest} to {most} of them, depending on the "
                    "answers)",
                ).format(
                    path=display_path(path),
                    questions=len(q.questions),
                    sections=len(q.sections),
                    risks=len(q.risks),
                    fewest=fewest,
                    most=most,
                )
            )
    return failed
