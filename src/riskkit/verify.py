"""Is this archived PDF the one riskkit made, unaltered? The logic behind ``riskkit verify``.

The checks, in order (docs/report.md says what they prove and what they cannot):

1. **file**: a complete PDF (not cut short), with exactly one ``assessment.json`` that
   matches the size and MD5 checksum written next to it (``riskkit.pdf.read.read_attachment``).
2. **assessment**: the attachment is a riskkit assessment (JSON, known format).
3. **structure**: every object sits where the cross-reference table says, the file was not
   updated after it was written (no appended revision), and every compressed stream (page
   contents, fonts, the XMP, the object streams holding everything else) decompresses with
   its checksum intact. This holds for PDFs made by any riskkit version.
4. **result**: the embedded answers, scored again with the questionnaire they were made with
   (matched by content hash), give the embedded result; author and title agree with them.
5. **identical**: when this riskkit and WeasyPrint are the versions that made the PDF, the
   embedded assessment is rendered again and the bytes compared with the file: any change
   anywhere (a digit on a page, the metadata, a replaced attachment) shows.

A check that cannot run here (another questionnaire version, another riskkit version) is
*not checked*, never passed: the outcome says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from riskkit import __version__
from riskkit.errors import (
    AssessmentFormatError,
    ExitStatus,
    ProblemsError,
    RiskkitError,
    RiskkitPdfError,
)
from riskkit.i18n import pgettext
from riskkit.pdf.structure import structure_problems

OK, FAILED, SKIPPED = "ok", "failed", "skipped"
CHECKS = ("file", "assessment", "structure", "result", "identical")

#: Outcome of a whole verification, and the exit code of ``riskkit verify`` for it.
INTACT, ALTERED, INCOMPLETE = "intact", "altered", "incomplete"
EXIT_CODES = {INTACT: ExitStatus.OK, ALTERED: ExitStatus.ERROR,
              INCOMPLETE: ExitStatus.NOT_FULLY_VERIFIED}

# Fields of result.to_dict() that are text in the render language; left out when comparing
# results made by different riskkit versions, whose wording may differ.
_TEXT_KEYS = frozenset({"title", "text", "next_steps"})


@dataclass(frozen=True)
class Check:
    name: str  # file | assessment | structure | result | identical
    status: str  # ok | failed | skipped
    message: str


@dataclass
class Verification:
    """The checks run on one PDF, in order, and what they add up to."""

    path: str
    checks: list[Check] = field(default_factory=list)
    document: Mapping[str, Any] | None = None
    #: A signed PDF's revisions and signatures (``riskkit.pdf.signatures.SignedFile``).
    signed: Any = None

    def add(self, name: str, status: str, message: str) -> Check:
        check = Check(name, status, message)
        self.checks.append(check)
        return check

    def made_with(self) -> str | None:
        """The riskkit version the PDF's assessment says made it (None when unreadable)."""
        made = self.document.get("riskkit") if self.document is not None else None
        return str(made) if made is not None else None

    def status_of(self, name: str) -> str | None:
        return next((c.status for c in self.checks if c.name == name), None)

    def outcome(self) -> str:
        """``altered`` when any check failed; ``intact`` only when every check ran and
        passed, the byte comparison included (it alone shows that the pages print the
        embedded result); else ``incomplete``."""
        if any(c.status == FAILED for c in self.checks):
            return ALTERED
        if any(self.status_of(name) != OK for name in CHECKS) \
                or any(c.status == SKIPPED for c in self.checks):
            return INCOMPLETE
        return INTACT

    def exit_code(self) -> ExitStatus:
        return EXIT_CODES[self.outcome()]


# --- the checks --------------------------------------------------------------------------------


