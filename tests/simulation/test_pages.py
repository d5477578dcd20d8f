"""The simulation pages: start from the form, see the progress, read the report, export CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.test import Client
from django_tasks_db.models import DBTaskResult

from opgave.simulation.models import Population, Simulation, SimulationStatus

from .conftest import World
from .test_simulation import _run


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _post(world: World, client: Client, **extra: Any) -> Any:
    data = {
        "organisation": str(world.toeslagen.uuid),
        "base": "1",
        "proposal": "2",
        "decision": "Zorgtoeslag per jaar",
        "source": "genereren",
        "size": "200",
        "seed": "3",
        **extra,
    }
    return client.post(f"/regels/{world.zorg.uuid}/simulaties/", data)


def test_start_from_the_form_follow_progress_and_read_the_report(world: World) -> None:
    client = _client(world.daan)
    page = client.get(f"/regels/{world.zorg.uuid}/")
    assert f"/regels/{world.zorg.uuid}/simulaties/" in page.content.decode()
    response = _post(world, client)
    item = Simulation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/simulaties/{item.uuid}/")
    waiting = client.get(response["Location"]).content.decode()
    assert "In de wachtrij" in waiting and 'hx-trigger="every 1s"' in waiting
    _run(item)
    fragment = client.get(f"{response['Location']}voortgang/", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    report = client.get(response["Location"]).content.decode()
    assert "Samenvatting" in report and "Per huishoudtype" in report and "Grootste veranderingen" in report
    assert "Bron: CBS" in report
    export = client.get(f"{response['Location']}rapport.csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:3] == ["indeling", "groep", "code"] and rows[1][0] == "totaal"
    total = item.__class__.objects.get().report["totaal"]
    assert rows[1][6] == f"{total['verschil'] // 100}.{total['verschil'] % 100:02d}"


def test_a_bad_file_shows_column_and_row_on_the_form_and_stores_nothing(world: World) -> None:
    client = _client(world.daan)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "mensen.csv", b"leeftijd,verzekerd,toeslagpartner,toetsingsinkomen,vermogen\n30,ja,nee,abc,0\n"
    )
    response = _post(world, client, source="bestand", size="", file=upload)
    assert response.status_code == 422
    text = response.content.decode()
    assert "Rij 1, kolom &#x27;toetsingsinkomen&#x27;: &#x27;abc&#x27; is geen getal." in text
    assert (
        not Simulation.objects.exists()
        and not Population.objects.exists()
        and not DBTaskResult.objects.exists()
    )


def test_someone_else_gets_404_for_a_simulation_and_its_export(world: World) -> None:
    _post(world, _client(world.daan))
    item = Simulation.objects.get()
    _run(item)
    assert item.status == SimulationStatus.DONE
    for path in ("", "voortgang/", "rapport.csv"):
        assert (
            _client(world.sanne).get(f"/regels/{world.zorg.uuid}/simulaties/{item.uuid}/{path}").status_code
            == 404
        )
