"""`riskkit i18n`: the translator's commands (extract, update, init, check, list, glossary,
preview).

The work is done in `riskkit.i18n.catalogs`; this module wires arguments and prints the results
in the active language. docs/TRANSLATING.md walks a translator through them. `i18n_tools`
(subprocess, Babel's catalog tools) is imported by the subcommands that use it, since the CLI
imports this module whenever it lists every command (`riskkit --help`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from riskkit import i18n
from riskkit.cli.env import Environment
from riskkit.cli.options import add_lang
from riskkit.errors import ExitStatus
from riskkit.i18n import format_percent, npgettext, pgettext

if TYPE_CHECKING:
    from riskkit.i18n import catalogs as i18n_tools

ORDER = 90


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "i18n",
        help=pgettext("i18n command help",
                      "tools for translators: extract, update, init, check, list, glossary, "
                      "preview"),
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
            "is never overwritten. The catalog is marked incomplete, so it can be "
            "committed before it is finished; the translator's name and e-mail address "
            "come from $RISKKIT_TRANSLATOR, else from git config (user.name, user.email) "
            "or $EMAIL."))
    init.add_argument("language", metavar=pgettext("cli metavar", "LANG"),
                      help=pgettext("i18n command help", "language code, such as nn, fi or se"))

    check = commands.add_parser(
        "check",
        help=pgettext("i18n command help", "check catalogs for missing and broken translations"),
        description=pgettext(
            "i18n command help",
            "Count translated, untranslated, fuzzy and obsolete messages, and find broken "
            "placeholders, messages left in English, translations too long for the layout "
            "and glossary terms not used, each with the file and line to fix. Fails when a "
            "catalog has errors, when it is incomplete or has fuzzy messages without being "
            "marked incomplete, or when the template is out of date."))
    check.add_argument("languages", nargs="*", metavar=pgettext("cli metavar", "LANG"),
                       help=pgettext("i18n command help", "languages to check (default: all)"))
    check.add_argument("--strict", action="store_true",
                       help=pgettext("i18n command help", "fail on warnings too"))
    check.add_argument("-v", "--verbose", action="store_true",
                       help=pgettext("i18n command help", "list every message a warning is about"))

    listing = commands.add_parser(
        "list", help=pgettext("i18n command help", "list the messages of a catalog"),
        description=pgettext(
            "i18n command help",
            "List the messages of a catalog with their line in the catalog, their context, "
            "the English, the translation and where the English comes from. The options "
            "choose which messages; given together, a message that fits any of them is "
            "listed."))
    listing.add_argument("language", metavar=pgettext("cli metavar", "LANG"),
                         help=pgettext("i18n command help", "language code"))
    listing.add_argument("--untranslated", action="store_true",
                         help=pgettext("i18n command help", "only untranslated messages"))
    listing.add_argument("--fuzzy", action="store_true",
                         help=pgettext("i18n command help", "only fuzzy messages"))
    listing.add_argument("--glossary", action="store_true",
                         help=pgettext("i18n command help",
                                       "only translations that avoid a glossary term"))

    glossary = commands.add_parser(
        "glossary", help=pgettext("i18n command help", "work on locales/glossary.tsv"),
        description=pgettext(
            "i18n command help",
            "The glossary locales/glossary.tsv holds the official terms, one column per "
            "language; “riskkit i18n check” warns where a translation avoids them."))
    glossary_actions = glossary.add_subparsers(dest="glossary_command", required=True,
                                               metavar=pgettext("cli metavar", "ACTION"))
    glossary_add = glossary_actions.add_parser(
        "add", help=pgettext("i18n command help", "add an empty column for a language"),
        description=pgettext(
            "i18n command help",
            "Add an empty column for the language to locales/glossary.tsv, before the "
            "source column. Fill it in with the official terms of the language."))
    glossary_add.add_argument("language", metavar=pgettext("cli metavar", "LANG"),
                              help=pgettext("i18n command help", "language code"))

    preview = commands.add_parser(
        "preview", help=pgettext("i18n command help", "render an example PDF in a language"),
        description=pgettext(
            "i18n command help",
            "Render an example assessment as a PDF in the language, to see translations "
            "in place: an example written in the language if one ships, else the English "
            "one. Says how many messages are still shown in English."))
    preview.add_argument("language", metavar=pgettext("cli metavar", "LANG"),
                         help=pgettext("i18n command help", "language code"))
    preview.add_argument("-o", "--output", type=Path, metavar=pgettext("cli metavar", "FILE"),
                         help=pgettext("i18n command help",
                                       "where to write the PDF (default: "
                                       "riskkit-preview-LANG.pdf in the current folder, or in "
                                       "your home folder when the current folder is the "
                                       "source checkout)"))

    for p in (parser, extract, update, init, check, listing, glossary, glossary_add, preview):
        add_lang(p)
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
        "list": _list, "glossary": _glossary, "preview": _preview,
    }[args.i18n_command](args, env)


def _extract(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.i18n import catalogs as i18n_tools
    if args.check:
        if i18n_tools.template_is_current():
            env.print(pgettext("i18n", "The template is up to date."))
            return ExitStatus.OK
        env.error(pgettext("i18n", "The template is out of date: run “riskkit i18n extract”."))
        return ExitStatus.ERROR
    result = i18n_tools.write_template()
    if result.changed:
        env.print(npgettext("i18n", "Wrote {path}: {n} message.", "Wrote {path}: {n} messages.",
                           result.messages).format(path=_show(result.path, env), n=result.messages))
    else:
        env.print(npgettext("i18n", "{path} is up to date: {n} message.",
                            "{path} is up to date: {n} messages.",
                           result.messages).format(path=_show(result.path, env), n=result.messages))
    return ExitStatus.OK


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
    return ExitStatus.OK


def _init(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.i18n import catalogs as i18n_tools
    translator = i18n_tools.translator_from_environment(env.environ, i18n.locales_dir())
    path = i18n_tools.init(args.language, translator=translator)
    env.print(pgettext("i18n", "Created {path}. Translate it in Poedit or a text editor, then "
                               "run “riskkit i18n check {code}”.").format(path=_show(path, env),
                                                                          code=args.language))
    if translator:
        env.print(pgettext("i18n", "Translator in the header: {name}.").format(name=translator))
    else:
        env.print(pgettext("i18n", "No translator in the header: set RISKKIT_TRANSLATOR="
                                   "\"Name <e-mail>\" or git config user.name and user.email, "
                                   "or let Poedit fill it in."))
    env.print(pgettext("i18n", "The catalog is marked incomplete (X-Riskkit-Status: "
                               "incomplete): riskkit uses it only with --lang {code} and does "
                               "not offer it in the language menu. Delete that header line "
                               "when every message is translated.").format(code=args.language))
    return ExitStatus.OK


def _located(finding: i18n_tools.Finding, env: Environment) -> str:
    """The finding with the file and line to fix it at, as compilers write it."""
    if finding.file is None:
        return _describe(finding)
    line = f":{finding.line}" if finding.line else ""
    return f"{_show(finding.file, env)}{line}: {_describe(finding)}"


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
    if finding.kind == "glossary_column":
        return pgettext("i18n check", "warning: the glossary has no column “{code}”, so the "
                                      "terms are not checked: run “riskkit i18n glossary add "
                                      "{code}” and fill it in").format(code=finding.msgid)
    if finding.kind == "glossary_gaps":
        return npgettext("i18n check",
                         "warning: {n} term of the glossary has no “{code}” translation yet",
                         "warning: {n} terms of the glossary have no “{code}” translation yet",
                         len(finding.missing)).format(n=len(finding.missing), code=finding.msgid)
    return message


# Each option of `i18n check` is one branch of the report it prints.
def _check(args: argparse.Namespace, env: Environment) -> int:  # noqa: C901
    from riskkit.i18n import catalogs as i18n_tools
    failed = any_incomplete = False
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
        if report.not_merged:  # about the whole file: no line to name
            env.print(f"  {_show(path, env)}: " + npgettext(
                "i18n check", "error: {n} message of the template is not in the catalog: run "
                              "“riskkit i18n update”.",
                "error: {n} messages of the template are not in the catalog: run "
                "“riskkit i18n update”.", report.not_merged).format(n=report.not_merged))
        if report.marked_incomplete:
            if report.complete:
                env.print("  " + pgettext(
                    "i18n check", "marked incomplete, yet every message is translated: delete "
                                  "the line “X-Riskkit-Status: incomplete” at the top of {path} "
                                  "to offer the language in the menu.")
                    .format(path=_show(path, env)))
            else:
                env.print("  " + pgettext(
                    "i18n check", "marked incomplete: accepted as work in progress, used only "
                                  "with --lang {code}, not offered in the language menu.")
                    .format(code=code))
        for finding in report.findings:
            env.print("  " + _located(finding, env))
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
        any_incomplete = any_incomplete or not report.complete
    if failed:
        env.print(pgettext("i18n check", "Some catalogs need work (see above)."))
        return ExitStatus.ERROR
    if any_incomplete:
        env.print(pgettext("i18n check", "No errors; catalogs marked incomplete are accepted "
                                         "as work in progress."))
        return ExitStatus.OK
    env.print(pgettext("i18n check", "All checked catalogs are complete."))
    return ExitStatus.OK


def _list(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.i18n import catalogs as i18n_tools
    code = i18n.normalize_language(args.language) or args.language  # "no" is bokmål
    path = i18n.catalog_path(code)
    if not path.is_file() or code == i18n.SOURCE_LANGUAGE:
        env.error(pgettext("i18n", "There is no catalog for “{code}”: create it with "
                                   "“riskkit i18n init {code}”.").format(code=args.language))
        return ExitStatus.ERROR
    listed = i18n_tools.list_messages(code, path, untranslated=args.untranslated,
                                      fuzzy=args.fuzzy, glossary=args.glossary)
    status_words = {
        "translated": pgettext("i18n list", "translated"),
        "untranslated": pgettext("i18n list", "untranslated"),
        "fuzzy": pgettext("i18n list", "fuzzy"),
    }
    shown = _show(path, env)
    for item in listed:
        context = f" [{item.context}]" if item.context else ""
        env.print(f"{shown}:{item.line}: {status_words[item.status]}{context}")
        env.print("  " + pgettext("i18n list", "English: {text}").format(text=item.msgid))
        if item.msgid_plural:
            env.print("  " + pgettext("i18n list", "English plural: {text}")
                      .format(text=item.msgid_plural))
        for text in item.translations:
            if text:
                env.print("  " + pgettext("i18n list", "translation: {text}").format(text=text))
        if item.sources:
            env.print("  " + pgettext("i18n list", "from: {places}").format(places=" ".join(
                f"{name}:{line}" if line else name for name, line in item.sources)))
        for finding in item.glossary:
            env.print("  " + pgettext("i18n list", "glossary: “{english}” is “{term}”")
                      .format(english=finding.added[0], term=finding.missing[0]))
    env.print(npgettext("i18n list", "{n} message.", "{n} messages.", len(listed))
              .format(n=len(listed)))
    return ExitStatus.OK


def _glossary(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.i18n import catalogs as i18n_tools
    path = i18n_tools.glossary_add(args.language)
    env.print(pgettext("i18n", "Added the column “{code}” to {path}: fill in the official "
                               "term of each row, and name its source in the source column.")
              .format(code=args.language, path=_show(path, env)))
    return ExitStatus.OK


def _preview(args: argparse.Namespace, env: Environment) -> int:
    from riskkit import report
    from riskkit.i18n import catalogs as i18n_tools

    code = i18n.resolve_language(args.language, {}) or i18n.SOURCE_LANGUAGE
    home = Path(env.environ.get("HOME") or Path.home())
    output = args.output or i18n_tools.preview_output(code, Path(env.cwd), home)
    example = i18n_tools.preview_example(code)
    if example is None:
        report.render_example(code, output)
    else:
        report.render_file(example, output, lang=code, force=True)
    env.print(pgettext("i18n", "Wrote {path}.").format(path=_show(output, env)))
    missing = i18n_tools.untranslated_count(code)
    if missing:
        env.print(npgettext(
            "i18n", "{n} message is not translated yet (untranslated or fuzzy): it shows in "
                    "English. “riskkit i18n list {code} --untranslated --fuzzy” lists it.",
            "{n} messages are not translated yet (untranslated or fuzzy): they show in "
            "English. “riskkit i18n list {code} --untranslated --fuzzy” lists them.",
            missing).format(n=missing, code=code))
    elif code != i18n.SOURCE_LANGUAGE:
        env.print(pgettext("i18n", "Every message is translated."))
    return ExitStatus.OK
