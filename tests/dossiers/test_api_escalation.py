"""Escalation through the REST API: no principal ends up seeing more than it could be granted.

Every write that changes who sees what in a dossier — accepting a participant, adding or widening
a purpose, raising a clearance (confidentiality level), changing the regisseur — is tried by every
kind of principal, each attempt in its own rolled-back savepoint. What went through must be in
:data:`MAY` (the rules of ``docs/gebruikershandleiding/dossiers.md``), and, whatever went through,
the principal's *own* organisation never sees an entry afterwards that it did not see before:
nobody widens their own access (separation of duties, also for a platform administrator who is a
member of a participating organisation). The counts are printed (``-s``) for the notes.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from django.db import transaction
from django.test import Client
from tests.core.factories import MembershipFactory, PlatformAdminFactory, ProcessingActivityFactory

from opgave.core.actors import Actor
from opgave.core.models import AuditRecord, Membership
from opgave.core.services import tokens
from opgave.dossiers import selectors
from opgave.dossiers.models import Participation

from .conftest import World

PRINCIPALS = (
    "anonymous",
    "regisseur",
    "regisseur_write_token",
    "regisseur_read_token",
    "participant",
    "low_participant",
    "pending",
    "other_org_admin",
    "platform_admin",
    "platform_admin_in_raad",
)

# principal -> the organisation it acts for (None: none)
ACTS_FOR = {
    "regisseur": "gemeente",
    "regisseur_write_token": "gemeente",
    "regisseur_read_token": "gemeente",
    "participant": "ggz",
    "low_participant": "school",
    "pending": "raad",
    "other_org_admin": "outsider",
    "platform_admin_in_raad": "raad",
}

MANAGERS = {"regisseur", "regisseur_write_token", "platform_admin", "platform_admin_in_raad"}
MAY: dict[str, set[str]] = {
    "accept the Raad's request": MANAGERS - {"platform_admin_in_raad"},  # not one's own organisation
    "add a purpose to the school": MANAGERS,
    "widen the regisseur's own purposes": {"platform_admin", "platform_admin_in_raad"},
    "widen the GGZ's own purposes": MANAGERS,
    "raise the school's clearance": MANAGERS,
    "raise the GGZ's own clearance": MANAGERS,
    "make the GGZ regisseur": MANAGERS,
}


def _clients(world: World) -> dict[str, Client]:
    def session(person: Any, org: Any) -> Client:
        client = Client()
        client.force_login(person)
        s = client.session
        s["active_organisation"] = org.pk
        s.save()
        return client

    def token(scopes: list[str]) -> Client:
        _token, secret = tokens.issue_token(
            organisation=world.orgs["gemeente"],
            name="escalatie",
            scopes=scopes,
            actor=world.actor("gemeente"),
        )
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    admin = PlatformAdminFactory()
    admin_in_raad = PlatformAdminFactory()
    MembershipFactory(person=admin_in_raad, organisation=world.orgs["raad"], role=Membership.Role.ADMIN)
    plain_admin = Client()
    plain_admin.force_login(admin)
    return {
        "anonymous": Client(),
        "regisseur": world.client("gemeente"),
        "regisseur_write_token": token(["dossiers:read", "dossiers:write"]),
        "regisseur_read_token": token(["dossiers:read"]),
        "participant": world.client("ggz"),
        "low_participant": world.client("school"),
        "pending": world.client("raad"),
        "other_org_admin": world.client("outsider"),
        "platform_admin": plain_admin,
        "platform_admin_in_raad": session(admin_in_raad, world.orgs["raad"]),
    }


def _writes(world: World) -> dict[str, tuple[str, str, dict[str, Any]]]:
    d = f"/api/v1/dossiers/{world.dossier.uuid}"
    parts = {p.organisation_id: p for p in world.dossier.participations.all()}
    part = {key: parts[org.pk] for key, org in world.orgs.items() if org.pk in parts}
    return {
        "accept the Raad's request": (
            "POST",
            f"{d}/participants/{part['raad'].uuid}/decision",
            {"accept": True},
        ),
        "add a purpose to the school": (
            "PATCH",
            f"{d}/participants/{part['school'].uuid}",
            {"purposes": ["t-onderwijs", "t-jeugdhulp", "t-gedeeld"]},
        ),
        "widen the regisseur's own purposes": (
            "PATCH",
            f"{d}/participants/{part['gemeente'].uuid}",
            {"purposes": ["t-jeugdhulp", "t-veiligheid", "t-gedeeld"]},
        ),
        "widen the GGZ's own purposes": (
            "PATCH",
            f"{d}/participants/{part['ggz'].uuid}",
            {"purposes": ["t-ggz", "t-jeugdhulp", "t-gedeeld"]},
        ),
        "raise the school's clearance": (
            "PATCH",
            f"{d}/participants/{part['school'].uuid}",
            {"clearance": 3},
        ),
        "raise the GGZ's own clearance": ("PATCH", f"{d}/participants/{part['ggz'].uuid}", {"clearance": 3}),
        "make the GGZ regisseur": ("POST", f"{d}/regisseur", {"participation": str(part["ggz"].uuid)}),
    }


def _visible(world: World, org_key: str | None) -> set[str]:
    if org_key is None:
        return set()
    part = (
        Participation.objects.filter(
            dossier=world.dossier, organisation=world.orgs[org_key], status=Participation.Status.ACTIVE
        )
        .prefetch_related("purposes")
        .first()
    )
    return {str(e.uuid) for e in selectors.visible_entries(part)} if part else set()


def _set_purposes(world: World, org: str, codes: list[str]) -> None:
    from opgave.dossiers import services

    part = world.dossier.participations.get(organisation=world.orgs[org])
    services.change_participation(
        actor=Actor.system(), participation=part, expected_revision=part.revision, purposes=codes
    )


def test_no_principal_widens_its_own_access_through_any_dossier_write(world: World) -> None:
    from opgave.dossiers import services

    # a shared purpose with an entry under it, so widening to it would show something new
    ProcessingActivityFactory(code="t-gedeeld", name="Gedeeld doel", legal_basis="Jeugdwet", controller=None)
    _set_purposes(world, "gemeente", ["t-jeugdhulp", "t-veiligheid", "t-gedeeld"])
    services.add_entry(
        actor=world.actor("gemeente"),
        dossier=world.dossier,
        kind="notitie",
        title="geheim-gedeeld",
        purpose="t-gedeeld",
        confidentiality=3,
    )
    _set_purposes(world, "gemeente", ["t-jeugdhulp", "t-veiligheid"])
    clients = _clients(world)
    writes = _writes(world)
    outcome: Counter[str] = Counter()
    for name, (method, url, body) in writes.items():
        for principal in PRINCIPALS:
            own = ACTS_FOR.get(principal)
            with transaction.atomic():
                before = _visible(world, own)
                denials = AuditRecord.objects.filter(result=AuditRecord.Result.DENIED).count()
                response = clients[principal].generic(
                    method,
                    url,
                    json.dumps(body),
                    content_type="application/json",
                    headers={"If-Match": "*"},
                )
                after = _visible(world, own)
                logged = AuditRecord.objects.filter(result=AuditRecord.Result.DENIED).count() > denials
                transaction.set_rollback(True)
            assert response.status_code < 500, (name, principal, response.content)
            went_through = response.status_code in (200, 201)
            outcome["allowed" if went_through else "refused"] += 1
            assert went_through == (principal in MAY[name]), (name, principal, response.status_code)
            assert after <= before, (name, principal, "sees more afterwards", after - before)
            if response.status_code in (401, 403):
                assert logged, (name, principal, "denial not in the security log")
    print(f"dossier escalation: {dict(outcome)} over {len(writes)} writes x {len(PRINCIPALS)} principals")


def test_a_platform_administrator_does_not_let_their_own_organisation_in(world: World) -> None:
    client = _clients(world)["platform_admin_in_raad"]
    raad = world.dossier.participations.get(organisation=world.orgs["raad"])
    response = client.post(
        f"/api/v1/dossiers/{world.dossier.uuid}/participants/{raad.uuid}/decision",
        json.dumps({"accept": True, "clearance": 3}),
        content_type="application/json",
    )
    assert response.status_code == 403
    raad.refresh_from_db()
    assert raad.status == Participation.Status.REQUESTED
    assert AuditRecord.objects.filter(action="participation.accept", result="denied").exists()
