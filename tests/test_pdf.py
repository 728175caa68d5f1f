"""The PDF layer: what it refuses to fetch, what it embeds, and that its bytes repeat."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import os
import re
import socket
import struct
import subprocess
import sys
import textwrap
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from riskkit.errors import (
    AttachmentIntegrityError,
    AttachmentMissingError,
    PdfReadError,
    ResourceRefusedError,
    RiskkitPdfError,
)
from riskkit.pdf import PdfMetadata
from riskkit.pdf import write as pdf_write
from riskkit.pdf.read import read_attachment, read_metadata, read_text
from riskkit.pdf.write import Renderer, templates_dir
from tests.helpers import renders

CREATED = datetime(2025, 3, 1, 13, 30, 5, tzinfo=timezone(timedelta(hours=1)))
ASSESSMENT = json.dumps(
    {"id": "RA-2025-0042", "title": "Chatbot for byggesak", "answers": {"q1": "Ja, æøå ÆØÅ äö"}},
    ensure_ascii=False,
    indent=2,
).encode("utf-8")
SAMPLE_HTML = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>ignored, the arguments win</title></head>
<body>
<h1>Risikovurdering: Chatbot for byggesak</h1>
<p>Blåbærsyltetøy på Ærøskøbing, smörgåsbord i Göteborg, Sámi: čđŋšŧž. Nivå ≥ 3 → tiltak ✓</p>
<p><b>Fet</b> og <i>kursiv</i>.</p>
<table><tr><th>Risiko</th><th>Nivå</th></tr><tr><td>Personvern</td><td>Høy</td></tr></table>
</body></html>"""


METADATA = PdfMetadata(
    created=CREATED,
    lang="nb",
    title="Risikovurdering – Chatbot for byggesak",
    author="Kari Nordmann, Plan- og bygningsetaten",
    subject="Vurdering av KI-system før bruk",
    keywords=("risikovurdering", "KI", "DPIA", "NIST AI RMF"),
)


def render_kwargs(**overrides):
    """The arguments of Renderer.render after the HTML; a PdfMetadata field overrides the
    sample metadata's."""
    fields = {k: overrides.pop(k) for k in list(overrides)
              if k in PdfMetadata.__dataclass_fields__}
    kwargs = dict(metadata=dataclasses.replace(METADATA, **fields), base_dir=templates_dir(),
                  attachment=ASSESSMENT)
    kwargs.update(overrides)
    return kwargs


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="module")
@renders
def sample(renderer) -> bytes:
    return renderer.render(SAMPLE_HTML, **render_kwargs())


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    raw = b"".join(b"\x00" + b"\xcc\x00\x00" * 4 for _ in range(4))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def svg_with_text(text: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
        f'<text x="5" y="30" font-size="20">{text}</text></svg>'
    )


def image_xobjects(pdf_bytes: bytes) -> list:
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        for obj in (page["/Resources"].get("/XObject") or {}).values():
            obj = obj.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append(obj)
    return found


# --- the fetcher ----------------------------------------------------------------------------


@pytest.fixture
def allowed(tmp_path) -> Path:
    root = tmp_path / "allowed"
    (root / "img").mkdir(parents=True)
    (root / "img" / "ok.svg").write_text(svg_with_text("ALLOWED-MARKER"), encoding="utf-8")
    (tmp_path / "secret.svg").write_text(svg_with_text("SECRET-MARKER"), encoding="utf-8")
    (root / "img" / "link.svg").symlink_to(tmp_path / "secret.svg")
    (root / "dirlink").symlink_to(tmp_path)
    return root


