"""`riskkit i18n`: the translator's commands (extract, update, init, check, preview).

The work is done in `riskkit.i18n.catalogs`; this module wires arguments and prints the results
in the active language. docs/TRANSLATING.md walks a translator through them. `i18n_tools`
(subprocess, Babel's catalog tools) is imported by the subcommands that use it, since the CLI
imports this module whenever it lists every command (`riskkit --help`).
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from riskkit import i18n
from riskkit.cli.env import Environment
from riskkit.i18n import format_percent, npgettext, pgettext

if TYPE_CHECKING:
    from riskkit.i18n import catalogs as i18n_tools

ORDER = 90


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "i18n",
        help=pgettext("i18n command help",
                      "tools for translators: extract, update, init, check, preview"),
        description=pgettext(
            "i18n command help",
            "Work on riskkit's translations: refresh the template from the sources, merge "
            "it into the catalogs, start a new language, check catalogs and preview the "
            "PDF in a language. See docs/TRANSLATING.md."),
    )
    commands = parser.add_subparsers(dest="i18n_command", required=True,
                                     metavar=pgettext("cli metavar", "ACTION"))

    extract = commands.add_parser(
        "extract",
        help=pgettext("i18n command help", "write locales/riskkit.pot from the sources"),
        description=pgettext(
            "i18n command help",
            "Collect every message from the code, the templates and the "
            "questionnaire YAML into the template locales/riskkit.pot."))
    extract.add_argument(
        "--check", action="store_true",
        help=pgettext("i18n command help", "only report whether the template is out of date"))

    update = commands.add_parser(
        "update", help=pgettext("i18n command help", "merge the template into every catalog"),
        description=pgettext(
            "i18n command help",
            "Merge the template into the catalogs: translations are "
            "kept, changed messages are marked fuzzy for review, removed "
            "ones are kept at the end as obsolete."))
    update.add_argument("languages", nargs="*", metavar=pgettext("cli metavar", "LANG"),
                        help=pgettext("i18n command help", "languages to update (default: all)"))

    init = commands.add_parser(
        "init", help=pgettext("i18n command help", "start a catalog for a new language"),
        description=pgettext(
            "i18n command help",
            "Create locales/LANG/LC_MESSAGES/riskkit.po from the template, "
            "with the plural forms of the language. An existing catalog "
            "is never overwritten."))
    init.add_argument("language", metavar=pgettext("cli metavar", "LANG"),
                      help=pgettext("i18n command help", "language code, such as nn, fi or se"))

    check = commands.add_parser(
        "check",
        help=pgettext("i18n command help", "check catalogs for missing and broken translations"),
        description=pgettext(
            "i18n command help",
            "Count translated, untranslated, fuzzy and obsolete messages, and find broken "
            "placeholders, messages left in English, translations too long for the layout "
            "and glossary terms not used. Fails when a catalog is incomplete, has fuzzy "
            "messages or errors, or when the template is out of date."))
    check.add_argument("languages", nargs="*", metavar=pgettext("cli metavar", "LANG"),
                       help=pgettext("i18n command help", "languages to check (default: all)"))
    check.add_argument("--strict", action="store_true",
                       help=pgettext("i18n command help", "fail on warnings too"))
    check.add_argument("-v", "--verbose", action="store_true",
                       help=pgettext("i18n command help", "list every message a warning is about"))

    preview = commands.add_parser(
        "preview", help=pgettext("i18n command help", "render an example PDF in a language"),
        description=pgettext(
            "i18n command help",
            "Render the example assessment as a PDF in the language, to "
            "see translations in place."))
    preview.add_argument("language", metavar=pgettext("cli metavar", "LANG"),
                         help=pgettext("i18n command help", "language code"))
    preview.add_argument("-o", "--output", type=Path, metavar=pgettext("cli metavar", "FILE"),
                         help=pgettext("i18n command help", "where to write the PDF (default: "
                                                            "riskkit-preview-LANG.pdf)"))

    for p in (parser, extract, update, init, check, preview):
        p.add_argument("--lang", help=pgettext("i18n command help", "language of the messages"))
    parser.set_defaults(run=run)


def _show(path: Path, env: Environment) -> str:
    """A path as short as the person can use it: relative to where they are, if inside."""
    try:
        return str(Path(path).resolve().relative_to(Path(env.cwd).resolve()))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace, env: Environment) -> int:
    return {
        "extract": _extract, "update": _update, "init": _init, "check": _check,
        "preview": _preview,
    }[args.i18n_command](args, env)


def _extract(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.i18n import catalogs as i18n_tools
    if args.check:
        if i18n_tools.template_is_current():
            env.print(pgettext("i18n", "The template is up to date."))
            return 0
        env.error(pgettext("i18n", "The template is out of date: run “riskkit i18n extract”."))
        return 1
    result = i18n_tools.extract()
    if result.changed:
        env.print(npgettext("i18n", "Wrote {path}: {n} message.", "Wrote {path}: {n} messages.",
                           result.messages).format(path=_show(result.path, env), n=result.messages))
    else:
        env.print(npgettext("i18n", "{path} is up to date: {n} message.",
                            "{path} is up to date: {n} messages.",
                           result.messages).format(path=_show(result.path, env), n=result.messages))
    return 0


def _update(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.i18n import catalogs as i18n_tools
    results = i18n_tools.update(languages=args.languages or None)
    if not results:
        env.print(pgettext("i18n", "There are no catalogs to update yet."))
    for r in results:
        env.print(pgettext("i18n", "{path}: {new}, {fuzzy}, {obsolete}.").format(
            path=_show(r.path, env),
            new=npgettext("i18n update", "{n} new message", "{n} new messages", r.new)
            .format(n=r.new),
            fuzzy=npgettext("i18n update", "{n} newly fuzzy", "{n} newly fuzzy", r.fuzzy)
            .format(n=r.fuzzy),
            obsolete=npgettext("i18n update", "{n} obsolete", "{n} obsolete", r.obsolete)
            .format(n=r.obsolete)))
    return 0


def _init(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.i18n import catalogs as i18n_tools
    path = i18n_tools.init(args.language)
    env.print(pgettext("i18n", "Created {path}. Translate it in Poedit or a text editor, then "
                               "run “riskkit i18n check {code}”.").format(path=_show(path, env),
                                                                          code=args.language))
    return 0


def _describe(finding: i18n_tools.Finding) -> str:
    where = f"[{finding.context}] " if finding.context else ""
    msgid = finding.msgid if len(finding.msgid) <= 60 else finding.msgid[:57] + "..."
    message = f"{where}“{msgid}”"
    if finding.kind == "placeholder":
        parts = []
        if finding.missing:
            parts.append(pgettext("i18n check", "missing {placeholders}").format(
                placeholders=" ".join(finding.missing)))
        if finding.added:
            parts.append(pgettext("i18n check", "not in the English {placeholders}").format(
                placeholders=" ".join(finding.added)))
        return pgettext("i18n check", "error: placeholders differ in {message}: {details}").format(
            message=message, details="; ".join(parts))
    if finding.kind == "plural_forms":
        return pgettext("i18n check", "error: the plural forms “{found}” do not fit the "
                                      "language, expected “{expected}”").format(
            found=finding.msgid, expected=finding.missing[0])
    if finding.kind == "identical":
        return pgettext("i18n check", "warning: same as English: {message}").format(
            message=message)
    if finding.kind == "long":
        return pgettext("i18n check", "warning: much longer than the English, check the "
                                      "layout: {message}").format(message=message)
    if finding.kind == "glossary":
        return pgettext("i18n check", "warning: the glossary translates “{english}” as "
                                      "“{term}”, which is not in: {message}").format(
            english=finding.added[0], term=finding.missing[0], message=message)
    return message


# Each option of `i18n check` is one branch of the report it prints.
def _check(args: argparse.Namespace, env: Environment) -> int:  # noqa: C901
    from riskkit.i18n import catalogs as i18n_tools
    failed = False
    pot = i18n_tools.template_path()
    template = i18n_tools.read_template(pot)
    if i18n_tools.project_root() is not None:
        if not i18n_tools.template_is_current():
            failed = True
            env.print(pgettext("i18n check", "error: the template {path} is out of date with "
                                             "the sources: run “riskkit i18n extract”.")
                      .format(path=_show(pot, env)))
        elif template is not None:
            findings = i18n_tools.template_findings(template)
            if findings:
                env.print(npgettext(
                    "i18n check",
                    "warning: {n} message of the template has neither a context nor a "
                    "translator comment (--verbose lists it).",
                    "warning: {n} messages of the template have neither a context nor a "
                    "translator comment (--verbose lists them).", len(findings))
                    .format(n=len(findings)))
                if args.verbose:
                    for finding in findings:
                        env.print("  " + _describe(finding))
                failed = failed or args.strict
    languages = args.languages or [c for c in i18n_tools.catalog_languages()
                                   if c != i18n.SOURCE_LANGUAGE]
    for code in languages:
        path = i18n.catalog_path(code)
        if not path.is_file():
            env.print(pgettext("i18n check", "error: there is no catalog for “{code}”.")
                      .format(code=code))
            failed = True
            continue
        report = i18n_tools.check_catalog(code, path, template)
        share = report.translated / report.total if report.total else 1.0
        env.print(pgettext("i18n check", "{code} ({name}): {translated}, {untranslated}, "
                                         "{fuzzy}, {obsolete} ({share} translated)").format(
            code=code, name=i18n.native_name(code),
            translated=npgettext("i18n check", "{n} translated", "{n} translated",
                                 report.translated).format(n=report.translated),
            untranslated=npgettext("i18n check", "{n} untranslated", "{n} untranslated",
                                   report.untranslated).format(n=report.untranslated),
            fuzzy=npgettext("i18n check", "{n} fuzzy", "{n} fuzzy", report.fuzzy)
            .format(n=report.fuzzy),
            obsolete=npgettext("i18n check", "{n} obsolete", "{n} obsolete", report.obsolete)
            .format(n=report.obsolete),
            share=format_percent(share, "#,##0.#%")))
        if report.not_merged:
            env.print("  " + npgettext(
                "i18n check", "error: {n} message of the template is not in the catalog: run "
                              "“riskkit i18n update”.",
                "error: {n} messages of the template are not in the catalog: run "
                "“riskkit i18n update”.", report.not_merged).format(n=report.not_merged))
        for finding in report.findings:
            env.print("  " + _describe(finding))
        if report.msgfmt is not None:
            label = pgettext("i18n check", "msgfmt --check")
            if report.msgfmt.ok:
                env.print("  " + pgettext("i18n check", "{tool}: passed").format(tool=label))
            else:
                env.print("  " + pgettext("i18n check", "error: {tool} failed:").format(
                    tool=label))
            for line in report.msgfmt.output.splitlines():
                env.print(f"    {line}")
        if not report.ok(args.strict):
            failed = True
    if failed:
        env.print(pgettext("i18n check", "Some catalogs need work (see above)."))
        return 1
    env.print(pgettext("i18n check", "All checked catalogs are complete."))
    return 0


def _preview(args: argparse.Namespace, env: Environment) -> int:
    code = i18n.resolve_language(args.language, {}) or i18n.SOURCE_LANGUAGE
    output = args.output or env.cwd / f"riskkit-preview-{code}.pdf"
    try:
        report = importlib.import_module("riskkit.report")
        render_example = report.render_example
    except ModuleNotFoundError as exc:
        if exc.name not in ("riskkit.report", "riskkit"):
            raise
        render_example = None
    except AttributeError:
        render_example = None
    if render_example is None:
        env.error(pgettext("i18n", "The PDF report is not available yet in this version of "
                                   "riskkit, so there is nothing to preview."))
        return 1
    with i18n.using(code):
        render_example(code, output)
    env.print(pgettext("i18n", "Wrote {path}.").format(path=_show(output, env)))
    return 0
