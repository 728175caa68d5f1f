"""The low-level PDF layer: HTML in, archival PDF/A-3b out (`write`), and the way back in
(`read`); `signatures` signs a finished PDF and reads its signatures.

`riskkit.pdf.write.Renderer.render` turns finished HTML (the templates already escaped the
answers) into PDF/A-3b bytes that carry ``assessment.json`` as an associated file, with the
document information of one `PdfMetadata`. `riskkit.pdf.read` reads such a PDF back with
pypdf: ``read_attachment``, ``read_metadata`` (a `PdfMetadata` again) and ``read_text``.
What is *in* assessment.json is riskkit.document's business, not this package's.

Three promises, each tested in tests/test_pdf.py:

* Nothing outside riskkit's own folders is read. Every URL WeasyPrint wants (images,
  stylesheets, fonts, attachments, ``<object>``) goes through one ``SafeURLFetcher`` that
  allows ``data:`` URLs and ``file:`` URLs inside the allowed folders (after resolving
  symlinks and ``..``) and refuses everything else without opening it: no network, no
  ``file:///etc/...``.
* The same inputs give the same bytes, in any process on any machine with the same
  WeasyPrint: the fonts ship in templates/fonts (no system font is picked), every date
  comes from ``created`` (never the clock), the attachment dates are given, WeasyPrint's
  trailer ID is an MD5 of the objects, its XMP for PDF/A-3 has no random UUID, and fonts
  are subset by HarfBuzz (with the fontTools fallback, SOURCE_DATE_EPOCH is pinned).
* A PDF that is not ours, is cut short or whose attachment was altered raises a
  ``RiskkitPdfError`` (riskkit.errors) with a sentence a person can act on, never a pypdf
  traceback.

WeasyPrint takes half a second to import and pypdf a tenth: both are imported inside the
functions that need them, never at the top of a module here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

PDF_VARIANT = "pdf/a-3b"
ATTACHMENT_NAME = "assessment.json"
ATTACHMENT_RELATIONSHIP = "Data"


@dataclass(frozen=True)
class PdfMetadata:
    """The document information of a PDF: what `write.Renderer.render` writes and
    `read.read_metadata` reads back.

    ``created`` and ``modified`` carry a time zone; ``modified`` defaults to ``created`` when
    writing. ``producer`` and the PDF/A claim (``pdfa_part``, ``pdfa_conformance``, from the
    XMP) are written by WeasyPrint itself and only ever read.
    """

    title: str | None = None
    lang: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: tuple[str, ...] = ()
    created: datetime | None = None
    modified: datetime | None = None
    creator: str | None = None
    producer: str | None = None
    pdfa_part: int | None = None
    pdfa_conformance: str | None = None