def verify_file(path: Path | str, *, questionnaire_path: Path | str | None = None,
                renderer: Any = None, rerender: bool = True,
                policy_dirs: Sequence[Path] = (), trust: Sequence[Any] = ()) -> Verification:
    """All five checks of the PDF at ``path``; ``rerender=False`` skips the fifth (seconds
    of rendering), so the outcome is at best *not fully verified*. ``trust``: certificates
    (``riskkit.pdf.signatures.load_trust``) a signer's certificate must chain to."""
    path = Path(path)
    verification = Verification(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        verification.add("file", FAILED, pgettext("verify", "The file does not exist."))
        return verification
    except OSError as exc:
        verification.add("file", FAILED, pgettext("verify", "The file cannot be read: {error}.")
                         .format(error=exc.strerror or exc))
        return verification
    return verify_bytes(data, name=str(path), questionnaire_path=questionnaire_path,
                        renderer=renderer, verification=verification, rerender=rerender,
                        policy_dirs=policy_dirs, trust=trust)


def _init_worker(language: str) -> None:
    """Runs once in each worker of `verify_files`: the messages' language, then the one
    Renderer the worker reuses for every PDF it checks."""
    import logging

    from riskkit import i18n, report

    for name in ("pypdf", "pyhanko", "pyhanko_certvalidator"):  # our messages say what is wrong
        logging.getLogger(name).setLevel(logging.CRITICAL)
    i18n.activate(language)
    report.warm_up()


def _verify_task(task: tuple[str, str | None, bool, tuple[Path, ...], tuple[str, ...]]
                 ) -> Verification:
    path, questionnaire_path, rerender, policy_dirs, trust_paths = task
    trust: Sequence[Any] = ()
    if trust_paths:
        from riskkit.pdf import signatures

        trust = signatures.load_trust(trust_paths)
    return verify_file(path, questionnaire_path=questionnaire_path, rerender=rerender,
                       policy_dirs=policy_dirs, trust=trust)


def verify_files(paths: Iterable[Path | str], *, jobs: int = 1, language: str = "en",
                 questionnaire_path: Path | str | None = None, rerender: bool = True,
                 policy_dirs: Sequence[Path] = (), trust_paths: Sequence[Path | str] = ()
                 ) -> Iterator[Verification]:
    """Each PDF's verification, in the order of ``paths``, from ``jobs`` worker processes.

    The fifth check renders a PDF again (seconds): with several PDFs the renders run side by
    side, one per core. Each PDF is rendered at most once, and each worker makes one
    Renderer (fonts, stylesheets, template) for all the PDFs it gets. Messages are in
    ``language``. ``trust_paths``: certificate files a signer's certificate must chain to
    (loaded in each worker). For ``riskkit verify``, and for anything else that checks many
    PDFs (adding them to the register)."""
    tasks = [(str(p), str(questionnaire_path) if questionnaire_path else None, rerender,
              tuple(policy_dirs), tuple(str(t) for t in trust_paths)) for p in paths]
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield _verify_task(task)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("forkserver")  # WeasyPrint is not fork-safe
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_init_worker,
                             initargs=(language,), mp_context=context) as pool:
        yield from pool.map(_verify_task, tasks, chunksize=1)


def verify_bytes(data: bytes, *, name: str = "", questionnaire_path: Path | str | None = None,
                 renderer: Any = None, verification: Verification | None = None,
                 rerender: bool = True, policy_dirs: Sequence[Path] = (),
                 trust: Sequence[Any] = ()) -> Verification:
    """The five checks, and on a signed PDF each signature (``signature_checks``): the five
    checks then look at the first revision, the bytes riskkit rendered. ``policy_dirs``: the
    folders of the organisation's own policy packs (``--policies``); the pack the PDF was
    checked against is looked up there and among the shipped ones by the id and hash its
    result records."""
    from riskkit.pdf import signatures

    signed = signatures.read_signed(data, trust)
    verification = _verify_render(
        signed.first_revision if signed else data, name=name,
        questionnaire_path=questionnaire_path, renderer=renderer, verification=verification,
        rerender=rerender, policy_dirs=policy_dirs)
    if signed is not None:
        verification.signed = signed
        signature_checks(verification, signed, trusted_given=bool(trust))
    return verification


