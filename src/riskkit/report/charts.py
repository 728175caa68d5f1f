"""The SVG charts of the report as plain data for templates/report_macros.html: the two
heat maps (before and after the measures in place) and the NIST AI RMF bars."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from riskkit import i18n
from riskkit.core.model import Matrix, Questionnaire
from riskkit.core.result import Result, RiskResult
from riskkit.i18n import labels, pgettext
from riskkit.report.style import safe_colour, text_colour_on, tint


def _marker_grid(n: int, longest: int, avail: float) -> tuple[int, int, float, float, float]:
    """``(cols, rows, width, height, font)`` for ``n`` pills in a cell ``avail`` wide: the
    grid whose label font is largest (six "R10"s read better as 2 x 3 than as 3 x 2)."""

    def grid(cols: int) -> tuple[int, int, float, float, float]:
        rows = math.ceil(n / cols)
        width = min(avail / cols - 0.9, 9.0)
        height = min(avail / max(rows, 2) - 0.6, 4.2)
        return cols, rows, width, height, min(height * 0.7, (width - 1.0) / (0.72 * longest))

    return max((grid(cols) for cols in range(1, n + 1)), key=lambda g: round(g[4], 6))


def markers(cells: Mapping[tuple[int, int], list[str]], size: float) -> list[dict]:
    """Numbered pills laid out inside their cells, small enough to fit however many."""
    out = []
    pad = 0.9
    avail = size - 2 * pad
    for (row, col), numbers in cells.items():
        cols, rows, width, height, font = _marker_grid(
            len(numbers), max(len(x) for x in numbers), avail)
        cell_w, cell_h = avail / cols, avail / max(rows, 2)
        x0 = col * size + pad + (avail - cell_w * cols) / 2
        y0 = row * size + pad + (avail - cell_h * rows) / 2
        for i, number in enumerate(numbers):
            cx = x0 + (i % cols) * cell_w + cell_w / 2
            cy = y0 + (i // cols) * cell_h + cell_h / 2
            out.append({"x": round(cx - width / 2, 2), "y": round(cy - height / 2, 2),
                        "w": round(width, 2), "h": round(height, 2), "cx": round(cx, 2),
                        "ty": round(cy + font * 0.36, 2), "font": round(font, 2),
                        "r": round(min(height / 2, 1.2), 2), "label": number})
    return out


def heatmap(matrix: Matrix, numbered: Sequence[tuple[str, RiskResult]], phase: str,
             title: str) -> dict[str, Any]:
    size = 15.0
    n_l, n_c = matrix.max_likelihood, matrix.max_consequence
    cells = []
    for li in range(n_l, 0, -1):
        row = n_l - li
        for ci in range(1, n_c + 1):
            level = matrix.level(li, ci)
            cells.append({"x": (ci - 1) * size, "y": row * size, "w": size, "h": size,
                          "fill": tint(safe_colour(level.colour), 0.55),
                          "score": i18n.format_number(li * ci)})
    placed: dict[tuple[int, int], list[str]] = {}
    for number, risk in numbered:
        rating = getattr(risk, phase)
        key = (n_l - rating.likelihood.value, rating.consequence.value - 1)
        placed.setdefault(key, []).append(number)
    return {
        "title": title, "size": size, "width": n_c * size, "height": n_l * size,
        "cells": cells, "markers": markers(placed, size),
        "x_ticks": [{"x": (i - 0.5) * size, "label": i18n.format_number(i)}
                    for i in range(1, n_c + 1)],
        "y_ticks": [{"y": (n_l - i + 0.5) * size, "label": i18n.format_number(i)}
                    for i in range(1, n_l + 1)],
        "x_label": pgettext("risk dimension", "Consequence"),
        "y_label": pgettext("risk dimension", "Likelihood"),
    }


def nist_bars(q: Questionnaire, result: Result) -> dict[str, Any]:
    rows = []
    names = [labels.nist_function(name) for name in result.nist.functions]
    # the bold 3.2 mm labels take about 2.4 mm a character; the bar gets what is left
    label_w = max(24.0, 2.4 * max((len(n) for n in names), default=0) + 3)
    width = max(60.0, 170.0 - label_w - 46)
    for index, (name, tally) in enumerate(result.nist.functions.items()):
        asked = tally.asked
        parts = []
        x = 0.0
        for _status, count, colour in (("in_place", tally.in_place, "#3f8f4f"),
                                      ("missing", tally.missing, "#b3261e"),
                                      ("unknown", tally.unknown, "#8a8f98")):
            if asked and count:
                w = width * count / asked
                parts.append({"x": round(x, 3), "w": round(w, 3), "colour": colour,
                              "count": i18n.format_number(count), "label_fits": w >= 6,
                              "text": text_colour_on(colour)})
                x += w
        rows.append({
            "name": labels.nist_function(name), "y": index * 9.0, "parts": parts,
            "asked": asked,
            "summary": (pgettext("NIST function bar", "{in_place} of {asked} in place ({share})")
                        .format(in_place=i18n.format_number(tally.in_place),
                                asked=i18n.format_number(asked),
                                share=i18n.format_percent(tally.share))
                        if asked else pgettext("NIST function bar", "no practice asked")),
        })
    return {"rows": rows, "height": len(rows) * 9.0, "width": width, "label_w": label_w,
            "legend": _legend([("#3f8f4f", labels.practice_status("in_place")),
                               ("#b3261e", labels.practice_status("missing")),
                               ("#8a8f98", labels.practice_status("unknown"))])}


def _legend(items: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """Legend entries placed one after the other, each as wide as its label needs."""
    out, x = [], 0.0
    for colour, label in items:
        out.append({"colour": colour, "label": label, "x": x})
        x += max(24.0, 1.9 * len(label) + 10)
    return out
