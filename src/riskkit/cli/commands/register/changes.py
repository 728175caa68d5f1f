"""`riskkit register` actions that change the register: add (PDFs verified in worker
processes), rebuild, migrate, erase, and a measure's follow-up."""

from __future__ import annotations

import argparse
from pathlib import Path

from riskkit.cli.commands.register.common import open_register
from riskkit.cli.env import Environment
from riskkit.errors import ExitStatus, ReadOnlyError, RiskkitError, UsageError
from riskkit.i18n import pgettext


def _verify_worker(path: str, questionnaire: str | None, allow_unverified: bool,
                   lang: str, trust: tuple[str, ...] = ()) -> tuple[str, object]:
    """In a worker process: ("ok", entry) or ("refused", message) for one PDF."""
    import logging

    from riskkit import i18n, report
    from riskkit.pdf import signatures
    from riskkit.register import entry as reg_entry

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    i18n.activate(lang)
    try:
        _data, entry = reg_entry.read_pdf(path, questionnaire_path=questionnaire,
                                    renderer=report.default_renderer(),
                                    allow_unverified=allow_unverified,
                                    trust=signatures.load_trust(trust))
    except RiskkitError as exc:
        return "refused", str(exc)
    return "ok", entry


def _verified(paths: list[Path], args: argparse.Namespace, env: Environment):
    """(path, entry or None, message) for each PDF, in the order given, as each is done:
    verified in ``--jobs`` worker processes (one: here, one after the other). A PDF that
    fails says why and the others go on."""
    from riskkit import i18n

    jobs = max(1, getattr(args, "jobs", 1) or 1)
    questionnaire = str(args.questionnaire) if args.questionnaire else None
    allow = bool(getattr(args, "allow_unverified", False))
    lang = i18n.current_language()
    trust = tuple(str(t) for t in getattr(args, "trust", None) or ())
    if jobs == 1 or len(paths) == 1:
        for path in paths:
            status, value = _verify_worker(str(path), questionnaire, allow, lang, trust)
            yield (path, value, "") if status == "ok" else (path, None, value)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: WeasyPrint's fontconfig and threads must not be forked mid-use.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context) as pool:
        futures = [pool.submit(_verify_worker, str(p), questionnaire, allow, lang, trust)
                   for p in paths]
        for path, future in zip(paths, futures, strict=True):
            status, value = future.result()
            yield (path, value, "") if status == "ok" else (path, None, value)


def _said(env: Environment, path, entry, added: bool) -> None:
    a = entry.assessment
    if added:
        env.print(pgettext("register command", "{file}: added {id} ({system}, {date}).")
                  .format(file=path, id=a.assessment_id, system=a.system, date=a.date))
    else:
        env.print(pgettext("register command", "{file}: already in the register "
                           "({id}).").format(file=path, id=a.assessment_id))


def run_add(args: argparse.Namespace, env: Environment) -> int:
    """Each PDF on its own: one that cannot be read, verified or stored is reported and
    the others go on; exit status 1 when any failed. A PDF whose SHA-256 is already in the
    register is answered at once, without verifying it again."""
    from riskkit.register import db as register_db
    from riskkit.register import entry as reg_entry

    with open_register(args, env) as store:  # opened first: a damaged register is said at once
        store.db.refuse_write()
        failed, pending = 0, []
        for path in args.pdfs:
            try:
                known = store.known(reg_entry.sha256_of(path))
            except RiskkitError as exc:
                env.error(str(exc))
                failed += 1
                continue
            if known is None:
                pending.append(path)
            else:
                env.print(pgettext("register command", "{file}: already in the register "
                                   "({id}).").format(file=path, id=known))
        for path, entry, message in _verified(pending, args, env):
            if entry is None:
                env.error(message)
                failed += 1
                continue
            try:
                if entry.notice:
                    env.error(entry.notice)
                if args.archive:
                    reg_entry.archive(reg_entry.read_bytes(path), entry, args.archive)
                added = store.add(entry, by=args.by or "")
                signed = store.add_signatures(entry, by=args.by or "")
                if signed:
                    env.print(pgettext("register command", "{file}: {count} signature(s) added "
                                       "to {id}.").format(file=path, count=signed,
                                                          id=entry.assessment.assessment_id))
                if added or not signed:
                    _said(env, path, entry, added)
            except RiskkitError as exc:
                env.error(str(exc))
                failed += 1
            except register_db.errors() as exc:
                if register_db.is_read_only_error(exc):
                    raise ReadOnlyError(pgettext(
                        "register", "{file} is read-only for you: it can be listed, shown and "
                        "exported, not changed. Ask whoever keeps the register for write "
                        "access, or name another register with --db.").format(
                        file=store.path)) from None
                env.error(pgettext("register command", "{file} was not added: the register "
                                   "refused it: {error}").format(file=path,
                                                                 error=str(exc).strip()))
                failed += 1
    return 1 if failed else 0


def run_rebuild(args: argparse.Namespace, env: Environment) -> int:
    if not args.folder.is_dir():
        raise UsageError(pgettext("register command", "{folder} is not a folder.").format(
            folder=args.folder))
    paths = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() == ".pdf"
                   and p.is_file())
    with open_register(args, env) as store:
        store.db.refuse_write()
        entries, failed = [], 0
        for _path, entry, message in _verified(paths, args, env):
            if entry is None:
                env.error(message)
                failed += 1
                continue
            if entry.notice:
                env.error(entry.notice)
            entries.append(entry)
        added = store.replace_all(entries, by=args.by or "")
    env.print(pgettext("register command", "Rebuilt from {folder}: {added} PDFs indexed, "
                       "{refused} refused.").format(folder=args.folder, added=added,
                                                    refused=failed))
    return 1 if failed else 0


def run_migrate(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.register import store as reg_store

    with open_register(args, env) as source, reg_store.Register(args.to) as target:
        count = target.copy_from(source, by=args.by or "")
    env.print(pgettext("register command", "{count} assessments copied into {target}.")
              .format(count=count, target=args.to))
    return ExitStatus.OK


def run_erase(args: argparse.Namespace, env: Environment) -> int:
    with open_register(args, env) as store:
        changed = store.erase_person(args.id, args.person, by=args.by or "",
                                     reason=args.reason)
    if not changed:
        env.error(pgettext("register command", "{id}: the register holds no such text; "
                           "nothing was erased (the request is recorded in the audit).")
                  .format(id=args.id))
        return ExitStatus.ERROR
    env.print(pgettext("register command", "{id}: erased from {count} fields and recorded in "
                       "the audit. The PDF itself still holds it, and a rebuild from the PDFs "
                       "brings it back: replace or remove the PDF too.").format(
        id=args.id, count=changed))
    return ExitStatus.OK


def run_measure(args: argparse.Namespace, env: Environment) -> int:
    from riskkit.register import store as reg_store

    by = args.by or reg_store.login_name()
    with open_register(args, env) as store:
        old, new = store.set_measure_status(args.id, args.measure, args.status, by=by,
                                            note=args.note)
    from riskkit.i18n import labels

    env.print(pgettext("register command", "{id} {measure}: {old} → {new}").format(
        id=args.id, measure=args.measure, old=labels.measure_status(old),
        new=labels.measure_status(new)))
    return ExitStatus.OK