def _verify_render(data: bytes, *, name: str, questionnaire_path: Path | str | None,
                   renderer: Any, verification: Verification | None,
                   rerender: bool, policy_dirs: Sequence[Path]) -> Verification:
    """The five checks of the bytes riskkit rendered."""
    from riskkit.pdf import read as pdf_read

    verification = verification or Verification(name)
    # 1. the file and its attachment
    try:
        attachment = pdf_read.read_attachment(data)
    except RiskkitPdfError as exc:
        verification.add("file", FAILED, str(exc))
        return verification
    verification.add("file", OK, pgettext(
        "verify", "The file is a complete PDF, and assessment.json matches the checksum "
        "written next to it."))

    # 2. the assessment
    document = _assessment(attachment, verification)
    if document is None:
        return verification
    verification.document = document

    # 3. the structure, whatever version made it
    problems = structure_problems(data)
    if problems:
        verification.add("structure", FAILED, " ".join(problems))
    else:
        verification.add("structure", OK, pgettext(
            "verify", "Every part of the file is where the file says, nothing was added after "
            "it was written, and all compressed content (pages, fonts, metadata) is "
            "undamaged."))

    # 4. the result, scored again
    outcome = _rescore(data, document, questionnaire_path, verification, tuple(policy_dirs))
    if outcome is None:
        verification.add("identical", SKIPPED, pgettext(
            "verify", "Not rendered again: that needs the result to be checked first."))
        return verification
    questionnaire, answers, result, lang, policy_note = outcome
    if policy_note:
        verification.add("identical", SKIPPED, pgettext(
            "verify", "Not rendered again: the policy pack it was checked against is not "
            "available here (see above)."))
        return verification

    # 5. the bytes, rendered again (seconds of work: not when the outcome is already known)
    if verification.status_of("structure") == FAILED:
        verification.add("identical", SKIPPED, pgettext(
            "verify", "Not rendered again: the file is already known to be altered."))
        return verification
    if not rerender:
        verification.add("identical", SKIPPED, pgettext(
            "verify", "Not rendered again: only the first four checks were asked for."))
        return verification
    _rerender(data, document, questionnaire, answers, result, lang, renderer, verification)
    return verification


def _assessment(attachment: bytes, verification: Verification) -> Mapping[str, Any] | None:
    from riskkit import document as document_mod

    try:
        document = document_mod.parse(attachment)
    except AssessmentFormatError as exc:
        verification.add("assessment", FAILED, str(exc))
        return None
    q = document["questionnaire"] if isinstance(document["questionnaire"], dict) else {}
    verification.add("assessment", OK, pgettext(
        "verify", "assessment.json is a riskkit assessment (made with riskkit {version}, "
        "questionnaire {id} {qversion}).").format(
        version=document.get("riskkit"), id=q.get("id"), qversion=q.get("version")))
    return document


def pdf_language(data: bytes) -> str | None:
    """The language code of the PDF's /Lang tag (e.g. nb for nb-NO), None without one."""
    from riskkit.pdf import read as pdf_read
    from riskkit.report import language_from_tag

    try:
        return language_from_tag(pdf_read.read_metadata(data).lang)
    except RiskkitPdfError:
        return None


def policy_pack(document: Mapping[str, Any], questionnaire: Any,
                 policy_dirs: Sequence[Path]) -> tuple[Any, str]:
    """The policy pack the PDF was checked against, found again by the id and content hash
    its result records, among the shipped packs and those in ``policy_dirs``: (pack, "")
    when found; (None, why not) when it was used but cannot be had here; (None, "") when the
    PDF was made without one. A path in the PDF is never opened."""
    from riskkit.load import policy as policy_packs

    result = document.get("result")
    embedded = result.get("policy") if isinstance(result, Mapping) else None
    if not isinstance(embedded, Mapping):
        return None, ""
    try:
        pack = policy_packs.find(str(embedded.get("id") or ""), questionnaire, policy_dirs,
                               content_hash=str(embedded.get("hash") or ""))
    except (ProblemsError, RiskkitError) as exc:
        return None, pgettext(
            "verify", "The policy pack it was checked against cannot be had here: {error}"
        ).format(error=str(exc).splitlines()[0] if str(exc) else "")
    return pack, ""


