"""Checks of a PDF's structure that hold whatever riskkit version made it: one revision,
every object where the cross-reference data says, every compressed stream intact.

riskkit verify's third check (docs/report.md says what it proves): a change anywhere in the
file's bytes that the attachment's checksum cannot see, found without rendering.
"""

from __future__ import annotations

from typing import Any

from riskkit.errors import PdfTooLargeError, RiskkitPdfError
from riskkit.i18n import pgettext
from riskkit.pdf.read import check_stream, eof_offset, open_pdf


def structure_problems(data: bytes) -> list[str]:
    """What is wrong with the file's structure, in sentences; empty when it is sound.

    Version-independent: every object where the cross-reference data says, one revision only,
    and every Flate stream intact (zlib checks the Adler-32 sum pypdf would ignore).
    """
    from riskkit import limits

    try:
        reader = open_pdf(data)
    except RiskkitPdfError as exc:
        return [str(exc)]
    problems: list[str] = []
    try:
        pages = _content_pages(reader)
        end = eof_offset(data)
        if end is not None and data[end + 5:].strip():
            problems.append(pgettext(
                "verify", "Text was appended after the end of the file (after %%EOF): the file "
                "was changed after riskkit wrote it."))
        if data.count(b"%%EOF") != 1 or data.count(b"startxref") != 1 \
                or "/Prev" in reader.trailer:
            problems.append(pgettext(
                "verify", "The file was changed after riskkit wrote it: a later revision was "
                "appended to it."))
        offsets = reader.xref.get(0, {})
        for idnum, offset in sorted(offsets.items()):
            header = f"{idnum} 0 obj".encode()
            if data[offset:offset + len(header)] != header:
                problems.append(pgettext(
                    "verify", "Object {id} is not where the file says it is: bytes were "
                    "inserted or removed.").format(id=idnum))
                break
        budget = [limits.PDF_TOTAL_BYTES]  # what all streams together may inflate to
        for idnum in sorted(offsets):
            try:
                obj = reader.get_object(idnum)
                if hasattr(obj, "get_data") and hasattr(obj, "_data"):
                    check_stream(obj, budget)
            except PdfTooLargeError as exc:
                problems.append(str(exc))
                break
            except Exception:  # noqa: BLE001 - any way a stream fails to decode is damage
                where = pages.get(idnum)
                if where is not None:
                    problems.append(pgettext(
                        "verify", "The content of page {page} is damaged or was altered: its "
                        "compressed data fails its checksum.").format(page=where))
                else:
                    problems.append(pgettext(
                        "verify", "Object {id} of the file is damaged or was altered: its "
                        "compressed data fails its checksum.").format(id=idnum))
    except Exception as error:  # noqa: BLE001 - a structure pypdf cannot walk is a finding
        problems.append(pgettext("verify", "The PDF's structure cannot be read ({detail}).")
                        .format(detail=type(error).__name__))
    return problems


def _content_pages(reader: Any) -> dict[int, int]:
    """Object number of each page's content stream -> page number (1-based)."""
    out: dict[int, int] = {}
    for number, page in enumerate(reader.pages, 1):
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        refs = contents if isinstance(contents, list) else [contents]
        for ref in refs:
            if hasattr(ref, "idnum"):
                out[ref.idnum] = number
    return out
