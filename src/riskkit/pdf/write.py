"""Writing riskkit's PDFs: the WeasyPrint renderer, its URL fetcher and the PDF/A finish.

See riskkit.pdf for the promises (nothing fetched from outside riskkit's folders, the same
bytes for the same inputs). WeasyPrint is imported inside the functions that render.
"""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from riskkit.errors import ResourceRefusedError
from riskkit.i18n import pgettext
from riskkit.pdf import ATTACHMENT_NAME, ATTACHMENT_RELATIONSHIP, PDF_VARIANT, PdfMetadata

if TYPE_CHECKING:  # pragma: no cover
    from weasyprint import CSS

log = logging.getLogger(__name__)

_MAX_RECORDED_URL = 300


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


def _writable_dir(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    if not os.access(path, os.W_OK | os.X_OK):
        return False
    sub = path / "fontconfig"
    return not sub.exists() or os.access(sub, os.W_OK | os.X_OK)


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
        home = os.environ.get("HOME") or os.path.expanduser("~")  # noqa: PTH111 - "~" when unknown
        cache_home = str(Path(home) / ".cache") if home and home != "~" else ""
    if cache_home and _writable_dir(Path(cache_home)):
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
        if not Path(path).is_absolute() or "\x00" in path:
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
        raise TypeError(f"{what} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
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
        if (isinstance(extra, dict) and extra.get("Subtype") == "/Image"
                and str(extra.get("Interpolate", "false")).lower() == "true"):
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
            raise ValueError(  # riskkit's own code names the stylesheets: a programmer error
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
        metadata: PdfMetadata,
        *,
        base_dir: os.PathLike | str,
        stylesheets: Sequence[os.PathLike | str] = (),
        attachment: bytes,
        attachment_name: str = ATTACHMENT_NAME,
        attachment_description: str | None = None,
    ) -> bytes:
        """Render ``html`` to PDF/A-3b bytes with ``attachment`` embedded.

        ``base_dir`` resolves relative URLs in the HTML (normally the templates folder).
        ``stylesheets`` are applied after the shipped fonts' stylesheet. The document
        information comes from ``metadata`` (title and lang required: PDF/A and PDF/UA need
        them; its producer and PDF/A claim are WeasyPrint's and ignored) and replaces
        whatever the HTML says; ``metadata.created`` (time zone required) is the creation
        and, unless ``modified`` is given, modification date of the PDF, its XMP and the
        attachment. Attachments the HTML itself links (``<link rel=attachment>``) are
        dropped: the PDF carries exactly one file.
        """
        _prepare_environment()
        from weasyprint import HTML, Attachment
        from weasyprint.urls import FatalURLFetchingError

        # Programmer errors, not the person's: plain TypeError/ValueError, never translated.
        if not isinstance(html, str):
            raise TypeError("html must be a str")
        if not isinstance(attachment, (bytes, bytearray)):
            raise TypeError("attachment must be bytes")
        if isinstance(metadata.keywords, str):
            raise TypeError("keywords must be a sequence of strings, not one string")
        if not metadata.lang or not metadata.title:
            raise ValueError("lang and title are required (PDF/A and PDF/UA need them)")
        if metadata.created is None:
            raise ValueError("created is required: a PDF's dates never come from the clock")
        created_utc = _utc(metadata.created, "created")
        modified_utc = (_utc(metadata.modified, "modified") if metadata.modified is not None
                        else created_utc)

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
                info = document.metadata
                info.title = metadata.title
                info.authors = [metadata.author] if metadata.author else []
                info.description = metadata.subject or None
                info.keywords = [k for k in metadata.keywords if k]
                info.lang = metadata.lang
                info.generator = metadata.creator
                info.created = _w3c(created_utc)
                info.modified = _w3c(modified_utc)
                info.custom = {}
                info.xmp_metadata = []
                info.attachments = []  # only ours; never one the HTML asked for
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

