"""The archival PDF: what the CISO files in the risk register.

Three steps, kept apart so each can be tested alone:

* ``build_context`` turns questionnaire + answers + result into plain data for the template:
  every string already translated (riskkit.i18n.content, riskkit.i18n.labels, gettext) and every
  date and number formatted with Babel. Pure: no files, no WeasyPrint.
* ``render_html`` lays that data out with Jinja2 (``templates/report.html``). Autoescape is on
  for everything and undefined names fail; answers, comments and meta are only ever *values*
  in the context, never part of a template, so ``{{ 7*7 }}`` in a comment stays those
  characters.
* ``render_pdf`` hands the HTML to ``riskkit.pdf.write.Renderer`` (PDF/A-3b, the only fetcher that
  may read files, reproducible bytes), with ``assessment.json`` attached.

The assessment date (``meta.date`` at 12:00 UTC, or ``UNDATED`` when there is none) dates the
document, never the clock, so the same inputs give the same bytes in any process.

The package, by step: ``context`` (the template context, pure), ``style`` and ``charts``
(level colours, CSS strings, the SVG charts as data), ``html`` (Jinja2), ``language`` (the
render language and the document's dates), ``pipeline`` (answers file to PDF, the renderer,
the layout fingerprint, the example) and ``rows`` (the register rows and CSV). The names
below are the public API; callers use ``riskkit.report.X``.
"""

from riskkit import __version__
from riskkit.report.charts import markers
from riskkit.report.context import (
    FIRST_MEASURES,
    SUMMARY_REASONS,
    TOP_RISKS,
    build_context,
    headings,
    printed_numbers,
    risk_status_label,
    weasyprint_version,
)
from riskkit.report.html import TEMPLATE, environment, render_html
from riskkit.report.language import (
    UNDATED,
    document_date,
    language_from_tag,
    next_review,
    pdf_language_tag,
    resolve_render_language,
)
from riskkit.report.pipeline import (
    STYLESHEET,
    Rendered,
    default_renderer,
    example_answers,
    example_answers_path,
    layout_fingerprint,
    layout_from_creator,
    load_answers,
    metadata,
    refuse_overwrite,
    render_answers_file,
    render_example,
    render_file,
    render_loaded,
    render_pdf,
    score_in,
    warm_up,
    with_policy_recorded,
)
from riskkit.report.references import Numbering, grouped_references
from riskkit.report.rows import (
    RISK_ROW_COLUMNS,
    append_risk_csv,
    check_risk_csv,
    csv_cell,
    risk_csv_text,
    risk_rows,
)
from riskkit.report.style import css_string, safe_colour, text_colour_on, tint

__all__ = [
    "FIRST_MEASURES",
    "RISK_ROW_COLUMNS",
    "STYLESHEET",
    "SUMMARY_REASONS",
    "TEMPLATE",
    "TOP_RISKS",
    "UNDATED",
    "Numbering",
    "Rendered",
    "__version__",
    "append_risk_csv",
    "build_context",
    "check_risk_csv",
    "css_string",
    "csv_cell",
    "default_renderer",
    "document_date",
    "environment",
    "example_answers",
    "example_answers_path",
    "grouped_references",
    "headings",
    "language_from_tag",
    "layout_fingerprint",
    "layout_from_creator",
    "load_answers",
    "markers",
    "metadata",
    "next_review",
    "pdf_language_tag",
    "printed_numbers",
    "refuse_overwrite",
    "render_answers_file",
    "render_example",
    "render_file",
    "render_html",
    "render_loaded",
    "render_pdf",
    "resolve_render_language",
    "risk_csv_text",
    "risk_rows",
    "risk_status_label",
    "safe_colour",
    "score_in",
    "text_colour_on",
    "tint",
    "warm_up",
    "weasyprint_version",
    "with_policy_recorded",
]
