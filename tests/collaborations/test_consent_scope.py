"""A session agrees only to what it showed (issue #9, section 2): the shared opgave, bedoeling and
parties. The rest of the new version is the last agreed content; pending draft changes stay drafts;
a party named in the answers that is already in step 2 is not added twice."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from tests.collaborations.conftest import PASSWORD, World, make_org, party
from tests.core.factories import act

from opgave.collaborations import services
from opgave.collaborations.design import Party
from opgave.collaborations.models import SessionStatus
from opgave.collaborations.parties import find_party, names_of
from opgave.core.models import OrganisationKind


def agree_all(world: World, session: Any) -> None:
    for person in (world.anna, world.bram, world.carla):
        session.refresh_from_db()
        services.consent(session, decision="agree", expected_revision=session.revision, actor=act(person))
    session.refresh_from_db()
    assert session.status == SessionStatus.AGREED


def open_and_reveal(world: World, parties: list[list[str]]) -> Any:
    session = services.open_session(
        world.collaboration,
        title="Focussessie stap 1 en 2",
        participants=[world.anna, world.bram, world.carla],
        steps=[1, 2],
        actor=act(world.anna),
    )
    for person, named in zip((world.anna, world.bram, world.carla), parties, strict=True):
        services.submit_answer(
            session, formulation=f"Wat {person} ziet als probleem.", parties=named, actor=act(person)
        )
    return services.reveal(session, actor=act(world.anna))


def test_abbreviations_and_full_names_denote_the_same_party() -> None:
    assert names_of("Centraal Justitieel Incassobureau (CJIB)") == {
        "centraal justitieel incassobureau cjib",
        "centraal justitieel incassobureau",
        "cjib",
    }
    cjib = Party(organisation_name="Centraal Justitieel Incassobureau (CJIB)")
    assert find_party("cjib", [cjib]) is cjib
    assert find_party("Centraal Justitieel Incassobureau", [cjib]) is cjib
    assert find_party("CAK", [cjib]) is None


def test_a_session_on_steps_1_and_2_leaves_the_rest_of_the_agreed_design_and_the_draft_alone(
    world: World,
) -> None:
    item = world.collaboration
    agreed_before = item.versions.get(number=1).data
    # Pending, unconfirmed work in the draft: a new principle choice, step 4 text, a step 5 relation.
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=4,
        data={"organisational_form": "Een programmabureau bij de provincie"},
        actor=act(world.anna),
    )
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=5,
        data={"relations": [{"name": "Schuldhulp Zeist", "stance": "samenwerken"}]},
        actor=act(world.anna),
    )
    session = open_and_reveal(world, [["Gemeente Zeist"], ["Gemeente Zeist"], []])
    session = services.update_proposal(
        session,
        expected_revision=session.revision,
        opgave="Samen voorkomen dat schulden ontstaan.",
        bedoeling="Bestaanszekerheid voor elk huishouden",
        parties=["Gemeente Zeist"],
        actor=act(world.bram),
    )
    agree_all(world, session)
    item.refresh_from_db()
    version = item.versions.get(number=2)
    assert version.data["step1"]["opgave"] == "Samen voorkomen dat schulden ontstaan."
    assert version.data["step4"] == agreed_before["step4"]  # not the pending draft text
    assert version.data["step5"] == agreed_before["step5"]
    assert version.data["step3"] == agreed_before["step3"]
    assert version.steps_confirmed == [1, 2]
    # The pending work is still in the draft, and the draft has the agreed opgave too.
    assert item.draft["step4"]["organisational_form"] == "Een programmabureau bij de provincie"
    assert item.draft["step5"]["relations"][0]["name"] == "Schuldhulp Zeist"
    assert item.draft["step1"]["opgave"] == "Samen voorkomen dat schulden ontstaan."


def test_a_party_named_by_its_abbreviation_is_not_added_twice(world: World) -> None:
    item = world.collaboration
    cjib = make_org("Centraal Justitieel Incassobureau (CJIB)", OrganisationKind.UITVOERINGSORGANISATIE)
    parties = [*item.draft["step2"]["parties"], party(cjib, "uitvoerder")]
    item = services.save_draft(
        item, expected_revision=item.revision, step=2, data={"parties": parties}, actor=act(world.anna)
    )
    services.agree_version(item, expected_revision=item.revision, actor=act(world.anna))
    session = open_and_reveal(world, [["CJIB"], ["cjib", "Belastingdienst"], ["CJIB"]])
    assert session.proposal["parties"] == ["Centraal Justitieel Incassobureau (CJIB)"]
    session = services.update_proposal(
        session,
        expected_revision=session.revision,
        opgave="Stapeling van incasso voorkomen.",
        bedoeling="",
        parties=["CJIB", "Centraal Justitieel Incassobureau", "Woningcorporatie"],
        actor=act(world.anna),
    )
    agree_all(world, session)
    version = item.versions.order_by("-number").first()
    names = [p["organisation_name"] for p in version.data["step2"]["parties"]]
    assert names.count("Centraal Justitieel Incassobureau (CJIB)") == 1
    assert "CJIB" not in names and "Centraal Justitieel Incassobureau" not in names
    assert "Woningcorporatie" in names


def test_the_proposal_form_lets_the_facilitator_say_which_party_a_name_is(world: World) -> None:
    session = open_and_reveal(world, [["Zeist"], ["gemeente zeist"], ["Woningcorporatie"]])
    client = Client()
    client.login(username="anna", password=PASSWORD)
    url = reverse("collaborations:session", args=[session.uuid])
    page = client.get(url).content.decode()
    assert "Is dezelfde partij als" in page
    assert '<option value="Gemeente Zeist"' in page
    data = {
        "action": "proposal",
        "revision": str(session.revision),
        "opgave": "Samen schulden voorkomen.",
        "bedoeling": "",
        "partij-TOTAL_FORMS": "3",
        "partij-INITIAL_FORMS": "0",
        "partij-MIN_NUM_FORMS": "0",
        "partij-MAX_NUM_FORMS": "50",
        "partij-0-name": "Zeist",
        "partij-0-same_as": "Gemeente Zeist",
        "partij-1-name": "Woningcorporatie",
        "partij-1-same_as": "",
        "partij-2-name": "",
        "partij-2-same_as": "",
    }
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.proposal["parties"] == ["Gemeente Zeist", "Woningcorporatie"]
