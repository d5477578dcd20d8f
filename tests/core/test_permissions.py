"""The named access checks and the visibility rules of the selectors."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from tests.core.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProcessingActivityFactory,
    act,
)

from opgave.core import permissions, selectors
from opgave.core.actors import Actor
from opgave.core.exceptions import PermissionDenied, RevisionConflict, ValidationError
from opgave.core.models import AuditRecord, Membership
from opgave.core.services import logs, memberships, organisations, people

SYSTEM = Actor.system()

pytestmark = pytest.mark.django_db


def test_the_named_checks() -> None:
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    member = MembershipFactory(organisation=admin.organisation)
    other = OrganisationFactory()
    org = admin.organisation
    assert permissions.is_member(member.person, org) and not permissions.is_org_admin(member.person, org)
    assert permissions.is_org_admin(admin.person, org) and not permissions.is_member(admin.person, other)
    assert not permissions.is_member(AnonymousUser(), org) and not permissions.is_member(None, org)
    assert permissions.is_platform_admin(PersonFactory(is_staff=True))
    assert not permissions.is_platform_admin(member.person)
    member.person.is_active = False
    assert not permissions.is_member(member.person, org)


def test_members_of_an_organisation_are_visible_to_its_members_only() -> None:
    membership = MembershipFactory()
    outsider = PersonFactory()
    assert list(selectors.members_of(membership.organisation, membership.person)) == [membership]
    assert not selectors.members_of(membership.organisation, outsider).exists()
    assert not selectors.organisations_visible_to(AnonymousUser()).exists()
    assert list(selectors.organisations_of(membership.person)) == [membership.organisation]


def test_only_platform_admins_create_organisations() -> None:
    with pytest.raises(PermissionDenied):
        organisations.create_organisation(actor=act(PersonFactory()), name="Gemeente X", kind="gemeente")
    created = organisations.create_organisation(
        actor=act(PersonFactory(is_staff=True)), name="Gemeente Nijmegen", kind="gemeente", cbs_code="GM0268"
    )
    assert created.pk is not None


def test_identifiers_are_validated() -> None:
    with pytest.raises(ValidationError):
        organisations.create_organisation(actor=SYSTEM, name="Gemeente Y", kind="gemeente", cbs_code="0202")
    with pytest.raises(ValidationError):
        organisations.create_organisation(actor=SYSTEM, name="Gemeente Z", kind="gemeente", oin="123")


def test_the_last_administrator_cannot_be_removed() -> None:
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    with pytest.raises(ValidationError):
        memberships.end_membership(admin, actor=SYSTEM, expected_revision=admin.revision)
    second = memberships.add_membership(
        actor=act(admin.person),
        person=PersonFactory(),
        organisation=admin.organisation,
        role=Membership.Role.ADMIN,
    )
    memberships.end_membership(admin, actor=act(second.person), expected_revision=admin.revision)
    assert not Membership.objects.filter(pk=admin.pk).exists()


def test_members_cannot_manage_memberships() -> None:
    member = MembershipFactory()
    with pytest.raises(PermissionDenied):
        memberships.add_membership(
            actor=act(member.person), person=PersonFactory(), organisation=member.organisation
        )


def test_changing_a_role_is_audited_and_guarded_by_revision() -> None:

    admin = MembershipFactory(role=Membership.Role.ADMIN)
    member = MembershipFactory(organisation=admin.organisation)
    changed = memberships.change_membership(
        member, actor=act(admin.person), role=Membership.Role.ADMIN, expected_revision=1
    )
    assert changed.role == Membership.Role.ADMIN and changed.revision == 2
    with pytest.raises(RevisionConflict):
        memberships.change_membership(
            member, actor=act(admin.person), job_title="Adviseur", expected_revision=1
        )
    record = AuditRecord.objects.get(action="membership.update")
    assert record.detail == {"changes": {"role": {"oud": "lid", "nieuw": "beheerder"}}}


def test_a_password_is_changed_by_its_owner_or_a_platform_admin() -> None:

    person, other = PersonFactory(), PersonFactory()
    people.set_password(person, "een-nieuw-lang-wachtwoord", actor=act(person))
    person.refresh_from_db()
    assert person.check_password("een-nieuw-lang-wachtwoord")
    with pytest.raises(PermissionDenied):
        people.set_password(person, "nog-een-lang-wachtwoord", actor=act(other))
    with pytest.raises(ValidationError):
        people.set_password(person, "kort", actor=act(person))


def test_processing_records_of_a_data_subject_are_for_platform_admins() -> None:

    activity = ProcessingActivityFactory()
    logs.log_processing(activity=activity, name="inzien", data_subject="999993653")
    logs.log_processing(activity=activity, name="inzien", data_subject="999990019")
    admin = PersonFactory(is_staff=True)
    assert selectors.processing_records_for("999993653", admin).count() == 1
    assert not selectors.processing_records_for("999993653", PersonFactory()).exists()


def test_the_audit_trail_of_an_organisation_is_for_its_administrators() -> None:
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    member = MembershipFactory(organisation=admin.organisation)
    organisations.update_organisation(
        admin.organisation, actor=act(admin.person), changes={"cbs_code": "GM0202"}, expected_revision=1
    )
    assert selectors.audit_records_of(admin.organisation, admin.person).count() == 1
    assert not selectors.audit_records_of(admin.organisation, member.person).exists()
