"""The folder for assessments: where `riskkit assess` keeps drafts and reports by default.

A draft holds personal data (the assessor's and the owner's names, answers about residents'
data), so it must not land wherever the terminal happened to be (a shared folder, the
source checkout): by default it goes to ``~/riskkit/``, created readable by its owner alone
(0700). ``$RISKKIT_HOME`` names another folder (an organisation's encrypted share, say);
``--answers`` and ``--output`` name files anywhere and override both. An environment variable
rather than a configuration file: riskkit has no other per-user setting, and the variable
works the same in a shell profile, a desktop launcher and a test.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from riskkit.errors import RiskkitError
from riskkit.i18n import pgettext

#: The environment variable naming the folder for assessments.
VARIABLE = "RISKKIT_HOME"
#: The folder's name in the home folder when the variable is not set.
DEFAULT_NAME = "riskkit"
#: ... and when ``~/riskkit`` is a clone of riskkit's own sources (a common place to clone
#: it): drafts never go into the source checkout by default.
CHECKOUT_NAME = "riskkit-assessments"


@dataclass(frozen=True)
class Folder:
    """The folder for assessments, once it exists: its absolute path, and whether other
    users of the computer can open it (a folder the person made themselves, or named in
    $RISKKIT_HOME, is not changed behind their back; they are told instead)."""

    path: Path
    open_to_others: bool


def location(environ: Mapping[str, str], cwd: Path) -> Path:
    """``$RISKKIT_HOME`` (relative to `cwd`, ``~`` expanded), else ``~/riskkit``, or
    ``~/riskkit-assessments`` when ``~/riskkit`` holds riskkit's source checkout."""
    home = Path(environ.get("HOME") or Path.home())
    configured = environ.get(VARIABLE, "").strip()
    if configured:
        if configured.startswith("~"):
            configured = str(home) + configured[1:]
        return cwd / configured
    default = home / DEFAULT_NAME
    if (default / "src" / "riskkit").is_dir() or (default / ".git").exists():
        return home / CHECKOUT_NAME
    return default


def ensure(path: Path) -> Folder:
    """Create the folder (and its parents) if it is missing, readable by its owner alone.

    Raises RiskkitError, naming the folder, when it cannot be made or is not a folder.
    """
    try:
        if not path.is_dir():
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened
        mode = path.stat().st_mode
    except OSError as exc:
        raise RiskkitError(
            pgettext(
                "assess", "Could not create the folder for assessments {folder}: {error}."
            ).format(folder=path, error=exc.strerror or exc)
        ) from None
    return Folder(path, bool(mode & (stat.S_IRWXG | stat.S_IRWXO)))
