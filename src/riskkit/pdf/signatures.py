"""PAdES signatures on riskkit's PDFs: ``riskkit sign`` adds them, ``riskkit verify`` reads them.

Each person who signs (assessor, head of department, CISO, DPO) adds one *incremental update*
to the PDF: the bytes riskkit rendered stay the first revision, unchanged, and every signature
is a revision appended after it. That is what lets ``riskkit verify`` keep its strongest check
(render again, compare byte for byte) on a signed PDF: it compares the first revision.

The role and the decision (accept, accept with measures, do not use) are written into the
signature dictionary's ``/Reason`` as ``riskkit sign-off: role=head; decision=accept``,
followed by the signer's own words. The signature covers the dictionary (all of it but the
signature value), so neither can be changed without breaking the signature.

Signing never touches the document information or the XMP metadata: pyHanko 0.38 rewrites
both on every incremental save, and writes ``pdf:Producer`` "pyHanko x" in the XMP but
"WeasyPrint y; pyHanko x" in the document information, which PDF/A-3 (ISO 19005-3, 6.6.2.3)
forbids. The metadata riskkit wrote stays the metadata of the file.

pyHanko is imported inside the functions: neither the interview nor an unsigned ``verify``
pays for it.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from riskkit.errors import SigningError
from riskkit.i18n import pgettext

ROLES = ("assessor", "head", "ciso", "dpo")
DECISIONS = ("accept", "accept_with_measures", "do_not_use")

#: Decisions that put the system into use: refused for a prohibited AI practice (AI Act
#: Art. 5 forbids placing it on the market, putting it into service and using it; no measure
#: makes it lawful).
USE_DECISIONS = ("accept", "accept_with_measures")

REASON_PREFIX = "riskkit sign-off: "
_REASON = re.compile(r"riskkit sign-off: role=([a-z_]+)(?:; decision=([a-z_]+))?(?:; (.*))?\Z",
                     re.DOTALL)
_MAX_SHOWN = 200  # characters of a name or reason from the PDF shown in a terminal



# --- the role and decision in the signature's reason ------------------------------------------


def reason_text(role: str, decision: str | None, note: str | None) -> str:
    """The ``/Reason`` written into the signature: machine-readable first, then the note."""
    parts = [f"role={role}"]
    if decision:
        parts.append(f"decision={decision}")
    if note:
        parts.append(" ".join(note.split()))
    return REASON_PREFIX + "; ".join(parts)


@dataclass(frozen=True)
class SignOff:
    role: str | None  # one of ROLES, or None when the reason is not riskkit's
    decision: str | None
    note: str


def parse_reason(text: str | None) -> SignOff:
    """Role, decision and note from a signature's reason. A reason riskkit did not write
    (another tool signed) gives no role; the whole reason is then the note."""
    text = text or ""
    match = _REASON.match(text)
    if not match or match.group(1) not in ROLES:
        return SignOff(None, None, shown(text))
    decision = match.group(2) if match.group(2) in DECISIONS else None
    return SignOff(match.group(1), decision, shown(match.group(3) or ""))


def shown(text: str) -> str:
    """Text from a PDF (a signer's name, a reason) made safe to print in a terminal: control
    characters (escape sequences that could rewrite the screen) become spaces, and it is
    cut to a readable length."""
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= _MAX_SHOWN else cleaned[:_MAX_SHOWN] + "…"


def role_label(role: str | None) -> str:
    return {
        "assessor": pgettext("sign role", "assessor"),
        "head": pgettext("sign role", "head of department"),
        "ciso": pgettext("sign role", "CISO"),
        "dpo": pgettext("sign role", "data protection officer"),
    }.get(role or "", pgettext("sign role", "no riskkit role"))


def decision_label(decision: str | None) -> str:
    return {
        "accept": pgettext("sign decision", "the system may be used; residual risks accepted"),
        "accept_with_measures": pgettext(
            "sign decision", "the system may be used once the measures are in place"),
        "do_not_use": pgettext("sign decision", "the system must not be used"),
    }.get(decision or "", pgettext("sign decision", "no decision"))


# --- reading the signatures of a PDF ------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """One signature as verify reports it. ``revision`` counts from 1 (riskkit's render)."""

    field: str
    revision: int
    intact: bool  # the signed bytes are unchanged and the signature value matches them
    covers_to_end: bool  # its byte range runs to the end of the file
    signer: str
    issuer: str
    self_signed: bool
    trusted: bool  # the certificate chains to a --trust certificate
    time: datetime | None
    timestamped: bool  # time from a timestamp authority's token, not the signer's clock
    timestamp_ok: bool | None  # None without a timestamp
    signoff: SignOff
    problem: str = ""  # why it is not intact, for a person


@dataclass
class SignedFile:
    """A PDF with revisions after riskkit's render, at least one of them a signature."""

    first_revision: bytes
    revisions: int
    signatures: list[Signature] = field(default_factory=list)
    unsigned: list[int] = field(default_factory=list)  # later revisions no signature made
    changes: str = ""  # what the later revisions change beyond adding signatures

    @property
    def changed_after_last_signature(self) -> bool:
        last = max((s.revision for s in self.signatures), default=1)
        return any(r > last for r in self.unsigned)


def has_later_revisions(data: bytes) -> bool:
    """Cheap test (no pyHanko): does the file have more than one revision? riskkit renders
    one, with one ``startxref``."""
    return data.count(b"startxref") > 1


def _reader(data: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(data), strict=False)


def _first_revision_end(data: bytes, reader: Any) -> int:
    """Where riskkit's render ends: after the ``%%EOF`` (and its end of line) that follows
    the first revision's cross-reference data."""
    start = reader.xrefs.get_startxref_for_revision(0)
    eof = data.find(b"%%EOF", start)
    if eof < 0:
        raise ValueError("no %%EOF after the first revision")
    end = eof + len(b"%%EOF")
    if data[end:end + 2] == b"\r\n":
        return end + 2
    return end + 1 if data[end:end + 1] in (b"\r", b"\n") else end


def load_trust(paths: Iterable[Path | str]) -> list[Any]:
    """Certificates (PEM or DER, several PEM blocks allowed) from files named by the user."""
    from asn1crypto import pem, x509

    certs: list[Any] = []
    for path in paths:
        raw = _read_user_file(path)
        try:
            if pem.detect(raw):
                blocks = [der for kind, _h, der in pem.unarmor(raw, multiple=True)
                          if kind == "CERTIFICATE"]
            else:
                blocks = [raw]
            loaded = [x509.Certificate.load(der) for der in blocks]
            for cert in loaded:
                _ = cert.native  # parse it all now, not in the middle of a validation
        except Exception:  # noqa: BLE001 - any way the file fails to parse: say so once
            loaded = []
        if not loaded:
            raise SigningError(pgettext(
                "sign error", "{file}: not a certificate (PEM or DER).").format(file=path))
        certs.extend(loaded)
    return certs


def _name(cert: Any) -> str:
    try:
        subject = cert.subject.native
        return shown(subject.get("common_name") or cert.subject.human_friendly)
    except Exception:  # noqa: BLE001 - a malformed name is shown as unknown
        return "?"


def read_signed(data: bytes, trust: Sequence[Any] = ()) -> SignedFile | None:
    """The signatures of a PDF with later revisions, each validated (``trust``: the
    certificates from ``--trust``; nothing is fetched from the network). None when the file
    has one revision, or no signature at all (verify then treats it as before: a revision
    appended after riskkit wrote it)."""
    if not has_later_revisions(data):
        return None
    try:
        reader = _reader(data)
        total = reader.xrefs.total_revisions
        embedded = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001 - damaged: verify's own checks say how
        return None
    if total < 2 or not embedded:
        return None
    try:
        first = data[:_first_revision_end(data, reader)]
    except Exception:  # noqa: BLE001
        return None
    signed = SignedFile(first_revision=first, revisions=total)
    for sig in embedded:
        signed.signatures.append(_check_one(sig, trust))
    signed.signatures.sort(key=lambda s: s.revision)
    made = {s.revision for s in signed.signatures}
    signed.unsigned = [r for r in range(2, total + 1) if r not in made]
    signed.changes = _review_changes(reader)
    return signed


def _check_one(sig: Any, trust: Sequence[Any]) -> Signature:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    revision = sig.signed_revision + 1
    signoff = parse_reason(str(sig.sig_object.get("/Reason", "")))
    try:
        cert = sig.signer_cert
        signer, issuer = _name(cert), shown(cert.issuer.human_friendly)
        self_signed = cert.self_signed in ("yes", "maybe")
    except Exception:  # noqa: BLE001
        cert, signer, issuer, self_signed = None, "?", "?", False
    base = dict(field=shown(str(sig.field_name or "")), revision=revision, signer=signer,
                issuer=issuer, self_signed=self_signed, signoff=signoff)
    try:
        # No fetching: verify must not go to the network because a PDF names a URL (OCSP,
        # CRL, CA issuers); revocation is checked where the data is in the file.
        context = ValidationContext(trust_roots=list(trust), allow_fetching=False)
        status = validate_pdf_signature(sig, context, skip_diff=True)
    except Exception as error:  # noqa: BLE001 - a signature pyHanko cannot read is broken
        return Signature(**base, intact=False, covers_to_end=False, trusted=False, time=None,
                         timestamped=False, timestamp_ok=None, problem=pgettext(
                             "verify signature", "it cannot be read ({detail})").format(
                             detail=type(error).__name__))
    coverage = status.coverage
    covers_to_end = coverage == SignatureCoverageLevel.ENTIRE_FILE
    intact = bool(status.intact and status.valid) and coverage in (
        SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION)
    problem = ""
    if not status.intact:
        problem = pgettext("verify signature", "the bytes it signed were changed")
    elif not status.valid:
        problem = pgettext("verify signature", "its signature value does not match its "
                           "certificate")
    elif not intact:
        problem = pgettext("verify signature", "it does not cover a whole revision of the file")
    ts = status.timestamp_validity
    time = ts.timestamp if ts is not None else (
        status.signer_reported_dt or sig.self_reported_timestamp)
    return Signature(**base, intact=intact, covers_to_end=covers_to_end,
                     trusted=bool(trust) and bool(status.trusted), time=time,
                     timestamped=ts is not None,
                     timestamp_ok=None if ts is None else bool(ts.intact and ts.valid),
                     problem=problem)


def _review_changes(reader: Any) -> str:
    """What the revisions after riskkit's render change besides adding signatures, in a
    sentence; empty when nothing.

    Every object a later revision writes is looked at: new objects may only be signature
    fields (invisible: a zero-size rectangle, so nothing is drawn on a page), signature
    values, the form that lists the fields, and the revision's cross-reference stream; an
    existing object may only be the catalog gaining the form, a page gaining the signature
    widgets in its annotations, or the form gaining fields. Anything else (a page's content,
    the attachment, the metadata, a font) is a change to what riskkit rendered. This also
    covers the first signature's own revision, which that signature's validation does not
    look at. (pyHanko's general difference analysis does the same for any PDF, but took
    minutes on a 40-page tagged report and stopped at its structure tree.)
    """
    total = reader.xrefs.total_revisions
    for revision in range(1, total):
        try:
            problem = _review_revision(reader, revision)
        except Exception as error:  # noqa: BLE001 - what cannot be compared is not accepted
            problem = pgettext("verify signature", "revision {number} cannot be compared with "
                               "the one before ({detail})").format(
                number=revision + 1, detail=type(error).__name__)
        if problem:
            return problem
    return ""


def _is_new(value: Any) -> bool:
    from pyhanko.pdf_utils.generic import NullObject

    return value is None or isinstance(value, NullObject)


def _same_except(old: Any, new: Any, keys: set[str]) -> bool:
    """Two dictionaries equal in every key but ``keys`` (compared as stored: a reference
    stays the same reference)."""
    names = (set(old.keys()) | set(new.keys())) - keys
    return all(k in old and k in new and _plain(old.raw_get(k)) == _plain(new.raw_get(k))
               for k in names)


def _plain(value: Any) -> Any:
    """A PDF value with references as (number, generation): pyHanko's references also
    carry the revision they were read from, so the same reference read from two revisions
    would otherwise compare unequal."""
    if hasattr(value, "idnum") and hasattr(value, "generation"):
        return ("ref", value.idnum, value.generation)
    if isinstance(value, dict):
        return {str(k): _plain(value.raw_get(k) if hasattr(value, "raw_get") else v)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(value.raw_get(i) if hasattr(value, "raw_get") else v)
                for i, v in enumerate(value)]
    return value


def _is_signature_field(obj: Any) -> bool:
    """A signature field merged with its widget, invisible (zero-size rectangle)."""
    if not hasattr(obj, "get") or obj.get("/FT") != "/Sig":
        return False
    rect = obj.get("/Rect")
    if rect is None:
        return True
    try:
        x1, y1, x2, y2 = (float(v) for v in rect)
    except (TypeError, ValueError):
        return False
    return x1 == x2 and y1 == y2


# Complexity: one check per kind of object an incremental update may touch, in the order a
# reviewer reads them; too big to split safely now (next change to the signatures).
def _review_revision(reader: Any, revision: int) -> str:  # noqa: C901
    before = reader.get_historical_resolver(revision - 1)
    after = reader.get_historical_resolver(revision)
    number = revision + 1
    old_trailer, new_trailer = before.trailer_view, after.trailer_view
    for key in ("/Root", "/Info", "/Encrypt"):
        if (key in old_trailer) != (key in new_trailer) or (
                key in old_trailer
                and _plain(old_trailer.raw_get(key)) != _plain(new_trailer.raw_get(key))):
            return pgettext("verify signature", "revision {number} replaces the document's "
                            "{part}").format(number=number, part=key.strip("/"))
    root_ref = new_trailer.raw_get("/Root")
    old_root = before.get_object(root_ref.reference)
    form_ref = old_root.raw_get("/AcroForm") if "/AcroForm" in old_root else None
    refs = sorted(reader.xrefs.explicit_refs_in_revision(revision), key=lambda r: r.idnum)
    for ref in refs:
        new = after.get_object(ref)
        try:
            old = before.get_object(ref)
        except Exception:  # noqa: BLE001 - not in the earlier revision: a new object
            old = None
        changed = pgettext("verify signature", "revision {number} changes object {id}, which "
                           "is not part of a signature").format(number=number, id=ref.idnum)
        if _is_new(old):
            if not hasattr(new, "get"):
                return changed
            kind = new.get("/Type")
            if kind in ("/XRef", "/Sig", "/DocTimeStamp") or _is_signature_field(new):
                continue
            if "/Fields" in new and set(new.keys()) <= {"/Fields", "/SigFlags"}:
                continue  # the form, checked below through the catalog
            if new.get("/Subtype") == "/Widget" or new.get("/FT") == "/Sig":
                return pgettext("verify signature", "revision {number} adds a visible "
                                "signature field, drawn over a page").format(number=number)
            return changed
        if not hasattr(old, "get") or not hasattr(new, "get"):
            return changed
        if _plain(ref) == _plain(root_ref):
            if not _same_except(old, new, {"/AcroForm", "/Extensions"}) \
                    or not _only_signature_extensions(old.get("/Extensions"),
                                                      new.get("/Extensions")):
                return changed
        elif old.get("/Type") == "/Page":
            if not _same_except(old, new, {"/Annots"}) or not _grown_by_signatures(
                    old.get("/Annots") or [], new.get("/Annots") or []):
                return changed
        elif form_ref is not None and _plain(ref) == _plain(form_ref):
            if not _same_except(old, new, {"/Fields", "/SigFlags"}) or not \
                    _grown_by_signatures(old.get("/Fields") or [], new.get("/Fields") or []):
                return changed
        else:
            return changed
    return ""


def _only_signature_extensions(old: Any, new: Any) -> bool:
    """The catalog's developer extensions kept, with at most ETSI's (``/ESIC``, which pyHanko
    declares for a PAdES signature) or Adobe's added."""
    old_plain = _plain(old) if old is not None else {}
    new_plain = _plain(new) if new is not None else {}
    if not isinstance(old_plain, dict) or not isinstance(new_plain, dict):
        return False
    return all(new_plain.get(k) == v for k, v in old_plain.items()) and \
        set(new_plain) - set(old_plain) <= {"/ESIC", "/ADBE"}


def _grown_by_signatures(old: Any, new: Any) -> bool:
    """``new`` is ``old`` with invisible signature fields appended, and nothing else."""
    old_refs, new_refs = list(old.raw_get(i) for i in range(len(old))), \
        list(new.raw_get(i) for i in range(len(new)))
    if [_plain(r) for r in new_refs[:len(old_refs)]] != [_plain(r) for r in old_refs]:
        return False
    return all(_is_signature_field(ref.get_object()) for ref in new_refs[len(old_refs):])


# --- signing ------------------------------------------------------------------------------------


def _read_user_file(path: Path | str) -> bytes:
    """A key or certificate file the user named, or a SigningError that names it."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(pgettext("sign error", "{file}: cannot read it: {error}.").format(
            file=path, error=exc.strerror or exc)) from None


def load_key(path: Path | str, passphrase: bytes | None) -> Any:
    """A pyHanko signer from a PKCS#12 file (key and certificate, with its chain)."""
    from pyhanko.sign.signers import SimpleSigner

    raw = _read_user_file(path)
    try:
        signer = SimpleSigner.load_pkcs12_data(raw, other_certs=(), passphrase=passphrase)
    except (ValueError, TypeError):
        signer = None
    if signer is None or signer.signing_cert is None:
        raise SigningError(pgettext(
            "sign error", "{file}: cannot open the key: the passphrase is wrong, or it is not "
            "a PKCS#12 file (.p12, .pfx) with a key and its certificate.").format(file=path))
    return signer


def load_pkcs11(module: str, token_label: str, key_label: str, pin: str | None) -> Any:
    """A pyHanko signer for a key on a PKCS#11 token (smart card, HSM), with the
    certificate stored under the same label. Needs python-pkcs11 (``riskkit[pkcs11]``)."""
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11
    except ImportError:
        raise SigningError(pgettext(
            "sign error", "Signing with a PKCS#11 token needs python-pkcs11: install "
            "riskkit[pkcs11].")) from None
    try:
        session = pkcs11.open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=token_label), user_pin=pin)
        return pkcs11.PKCS11Signer(session, key_label=key_label, cert_label=key_label)
    except Exception as error:  # noqa: BLE001 - every token failure: one sentence
        raise SigningError(pgettext(
            "sign error", "The PKCS#11 token could not be used ({error}).").format(
            error=shown(str(error)) or type(error).__name__)) from None


