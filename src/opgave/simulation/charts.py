"""Charts of the report as server-rendered SVG (no script, nothing from a CDN: the strict CSP holds).

Every chart has a text alternative (``role="img"`` with a title and description) and the page
shows the same numbers in a table next to it. Geometry only; the template draws the shapes.
"""

from __future__ import annotations

from typing import Any

from opgave.simulation.report import euro

WIDTH = 640
HEIGHT = 220
PAD = 40


def _n(value: float) -> str:
    """A coordinate as SVG wants it (a point, never the Dutch decimal comma of the template)."""
    return f"{value:.1f}"


def histogram(bins: list[dict[str, int]]) -> dict[str, Any]:
    """Vertical bars: the number of persons per band of change (cents)."""
    if not bins:
        return {"bars": [], "width": WIDTH, "height": HEIGHT}
    top = max(b["aantal"] for b in bins) or 1
    step = (WIDTH - 2 * PAD) / len(bins)
    bars = []
    for index, item in enumerate(bins):
        height = (HEIGHT - 2 * PAD) * item["aantal"] / top
        bars.append(
            {
                "x": _n(PAD + index * step + 2),
                "y": _n(HEIGHT - PAD - height),
                "width": _n(max(step - 4, 1)),
                "height": _n(height),
                "label": f"{euro(item['van'])} tot {euro(item['tot'])}: {item['aantal']} personen",
                "van": euro(item["van"]),
                "tot": euro(item["tot"]),
                "aantal": item["aantal"],
            }
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": HEIGHT - PAD,
        "left": PAD,
        "right": WIDTH - PAD,
        "first": bars[0]["van"],
        "last": bars[-1]["tot"],
        "top": top,
    }


def bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal bars: the average change per person per group, left of zero for a loss."""
    row_height = 24
    label_width = 230
    span = max((abs(r["gemiddeld"]) for r in rows), default=0) or 1
    half = (WIDTH - label_width - 20) / 2
    zero = label_width + half
    shapes = []
    for index, row in enumerate(rows):
        length = half * abs(row["gemiddeld"]) / span
        shapes.append(
            {
                "y": _n(index * row_height + 4),
                "x": _n(zero - length if row["gemiddeld"] < 0 else zero),
                "width": _n(max(length, 0.5)),
                "height": _n(row_height - 8),
                "text_y": _n(index * row_height + row_height / 2 + 4),
                "groep": row["groep"],
                "negatief": row["gemiddeld"] < 0,
                "label": f"{row['groep']}: gemiddeld {euro(row['gemiddeld'])} per persoon",
            }
        )
    return {
        "bars": shapes,
        "width": WIDTH,
        "height": max(len(rows), 1) * row_height + 8,
        "zero": _n(zero),
        "label_x": _n(label_width - 8),
    }
