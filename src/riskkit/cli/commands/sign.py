"""`riskkit sign`: add a PAdES signature (role and decision in it) to a riskkit PDF.

The PDF is verified first: an altered PDF is refused, and so is a decision to use a system
whose AI Act verdict is a prohibited practice. The passphrase never comes from the command
line (it would be in the shell history and in every process listing): from
``--passphrase-file``, ``$RISKKIT_KEY_PASSPHRASE`` or a prompt. What a signature proves:
docs/report.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from riskkit.cli.env import Environment
from riskkit.cli.options import add_force, add_lang, add_policies, add_questionnaire
from riskkit.errors import ExitStatus, RiskkitError
from riskkit.i18n import pgettext

ORDER = 55
PASSPHRASE_ENV = "RISKKIT_KEY_PASSPHRASE"
TSA_ENV = "RISKKIT_TSA_URL"


def add_parser(sub: argparse._SubParsersAction) -> None:
    from riskkit.pdf.signatures import DECISIONS, ROLES

    parser = sub.add_parser(
        "sign", help=pgettext("sign command help", "sign a riskkit PDF (PAdES)"),
        description=pgettext(
            "sign command help", "Verify the PDF, then add a PAdES signature to it as an "
            "incremental update, with your role and decision in the signature. Each person "
            "signs in turn; riskkit verify shows every signature. The passphrase is read from "
            "--passphrase-file, $RISKKIT_KEY_PASSPHRASE or a prompt, never from the command "
            "line."))
    parser.add_argument("pdf", type=Path, metavar=pgettext("cli metavar", "PDF"),
                        help=pgettext("sign command help", "a PDF made by riskkit render"))
    key = parser.add_mutually_exclusive_group(required=True)
    key.add_argument("--key", type=Path, metavar=pgettext("cli metavar", "KEY.p12"),
                     help=pgettext("sign command help", "your key and certificate, as a PKCS#12 "
                                   "file (.p12, .pfx)"))
    key.add_argument("--pkcs11-module", metavar=pgettext("cli metavar", "LIBRARY"),
                     help=pgettext("sign command help", "sign with a smart card or HSM: its "
                                   "PKCS#11 library (needs riskkit[pkcs11]; with --token and "
                                   "--key-label)"))
    parser.add_argument("--token", metavar=pgettext("cli metavar", "LABEL"),
                        help=pgettext("sign command help", "the PKCS#11 token's label"))
    parser.add_argument("--key-label", metavar=pgettext("cli metavar", "LABEL"),
                        help=pgettext("sign command help", "the label of the key and its "
                                      "certificate on the token"))
    parser.add_argument("--role", required=True, choices=ROLES,
                        help=pgettext("sign command help", "the role you sign in"))
    parser.add_argument("--decision", choices=DECISIONS,
                        help=pgettext("sign command help", "the decision you sign: accept, "
                                      "accept_with_measures or do_not_use (required for the "
                                      "head of department)"))
    parser.add_argument("--reason", metavar=pgettext("cli metavar", "TEXT"),
                        help=pgettext("sign command help", "your own words, kept in the "
                                      "signature"))
    parser.add_argument("-o", "--output", type=Path, metavar=pgettext("cli metavar", "FILE"),
                        help=pgettext("sign command help", "the signed PDF to write (default: "
                                      "sign the PDF in place)"))
    parser.add_argument("--passphrase-file", type=Path, metavar=pgettext("cli metavar", "FILE"),
                        help=pgettext("sign command help", "read the key's passphrase (or the "
                                      "token's PIN) from the first line of this file"))
    # Named so that argparse does not take it for an abbreviation of --passphrase-file (the
    # passphrase would become a file name, echoed in an error); refused without echoing it.
    parser.add_argument("--passphrase", nargs="?", action=_RefusedPassphrase,
                        help=argparse.SUPPRESS)
    parser.add_argument("--timestamp-url", metavar="URL",
                        help=pgettext("sign command help", "a timestamp authority (RFC 3161) to "
                                      "timestamp the signature, PAdES B-T (default: "
                                      "$RISKKIT_TSA_URL)"))
    add_questionnaire(parser)
    add_force(parser)
    add_policies(parser)
    add_lang(parser)
    parser.set_defaults(run=run)


class _RefusedPassphrase(argparse.Action):
    """``--passphrase SECRET``: refused, since a command line is kept in the shell's history
    and shown to every user of the machine in the process list."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        parser.error(pgettext(
            "sign error", "riskkit never takes a passphrase on the command line (it would be "
            "kept in the shell's history and seen by other users): use --passphrase-file, "
            "$RISKKIT_KEY_PASSPHRASE or the prompt."))