def _without_policy(result: Any) -> Any:
    """A result as ``to_dict`` gives it, without what a policy pack added: the ``policy``
    part and the measures made from its clauses (also in the risks' lists of measures)."""
    if not isinstance(result, Mapping):
        return result
    out = {k: v for k, v in result.items() if k != "policy"}
    measures = out.get("measures")
    if isinstance(measures, list):
        dropped = {m.get("id") for m in measures if isinstance(m, Mapping)
                   and str(m.get("source", "")).startswith("policy:")}
        out["measures"] = [m for m in measures
                           if not (isinstance(m, Mapping) and m.get("id") in dropped)]
        risks = out.get("risks")
        if isinstance(risks, list):
            out["risks"] = [
                {**r, "measures": [x for x in r.get("measures", []) if x not in dropped]}
                if isinstance(r, Mapping) and isinstance(r.get("measures"), list) else r
                for r in risks]
    return out


def _rescore(data: bytes, document: Mapping[str, Any], questionnaire_path: Path | str | None,
             verification: Verification, policy_dirs: Sequence[Path] = ()) -> tuple | None:
    from riskkit import document as document_mod
    from riskkit import i18n, report
    from riskkit.load import questionnaire as questionnaire_mod
    from riskkit.pdf import read as pdf_read

    embedded_q = document.get("questionnaire") or {}
    try:
        questionnaire = questionnaire_mod.load(questionnaire_path)
    except RiskkitError as exc:
        verification.add("result", SKIPPED, pgettext(
            "verify", "Not re-scored: the questionnaire could not be loaded ({error}).").format(
            error=str(exc).splitlines()[0] if str(exc) else ""))
        return None
    if questionnaire.content_hash != embedded_q.get("hash") \
            or questionnaire.id != embedded_q.get("id"):
        verification.add("result", SKIPPED, pgettext(
            "verify", "Not re-scored: the PDF was made with questionnaire {id} {version} "
            "({hash}), and the questionnaire here is {here_id} {here_version} ({here_hash}). "
            "Pass the questionnaire it was made with: --questionnaire PATH.").format(
            id=embedded_q.get("id"), version=embedded_q.get("version"),
            hash=_short_hash(embedded_q.get("hash")), here_id=questionnaire.id,
            here_version=questionnaire.version, here_hash=_short_hash(questionnaire.content_hash)))
        return None

    if not _same_dates(document, verification):
        return None
    code = pdf_language(data)
    lang = i18n.normalize_language(code) if code else None
    same_version = document.get("riskkit") == __version__
    try:
        answers = document_mod.answers(document, questionnaire)
    except (ProblemsError, RiskkitError) as exc:
        verification.add("result", FAILED, pgettext(
            "verify", "The embedded answers do not fit the questionnaire they name: {error}")
            .format(error=exc))
        return None
    pack, policy_note = policy_pack(document, questionnaire, policy_dirs)
    with i18n.using(lang or i18n.SOURCE_LANGUAGE):
        from riskkit.core.answers import to_data
        from riskkit.core.scoring import score

        result = score(questionnaire, answers, pack)
        expected = result.to_dict()
        expected_answers = to_data(questionnaire, answers)
        expected_meta = report.metadata(questionnaire, answers, result)
    embedded = document.get("result")
    if policy_note:  # compare all but the policy part, which cannot be checked here
        embedded = _without_policy(embedded)
    # The result's wording (titles, reasons) is compared only when this installation would
    # word it the same: same riskkit, the PDF's language here, the same catalog.
    try:
        creator = pdf_read.read_metadata(data).creator or ""
    except RiskkitPdfError:
        creator = ""
    full = (same_version and lang is not None and lang == code
            and report.layout_from_creator(creator) == report.layout_fingerprint(lang))
    where = _first_difference(_comparable(expected, full), _comparable(embedded, full))
    if where is None and expected_answers != document.get("answers"):
        where = "answers"
    if where is not None:
        if same_version:
            verification.add("result", FAILED, pgettext(
                "verify", "The result in the PDF does not follow from its own answers (first "
                "difference: {where}). The embedded assessment was edited.").format(where=where))
        else:
            verification.add("result", SKIPPED, pgettext(
                "verify", "The result differs from what this riskkit ({here}) computes from the "
                "embedded answers (first difference: {where}); the PDF was made with riskkit "
                "{made}, whose rules may differ. Verify it with riskkit {made}.").format(
                here=__version__, made=document.get("riskkit"), where=where))
        return None
    try:
        info = pdf_read.read_metadata(data)
    except RiskkitPdfError as exc:
        verification.add("result", FAILED, str(exc))
        return None
    meta = answers.meta
    if (info.author or "") != (expected_meta.author or "") or (
            meta.system and meta.system not in (info.title or "")):
        verification.add("result", FAILED, pgettext(
            "verify", "The PDF's title or author does not match its assessment: the document "
            "information was edited."))
        return None
    if full:
        message = pgettext("verify", "The embedded answers, scored again, give the result in "
                           "the PDF (questionnaire {id} {version}).")
    else:
        message = pgettext("verify", "The embedded answers, scored again, give the risks, "
                           "levels and verdicts in the PDF (questionnaire {id} {version}); its "
                           "wording was not compared, since it was made by riskkit {made} or "
                           "with translations this installation does not have.")
    message = message.format(id=questionnaire.id, version=questionnaire.version,
                             made=document.get("riskkit"))
    if policy_note:
        message += " " + policy_note + " " + pgettext(
            "verify", "The policy conformance and the measures made from it were not checked.")
        verification.add("result", SKIPPED, message)
    else:
        verification.add("result", OK, message)
    return questionnaire, answers, result, lang, policy_note


