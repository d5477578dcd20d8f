"""The choropleth of the change per municipality: CBS 2025 boundaries decoded from TopoJSON on the
server, one path per municipality in the report, coloured by the class of its average change."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from django.test import Client

from opgave.simulation import kaart
from opgave.simulation.models import Simulation

from .conftest import World
from .test_pages import _client, _post
from .test_simulation import _run

SVG = "{http://www.w3.org/2000/svg}"


def test_the_topojson_decodes_to_342_closed_municipalities_inside_the_drawing() -> None:
    paths, width, height = kaart.shapes()
    assert len(paths) == 342 and paths["GM0363"][0] == "Amsterdam"
    for _name, path in paths.values():
        for ring in path.split("Z")[:-1]:
            points = [tuple(map(float, p.split())) for p in ring.lstrip("M").split("L")]
            assert len(points) >= 4 and points[0] == points[-1]  # every ring closes exactly
            assert all(0 <= x <= width and 0 <= y <= height for x, y in points)
    assert kaart.shapes() is kaart.shapes()  # projected once per process


def test_the_scale_is_symmetric_diverging_and_zero_is_neutral() -> None:
    rows = [{"gemiddeld": -700}, {"gemiddeld": 350}]
    bounds, span = kaart.scale(rows)
    assert span == 700 and bounds == [-500, -300, -100, 100, 300, 500]
    expected = {
        -700: 0, -501: 0, -500: 1, -301: 1, -300: 2, -101: 2, -100: 3, 0: 3, 100: 3,
        101: 4, 300: 4, 301: 5, 500: 5, 501: 6, 700: 6,
    }  # fmt: skip
    for value, index in expected.items():
        assert kaart.colour(value, bounds) == kaart.COLOURS[index], value
    assert kaart.colour(0, kaart.scale([])[0]) == kaart.COLOURS[3]


def _map(html: str) -> ElementTree.Element:
    match = re.search(r'<svg class="simulation-chart simulation-map__svg".*?</svg>', html, re.S)
    assert match, "no map on the report page"
    svg = match.group(0).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ElementTree.fromstring(svg)  # noqa: S314 (our own rendered page, not untrusted input)


def test_the_report_draws_one_coloured_path_per_municipality_with_its_figure(world: World) -> None:
    client: Client = _client(world.daan)
    response = _post(world, client, size="400")
    item = Simulation.objects.get()
    _run(item)
    item.refresh_from_db()
    html = client.get(response["Location"]).content.decode()
    svg = _map(html)
    rows = next(g["rijen"] for g in item.report["indelingen"] if g["sleutel"] == "gemeente")
    assert len(rows) > 20
    bounds, _ = kaart.scale(rows)
    drawn = {p.get("data-code"): p for p in svg.iter(f"{SVG}path")}
    assert len(drawn) == 342
    with_data = {code: p for code, p in drawn.items() if "--leeg" not in (p.get("class") or "")}
    assert set(with_data) == {r["code"] for r in rows}
    for row in rows:
        path = with_data[row["code"]]
        assert path.get("fill") == kaart.colour(row["gemiddeld"], bounds)
        title = path.find(f"{SVG}title")
        assert title is not None and title.text and title.text.startswith(f"{row['groep']}: gemiddeld")
    assert all(p.get("fill") == kaart.NO_DATA for code, p in drawn.items() if code not in with_data)
    legend = [r.get("fill") for r in svg.iter(f"{SVG}rect")]
    assert legend == [*kaart.COLOURS, kaart.NO_DATA]
    assert 'href="#tabel-gemeente"' in html and 'id="tabel-gemeente"' in html and "Tabel bij de kaart" in html
    assert "kaartmateriaal CBS/PDOK, vereenvoudigd door cartomap" in html
    assert " style=" not in html and "<script>" not in html
