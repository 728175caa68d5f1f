"""The low-level PDF layer: HTML in, archival PDF/A-3b out, and the way back in.

``Renderer.render`` turns finished HTML (the templates already escaped the answers) into
PDF/A-3b bytes that carry ``assessment.json`` as an associated file. ``read_attachment``,
``read_metadata`` and ``extract_text`` read such a PDF back with pypdf.

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
  ``RiskkitPdfError`` with a sentence a person can act on, never a pypdf traceback.

WeasyPrint takes half a second to import, so it is imported inside the functions that
render, never at the top of this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import mimetypes
import os
import re
import tempfile
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from riskkit.errors import RiskkitError
from riskkit.i18n import pgettext

if TYPE_CHECKING:  # pragma: no cover
    from weasyprint import CSS

__all__ = [
    "ATTACHMENT_NAME",
    "AttachmentIntegrityError",
    "AttachmentMissingError",
    "FONTS_CSS",
    "PDF_VARIANT",
    "PdfReadError",
    "PdfRenderError",
    "Renderer",
    "ResourceRefusedError",
    "RiskkitPdfError",
    "extract_text",
    "make_url_fetcher",
    "read_attachment",
    "read_metadata",
    "templates_dir",
]

log = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-3b"
ATTACHMENT_NAME = "assessment.json"
ATTACHMENT_RELATIONSHIP = "Data"
ATTACHMENT_MIME = "application/json"
_MAX_RECORDED_URL = 300


# --- errors -------------------------------------------------------------------------------


class RiskkitPdfError(RiskkitError):
    """Something about a riskkit PDF went wrong; the message says what, for a person."""


class PdfRenderError(RiskkitPdfError):
    """The PDF could not be rendered (bad arguments, a stylesheet outside the templates)."""


class ResourceRefusedError(PdfRenderError):
    """A strict renderer met a URL it may not fetch, and stopped instead of skipping it."""

    def __init__(self, message: str, url: str):
        super().__init__(message)
        self.url = url


class PdfReadError(RiskkitPdfError):
    """The bytes are not a readable PDF: not a PDF at all, cut short, or damaged."""


class AttachmentMissingError(PdfReadError):
    """The PDF reads, but it carries no ``assessment.json`` (it was not made by riskkit)."""


class AttachmentIntegrityError(PdfReadError):
    """The embedded file does not match the size and MD5 checksum recorded next to it."""


# --- where things are ---------------------------------------------------------------------


def templates_dir() -> Path:
    """riskkit's templates folder: the only place a PDF may read files from by default."""
    from riskkit.resources import data_dir

    return data_dir("templates")


def _fonts_dir() -> Path:
    return templates_dir() / "fonts"


#: The stylesheet with the @font-face rules of the shipped fonts ("Riskkit Sans"). The
#: Renderer puts it first, so templates can use the family or override it.
FONTS_CSS = Path("fonts") / "fonts.css"  # relative to templates_dir()


# --- environment --------------------------------------------------------------------------


def _writable_dir(path: str) -> bool:
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return False
    if not os.access(path, os.W_OK | os.X_OK):
        return False
    sub = os.path.join(path, "fontconfig")
    return not os.path.exists(sub) or os.access(sub, os.W_OK | os.X_OK)


@cache
def _prepare_environment() -> None:
    """Give fontconfig a writable cache folder before WeasyPrint loads it.

    Fontconfig caches under ``$XDG_CACHE_HOME`` or ``~/.cache``; when neither is writable
    (a locked-down service account, a read-only HOME in CI) it warns on every run. Then we
    point ``XDG_CACHE_HOME`` at a private temporary folder. Must run before the first
    ``import weasyprint``: fontconfig is initialised at import time.
    """
    cache_home = os.environ.get("XDG_CACHE_HOME")
    if not cache_home:
        home = os.environ.get("HOME") or os.path.expanduser("~")
        cache_home = os.path.join(home, ".cache") if home and home != "~" else ""
    if cache_home and _writable_dir(cache_home):
        return
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="riskkit-fontconfig-")


# --- the URL fetcher ----------------------------------------------------------------------


def _short(url: str) -> str:
    return url if len(url) <= _MAX_RECORDED_URL else url[:_MAX_RECORDED_URL] + "…"


