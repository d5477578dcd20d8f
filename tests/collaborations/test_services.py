"""Writes through the services: permissions, revisions (If-Match), versions, sessions, audit."""

from __future__ import annotations

import pytest
from tests.collaborations.conftest import World, make_org, make_person, party

from opgave.collaborations import selectors, services
from opgave.collaborations.errors import Conflict, Forbidden, Invalid, PreconditionFailed
from opgave.collaborations.models import Participation, SessionStatus
from opgave.core.models import AuditRecord


def test_creating_needs_an_own_organisation_as_owner_and_is_audited(world: World) -> None:
    with pytest.raises(Forbidden):
        services.create_collaboration(world.otto, name="X", opgave="Y", owners=[world.utrecht])
    assert AuditRecord.objects.filter(action="collaboration.create", result="denied").count() == 1
    assert AuditRecord.objects.filter(action="collaboration.create", result="success").count() == 1


def test_region_holds_only_municipalities_and_provinces(world: World) -> None:
    with pytest.raises(Invalid, match="gemeenten en provincies"):
        services.create_collaboration(
            world.anna, name="X", opgave="Y", owners=[world.utrecht], region=[world.ministerie]
        )


def test_two_people_editing_the_same_revision_never_overwrite_each_other(world: World) -> None:
    item = world.collaboration
    read_by_both = item.revision
    services.save_draft(
        world.anna,
        item,
        expected_revision=read_by_both,
        step=1,
        data={"opgave": "Schulden voorkomen", "bedoeling": "Bestaanszekerheid"},
    )
    with pytest.raises(PreconditionFailed, match="Iemand anders"):
        services.save_draft(
            world.bram,
            item,
            expected_revision=read_by_both,
            step=1,
            data={"opgave": "Incasso stroomlijnen", "bedoeling": "Rust"},
        )
    item.refresh_from_db()
    assert item.draft["step1"]["opgave"] == "Schulden voorkomen"
    with pytest.raises(PreconditionFailed, match="If-Match"):
        services.save_draft(world.bram, item, expected_revision=None, step=1, data={})


def test_outsiders_cannot_edit_the_design(world: World) -> None:
    with pytest.raises(Forbidden):
        services.save_draft(
            world.otto,
            world.collaboration,
            expected_revision=world.collaboration.revision,
            step=1,
            data={"opgave": "x"},
        )


def test_questionnaire_proposes_and_an_override_needs_a_reason(world: World) -> None:
    item = world.collaboration
    answers = {"n1": 5, "n2": 5, "n3": 5, "b1": 1}
    with pytest.raises(Invalid) as error:
        services.save_draft(
            world.anna,
            item,
            expected_revision=item.revision,
            step=3,
            data={"answers": answers, "chosen_principle": "meerlaags_bestuur"},
        )
    assert error.value.errors[0]["field"] == "step3.override_reason"
    item = services.save_draft(
        world.anna,
        item,
        expected_revision=item.revision,
        step=3,
        data={
            "answers": answers,
            "chosen_principle": "meerlaags_bestuur",
            "override_reason": "Er komt een wettelijke taak.",
        },
    )
    assert item.draft["step3"]["proposed_principle"] == "netwerkende_samenwerking"


def test_invalid_design_values_are_reported_per_field(world: World) -> None:
    item = world.collaboration
    with pytest.raises(Invalid) as error:
        services.save_draft(
            world.anna,
            item,
            expected_revision=item.revision,
            step=2,
            data={"parties": [{"organisation_name": "A", "role": "baas"}]},
        )
    assert error.value.errors[0]["field"] == "step2.parties.0.role"