def passphrase(args: argparse.Namespace, env: Environment) -> bytes | None:
    """From ``--passphrase-file`` (its first line), else ``$RISKKIT_KEY_PASSPHRASE``, else a
    prompt that does not echo (on a terminal); None when there is none of them (a key
    without a passphrase)."""
    if args.passphrase_file is not None:
        try:
            text = Path(args.passphrase_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RiskkitError(pgettext("sign error", "{file}: cannot read it: {error}.").format(
                file=args.passphrase_file, error=getattr(exc, "strerror", None) or exc)) from None
        lines = text.splitlines()
        return (lines[0] if lines else "").encode("utf-8")
    if env.environ.get(PASSPHRASE_ENV):
        return env.environ[PASSPHRASE_ENV].encode("utf-8")
    if env.stdin_isatty:
        import getpass

        return getpass.getpass(pgettext("sign prompt", "Passphrase for {key}: ").format(
            key=args.key or args.token or "")).encode("utf-8")
    return None


def _signer(args: argparse.Namespace, env: Environment) -> Any:
    from riskkit.pdf import signatures

    if args.pkcs11_module:
        if not args.token or not args.key_label:
            raise RiskkitError(pgettext("sign error", "--pkcs11-module needs --token and "
                                        "--key-label."))
        secret = passphrase(args, env)
        return signatures.load_pkcs11(args.pkcs11_module, args.token, args.key_label,
                                      secret.decode("utf-8") if secret is not None else None)
    return signatures.load_key(args.key, passphrase(args, env))


def refusal(document: Any, decision: str | None) -> str | None:
    """Why this decision cannot be signed for this assessment, or None. A prohibited AI
    practice (AI Act Art. 5) may not be put into service or used: no decision to use it,
    with measures or without, can be signed."""
    from riskkit.pdf.signatures import USE_DECISIONS

    result = document.get("result") if isinstance(document, dict) else None
    verdicts = result.get("verdicts") if isinstance(result, dict) else None
    ai_act = verdicts.get("ai_act") if isinstance(verdicts, dict) else None
    status = ai_act.get("status") if isinstance(ai_act, dict) else None
    if status == "prohibited" and decision in USE_DECISIONS:
        return pgettext(
            "sign error", "The assessment finds a prohibited AI practice (AI Act Art. 5): the "
            "system may not be used, so the decision “{decision}” cannot be signed. Sign "
            "--decision do_not_use.").format(decision=decision)
    return None


def run(args: argparse.Namespace, env: Environment) -> int:
    import logging

    from riskkit import report, verify
    from riskkit.fileio import write_atomic
    from riskkit.load.policy import configured_dirs
    from riskkit.pdf import signatures

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)

    if args.role == "head" and not args.decision:
        raise RiskkitError(pgettext("sign error", "The head of department signs a decision: "
                                    "add --decision accept, accept_with_measures or "
                                    "do_not_use."))
    output = args.output or args.pdf
    if args.output is not None and output.exists() and not args.force:
        raise RiskkitError(pgettext(
            "sign error", "{file} exists already; riskkit does not overwrite it. Use --force "
            "to replace it.").format(file=output))
    try:
        data = Path(args.pdf).read_bytes()
    except OSError as exc:
        raise RiskkitError(pgettext("sign error", "{file}: cannot read it: {error}.").format(
            file=args.pdf, error=exc.strerror or exc)) from None
    signer = _signer(args, env)  # first: a wrong passphrase is said before seconds of checks
    checked = verify.verify_bytes(data, name=str(args.pdf), questionnaire_path=args.questionnaire,
                                  renderer=report.default_renderer(),
                                  policy_dirs=configured_dirs(args.policies, env.environ))
    if checked.outcome() == verify.ALTERED:
        lines = "\n".join(verify.report_lines(checked))
        raise RiskkitError(pgettext(
            "sign error", "{file} is not the PDF riskkit made, or a signature on it is broken; "
            "riskkit does not sign it.").format(file=args.pdf) + "\n" + lines)
    why = refusal(checked.document, args.decision)
    if why:
        raise RiskkitError(why)
    if checked.outcome() != verify.INTACT:
        env.error(pgettext("sign", "Note: {file} could not be fully verified here (see riskkit "
                           "verify); signing it anyway.").format(file=args.pdf))
    url = args.timestamp_url or env.environ.get(TSA_ENV) or None
    signed = signatures.sign_bytes(data, signer, role=args.role, decision=args.decision,
                                   note=args.reason, timestamp_url=url)
    write_atomic(output, signed)
    env.print(pgettext("sign", "Signed {file} as {role}{timestamp}.").format(
        file=output, role=signatures.role_label(args.role),
        timestamp=pgettext("sign", ", timestamped") if url else ""))
    return ExitStatus.OK