def _resolve_allowed(url: str, roots: Sequence[Path]) -> Path | None:
    """The real path a ``file:`` URL names, if that is a regular file inside ``roots``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() != "file" or parts.netloc.lower() not in ("", "localhost"):
        return None  # file://host/... would make urllib try FTP
    try:
        path = url2pathname(parts.path)  # also undoes %-encoding
        if not os.path.isabs(path) or "\x00" in path:
            return None
        real = Path(os.path.realpath(path))
    except (ValueError, OSError):
        return None
    if not any(real.is_relative_to(root) for root in roots):
        return None
    if not real.is_file():
        return None
    return real


@cache
def _fetcher_class() -> type:
    """Build the fetcher class on first use, so this module does not import WeasyPrint."""
    _prepare_environment()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        """WeasyPrint's fetcher, allowed only ``data:`` and files inside ``allowed_dirs``.

        Refused URLs are recorded in ``refused`` (in order, duplicates kept) and never
        opened. By default a refusal is an ordinary fetch error: WeasyPrint logs it and
        renders without the resource. With ``strict=True`` it raises
        ``FatalURLFetchingError``, which stops the render.
        """

        def __init__(self, allowed_dirs: Iterable[os.PathLike | str], *, strict: bool = False):
            # The parent is only ever asked for data: URLs (see fetch); the protocol list
            # and the absent redirects are a second lock on the same door.
            super().__init__(
                timeout=1,
                allowed_protocols=frozenset({"data"}),
                allow_redirects=False,
                fail_on_errors=False,
            )
            self.allowed_dirs: tuple[Path, ...] = tuple(
                Path(os.path.realpath(os.fspath(d))) for d in allowed_dirs
            )
            self.strict = strict
            self.refused: list[str] = []
            self.fetched: list[str] = []

        def is_allowed(self, url: str) -> bool:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return True
            return scheme == "file" and _resolve_allowed(url, self.allowed_dirs) is not None

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)  # urllib's DataHandler: no I/O at all
            if scheme == "file":
                path = _resolve_allowed(url, self.allowed_dirs)
                if path is not None:
                    body = path.read_bytes()  # the resolved path, not the URL's
                    mime = mimetypes.guess_type(path.name, strict=False)[0]
                    self.fetched.append(_short(url))
                    return URLFetcherResponse(
                        url, body, {"Content-Type": mime or "application/octet-stream"}
                    )
            return self._refuse(url)

        def _refuse(self, url: str) -> URLFetcherResponse:
            self.refused.append(_short(url))
            log.warning("refused to fetch %s", _short(url))
            message = f"riskkit does not fetch {_short(url)}"
            if self.strict:
                raise FatalURLFetchingError(message)
            raise PermissionError(message)

    return SafeURLFetcher


def make_url_fetcher(
    allowed_dirs: Iterable[os.PathLike | str] | None = None, *, strict: bool = False
) -> Any:
    """A ``SafeURLFetcher`` (a ``weasyprint.urls.URLFetcher``) for the given folders.

    ``allowed_dirs`` defaults to riskkit's templates folder.
    """
    dirs = list(allowed_dirs) if allowed_dirs is not None else [templates_dir()]
    return _fetcher_class()(dirs, strict=strict)


def __getattr__(name: str) -> Any:  # the class itself, for isinstance checks
    if name == "SafeURLFetcher":
        return _fetcher_class()
    raise AttributeError(name)


# --- rendering ----------------------------------------------------------------------------


def _utc(moment: datetime, what: str) -> datetime:
    if not isinstance(moment, datetime):
        raise PdfRenderError(f"{what} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PdfRenderError(
            f"{what} must carry a time zone (a naive datetime would be written as UTC "
            "whether it is or not)"
        )
    return moment.astimezone(UTC).replace(microsecond=0)


def _w3c(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@contextlib.contextmanager
def _pinned_font_timestamps(created: datetime) -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH while rendering, if WeasyPrint would subset with fontTools.

    HarfBuzz-Subset keeps the font's own timestamps; fontTools (WeasyPrint's fallback when
    libharfbuzz-subset is missing) stamps ``head.modified`` with the clock unless
    SOURCE_DATE_EPOCH is set. The variable is restored afterwards.
    """
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0):
        yield
        return
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _drop_html_attachments(source: Any) -> None:
    """Turn ``<a rel=attachment>`` and ``<link rel=attachment>`` into ordinary elements.

    WeasyPrint would fetch their targets and embed them, next to ours, with the clock's
    date (so the bytes change) and possibly under our file's name. The PDF carries exactly
    one file, the one ``render`` is given.
    """
    for element in source.etree_element.iter():
        if element.tag not in ("a", "link"):
            continue
        rel = element.get("rel")
        if rel and "attachment" in rel.lower().split():
            kept = [t for t in rel.split() if t.lower() != "attachment"]
            if kept:
                element.set("rel", " ".join(kept))
            else:
                del element.attrib["rel"]
            log.warning("ignored a rel=attachment %s element", element.tag)


