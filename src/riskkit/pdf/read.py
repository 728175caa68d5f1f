"""Reading a PDF back with pypdf: its embedded file, its document information and its text,
each failure a `RiskkitPdfError` with a sentence a person can act on; decompression is
bounded by riskkit.limits. pypdf is imported inside the function that parses.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from riskkit.errors import (
    AttachmentIntegrityError,
    AttachmentMissingError,
    PdfReadError,
    PdfTooLargeError,
    RiskkitPdfError,
)
from riskkit.i18n import pgettext
from riskkit.pdf import ATTACHMENT_NAME, PdfMetadata


@lru_cache(maxsize=2)
def _parsed(data: bytes) -> Any:
    """One pypdf reader for the same bytes, however often they are asked about.

    WeasyPrint puts nearly every object in one object stream, which pypdf parses whole on
    first use: a second or more for a 40-page report. verify and the read-back helpers
    (attachment, metadata, text, structure) ask several questions of the same file; parsing
    it once instead of each time halved the time of ``riskkit verify``. Readers are only
    read from, never changed, so sharing one is safe.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    reader.trailer["/Root"]  # parse the cross-reference table now
    return reader


def open_pdf(pdf_bytes: bytes) -> Any:
    """A pypdf reader, after the checks that tell a cut-short file from a foreign one (for
    riskkit.verify, which looks at the structure itself). Shared by every reader here for the
    same bytes: only read from it."""
    if not isinstance(pdf_bytes, (bytes, bytearray, memoryview)):
        raise PdfReadError("expected the bytes of a PDF")
    data = bytes(pdf_bytes)
    if not data.startswith(b"%PDF-"):
        raise PdfReadError(pgettext("pdf error", "This is not a PDF file."))
    end = eof_offset(data)
    if end is None or b"startxref" not in data[max(0, end - 1024):end]:
        raise PdfReadError(
            pgettext("pdf error", "The PDF is incomplete: it ends before its last line. "
                     "It was probably cut short while being copied or saved.")
        )
    try:
        return _parsed(data)
    except Exception as error:
        raise _damaged(error) from None


_AFTER_EOF = re.compile(rb"(?:[ \t\r\n]*%[^\r\n]*)*[ \t\r\n]*")


def eof_offset(data: bytes) -> int | None:
    """Where the file's last ``%%EOF`` marker starts, when nothing but blank space and
    comment lines (``%...``, which a PDF reader ignores) follows it; None for a file cut
    short. A comment appended after the end is a change (riskkit.verify reports it), not a
    truncation."""
    end = data.rfind(b"%%EOF")
    if end < 0 or not _AFTER_EOF.fullmatch(data, end + 5):
        return None
    return end


def _damaged(error: Exception) -> PdfReadError:
    """pypdf raises many kinds of error on a damaged file; the person needs one sentence."""
    return PdfReadError(
        pgettext("pdf error", "The PDF is damaged and cannot be read ({detail}).").format(
            detail=type(error).__name__
        )
    )


def _name_tree_leaves(node: Any, depth: int = 0) -> Iterator[tuple[str, Any]]:
    if node is None or depth > 32:
        return
    node = node.get_object()
    names = node.get("/Names")
    if names is not None:
        names = names.get_object()
        for i in range(0, len(names) - 1, 2):
            yield str(names[i]), names[i + 1]
    for kid in node.get("/Kids") or []:
        yield from _name_tree_leaves(kid, depth + 1)


def _filespec_name(spec: Any) -> str | None:
    for key in ("/UF", "/F"):
        value = spec.get(key)
        if value is not None:
            return str(value)
    return None


def _find_filespecs(reader: Any, name: str) -> list[Any]:
    """Filespecs called ``name`` in /Names /EmbeddedFiles and /AF, each listed once."""
    root = reader.trailer["/Root"].get_object()
    found: dict[Any, Any] = {}

    def consider(ref: Any) -> None:
        spec = ref.get_object()
        if not hasattr(spec, "get") or _filespec_name(spec) != name:
            return
        key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(spec)
        found.setdefault(key, spec)

    names = root.get("/Names")
    if names is not None:
        for _, ref in _name_tree_leaves(names.get_object().get("/EmbeddedFiles")):
            consider(ref)
    for ref in root.get("/AF") or []:
        consider(ref)
    return list(found.values())


