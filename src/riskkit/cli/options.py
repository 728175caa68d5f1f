"""Options several commands share, declared once so their help reads the same everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path

from riskkit.i18n import pgettext


def add_policies(parser: argparse.ArgumentParser) -> None:
    """``--policies DIR``: where the organisation's own policy packs are (repeatable)."""
    parser.add_argument(
        "--policies", action="append", type=Path, metavar=pgettext("cli metavar", "DIR"),
        help=pgettext(
            "policy option help",
            "a folder with your organisation's own policy packs, where a pack named in an "
            "answers file or PDF is looked up by its id (may be given more than once; "
            "default: $RISKKIT_POLICIES)"))
