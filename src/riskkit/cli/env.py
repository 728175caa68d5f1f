"""What the command line talks to, gathered in one object so tests can pass a fake one."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from riskkit.text import terminal_safe


@dataclass
class Environment:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path = field(default_factory=Path.cwd)

    @property
    def stdin_isatty(self) -> bool:
        return bool(getattr(self.stdin, "isatty", lambda: False)())

    def print(self, *parts: object) -> None:
        """Print a message; control characters from a file it quotes are shown, not obeyed
        (an ESC sequence in an answers file must not retitle or clear the terminal)."""
        print(*(terminal_safe(str(p)) for p in parts), file=self.stdout)

    def error(self, *parts: object) -> None:
        print(*(terminal_safe(str(p)) for p in parts), file=self.stderr)