def test_agreeing_a_version_snapshots_the_draft_and_syncs_participation(world: World) -> None:
    item = world.collaboration
    assert item.versions.count() == 1
    assert set(item.participations.filter(left_at__isnull=True).values_list("organisation", flat=True)) == {
        world.utrecht.id,
        world.zeist.id,
        world.provincie.id,
    }
    # Zeist leaves, the ministry joins
    item = services.save_draft(
        world.anna,
        item,
        expected_revision=item.revision,
        step=2,
        data={
            "parties": [
                party(world.utrecht),
                party(world.zeist) | {"left_on": "2026-10-01"},
                party(world.provincie),
                party(world.ministerie, "financier"),
            ]
        },
    )
    version = services.agree_version(world.anna, item, expected_revision=item.revision, note="Herijking")
    assert version.number == 2
    assert version.agreements[0]["name"] == "Anna"
    left = Participation.objects.get(collaboration=item, organisation=world.zeist)
    assert left.left_at is not None
    assert Participation.objects.get(collaboration=item, organisation=world.ministerie).left_at is None
    assert not selectors.private_ids(world.bram) & {item.id}


def run_session(world: World) -> object:
    item = world.collaboration
    session = services.open_session(
        world.anna,
        item,
        title="Botsproef",
        kind="botsproef",
        participants=[world.anna, world.bram, world.carla],
    )
    services.submit_answer(
        world.anna,
        session,
        formulation="Huisuitzettingen door schulden voorkomen.",
        parties=["Woningcorporatie", "CJIB"],
    )
    services.submit_answer(
        world.bram,
        session,
        formulation="Incasso van de overheid stapelt boetes op.",
        parties=["CJIB", "Belastingdienst"],
    )
    services.submit_answer(
        world.carla, session, formulation="Jongeren leren niet omgaan met geld.", parties=["CJIB"]
    )
    return session


def test_full_session_reveal_and_consent_creates_a_version(world: World) -> None:
    session = run_session(world)
    with pytest.raises(Forbidden):
        services.reveal(world.bram, session)
    session = services.reveal(world.anna, session)
    assert session.status == SessionStatus.REVEALED
    assert session.divergence["divergence"] > 0.6
    assert session.proposal["parties"] == ["CJIB"]
    with pytest.raises(Conflict):
        services.submit_answer(world.bram, session, formulation="te laat", parties=[])
    session = services.update_proposal(
        world.bram,
        session,
        expected_revision=session.revision,
        opgave="Samen schulden voorkomen en stapeling van incasso stoppen.",
        bedoeling="Bestaanszekerheid",
        parties=["CJIB", "Woningcorporatie"],
    )
    with pytest.raises(PreconditionFailed):
        services.consent(world.anna, session, decision="agree", expected_revision=session.revision - 1)
    with pytest.raises(Invalid, match="reden"):
        services.consent(world.carla, session, decision="object", expected_revision=session.revision)
    services.consent(
        world.carla,
        session,
        decision="object",
        reason="Jongeren ontbreken",
        expected_revision=session.revision,
    )
    services.consent(world.anna, session, decision="agree", expected_revision=session.revision)
    services.consent(world.bram, session, decision="agree", expected_revision=session.revision)
    session.refresh_from_db()
    assert session.status == SessionStatus.REVEALED  # Carla objects
    objection = session.consents.get(participant=world.carla)
    assert objection.reason == "Jongeren ontbreken"
    services.consent(world.carla, session, decision="agree", expected_revision=session.revision)
    session.refresh_from_db()
    assert session.status == SessionStatus.AGREED
    assert session.consents.filter(participant=world.carla).count() == 1  # changed her mind on the same text
    version = world.collaboration.versions.get(number=2)
    assert version.session == session
    assert version.data["step1"]["opgave"].startswith("Samen schulden voorkomen")
    assert {a["name"] for a in version.agreements} == {"Anna", "Bram", "Carla"}
    assert "Woningcorporatie" in [p["organisation_name"] for p in version.data["step2"]["parties"]]


def test_session_participants_must_take_part_in_the_collaboration(world: World) -> None:
    with pytest.raises(Invalid, match="doen niet mee"):
        services.open_session(
            world.anna, world.collaboration, title="S", participants=[world.anna, world.otto]
        )


