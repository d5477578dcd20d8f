"""Request and response schemas of the platform endpoints.

Resources are identified by their ``uuid`` (exposed as ``id``); database keys never
leave the server. Input schemas forbid unknown fields (:class:`InputSchema`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from opgave.api.validation import FilterSchema, InputSchema
from opgave.core.models import ApiToken, Membership, Organisation, OrganisationKind, Person

Kind = Literal[
    "rijk",
    "provincie",
    "gemeente",
    "waterschap",
    "uitvoeringsorganisatie",
    "koepel",
    "maatschappelijk",
    "burgerinitiatief",
]
Role = Literal["lid", "beheerder"]

assert set(Kind.__args__) == set(OrganisationKind.values), "Kind must list every OrganisationKind"  # type: ignore[attr-defined]
assert set(Role.__args__) == set(Membership.Role.values), "Role must list every Membership.Role"  # type: ignore[attr-defined]

OIN_PATTERN = r"^(\d{20})?$"
CBS_PATTERN = r"^((GM|PV|WS)\d{4})?$"


class OrganisationRef(Schema):
    id: uuid.UUID
    name: str
    kind: Kind

    @classmethod
    def from_model(cls, organisation: Organisation) -> OrganisationRef:
        return cls(id=organisation.uuid, name=organisation.name, kind=organisation.kind)  # type: ignore[arg-type]


class OrganisationOut(Schema):
    """An organisation in the register."""

    id: uuid.UUID
    name: str
    kind: Kind
    oin: str = Field(description="Organisatie-identificatienummer (20 cijfers) of leeg.")
    cbs_code: str = Field(description="CBS-code (GM0363, PV0027, WS0155) of leeg.")
    parent: uuid.UUID | None = Field(description="Het bovenliggende orgaan, of null.")
    revision: int = Field(description="Versie; dezelfde informatie als de ETag.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def from_model(cls, organisation: Organisation) -> OrganisationOut:
        return cls(
            id=organisation.uuid,
            name=organisation.name,
            kind=organisation.kind,  # type: ignore[arg-type]
            oin=organisation.oin,
            cbs_code=organisation.cbs_code,
            parent=organisation.parent.uuid if organisation.parent_id else None,  # type: ignore[union-attr]
            revision=organisation.revision,
            created_at=organisation.created_at,
            updated_at=organisation.updated_at,
        )


class OrganisationIn(InputSchema):
    name: str = Field(min_length=1, max_length=200, pattern=r"\S")
    kind: Kind
    oin: str = Field("", pattern=OIN_PATTERN, description="20 cijfers, of leeg.")
    cbs_code: str = Field("", pattern=CBS_PATTERN, description="Bijvoorbeeld GM0363, of leeg.")
    parent: uuid.UUID | None = None


class OrganisationPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=200, pattern=r"\S")
    kind: Kind | None = None
    oin: str | None = Field(None, pattern=OIN_PATTERN)
    cbs_code: str | None = Field(None, pattern=CBS_PATTERN)
    parent: uuid.UUID | None = None


class OrganisationFilters(FilterSchema):
    kind: Kind | None = Field(None, description="Alleen organisaties van deze soort.")
    q: str | None = Field(None, max_length=200, description="Zoek in de naam (hoofdletterongevoelig).")


class PersonOut(Schema):
    id: uuid.UUID
    username: str
    name: str
    email: str

    @classmethod
    def from_model(cls, person: Person) -> PersonOut:
        return cls(id=person.uuid, username=person.username, name=str(person), email=person.email)


class MembershipOut(Schema):
    id: uuid.UUID
    person: PersonOut
    organisation: OrganisationRef
    role: Role
    job_title: str
    revision: int
    created_at: dt.datetime

    @classmethod
    def from_model(cls, membership: Membership) -> MembershipOut:
        return cls(
            id=membership.uuid,
            person=PersonOut.from_model(membership.person),
            organisation=OrganisationRef.from_model(membership.organisation),
            role=membership.role,  # type: ignore[arg-type]
            job_title=membership.job_title,
            revision=membership.revision,
            created_at=membership.created_at,
        )


class MembershipIn(InputSchema):
    email: str = Field(
        min_length=3,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+$",
        description="E-mailadres van een bestaande persoon.",
    )
    role: Role = "lid"
    job_title: str = Field("", max_length=200)


class MembershipPatch(InputSchema):
    role: Role | None = None
    job_title: str | None = Field(None, max_length=200)


class TokenOut(Schema):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="Het zichtbare begin van het token, om het te herkennen.")
    scopes: list[str]
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    is_active: bool
    revision: int
    created_at: dt.datetime

    @classmethod
    def from_model(cls, token: ApiToken) -> TokenOut:
        return cls(
            id=token.uuid,
            name=token.name,
            prefix=token.prefix,
            scopes=list(token.scopes),
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
            last_used_at=token.last_used_at,
            is_active=token.is_active,
            revision=token.revision,
            created_at=token.created_at,
        )


class TokenCreated(TokenOut):
    token: str | None = Field(
        description="Het volledige token. Alleen in dit antwoord zichtbaar; bewaar het veilig. "
        "Bij een herhaald verzoek met dezelfde Idempotency-Key is dit null."
    )


class TokenIn(InputSchema):
    name: str = Field(min_length=1, max_length=200, pattern=r"\S")
    scopes: list[str] = Field(min_length=1, max_length=50, description="Bijvoorbeeld ['organisations:read'].")
    expires_at: AwareDatetime | None = Field(
        None, description="Standaard over 90 dagen; hoogstens een jaar vooruit."
    )


class TokenRef(Schema):
    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    expires_at: dt.datetime


class MyMembership(Schema):
    id: uuid.UUID
    organisation: OrganisationRef
    role: Role
    job_title: str


class MeOut(Schema):
    """Who the API sees: a person (session) or an organisation's token."""

    person: PersonOut | None
    is_platform_admin: bool
    memberships: list[MyMembership]
    active_organisation: OrganisationRef | None
    token: TokenRef | None
    purpose: str | None
