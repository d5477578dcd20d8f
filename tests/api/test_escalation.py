"""Escalation: no principal can give anyone more than it could grant itself (issue #7).

For every principal, every write that changes who may do what — memberships and roles, tokens
and their scopes, a collaboration's owners, programme link and diagnostics consent, opening a
session (which makes the opener its facilitator) — is tried through the API, each attempt in
its own rolled-back savepoint. What went through must be within what the principal could grant
(:data:`MAY`: the documented rules, ``docs/gebruikershandleiding/samenwerkingen.md`` and
``docs/reference/api.md``), and the resulting state is checked as well: a minted token never
holds a scope its maker lacked, no platform administrator became a member on his own, no owner
list changed without an owner administrator. The counts are printed (``-s``) for the notes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from tests.core.factories import act

from opgave.collaborations import permissions, services
from opgave.collaborations.models import Collaboration, Session
from opgave.collaborations.services import access
from opgave.core.models import ApiToken, Membership, Organisation, Person

from .conftest import ApiClient, Cast, all_scopes, make_person, make_token

API = "/api/v1"
PRINCIPALS = (
    "anonymous",
    "member",
    "org_admin",
    "other_org_admin",
    "platform_admin",
    "facilitator",
    "programme_owner",
    "token_all_scopes",
    "token_tokens_write",
    "token_orgs_write_by_system",
    "token_collaborations_write",
)

# What each write may do, and for whom (the rules as documented).
MAY: dict[str, set[str]] = {
    "add an administrator": {"org_admin", "platform_admin", "token_all_scopes"},
    "add yourself as administrator": set(),
    "promote a member to administrator": {"org_admin", "platform_admin", "token_all_scopes"},
    "mint a token with every scope": {"org_admin", "platform_admin", "token_all_scopes"},
    "add an owner to the collaboration": {"org_admin", "token_all_scopes", "token_collaborations_write"},
    "attach the collaboration to a programme": {
        "org_admin",
        "token_all_scopes",
        "token_collaborations_write",
    },
    "share diagnostics with the programme": {"org_admin", "token_all_scopes", "token_collaborations_write"},
    "open a session (become its facilitator)": {"member", "org_admin"},
    # who comes in: accepting a request to join lets a whole organisation see the private parts
    "accept a request to join": {"member", "org_admin", "token_all_scopes", "token_collaborations_write"},
    "accept your own request to join": set(),
    "invite an organisation": {"member", "org_admin", "token_all_scopes", "token_collaborations_write"},
    "accept an invitation meant for someone else": set(),
}


class World:
    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.newcomer = make_person("nieuwkomer")
        ministry = Organisation.objects.create(name="Ministerie", kind="rijk")
        self.programme_owner = make_person("programmaleider")
        Membership.objects.create(person=self.programme_owner, organisation=ministry)
        self.collaboration = services.create_collaboration(
            name="Escalatie", opgave="Rechten bewaken.", owners=[cast.org], actor=act(cast.org_admin)
        )
        self.programme = services.create_programme(
            name="Programma", description="", owners=[ministry], actor=act(self.programme_owner)
        )
        # a member of a *participating* organisation who facilitates one session
        self.facilitator = make_person("sessieleider")
        Membership.objects.create(person=self.facilitator, organisation=cast.other_org)
        services.save_draft(
            self.collaboration,
            expected_revision=self.collaboration.revision,
            step=2,
            data={"parties": [{"organisation": str(cast.other_org.uuid), "organisation_name": "Provincie"}]},
            actor=act(cast.org_admin),
        )
        self.collaboration.refresh_from_db()
        services.agree_version(
            self.collaboration, expected_revision=self.collaboration.revision, actor=act(cast.org_admin)
        )
        Session.objects.create(
            collaboration=self.collaboration,
            title="Eerder",
            facilitator=self.facilitator,
            opened_at=timezone.now(),
            steps=[1, 2],
        )
        # someone outside asks to join; the programme owner asks as well (and may not accept it himself)
        outside = Organisation.objects.create(name="Buurtinitiatief", kind="maatschappelijk")
        self.requester = make_person("aanvrager")
        Membership.objects.create(person=self.requester, organisation=outside)
        self.request = access.request_to_join(
            self.collaboration, organisation=outside, motivation="Wij doen dit al.", actor=act(self.requester)
        )
        self.own_request = access.request_to_join(
            self.collaboration,
            organisation=ministry,
            motivation="Wij financieren.",
            actor=act(self.programme_owner),
        )
        self.invitation, _ = access.invite(
            self.collaboration, person=self.newcomer, actor=act(cast.org_admin)
        )
        self.outside = outside
        self.tokens: dict[str, ApiToken] = {}
        self.clients: dict[str, ApiClient] = {}
        for name, scopes, issuer in (
            ("token_all_scopes", all_scopes(), "admin"),
            ("token_tokens_write", ["tokens:write"], "admin"),
            ("token_orgs_write_by_system", ["organisations:write", "tokens:write"], "system"),
            ("token_collaborations_write", ["collaborations:write"], "admin"),
        ):
            token, plaintext = make_token(cast.org, scopes, name=name, issuer=issuer)
            self.tokens[name] = token
            self.clients[name] = ApiClient(token=plaintext)
        people = {
            "member": cast.member,
            "org_admin": cast.org_admin,
            "other_org_admin": cast.outsider,
            "platform_admin": cast.platform_admin,
            "facilitator": self.facilitator,
            "programme_owner": self.programme_owner,
        }
        self.people: dict[str, Person] = people
        for name, person in people.items():
            self.clients[name] = ApiClient(person=person)
        self.clients["anonymous"] = ApiClient()


def _org_url(w: World) -> str:
    return f"{API}/organisations/{w.cast.org.uuid}"


def _patch_collaboration(w: World, client: ApiClient, body: dict[str, Any]) -> Any:
    url = f"{API}/collaborations/{w.collaboration.uuid}"
    etag = ApiClient(person=w.cast.org_admin).get(url).headers["ETag"]
    return client.patch(url, body, headers={"If-Match": etag}, validate=False)


def _writes(w: World) -> dict[str, Callable[[str, ApiClient], Any]]:
    member_row = Membership.objects.get(person=w.cast.member, organisation=w.cast.org)

    def promote(_: str, client: ApiClient) -> Any:
        url = f"{_org_url(w)}/memberships/{member_row.uuid}"
        etag = ApiClient(person=w.cast.org_admin).get(url).headers["ETag"]
        return client.patch(url, {"role": "beheerder"}, headers={"If-Match": etag}, validate=False)

    def add_self(name: str, client: ApiClient) -> Any:
        token = w.tokens.get(name)
        person = w.people.get(name) or (token.created_by if token is not None else None)
        email = person.email if person is not None else w.newcomer.email
        return client.post(
            f"{_org_url(w)}/memberships", {"email": email, "role": "beheerder"}, validate=False
        )

    return {
        "add an administrator": lambda _, c: c.post(
            f"{_org_url(w)}/memberships", {"email": w.newcomer.email, "role": "beheerder"}, validate=False
        ),
        "add yourself as administrator": add_self,
        "promote a member to administrator": promote,
        "mint a token with every scope": lambda _, c: c.post(
            f"{_org_url(w)}/tokens", {"name": "alles", "scopes": all_scopes()}, validate=False
        ),
        "add an owner to the collaboration": lambda _, c: _patch_collaboration(
            w, c, {"owners": [str(w.cast.org.uuid), str(w.cast.other_org.uuid)]}
        ),
        "attach the collaboration to a programme": lambda _, c: _patch_collaboration(
            w, c, {"programme": str(w.programme.uuid)}
        ),
        "share diagnostics with the programme": lambda _, c: _patch_collaboration(
            w, c, {"share_diagnostics_with_programme": True}
        ),
        "accept a request to join": lambda _, c: c.post(
            f"{API}/collaborations/{w.collaboration.uuid}/join-requests/{w.request.uuid}/accept",
            validate=False,
        ),
        "accept your own request to join": lambda name, c: (
            c.post(
                f"{API}/collaborations/{w.collaboration.uuid}/join-requests/{w.own_request.uuid}/accept",
                validate=False,
            )
            if name == "programme_owner"
            else _refused()
        ),
        "invite an organisation": lambda _, c: c.post(
            f"{API}/collaborations/{w.collaboration.uuid}/invitations",
            {"organisation": str(w.outside.uuid)},
            validate=False,
        ),
        "accept an invitation meant for someone else": lambda _, c: c.post(
            f"{API}/invitations/{w.invitation.uuid}/accept", {}, validate=False
        ),
        "open a session (become its facilitator)": lambda _, c: c.post(
            f"{API}/collaborations/{w.collaboration.uuid}/sessions",
            {"title": "Nieuw", "participants": [str(w.cast.member.uuid), str(w.cast.org_admin.uuid)]},
            validate=False,
        ),
    }


class _Refused:
    """Stands in for an attempt that only one principal can make (the others are not asked)."""

    status = 403
    body: Any = None


def _refused() -> _Refused:
    return _Refused()


def _invariants(w: World, principal: str, before_tokens: set[int]) -> None:
    """Whatever went through, the resulting state gives nobody more than the principal had."""
    maker = w.tokens.get(principal)
    for token in ApiToken.objects.exclude(pk__in=before_tokens):
        if maker is not None:
            assert set(token.scopes) <= set(maker.scopes), f"{principal} minted {token.scopes}"
            assert token.created_by == maker.created_by
    for membership in Membership.objects.filter(person__is_staff=True):
        assert principal not in ("platform_admin",) or membership.person != w.cast.platform_admin, (
            "a platform administrator joined an organisation on his own"
        )
    item = Collaboration.objects.get(pk=w.collaboration.pk)
    private = {p.pk for p in Person.objects.all() if permissions.can_view_private(p, item)}
    if principal not in MAY["accept a request to join"]:
        assert w.requester.pk not in private, f"{principal} let the requester in"
    assert w.programme_owner.pk not in private, "the programme owner let himself in"
    w.invitation.refresh_from_db()
    w.own_request.refresh_from_db()
    assert w.invitation.status == "pending", f"{principal} answered someone else's invitation"
    assert w.own_request.status == "pending", "a request to join was accepted by its own author"
    if principal not in MAY["add an owner to the collaboration"]:
        assert list(item.owners.all()) == [w.cast.org], f"{principal} changed the owners"
        assert item.programme is None and not item.share_diagnostics_with_programme


@pytest.mark.django_db
def test_no_principal_grants_more_than_it_could(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    w = World(cast)
    tally: Counter[str] = Counter()
    allowed: dict[str, set[str]] = {write: set() for write in MAY}
    for write, attempt in _writes(w).items():
        for principal in PRINCIPALS:
            before_tokens = set(ApiToken.objects.values_list("pk", flat=True))
            with transaction.atomic():
                reply = attempt(principal, w.clients[principal])
                tally["attempts"] += 1
                status = reply.status
                assert status < 500, f"{principal} / {write}: {status} {reply.body}"
                if 200 <= status < 300:
                    tally["allowed"] += 1
                    allowed[write].add(principal)
                else:
                    tally["refused"] += 1
                    tally[f"{status // 100}xx"] += 1
                    tally[str(status)] += 1
                _invariants(w, principal, before_tokens)
                transaction.set_rollback(True)
    beyond = {write: sorted(allowed[write] - MAY[write]) for write in MAY if allowed[write] - MAY[write]}
    assert not beyond, f"writes that went beyond what the principal could grant: {beyond}"
    missing = {write: sorted(MAY[write] - allowed[write]) for write in MAY if MAY[write] - allowed[write]}
    assert not missing, f"the rules allow these, but they were refused: {missing}"
    with capsys.disabled():
        print("\nescalation figures:", json.dumps(dict(sorted(tally.items()))))
    assert tally["attempts"] == len(MAY) * len(PRINCIPALS)
