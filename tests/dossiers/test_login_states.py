"""Every dossier page in every login state: nobody sees more than it could be granted.

States: not logged in; logged in without any organisation; a member whose membership was taken
away while the session still names that organisation; a deactivated account with a live session;
an administrator of an organisation taking no part; a participant that left; a participant with
too few purposes or too low a clearance; the regisseur (the positive control). Every page of
:mod:`opgave.dossiers.urls` is fetched (GET) and every form posted (POST); not logged in always
means the login page and nothing written, and no state shows the title of an entry it may not see.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.core.factories import PersonFactory

from opgave.core.models import AuditRecord, Membership
from opgave.dossiers import selectors, services
from opgave.dossiers.models import Entry, Participation, PlanItem
from opgave.dossiers.urls import urlpatterns

from .conftest import EXPECTED_VISIBLE, World

STATES = (
    "anonymous",
    "no_organisation",
    "membership_removed",
    "deactivated",
    "other_org_admin",
    "left",
    "low_clearance",
    "regisseur",
)

# state -> the organisation key whose visible set bounds what it may see (None: nothing)
BOUND = {
    "anonymous": None,
    "no_organisation": None,
    "membership_removed": None,
    "deactivated": None,
    "other_org_admin": None,
    "left": None,
    "low_clearance": "school",
    "regisseur": "gemeente",
}


def _client(world: World, state: str) -> Client:
    if state == "anonymous":
        return Client()
    if state == "no_organisation":
        client = Client()
        client.force_login(PersonFactory(username="p-zonder-organisatie"))
        return client
    if state == "membership_removed":
        client = world.client("ggz")
        Membership.objects.filter(person=world.people["ggz"], organisation=world.orgs["ggz"]).delete()
        return client
    if state == "deactivated":
        client = world.client("ggz")
        world.people["ggz"].is_active = False
        world.people["ggz"].save()
        return client
    if state == "other_org_admin":
        return world.client("outsider")
    if state == "left":
        _d, part = selectors.dossier(world.actor("ggz"), world.dossier.uuid)
        services.leave(actor=world.actor("ggz"), participation=part)
        return world.client("ggz")
    if state == "low_clearance":
        return world.client("school")
    return world.client("gemeente")


def _urls(world: World) -> list[str]:
    """Every page of the dossier app, with real ids of this world."""
    d = world.dossier
    entry = world.entries["veiligheid-strikt"]  # clearance 3: hidden from everyone but the regisseur
    item = PlanItem.objects.filter(dossier=d).first() or services.add_item(
        actor=world.actor("gemeente"), dossier=d, section="doel", text="Veilig thuis"
    )
    raad = d.participations.get(organisation=world.orgs["raad"])
    obligation = d.obligations.first()
    signal = services.register_signal(actor=world.actor("school"), bsn="999999990", purpose="t-onderwijs")
    ids = {
        "uuid": d.uuid,
        "entry": entry.uuid,
        "item": item.uuid,
        "participation": raad.uuid,
        "obligation": obligation.uuid,
    }
    urls = []
    for pattern in urlpatterns:
        names = pattern.pattern.converters.keys()
        if pattern.name == "signal-withdraw":
            urls.append(reverse(f"dossiers:{pattern.name}", kwargs={"uuid": signal.uuid}))
        else:
            urls.append(reverse(f"dossiers:{pattern.name}", kwargs={k: ids[k] for k in names}))
    return urls


@pytest.mark.parametrize("state", STATES)
def test_every_dossier_page_in_every_login_state(world: World, state: str) -> None:
    urls = _urls(world)
    client = _client(world, state)
    allowed = EXPECTED_VISIBLE[BOUND[state]] if BOUND[state] else set()
    hidden = {f"geheim-{key}" for key in world.entries} - {f"geheim-{key}" for key in allowed}
    entries_before = Entry.objects.count()
    participations_before = list(Participation.objects.values_list("pk", "status", "clearance"))
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, {})
            assert response.status_code < 500, (state, method, url, response.status_code)
            text = response.content.decode(errors="replace")
            assert not any(title in text for title in hidden), (state, method, url)
            if state in ("anonymous", "deactivated"):
                assert response.status_code == 302, (state, method, url, response.status_code)
                assert response["Location"].startswith("/inloggen/"), (state, method, url)
    if state in (
        "anonymous",
        "deactivated",
        "no_organisation",
        "membership_removed",
        "other_org_admin",
        "left",
    ):
        # an empty POST to every form changed nothing for someone without access
        assert Entry.objects.count() == entries_before
        assert list(Participation.objects.values_list("pk", "status", "clearance")) == participations_before


@pytest.mark.parametrize("state", ["membership_removed", "other_org_admin", "left"])
def test_the_dossier_page_is_refused_and_the_refusal_logged(world: World, state: str) -> None:
    client = _client(world, state)
    denied = AuditRecord.objects.filter(result="denied").count()
    response = client.get(reverse("dossiers:detail", args=[world.dossier.uuid]))
    assert response.status_code == 403
    assert AuditRecord.objects.filter(result="denied").count() > denied