def read_attachment(pdf_bytes: bytes, name: str = ATTACHMENT_NAME) -> bytes:
    """The bytes of the embedded file ``name``, checked against its recorded size and MD5.

    Raises ``PdfReadError`` for something that is not a readable PDF,
    ``AttachmentMissingError`` when no (or more than one) file has that name and
    ``AttachmentIntegrityError`` when the file does not match its checksum.
    """
    from riskkit import limits

    reader = open_pdf(pdf_bytes)
    try:
        specs = _find_filespecs(reader, name)
    except RiskkitPdfError:
        raise
    except Exception as error:
        raise _damaged(error) from None
    if not specs:
        raise AttachmentMissingError(
            pgettext("pdf error", "The PDF carries no {name}: it was not made by riskkit, "
                     "or the file was removed.").format(name=name)
        )
    if len(specs) > 1:
        raise AttachmentMissingError(
            pgettext("pdf error", "The PDF carries {count} files called {name}; riskkit "
                     "cannot tell which one is the assessment.").format(
                         count=len(specs), name=name)
        )
    damaged = AttachmentIntegrityError(
        pgettext("pdf error", "The {name} inside the PDF is damaged or was altered: it "
                 "does not match the checksum written next to it.").format(name=name)
    )
    try:
        stream = specs[0]["/EF"]["/F"].get_object()
        data = _strict_stream_data(stream, limits.ATTACHMENT_BYTES)
        params = stream.get("/Params")
        params = params.get_object() if params is not None else {}
        size = params.get("/Size")
        checksum = params.get("/CheckSum")
    except PdfTooLargeError:
        raise
    except Exception:
        raise damaged from None
    try:  # an altered file can put anything here: a name, an empty string, a dictionary
        if size is not None and int(size) != len(data):
            raise damaged
        if checksum is not None:
            expected = getattr(checksum, "original_bytes", None)
            if expected is None:
                expected = bytes(checksum)
    except (TypeError, ValueError):
        raise damaged from None
    if checksum is not None and expected != hashlib.md5(data, usedforsecurity=False).digest():
        raise damaged
    return data


