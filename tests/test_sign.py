"""`riskkit sign` and the signature part of `riskkit verify` (issue 20).

Keys and certificates are made here (a CA, two people it certifies, one self-signed key),
never checked in. Every test signs a PDF rendered once for this module and reads the result
back the way a person would: `riskkit verify`, pypdf, pyHanko.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from riskkit import report, verify
from riskkit.cli.commands import sign as sign_cmd
from riskkit.cli.env import Environment
from riskkit.cli.main import main
from riskkit.core import answers as answers_mod
from riskkit.load import questionnaire
from riskkit.pdf import signatures
from riskkit.pdf.read import read_metadata
from tests.helpers import mini_answers, renders, write_questionnaire

PASSPHRASE = "correct horse battery staple"


def run(*argv: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err,
                      environ={"LANG": "C", **(environ or {})}, cwd=Path.cwd())
    code = main(list(argv), env)
    return code, out.getvalue(), err.getvalue()


# --- keys made in the test ----------------------------------------------------------------------


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Eksempel kommune")])


def _cert(subject: str, key, issuer_name: x509.Name, issuer_key, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                   data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                   crl_sign=ca, encipher_only=False, decipher_only=False), critical=True))
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    root = tmp_path_factory.mktemp("keys")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Eksempel kommune CA", ca_key, _name("Eksempel kommune CA"), ca_key, ca=True)
    (root / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    other_key = ec.generate_private_key(ec.SECP256R1())
    other = _cert("Another CA", other_key, _name("Another CA"), other_key, ca=True)
    (root / "other-ca.pem").write_bytes(other.public_bytes(serialization.Encoding.PEM))
    out = {"root": root, "ca": root / "ca.pem", "other_ca": root / "other-ca.pem"}
    for who, common in (("assessor", "Ola Nordmann"), ("head", "Kari Nordmann")):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(common, key, ca.subject, ca_key, ca=False)
        path = root / f"{who}.p12"
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            who.encode(), key, cert, [ca],
            serialization.BestAvailableEncryption(PASSPHRASE.encode())))
        out[who] = path
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert("Per Selvsignert", key, _name("Per Selvsignert"), key, ca=False)
    out["self"] = root / "self.p12"
    out["self"].write_bytes(pkcs12.serialize_key_and_certificates(
        b"self", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    passfile = root / "passphrase.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    out["passfile"] = passfile
    return out


@pytest.fixture(scope="module")
@renders
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("sign")
    qpath = write_questionnaire(root)
    q = questionnaire.load(qpath)
    source = root / "made.yaml"
    source.write_text(answers_mod.dumps(q, mini_answers(q)), encoding="utf-8")
    pdf = report.render_answers_file(source, root / "made.pdf", questionnaire_path=qpath)
    return {"root": root, "qpath": qpath, "pdf": pdf, "data": pdf.read_bytes()}


@pytest.fixture(scope="module")
def signed_twice(made, keys):
    """The assessor signs (passphrase from a file), then the head of department (passphrase
    from the environment) with a decision, each through the command line."""
    one = made["root"] / "one.pdf"
    code, _out, err = run("sign", str(made["pdf"]), "--key", str(keys["assessor"]),
                          "--role", "assessor", "--passphrase-file", str(keys["passfile"]),
                          "--output", str(one), "--questionnaire", str(made["qpath"]))
    assert code == 0, err
    two = made["root"] / "two.pdf"
    code, out, err = run("sign", str(one), "--key", str(keys["head"]), "--role", "head",
                         "--decision", "accept_with_measures", "--reason", "M1 before June",
                         "--output", str(two), "--questionnaire", str(made["qpath"]),
                         environ={"RISKKIT_KEY_PASSPHRASE": PASSPHRASE})
    assert code == 0, err
    assert "Signed" in out
    return {"one": one, "two": two, "data": two.read_bytes()}


def verify_cli(made, path, *extra):
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    return run("verify", str(path), "--questionnaire", str(made["qpath"]), *extra)


# --- signing by two roles, verifying both ---------------------------------------------------


def test_two_roles_sign_and_verify_shows_both(made, keys, signed_twice):
    data = signed_twice["data"]
    # the first revision is riskkit's render, byte for byte
    assert data.startswith(made["data"]) and len(data) > len(made["data"])
    code, out, err = verify_cli(made, signed_twice["two"], "--trust", str(keys["ca"]))
    assert code == 0, out + err
    assert "identical, byte for byte" in out  # check 5 ran on the first revision
    lines = [line for line in out.splitlines() if "Signature " in line]
    assert len(lines) == 2
    assert "revision 2 of 3" in lines[0] and "Ola Nordmann" in lines[0]
    assert "as assessor" in lines[0] and "decision: no decision" in lines[0]
    assert "revision 3 of 3" in lines[1] and "Kari Nordmann" in lines[1]
    assert "as head of department" in lines[1]
    assert "once the measures are in place" in lines[1] and "M1 before June" in lines[1]
    assert all("chains to a certificate given with --trust" in line for line in lines)
    assert all("intact" in line for line in lines)
    # the time shown is the signing time, today (the signer's clock: no TSA was configured)
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    assert all(today in line and "not proved" in line for line in lines)


def test_a_certificate_that_does_not_chain_to_trust_is_not_called_verified(made, keys,
                                                                         signed_twice):
    code, out, err = verify_cli(made, signed_twice["two"], "--trust", str(keys["other_ca"]))
    assert code == 3, out + err
    assert err.count("does NOT chain") == 2 and "Eksempel kommune CA" in err
    assert "FAILED" not in err


def test_a_self_signed_certificate_is_said_to_be_self_signed(made, keys, tmp_path):
    signed = signatures.sign_bytes(made["data"], signatures.load_key(keys["self"],
                                                                     PASSPHRASE.encode()),
                                   role="ciso", decision=None)
    path = tmp_path / "self.pdf"
    path.write_bytes(signed)
    code, out, err = verify_cli(made, path)
    assert code == 0, out + err
    line = next(line for line in out.splitlines() if "Signature 1" in line)
    assert "Per Selvsignert" in line and "CISO" in line and "self-signed" in line


# --- changes after signing -------------------------------------------------------------------


def test_a_flipped_byte_in_a_signed_revision_is_caught(made, signed_twice, tmp_path):
    data = bytearray(signed_twice["data"])
    at = data.index(b"M1 before June")  # the head's reason, inside the signed bytes
    data[at] = ord("N")
    path = tmp_path / "flipped.pdf"
    path.write_bytes(bytes(data))
    code, _out, err = verify_cli(made, path)
    assert code == 1
    broken = [line for line in err.splitlines() if "BROKEN" in line]
    assert len(broken) == 1 and "Signature 2" in broken[0]
    assert "the bytes it signed were changed" in broken[0]


def test_a_flipped_byte_in_riskkit_s_revision_is_caught(made, signed_twice, tmp_path):
    data = bytearray(signed_twice["data"])
    data[len(made["data"]) // 2] ^= 0x01
    path = tmp_path / "flipped-first.pdf"
    path.write_bytes(bytes(data))
    result = verify.verify_file(path, questionnaire_path=made["qpath"])
    assert result.outcome() == verify.ALTERED
    assert [c.status for c in result.checks if c.name == "signature"] == [verify.FAILED] * 2


def _update_after(data: bytes) -> bytes:
    """What a PDF editor does: an incremental save that changes the document's language."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    writer.root["/Lang"] = generic.pdf_string("sv")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_change_after_the_last_signature_is_reported_as_such(made, signed_twice, tmp_path):
    path = tmp_path / "changed-after.pdf"
    path.write_bytes(_update_after(signed_twice["data"]))
    code, _out, err = verify_cli(made, path)
    assert code == 1
    assert "CHANGED AFTER THE LAST SIGNATURE" in err and "Kari Nordmann" in err
    assert "revision 4 changes object" in err
    # the signatures themselves are still intact: they say what they covered
    assert err.count(": intact.") == 2


