"""Every error riskkit shows a person, and the exit statuses it ends with: one tree in one file.

This module imports nothing of riskkit at import time, so any module may import it without
an import cycle (i18n raises `UnknownLanguage` from here; this module asks i18n for one
translated phrase only when a `Problem` is turned into text). Messages are localized by the
code that raises: an error here carries text already meant for the person at the keyboard.

The tree::

    RiskkitError                 exit 1 unless the class says otherwise
    ├── UsageError               exit 2: the command line asks for something impossible
    │   └── UnknownLanguage      --lang names a language without a catalog
    ├── ProblemsError            every problem of an input file, each with file and line
    ├── I18nToolError            a catalog step (extract, update, check) failed
    ├── SigningError             a PDF could not be signed
    ├── ReadOnlyError            a write to a register opened for reading
    ├── AssessmentFormatError    an embedded assessment.json this riskkit cannot read
    └── RiskkitPdfError          a riskkit PDF could not be written or read
        ├── PdfRenderError
        │   └── ResourceRefusedError
        └── PdfReadError
            ├── AttachmentMissingError
            ├── AttachmentIntegrityError
            └── PdfTooLargeError
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitStatus(IntEnum):
    """How a riskkit command ends, for the shell and for scripts that call it.

    One list, so a script author can rely on it (README, "Exit status"): 130 and 141 follow the
    shell's 128 + signal number (SIGINT 2, SIGPIPE 13).
    """

    OK = 0
    #: Something failed: a damaged or altered PDF, a missing file, a refused write.
    ERROR = 1
    #: The command line asks for something impossible (unknown option, language or mode).
    USAGE = 2
    #: ``verify``: nothing is wrong, but not everything could be checked.
    NOT_FULLY_VERIFIED = 3
    #: The person pressed Ctrl-C (SIGINT); the interview saves its answers first.
    INTERRUPTED = 130
    #: The reader of the output went away (``riskkit register list | head``), SIGPIPE.
    BROKEN_PIPE = 141


class RiskkitError(Exception):
    """An error whose message is already localized and meant for the person at the keyboard."""

    exit_code: ExitStatus = ExitStatus.ERROR


class UsageError(RiskkitError):
    """The command line asks for something riskkit cannot do (argparse's own errors aside)."""

    exit_code = ExitStatus.USAGE


class UnknownLanguage(UsageError):
    """A language asked for explicitly (``--lang``) that has no catalog."""

    def __init__(self, message: str, code: str, available: list[str]):
        super().__init__(message)
        self.code = code
        self.available = available


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file. ``where`` names the question, risk or field."""

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            location = self.file
        else:
            # Imported here, not at the top: riskkit.i18n imports this module.
            from riskkit.i18n import pgettext

            location = pgettext("error location", "{file} line {line}").format(
                file=self.file, line=self.line
            )
        if self.where:
            return f"{location}: {self.where}: {self.message}"
        return f"{location}: {self.message}"


class ProblemsError(RiskkitError):
    """Every problem found in an input, reported at once rather than one per run."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class I18nToolError(RiskkitError):
    """A catalog step (``riskkit i18n extract/update/check``) could not be done."""


class SigningError(RiskkitError):
    """Signing could not be done; the message says why, for a person."""


class ReadOnlyError(RiskkitError):
    """A write to a register this process may only read."""


class AssessmentFormatError(RiskkitError):
    """An embedded ``assessment.json`` that is not JSON, not riskkit's, or of a format
    version this riskkit does not read (riskkit.document)."""


# --- PDFs ------------------------------------------------------------------------------------


class RiskkitPdfError(RiskkitError):
    """Something about a riskkit PDF went wrong; the message says what, for a person."""


class PdfRenderError(RiskkitPdfError):
    """The PDF could not be rendered (a stylesheet outside the templates, a refused URL)."""


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


class PdfTooLargeError(PdfReadError):
    """A compressed stream inflates beyond riskkit.limits: a decompression bomb."""
