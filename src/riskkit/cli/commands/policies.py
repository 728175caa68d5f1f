"""`riskkit policies list`: the policy packs shipped with riskkit."""

from __future__ import annotations

import argparse
import json

from riskkit.cli.env import Environment
from riskkit.cli.options import add_json, add_lang
from riskkit.errors import ExitStatus
from riskkit.i18n import pgettext

ORDER = 70


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "policies",
        help=pgettext("policies command", "list the policy packs riskkit can check against"),
        description=pgettext(
            "policies command",
            "Policy packs hold an organisation's own AI policy, clause by clause, with the "
            "answers that decide each clause. Use one with `riskkit score --policy ID`; an "
            "organisation can also give the path of its own pack (docs/policy-format.md).",
        ),
    )
    actions = parser.add_subparsers(
        dest="policies_action", metavar=pgettext("cli metavar", "ACTION")
    )
    listing = actions.add_parser(
        "list",
        help=pgettext("policies command", "list the shipped policy packs"),
        description=pgettext(
            "policies command",
            "List the shipped policy packs: id, title, organisation, language and number of "
            "clauses.",
        ),
    )
    add_json(listing)
    add_lang(listing)
    listing.set_defaults(run=run_list)
    add_lang(parser)
    parser.set_defaults(run=lambda args, env: _help(parser, env))


def _help(parser: argparse.ArgumentParser, env: Environment) -> int:
    parser.print_help(env.stdout)
    return ExitStatus.USAGE


def run_list(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.core import policy
    from riskkit.load import policy as policy_packs

    packs = policy_packs.shipped()
    rows = [
        {
            "id": p.id,
            "title": policy.title(p),
            "organisation": p.organisation,
            "language": p.language,
            "clauses": len(p.clauses),
            "source": p.source,
        }
        for p in packs
    ]
    if args.json:
        env.print(json.dumps(rows, ensure_ascii=False, indent=2))
        return ExitStatus.OK
    headers = {
        "id": pgettext("policies list", "ID"),
        "language": pgettext("policies list", "Language"),
        "clauses": pgettext("policies list", "Clauses"),
        "organisation": pgettext("policies list", "Organisation"),
        "title": pgettext("policies list", "Title"),
    }
    columns = list(headers)
    widths = {c: max(len(headers[c]), *(len(str(r[c])) for r in rows)) for c in columns[:-1]}
    widths[columns[-1]] = 0

    def line(values: dict) -> str:
        return "  ".join(str(values[c]).ljust(widths[c]) for c in columns).rstrip()

    env.print(line(headers))
    for row in rows:
        env.print(line(row))
    return ExitStatus.OK