def next_field_name(data: bytes, role: str) -> str:
    """``riskkit-<role>-<n>``: one new field per signature, n counting this file's fields."""
    reader = _reader(data)
    try:
        count = len(list(reader.embedded_signatures))
    except Exception:  # noqa: BLE001
        count = 0
    return f"riskkit-{role}-{count + 1}"


def sign_bytes(data: bytes, signer: Any, *, role: str, decision: str | None,
               note: str | None = None, timestamp_url: str | None = None) -> bytes:
    """``data`` with one more PAdES signature appended as an incremental update (B-B, or
    B-T with a timestamp from ``timestamp_url``). The caller has verified ``data``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    class _KeepMetadataWriter(IncrementalPdfFileWriter):
        """Keeps the file PDF/A-3b: leaves riskkit's document information and XMP as they
        are (pyHanko's update would break PDF/A-3's rule that both agree, see the module
        docstring), and the file at PDF 1.7. For an ECDSA or EdDSA key pyHanko would declare
        PDF 2.0 and ISO/TS 32002 (a PDF 2.0 extension); PDF/A-3 is built on PDF 1.7
        (ISO 32000-1), and PAdES (ETSI EN 319 142-1) allows ECDSA there as it is."""

        # pyHanko offers no public switch for this: its writer calls _update_meta before
        # every write, which sets the modification date to "now" and rewrites the Info
        # dictionary and XMP (pyhanko/pdf_utils/writer.py, checked on 0.38). So riskkit
        # overrides that one private hook of a pyHanko class; tests/test_sign.py fails
        # if an upgrade stops honouring it (the metadata must read back unchanged).
        def _update_meta(self) -> None:
            return None

        def ensure_output_version(self, version: tuple[int, int]) -> None:
            super().ensure_output_version(min(tuple(version), (1, 7)))

        def register_extension(self, ext: Any) -> None:
            if str(ext.base_version) != "/2.0":
                super().register_extension(ext)

    timestamper = None
    if timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(timestamp_url, timeout=30)
    meta = signers.PdfSignatureMetadata(
        field_name=next_field_name(data, role),
        reason=reason_text(role, decision, note),
        subfilter=fields.SigSeedSubFilter.PADES,  # ETSI.CAdES.detached: PAdES
        md_algorithm="sha256",
    )
    writer = _KeepMetadataWriter(io.BytesIO(data), strict=False)
    out = io.BytesIO()
    try:
        signers.PdfSigner(meta, signer, timestamper=timestamper).sign_pdf(writer, output=out)
    except Exception as error:  # noqa: BLE001 - a TSA down, a token removed: one sentence
        raise SigningError(pgettext("sign error", "The PDF could not be signed: {error}.")
                           .format(error=shown(str(error)) or type(error).__name__)) from None
    return out.getvalue()
