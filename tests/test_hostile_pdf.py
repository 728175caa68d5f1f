"""Hostile PDFs (review hostile-input-2026-12): decompression bombs refused in seconds with
bounded memory, a comment after %%EOF is not a cut-short file, verify says which riskkit made
a PDF and which checks it could run."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from riskkit import verify
from riskkit.errors import PdfReadError
from riskkit.pdf import read as pdf_read
from riskkit.pdf.structure import structure_problems


def _bomb(size: int) -> bytes:
    """``size`` zero bytes, Flate-compressed a chunk at a time (about 1 KB per MB)."""
    compressor = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + compressor.flush()


def minimal_pdf(attachment: bytes, extra_stream: bytes | None = None) -> bytes:
    """A one-page PDF carrying ``attachment`` (already Flate-compressed) as assessment.json,
    and optionally another Flate stream object: laid out by hand, offsets exact."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Names [(assessment.json) 5 0 R] >>",
        b"<< /Type /Filespec /F (assessment.json) /UF (assessment.json) /EF << /F 6 0 R >> >>",
        b"<< /Type /EmbeddedFile /Filter /FlateDecode /Length %d >>\nstream\n" % len(attachment)
        + attachment + b"\nendstream",
    ]
    if extra_stream is not None:
        objects.append(b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(extra_stream)
                       + extra_stream + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture(scope="module")
def gigabyte_bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.pdf"
    path.write_bytes(minimal_pdf(_bomb(1 << 30)))
    return path


def _in_child(code: str, *args: str) -> tuple[str, float, int]:
    """Run ``code`` in a fresh Python; return its output, seconds and peak memory (MB).

    The peak is the child's own VmHWM: getrusage's ru_maxrss would also count the parent's
    resident memory at the fork (Linux carries it over exec), i.e. the test worker's."""
    script = ("import sys, time\nstart = time.monotonic()\n" + code
              + "\nhwm = [int(line.split()[1]) for line in open('/proc/self/status')"
                " if line.startswith('VmHWM:')][0]"
                "\nprint('#', time.monotonic() - start, hwm // 1024)")
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    _, seconds, peak = lines[-1].split()
    return "\n".join(lines[:-1]), float(seconds), int(peak)


def test_a_gigabyte_attachment_bomb_is_refused_in_seconds_with_little_memory(gigabyte_bomb):
    """The review: a 1.3 MB PDF whose attachment inflates to 1 GB took 2.1 GB in verify,
    extract and register add."""
    assert gigabyte_bomb.stat().st_size < 2_000_000
    out, seconds, peak = _in_child(
        "from riskkit import verify\n"
        "v = verify.verify_file(sys.argv[1], rerender=False)\n"
        "print(v.outcome(), v.checks[0].message)", str(gigabyte_bomb))
    assert out.startswith("altered") and "inflates to more than 16 MB" in out
    assert seconds < 10 and peak < 300


def test_extract_refuses_the_bomb_too(gigabyte_bomb, tmp_path):
    out, seconds, peak = _in_child(
        "from riskkit.cli.main import main\n"
        "print(main(['extract', sys.argv[1], '--output', sys.argv[2]]))",
        str(gigabyte_bomb), str(tmp_path / "x.yaml"))
    assert out.strip().endswith("1") and seconds < 10 and peak < 300


def test_the_structure_check_caps_what_streams_inflate_to(tmp_path):
    """Every stream is inflated to check its checksum; a bomb among them stops the check
    with a finding instead of eating memory."""
    data = minimal_pdf(zlib.compress(b"{}"), extra_stream=_bomb(300 << 20))
    path = tmp_path / "s.pdf"
    path.write_bytes(data)
    out, seconds, peak = _in_child(
        "from riskkit.pdf.structure import structure_problems\n"
        "print(structure_problems(open(sys.argv[1], 'rb').read()))", str(path))
    assert "inflates to more than 64 MB" in out
    assert seconds < 10 and peak < 300


def test_a_comment_after_eof_is_not_a_cut_short_file():
    data = minimal_pdf(zlib.compress(b"{}"))
    assert pdf_read.read_attachment(data) == b"{}"
    commented = data + b"% a note someone appended\n"
    assert pdf_read.read_attachment(commented) == b"{}"  # readable: not "cut short"
    problems = structure_problems(commented)
    assert any("appended after the end of the file" in p for p in problems)
    assert not any("incomplete" in p for p in problems)
    with pytest.raises(PdfReadError, match="incomplete"):
        pdf_read.read_attachment(data[:-20])


def test_verify_says_which_version_made_the_pdf_and_which_checks_ran():
    """A PDF made by another riskkit version: verify names it and the checks it could run
    (the byte comparison needs the version that made it)."""
    from riskkit import __version__

    found = verify.Verification("old.pdf", document={"riskkit": "0.0.1"})
    found.add("file", verify.OK, "ok")
    found.add("assessment", verify.OK, "ok")
    found.add("structure", verify.OK, "ok")
    found.add("result", verify.OK, "ok")
    found.add("identical", verify.SKIPPED, "other version")
    lines = list(verify.report_lines(found))
    assert lines[-1] == (
        f"  Made with riskkit 0.0.1; this is riskkit {__version__}. Checks run here: file and "
        "attachment, assessment, structure, result scored again; not run: byte comparison. "
        "Rendering again to the same bytes needs riskkit 0.0.1.")
    same = verify.Verification("new.pdf", document={"riskkit": __version__})
    assert not any("Made with" in line for line in verify.report_lines(same))


def test_csv_cells_are_neutralised_after_each_separator():
    from riskkit.report import risk_csv_text

    text = risk_csv_text("", [{"system": "Chatbot;=1+1", "title": "a\t@SUM(A1)"}])
    assert "Chatbot;'=1+1" in text and "'@SUM" in text
    for line in text.splitlines()[1:]:
        for separator in (";", ",", "\t"):
            assert not any(part.strip().startswith(("=", "+", "-", "@"))
                           for part in line.split(separator))

