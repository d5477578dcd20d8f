"""People are told, invited and able to ask: notifications from sessions, closing dates and reminders,
requests to join, invitations and discussion threads (issue 9, section 4)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from tests.collaborations.conftest import PASSWORD, World
from tests.collaborations.test_services import run_session
from tests.core.factories import act

from opgave.collaborations import selectors, services, tasks
from opgave.collaborations.models import Consent, Invitation, JoinRequest, Participation, Session
from opgave.collaborations.services import access, discussion
from opgave.core.exceptions import Conflict, Invalid, NotFound, PermissionDenied
from opgave.core.exceptions import PermissionDenied as Forbidden
from opgave.notifications.models import Notification

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


def kinds(person: Any) -> list[str]:
    return list(
        Notification.objects.filter(recipient=person)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    )


def client_for(person: Any) -> Client:
    client = Client()
    assert client.login(username=person.username, password=PASSWORD)
    return client


# --- session notifications ----------------------------------------------------------------------


def test_every_step_of_a_session_notifies_the_others_but_never_the_actor(world: World) -> None:
    session = run_session(world)
    assert kinds(world.bram)[:1] == ["session.answer_requested"]
    assert "session.answer_requested" not in kinds(world.anna)  # the facilitator opened it
    services.reveal(session, actor=act(world.anna))
    assert kinds(world.carla)[-1] == "session.revealed"
    session = Session.objects.get(pk=session.pk)
    services.consent(
        session, decision=Consent.Decision.AGREE, expected_revision=session.revision, actor=act(world.bram)
    )
    services.update_proposal(
        session,
        expected_revision=session.revision,
        opgave="Schulden eerder signaleren",
        bedoeling="Bestaanszekerheid",
        parties=["CJIB"],
        actor=act(world.carla),
    )
    assert kinds(world.bram)[-1] == "session.proposal_changed"
    assert "session.proposal_changed" not in kinds(world.anna)  # anna had not consented
    session = Session.objects.get(pk=session.pk)
    for person in (world.anna, world.bram, world.carla):
        services.consent(
            session, decision=Consent.Decision.AGREE, expected_revision=session.revision, actor=act(person)
        )
    assert kinds(world.anna)[-1] == "session.agreed"
    agreed = Notification.objects.filter(recipient=world.bram, kind="session.agreed").get()
    assert agreed.url.startswith(f"/samenwerkingen/{world.collaboration.uuid}/versies/")


def test_a_notification_mails_at_once_with_no_personal_data_in_the_subject(world: World) -> None:
    mail.outbox.clear()
    run_session(world)
    to_bram = [m for m in mail.outbox if m.to == ["bram@example.nl"]]
    assert len(to_bram) == 1
    assert to_bram[0].subject == "opgave: Een sessie wacht op je antwoord"
    assert "Botsproef" in to_bram[0].body and "/samenwerkingen/sessies/" in to_bram[0].body


# --- closing date -------------------------------------------------------------------------------


def test_a_closing_date_in_the_past_is_refused(world: World) -> None:
    with pytest.raises(Invalid, match="toekomst"):
        services.open_session(
            world.collaboration,
            title="Te laat",
            participants=[world.anna, world.bram],
            closes_at=timezone.now() - timedelta(minutes=1),
            actor=act(world.anna),
        )


def test_reminders_before_the_closing_date_and_a_notice_when_it_is_reached(world: World) -> None:
    session = services.open_session(
        world.collaboration,
        title="Met sluiting",
        participants=[world.anna, world.bram, world.carla],
        closes_at=timezone.now() + timedelta(days=3),
        actor=act(world.anna),
    )
    services.submit_answer(
        session, formulation="Schulden stapelen zich op.", parties=[], actor=act(world.bram)
    )
    assert tasks.session_deadlines.call() == {"reminded": 0, "closed": 0}  # not yet within 24 hours
    Session.objects.filter(pk=session.pk).update(closes_at=timezone.now() + timedelta(hours=5))
    assert tasks.session_deadlines.call() == {"reminded": 2, "closed": 0}  # anna and carla, not bram
    assert kinds(world.carla)[-1] == "session.closing_soon"
    assert "session.closing_soon" not in kinds(world.bram)
    assert tasks.session_deadlines.call() == {"reminded": 0, "closed": 0}  # once only
    Session.objects.filter(pk=session.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    session.refresh_from_db()
    assert tasks.session_deadlines.call() == {"reminded": 0, "closed": 1}
    closed = Notification.objects.get(recipient=world.anna, kind="session.closed")
    assert "1 van de 3 deelnemers" in closed.body
    with pytest.raises(Conflict, match="gesloten"):
        services.submit_answer(session, formulation="Te laat", parties=[], actor=act(world.carla))
    assert tasks.session_deadlines.call() == {"reminded": 0, "closed": 0}


def test_the_facilitator_sees_who_has_not_answered_but_not_what_others_wrote(world: World) -> None:
    session = services.open_session(
        world.collaboration,
        title="Wie nog?",
        participants=[world.anna, world.bram, world.carla],
        actor=act(world.anna),
    )
    services.submit_answer(session, formulation="GEHEIME-TEKST van Bram", parties=[], actor=act(world.bram))
    assert [p.username for p in selectors.unanswered(world.anna, session)] == ["anna", "carla"]
    assert selectors.unanswered(world.bram, session) == []
    page = client_for(world.anna).get(f"/samenwerkingen/sessies/{session.uuid}/").content.decode()
    assert "Nog geen antwoord van: Anna, Carla" in page
    assert "GEHEIME-TEKST" not in page


# --- requests to join ---------------------------------------------------------------------------


def test_an_outsider_gets_a_way_forward_instead_of_a_bare_403(world: World) -> None:
    reply = client_for(world.otto).get(f"/samenwerkingen/{world.collaboration.uuid}/diagnose/")
    assert reply.status_code == 403
    assert f"/samenwerkingen/{world.collaboration.uuid}/deelnemen/" in reply.content.decode()
    assert "Vraag om deelname" in reply.content.decode()


def test_a_join_request_accepted_makes_the_organisation_a_party(world: World) -> None:
    client = client_for(world.otto)
    url = f"/samenwerkingen/{world.collaboration.uuid}/deelnemen/"
    reply = client.post(
        url, {"organisation": world.outsider_org.pk, "motivation": "Wij zien dezelfde gezinnen."}
    )
    assert reply.status_code == 302
    request = JoinRequest.objects.get()
    assert kinds(world.anna)[-1] == "join.requested"
    with pytest.raises(Conflict):
        access.request_to_join(
            world.collaboration, organisation=world.outsider_org, motivation="nog eens", actor=act(world.otto)
        )
    with pytest.raises(Forbidden):
        access.decide_join_request(request, accept=True, actor=act(world.bram))  # a party, not a facilitator
    access.decide_join_request(request, accept=True, actor=act(world.anna))
    assert Participation.objects.filter(organisation=world.outsider_org, left_at__isnull=True).exists()
    world.collaboration.refresh_from_db()
    assert selectors.design(world.otto, world.collaboration).step2.parties[-1].organisation == str(
        world.outsider_org.uuid
    )
    assert kinds(world.otto)[-1] == "join.decided"
    assert client.get(f"/samenwerkingen/{world.collaboration.uuid}/diagnose/").status_code == 200


def test_declining_needs_a_reason_and_tells_the_person(world: World) -> None:
    request = access.request_to_join(
        world.collaboration, organisation=world.outsider_org, motivation="Graag.", actor=act(world.otto)
    )
    with pytest.raises(Invalid, match="reden"):
        access.decide_join_request(request, accept=False, actor=act(world.anna))
    access.decide_join_request(
        request, accept=False, reason="Eerst de regio afbakenen.", actor=act(world.anna)
    )
    told = Notification.objects.get(recipient=world.otto, kind="join.decided")
    assert told.body == "Eerst de regio afbakenen."
    assert not selectors.waiting_for(world.otto).answers


def test_one_may_only_ask_on_behalf_of_an_own_organisation(world: World) -> None:
    with pytest.raises(PermissionDenied):
        access.request_to_join(
            world.collaboration, organisation=world.utrecht, motivation="x", actor=act(world.otto)
        )


# --- invitations --------------------------------------------------------------------------------


def test_an_email_invitation_carries_a_single_use_token_stored_only_as_a_hash(world: World) -> None:
    mail.outbox.clear()
    invitation, token = access.invite(world.collaboration, email="Nieuw@Example.nl", actor=act(world.anna))
    assert token and token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nieuw@example.nl"]
    assert f"/samenwerkingen/uitnodiging/{token}/" in mail.outbox[0].body
    assert "nieuw" not in mail.outbox[0].subject.lower()
    client = client_for(world.otto)
    page = client.get(f"/samenwerkingen/uitnodiging/{token}/")
    assert page.status_code == 200 and "Uitnodiging aannemen" in page.content.decode()
    reply = client.post(
        f"/samenwerkingen/uitnodiging/{token}/",
        {"besluit": "aannemen", "organisation": world.outsider_org.pk},
    )
    assert reply.status_code == 302
    assert Participation.objects.filter(organisation=world.outsider_org, left_at__isnull=True).exists()
    assert client.get(f"/samenwerkingen/uitnodiging/{token}/").status_code == 404  # single use
    assert kinds(world.anna)[-1] == "invitation.answered"


def test_an_expired_invitation_is_refused(world: World) -> None:
    invitation, token = access.invite(world.collaboration, email="laat@example.nl", actor=act(world.anna))
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Conflict, match="verlopen"):
        access.answer_invitation(
            invitation, accept=True, organisation=world.outsider_org, token=token, actor=act(world.otto)
        )


def test_an_invitation_to_a_person_is_answered_by_that_person_only(world: World) -> None:
    invitation, token = access.invite(world.collaboration, person=world.otto, actor=act(world.anna))
    assert token == ""
    assert kinds(world.otto)[-1] == "invitation.received"
    with pytest.raises(NotFound):
        selectors.invitation(world.bram, invitation.uuid)
    with pytest.raises(Forbidden):
        access.answer_invitation(invitation, accept=True, organisation=world.zeist, actor=act(world.bram))
    access.answer_invitation(invitation, accept=True, organisation=world.outsider_org, actor=act(world.otto))
    assert selectors.design(world.otto, world.collaboration) is not None


def test_inviting_needs_exactly_one_addressee_and_a_facilitator(world: World) -> None:
    with pytest.raises(Invalid):
        access.invite(world.collaboration, person=world.otto, email="ook@example.nl", actor=act(world.anna))
    with pytest.raises(Forbidden):
        access.invite(world.collaboration, organisation=world.ministerie, actor=act(world.bram))
    invitation, _ = access.invite(world.collaboration, organisation=world.ministerie, actor=act(world.anna))
    assert invitation.organisation == world.ministerie


# --- discussion ---------------------------------------------------------------------------------


def test_mentions_and_replies_notify_and_outsiders_are_not_told(world: World) -> None:
    first = discussion.post_comment(
        world.collaboration, topic="step:2", body="Moet @carla niet ook @otto vragen?", actor=act(world.bram)
    )
    assert kinds(world.carla)[-1] == "discussion.mention"
    assert "discussion.mention" not in kinds(world.otto)  # not a participant
    assert [p.username for p in first.mentions.all()] == ["carla"]
    reply = discussion.post_comment(
        world.collaboration, topic="step:2", body="Ja.", parent=first, actor=act(world.carla)
    )
    assert kinds(world.bram)[-1] == "discussion.reply"
    threads = selectors.discussion(world.anna, world.collaboration, "step:2")
    assert [t.comment for t in threads] == [first] and threads[0].replies == [reply]
    with pytest.raises(Forbidden):
        discussion.post_comment(world.collaboration, topic="step:2", body="Mag ik?", actor=act(world.otto))
    with pytest.raises(Invalid):
        discussion.post_comment(world.collaboration, topic="stap:9", body="x", actor=act(world.bram))


def test_a_thread_on_a_proposal_is_posted_from_the_session_page(world: World) -> None:
    session = run_session(world)
    client = client_for(world.bram)
    reply = client.post(
        f"/samenwerkingen/{world.collaboration.uuid}/discussie/",
        {"onderwerp": f"proposal:{session.uuid}", "body": "Eens met de lijn, @anna."},
    )
    assert reply.status_code == 302 and reply["Location"].endswith(f"/sessies/{session.uuid}/#discussie")
    page = client.get(f"/samenwerkingen/sessies/{session.uuid}/").content.decode()
    assert "Eens met de lijn" in page
    assert kinds(world.anna)[-1] == "discussion.mention"


# --- wacht op jou -------------------------------------------------------------------------------


def test_the_start_page_lists_what_waits_for_you(world: World) -> None:
    session = run_session(world)
    waiting = selectors.waiting_for(world.carla)
    assert session in waiting.answers or session.answers.filter(author=world.carla).exists()
    fresh = services.open_session(
        world.collaboration,
        title="Nieuwe ronde",
        participants=[world.anna, world.carla],
        actor=act(world.anna),
    )
    assert fresh in selectors.waiting_for(world.carla).answers
    page = client_for(world.carla).get("/").content.decode()
    assert "Wacht op jou" in page and "Nieuwe ronde" in page
    services.reveal(session, actor=act(world.anna))
    assert Session.objects.get(pk=session.pk) in selectors.waiting_for(world.bram).consents


def test_the_api_takes_a_closing_date_and_shows_the_facilitator_who_has_not_answered(world: World) -> None:
    client = client_for(world.anna)
    closes = (timezone.now() + timedelta(days=2)).isoformat()
    reply = client.post(
        f"/api/v1/collaborations/{world.collaboration.uuid}/sessions",
        {
            "title": "Via de API",
            "participants": [str(world.anna.uuid), str(world.bram.uuid)],
            "closes_at": closes,
        },
        content_type="application/json",
    )
    assert reply.status_code == 201, reply.content
    body = reply.json()
    assert body["closes_at"] is not None and body["closed"] is False
    assert sorted(body["not_answered"]) == ["Anna", "Bram"]
    as_bram = client_for(world.bram).get(f"/api/v1/sessions/{body['id']}").json()
    assert as_bram["not_answered"] == []
    past = client.post(
        f"/api/v1/collaborations/{world.collaboration.uuid}/sessions",
        {
            "title": "Te laat",
            "participants": [str(world.anna.uuid), str(world.bram.uuid)],
            "closes_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert past.status_code == 422 and "toekomst" in past.json()["detail"]


def test_the_discussion_over_the_api(world: World) -> None:
    client = client_for(world.bram)
    url = f"/api/v1/collaborations/{world.collaboration.uuid}/discussion"
    made = client.post(url, {"topic": "step:1", "body": "Wat vindt @carla?"}, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["mentions"] == ["carla"]
    reply = client_for(world.carla).post(
        url,
        {"topic": "step:1", "body": "Eens.", "reply_to": made.json()["id"]},
        content_type="application/json",
    )
    assert reply.status_code == 201
    threads = client.get(url + "?topic=step:1").json()
    assert [t["comment"]["body"] for t in threads] == ["Wat vindt @carla?"]
    assert [r["body"] for r in threads[0]["replies"]] == ["Eens."]
    assert client.get(url + "?topic=stap:1").status_code == 422
    assert client_for(world.otto).get(url + "?topic=step:1").status_code == 403


def test_a_review_due_is_told_to_the_facilitators_at_most_once_a_week(world: World) -> None:
    from opgave.collaborations.models import Collaboration

    Collaboration.objects.filter(pk=world.collaboration.pk).update(review_interval_days=0)
    assert tasks.review_reminders.call() >= 1
    due = Notification.objects.get(recipient=world.anna, kind="review.due")
    assert due.url == f"/samenwerkingen/{world.collaboration.uuid}/"
    assert tasks.review_reminders.call() == 0


def test_the_queued_invitation_email_keeps_the_token_encrypted(world: World, settings: Any) -> None:
    """Only a hash of the token is stored with the invitation; the queued e-mail must not keep it
    readable in the task table either (a database dump would hand out working invitations)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.outbox.clear()
    _invitation, token = access.invite(world.collaboration, email="wacht@example.nl", actor=act(world.anna))
    queued = DBTaskResult.objects.get(task_path__endswith="send_invitation_email")
    assert token not in str(queued.args_kwargs)
    assert tasks.send_invitation_email.call(*queued.args_kwargs["args"]) is True
    assert f"/samenwerkingen/uitnodiging/{token}/" in mail.outbox[0].body
