"""The PDF made while the person reads the review, so that it is ready when they confirm.

A render takes seconds; the review stays on the screen for longer. When the interview reaches
the review, `BackgroundRender.start` renders the answers as they stand in another process
(`riskkit render`, the same code and so the same bytes as a render after confirming). On
confirm, `BackgroundRender.take` waits for that process if the answers did not change and
moves its PDF into place; after a change, `start` is called again with the new answers and
the old render is stopped. `stop` ends the process and removes what it wrote: Ctrl-C leaves
no process running and no partial file behind.

The process runs in its own session, so a Ctrl-C typed in the terminal reaches only the
interview, which stops the render itself (rather than the render printing a traceback over
the interview's goodbye).

No I/O at import and no heavy import: this module is on the interview's import path.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: How long `stop` waits for the render to end after asking it to, before killing it.
STOP_GRACE_SECONDS = 2.0


@dataclass
class BackgroundRender:
    """One background render at a time, of the answers text last given to `start`.

    ``answers_dir`` is the folder of the answers file (a relative ``meta.policy`` is read
    from there), ``output`` the PDF the person asked for: the render writes next to it, so
    that moving it into place is a rename on the same file system and a pack's path is
    recorded relative to the same folder.
    """

    answers_dir: Path
    output: Path
    lang: str
    questionnaire_path: str | None = None
    _process: subprocess.Popen | None = field(default=None, repr=False)
    _key: str | None = field(default=None, repr=False)

    @property
    def _answers_file(self) -> Path:
        return self.answers_dir / f".{self.output.stem}.rendering-{os.getpid()}.yaml"

    @property
    def _pdf_file(self) -> Path:
        return self.output.parent / f".{self.output.stem}.rendering-{os.getpid()}.pdf"

    @staticmethod
    def _key_of(answers_text: str) -> str:
        return hashlib.sha256(answers_text.encode("utf-8")).hexdigest()

    def start(self, answers_text: str) -> None:
        """Render ``answers_text`` in the background, unless that render already runs or ran.

        A failure to start (no room on the disk, a folder that cannot be written) is not the
        person's concern yet: the PDF is then made after confirming, as without this."""
        key = self._key_of(answers_text)
        if key == self._key and self._process is not None:
            return
        self.stop()
        try:
            self.answers_dir.mkdir(parents=True, exist_ok=True)
            self._answers_file.write_text(answers_text, encoding="utf-8")
            argv = [sys.executable, "-m", "riskkit", "render", str(self._answers_file),
                    "--output", str(self._pdf_file), "--force", "--lang", self.lang]
            if self.questionnaire_path:
                argv += ["--questionnaire", str(self.questionnaire_path)]
            self._process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            self._remove_files()
            self._process = None
            return
        self._key = key

    def take(self, answers_text: str, output: Path) -> Path | None:
        """The PDF of ``answers_text`` moved to ``output`` once the render has finished; None
        when the render was of other answers or failed (the caller renders in the
        foreground and so reports the error as usual)."""
        if self._process is None or self._key != self._key_of(answers_text):
            self.stop()
            return None
        code = self._process.wait()
        self._process = None
        self._key = None
        pdf = self._pdf_file
        if code != 0 or not pdf.is_file():
            self._remove_files()
            return None
        Path(pdf).replace(output)
        self._remove_files()
        return output

    def stop(self) -> None:
        """End the running render, if any, and remove its files. Safe to call twice."""
        process, self._process, self._key = self._process, None, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._remove_files()

    def _remove_files(self) -> None:
        # the render writes its PDF atomically (a temporary name, then a rename): a stopped
        # render may leave that temporary file too, named after ours
        for path in (self._answers_file, self._pdf_file):
            with contextlib.suppress(OSError):
                path.unlink()
        with contextlib.suppress(OSError):
            for stray in self.output.parent.glob(f".{self._pdf_file.name}.*.tmp"):
                stray.unlink()
