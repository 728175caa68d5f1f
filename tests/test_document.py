"""assessment.json has one reader (riskkit.document) used by extract, diff, verify, register
and `assess --from`: the same checks and the same messages everywhere. PDFs here are made
with pypdf (no WeasyPrint render), which is all the reader looks at."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfWriter

from riskkit import document
from riskkit.cli.commands import diff as diff_command
from riskkit.errors import AssessmentFormatError, RiskkitError

VALID = {"format": "riskkit-assessment", "format_version": 1, "riskkit": "0.1.0",
         "questionnaire": {"id": "q", "version": "1", "hash": "abc"},
         "answers": {"answers": {"q1": "yes"}, "meta": {"system": "Chatbot"}},
         "result": {"overall_level": "low"}}


def pdf_with(attachment: bytes | None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if attachment is not None:
        writer.add_attachment("assessment.json", attachment)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_serialise_then_parse_gives_the_document_back():
    data = document.serialise(VALID)
    assert data.endswith(b"\n") and data == document.serialise(json.loads(data))  # stable
    assert document.parse(data) == VALID


@pytest.mark.parametrize(("content", "says"), [
    (b"\xff not utf-8", "not valid JSON"),
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "not a riskkit assessment"),
    (json.dumps({**VALID, "format": "other"}).encode(), "not a riskkit assessment"),
    (json.dumps({**VALID, "format_version": 2}).encode(), "format version 2"),
    (json.dumps({k: v for k, v in VALID.items() if k != "result"}).encode(), "lacks result"),
])
def test_parse_says_what_the_attachment_is_not(content, says):
    with pytest.raises(AssessmentFormatError, match=says):
        document.parse(content)


def test_from_pdf_names_the_file(tmp_path: Path):
    missing = tmp_path / "missing.pdf"
    with pytest.raises(RiskkitError, match="missing.pdf: file not found"):
        document.from_pdf(missing)
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(pdf_with(None))
    with pytest.raises(RiskkitError, match=r"foreign\.pdf: The PDF carries no assessment\.json"):
        document.from_pdf(foreign)
    other = tmp_path / "other.pdf"
    other.write_bytes(pdf_with(b'{"format": "something else"}'))
    with pytest.raises(RiskkitError, match=r"other\.pdf: assessment\.json is not a riskkit"):
        document.from_pdf(other)
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf_with(document.serialise(VALID)))
    assert document.from_pdf(good) == VALID


def test_diff_and_extract_read_through_the_one_reader(tmp_path: Path):
    """Before, `diff` accepted a document of any format version and one without a result;
    now it refuses them as verify does."""
    newer = tmp_path / "newer.pdf"
    newer.write_bytes(pdf_with(json.dumps({**VALID, "format_version": 2}).encode()))
    with pytest.raises(RiskkitError, match="format version 2"):
        diff_command.load(newer)
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf_with(document.serialise(VALID)))
    assert diff_command.load(good) == VALID
    text = document.answers_file_text(document.from_pdf(good))
    assert text.startswith("# riskkit answers file, extracted from an archived PDF.")
    assert "q1: 'yes'" in text or 'q1: "yes"' in text or "q1: yes" in text
