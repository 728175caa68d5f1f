"""`riskkit verify`: a fresh PDF passes; a changed byte, an edited or replaced attachment, a
truncated file or an edited assessment fail with a message; what cannot be checked says so."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader, PdfWriter

from riskkit import document as document_mod
from riskkit import i18n, report, verify
from riskkit.core import answers as answers_mod
from riskkit.core.scoring import score
from riskkit.load import questionnaire
from tests.helpers import call, mini_answers, renders, write_questionnaire


@pytest.fixture(scope="module")
@renders
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("verify")
    qpath = write_questionnaire(root)
    q = questionnaire.load(qpath)
    a = mini_answers(q)
    source = root / "made.yaml"
    source.write_text(answers_mod.dumps(q, a), encoding="utf-8")
    pdf = report.render_answers_file(source, root / "made.pdf", questionnaire_path=qpath)
    return {"root": root, "q": q, "qpath": qpath, "answers": a, "pdf": pdf,
            "data": pdf.read_bytes()}


def write(made, name: str, data: bytes):
    path = made["root"] / name
    path.write_bytes(data)
    return path


def stream_span(data: bytes, idnum: int, reader: PdfReader) -> tuple[int, int]:
    """Where the raw (compressed) bytes of object ``idnum``'s stream are in the file."""
    offset = reader.xref[0][idnum]
    head_end = data.index(b"stream", offset)
    length = int(re.search(rb"/Length (\d+)", data[offset:head_end]).group(1))
    start = head_end + len(b"stream")
    start += 2 if data[start:start + 2] == b"\r\n" else 1
    return start, start + length


def verify_cli(made, path, *extra):
    return call("verify", str(path), "--questionnaire", str(made["qpath"]), *extra)


def test_a_fresh_pdf_is_intact(made):
    code, out, err = verify_cli(made, made["pdf"])
    assert code == 0, err
    assert "intact" in out
    assert "byte for byte" in out
    assert out.count("[ok]") == 5  # file, assessment, structure, result, identical
    assert "FAILED" not in out and "not checked" not in out


