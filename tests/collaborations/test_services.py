"""Writes through the services: permissions, revisions (If-Match), versions, sessions, audit."""

from __future__ import annotations

import pytest
from tests.collaborations.conftest import World, make_org, make_person, party
from tests.collaborations.worker import run_enqueued_tasks
from tests.core.factories import act

from opgave.collaborations import selectors, services
from opgave.collaborations.models import Participation, SessionStatus
from opgave.core.exceptions import Conflict, Invalid, PermissionDenied, RevisionConflict, RevisionRequired
from opgave.core.models import AuditRecord, Membership


def test_creating_needs_an_own_organisation_as_owner_and_is_audited(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.create_collaboration(name="X", opgave="Y", owners=[world.utrecht], actor=act(world.otto))
    assert AuditRecord.objects.filter(action="collaboration.create", result="denied").count() == 1
    assert AuditRecord.objects.filter(action="collaboration.create", result="success").count() == 1


def test_region_holds_only_municipalities_and_provinces(world: World) -> None:
    with pytest.raises(Invalid, match="gemeenten en provincies"):
        services.create_collaboration(
            name="X", opgave="Y", owners=[world.utrecht], region=[world.ministerie], actor=act(world.anna)
        )


def test_two_people_editing_the_same_revision_never_overwrite_each_other(world: World) -> None:
    item = world.collaboration
    read_by_both = item.revision
    services.save_draft(
        item,
        expected_revision=read_by_both,
        step=1,
        data={"opgave": "Schulden voorkomen", "bedoeling": "Bestaanszekerheid"},
        actor=act(world.anna),
    )
    with pytest.raises(RevisionConflict, match="Iemand anders"):
        services.save_draft(
            item,
            expected_revision=read_by_both,
            step=1,
            data={"opgave": "Incasso stroomlijnen", "bedoeling": "Rust"},
            actor=act(world.bram),
        )
    item.refresh_from_db()
    assert item.draft["step1"]["opgave"] == "Schulden voorkomen"
    with pytest.raises(RevisionRequired, match="If-Match"):
        services.save_draft(item, expected_revision=None, step=1, data={}, actor=act(world.bram))


def test_outsiders_cannot_edit_the_design(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.save_draft(
            world.collaboration,
            expected_revision=world.collaboration.revision,
            step=1,
            data={"opgave": "x"},
            actor=act(world.otto),
        )


def test_questionnaire_proposes_and_an_override_needs_a_reason(world: World) -> None:
    item = world.collaboration
    answers = {"n1": 5, "n2": 5, "n3": 5, "b1": 1}
    with pytest.raises(Invalid) as error:
        services.save_draft(
            item,
            expected_revision=item.revision,
            step=3,
            data={"answers": answers, "chosen_principle": "meerlaags_bestuur"},
            actor=act(world.anna),
        )
    assert error.value.errors[0]["field"] == "step3.override_reason"
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=3,
        data={
            "answers": answers,
            "chosen_principle": "meerlaags_bestuur",
            "override_reason": "Er komt een wettelijke taak.",
        },
        actor=act(world.anna),
    )
    assert item.draft["step3"]["proposed_principle"] == "netwerkende_samenwerking"


def test_invalid_design_values_are_reported_per_field(world: World) -> None:
    item = world.collaboration
    with pytest.raises(Invalid) as error:
        services.save_draft(
            item,
            expected_revision=item.revision,
            step=2,
            data={"parties": [{"organisation_name": "A", "role": "baas"}]},
            actor=act(world.anna),
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
        actor=act(world.anna),
    )
    version = services.agree_version(
        item, expected_revision=item.revision, note="Herijking", actor=act(world.anna)
    )
    assert version.number == 2
    assert version.agreements[0]["name"] == "Anna"
    left = Participation.objects.get(collaboration=item, organisation=world.zeist)
    assert left.left_at is not None
    assert Participation.objects.get(collaboration=item, organisation=world.ministerie).left_at is None
    assert not selectors.private_ids(world.bram) & {item.id}


def run_session(world: World) -> object:
    item = world.collaboration
    session = services.open_session(
        item,
        title="Botsproef",
        kind="botsproef",
        participants=[world.anna, world.bram, world.carla],
        actor=act(world.anna),
    )
    services.submit_answer(
        session,
        formulation="Huisuitzettingen door schulden voorkomen.",
        parties=["Woningcorporatie", "CJIB"],
        actor=act(world.anna),
    )
    services.submit_answer(
        session,
        formulation="Incasso van de overheid stapelt boetes op.",
        parties=["CJIB", "Belastingdienst"],
        actor=act(world.bram),
    )
    services.submit_answer(
        session, formulation="Jongeren leren niet omgaan met geld.", parties=["CJIB"], actor=act(world.carla)
    )
    return session


def test_full_session_reveal_and_consent_creates_a_version(world: World) -> None:
    session = run_session(world)
    with pytest.raises(PermissionDenied):
        services.reveal(session, actor=act(world.bram))
    session = services.reveal(session, actor=act(world.anna))
    assert session.status == SessionStatus.REVEALED
    # the words and parties at once; the meaning follows from the background task
    assert session.divergence["pending"] is True and session.divergence["divergence"] is None
    assert session.divergence["distinctive_terms"]
    revision = session.revision
    assert "opgave.collaborations.tasks.measure_divergence" in run_enqueued_tasks()
    session.refresh_from_db()
    assert session.divergence["pending"] is False
    assert session.divergence["divergence"] > 0.6
    assert session.revision == revision, "measuring must not invalidate consents to this revision"
    assert run_enqueued_tasks() == [] and services.complete_divergence(session) is False
    assert session.proposal["parties"] == ["CJIB"]
    with pytest.raises(Conflict):
        services.submit_answer(session, formulation="te laat", parties=[], actor=act(world.bram))
    session = services.update_proposal(
        session,
        expected_revision=session.revision,
        opgave="Samen schulden voorkomen en stapeling van incasso stoppen.",
        bedoeling="Bestaanszekerheid",
        parties=["CJIB", "Woningcorporatie"],
        actor=act(world.bram),
    )
    with pytest.raises(RevisionConflict):
        services.consent(
            session, decision="agree", expected_revision=session.revision - 1, actor=act(world.anna)
        )
    with pytest.raises(Invalid, match="reden"):
        services.consent(
            session, decision="object", expected_revision=session.revision, actor=act(world.carla)
        )
    services.consent(
        session,
        decision="object",
        reason="Jongeren ontbreken",
        expected_revision=session.revision,
        actor=act(world.carla),
    )
    services.consent(session, decision="agree", expected_revision=session.revision, actor=act(world.anna))
    services.consent(session, decision="agree", expected_revision=session.revision, actor=act(world.bram))
    session.refresh_from_db()
    assert session.status == SessionStatus.REVEALED  # Carla objects
    objection = session.consents.get(participant=world.carla)
    assert objection.reason == "Jongeren ontbreken"
    services.consent(session, decision="agree", expected_revision=session.revision, actor=act(world.carla))
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
            world.collaboration, title="S", participants=[world.anna, world.otto], actor=act(world.anna)
        )


