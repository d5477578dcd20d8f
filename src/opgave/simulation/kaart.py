"""A choropleth of the average change per person per municipality, drawn on the server as SVG.

The boundaries are the CBS municipal boundaries of 1 January 2025 (``data/gemeente_2025.topojson``,
simplified by cartomap; "Bron: CBS; kaartmateriaal CBS/PDOK", CC BY 4.0). TopoJSON is decoded here
(delta-encoded, quantised arcs; a negative arc index ``~i`` is arc ``i`` reversed), projected
equirectangularly with the longitude scaled by cos(52°) — at the scale of the Netherlands that is
close enough to look right — and cached per process. No script and no ``style`` attribute: the
colours are SVG ``fill`` presentation attributes, which the strict CSP allows.
"""

from __future__ import annotations

import bisect
import json
import math
from functools import lru_cache
from typing import Any

from opgave.simulation.population import DATA
from opgave.simulation.report import euro

WIDTH = 480
MARGIN = 4
# ColorBrewer PuOr, 7 classes: colour-blind safe; orange = loss, purple = gain, neutral in the middle.
COLOURS = ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788")
NO_DATA = "#bdbdbd"
_COS = math.cos(math.radians(52.2))


def _n(value: float) -> str:
    return f"{value:.1f}"


@lru_cache(maxsize=1)
def shapes() -> tuple[dict[str, tuple[str, str]], int, int]:
    """``{statcode: (name, svg path)}``, width and height of the drawing (read and projected once)."""
    topo = json.loads((DATA / "gemeente_2025.topojson").read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(((x * sx + tx) * _COS, -(y * sy + ty)))
        arcs.append(points)
    xs = [p[0] for arc in arcs for p in arc]
    ys = [p[1] for arc in arcs for p in arc]
    left, top = min(xs), min(ys)
    factor = (WIDTH - 2 * MARGIN) / (max(xs) - left)
    height = round((max(ys) - top) * factor + 2 * MARGIN)

    def ring(indices: list[int]) -> str:
        points: list[tuple[float, float]] = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        coords = [f"{_n((x - left) * factor + MARGIN)} {_n((y - top) * factor + MARGIN)}" for x, y in points]
        return "M" + "L".join(coords) + "Z"

    result: dict[str, tuple[str, str]] = {}
    (layer,) = topo["objects"].values()
    for geometry in layer["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(ring(r) for polygon in polygons for r in polygon)
        props = geometry["properties"]
        result[props["statcode"]] = (props["statnaam"], path)
    return result, WIDTH, height


def scale(rows: list[dict[str, Any]]) -> tuple[list[float], int]:
    """Class boundaries (cents) symmetric around zero, from the largest average change; and that span."""
    span = max((abs(r["gemiddeld"]) for r in rows), default=0) or 1
    return [-5 * span / 7, -3 * span / 7, -span / 7, span / 7, 3 * span / 7, 5 * span / 7], span


def colour(value: int, bounds: list[float]) -> str:
    """The class colour of an average change; the middle class holds zero and everything near it."""
    if value < 0:
        return COLOURS[bisect.bisect_right(bounds[:3], value)]
    return COLOURS[3 + bisect.bisect_left(bounds[3:], value)]


def choropleth(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Paths coloured by the average change per person (``rows``: the report's municipal rows)."""
    paths, width, height = shapes()
    bounds, span = scale(rows)
    by_code = {r["code"]: r for r in rows}
    areas = []
    for code, (name, path) in paths.items():
        row = by_code.get(code)
        if row is None:
            areas.append(
                {"code": code, "d": path, "fill": NO_DATA, "data": False, "label": f"{name}: geen personen"}
            )
            continue
        areas.append(
            {
                "code": code,
                "d": path,
                "fill": colour(row["gemiddeld"], bounds),
                "data": True,
                "label": f"{name}: gemiddeld {euro(row['gemiddeld'])} per persoon ({row['personen']} personen)",
            }
        )
    edges = [round(b) for b in bounds]
    names = [
        f"minder dan {euro(edges[0])}",
        f"{euro(edges[0])} tot {euro(edges[1])}",
        f"{euro(edges[1])} tot {euro(edges[2])}",
        f"rond nul ({euro(edges[2])} tot {euro(edges[3])})",
        f"{euro(edges[3])} tot {euro(edges[4])}",
        f"{euro(edges[4])} tot {euro(edges[5])}",
        f"meer dan {euro(edges[5])}",
    ]
    legend = [
        {"fill": fill, "label": label, "y": _n(MARGIN + i * 22)}
        for i, (fill, label) in enumerate([*zip(COLOURS, names, strict=True), (NO_DATA, "geen personen")])
    ]
    return {
        "areas": areas,
        "width": width,
        "height": height,
        "legend": legend,
        "legend_x": width + 12,
        "total_width": width + 230,
        "span": euro(round(span)),
        "missing": [r["groep"] for r in rows if r["code"] not in paths],
    }