def test_one_changed_byte_in_a_page_fails(made):
    data = bytearray(made["data"])
    reader = PdfReader(io.BytesIO(bytes(data)))
    contents = reader.pages[1].raw_get("/Contents")
    start, end = stream_span(bytes(data), contents.idnum, reader)
    data[(start + end) // 2] ^= 0x01
    path = write(made, "one-byte.pdf", bytes(data))
    result = verify.verify_file(path, questionnaire_path=made["qpath"])
    assert result.exit_code() == 1
    assert result.status_of("structure") == verify.FAILED
    assert "page 2" in "\n".join(verify.report_lines(result))


@pytest.mark.parametrize("share", [0.0005, 0.1, 0.3, 0.5, 0.7, 0.9, 0.995])
def test_one_changed_byte_anywhere_fails_with_a_message(made, share):
    """Wherever it is (page contents, fonts, the attachment, metadata, the cross-reference
    data near the end), one changed byte makes the PDF altered or damaged: exit status 1 and
    a check that FAILED. Never 3: that says a check could not be made (another riskkit or
    questionnaire version), which a reader may accept with a reason; a changed byte is
    evidence against the file, and the CISO must not be told less."""
    data = bytearray(made["data"])
    at = int(len(data) * share)
    data[at] = ord("#") if data[at] != ord("#") else ord("%")
    path = write(made, f"byte-{share}.pdf", bytes(data))
    code, out, err = verify_cli(made, path)
    assert code == 1, out + err
    assert "intact" not in out
    assert "[FAILED]" in err, err
    result = verify.verify_file(path, questionnaire_path=made["qpath"])
    assert result.outcome() == verify.ALTERED


def test_an_attachment_edited_in_place_fails(made):
    data = bytearray(made["data"])
    reader = PdfReader(io.BytesIO(bytes(data)))
    spec = reader.trailer["/Root"]["/AF"][0].get_object()
    stream = spec["/EF"].raw_get("/F")
    start, _end = stream_span(bytes(data), stream.idnum, reader)
    data[start + 40] ^= 0x20
    path = write(made, "edited-attachment.pdf", bytes(data))
    code, _out, err = verify_cli(made, path)
    assert code == 1
    assert "assessment.json" in err and "checksum" in err


def _replace_attachment(made, document) -> bytes:
    reader = PdfReader(io.BytesIO(made["data"]))
    writer = PdfWriter(clone_from=reader)
    root = writer._root_object
    del root["/AF"]
    del root["/Names"]
    writer.add_attachment("assessment.json", document_mod.serialise(document))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_replaced_attachment_with_an_edited_result_fails(made):
    document = json.loads(verify_read(made))
    document["result"]["overall_level"] = "low"
    path = write(made, "replaced.pdf", _replace_attachment(made, document))
    code, _out, err = verify_cli(made, path)
    assert code == 1
    assert "FAILED" in err and "result" in err


def test_a_replaced_attachment_scored_consistently_still_fails(made):
    """Someone changes an answer and lets riskkit score it: the numbers agree with the
    answers, but the pages no longer match the assessment."""
    q = made["q"]
    edited = made["answers"].with_answer("security.mfa", "yes")
    with i18n.using("en"):
        document = document_mod.build(q, edited, score(q, edited))
    path = write(made, "rescored.pdf", _replace_attachment(made, document))
    result = verify.verify_file(path, questionnaire_path=made["qpath"])
    assert result.exit_code() == 1
    assert result.status_of("result") == verify.OK
    assert result.status_of("identical") == verify.FAILED or \
        result.status_of("structure") == verify.FAILED


def test_a_truncated_file_fails(made):
    path = write(made, "truncated.pdf", made["data"][: len(made["data"]) // 2])
    code, _out, err = verify_cli(made, path)
    assert code == 1
    assert "incomplete" in err or "cut short" in err


def test_something_appended_fails(made):
    path = write(made, "appended.pdf", made["data"] + b"\n1 0 obj\n<<>>\nendobj\n"
                 b"startxref\n0\n%%EOF\n")
    result = verify.verify_file(path, questionnaire_path=made["qpath"])
    assert result.outcome() == verify.ALTERED


def test_not_a_pdf_and_a_missing_file(made, tmp_path):
    text = tmp_path / "notes.pdf"
    text.write_text("hello")
    code, _out, err = call("verify", str(text), str(tmp_path / "gone.pdf"))
    assert code == 1
    assert "notes.pdf" in err and "gone.pdf" in err


def test_another_questionnaire_version_is_not_fully_verified(made, tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    qpath = write_questionnaire(other)
    qpath.write_text(qpath.read_text(encoding="utf-8").replace("version: 1.0.0",
                                                                 "version: 1.0.1"),
                     encoding="utf-8")
    code, _out, err = call("verify", str(made["pdf"]), "--questionnaire", str(qpath))
    assert code == 3
    assert "--questionnaire" in err and "1.0.0" in err and "1.0.1" in err
    assert "FAILED" not in err


def test_another_riskkit_version_checks_what_it_can(made, monkeypatch):
    monkeypatch.setattr(verify, "__version__", "99.0.0")
    result = verify.verify_file(made["pdf"], questionnaire_path=made["qpath"])
    assert result.status_of("result") == verify.OK
    assert result.status_of("identical") == verify.SKIPPED
    # the pages were not compared, so the PDF is not called intact
    assert result.outcome() == verify.INCOMPLETE and result.exit_code() == 3
    skipped = next(c for c in result.checks if c.name == "identical")
    assert "99.0.0" in skipped.message and report.__version__ in skipped.message


def verify_read(made) -> bytes:
    from riskkit.pdf.read import read_attachment

    return read_attachment(made["data"])


def test_other_templates_or_translations_are_not_called_tampering(made, monkeypatch):
    """A translator's edit to the catalog changes the bytes riskkit makes: the PDF is then
    not compared (and not called intact), but not reported as altered either."""
    monkeypatch.setattr(report, "layout_fingerprint", lambda lang: "0123456789ab")
    result = verify.verify_file(made["pdf"], questionnaire_path=made["qpath"])
    assert result.status_of("identical") == verify.SKIPPED
    assert result.outcome() == verify.INCOMPLETE
    skipped = next(c for c in result.checks if c.name == "identical")
    assert "0123456789ab" in skipped.message


def test_each_pdf_is_rendered_at_most_once(made, monkeypatch):
    """The fifth check is the one render; nothing before it renders (issue 17)."""
    calls = []
    real = report.render_pdf

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "render_pdf", counting)
    [checked] = verify.verify_files([made["pdf"]], questionnaire_path=made["qpath"])
    assert checked.outcome() == verify.INTACT
    assert len(calls) == 1


def test_verify_with_jobs_gives_each_pdf_its_report_in_order(made):
    """--jobs 2: two workers; each PDF's lines in the order given, the altered one failing."""
    altered = bytearray(made["data"])
    altered[len(altered) // 2] ^= 0x01
    bad = write(made, "altered-jobs.pdf", bytes(altered))
    code, out, err = call("verify", str(made["pdf"]), str(bad), "--questionnaire",
                         str(made["qpath"]), "--jobs", "2")
    assert code == 1
    assert out.count("[ok]") == 5 and str(made["pdf"]) in out
    assert str(bad) in err and "FAILED" in err
    code, _out, err = verify_cli(made, made["pdf"], "--jobs", "-1")
    assert code == 2 and "--jobs" in err


def test_jobs_verify_in_worker_processes_with_the_same_report(made, tmp_path):
    """--jobs 2: the same lines, in the order given, and the worst exit status."""
    missing = tmp_path / "missing.pdf"
    args = (str(made["pdf"]), str(missing), "--questionnaire", str(made["qpath"]))
    one = call("verify", *args)
    two = call("verify", *args, "--jobs", "2")
    assert two == one
    assert one[0] == 1 and "intact" in one[1] and str(missing) in one[2]


def test_the_pdf_records_the_ai_act_dates_file_it_was_judged_with(made):
    """A legislative change is an edit of questionnaires/ai-act-dates.yaml (docs/ai-act-dates.md):
    the PDF names the file's version and hash, so a later verify knows which dates judged it."""
    from riskkit.core import aiact_dates

    document = json.loads(verify_read(made))
    dates = aiact_dates.load()
    assert document["ai_act_dates"] == {"version": dates.version, "hash": dates.content_hash}


def test_a_pdf_judged_with_another_dates_file_is_not_called_edited(made):
    """After the dates file changed, the same answers rightly give other application dates
    (AI Act Art. 113 as amended): verify must say which dates file the PDF was judged with
    and not re-score it against today's, rather than report the result as edited."""
    document = json.loads(verify_read(made))
    document["ai_act_dates"] = {"version": "2025-01", "hash": "sha256:" + "0" * 64}
    path = write(made, "old-dates.pdf", _replace_attachment(made, document))
    result = verify.verify_file(path, questionnaire_path=made["qpath"])
    assert result.status_of("result") == verify.SKIPPED
    message = next(c.message for c in result.checks if c.name == "result")
    assert "2025-01" in message and "sha256:000" in message
