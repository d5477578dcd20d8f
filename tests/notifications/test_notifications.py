"""The platform notifications: notify(), the bell and the list, e-mail at once or as a daily digest, the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from tests.core.factories import DEFAULT_PASSWORD, ApiTokenFactory, MembershipFactory, PersonFactory

from opgave.core.actors import Actor
from opgave.notifications import selectors, services, tasks
from opgave.notifications.models import EmailMode, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _client(person: Any) -> Client:
    client = Client()
    assert client.login(username=person.username, password=DEFAULT_PASSWORD)
    return client


def test_notify_stores_mails_once_and_keeps_personal_data_out_of_the_subject() -> None:
    person = PersonFactory(email="pim@example.nl")
    mail.outbox.clear()
    made = services.notify(
        recipient=person,
        kind="session.revealed",
        title="De antwoorden in 'Botsproef' zijn onthuld",
        url="/samenwerkingen/",
    )
    made.refresh_from_db()
    assert made.emailed_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "opgave: De antwoorden in een sessie zijn onthuld"
    assert "pim" not in mail.outbox[0].subject
    assert "http://127.0.0.1:8000/samenwerkingen/" in mail.outbox[0].body
    assert tasks.send_notification_email.call(str(made.uuid)) is False  # never twice


def test_a_url_that_leaves_the_site_is_dropped() -> None:
    person = PersonFactory()
    assert services.notify(recipient=person, kind="x", title="t", url="https://evil.example/").url == ""
    assert services.notify(recipient=person, kind="x", title="t", url="//evil.example/").url == ""


def test_digest_mode_gathers_notifications_in_one_daily_mail() -> None:
    person = PersonFactory(email="dag@example.nl")
    services.set_email_mode(actor=Actor.for_person(person), email_mode=EmailMode.DIGEST)
    mail.outbox.clear()
    for n in range(3):
        services.notify(recipient=person, kind="review.due", title=f"Herijking {n}", url="/")
    assert mail.outbox == []
    assert tasks.send_daily_digest.call() == 1
    assert len(mail.outbox) == 1
    assert "er 3 nieuwe meldingen" in mail.outbox[0].body
    assert mail.outbox[0].subject == "opgave: je dagelijkse overzicht van meldingen"
    assert tasks.send_daily_digest.call() == 0


def test_no_email_mode_sends_nothing() -> None:
    person = PersonFactory()
    services.set_email_mode(actor=Actor.for_person(person), email_mode=EmailMode.NONE)
    mail.outbox.clear()
    services.notify(recipient=person, kind="x", title="Stil")
    assert tasks.send_daily_digest.call() == 0
    assert mail.outbox == []


def test_a_person_marks_only_their_own_notifications_read() -> None:
    me, other = PersonFactory(), PersonFactory()
    mine = services.notify(recipient=me, kind="x", title="Voor mij")
    theirs = services.notify(recipient=other, kind="x", title="Voor de ander")
    actor = Actor.for_person(me)
    assert services.mark_read(actor=actor, notifications=[str(mine.uuid), str(theirs.uuid)]) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert selectors.unread_count(me) == 0 and selectors.unread_count(other) == 1


def test_the_bell_counts_unread_and_the_page_marks_them_read() -> None:
    person = PersonFactory()
    MembershipFactory(person=person)
    services.notify(recipient=person, kind="session.revealed", title="Eerste", url="/samenwerkingen/")
    services.notify(recipient=person, kind="review.due", title="Tweede")
    client = _client(person)
    home = client.get("/").content.decode()
    assert 'class="opgave-bell__count">2<span class="opgave-visually-hidden"> ongelezen' in home
    page = client.get("/meldingen/").content.decode()
    assert "Eerste" in page and "Je hebt 2 ongelezen meldingen." in page
    first = Notification.objects.get(title="Eerste")
    reply = client.post("/meldingen/gelezen/", {"melding": str(first.uuid), "naar": first.url})
    assert reply.status_code == 302 and reply["Location"] == "/samenwerkingen/"
    assert (
        client.post("/meldingen/gelezen/", {"melding": "x", "naar": "https://evil.example/"})["Location"]
        == "/meldingen/"
    )
    client.post("/meldingen/alles-gelezen/")
    assert selectors.unread_count(person) == 0
    reply = client.post("/meldingen/", {"email_mode": "digest"})
    assert reply.status_code == 302
    assert selectors.preference(person).email_mode == "digest"
    assert client.post("/meldingen/", {"email_mode": "wekelijks"}).status_code == 200


def test_api_lists_and_marks_read_and_a_token_reads_its_issuers_notifications() -> None:
    person = PersonFactory()
    membership = MembershipFactory(person=person, role="beheerder")
    n = services.notify(recipient=person, kind="session.revealed", title="Onthuld")
    services.notify(recipient=PersonFactory(), kind="x", title="Niet van mij")
    client = _client(person)
    listed = client.get("/api/v1/notifications").json()
    assert [i["title"] for i in listed["items"]] == ["Onthuld"]
    assert listed["items"][0]["kind_label"] == "De antwoorden in een sessie zijn onthuld"
    reply = client.post("/api/v1/notifications/read", {"ids": [str(n.uuid)]}, content_type="application/json")
    assert reply.status_code == 200 and reply.json() == {"marked": 1, "unread": 0}
    token = ApiTokenFactory(
        organisation=membership.organisation, created_by=person, scopes=["notifications:read"]
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token.plaintext}")
    assert [i["title"] for i in api.get("/api/v1/notifications").json()["items"]] == ["Onthuld"]
    assert api.post("/api/v1/notifications/read-all", {}, content_type="application/json").status_code == 403


def test_the_periodic_tasks_are_on_the_schedule() -> None:
    from opgave.core import schedule

    keys = {entry.key: entry.period for entry in schedule.entries()}
    assert keys["opgave.notifications.tasks.send_daily_digest"] == schedule.DAY
    assert keys["opgave.collaborations.tasks.session_deadlines"] == schedule.HOUR
    assert keys["opgave.collaborations.tasks.review_reminders"] == schedule.DAY
