"""Administrators (issue #7, defect 7): platform administrators do not join organisations on
their own authority; the only administrator cannot demote herself; the Django admin's password
changes and memberships are audited with the changed fields."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from tests.core.factories import DEFAULT_PASSWORD, MembershipFactory, OrganisationFactory, PersonFactory

from opgave.core.models import AuditRecord, Membership

pytestmark = pytest.mark.django_db


def _client(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def _post(client: Client, url: str, body: dict[str, object]) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_platform_admin_cannot_make_himself_a_member_through_the_api() -> None:
    staff = PersonFactory(is_staff=True)
    organisation = OrganisationFactory()
    url = f"/api/v1/organisations/{organisation.uuid}/memberships"
    reply = _post(_client(staff), url, {"email": staff.email, "role": "beheerder"})
    assert reply.status_code == 403, reply.content  # type: ignore[attr-defined]
    assert not Membership.objects.filter(person=staff).exists()
    assert AuditRecord.objects.filter(action="membership.create", result="denied").exists()
    # nor can he make another platform administrator a member
    other = PersonFactory(is_staff=True)
    assert _post(_client(staff), url, {"email": other.email, "role": "lid"}).status_code == 403  # type: ignore[attr-defined]


def test_an_organisation_administrator_may_add_a_platform_administrator() -> None:
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    staff = PersonFactory(is_staff=True)
    url = f"/api/v1/organisations/{admin.organisation.uuid}/memberships"
    reply = _post(_client(admin.person), url, {"email": staff.email, "role": "lid"})
    assert reply.status_code == 201, reply.content  # type: ignore[attr-defined]


def test_the_only_administrator_cannot_demote_herself_with_patch() -> None:
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    client = _client(admin.person)
    url = f"/api/v1/organisations/{admin.organisation.uuid}/memberships/{admin.uuid}"
    etag = client.get(url).headers["ETag"]
    reply = client.patch(
        url, data=json.dumps({"role": "lid"}), content_type="application/json", headers={"If-Match": etag}
    )
    assert reply.status_code == 422, reply.content
    admin.refresh_from_db()
    assert admin.role == Membership.Role.ADMIN
    # with a second administrator she may step down
    MembershipFactory(organisation=admin.organisation, role=Membership.Role.ADMIN)
    etag = client.get(url).headers["ETag"]
    reply = client.patch(
        url, data=json.dumps({"role": "lid"}), content_type="application/json", headers={"If-Match": etag}
    )
    assert reply.status_code == 200, reply.content


def test_a_password_change_in_the_django_admin_is_audited() -> None:
    superuser = PersonFactory(is_staff=True, is_superuser=True)
    person = PersonFactory()
    new = "een-heel-nieuw-wachtwoord-" + DEFAULT_PASSWORD[:4]
    reply = _client(superuser).post(
        f"/beheer/core/person/{person.pk}/password/", {"password1": new, "password2": new}
    )
    assert reply.status_code == 302, reply.content.decode()[:1500]
    record = AuditRecord.objects.get(action="person.password")
    assert record.actor == superuser and record.object_id == str(person.uuid)
    assert record.detail == {"via": "admin", "changes": {"password": "gewijzigd"}}
    assert new not in json.dumps(record.detail)


def test_a_membership_added_in_the_django_admin_is_audited_with_its_fields() -> None:
    superuser = PersonFactory(is_staff=True, is_superuser=True)
    organisation = OrganisationFactory(name="Gemeente Ede", cbs_code="GM0228")
    person = PersonFactory()
    reply = _client(superuser).post(
        f"/beheer/core/organisation/{organisation.pk}/change/",
        {
            "name": "Gemeente Ede",
            "kind": organisation.kind,
            "oin": "",
            "cbs_code": "GM0228",
            "parent": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-person": str(person.pk),
            "memberships-0-organisation": str(organisation.pk),
            "memberships-0-role": "beheerder",
            "memberships-0-job_title": "",
        },
    )
    assert reply.status_code == 302, reply.content.decode()[:3000]
    record = AuditRecord.objects.get(action="membership.create")
    assert record.actor == superuser
    assert record.detail["changes"]["role"] == {"oud": None, "nieuw": "beheerder"}
    assert record.detail["changes"]["person"]["nieuw"] == str(person.uuid)
    assert not AuditRecord.objects.filter(action="organisation.update").exists()  # nothing else changed


@pytest.mark.parametrize("where", ["organisation", "membership"])
def test_a_platform_admin_cannot_make_himself_a_member_in_the_django_admin(where: str) -> None:
    """Regression: the API refused it, the admin's membership forms did not (issue #7's escalation)."""
    superuser = PersonFactory(is_staff=True, is_superuser=True)
    organisation = OrganisationFactory(name="Gemeente Ede", cbs_code="GM0228")
    client = _client(superuser)
    if where == "organisation":
        url = f"/beheer/core/organisation/{organisation.pk}/change/"
        data = {
            "name": "Gemeente Ede",
            "kind": organisation.kind,
            "oin": "",
            "cbs_code": "GM0228",
            "parent": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-person": str(superuser.pk),
            "memberships-0-organisation": str(organisation.pk),
            "memberships-0-role": "beheerder",
            "memberships-0-job_title": "",
        }
    else:
        url = "/beheer/core/membership/add/"
        data = {"person": str(superuser.pk), "organisation": str(organisation.pk), "role": "beheerder"}
    reply = client.post(url, data)
    assert reply.status_code == 200
    assert "Je kunt jezelf geen lidmaatschap" in reply.content.decode()
    assert not Membership.objects.filter(person=superuser).exists()
    assert not AuditRecord.objects.filter(action="membership.create").exists()


def test_a_platform_admin_cannot_raise_his_own_role_in_the_django_admin() -> None:
    superuser = PersonFactory(is_staff=True, is_superuser=True)
    membership = MembershipFactory(person=superuser, role=Membership.Role.MEMBER)
    reply = _client(superuser).post(
        f"/beheer/core/membership/{membership.pk}/change/",
        {"person": str(superuser.pk), "organisation": str(membership.organisation.pk), "role": "beheerder"},
    )
    assert reply.status_code == 200 and "Je kunt jezelf" in reply.content.decode()
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER
