"""Colours and CSS strings for the report: level colours from the matrix (checked, with a
readable text colour), and texts that go into CSS (page header and footer) escaped so
nothing in them can end the string or the stylesheet."""

from __future__ import annotations

import re
from typing import Any

from riskkit import i18n
from riskkit.core.model import Matrix
from riskkit.core.result import Rating
from riskkit.i18n import content, pgettext

# --- small formatting helpers ------------------------------------------------------------------


def _hex_to_rgb(colour: str) -> tuple[float, float, float]:
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return (0.5, 0.5, 0.5)


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG contrast)."""
    lum = _luminance(colour)
    on_white = (1.05) / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#1b1b1b"


def tint(colour: str, share: float) -> str:
    """``colour`` mixed with white: ``share`` of the colour, the rest white."""
    r, g, b = _hex_to_rgb(colour)
    mixed = [round(255 * (c * share + (1 - share))) for c in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mixed)


_SAFE_CSS = re.compile(r"[A-Za-z0-9 ]")


def css_string(text: str) -> Any:
    """``text`` as a CSS string literal in which every other character is a hex escape.

    Used for the page header and footer (margin boxes take their text from CSS). Whatever
    ``text`` holds (quotes, ``</style>``, backslashes, newlines), the result is letters,
    digits, spaces and escapes inside double quotes, so it cannot end the string or the
    style element.
    """
    from markupsafe import Markup

    out = []
    for ch in str(text):
        if _SAFE_CSS.fullmatch(ch):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x} ")
    return Markup('"' + "".join(out) + '"')

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")


def safe_colour(colour: str) -> str:
    """A ``#rrggbb`` colour for CSS and SVG; anything else becomes a neutral grey."""
    colour = str(colour).strip()
    if not _HEX_COLOUR.fullmatch(colour):
        return "#8a8f98"
    if len(colour) == 4:
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return colour.lower()


def level_view(matrix: Matrix, level_id: str) -> dict[str, Any]:
    level = matrix.level_by_id(level_id)
    rank = matrix.rank(level.id)
    colour = safe_colour(level.colour)
    return {"id": level.id, "label": content.level_label(matrix, level.id),
            "colour": colour, "text": text_colour_on(colour), "rank": rank,
            "cls": f"lv-{rank}", "tint_cls": f"lt-{rank}", "dot_cls": f"ld-{rank}"}


def level_styles(matrix: Matrix) -> list[dict[str, str]]:
    """One CSS class per level (badge colours, tinted matrix cells), written once per PDF
    instead of a style attribute on every badge."""
    out = []
    for rank, level in enumerate(matrix.levels):
        colour = safe_colour(level.colour)
        out.append({"cls": f"lv-{rank}", "tint_cls": f"lt-{rank}", "dot_cls": f"ld-{rank}",
                    "bg": colour,
                    "fg": text_colour_on(colour), "tint": tint(colour, 0.55)})
    return out


def rating_view(matrix: Matrix, rating: Rating) -> dict[str, Any]:
    return {"likelihood": rating.likelihood.value, "consequence": rating.consequence.value,
            "score": rating.score, "level": level_view(matrix, rating.level),
            "formula": pgettext("likelihood × consequence = score", "{l} × {c} = {s}").format(
                l=i18n.format_number(rating.likelihood.value),
                c=i18n.format_number(rating.consequence.value),
                s=i18n.format_number(rating.score))}

def page_of_css() -> Any:
    """"Page x of y" as CSS ``content``: the translated words around two page counters."""
    from markupsafe import Markup

    # Translators: the page number in the footer of every page of the PDF.
    text = pgettext("report footer", "Page {page} of {pages}")
    parts: list[str] = []
    for piece in re.split(r"(\{page\}|\{pages\})", text):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts) or "counter(page)")