def _finish_pdfa(document: Any, pdf: Any) -> None:
    """Two fixes to WeasyPrint 70's PDF/A output, made on its objects before they are
    written (so offsets, the cross-reference table and the /ID stay WeasyPrint's own).

    * The catalog's /AF lists every attachment twice (WeasyPrint issue #2917): keep one.
    * PDF/A forbids ``/Interpolate true`` on images, which WeasyPrint writes for any image
      with ``image-rendering: auto`` (the default): turn it off whatever the templates say.
    """
    import pydyf

    af = pdf.catalog.get("AF")
    if af:
        unique = list(dict.fromkeys(af))
        if len(unique) != len(af):
            pdf.catalog["AF"] = pydyf.Array(unique)
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        if isinstance(extra, dict) and extra.get("Subtype") == "/Image":
            if str(extra.get("Interpolate", "false")).lower() == "true":
                extra["Interpolate"] = "false"


@dataclass(frozen=True)
class _CachedCSS:
    stamp: tuple[int, int]
    css: Any


class Renderer:
    """Renders riskkit's PDFs. Make one per process and reuse it for a whole batch.

    It holds one fontconfig configuration (loading it is the slow part of starting
    WeasyPrint), one ``SafeURLFetcher`` passed to the HTML, every stylesheet and the
    attachment, and the parsed stylesheets keyed by path (re-parsed only if the file
    changes on disk).

    ``allowed_dirs``: folders files may be read from; defaults to the templates folder.
    The shipped fonts' folder is always allowed. ``strict``: stop at the first refused URL
    (``ResourceRefusedError``) instead of rendering without it. ``pdf_tags``: write a
    tagged (structured) PDF; WeasyPrint 70 combines this with PDF/A-3b.
    """

    def __init__(
        self,
        allowed_dirs: Iterable[os.PathLike | str] | None = None,
        *,
        strict: bool = False,
        pdf_tags: bool = True,
    ):
        _prepare_environment()
        from weasyprint.text.fonts import FontConfiguration

        dirs = [Path(d) for d in allowed_dirs] if allowed_dirs is not None else [templates_dir()]
        fonts = _fonts_dir()
        if not any(fonts.resolve().is_relative_to(d.resolve()) for d in dirs):
            dirs.append(fonts)
        self.fetcher = make_url_fetcher(dirs, strict=strict)
        self.font_config = FontConfiguration()
        self.pdf_tags = pdf_tags
        self._stylesheets: dict[Path, _CachedCSS] = {}
        #: URLs refused during the last ``render`` call.
        self.last_refused: tuple[str, ...] = ()

    @property
    def allowed_dirs(self) -> tuple[Path, ...]:
        return self.fetcher.allowed_dirs

    def stylesheet(self, path: os.PathLike | str) -> CSS:
        """The parsed ``CSS`` for a file inside the allowed folders, cached by path."""
        from weasyprint import CSS

        real = Path(os.path.realpath(os.fspath(path)))
        if _resolve_allowed(real.as_uri(), self.allowed_dirs) is None:
            raise PdfRenderError(
                f"{path}: stylesheets must be files inside "
                + ", ".join(str(d) for d in self.allowed_dirs)
            )
        st = real.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        cached = self._stylesheets.get(real)
        if cached is None or cached.stamp != stamp:
            css = CSS(url=real.as_uri(), url_fetcher=self.fetcher, font_config=self.font_config)
            cached = self._stylesheets[real] = _CachedCSS(stamp, css)
        return cached.css

    def render(
        self,
        html: str,
        *,
        base_dir: os.PathLike | str,
        stylesheets: Sequence[os.PathLike | str] = (),
        attachment: bytes,
        attachment_name: str = ATTACHMENT_NAME,
        attachment_description: str | None = None,
        created: datetime,
        modified: datetime | None = None,
        lang: str,
        title: str,
        author: str,
        subject: str = "",
        keywords: Sequence[str] = (),
        creator: str | None = None,
    ) -> bytes:
        """Render ``html`` to PDF/A-3b bytes with ``attachment`` embedded.

        ``base_dir`` resolves relative URLs in the HTML (normally the templates folder).
        ``stylesheets`` are applied after the shipped fonts' stylesheet. The document
        metadata (title, author, subject, keywords, language, dates, creator) is taken from
        the arguments and replaces whatever the HTML says; ``created`` (time zone
        required) is the creation and, unless ``modified`` is given, modification date
        of the PDF, its XMP and the attachment. Attachments the HTML itself links
        (``<link rel=attachment>``) are dropped: the PDF carries exactly one file.
        """
        _prepare_environment()
        from weasyprint import HTML, Attachment
        from weasyprint.urls import FatalURLFetchingError

        if not isinstance(html, str):
            raise PdfRenderError("html must be a str")
        if not isinstance(attachment, (bytes, bytearray)):
            raise PdfRenderError("attachment must be bytes")
        if isinstance(keywords, str):
            raise PdfRenderError("keywords must be a list of strings, not one string")
        if not lang or not title:
            raise PdfRenderError("lang and title are required (PDF/A and PDF/UA need them)")
        created_utc = _utc(created, "created")
        modified_utc = _utc(modified, "modified") if modified is not None else created_utc

        css = [self.stylesheet(templates_dir() / FONTS_CSS)]
        css += [self.stylesheet(p) for p in stylesheets]
        base_url = Path(os.path.realpath(os.fspath(base_dir))).as_uri() + "/"
        start = len(self.fetcher.refused)
        try:
            with _pinned_font_timestamps(created_utc):
                source = HTML(string=html, base_url=base_url, url_fetcher=self.fetcher)
                _drop_html_attachments(source)
                document = source.render(
                    font_config=self.font_config,
                    stylesheets=css,
                    presentational_hints=False,
                    pdf_variant=PDF_VARIANT,
                    pdf_tags=self.pdf_tags,
                )
                metadata = document.metadata
                metadata.title = title
                metadata.authors = [author] if author else []
                metadata.description = subject or None
                metadata.keywords = [k for k in keywords if k]
                metadata.lang = lang
                metadata.generator = creator
                metadata.created = _w3c(created_utc)
                metadata.modified = _w3c(modified_utc)
                metadata.custom = {}
                metadata.xmp_metadata = []
                metadata.attachments = []  # only ours; never one the HTML asked for
                embedded = Attachment(
                    string=bytes(attachment),
                    url_fetcher=self.fetcher,
                    name=attachment_name,
                    description=attachment_description,
                    created=created_utc,
                    modified=modified_utc,
                    relationship=ATTACHMENT_RELATIONSHIP,
                )
                pdf = document.write_pdf(
                    finisher=_finish_pdfa,
                    attachments=[embedded],
                    pdf_variant=PDF_VARIANT,
                    pdf_tags=self.pdf_tags,
                    presentational_hints=False,
                    custom_metadata=False,
                )
        except FatalURLFetchingError as error:
            url = self.fetcher.refused[-1] if len(self.fetcher.refused) > start else ""
            raise ResourceRefusedError(
                pgettext("pdf error", "The report refers to {url}, which riskkit does not "
                         "fetch.").format(url=url or str(error)),
                url,
            ) from None
        finally:
            self.last_refused = tuple(self.fetcher.refused[start:])
        return pdf


