"""Pairwise similarities of a session's formulations as an accessible SVG heat map (no script, no inline style).

Five shades (classes ``opgave-heat--0`` … ``--4``, light to dark) each cover a fifth of [0, 1]; every
cell also prints its value, so colour is never the only carrier. The session page shows the same
figures as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CELL, LABEL_WIDTH, TOP = 64, 180, 120


@dataclass(frozen=True)
class Cell:
    x: str
    y: str
    text_x: str
    text_y: str
    shade: int
    value: str
    title: str


@dataclass(frozen=True)
class Heatmap:
    width: int
    height: int
    cell: int
    cells: list[Cell]
    rows: list[tuple[str, str, str]]  # (x, y, label) of the row labels
    columns: list[tuple[str, str, str]]  # (x, y, label) of the column labels


def _fmt(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _short(name: str) -> str:
    return name if len(name) <= 22 else name[:21] + "…"


def similarity_heatmap(divergence: dict[str, Any]) -> Heatmap | None:
    """``None`` when there are fewer than two participants with a similarity."""
    people = list(divergence.get("participants", []))
    pairs = {(p["a"], p["b"]): float(p["similarity"]) for p in divergence.get("pairs", [])}
    if not pairs or len(people) < 2:
        return None
    cells = []
    for row, a in enumerate(people):
        for col, b in enumerate(people):
            value = 1.0 if a == b else pairs.get((min(a, b), max(a, b)))
            if value is None:
                continue
            x, y = LABEL_WIDTH + col * CELL, TOP + row * CELL
            shade = min(4, int(value * 5))
            title = "zelfde deelnemer" if a == b else f"{a} en {b}: gelijkenis {_fmt(value)}"
            cells.append(
                Cell(str(x), str(y), str(x + CELL // 2), str(y + CELL // 2), shade, _fmt(value), title)
            )
    rows = [(str(LABEL_WIDTH - 8), str(TOP + i * CELL + CELL // 2), _short(p)) for i, p in enumerate(people)]
    columns = [
        (str(LABEL_WIDTH + i * CELL + CELL // 2), str(TOP - 8), _short(p)) for i, p in enumerate(people)
    ]
    return Heatmap(
        width=LABEL_WIDTH + CELL * len(people) + 8,
        height=TOP + CELL * len(people) + 8,
        cell=CELL,
        cells=cells,
        rows=rows,
        columns=columns,
    )
