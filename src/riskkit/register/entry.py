"""A PDF into a register entry: verified (riskkit.verify), its assessment read
(riskkit.document) and scored again, its risks, measures and signatures as rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from riskkit import document as document_mod
from riskkit.errors import RiskkitError
from riskkit.i18n import pgettext
from riskkit.load import questionnaire as questionnaire_mod
from riskkit.register.schema import NOT_CHECKED, SELF_SIGNED, TRUSTED, UNVERIFIED

# --- reading a PDF into an entry ---------------------------------------------------------------


@dataclass
class AssessmentRow:
    """The ``assessments`` row of one PDF (its ``pdf_sha256`` is the Entry's). Texts as the
    PDF says them; ``verdicts``, ``document`` and ``checks`` are JSON texts."""

    assessment_id: str
    system: str
    organisation: str
    department: str
    owner: str
    assessor: str
    date: str
    next_review: str
    overall_level: str
    overall_level_label: str
    verdicts: str
    language: str
    pdf_path: str
    archived_path: str
    riskkit: str
    verified: str
    document: str
    checks: str = "{}"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> AssessmentRow:
        """The row from a mapping that may hold more (a database row with its ``pk``)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Entry:
    """What the register keeps of one PDF."""

    pdf_sha256: str
    assessment: AssessmentRow
    risks: list[dict[str, str]] = field(default_factory=list)
    measures: list[dict[str, str]] = field(default_factory=list)
    notice: str = ""  # set when the PDF could not be fully verified here
    #: A signed copy's signatures (``Register.add_signatures``); pdf_sha256 is then its
    #: first revision's, riskkit's render, and ``signed_sha256`` the whole file's.
    signatures: list[dict[str, Any]] = field(default_factory=list)
    signed_sha256: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.assessment, Mapping):  # an entry written out as JSON, read back
            self.assessment = AssessmentRow.from_mapping(self.assessment)


def read_bytes(path: Path | str) -> bytes:
    """The bytes of the file at ``path``, which must be a regular file: a FIFO would hang
    the add and a device would never end."""
    import stat

    path = Path(path)
    try:
        with open(path, "rb", opener=lambda p, f: os.open(p, f | os.O_NONBLOCK)) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise RiskkitError(pgettext(
                    "register", "{file} was not added: it is not a regular file.").format(
                    file=path))
            return handle.read()
    except OSError as exc:
        raise RiskkitError(pgettext("register", "{file}: cannot read: {error}").format(
            file=path, error=exc.strerror or exc)) from None


def sha256_of(path: Path | str) -> str:
    """The SHA-256 of the file's bytes (what the register knows a PDF by)."""
    return hashlib.sha256(read_bytes(path)).hexdigest()


