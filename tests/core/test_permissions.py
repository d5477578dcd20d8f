"""The named access checks and the visibility rules of the selectors."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from tests.core.factories import MembershipFactory, OrganisationFactory, PersonFactory

from opgave.core import permissions, selectors
from opgave.core.exceptions import PermissionDenied, ValidationError
from opgave.core.models import Membership
from opgave.core.services import memberships, organisations

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
        organisations.create_organisation(actor=PersonFactory(), name="Gemeente X", kind="gemeente")
    created = organisations.create_organisation(
        actor=PersonFactory(is_staff=True), name="Gemeente Nijmegen", kind="gemeente", cbs_code="GM0268"
    )
    assert created.pk is not None


def test_identifiers_are_validated() -> None:
    with pytest.raises(ValidationError):
        organisations.create_organisation(actor=None, name="Gemeente Y", kind="gemeente", cbs_code="0202")
    with pytest.raises(ValidationError):
        organisations.create_organisation(actor=None, name="Gemeente Z", kind="gemeente", oin="123")


def test_the_last_administrator_cannot_be_removed() -> None:
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    with pytest.raises(ValidationError):
        memberships.end_membership(admin, actor=None)
    second = memberships.add_membership(
        actor=admin.person,
        person=PersonFactory(),
        organisation=admin.organisation,
        role=Membership.Role.ADMIN,
    )
    memberships.end_membership(admin, actor=second.person)
    assert not Membership.objects.filter(pk=admin.pk).exists()


def test_members_cannot_manage_memberships() -> None:
    member = MembershipFactory()
    with pytest.raises(PermissionDenied):
        memberships.add_membership(
            actor=member.person, person=PersonFactory(), organisation=member.organisation
        )
