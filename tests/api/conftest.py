"""Fixtures for the API tests: a cast of callers and a JSON client that speaks the conventions."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.test.client import ClientHandler
from django.utils import timezone
from tests.core.factories import act

from opgave.core import scopes
from opgave.core.actors import Actor
from opgave.core.models import ApiToken, Membership, Organisation, Person
from opgave.core.services import tokens as token_service

from .openapi_check import validate_response

SYSTEM = Actor.system()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any
    raw: Any = field(repr=False, default=None)

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


_HANDLERS: dict[bool, ClientHandler] = {}


def make_client(*, enforce_csrf: bool = False) -> Client:
    """A Django test client sharing one request handler (so middleware loads once per run).

    Loading the middleware is slow here: WhiteNoise indexes every static file (node_modules
    included) when it starts, and Django's test client starts a fresh handler per client.
    """
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.handler = _HANDLERS.setdefault(enforce_csrf, ClientHandler(enforce_csrf))
    return client


class ApiClient:
    """Django's test client with JSON in and out, and optional session or token."""

    def __init__(
        self, *, person: Person | None = None, token: str | None = None, enforce_csrf: bool = False
    ) -> None:
        self.client = make_client(enforce_csrf=enforce_csrf)
        self.token = token
        if person is not None:
            self.client.force_login(person)

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | str | None = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        validate: bool = True,
    ) -> Reply:
        all_headers = dict(headers or {})
        if self.token is not None:
            all_headers.setdefault("Authorization", f"Bearer {self.token}")
        data: Any = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs: dict[str, Any] = {"headers": all_headers}
        if data is not None:
            kwargs.update(data=data, content_type=content_type)
            response = getattr(self.client, method.lower())(path, **kwargs)
        else:
            # No body, no content type, as `curl -X POST` sends it (the test client's post()
            # would send an empty multipart form, which the API refuses with 415).
            response = self.client.generic(method.upper(), path, **kwargs)
        content = response.content
        try:
            parsed = json.loads(content) if content else None
        except ValueError:
            parsed = content
        reply = Reply(response.status_code, dict(response.headers.items()), parsed, response)
        if validate:
            validate_response(method, path.split("?")[0], reply.status, reply.content_type, parsed)
        return reply

    def get(self, path: str, **kw: Any) -> Reply:
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.call("POST", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.call("PATCH", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> Reply:
        return self.call("DELETE", path, **kw)


def make_person(username: str, *, staff: bool = False) -> Person:
    person = Person.objects.create_user(
        username=username, email=f"{username}@voorbeeld.nl", password=None, first_name=username.title()
    )
    if staff:
        person.is_staff = True
        person.save(update_fields=["is_staff"])
    return person


def make_token(
    organisation: Organisation,
    scopes: list[str],
    *,
    name: str = "koppeling",
    issuer: Person | str = "admin",
) -> tuple[ApiToken, str]:
    """A token issued by ``issuer``: a person, ``"system"``, or (default) an administrator of the
    organisation, as in real use — a token is never stronger than its issuer."""
    if issuer == "admin":
        admin = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN).first()
        issuer = admin.person if admin is not None else "system"
    actor = act(issuer) if isinstance(issuer, Person) else SYSTEM
    return token_service.issue_token(organisation=organisation, name=name, scopes=scopes, actor=actor)


@dataclass
class Cast:
    """Two organisations and everybody who might call the API about the first one."""

    org: Organisation
    other_org: Organisation
    platform_admin: Person
    org_admin: Person
    member: Person
    outsider: Person
    tokens: dict[str, str]

    def client(self, role: str) -> ApiClient:
        if role == "anonymous":
            return ApiClient()
        if role in {"platform_admin", "org_admin", "member", "outsider"}:
            return ApiClient(person=getattr(self, role))
        return ApiClient(token=self.tokens[role])


def all_scopes() -> list[str]:
    """Every registered scope (the pillars register theirs when their apps load)."""
    return sorted(scopes.SCOPES)


@pytest.fixture
def cast(db: Any) -> Cast:
    org = Organisation.objects.create(name="Gemeente Utrecht", kind="gemeente", cbs_code="GM0344")
    other = Organisation.objects.create(name="Provincie Utrecht", kind="provincie")
    platform_admin = make_person("platformbeheer", staff=True)
    org_admin = make_person("beheerder")
    member = make_person("lid")
    outsider = make_person("buitenstaander")
    Membership.objects.create(person=org_admin, organisation=org, role=Membership.Role.ADMIN)
    Membership.objects.create(person=member, organisation=org, role=Membership.Role.MEMBER)
    Membership.objects.create(person=outsider, organisation=other, role=Membership.Role.ADMIN)
    tokens = {
        "token_all": make_token(org, all_scopes())[1],
        "token_read": make_token(org, ["organisations:read", "tokens:read"])[1],
        "token_none": make_token(org, ["tokens:read"], name="smal")[1],
        "token_other_org": make_token(other, all_scopes())[1],
    }
    revoked, tokens["token_revoked"] = make_token(org, all_scopes(), name="ingetrokken")
    token_service.revoke_token(revoked, actor=SYSTEM, expected_revision=revoked.revision)
    expired, tokens["token_expired"] = make_token(org, all_scopes(), name="verlopen")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    return Cast(org, other, platform_admin, org_admin, member, outsider, tokens)


@pytest.fixture
def admin_client(cast: Cast) -> ApiClient:
    return cast.client("platform_admin")