def read_pdf(path: Path | str, *, questionnaire_path: Path | str | None = None,
             renderer: Any = None, allow_unverified: bool = False,
             trust: Sequence[Any] = ()) -> tuple[bytes, Entry]:
    """Verify the PDF at ``path`` and read its entry. Raises RiskkitError with verify's
    message when it is altered, damaged or not a riskkit PDF, or when it claims this
    riskkit version and still could not be verified fully (unless ``allow_unverified``:
    then it is kept, marked ``unverified``).

    Why the version decides: a PDF made by an older riskkit cannot be rendered again here,
    so its byte comparison cannot run, and archives keep such PDFs for years; it is
    accepted with the version and the checks that ran recorded. A PDF that claims *this*
    version could have been compared, so when the comparison did not pass (another program
    laid out its pages around a genuine attachment, or another installation's templates)
    nothing shows that its pages say what its attachment says.
    """
    import os

    from riskkit import __version__, i18n, report, verify
    from riskkit.load.policy import configured_dirs

    path = Path(path)
    data = read_bytes(path)
    verification = verify.verify_bytes(data, name=str(path), questionnaire_path=questionnaire_path,
                                       renderer=renderer, trust=trust,
                                       policy_dirs=configured_dirs(None, os.environ))
    outcome = verification.outcome()
    lines = "\n".join(verify.report_lines(verification))
    if outcome == verify.ALTERED:
        raise RiskkitError(pgettext(
            "register", "{file} was not added: it is altered, damaged or not a riskkit PDF.\n"
            "{verify}").format(file=path, verify=lines))
    document = verification.document
    if document is None or verification.status_of("result") != verify.OK:
        raise RiskkitError(pgettext(
            "register", "{file} was not added: its assessment could not be checked here.\n"
            "{verify}").format(file=path, verify=lines))
    verified = outcome
    made_by = str(document.get("riskkit") or "")
    if outcome == verify.INCOMPLETE and made_by == __version__:
        if not allow_unverified:
            raise RiskkitError(pgettext(
                "register", "{file} was not added: it says it was made by this riskkit "
                "version ({version}), yet it could not be verified fully, so nothing shows "
                "that its pages say what its attachment says. Verify it where it was made, or "
                "add it with --allow-unverified to keep it in the register marked as "
                "unverified.\n{verify}").format(file=path, version=made_by, verify=lines))
        verified = UNVERIFIED
    questionnaire = questionnaire_mod.load(questionnaire_path)
    answers = document_mod.answers(document, questionnaire)
    pack, _note = verify.policy_pack(document, questionnaire, configured_dirs(None, os.environ))
    code = verify.pdf_language(data)
    lang = (i18n.normalize_language(code) if code else None) or i18n.SOURCE_LANGUAGE
    signed = verification.signed
    digest = hashlib.sha256(signed.first_revision if signed else data).hexdigest()
    with i18n.using(lang):
        from riskkit.core.scoring import score
        from riskkit.i18n import content

        result = score(questionnaire, answers, pack)
        rows = report.risk_rows(questionnaire, answers, result, digest)
        overall_label = content.level_label(questionnaire.matrix, result.overall_level)
        risk_refs, measure_numbers = report.printed_numbers(questionnaire, result)
        by_id = {r.id: r for r in result.risks}
        for row in rows:
            risk = by_id[row["risk_id"]]
            row["residual_level_id"] = risk.residual.level
            row["inherent_level_id"] = risk.inherent.level
            row["status_id"] = "open" if risk.measures else "monitored"
            row["risk_ref"] = risk_refs.get(row["risk_id"], "")
        measures = [{
            "measure_id": m.id, "number": measure_numbers.get(m.id, ""), "text": m.text,
            "risks": ", ".join(m.risks),
            "owner": content.role_label(questionnaire, m.owner) if m.owner else "",
            "due": m.due.isoformat() if m.due else "",
            "priority": content.level_label(questionnaire.matrix, m.priority)
            if m.priority else "",
            "source": m.source, "status": m.status,
        } for m in result.measures]
    meta = answers.meta
    review = report.next_review(questionnaire, answers)
    assessment = AssessmentRow(
        assessment_id=result.assessment_id, system=meta.system,
        organisation=meta.organisation, department=meta.department,
        owner=meta.owner, assessor=meta.assessor,
        date=meta.date.isoformat() if meta.date else "",
        next_review=review.isoformat() if review else "",
        overall_level=result.overall_level, overall_level_label=overall_label,
        verdicts=json.dumps(result.to_dict().get("verdicts"), ensure_ascii=False,
                            sort_keys=True),
        language=lang, pdf_path=str(path.resolve()), archived_path="",
        riskkit=made_by, verified=verified,
        document=json.dumps(document, ensure_ascii=False, sort_keys=True),
        checks=json.dumps({c.name: c.status for c in verification.checks}, sort_keys=True),
    )
    notice = "" if outcome == verify.INTACT else lines
    entry = Entry(digest, assessment, rows, measures, notice)
    if signed is not None:
        entry.signatures = [signature_row(sig) for sig in signed.signatures]
        entry.signed_sha256 = hashlib.sha256(data).hexdigest()
    return data, entry


def signature_row(sig: Any) -> dict[str, Any]:
    """What the register keeps of one intact signature (``riskkit.pdf.signatures.Signature``)."""
    validity = TRUSTED if sig.trusted else SELF_SIGNED if sig.self_signed else NOT_CHECKED
    return {"revision": sig.revision, "field": sig.field, "signer": sig.signer,
            "issuer": sig.issuer, "role": sig.signoff.role or "",
            "decision": sig.signoff.decision or "",
            "signed_at": sig.time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if sig.time else "", "timestamped": sig.timestamped, "validity": validity}


def archive(data: bytes, entry: Entry, folder: Path | str) -> Path:
    """Copy the PDF to ``folder/<assessment ID>/<assessment ID>-<sha256 prefix>.pdf``."""
    from riskkit.fileio import write_atomic

    safe = re.sub(r"[^A-Za-z0-9._-]", "_", entry.assessment.assessment_id).strip(".") or "_"
    target = Path(folder) / safe / f"{safe}-{entry.pdf_sha256[:12]}.pdf"
    if not (target.exists() and hashlib.sha256(target.read_bytes()).hexdigest()
            == entry.pdf_sha256):
        write_atomic(target, data)
    entry.assessment.archived_path = str(target.resolve())
    return target