def test_a_change_between_signatures_is_caught(made, keys, signed_twice, tmp_path):
    edited = _update_after(signed_twice["one"].read_bytes())
    resigned = signatures.sign_bytes(edited, signatures.load_key(keys["head"],
                                                                 PASSPHRASE.encode()),
                                     role="head", decision="do_not_use")
    result = verify.verify_bytes(resigned, questionnaire_path=made["qpath"], rerender=False)
    assert result.outcome() == verify.ALTERED
    failed = [c.message for c in result.checks if c.status == verify.FAILED]
    assert any("besides being signed" in m and "revision 3" in m for m in failed), failed


def test_a_later_revision_that_is_no_signature_is_refused_as_before(made, tmp_path):
    path = tmp_path / "edited.pdf"
    path.write_bytes(_update_after(made["data"]))
    result = verify.verify_file(path, questionnaire_path=made["qpath"], rerender=False)
    assert result.status_of("structure") == verify.FAILED
    assert "later revision was appended" in "\n".join(verify.report_lines(result))


# --- what sign refuses -----------------------------------------------------------------------


def test_an_altered_pdf_is_not_signed(made, keys, tmp_path):
    data = bytearray(made["data"])
    data[len(data) // 3] ^= 0x01
    path = tmp_path / "altered.pdf"
    path.write_bytes(bytes(data))
    out_path = tmp_path / "altered-signed.pdf"
    code, _out, err = run("sign", str(path), "--key", str(keys["assessor"]), "--role",
                          "assessor", "--passphrase-file", str(keys["passfile"]), "--output",
                          str(out_path), "--questionnaire", str(made["qpath"]))
    assert code != 0
    assert "riskkit does not sign it" in err and "altered.pdf" in err
    assert not out_path.exists() and path.read_bytes() == bytes(data)


def test_a_wrong_passphrase_is_a_clear_error(made, keys, tmp_path):
    target = tmp_path / "x.pdf"
    shutil.copy(made["pdf"], target)
    code, _out, err = run("sign", str(target), "--key", str(keys["assessor"]), "--role",
                          "assessor", environ={"RISKKIT_KEY_PASSPHRASE": "wrong"})
    assert code != 0
    assert "assessor.p12" in err and "passphrase is wrong" in err
    assert "Traceback" not in err
    assert target.read_bytes() == made["data"]


def test_the_passphrase_cannot_be_given_on_the_command_line(made, keys, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["sign", str(made["pdf"]), "--key", str(keys["assessor"]), "--role", "assessor",
              "--passphrase", PASSPHRASE])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--passphrase-file" in err and PASSPHRASE not in err


def test_the_head_of_department_must_sign_a_decision(made, keys):
    code, _out, err = run("sign", str(made["pdf"]), "--key", str(keys["head"]), "--role",
                          "head", "--passphrase-file", str(keys["passfile"]))
    assert code != 0 and "--decision" in err


@pytest.mark.parametrize("decision,refused", [("accept", True), ("accept_with_measures", True),
                                              ("do_not_use", False), (None, False)])
def test_a_prohibited_practice_cannot_be_signed_into_use(decision, refused):
    """AI Act Art. 5(1) prohibits placing on the market, putting into service and use of
    the listed practices (since 2 Feb 2025, Art. 113(a)): no measure makes such a system
    usable, so neither 'accept' nor 'accept with measures' may be signed; 'do not use' may."""
    document = {"result": {"verdicts": {"ai_act": {"status": "prohibited"}}}}
    assert (sign_cmd.refusal(document, decision) is not None) is refused
    high_risk = {"result": {"verdicts": {"ai_act": {"status": "high_risk"}}}}
    assert sign_cmd.refusal(high_risk, decision) is None


@pytest.mark.render
def test_sign_accept_refused_for_a_prohibited_example(keys, tmp_path):
    """The shipped example of emotion recognition at a call centre (AI Act Art. 5(1)(f))."""
    from riskkit.resources import data_dir

    source = tmp_path / "emotion.yaml"
    shutil.copy(data_dir("examples") / "da-call-centre-emotion-analytics.yaml", source)
    pdf = report.render_answers_file(source, tmp_path / "emotion.pdf")
    code, _out, err = run("sign", str(pdf), "--key", str(keys["head"]), "--role", "head",
                          "--decision", "accept", "--passphrase-file", str(keys["passfile"]))
    assert code != 0
    assert "Art. 5" in err and "do_not_use" in err
    assert pdf.read_bytes().count(b"startxref") == 1  # nothing was added


# --- PDF/A-3b after signing, object by object -------------------------------------------------

_ANNOT_HIDING_FLAGS = 1 | 2 | 32 | 256  # Invisible, Hidden, NoView, ToggleNoView
_FORBIDDEN_KEYS = {"/JS", "/JavaScript", "/AA", "/OpenAction", "/Encrypt", "/NeedAppearances",
                   "/F", "/FFilter", "/FDecodeParms", "/Perms", "/UR3", "/XFA"}


def test_the_signed_pdf_is_still_pdf_a_3b(made, signed_twice):
    """ISO 19005-3 (PDF/A-3) allows incremental updates and signatures; what each object
    the signatures added may and may not contain is checked here: 6.1.3 (trailer ID kept,
    no /Encrypt), 6.1.7 (no external streams: /F, /FFilter, /FDecodeParms; Flate only),
    6.3.2 (annotations have F with Print set and none of the hiding flags), 6.3.3 (no
    appearance needed for a zero-size annotation, else only /N), 6.4.1 (no /AA, no
    JavaScript, no /NeedAppearances), 6.4.3 (PAdES signatures: ETSI.CAdES.detached,
    ByteRange covering its whole revision), 6.6.2.1/6.6.2.3 (the XMP with the pdfaid claim
    is the one riskkit wrote, and the document information still agrees with it)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = signed_twice["data"]
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    first = reader.get_historical_resolver(0)
    assert reader.xrefs.total_revisions == 3
    # the catalog's metadata and the trailer's /Info and /ID[0] are riskkit's
    root0 = first.get_object(first.trailer_view.raw_get("/Root").reference)
    root = reader.root
    assert root.raw_get("/Metadata").idnum == root0.raw_get("/Metadata").idnum
    assert reader.trailer.raw_get("/Info").idnum == first.trailer_view.raw_get("/Info").idnum
    assert reader.trailer["/ID"][0] == first.trailer_view["/ID"][0]
    assert "/Encrypt" not in reader.trailer
    meta, meta0 = read_metadata(data), read_metadata(made["data"])
    assert (meta.pdfa_part, meta.pdfa_conformance) == (3, "B")
    assert meta == meta0  # title, author, producer, dates: unchanged, so XMP and Info agree
    added = 0
    for revision in (1, 2):
        for ref in reader.xrefs.explicit_refs_in_revision(revision):
            obj = reader.get_historical_resolver(revision).get_object(ref)
            added += 1
            if not hasattr(obj, "keys"):
                continue
            keys = set(obj.keys())
            kind = obj.get("/Type")
            if kind == "/XRef":
                assert obj.get("/Filter") in (None, "/FlateDecode")
                continue
            forbidden = _FORBIDDEN_KEYS - ({"/F"} if obj.get("/Subtype") == "/Widget" else set())
            assert not keys & forbidden, (ref.idnum, keys & forbidden)
            if hasattr(obj, "data"):  # a stream
                assert obj.get("/Filter") in (None, "/FlateDecode"), ref.idnum
            if obj.get("/Subtype") == "/Widget":
                flags = int(obj["/F"])
                assert flags & 4 and not flags & _ANNOT_HIDING_FLAGS, flags
                rect = [float(v) for v in obj["/Rect"]]
                if rect[0] != rect[2] or rect[1] != rect[3]:
                    assert set(obj["/AP"].keys()) == {"/N"}
                assert obj["/FT"] == "/Sig"
            if kind == "/Sig":
                assert obj["/SubFilter"] == "/ETSI.CAdES.detached"
                assert "/Cert" not in keys  # PAdES: the certificate is in the CMS
                start, first_len, second_start, second_len = (int(v) for v in obj["/ByteRange"])
                end = second_start + second_len
                assert start == 0 and data[end - 6:end].strip().endswith(b"%%EOF")
            if kind == "/Catalog":
                assert obj.get("/Version") in (None, "/1.7")  # PDF/A-3 is PDF 1.7
                extensions = obj.get("/Extensions") or {}
                assert set(extensions.keys()) <= {"/ESIC"}, extensions
                form = obj.get("/AcroForm")
                assert form is None or "/NeedAppearances" not in form.get_object()
    assert added >= 8  # two revisions: field, value, form or catalog, page, xref each


# --- a timestamp (PAdES B-T) -----------------------------------------------------------------


def test_a_timestamp_authority_gives_the_time(made, keys, tmp_path, monkeypatch):
    """With a TSA configured, the signature carries an RFC 3161 timestamp and verify takes
    the time from it. The TSA is pyHanko's local test one (no network here)."""
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder_data
    from pyhanko.sign import timestamps
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # dummy: RSA
    now = dt.datetime.now(dt.UTC)
    tsa_cert = (x509.CertificateBuilder().subject_name(_name("Test TSA"))
                .issuer_name(_name("Test TSA")).public_key(tsa_key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=30))
                .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.TIME_STAMPING]),
                               critical=True)
                .sign(tsa_key, hashes.SHA256()))
    cert_path = tmp_path / "tsa.pem"
    cert_path.write_bytes(tsa_cert.public_bytes(serialization.Encoding.PEM))
    key_der = tsa_key.private_bytes(serialization.Encoding.DER,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    dummy = DummyTimeStamper(tsa_cert=load_cert_from_pemder(str(cert_path)),
                             tsa_key=load_private_key_from_pemder_data(key_der, None))
    asked = []
    monkeypatch.setattr(timestamps, "HTTPTimeStamper",
                        lambda url, **kw: asked.append(url) or dummy)
    signed = signatures.sign_bytes(made["data"], signatures.load_key(keys["assessor"],
                                                                     PASSPHRASE.encode()),
                                   role="assessor", decision=None,
                                   timestamp_url="http://tsa.example/")
    assert asked == ["http://tsa.example/"]
    result = verify.verify_bytes(signed, questionnaire_path=made["qpath"], rerender=False)
    line = next(c.message for c in result.checks if c.name == "signature")
    assert "time from a timestamp authority" in line, line


# --- the passphrase prompt, in a terminal -------------------------------------------------------


@pytest.mark.e2e
def test_the_passphrase_is_asked_for_in_a_terminal(made, keys, tmp_path):
    target = tmp_path / "prompted.pdf"
    environ = {k: v for k, v in os.environ.items() if k != "RISKKIT_KEY_PASSPHRASE"}
    child = pexpect.spawn(sys.executable, ["-m", "riskkit", "sign", str(made["pdf"]), "--key",
                                           str(keys["assessor"]), "--role", "assessor",
                                           "--output", str(target), "--questionnaire",
                                           str(made["qpath"])],
                          env={**environ, "LANG": "C"}, encoding="utf-8", timeout=180)
    child.expect("Passphrase for .*assessor.p12: ")
    child.sendline(PASSPHRASE)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert PASSPHRASE not in child.before  # not echoed
    assert "Signed" in child.before and target.read_bytes().startswith(made["data"])


# --- the register --------------------------------------------------------------------------------


def test_register_add_of_a_signed_copy_records_its_signatures(made, keys, signed_twice,
                                                              tmp_path):
    """The assessment is registered from riskkit's PDF; adding a signed copy adds its
    signatures to that assessment (its first revision's SHA-256 is the registered PDF's),
    with who, role, decision, when and validity; show, list and unsigned display them."""
    import hashlib
    import json

    db = str(tmp_path / "register.sqlite")
    q = str(made["qpath"])
    code, _out, err = run("register", "add", str(made["pdf"]), "--db", db, "--questionnaire", q)
    assert code == 0, err
    code, out, _err = run("register", "unsigned", "--role", "head", "--db", db)
    assert code == 0 and "RA-2026-0042" in out
    code, out, err = run("register", "add", str(signed_twice["two"]), "--db", db,
                         "--questionnaire", q, "--trust", str(keys["ca"]))
    assert code == 0, err
    assert "2 signature(s) added to RA-2026-0042" in out
    code, out, _err = run("register", "show", "RA-2026-0042", "--db", db, "--json")
    shown = json.loads(out)
    assert shown["versions"] == 1  # the same assessment, not a second version
    assert shown["pdf_sha256"] == hashlib.sha256(made["data"]).hexdigest()
    sigs = shown["signatures"]
    assert [(s["revision"], s["signer"], s["role"], s["decision"], s["validity"])
            for s in sigs] == [(2, "Ola Nordmann", "assessor", "", "trusted"),
                               (3, "Kari Nordmann", "head", "accept_with_measures", "trusted")]
    assert all(s["signed_at"].startswith(dt.date.today().isoformat()[:4]) for s in sigs)
    assert sigs[0]["signed_pdf_sha256"] == hashlib.sha256(signed_twice["data"]).hexdigest()
    code, out, _err = run("register", "show", "RA-2026-0042", "--db", db)
    assert "Kari Nordmann as head of department" in out and "certificate trusted" in out
    code, out, _err = run("register", "list", "--db", db)
    assert "assessor, head of department" in out
    code, out, _err = run("register", "unsigned", "--role", "head", "--db", db)
    assert "Every assessment has a signature" in out
    code, out, _err = run("register", "unsigned", "--role", "dpo", "--db", db)
    assert "RA-2026-0042" in out
    # the same signed copy again adds nothing twice
    code, out, _err = run("register", "add", str(signed_twice["two"]), "--db", db,
                          "--questionnaire", q)
    assert code == 0 and "signature(s) added" not in out and "already in the register" in out
    code, out, _err = run("register", "audit", "--db", db, "--json")
    signed = [r for r in json.loads(out) if r["action"] == "sign"]
    assert [r["detail"] for r in signed] == ["assessor Ola Nordmann trusted",
                                             "head Kari Nordmann trusted"]


def test_register_refuses_a_copy_changed_after_signing(made, signed_twice, tmp_path):
    db = str(tmp_path / "register.sqlite")
    path = tmp_path / "changed.pdf"
    path.write_bytes(_update_after(signed_twice["data"]))
    code, _out, err = run("register", "add", str(path), "--db", db, "--questionnaire",
                          str(made["qpath"]))
    assert code == 1 and "CHANGED AFTER THE LAST SIGNATURE" in err