def _same_dates(document: Mapping[str, Any], verification: Verification) -> bool:
    """Whether the PDF was judged with the AI Act dates file this installation has.

    The verdicts say from when each duty applies, read from questionnaires/ai-act-dates.yaml;
    after a legislative change that file differs, and the same answers rightly give other
    dates. That is not an edited PDF, so the result is then not compared (exit 3), and the
    message names both files. PDFs made before riskkit 0.3.0 do not record the file; their
    dates are compared with the result as before.
    """
    from riskkit.core import aiact_dates

    recorded = document.get("ai_act_dates")
    if not isinstance(recorded, Mapping):
        return True
    here = aiact_dates.load()
    if recorded.get("hash") == here.content_hash:
        return True
    verification.add("result", SKIPPED, pgettext(
        "verify", "Not re-scored: the PDF was judged with the AI Act dates file version "
        "{version} ({hash}), and the one here is version {here_version} ({here_hash}); the "
        "dates from which the duties apply may differ. Verify it with the riskkit release "
        "that ships that dates file.").format(
        version=str(recorded.get("version") or "")[:20],
        hash=_short_hash(recorded.get("hash")), here_version=here.version,
        here_hash=_short_hash(here.content_hash)))
    return False


def _rerender(data: bytes, document: Mapping[str, Any], questionnaire: Any, answers: Any,
              result: Any, lang: str | None, renderer: Any, verification: Verification) -> None:
    from riskkit import i18n, report
    from riskkit.pdf import read as pdf_read

    try:
        producer = pdf_read.read_metadata(data).producer or ""
    except RiskkitPdfError:
        producer = ""
    here = f"WeasyPrint {report.weasyprint_version()}"
    made = document.get("riskkit")
    if made != __version__ or producer != here:
        verification.add("identical", SKIPPED, pgettext(
            "verify", "Not compared byte for byte: the PDF was made with riskkit {made} and "
            "{producer}, this is riskkit {version} and {here}. The checks above still hold; "
            "for the byte comparison verify it with the versions that made it.").format(
            made=made, producer=producer or "?", version=__version__, here=here))
        return
    if lang is None:
        verification.add("identical", SKIPPED, pgettext(
            "verify", "Not compared byte for byte: the PDF is in a language this riskkit has "
            "no catalog for."))
        return
    try:
        creator = pdf_read.read_metadata(data).creator or ""
    except RiskkitPdfError:
        creator = ""
    made_layout = report.layout_from_creator(creator)
    here_layout = report.layout_fingerprint(lang)
    if made_layout != here_layout:
        verification.add("identical", SKIPPED, pgettext(
            "verify", "Not compared byte for byte: the PDF was laid out with other templates, "
            "fonts or translations than this installation has (layout {made}, here {here}), "
            "so riskkit cannot make the same bytes. Verify it with an unmodified installation "
            "of riskkit {version}.").format(made=made_layout or "?", here=here_layout,
                                            version=__version__))
        return
    with i18n.using(lang):
        again = report.render_pdf(questionnaire, answers, result, lang=lang, renderer=renderer)
    if again == data:
        verification.add("identical", OK, pgettext(
            "verify", "Rendered again from its own assessment, the PDF is identical, byte for "
            "byte."))
        return
    offset = next((i for i, (a, b) in enumerate(zip(again, data, strict=False)) if a != b),
                  min(len(again), len(data)))
    verification.add("identical", FAILED, pgettext(
        "verify", "Rendered again from its own assessment, the PDF differs from this file from "
        "byte {offset} on ({size} bytes here, {expected} expected): its pages, metadata or "
        "attachment were changed after riskkit made it.").format(
        offset=offset, size=len(data), expected=len(again)))


