"""The idling index over time as coordinates for an accessible inline SVG (no script, no inline style)."""

from __future__ import annotations

from dataclasses import dataclass

from opgave.collaborations.diagnostics import IDLING_THRESHOLD, MOVING_THRESHOLD, Idling

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 40, 16, 48
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass(frozen=True)
class Point:
    """Coordinates are strings with a decimal point: the template must not localise them (``12,5``)."""

    x: str
    y: str
    label: str
    value: str


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    points: list[Point]
    polyline: str
    y_ticks: list[tuple[str, str]]
    thresholds: list[tuple[str, str]]
    left: str
    right: str
    tick_x: str
    label_y: str


def _y(value: float) -> str:
    return f"{TOP + (1 - value) * (HEIGHT - TOP - BOTTOM):.1f}"


def idling_plot(series: list[Idling]) -> Plot:
    """x: one step per point of the series; y: index 0 (beweging) … 1 (stationair). Gaps for ``None``."""
    span = max(len(series) - 1, 1)
    points = []
    for i, item in enumerate(series):
        x = f"{LEFT + i * (WIDTH - LEFT - RIGHT) / span:.1f}"
        label = f"{MONTHS[item.end.month - 1]} {item.end.year}"
        if item.index is not None:
            points.append(Point(x, _y(item.index), label, f"{item.index:.2f}".replace(".", ",")))
        else:
            points.append(Point(x, _y(0), label, "geen gegevens"))
    line = " ".join(f"{p.x},{p.y}" for p, s in zip(points, series, strict=True) if s.index is not None)
    return Plot(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        polyline=line,
        y_ticks=[(_y(v), f"{v:.2f}".replace(".", ",")) for v in (0.0, 0.25, 0.5, 0.75, 1.0)],
        thresholds=[(_y(IDLING_THRESHOLD), "stationair"), (_y(MOVING_THRESHOLD), "in beweging")],
        left=str(LEFT),
        right=str(WIDTH - RIGHT),
        tick_x=str(LEFT - 8),
        label_y=str(HEIGHT - BOTTOM + 20),
    )
