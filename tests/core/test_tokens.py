"""API tokens: issued once in plaintext, hashed at rest, scoped, expiring, revocable."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone
from tests.core.factories import ApiTokenFactory, MembershipFactory, OrganisationFactory, PersonFactory, act

from opgave.core.actors import Actor
from opgave.core.exceptions import PermissionDenied, ValidationError
from opgave.core.models import ApiToken, AuditRecord, Membership
from opgave.core.services import tokens

SYSTEM = Actor.system()

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_membership() -> Membership:
    return MembershipFactory(role=Membership.Role.ADMIN)


def test_issue_returns_the_plaintext_once_and_stores_only_its_hash(admin_membership: Membership) -> None:
    token, plaintext = tokens.issue_token(
        organisation=admin_membership.organisation,
        name="Koppeling zaaksysteem",
        scopes=["organisations:read"],
        actor=act(admin_membership.person),
    )
    assert plaintext.startswith(token.prefix + "_") and token.prefix.startswith("opg_")
    assert len(plaintext) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert all(plaintext not in str(getattr(stored, f.attname)) for f in ApiToken._meta.concrete_fields)
    assert AuditRecord.objects.filter(action="token.issue", result="success").count() == 1


def test_two_tokens_never_share_a_secret(admin_membership: Membership) -> None:
    issued = {
        tokens.issue_token(
            organisation=admin_membership.organisation, name=f"t{i}", scopes=["tokens:read"], actor=SYSTEM
        )[1]
        for i in range(5)
    }
    assert len(issued) == 5


def test_authenticate_accepts_the_plaintext_and_nothing_else() -> None:
    token = ApiTokenFactory()
    assert tokens.authenticate_token(token.plaintext) == token
    assert tokens.authenticate_token(token.plaintext + "x") is None
    assert tokens.authenticate_token(token.prefix) is None
    assert tokens.authenticate_token("") is None
    assert tokens.authenticate_token("Bearer " + token.plaintext) is None


def test_scopes_are_checked_and_write_includes_read() -> None:
    reader = ApiTokenFactory(scopes=["organisations:read"])
    writer = ApiTokenFactory(scopes=["organisations:write"])
    assert tokens.token_allows(reader, "organisations:read")
    assert not tokens.token_allows(reader, "organisations:write")
    assert tokens.token_allows(writer, "organisations:read")
    assert not tokens.token_allows(writer, "tokens:read")


def test_unknown_or_missing_scopes_are_refused(admin_membership: Membership) -> None:
    for scopes in (["alles:write"], []):
        with pytest.raises(ValidationError):
            tokens.issue_token(
                organisation=admin_membership.organisation, name="x", scopes=scopes, actor=SYSTEM
            )


def test_an_expired_token_no_longer_authenticates() -> None:
    token = ApiTokenFactory(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert tokens.authenticate_token(token.plaintext) is None
    denial = AuditRecord.objects.get(action="token.authenticate")
    assert denial.result == "denied" and denial.detail["reason"] == "verlopen"
    assert denial.detail["token"] == {"id": str(token.uuid), "name": token.name}


def test_expiry_must_lie_in_the_future_and_within_a_year(admin_membership: Membership) -> None:
    org = admin_membership.organisation
    for when in (timezone.now() - dt.timedelta(days=1), timezone.now() + dt.timedelta(days=400)):
        with pytest.raises(ValidationError):
            tokens.issue_token(
                organisation=org, name="x", scopes=["tokens:read"], actor=SYSTEM, expires_at=when
            )


def test_a_revoked_token_no_longer_authenticates(admin_membership: Membership) -> None:
    token = ApiTokenFactory(organisation=admin_membership.organisation)
    assert tokens.authenticate_token(token.plaintext) is not None
    tokens.revoke_token(token, actor=act(admin_membership.person), expected_revision=token.revision)
    assert token.revoked_at is not None
    assert tokens.authenticate_token(token.plaintext) is None
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    tokens.revoke_token(token, actor=act(admin_membership.person), expected_revision=token.revision)
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first
    assert AuditRecord.objects.filter(action="token.revoke", result="success").count() == 1


def test_only_administrators_of_the_organisation_manage_its_tokens() -> None:
    member = MembershipFactory(role=Membership.Role.MEMBER)
    outsider = MembershipFactory(role=Membership.Role.ADMIN)  # admin, but of another organisation
    for actor in (member.person, outsider.person, PersonFactory()):
        with pytest.raises(PermissionDenied):
            tokens.issue_token(
                organisation=member.organisation, name="x", scopes=["tokens:read"], actor=act(actor)
            )
    token = ApiTokenFactory(organisation=member.organisation)
    with pytest.raises(PermissionDenied):
        tokens.revoke_token(token, actor=act(member.person), expected_revision=token.revision)
    assert tokens.authenticate_token(token.plaintext) is not None
    assert AuditRecord.objects.filter(action__startswith="token.", result="denied").count() == 4


def test_a_platform_admin_may_issue_for_any_organisation() -> None:
    admin = PersonFactory(is_staff=True)
    token, _ = tokens.issue_token(
        organisation=OrganisationFactory(), name="x", scopes=["organisations:read"], actor=act(admin)
    )
    assert token.created_by == admin
