"""Reading the design (issue #9, section 3): the overview shows the agreed design and editing is a
separate action; step 3 draws the four perspectives with a table; a version prints as a PDF."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from tests.collaborations.conftest import World
from tests.core.factories import act

from opgave.collaborations import services


def client_for(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def test_the_overview_shows_the_agreed_design_and_editing_is_separate(world: World) -> None:
    item = world.collaboration
    services.save_draft(
        item,
        expected_revision=item.revision,
        step=1,
        data={"opgave": "Nog niet afgesproken tekst", "bedoeling": ""},
        actor=act(world.anna),
    )
    html = client_for(world.anna).get(reverse("collaborations:detail", args=[item.uuid])).content.decode()
    assert "Het afgesproken ontwerp" in html
    assert "Gemeente Zeist" in html  # a party of the agreed version, in the parties table
    assert "Nog niet afgesproken tekst" not in html  # the draft is not the agreed design
    assert "wijzigingen in het werkconcept die nog niet zijn vastgesteld" in html
    assert f'href="{reverse("collaborations:step", args=[item.uuid, 1])}">Ontwerp bewerken</a>' in html
    assert "<textarea" not in html.split("Het afgesproken ontwerp")[1].split("Fase:")[0]


def test_step_3_draws_the_four_perspectives_with_a_table(world: World) -> None:
    item = world.collaboration
    answers = {"b1": 5, "b2": 5, "n1": 2}
    services.save_draft(
        item,
        expected_revision=item.revision,
        step=3,
        data={"answers": answers, "chosen_principle": "meerlaags_bestuur"},
        actor=act(world.anna),
    )
    html = client_for(world.anna).get(reverse("collaborations:step", args=[item.uuid, 3])).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    for name in (
        "Meerlaags bestuur",
        "Meerlaags management",
        "Netwerkende samenwerking",
        "Maatschappelijke samenwerking",
    ):
        assert name in html
    assert "opgave-quadrant__cell--chosen" in html and "★ leidend" in html
    assert "De vier perspectieven: scores, voorstel en keuze" in html  # the table alternative


def test_a_version_prints_as_a_pdf_for_participants_only(world: World) -> None:
    item = world.collaboration
    url = reverse("collaborations:version-pdf", args=[item.uuid, 1])
    response = client_for(world.anna).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 5000
    assert 'filename="schuldenaanpak-utrecht-versie-1.pdf"' in response["Content-Disposition"]
    assert client_for(world.otto).get(url).status_code in {403, 404}
