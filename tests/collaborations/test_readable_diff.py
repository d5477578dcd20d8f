"""Version comparison in the language of the design (issue #9, section 3): sentences per step,
word-level marks, Dutch dates, no UUIDs or ISO timestamps, unchanged fields collapsed; the API
keeps its machine paths and adds the labels."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from tests.collaborations.conftest import World, make_org, party
from tests.core.factories import act

from opgave.collaborations import readable, services
from opgave.core.models import OrganisationKind

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def second_version(world: World) -> Any:
    item = world.collaboration
    uwv = make_org("UWV", OrganisationKind.UITVOERINGSORGANISATIE)
    parties = [*item.draft["step2"]["parties"], {**party(uwv, "uitvoerder"), "joined_on": "2026-11-26"}]
    parties[1] = {**parties[1], "role": "regisseur"}
    item = services.save_draft(
        item, expected_revision=item.revision, step=2, data={"parties": parties}, actor=act(world.anna)
    )
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=1,
        data={"opgave": "Problematische schulden samen vroeg voorkomen.", "bedoeling": "Bestaanszekerheid"},
        actor=act(world.anna),
    )
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=4,
        data={"centre_position": "onder", "neutral_connector": "Programmabureau"},
        actor=act(world.anna),
    )
    services.agree_version(item, expected_revision=item.revision, actor=act(world.anna))
    item.refresh_from_db()
    return item


def test_changes_read_as_sentences_per_step(world: World) -> None:
    item = second_version(world)
    old, new = item.versions.get(number=1).data, item.versions.get(number=2).data
    steps = {s.key: s for s in readable.compare(old, new)}
    summaries = [c.summary for c in steps["step2"].changes]
    assert "UWV toegevoegd als uitvoerder" in summaries
    assert "Gemeente Zeist: rol van Uitvoerder naar Regisseur" in summaries
    assert "Plaats van het Rijk: Onder: het Rijk maakt mogelijk en levert" in [
        c.summary for c in steps["step4"].changes
    ]
    uwv = next(c for c in steps["step2"].changes if c.summary.startswith("UWV"))
    assert uwv.fields == []  # added as a whole: one sentence and one line of details
    assert "doet mee sinds: 26 november 2026" in uwv.details and "rol: Uitvoerder" in uwv.details
    assert "(id)" not in uwv.details
    assert steps["step3"].changes == [] and steps["step5"].changes == []
    assert any(label.startswith("Provincie Utrecht") for label, _ in steps["step2"].unchanged)


def test_changed_text_is_marked_word_by_word_on_the_page(world: World) -> None:
    item = second_version(world)
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=1,
        data={
            "opgave": "Problematische schulden samen nog eerder voorkomen.",
            "bedoeling": "Bestaanszekerheid",
        },
        actor=act(world.anna),
    )
    services.agree_version(item, expected_revision=item.revision, actor=act(world.anna))
    client = Client()
    client.force_login(world.anna)
    html = client.get(
        reverse("collaborations:compare", args=[item.uuid]), {"oud": 2, "nieuw": 3}
    ).content.decode()
    assert "<del>vroeg</del>" in html and "<ins>nog eerder</ins>" in html
    assert "Opgave gewijzigd" in html


def test_changed_text_is_marked_word_by_word() -> None:
    before, after = readable.words("Schulden samen voorkomen.", "Schulden samen vroeg voorkomen.")
    assert [s.text for s in after if s.changed] == ["vroeg "]
    assert not any(s.changed for s in before)


def test_the_compare_page_speaks_the_language_of_the_design(world: World) -> None:
    item = second_version(world)
    client = Client()
    client.force_login(world.anna)
    response = client.get(reverse("collaborations:compare", args=[item.uuid]), {"oud": 1, "nieuw": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stap 2 · Partijen" in html and "UWV toegevoegd als uitvoerder" in html
    assert "Opgave ingevuld" in html
    assert "ongewijzigde velden" in html and "<details" in html
    text = re.sub(r"<[^>]+>", " ", html.split('id="inhoud"')[1])
    assert not UUID.search(text), "a UUID is shown"
    assert not ISO.search(text), "an ISO date is shown"


def test_the_api_diff_keeps_its_paths_and_adds_labels(world: World) -> None:
    item = second_version(world)
    client = Client()
    client.force_login(world.anna)
    changes = client.get(f"/api/v1/collaborations/{item.uuid}/versions/1/diff/2").json()["changes"]
    role = next(c for c in changes if c["path"] == "step2.parties[UWV].role")
    assert role["new"] == "uitvoerder"
    assert role["label"] == "Stap 2 · Partijen · rol"
    assert role["summary"] == "Stap 2 · Partijen: UWV toegevoegd als uitvoerder"