def _short_hash(value: Any) -> str:
    text = str(value or "?")
    return text[:19] + "…" if len(text) > 20 else text


def _comparable(value: Any, full: bool) -> Any:
    if full:
        return value
    if isinstance(value, dict):
        return {k: _comparable(v, full) for k, v in value.items() if k not in _TEXT_KEYS}
    if isinstance(value, list):
        return [_comparable(v, full) for v in value]
    return value


def _first_difference(a: Any, b: Any, where: str = "result") -> str | None:
    """The path of the first place two JSON values differ, or None when they are equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a or key not in b:
                return f"{where}.{key}"
            found = _first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = _first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None if len(a) == len(b) else f"{where}[{min(len(a), len(b))}]"
    return None if a == b else where


# --- signatures ------------------------------------------------------------------------------


def signature_checks(verification: Verification, signed: Any, *, trusted_given: bool) -> None:
    """One line for the revisions, one for each signature (``signature``), and what changed
    after riskkit's render besides signatures (``signatures``, failed). A signature whose
    certificate does not chain to ``--trust`` is *not checked* (the PDF is not altered, but
    who signed is not confirmed); without ``--trust`` its line says whose certificate it is,
    self-signed or by which issuer."""
    from riskkit.pdf import signatures as sig_mod

    verification.add("signatures", OK, pgettext(
        "verify", "The file has {count} revisions: the first is the PDF riskkit made (the checks "
        "above are of it), the others were added by signing.").format(count=signed.revisions))
    last = None
    for number, sig in enumerate(signed.signatures, 1):
        who = pgettext("verify signature", "Signature {number} (revision {revision} of "
                       "{total}, field {field})").format(
            number=number, revision=sig.revision, total=signed.revisions, field=sig.field)
        if not sig.intact or sig.timestamp_ok is False:
            problem = sig.problem or pgettext("verify signature", "its timestamp is not valid")
            verification.add("signature", FAILED, pgettext(
                "verify signature", "{who}: BROKEN, {problem}. Signed by {signer}.").format(
                who=who, problem=problem, signer=sig.signer))
            continue
        last = sig
        when = sig.time.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") \
            if sig.time else "?"
        source = pgettext("verify signature", "time from a timestamp authority") \
            if sig.timestamped else pgettext("verify signature", "time from the signer's "
                                             "computer, not proved")
        if sig.trusted:
            trust, status = pgettext("verify signature", "the certificate chains to a "
                                     "certificate given with --trust"), OK
        elif trusted_given:
            trust, status = pgettext("verify signature", "the certificate does NOT chain to "
                                     "the certificates given with --trust (issuer: {issuer})"
                                     ).format(issuer=sig.issuer), SKIPPED
        elif sig.self_signed:
            trust, status = pgettext("verify signature", "the certificate is self-signed: it "
                                     "names the signer only as far as you know it is theirs "
                                     "(check it with --trust CERT.pem)"), OK
        else:
            trust, status = pgettext("verify signature", "the certificate (issuer: {issuer}) "
                                     "was not checked against a trusted one (--trust "
                                     "CERT.pem)").format(issuer=sig.issuer), OK
        text = pgettext("verify signature", "{who}: intact. Signed by {signer} as "
                        "{role} on {time} ({source}); decision: {decision}; {trust}.").format(
            who=who, signer=sig.signer, role=sig_mod.role_label(sig.signoff.role), time=when,
            source=source, decision=sig_mod.decision_label(sig.signoff.decision), trust=trust)
        if sig.signoff.note:
            text += " " + pgettext("verify signature", "Reason: {note}").format(
                note=sig.signoff.note)
        verification.add("signature", status, text)
    if signed.changes or signed.unsigned:
        detail = signed.changes or pgettext(
            "verify signature", "revision {number} adds no signature").format(
            number=signed.unsigned[0])
        if signed.changed_after_last_signature:
            by = pgettext("verify signature", "{signer} as {role}").format(
                signer=last.signer, role=sig_mod.role_label(last.signoff.role)) if last else "?"
            message = pgettext("verify signature", "The file was CHANGED AFTER THE LAST "
                               "SIGNATURE (by {by}): {detail}.").format(by=by, detail=detail)
        else:
            message = pgettext("verify signature", "The file was changed after riskkit made "
                               "it, besides being signed: {detail}.").format(detail=detail)
        verification.add("signatures", FAILED, message)


# --- for people --------------------------------------------------------------------------------


def status_word(status: str) -> str:
    return {OK: pgettext("verify check status", "ok"),
            FAILED: pgettext("verify check status", "FAILED"),
            SKIPPED: pgettext("verify check status", "not checked")}[status]


def check_name(name: str) -> str:
    """A check's name as a person reads it in a list of checks."""
    return {
        "file": pgettext("verify check name", "file and attachment"),
        "assessment": pgettext("verify check name", "assessment"),
        "structure": pgettext("verify check name", "structure"),
        "result": pgettext("verify check name", "result scored again"),
        "identical": pgettext("verify check name", "byte comparison"),
    }[name]