def _too_large(limit: int) -> PdfTooLargeError:
    return PdfTooLargeError(pgettext(
        "pdf error", "A compressed part of the PDF inflates to more than {limit} MB, which "
        "riskkit's own PDFs never do: it was made to exhaust memory, or it is not a riskkit "
        "PDF.").format(limit=limit // 1_000_000))


def _inflate(raw: bytes, limit: int, *, keep: bool = True) -> tuple[bytes, int]:
    """Flate-decompress ``raw`` with zlib's own checks (Adler-32, a complete stream), a
    megabyte at a time, refusing output beyond ``limit`` bytes; ``keep=False`` only checks
    (memory stays at one chunk however much it inflates). Returns the data (empty when not
    kept) and its size."""
    decompressor = zlib.decompressobj()
    parts: list[bytes] = []
    total = 0
    data = raw
    while True:
        chunk = decompressor.decompress(data, 1 << 20)
        total += len(chunk)
        if total > limit:
            raise _too_large(limit)
        if keep:
            parts.append(chunk)
        data = decompressor.unconsumed_tail
        if not data and not chunk:
            break
        if not data and decompressor.eof:
            break
    tail = decompressor.flush()
    total += len(tail)
    if total > limit:
        raise _too_large(limit)
    if not decompressor.eof:
        raise ValueError("the compressed stream ends early")
    return (b"".join(parts) + tail if keep else b""), total


def _strict_stream_data(stream: Any, limit: int | None = None) -> bytes:
    """The decoded stream, refusing what pypdf would patch up, and no more than ``limit``
    bytes of it (default riskkit.limits.PDF_STREAM_BYTES).

    pypdf decompresses a Flate stream even when its Adler-32 checksum is wrong; for an
    archival record any change to the stored bytes must show, so plain Flate streams (what
    WeasyPrint writes) are decompressed here with zlib's own checks. Other filters are left
    to pypdf, which caps their output itself.
    """
    return _decoded(stream, limit, keep=True)[0]


def _decoded(stream: Any, limit: int | None, *, keep: bool) -> tuple[bytes, int]:
    from riskkit import limits

    limit = limits.PDF_STREAM_BYTES if limit is None else limit
    filters = stream.get("/Filter")
    if filters is not None and not isinstance(filters, str):
        filters = list(filters)
        filters = filters[0] if len(filters) == 1 else filters
    if filters == "/FlateDecode" and stream.get("/DecodeParms") is None:
        # The stored (still compressed) bytes: pypdf has no public accessor for them, and its
        # get_data() would decompress leniently, which is the very thing this check avoids.
        return _inflate(stream._data, limit, keep=keep)
    data = stream.get_data()
    if len(data) > limit:
        raise _too_large(limit)
    return (data if keep else b""), len(data)


def check_stream(stream: Any, budget: list[int]) -> None:
    """Decompress ``stream`` to check it, keeping none of it. ``budget`` (a one-item list)
    is how many bytes all streams of one file may still inflate to, and is reduced.
    Raises PdfTooLargeError past either limit, or the error of a stream that fails its
    checksum."""
    from riskkit import limits

    if budget[0] <= 0:
        raise _too_large(limits.PDF_TOTAL_BYTES)
    limit = min(limits.PDF_STREAM_BYTES, budget[0])
    budget[0] -= _decoded(stream, limit, keep=False)[1]


_PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def _pdfa_claim(reader: Any) -> tuple[int | None, str | None]:
    """``(part, conformance)`` from the XMP metadata's pdfaid fields."""
    root = reader.trailer["/Root"].get_object()
    meta = root.get("/Metadata")
    if meta is None:
        return None, None
    xml = meta.get_object().get_data()
    start, end = xml.find(b"<x:xmpmeta"), xml.rfind(b"</x:xmpmeta>")
    if start < 0 or end < 0:
        return None, None
    tree = ET.fromstring(xml[start : end + len(b"</x:xmpmeta>")])
    part = conformance = None
    for element in tree.iter():
        for key, value in element.attrib.items():
            if key == _PDFAID + "part":
                part = value
            elif key == _PDFAID + "conformance":
                conformance = value
        if element.tag == _PDFAID + "part":
            part = element.text
        elif element.tag == _PDFAID + "conformance":
            conformance = element.text
    return (int(part) if part and part.strip().isdigit() else None), conformance


def read_metadata(pdf_bytes: bytes) -> PdfMetadata:
    """The document information (the PDF/A claim from the XMP); a value the PDF does not
    have is None (keywords: empty)."""
    reader = open_pdf(pdf_bytes)
    try:
        info = reader.metadata or {}
        root = reader.trailer["/Root"].get_object()
        keywords = info.get("/Keywords")
        part, conformance = _pdfa_claim(reader)
        lang = root.get("/Lang")
        return PdfMetadata(
            title=_text(info.get("/Title")),
            author=_text(info.get("/Author")),
            subject=_text(info.get("/Subject")),
            keywords=tuple(k.strip() for k in str(keywords).split(",") if k.strip())
            if keywords else (),
            lang=str(lang) if lang is not None else None,
            created=getattr(reader.metadata, "creation_date", None),
            modified=getattr(reader.metadata, "modification_date", None),
            producer=_text(info.get("/Producer")),
            creator=_text(info.get("/Creator")),
            pdfa_part=part,
            pdfa_conformance=conformance,
        )
    except Exception as error:
        raise _damaged(error) from None


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def read_text(pdf_bytes: bytes, pages: Iterable[int] | None = None) -> str:
    """The text of the PDF, page by page, separated by form feeds: all pages, or those
    numbered in ``pages`` (0-based; negative from the end). pypdf takes about 0.06 s a page.

    A page number the PDF does not have raises IndexError: the caller's mistake, not damage.
    """
    reader = open_pdf(pdf_bytes)
    try:
        count = len(reader.pages)
    except Exception as error:
        raise _damaged(error) from None
    numbers = range(count) if pages is None else [range(count)[i] for i in pages]
    try:
        return "\f".join(reader.pages[i].extract_text() or "" for i in numbers)
    except Exception as error:
        raise _damaged(error) from None