def test_fetcher_allows_only_data_and_files_inside(allowed, tmp_path):
    fetcher = pdf_write.make_url_fetcher([allowed])
    ok = (allowed / "img" / "ok.svg").as_uri()
    assert fetcher.is_allowed(ok)
    assert fetcher.is_allowed("data:text/plain,hello")
    assert fetcher.is_allowed(ok.replace("file://", "file://localhost"))
    refused = [
        (tmp_path / "secret.svg").as_uri(),
        (allowed / "img" / "link.svg").as_uri(),  # symlink to a file outside
        (allowed / "dirlink" / "secret.svg").as_uri(),  # symlinked folder
        allowed.as_uri() + "/img/../../secret.svg",
        allowed.as_uri() + "/img/%2e%2e/%2e%2e/secret.svg",
        allowed.as_uri() + "/img",  # a folder, not a file
        allowed.as_uri() + "/img/missing.svg",
        ok.replace("file://", "file://127.0.0.1"),  # urllib would try FTP
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.org/x.png",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1/",
        "javascript:alert(1)",
    ]
    for url in refused:
        assert not fetcher.is_allowed(url), url
        with pytest.raises(Exception) as caught:
            fetcher.fetch(url)
        assert not isinstance(caught.value, AssertionError)
    assert fetcher.refused == refused
    response = fetcher.fetch(ok)
    assert b"ALLOWED-MARKER" in response.read()
    assert response.content_type == "image/svg+xml"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_the_fetcher_is_a_weasyprint_url_fetcher():
    from weasyprint.urls import URLFetcher

    assert issubclass(pdf_write.SafeURLFetcher, URLFetcher)
    assert isinstance(Renderer().fetcher, pdf_write.SafeURLFetcher)


@pytest.mark.render
def test_hostile_html_renders_without_fetching_anything_forbidden(allowed, tmp_path):
    hostname_file = Path("/etc/hostname")
    hostname = hostname_file.read_text().strip() if hostname_file.exists() else ""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    port = server.getsockname()[1]
    local = f"127.0.0.1:{port}"
    png = base64.b64encode(tiny_png()).decode()
    nested = base64.b64encode(
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' width="50" height="50">'
            f'<image href="http://{local}/svg-image.png" width="10" height="10"/>'
            f'<image xlink:href="{(tmp_path / "secret.svg").as_uri()}" width="10" height="10"/>'
            "</svg>"
        ).encode()
    ).decode()
    hostile = f"""<!doctype html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="http://{local}/x.css">
<link rel="stylesheet" href="file:///etc/hostname">
<style>@import url("http://{local}/import.css");</style>
<style>
  @font-face {{ font-family: Evil; src: url("http://{local}/font.ttf"); }}
  @font-face {{ font-family: Local; src: local("DejaVu Sans"); }}
  body {{ background: url(file:///etc/hostname); }}
  h1 {{ background-image: url("https://{local}/bg.png"); font-family: Evil, Local; }}
  p::after {{ content: url(ftp://{local}/after.png); }}
</style></head><body>
<h1>Hostile</h1><p>text</p>
<img src="file:///etc/passwd" alt="">
<img src="http://{local}/img.png" alt="">
<img src="../../../../../../etc/passwd" alt="">
<img src="{(tmp_path / 'secret.svg').as_uri()}" alt="">
<img src="{(allowed / 'img' / 'link.svg').as_uri()}" alt="">
<iframe src="file:///etc/hostname"></iframe>
<object data="file:///etc/hostname" type="text/plain"></object>
<object data="{(tmp_path / 'secret.svg').as_uri()}" type="image/svg+xml"></object>
<embed src="http://{local}/embed.svg">
<video src="http://{local}/v.mp4" poster="http://{local}/poster.png"></video>
<img src="data:image/svg+xml;base64,{nested}" alt="">
<img src="data:image/png;base64,{png}" alt="allowed">
<img src="img/ok.svg" alt="allowed too">
</body></html>"""
    renderer = Renderer(allowed_dirs=[allowed])
    try:
        pdf = renderer.render(hostile, **render_kwargs(base_dir=allowed))
        server.settimeout(0)
        with pytest.raises(BlockingIOError):
            conn, _ = server.accept()  # anything that connected would be waiting here
            conn.close()
    finally:
        server.close()
    refused = renderer.last_refused
    for expected in (
        f"http://{local}/x.css",
        "file:///etc/hostname",
        f"http://{local}/import.css",
        f"http://{local}/font.ttf",
        f"https://{local}/bg.png",
        "file:///etc/passwd",
        f"http://{local}/img.png",
        (tmp_path / "secret.svg").as_uri(),
        (allowed / "img" / "link.svg").as_uri(),
        f"http://{local}/svg-image.png",
    ):
        assert expected in refused, (expected, refused)
    assert any(u.startswith("file:///usr/share/fonts/") for u in refused), refused  # local()
    assert all(not u.startswith("data:") for u in refused)
    for url in renderer.fetcher.fetched:
        assert url.startswith(allowed.as_uri()) or "/templates/fonts/" in url, url
    text = read_text(pdf)
    assert "Hostile" in text
    assert "ALLOWED-MARKER" in text  # the same kind of file, allowed, does show
    assert "SECRET-MARKER" not in text
    assert "root:" not in text
    if hostname:
        assert hostname not in text
    assert image_xobjects(pdf), "the data: PNG should be in the PDF"
    assert read_attachment(pdf) == ASSESSMENT