def outcome_sentence(outcome: str) -> str:
    return {
        INTACT: pgettext("verify outcome", "intact: this is the PDF riskkit made, unaltered."),
        ALTERED: pgettext("verify outcome", "ALTERED OR DAMAGED: do not rely on this PDF."),
        INCOMPLETE: pgettext("verify outcome", "not fully verified: no check failed, but not "
                             "every check could run (see below)."),
    }[outcome]


def report_lines(verification: Verification) -> Iterable[str]:
    outcome = verification.outcome()
    yield pgettext("verify", "{file}: {outcome}").format(file=verification.path,
                                                         outcome=outcome_sentence(outcome))
    for check in verification.checks:
        yield "  " + pgettext("verify check line", "[{status}] {message}").format(
            status=status_word(check.status), message=check.message)
    made = verification.made_with()
    if made is not None and made != __version__:
        ran = [check_name(c.name) for c in verification.checks if c.status != SKIPPED]
        not_run = [check_name(name) for name in CHECKS
                   if verification.status_of(name) in (None, SKIPPED)]
        yield "  " + pgettext(
            "verify", "Made with riskkit {made}; this is riskkit {here}. Checks run here: "
            "{ran}; not run: {not_run}. Rendering again to the same bytes needs riskkit "
            "{made}.").format(made=made, here=__version__, ran=", ".join(ran) or "—",
                              not_run=", ".join(not_run) or "—")
