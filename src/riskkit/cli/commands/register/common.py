"""What the `riskkit register` actions share: the register named by --db, and tables sized
to the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

from riskkit.cli.env import Environment


def register_target(value: str) -> Path | str:
    """``--db``: a ``postgresql://`` URL stays text, anything else is a file."""
    from riskkit.register.db import is_url

    return value if is_url(value) else Path(value).expanduser()


def open_register(args: argparse.Namespace, env: Environment):
    from riskkit.register import store as reg_store

    return reg_store.Register(args.db or reg_store.default_path(env.environ))


def table_width(env: Environment, args: argparse.Namespace | None = None) -> int | None:
    """The terminal's width (``$COLUMNS``, else what the terminal says), or None when the
    output goes to a file or a pipe, or with ``--wide``: a script reading it needs the full
    texts, whatever ``$COLUMNS`` the shell exported."""
    import shutil

    if getattr(args, "wide", False) or not getattr(env.stdout, "isatty", lambda: False)():
        return None
    try:
        return max(int(env.environ["COLUMNS"]), 40)
    except (KeyError, ValueError):
        return shutil.get_terminal_size((100, 40)).columns


def table(rows: list[list[object]], header: list[str], width: int | None = None,
           indent: str = "", cut: tuple[int, ...] = ()) -> list[str]:
    """A plain-text table. When ``width`` is given, the texts in the columns ``cut`` (prose,
    never an ID that another command needs) are wrapped onto more lines within their column
    until each line fits, so that nothing is lost and the terminal does not break a row
    across the screen."""
    import textwrap

    cells = [list(header), *([str(v) for v in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    if width is not None:
        floor = [min(w, 6) if i in cut else w for i, w in enumerate(widths)]
        while len(indent) + sum(widths) + 2 * (len(widths) - 1) > width:
            i = max(range(len(widths)), key=lambda k: widths[k] - floor[k])
            if widths[i] <= floor[i]:
                break
            widths[i] -= 1

    def lines_of(row: list[str]) -> list[str]:
        parts = [textwrap.wrap(v, w, break_on_hyphens=False) or [""] if len(v) > w else [v]
                 for v, w in zip(row, widths, strict=True)]
        return [(indent + "  ".join((p[n] if n < len(p) else "").ljust(w)
                                    for p, w in zip(parts, widths, strict=True))).rstrip()
                for n in range(max(map(len, parts)))]

    return [*lines_of(cells[0]), indent + "  ".join("-" * w for w in widths),
            *(line for row in cells[1:] for line in lines_of(row))]


