"""The register's exports: the risk register and the treatment plan as CSV (Excel and
LibreOffice open it, formula-safe) and as a minimal XLSX, with their column lists."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: The risk register export: the PDF's number beside the stable id, codes beside labels.
EXPORT_COLUMNS = ("assessment_id", "system", "department", "risk_ref", "risk_id", "title",
                  "owner", "inherent_likelihood", "inherent_consequence", "inherent_level",
                  "inherent_level_label", "residual_likelihood", "residual_consequence",
                  "residual_level", "residual_level_label", "treatment", "measures", "due_date",
                  "status", "status_label", "next_review", "verified", "pdf_sha256")
#: The treatment plan export, with the same status vocabulary as the risk export.
PLAN_COLUMNS = ("assessment_id", "system", "department", "number", "measure_id", "text",
                "risks", "owner", "due_date", "priority", "status", "status_label", "source",
                "verified", "pdf_sha256")
#: The CSV delimiter a spreadsheet in each language expects (Nordic Excel splits on ";").
CSV_DELIMITERS = {"nb": ";", "nn": ";", "sv": ";", "da": ";", "en": ","}



def csv_text(rows: Iterable[Mapping[str, str]], columns: Sequence[str], *,
             delimiter: str = ",") -> str:
    """CSV as Excel and LibreOffice open it: CRLF, ``delimiter`` between cells, every cell
    formula-safe even where a spreadsheet splits it on another delimiter (the caller writes
    it as UTF-8 with a BOM)."""
    from riskkit.report import csv_cell

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n",
                            extrasaction="ignore", delimiter=delimiter)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(row.get(k, "")) for k in columns})
    return buffer.getvalue()


#: Register and plan columns that hold an ISO date or a whole number, written as such in xlsx.
XLSX_DATES = frozenset({"due_date", "next_review"})
XLSX_NUMBERS = frozenset({"inherent_likelihood", "inherent_consequence", "residual_likelihood",
                          "residual_consequence"})
XLSX_MAX_WIDTH = 60  # characters; longer texts wrap
XLSX_MAX_CELL = 32_767  # Excel's limit: it will not open a file with a longer cell
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can hold


def xlsx_bytes(rows: Iterable[Mapping[str, str]], columns: Sequence[str], *, sheet: str,
               stamp: dt.datetime) -> bytes:
    """The rows as an Excel workbook: a header row, frozen, with a filter; dates as dates;
    every text as text.

    openpyxl makes a formula of any text starting with ``=`` (and an error value of ``#N/A``
    and the like); each text cell is set back to a plain string, so no spreadsheet runs an
    answer, and the text stays exactly as written (no ``'`` as in the CSV). The workbook's
    created/modified properties and the zip entries' times are ``stamp`` (the register's
    last change), not the clock, so the same register gives the same bytes. openpyxl is
    imported here only: the other commands do not pay for it.
    """
    import zipfile

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    def value(column: str, text: str) -> Any:
        if column in XLSX_DATES and text:
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        if column in XLSX_NUMBERS and text.isascii() and text.isdigit():
            return int(text)
        text = ILLEGAL_CHARACTERS_RE.sub("", text)  # control characters XML cannot hold
        return text if len(text) <= XLSX_MAX_CELL else text[:XLSX_MAX_CELL - 1] + "…"

    book = Workbook()
    ws = book.active
    ws.title = _SHEET_NAME_BAD.sub(" ", sheet).strip()[:31] or "riskkit"
    ws.append(list(columns))
    for row in rows:
        ws.append([value(k, str(row.get(k, ""))) for k in columns])
    widths = [len(c) for c in columns]
    prose = [False] * len(columns)  # a column with spaces may wrap; an ID or checksum not
    for cells in ws.iter_rows():
        for i, cell in enumerate(cells):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula or an error value
                widths[i] = max(widths[i], *map(len, cell.value.splitlines() or [""]))
                prose[i] = prose[i] or " " in cell.value
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
                widths[i] = max(widths[i], 10)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(widths):
        wrap = prose[i] and width > XLSX_MAX_WIDTH
        ws.column_dimensions[get_column_letter(i + 1)].width = \
            (XLSX_MAX_WIDTH if wrap else width) + 2
        if wrap:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    stamp = max(stamp.replace(tzinfo=None, microsecond=0), ZIP_EPOCH)
    book.properties.creator = "riskkit"
    book.properties.title = ws.title
    book.properties.created = book.properties.modified = stamp
    written = io.BytesIO()
    # ExcelWriter, not Workbook.save, which sets `modified` to the clock.
    ExcelWriter(book, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(fixed, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return fixed.getvalue()