def test_review_session_starts_in_one_click_with_the_contact_persons(world: World) -> None:
    session = services.start_review_session(world.collaboration, actor=act(world.anna))
    assert set(session.participants.all()) == {world.anna, world.bram, world.carla}
    assert session.steps == [1, 2]


def test_registers_are_for_participants_only(world: World) -> None:
    item = world.collaboration
    tension = services.add_tension(
        item, kind="verticaal", title="Rijk wil uniformiteit", actor=act(world.bram)
    )
    with pytest.raises(PermissionDenied):
        services.add_tension(item, kind="verticaal", title="x", actor=act(world.otto))
    tension = services.update_tension(
        tension, expected_revision=tension.revision, handling="Gesprek", actor=act(world.carla)
    )
    assert tension.handling == "Gesprek"
    goal = services.add_goal(
        item,
        title="Minder huisuitzettingen",
        indicator="aantal",
        baseline=100,
        target=50,
        actor=act(world.anna),
    )
    services.record_measurement(goal, value=80, actor=act(world.anna))
    services.add_lesson(item, title="Begin bij de bedoeling", order=2, actor=act(world.anna))
    services.log_activity(item, kind="meeting", title="Stuurgroep", actor=act(world.anna))
    with pytest.raises(Invalid):
        services.log_activity(item, kind="version", title="x", actor=act(world.anna))
    result = selectors.diagnostics(world.anna, item)
    assert result.matrix.output == pytest.approx(0.4)


def test_programme_and_themes(world: World) -> None:
    vng = make_org("VNG", "koepel")
    vera = make_person("vera", vng)
    programme = services.create_programme(
        name="IBP", description="Interbestuurlijk", owners=[vng], actor=act(vera)
    )
    services.add_theme(programme, name="Problematische schulden", actor=act(vera))
    with pytest.raises(PermissionDenied):
        services.add_theme(programme, name="Wonen", actor=act(world.anna))
    theme = programme.themes.get()
    Membership.objects.filter(person=world.anna).update(role=Membership.Role.ADMIN)
    item = services.update_collaboration(
        world.collaboration,
        expected_revision=world.collaboration.revision,
        programme=programme,
        theme=theme,
        status="actief",
        share_diagnostics_with_programme=True,
        actor=act(world.anna),
    )
    assert item.status == "actief"
    rows = selectors.programme_overview(vera, programme)
    assert rows[0][0] == item and rows[0][1] is not None  # shared with the programme's owners
    rows = selectors.programme_overview(world.otto, programme)
    assert rows[0][1] is None


def test_editing_the_formulation_asks_everybody_again_but_keeps_the_objections(world: World) -> None:
    session = services.reveal(run_session(world), actor=act(world.anna))
    services.consent(session, decision="agree", expected_revision=session.revision, actor=act(world.anna))
    services.consent(
        session,
        decision="object",
        reason="Te smal",
        expected_revision=session.revision,
        actor=act(world.carla),
    )
    session = services.update_proposal(
        session,
        expected_revision=session.revision,
        opgave="Breder geformuleerd",
        bedoeling="",
        parties=[],
        actor=act(world.carla),
    )
    for person in (world.anna, world.bram):
        services.consent(session, decision="agree", expected_revision=session.revision, actor=act(person))
    session.refresh_from_db()
    assert session.status == SessionStatus.REVEALED  # Carla has not agreed to the new text yet
    assert session.consents.filter(decision="object", reason="Te smal").exists()
    services.consent(session, decision="agree", expected_revision=session.revision, actor=act(world.carla))
    session.refresh_from_db()
    assert session.status == SessionStatus.AGREED
    assert session.consents.count() == 5


def test_the_proposed_principle_follows_from_the_answers_only(world: World) -> None:
    item = world.collaboration
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=3,
        data={"proposed_principle": "meerlaags_bestuur", "chosen_principle": "meerlaags_bestuur"},
        actor=act(world.anna),
    )
    assert item.draft["step3"]["proposed_principle"] is None


def test_participants_with_the_same_name_keep_their_own_answers_on_reveal(world: World) -> None:
    world.carla.first_name = world.bram.first_name
    world.carla.save()
    session = run_session(world)
    session = services.reveal(session, actor=act(world.anna))
    assert len(session.divergence["participants"]) == 3
    assert "Bram (carla)" in session.divergence["participants"]