@pytest.mark.render
def test_strict_renderer_stops_at_the_first_refused_url():
    renderer = Renderer(strict=True)
    html = '<html lang="en"><title>t</title><img src="file:///etc/passwd"></html>'
    with pytest.raises(ResourceRefusedError) as caught:
        renderer.render(html, **render_kwargs())
    assert caught.value.url == "file:///etc/passwd"
    assert isinstance(caught.value, RiskkitPdfError)


@pytest.mark.render
def test_html_cannot_add_attachments(renderer):
    html = """<html lang="en"><head><title>t</title>
    <link rel="attachment" href="data:text/plain,extra"></head><body>
    <a rel="attachment" download="assessment.json"
       href="data:application/json,%7B%22forged%22%3Atrue%7D">forged</a></body></html>"""
    pdf = renderer.render(html, **render_kwargs())
    assert read_attachment(pdf) == ASSESSMENT
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert list(reader.attachments) == ["assessment.json"]
    assert len(reader.trailer["/Root"]["/AF"]) == 1


def test_stylesheets_outside_the_allowed_folders_are_refused(renderer, tmp_path):
    outside = tmp_path / "x.css"
    outside.write_text("body { color: red }")
    with pytest.raises(ValueError, match="stylesheets must be files inside"):
        renderer.render(SAMPLE_HTML, **render_kwargs(), stylesheets=[outside])


@pytest.mark.render
def test_stylesheets_are_parsed_once_per_file(allowed):
    css = allowed / "report.css"
    css.write_text("h1 { color: #003366 }")
    renderer = Renderer(allowed_dirs=[allowed])
    first = renderer.stylesheet(css)
    assert renderer.stylesheet(css) is first
    renderer.render(SAMPLE_HTML, **render_kwargs(), stylesheets=[css])
    assert renderer.stylesheet(css) is first
    css.write_text("h1 { color: #660000; }  /* changed */")
    assert renderer.stylesheet(css) is not first


def test_dates_need_a_time_zone(renderer):
    with pytest.raises(ValueError, match="time zone"):
        renderer.render(SAMPLE_HTML, **render_kwargs(created=datetime(2025, 3, 1, 12, 0)))


# --- what the PDF carries ------------------------------------------------------------------


@pytest.mark.render
def test_attachment_round_trips_byte_exact(renderer):
    payload = ASSESSMENT + b"\n" + bytes(range(256))  # any bytes, not only text
    pdf = renderer.render(SAMPLE_HTML, **render_kwargs(attachment=payload))
    assert read_attachment(pdf) == payload


def test_attachment_is_an_associated_file_with_relationship_and_dates(sample):
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(sample)).trailer["/Root"]
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    assert names[0] == "assessment.json"
    assert [ref.get_object() for ref in root["/AF"]] == [names[1].get_object()]
    spec = names[1].get_object()
    assert spec["/AFRelationship"] == "/Data"
    stream = spec["/EF"]["/F"].get_object()
    assert stream["/Subtype"] == "/application/json"
    assert stream["/Params"]["/CreationDate"] == "D:20250301123005Z"
    assert stream["/Params"]["/ModDate"] == "D:20250301123005Z"