# --- reading a PDF back -------------------------------------------------------------------


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


def _reader(pdf_bytes: bytes) -> Any:
    """A pypdf reader, after the checks that tell a cut-short file from a foreign one."""
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

    reader = _reader(pdf_bytes)
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


class PdfTooLargeError(PdfReadError):
    """A compressed stream inflates beyond riskkit.limits: a decompression bomb."""


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


def read_metadata(pdf_bytes: bytes) -> dict[str, Any]:
    """title, author, subject, keywords (a list), lang, created, modified (datetimes or
    None), producer, creator, pdfa_part and pdfa_conformance (from the XMP)."""
    reader = _reader(pdf_bytes)
    try:
        info = reader.metadata or {}
        root = reader.trailer["/Root"].get_object()
        keywords = info.get("/Keywords")
        part, conformance = _pdfa_claim(reader)
        lang = root.get("/Lang")
        return {
            "title": _text(info.get("/Title")),
            "author": _text(info.get("/Author")),
            "subject": _text(info.get("/Subject")),
            "keywords": [k.strip() for k in str(keywords).split(",") if k.strip()]
            if keywords
            else [],
            "lang": str(lang) if lang is not None else None,
            "created": getattr(reader.metadata, "creation_date", None),
            "modified": getattr(reader.metadata, "modification_date", None),
            "producer": _text(info.get("/Producer")),
            "creator": _text(info.get("/Creator")),
            "pdfa_part": part,
            "pdfa_conformance": conformance,
        }
    except Exception as error:
        raise _damaged(error) from None


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def extract_text(pdf_bytes: bytes, pages: Iterable[int] | None = None) -> str:
    """The text of the PDF, page by page, separated by form feeds: all pages, or those
    numbered in ``pages`` (0-based; negative from the end). pypdf takes about 0.06 s a page.

    A page number the PDF does not have raises IndexError: the caller's mistake, not damage.
    """
    reader = _reader(pdf_bytes)
    try:
        count = len(reader.pages)
    except Exception as error:
        raise _damaged(error) from None
    numbers = range(count) if pages is None else [range(count)[i] for i in pages]
    try:
        return "\f".join(reader.pages[i].extract_text() or "" for i in numbers)
    except Exception as error:
        raise _damaged(error) from None
