"""Matrix rows for the platform endpoints (see ``matrix.py`` for the format)."""

from __future__ import annotations

from typing import Any

from opgave.core.models import ApiToken, Membership


def _org(cast: Any) -> str:
    return f"/api/v1/organisations/{cast.org.uuid}"


def _membership(cast: Any) -> str:
    membership = Membership.objects.get(person=cast.member, organisation=cast.org)
    return f"{_org(cast)}/memberships/{membership.uuid}"


def _token(cast: Any) -> str:
    token = ApiToken.objects.filter(organisation=cast.org, name="koppeling").order_by("pk").first()
    return f"{_org(cast)}/tokens/{token.uuid}"  # type: ignore[union-attr]


def _new_member_body(cast: Any) -> dict[str, Any]:
    from opgave.core.models import Person

    person = Person.objects.create_user(username="nieuwkomer", email="nieuwkomer@voorbeeld.nl", password=None)
    return {"email": person.email, "role": "lid", "job_title": "Projectleider"}


def _platform_admin_body(cast: Any) -> dict[str, Any]:
    """A platform administrator as the new member: refused when he adds himself (#7, defect 7)."""
    return {"email": cast.platform_admin.email, "role": "beheerder"}


ROWS: list[dict[str, Any]] = [
    {
        "method": "GET",
        "path": "/api/v1/me",
        "profile": "signed_in",
        "ok": 200,
        "build": lambda c: {"url": "/api/v1/me"},
    },
    {
        "method": "GET",
        "path": "/api/v1/organisations",
        "profile": "signed_in",
        "ok": 200,
        "build": lambda c: {"url": "/api/v1/organisations"},
    },
    {
        "method": "POST",
        "path": "/api/v1/organisations",
        "profile": "platform_admins",
        "ok": 201,
        "build": lambda c: {
            "url": "/api/v1/organisations",
            "body": {"name": "Gemeente Amersfoort", "kind": "gemeente", "cbs_code": "GM0307"},
        },
    },
    {
        "method": "GET",
        "path": "/api/v1/organisations/{organisation_id}",
        "profile": "signed_in",
        "ok": 200,
        "build": lambda c: {"url": _org(c)},
    },
    {
        "method": "PATCH",
        "path": "/api/v1/organisations/{organisation_id}",
        "profile": "managers",
        "ok": 200,
        "build": lambda c: {
            "url": _org(c),
            "body": {"name": "Gemeente Utrecht (gewijzigd)"},
            "etag_url": _org(c),
        },
    },
    {
        "method": "GET",
        "path": "/api/v1/organisations/{organisation_id}/memberships",
        "profile": "members",
        "ok": 200,
        "build": lambda c: {"url": f"{_org(c)}/memberships"},
    },
    {
        "method": "POST",
        "path": "/api/v1/organisations/{organisation_id}/memberships",
        "profile": "managers",
        "ok": 201,
        "build": lambda c: {"url": f"{_org(c)}/memberships", "body": _new_member_body(c)},
    },
    {
        "method": "GET",
        "path": "/api/v1/organisations/{organisation_id}/memberships/{membership_id}",
        "profile": "members",
        "ok": 200,
        "build": lambda c: {"url": _membership(c)},
    },
    {
        "method": "PATCH",
        "path": "/api/v1/organisations/{organisation_id}/memberships/{membership_id}",
        "profile": "managers",
        "ok": 200,
        "build": lambda c: {
            "url": _membership(c),
            "body": {"job_title": "Adviseur"},
            "etag_url": _membership(c),
        },
    },
    {
        "method": "DELETE",
        "path": "/api/v1/organisations/{organisation_id}/memberships/{membership_id}",
        "profile": "managers",
        "ok": 204,
        "build": lambda c: {"url": _membership(c), "etag_url": _membership(c)},
    },
    {
        "method": "GET",
        "path": "/api/v1/organisations/{organisation_id}/tokens",
        "profile": "managers",
        "ok": 200,
        "build": lambda c: {"url": f"{_org(c)}/tokens"},
    },
    {
        "method": "POST",
        "path": "/api/v1/organisations/{organisation_id}/tokens",
        "profile": "managers",
        "ok": 201,
        "build": lambda c: {
            "url": f"{_org(c)}/tokens",
            "body": {"name": "nieuw", "scopes": ["tokens:read"]},  # a token grants only its own scopes
        },
    },
    {
        "method": "GET",
        "path": "/api/v1/organisations/{organisation_id}/tokens/{token_id}",
        "profile": "managers",
        "ok": 200,
        "build": lambda c: {"url": _token(c)},
    },
    {
        "method": "DELETE",
        "path": "/api/v1/organisations/{organisation_id}/tokens/{token_id}",
        "profile": "managers",
        "ok": 204,
        "build": lambda c: {"url": _token(c), "etag_url": _token(c)},
    },
    # Rows that change who may do what (issue #7): a role change, token issuance by a token
    # (never beyond its own scopes), and a platform administrator's membership.
    {
        "method": "PATCH",
        "path": "/api/v1/organisations/{organisation_id}/memberships/{membership_id}",
        "profile": "managers",
        "ok": 200,
        "build": lambda c: {"url": _membership(c), "body": {"role": "beheerder"}, "etag_url": _membership(c)},
    },
    {
        "method": "POST",
        "path": "/api/v1/organisations/{organisation_id}/tokens",
        "profile": "managers_people",
        "ok": 201,
        "build": lambda c: {
            "url": f"{_org(c)}/tokens",
            "body": {"name": "breder", "scopes": ["organisations:write", "tokens:write"]},
        },
    },
    {
        "method": "POST",
        "path": "/api/v1/organisations/{organisation_id}/memberships",
        "profile": "org_managers",
        "ok": 201,
        "build": lambda c: {"url": f"{_org(c)}/memberships", "body": _platform_admin_body(c)},
    },
]
