"""Request and response bodies of the dossier API (Dutch descriptions; no BSN ever in a response)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Field, Schema

from opgave.dossiers.models import Dossier, Obligation, Participation, Signal
from opgave.dossiers.selectors import EntryView, MatchView, PlanItemView, SubjectView


class DossierOrganisationRef(Schema):
    id: uuid.UUID
    name: str

    @classmethod
    def of(cls, organisation: Any) -> DossierOrganisationRef | None:
        return cls(id=organisation.uuid, name=organisation.name) if organisation is not None else None


class SubjectIn(Schema):
    relation: str = Field(..., description="ouder, kind, partner, huisgenoot, betrokkene of locatie")
    bsn: str = Field(
        "", description="Burgerservicenummer (elfproef); wordt nooit bewaard, alleen een pseudoniem."
    )
    name: str = Field("", max_length=120)
    birth_date: dt.date | None = None
    postcode: str = Field("", description="Voor een adres: postcode, bijvoorbeeld 6811 AB.")
    house_number: str = ""


class SubjectOut(Schema):
    id: uuid.UUID
    kind: str
    relation: str
    name: str
    birth_date: str
    address: str

    @classmethod
    def build(cls, view: SubjectView) -> SubjectOut:
        return cls(
            id=view.uuid,
            kind=view.kind,
            relation=view.relation,
            name=view.name,
            birth_date=view.birth_date,
            address=view.address,
        )


class DossierIn(Schema):
    kind: Literal["gezin", "persoon", "adres"]
    title: str = Field(..., max_length=120, description="Werktitel zonder persoonsgegevens.")
    subjects: list[SubjectIn] = Field(..., min_length=1, max_length=20)
    role: str = "casusregisseur"
    purposes: list[str] = Field(
        ..., min_length=1, description="Codes uit het register van verwerkingsactiviteiten."
    )
    clearance: int = Field(1, ge=1, le=3)


class DossierOut(Schema):
    id: uuid.UUID
    reference: str
    kind: str
    title: str
    created_by: DossierOrganisationRef
    created_at: dt.datetime
    plan_reviewed_at: dt.datetime | None
    revision: int

    @classmethod
    def build(cls, item: Dossier) -> DossierOut:
        return cls(
            id=item.uuid,
            reference=item.reference,
            kind=item.kind,
            title=item.title,
            created_by=DossierOrganisationRef.of(item.created_by),  # type: ignore[arg-type]
            created_at=item.created_at,
            plan_reviewed_at=item.plan_reviewed_at,
            revision=item.revision,
        )


class ParticipationOut(Schema):
    id: uuid.UUID
    organisation: DossierOrganisationRef
    role: str
    regisseur: bool
    status: str
    purposes: list[str]
    clearance: int
    contact: str
    requested_at: dt.datetime
    accepted_at: dt.datetime | None
    left_at: dt.datetime | None
    revision: int

    @classmethod
    def build(cls, part: Participation) -> ParticipationOut:
        return cls(
            id=part.uuid,
            organisation=DossierOrganisationRef.of(part.organisation),  # type: ignore[arg-type]
            role=part.role,
            regisseur=part.is_regisseur,
            status=part.status,
            purposes=sorted(p.code for p in part.purposes.all()),
            clearance=part.clearance,
            contact=part.contact.get_full_name() if part.contact else "",
            requested_at=part.requested_at,
            accepted_at=part.accepted_at,
            left_at=part.left_at,
            revision=part.revision,
        )


class DossierDetailOut(DossierOut):
    subjects: list[SubjectOut]
    participants: list[ParticipationOut]
    my_participation: ParticipationOut


class JoinIn(Schema):
    role: str
    purposes: list[str] = Field(..., min_length=1)
    clearance: int = Field(1, ge=1, le=3)


class ParticipationDecisionIn(Schema):
    accept: bool
    clearance: int | None = Field(None, ge=1, le=3, description="Lager dan aangevraagd mag; hoger nooit.")


class ParticipationPatch(Schema):
    role: str | None = None
    purposes: list[str] | None = None
    clearance: int | None = Field(None, ge=1, le=3)


class RegisseurIn(Schema):
    participation: uuid.UUID


class EntryIn(Schema):
    kind: Literal["signaal", "taxatie", "planonderdeel", "besluit", "notitie"]
    title: str = Field(..., max_length=200)
    body: str = Field("", max_length=20000)
    purpose: str
    confidentiality: int = Field(1, ge=1, le=3)
    category: str = Field("", max_length=60)
    safety_level: int | None = Field(None, ge=1, le=3)


class DocumentIn(Schema):
    title: str = Field(..., max_length=200)
    purpose: str
    confidentiality: int = Field(1, ge=1, le=3)
    category: str = Field("", max_length=60)
    file_name: str = Field(..., max_length=200)
    content_base64: str = Field(..., description="De inhoud van het bestand, base64-gecodeerd.")


class DossierEntryOut(Schema):
    id: uuid.UUID
    kind: str
    category: str
    title: str
    body: str
    organisation: DossierOrganisationRef
    purpose: str
    confidentiality: int
    safety_level: int | None
    created_at: dt.datetime
    retain_until: dt.date
    document: str | None = Field(None, description="Bestandsnaam, als er een document bij hoort.")
    content_type: str = ""
    size: int = 0

    @classmethod
    def build(cls, view: EntryView) -> DossierEntryOut:
        return cls(**cls.fields_of(view))

    @staticmethod
    def fields_of(view: EntryView) -> dict[str, Any]:
        """The entry as plain values: a list answers these and lets the response schema check them
        once (building each item as a schema first would validate every item twice)."""
        organisation = view.author_organisation
        return {
            "id": view.uuid,
            "kind": view.kind,
            "category": view.category,
            "title": view.title,
            "body": view.body,
            "organisation": {"id": organisation.uuid, "name": organisation.name},
            "purpose": view.purpose_code,
            "confidentiality": view.confidentiality,
            "safety_level": view.safety_level,
            "created_at": view.created_at,
            "retain_until": view.retain_until,
            "document": view.document_name if view.has_document else None,
            "content_type": view.content_type,
            "size": view.size,
        }


class SearchIn(Schema):
    q: str = Field(
        ..., min_length=2, max_length=100, description="Zoekt in titel en tekst van zichtbare stukken."
    )


class CountOut(Schema):
    count: int


class PlanItemIn(Schema):
    section: Literal["kracht", "zorg", "doel", "actie"]
    text: str = Field(..., max_length=2000)
    owner: uuid.UUID | None = Field(None, description="Organisatie die de actie uitvoert.")
    deadline: dt.date | None = None
    goal: uuid.UUID | None = None


class PlanItemPatch(Schema):
    status: Literal["open", "bezig", "klaar", "gestopt"] | None = None
    text: str | None = Field(None, max_length=2000)
    deadline: dt.date | None = None


class PlanItemOut(Schema):
    id: uuid.UUID
    section: str
    text: str
    owner: DossierOrganisationRef | None
    deadline: dt.date | None
    status: str
    overdue: bool
    goal: uuid.UUID | None
    revision: int

    @classmethod
    def build(cls, view: PlanItemView) -> PlanItemOut:
        return cls(
            id=view.uuid,
            section=view.section,
            text=view.text,
            owner=DossierOrganisationRef.of(view.owner),
            deadline=view.deadline,
            status=view.status,
            overdue=view.overdue,
            goal=view.goal_uuid,
            revision=view.revision,
        )


class PlanOut(Schema):
    reviewed_at: dt.datetime | None
    items: list[PlanItemOut]


class ObligationOut(Schema):
    id: uuid.UUID
    dossier: uuid.UUID
    dossier_reference: str
    code: str
    title: str
    responsible: DossierOrganisationRef | None
    responsible_role: str
    due_date: dt.date
    overdue: bool
    status: str
    rule: str = Field(..., description="Het beslismodel en de regel die de verplichting opleverden.")
    explanation: dict[str, Any]

    @classmethod
    def build(cls, item: Obligation, today: dt.date) -> ObligationOut:
        return cls(
            id=item.uuid,
            dossier=item.dossier.uuid,
            dossier_reference=item.dossier.reference,
            code=item.code,
            title=item.title,
            responsible=DossierOrganisationRef.of(item.responsible),
            responsible_role=item.responsible_role,
            due_date=item.due_date,
            overdue=item.status == Obligation.Status.OPEN and item.due_date < today,
            status=item.status,
            rule=f"{item.rule_model}#{item.rule_id}",
            explanation=item.explanation,
        )


class SignalIn(Schema):
    bsn: str = Field(..., description="Burgerservicenummer (elfproef); alleen het pseudoniem wordt bewaard.")
    purpose: str


class SignalOut(Schema):
    id: uuid.UUID
    organisation: DossierOrganisationRef
    purpose: str
    registered_at: dt.datetime
    expires_at: dt.datetime
    withdrawn_at: dt.datetime | None
    active: bool

    @classmethod
    def build(cls, item: Signal, now: dt.datetime) -> SignalOut:
        return cls(
            id=item.uuid,
            organisation=DossierOrganisationRef.of(item.organisation),  # type: ignore[arg-type]
            purpose=item.purpose.code,
            registered_at=item.registered_at,
            expires_at=item.expires_at,
            withdrawn_at=item.withdrawn_at,
            active=item.withdrawn_at is None and item.expires_at > now,
        )


class MatchOut(Schema):
    id: uuid.UUID
    created_at: dt.datetime
    my_signal: uuid.UUID
    organisation: DossierOrganisationRef
    contact_name: str
    contact_email: str

    @classmethod
    def build(cls, view: MatchView) -> MatchOut:
        return cls(
            id=view.uuid,
            created_at=view.created_at,
            my_signal=view.my_signal,
            organisation=DossierOrganisationRef.of(view.organisation),  # type: ignore[arg-type]
            contact_name=view.contact_name,
            contact_email=view.contact_email,
        )


class SubjectExportIn(Schema):
    bsn: str


class SubjectExportOut(Schema):
    generated_at: str
    scope: str
    organisation: str | None
    dossiers: list[dict[str, Any]]
    signals: list[dict[str, Any]]
    processing: list[dict[str, Any]]
