"""The Parquet export per person and the printable report page."""

from __future__ import annotations

import io

import polars as pl

from opgave.simulation.models import Simulation

from .conftest import World
from .test_pages import _client, _post
from .test_simulation import _run


def test_the_parquet_export_has_one_row_per_person_and_sums_to_the_report(world: World) -> None:
    client = _client(world.daan)
    response = _post(world, client, size="300")
    item = Simulation.objects.get()
    _run(item)
    item.refresh_from_db()
    url = response["Location"]
    export = client.get(f"{url}personen.parquet")
    assert export.status_code == 200 and export["Content-Type"] == "application/vnd.apache.parquet"
    assert "attachment" in export["Content-Disposition"]
    frame = pl.read_parquet(io.BytesIO(export.content))
    assert frame.height == item.report["personen_in_populatie"] == 300
    assert frame["rij"].to_list() == list(range(1, 301))
    assert frame.schema["verschil_cent"] == pl.Int64
    counted = frame.filter(pl.col("aanvrager").fill_null(True)) if "aanvrager" in frame.columns else frame
    total = item.report["totaal"]
    assert counted["basis_cent"].fill_null(0).sum() == total["basis"]
    assert counted["voorstel_cent"].fill_null(0).sum() == total["voorstel"]
    assert counted["verschil_cent"].sum() == total["verschil"]
    assert (counted["verschil_cent"] > 0).sum() == total["vooruit"]
    assert not {"inkomen", "vermogen", "leeftijd", "bsn"} & set(frame.columns)  # no inputs leave


def test_the_printable_page_has_the_report_without_navigation(world: World) -> None:
    client = _client(world.daan)
    response = _post(world, client, size="200")
    item = Simulation.objects.get()
    queued = client.get(f"{response['Location']}afdrukken/").content.decode()
    assert "nog geen rapport" in queued
    _run(item)
    report = client.get(response["Location"]).content.decode()
    assert f'href="{response["Location"]}afdrukken/"' in report and "Afdrukken / printversie" in report
    printed = client.get(f"{response['Location']}afdrukken/").content.decode()
    assert "Samenvatting" in printed and "Per gemeente" in printed and "simulation-map__svg" in printed
    assert "<nav" not in printed and "<script" not in printed and "opgave-header" not in printed
    assert "@media print" in open_css()


def test_someone_else_gets_404_for_the_parquet_export_and_the_print_page(world: World) -> None:
    client = _client(world.daan)
    response = _post(world, client, size="100")
    _run(Simulation.objects.get())
    other = _client(world.sanne)
    for suffix in ("personen.parquet", "afdrukken/"):
        assert other.get(f"{response['Location']}{suffix}").status_code == 404


def open_css() -> str:
    from opgave.simulation.population import DATA

    return (DATA.parent / "static" / "simulation" / "simulation.css").read_text(encoding="utf-8")