def test_metadata_reads_back(sample):
    meta = read_metadata(sample)
    assert meta.title == "Risikovurdering – Chatbot for byggesak"
    assert meta.author == "Kari Nordmann, Plan- og bygningsetaten"
    assert meta.subject == "Vurdering av KI-system før bruk"
    assert meta.keywords == ("risikovurdering", "KI", "DPIA", "NIST AI RMF")
    assert meta.lang == "nb"
    assert meta.created == CREATED
    assert meta.modified == CREATED
    assert meta.producer.startswith("WeasyPrint ")


def test_claims_pdfa_3b_in_xmp_and_is_tagged(sample):
    from pypdf import PdfReader

    meta = read_metadata(sample)
    assert (meta.pdfa_part, meta.pdfa_conformance) == (3, "B")
    root = PdfReader(io.BytesIO(sample)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "<xmp:CreateDate>2025-03-01T12:30:05Z</xmp:CreateDate>" in xmp
    assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert sample.startswith(b"%PDF-1.7")


@pytest.mark.render
def test_images_are_not_interpolated(renderer):
    png = base64.b64encode(tiny_png()).decode()
    html = f'<html lang="en"><title>t</title><img src="data:image/png;base64,{png}" alt="x"></html>'
    images = image_xobjects(renderer.render(html, **render_kwargs()))
    assert images
    assert all(img["/Interpolate"].value is False for img in images)


def test_text_is_extractable_with_nordic_letters(sample):
    text = read_text(sample)
    assert "Blåbærsyltetøy på Ærøskøbing" in text
    assert "smörgåsbord i Göteborg" in text
    assert "čđŋšŧž" in text


def test_fonts_are_embedded_and_are_the_shipped_ones(sample):
    from pypdf import PdfReader

    fonts = {}
    for page in PdfReader(io.BytesIO(sample)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        descendant = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font
                      else font)
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name
        assert re.fullmatch(r"/[A-Z]{6}\+Riskkit-Sans(-Bold|-Italic)?", name), name
    assert {n.split("+")[1] for n in fonts} >= {"Riskkit-Sans", "Riskkit-Sans-Bold",
                                                 "Riskkit-Sans-Italic"}


def test_the_shipped_fonts_cover_nordic_and_sami_letters():
    from fontTools.ttLib import TTFont

    folder = templates_dir() / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        cmap = TTFont(folder / name).getBestCmap()
        missing = [c for c in "æøåÆØÅäöÄÖüéáčđŋšŧžČĐŊŠŦŽ≥≤→✓–—…€«»„“”" if ord(c) not in cmap]
        assert not missing, (name, missing)
    assert (folder / "LICENSE-DejaVu.txt").is_file()


# --- the same inputs, the same bytes -------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta, timezone
    from riskkit.pdf.write import Renderer, templates_dir
    html, attachment, out = open(sys.argv[1]).read(), open(sys.argv[2], "rb").read(), sys.argv[3]
    warmup = sys.argv[4] == "warm"
    renderer = Renderer()
    from riskkit.pdf import PdfMetadata
    kwargs = dict(base_dir=templates_dir(), attachment=attachment, metadata=PdfMetadata(
        lang="nb", title="Tittel", author="Kari Nordmann", subject="Emne", keywords=("a", "b"),
        created=datetime(2025, 3, 1, 13, 30, 5, tzinfo=timezone(timedelta(hours=1)))))
    if warmup:  # a batch: another document first, with other glyphs and the same fonts
        renderer.render("<html lang=en><title>x</title><h1>Quartz ≥ ✓ <i>zz</i></h1></html>",
                        **kwargs)
    open(out, "wb").write(renderer.render(html, **kwargs))
    """
)


def _render_in_child(tmp_path: Path, name: str, env_extra: dict, warm: bool) -> bytes:
    html = tmp_path / "in.html"
    html.write_text(SAMPLE_HTML, encoding="utf-8")
    attachment = tmp_path / "in.json"
    attachment.write_bytes(ASSESSMENT)
    out = tmp_path / f"{name}.pdf"
    scratch = tmp_path / f"tmp-{name}"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), **env_extra}
    subprocess.run(
        [sys.executable, "-c", _CHILD, str(html), str(attachment), str(out),
         "warm" if warm else "cold"],
        check=True,
        env=env,
        cwd=scratch,
        capture_output=True,
    )
    return out.read_bytes()


def test_same_inputs_give_identical_bytes_in_separate_processes(tmp_path, sample):
    first = _render_in_child(tmp_path, "a", {"PYTHONHASHSEED": "1", "TZ": "UTC"}, warm=False)
    second = _render_in_child(
        tmp_path, "b", {"PYTHONHASHSEED": "2", "TZ": "America/Los_Angeles"}, warm=True
    )
    assert first == second
    assert read_attachment(first) == ASSESSMENT


def test_same_inputs_give_identical_bytes_in_one_process(renderer, sample):
    renderer.render("<html lang=en><title>x</title><p>Other ≥ text <b>bold</b></p></html>",
                    **render_kwargs())
    assert renderer.render(SAMPLE_HTML, **render_kwargs()) == sample
    assert renderer.render(SAMPLE_HTML, **render_kwargs(title="Other")) != sample


_FONTTOOLS_CHILD = textwrap.dedent(
    """
    import sys, time
    import weasyprint.text.ffi, weasyprint.pdf.fonts
    weasyprint.text.ffi.harfbuzz_subset = None   # as on a machine without libharfbuzz-subset
    weasyprint.pdf.fonts.harfbuzz_subset = None
    if sys.argv[2] == "later":
        real = time.time
        time.time = lambda: real() + 10_000_000  # a clock months ahead
    from datetime import datetime, timezone
    from riskkit.pdf import PdfMetadata
    from riskkit.pdf.write import Renderer, templates_dir
    pdf = Renderer().render(
        "<html lang=en><title>t</title><p>Font subset by fontTools æøå</p></html>",
        PdfMetadata(lang="en", title="t", author="a",
                    created=datetime(2025, 1, 1, tzinfo=timezone.utc)),
        base_dir=templates_dir(), attachment=b"{}")
    open(sys.argv[1], "wb").write(pdf)
    """
)


@pytest.mark.render
def test_fonttools_fallback_is_reproducible_too(tmp_path):
    outputs = []
    for when in ("now", "later"):
        out = tmp_path / f"{when}.pdf"
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        subprocess.run(
            [sys.executable, "-c", _FONTTOOLS_CHILD, str(out), when],
            check=True, env=env, capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


# --- reading damaged or foreign PDFs --------------------------------------------------------


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.999])
def test_truncated_pdf_is_a_clear_error(sample, cut):
    damaged = sample[: int(len(sample) * cut)]
    for reader in (read_attachment, read_metadata, read_text):
        with pytest.raises(PdfReadError) as caught:
            reader(damaged)
        assert "cut short" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"hello", b"<html></html>", "not bytes"])
def test_not_a_pdf_is_a_clear_error(data):
    with pytest.raises(PdfReadError):
        read_attachment(data)


def _attachment_stream_span(pdf: bytes) -> tuple[int, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    spec = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
    number = spec["/EF"].raw_get("/F").idnum
    start = pdf.index(b"\n%d 0 obj" % number)
    data_start = pdf.index(b"stream\n", start) + len(b"stream\n")
    data_end = pdf.index(b"\nendstream", data_start)
    return data_start, data_end


@pytest.mark.parametrize("where", [0.0, 0.5, 1.0])
def test_one_changed_byte_in_the_attachment_is_detected(sample, where):
    start, end = _attachment_stream_span(sample)
    position = start + int((end - start - 1) * where)
    damaged = bytearray(sample)
    damaged[position] ^= 0x01
    with pytest.raises(AttachmentIntegrityError):
        read_attachment(bytes(damaged))


def test_a_swapped_attachment_with_the_old_checksum_is_detected(renderer, sample):
    # Same length, valid compression, different content: only the checksum can tell.
    forged = ASSESSMENT.replace(b"RA-2025-0042", b"RA-2025-0043")
    other = renderer.render(SAMPLE_HTML, **render_kwargs(attachment=forged))
    s_start, s_end = _attachment_stream_span(sample)
    o_start, o_end = _attachment_stream_span(other)
    if s_end - s_start != o_end - o_start:
        pytest.skip("compressed sizes differ; the splice would move every offset")
    spliced = sample[:s_start] + other[o_start:o_end] + sample[s_end:]
    with pytest.raises(AttachmentIntegrityError):
        read_attachment(spliced)


@pytest.mark.parametrize("key, value", [
    ("/CheckSum", b""), ("/CheckSum", "/Name"), ("/CheckSum", {}), ("/CheckSum", b"\0" * 16),
    ("/Size", "/Name"), ("/Size", b"12"), ("/Size", -1),
])
def test_an_altered_size_or_checksum_is_reported_as_damage(sample, key, value):
    """Whatever an editor writes where the size and MD5 belong, verify says "altered"."""
    from pypdf import PdfWriter
    from pypdf.generic import ByteStringObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter(clone_from=io.BytesIO(sample))
    spec = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
    params = spec["/EF"]["/F"].get_object()["/Params"].get_object()
    if isinstance(value, bytes):
        params[NameObject(key)] = ByteStringObject(value)
    elif isinstance(value, str):
        params[NameObject(key)] = NameObject(value)
    elif isinstance(value, int):
        params[NameObject(key)] = NumberObject(value)
    else:
        params[NameObject(key)] = DictionaryObject()
    out = io.BytesIO()
    writer.write(out)
    assert read_attachment(sample)  # the untouched file reads
    with pytest.raises(AttachmentIntegrityError):
        read_attachment(out.getvalue())


def test_pdf_without_the_attachment_is_a_clear_error():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(AttachmentMissingError):
        read_attachment(out.getvalue())
    assert read_metadata(out.getvalue()).pdfa_part is None


def test_a_second_file_with_the_same_name_is_refused(sample):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(sample))
    writer.add_attachment("assessment.json", b'{"forged": true}')
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(AttachmentMissingError) as caught:
        read_attachment(out.getvalue())
    assert "2" in str(caught.value)


# --- the house rules ------------------------------------------------------------------------


def test_importing_the_module_does_not_import_weasyprint():
    code = "import sys, riskkit.pdf; sys.exit('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.render
def test_unwritable_home_gets_a_private_fontconfig_cache(tmp_path):
    code = textwrap.dedent(
        """
        import os
        from datetime import datetime, timezone
        from riskkit.pdf import PdfMetadata
        from riskkit.pdf.write import Renderer, templates_dir
        Renderer().render("<html lang=en><title>t</title><p>x</p></html>",
            PdfMetadata(lang="en", title="t", author="a",
                        created=datetime(2025, 1, 1, tzinfo=timezone.utc)),
            base_dir=templates_dir(), attachment=b"{}")
        print(os.environ["XDG_CACHE_HOME"])
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    env["HOME"] = "/dev/null"  # not a folder: nothing can be created under it, even by root
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    cache = result.stdout.strip()
    assert cache and not cache.startswith("/dev/null") and Path(cache).is_dir()
    assert "Fontconfig error" not in result.stderr


def test_a_page_the_pdf_does_not_have_is_the_callers_mistake_not_damage(sample):
    last = read_text(sample, pages=[-1])
    assert last and read_text(sample).endswith(last)
    with pytest.raises(IndexError):
        read_text(sample, pages=[10_000])