def test_review_session_starts_in_one_click_with_the_contact_persons(world: World) -> None:
    session = services.start_review_session(world.anna, world.collaboration)
    assert set(session.participants.all()) == {world.anna, world.bram, world.carla}
    assert session.steps == [1, 2]


def test_registers_are_for_participants_only(world: World) -> None:
    item = world.collaboration
    tension = services.add_tension(world.bram, item, kind="verticaal", title="Rijk wil uniformiteit")
    with pytest.raises(Forbidden):
        services.add_tension(world.otto, item, kind="verticaal", title="x")
    tension = services.update_tension(
        world.carla, tension, expected_revision=tension.revision, handling="Gesprek"
    )
    assert tension.handling == "Gesprek"
    goal = services.add_goal(
        world.anna, item, title="Minder huisuitzettingen", indicator="aantal", baseline=100, target=50
    )
    services.record_measurement(world.anna, goal, value=80)
    services.add_lesson(world.anna, item, title="Begin bij de bedoeling", order=2)
    services.log_activity(world.anna, item, kind="meeting", title="Stuurgroep")
    with pytest.raises(Invalid):
        services.log_activity(world.anna, item, kind="version", title="x")
    result = selectors.diagnostics(world.anna, item)
    assert result.matrix.output == pytest.approx(0.4)


def test_programme_and_themes(world: World) -> None:
    vng = make_org("VNG", "koepel")
    vera = make_person("vera", vng)
    programme = services.create_programme(vera, name="IBP", description="Interbestuurlijk", owners=[vng])
    services.add_theme(vera, programme, name="Problematische schulden")
    with pytest.raises(Forbidden):
        services.add_theme(world.anna, programme, name="Wonen")
    theme = programme.themes.get()
    item = services.update_collaboration(
        world.anna,
        world.collaboration,
        expected_revision=world.collaboration.revision,
        programme=programme,
        theme=theme,
        status="actief",
    )
    assert item.status == "actief"
    rows = selectors.programme_overview(vera, programme)
    assert rows[0][0] == item and rows[0][1] is not None  # programme owners see diagnostics
    rows = selectors.programme_overview(world.otto, programme)
    assert rows[0][1] is None


def test_editing_the_formulation_asks_everybody_again_but_keeps_the_objections(world: World) -> None:
    session = services.reveal(world.anna, run_session(world))
    services.consent(world.anna, session, decision="agree", expected_revision=session.revision)
    services.consent(
        world.carla, session, decision="object", reason="Te smal", expected_revision=session.revision
    )
    session = services.update_proposal(
        world.carla,
        session,
        expected_revision=session.revision,
        opgave="Breder geformuleerd",
        bedoeling="",
        parties=[],
    )
    for person in (world.anna, world.bram):
        services.consent(person, session, decision="agree", expected_revision=session.revision)
    session.refresh_from_db()
    assert session.status == SessionStatus.REVEALED  # Carla has not agreed to the new text yet
    assert session.consents.filter(decision="object", reason="Te smal").exists()
    services.consent(world.carla, session, decision="agree", expected_revision=session.revision)
    session.refresh_from_db()
    assert session.status == SessionStatus.AGREED
    assert session.consents.count() == 5


def test_the_proposed_principle_follows_from_the_answers_only(world: World) -> None:
    item = world.collaboration
    item = services.save_draft(
        world.anna,
        item,
        expected_revision=item.revision,
        step=3,
        data={"proposed_principle": "meerlaags_bestuur", "chosen_principle": "meerlaags_bestuur"},
    )
    assert item.draft["step3"]["proposed_principle"] is None


def test_participants_with_the_same_name_keep_their_own_answers_on_reveal(world: World) -> None:
    world.carla.first_name = world.bram.first_name
    world.carla.save()
    session = run_session(world)
    session = services.reveal(world.anna, session)
    assert len(session.divergence["participants"]) == 3
    assert "Bram (carla)" in session.divergence["participants"]
