"""assessment.json: the machine-readable record every riskkit PDF carries, and its one reader.

Written by the report (`build`, `serialise`), read back by extract, diff, verify, register and
``assess --from`` (`parse`, `from_pdf_bytes`, `from_pdf`): what went in (the answers file's
content), what came out (the result) and with what (riskkit and questionnaire versions).
The PDF layer (riskkit.pdf) only stores and returns the bytes; what they mean is decided here.

A PDF made by an earlier riskkit must still be read: a change to this layout raises
`FORMAT_VERSION`, and `parse` keeps reading the versions before it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from riskkit import __version__
from riskkit.errors import AssessmentFormatError, RiskkitError, RiskkitPdfError
from riskkit.i18n import pgettext

if TYPE_CHECKING:  # pragma: no cover
    from riskkit.core.answers import Answers
    from riskkit.core.model import Questionnaire
    from riskkit.core.result import Result

FORMAT = "riskkit-assessment"
FORMAT_VERSION = 1
#: The parts every version of the document has.
REQUIRED = ("riskkit", "questionnaire", "answers", "result")


def build(questionnaire: Questionnaire, answers: Answers, result: Result) -> dict[str, Any]:
    """The content of ``assessment.json``: what went in, what came out, and with what."""
    from riskkit.core import answers as answers_mod

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "riskkit": __version__,
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version,
                          "hash": questionnaire.content_hash},
        # The verdicts' dates come from this file; a legislative change edits it, so verify
        # must know which one a PDF was judged with (riskkit 0.3.0 and later record it).
        "ai_act_dates": _dates_record(),
        "answers": answers_mod.to_data(questionnaire, answers),
        "result": result.to_dict(),
    }


def _dates_record() -> dict[str, str]:
    from riskkit.core import aiact_dates

    dates = aiact_dates.load()
    return {"version": dates.version, "hash": dates.content_hash}


def serialise(document: Mapping[str, Any]) -> bytes:
    """The document serialised the one deterministic way riskkit writes it."""
    return (json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8")


def parse(attachment: bytes) -> dict[str, Any]:
    """The document in the bytes of an embedded ``assessment.json``, checked to be one this
    riskkit reads. Raises `AssessmentFormatError` saying what it is not."""
    try:
        document = json.loads(attachment.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise AssessmentFormatError(pgettext(
            "verify", "assessment.json is not valid JSON: it was not written by riskkit.")
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise AssessmentFormatError(pgettext(
            "verify", "assessment.json is not a riskkit assessment."))
    if document.get("format_version") != FORMAT_VERSION:
        raise AssessmentFormatError(pgettext(
            "verify", "assessment.json has format version {found}; this riskkit reads version "
            "{expected}. Verify it with the riskkit version that made it.").format(
            found=document.get("format_version"), expected=FORMAT_VERSION))
    missing = [k for k in REQUIRED if not isinstance(document.get(k), (dict, str))]
    if missing:
        raise AssessmentFormatError(pgettext(
            "verify", "assessment.json lacks {fields}.").format(fields=", ".join(missing)))
    return document


def from_pdf_bytes(data: bytes) -> dict[str, Any]:
    """The document a riskkit PDF carries: its attachment (checksum checked), parsed.
    Raises a `RiskkitPdfError` for the PDF, an `AssessmentFormatError` for the document."""
    from riskkit.pdf.read import read_attachment

    return parse(read_attachment(data))


def from_pdf(path: Path | str) -> dict[str, Any]:
    """The document of the PDF file at ``path``; every error a `RiskkitError` that names the
    file. What `riskkit extract`, `riskkit diff` and ``assess --from`` read."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise RiskkitError(pgettext("extract error", "{file}: file not found").format(
            file=path)) from None
    except OSError as exc:
        raise RiskkitError(pgettext("extract error", "{file}: cannot read: {error}").format(
            file=path, error=exc.strerror or exc)) from None
    try:
        return from_pdf_bytes(data)
    except (RiskkitPdfError, AssessmentFormatError) as exc:
        raise RiskkitError(f"{path}: {exc}") from exc


def answers(document: Mapping[str, Any], questionnaire: Questionnaire,
            source: str = "assessment.json") -> Answers:
    """The Answers an embedded assessment was made from, checked against ``questionnaire``.

    Raises ProblemsError when the answers do not fit it.
    """
    from riskkit.core import answers as answers_mod
    from riskkit.load import yamlio

    return answers_mod.loads(yamlio.dump(_answers_data(document, source)), source,
                             questionnaire).answers


def answers_file_text(document: Mapping[str, Any]) -> str:
    """An answers file (YAML) with exactly the embedded answers, comments and meta."""
    from riskkit.load import yamlio

    header = ("# riskkit answers file, extracted from an archived PDF. "
              "`riskkit score` checks it.\n")
    return header + yamlio.dump(_answers_data(document, "assessment.json"))


def _answers_data(document: Mapping[str, Any], source: str) -> dict[str, Any]:
    data = document.get("answers")
    if not isinstance(data, Mapping):
        raise RiskkitError(pgettext("report error", "{file} holds no answers.").format(
            file=source))
    return dict(data)
