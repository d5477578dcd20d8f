"""Request and response schemas of the learning endpoints (ids are UUIDs; input forbids unknown fields)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Field, Schema

from opgave.api.validation import FilterSchema, InputSchema

VisibilityT = Literal["collaboration", "platform", "public"]
InstrumentT = Literal["", "financieel", "juridisch", "institutioneel", "democratisch"]
PerspectiveT = Literal[
    "",
    "meerlaags_bestuur",
    "meerlaags_management",
    "netwerkende_samenwerking",
    "maatschappelijke_samenwerking",
]
FormT = Literal["meester_gezel", "gelijkwaardig"]
ActivityT = Literal["botsproef", "kenniskring", "uitwisseling", "advies"]
FrictionT = Literal["btw", "kruissubsidie", "spillover", "entrapment", "overig"]
OutcomeT = Literal["voortzetten", "vorm_wijzigen", "beeindigen"]


class PartnerRef(Schema):
    id: uuid.UUID
    name: str

    @classmethod
    def of(cls, org: Any) -> PartnerRef | None:
        return cls(id=org.uuid, name=org.name) if org is not None else None


# -- lessons -----------------------------------------------------------------------------------


class AcademyLessonOut(Schema):
    id: uuid.UUID
    title: str
    description: str
    order: int = Field(description="1 = eerste orde, 2 = tweede orde, 3 = derde orde")
    instrument: InstrumentT
    step: int | None
    perspective: PerspectiveT
    tags: list[str]
    visibility: VisibilityT
    collaboration: uuid.UUID | None
    twinning: uuid.UUID | None
    recorded_at: dt.datetime
    revision: int

    @classmethod
    def build(cls, x: Any) -> AcademyLessonOut:
        link = getattr(x, "twinning_source", None)  # a missing one-to-one raises AttributeError
        twinning = link.twinning.uuid if link is not None else None
        return cls(
            id=x.uuid,
            title=x.title,
            description=x.description,
            order=x.order,
            instrument=x.instrument,
            step=x.step,
            perspective=x.perspective,
            tags=list(x.tags or []),
            visibility=x.visibility,
            collaboration=x.collaboration.uuid if x.collaboration else None,
            twinning=twinning,
            recorded_at=x.recorded_at,
            revision=x.revision,
        )


class AcademyLessonIn(InputSchema):
    collaboration: uuid.UUID | None = Field(default=None, description="De samenwerking waar de les uit komt…")
    twinning: uuid.UUID | None = Field(default=None, description="…of de twinning.")
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=8000)
    order: int = Field(default=1, ge=1, le=3)
    instrument: InstrumentT = ""
    step: int | None = Field(default=None, ge=1, le=5)
    perspective: PerspectiveT = ""
    tags: list[str] = Field(default_factory=list, max_length=20)
    visibility: VisibilityT = "collaboration"


class AcademyLessonPatch(InputSchema):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=8000)
    order: int | None = Field(default=None, ge=1, le=3)
    instrument: InstrumentT | None = None
    step: int | None = Field(default=None, ge=1, le=5)
    perspective: PerspectiveT | None = None
    tags: list[str] | None = Field(default=None, max_length=20)
    visibility: VisibilityT | None = None


class SearchParams(FilterSchema):
    q: str = Field(
        default="", max_length=200, description="Zoekwoorden (Nederlands; alle woorden moeten voorkomen)"
    )
    order: int | None = Field(default=None, ge=1, le=3)
    perspective: PerspectiveT = ""
    step: int | None = Field(default=None, ge=1, le=5)
    theme: str = Field(default="", max_length=120)
    region: uuid.UUID | None = None
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=10000)


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    total: int = Field(
        description="Het aantal treffers; bij meer dan 1.000 is dit 1.000 en is `total_exact` onwaar."
    )
    total_exact: bool = Field(
        default=True, description="Onwaar als er meer treffers zijn dan `total`: het tellen stopt bij 1.000."
    )
    facets_exact: bool = Field(
        default=True,
        description="Onwaar als de facetten alleen de 1.000 nieuwste treffers tellen (bij meer dan 1.000 treffers).",
    )
    query_ignored: bool = Field(description="De zoekvraag bevatte alleen stopwoorden en is genegeerd.")
    facets: dict[str, list[FacetOut]]
    results: list[AcademyLessonOut]


class SimilarOut(Schema):
    collaboration: uuid.UUID
    name: str
    score: float
    reasons: list[str]
    lessons: list[AcademyLessonOut]


# -- circles -----------------------------------------------------------------------------------


class CircleOut(Schema):
    id: uuid.UUID
    name: str
    purpose: str
    theme: str
    open_to_requests: bool
    members: int
    revision: int

    @classmethod
    def build(cls, x: Any) -> CircleOut:
        return cls(
            id=x.uuid,
            name=x.name,
            purpose=x.purpose,
            theme=x.theme,
            open_to_requests=x.open_to_requests,
            members=getattr(x, "member_count", 0),
            revision=x.revision,
        )


class CircleIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=4000)
    theme: str = Field(default="", max_length=120)


class MemberOut(Schema):
    id: uuid.UUID
    person: uuid.UUID
    name: str
    organisation: PartnerRef | None
    role: Literal["trekker", "lid"]
    status: Literal["invited", "requested", "active", "declined"]

    @classmethod
    def build(cls, x: Any) -> MemberOut:
        return cls(
            id=x.uuid,
            person=x.person.uuid,
            name=x.person.get_full_name() or x.person.get_username(),
            organisation=PartnerRef.of(x.organisation),
            role=x.role,
            status=x.status,
        )


class InvitationIn(InputSchema):
    person: uuid.UUID
    message: str = Field(default="", max_length=400)


class RequestIn(InputSchema):
    message: str = Field(default="", max_length=400)


class DecisionIn(InputSchema):
    accept: bool


class MeetingOut(Schema):
    id: uuid.UUID
    title: str
    held_on: dt.date
    agenda: str
    notes: str
    revision: int

    @classmethod
    def build(cls, x: Any) -> MeetingOut:
        return cls(
            id=x.uuid, title=x.title, held_on=x.held_on, agenda=x.agenda, notes=x.notes, revision=x.revision
        )


class MeetingIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    held_on: dt.date
    agenda: str = Field(default="", max_length=8000)
    notes: str = Field(default="", max_length=20000)


class MeetingPatch(InputSchema):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    held_on: dt.date | None = None
    agenda: str | None = Field(default=None, max_length=8000)
    notes: str | None = Field(default=None, max_length=20000)


class PostOut(Schema):
    id: uuid.UUID
    body: str
    author: str
    created_at: dt.datetime


class CircleThreadOut(Schema):
    id: uuid.UUID
    title: str
    created_at: dt.datetime
    posts: list[PostOut]

    @classmethod
    def build(cls, x: Any, posts: bool = True) -> CircleThreadOut:
        return cls(
            id=x.uuid,
            title=x.title,
            created_at=x.created_at,
            posts=[
                PostOut(
                    id=p.uuid,
                    body=p.body,
                    author=p.created_by.get_full_name() if p.created_by else "",
                    created_at=p.created_at,
                )
                for p in x.posts.all()
            ]
            if posts
            else [],
        )


class ThreadIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20000)


class ReplyIn(InputSchema):
    body: str = Field(min_length=1, max_length=20000)


class LinkIn(InputSchema):
    lesson: uuid.UUID


# -- twinning ----------------------------------------------------------------------------------


class FormOut(Schema):
    kind: FormT
    master: PartnerRef | None
    since: dt.date
    note: str

    @classmethod
    def build(cls, f: Any) -> FormOut:
        return cls(kind=f.kind, master=PartnerRef.of(f.master), since=f.since, note=f.note)


class TwinningOut(Schema):
    id: uuid.UUID
    name: str
    partner_a: PartnerRef
    partner_b: PartnerRef
    started_on: dt.date
    planned_end_on: dt.date
    ended_on: dt.date | None
    status: Literal["actief", "beeindigd"]
    goals: list[str]
    commissioned_by: PartnerRef | None
    commission_note: str
    results: str
    forms: list[FormOut]
    revision: int

    @classmethod
    def build(cls, x: Any) -> TwinningOut:
        return cls(
            id=x.uuid,
            name=x.name,
            partner_a=PartnerRef(id=x.partner_a.uuid, name=x.partner_a.name),
            partner_b=PartnerRef(id=x.partner_b.uuid, name=x.partner_b.name),
            started_on=x.started_on,
            planned_end_on=x.planned_end_on,
            ended_on=x.ended_on,
            status=x.status,
            goals=x.goal_list,
            commissioned_by=PartnerRef.of(x.commissioned_by),
            commission_note=x.commission_note,
            results=x.results,
            forms=[FormOut.build(f) for f in x.forms.all()],
            revision=x.revision,
        )


class TwinningIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    partner_a: uuid.UUID
    partner_b: uuid.UUID
    started_on: dt.date
    planned_end_on: dt.date
    goals: str = Field(min_length=1, max_length=8000, description="Eén doel per regel.")
    form: FormT = "meester_gezel"
    master: uuid.UUID | None = None
    commissioned_by: uuid.UUID | None = None
    commission_note: str = Field(default="", max_length=400)
    evaluation_interval_months: int = Field(default=12, ge=1, le=60)


class ResultsPatch(InputSchema):
    results: str = Field(max_length=20000)


class FormIn(InputSchema):
    kind: FormT
    since: dt.date
    master: uuid.UUID | None = None
    note: str = Field(default="", max_length=400)


class TwinningActivityOut(Schema):
    id: uuid.UUID
    kind: ActivityT
    title: str
    held_on: dt.date
    presented_by: PartnerRef | None
    plan: str
    challenges: str
    changes: str
    description: str

    @classmethod
    def build(cls, x: Any) -> TwinningActivityOut:
        return cls(
            id=x.uuid,
            kind=x.kind,
            title=x.title,
            held_on=x.held_on,
            presented_by=PartnerRef.of(x.presented_by),
            plan=x.plan,
            challenges=x.challenges,
            changes=x.changes,
            description=x.description,
        )


class TwinningActivityIn(InputSchema):
    kind: ActivityT
    title: str = Field(min_length=1, max_length=200)
    held_on: dt.date
    presented_by: uuid.UUID | None = None
    plan: str = Field(default="", max_length=8000)
    challenges: str = Field(default="", max_length=8000)
    changes: str = Field(default="", max_length=8000)
    description: str = Field(default="", max_length=8000)


class TwinningProposalOut(Schema):
    id: uuid.UUID
    title: str
    description: str
    organisation: PartnerRef
    submitted_at: dt.datetime
    status: Literal["ingediend", "goedgekeurd", "afgewezen", "uitgevoerd"]
    review_note: str
    reviewed_at: dt.datetime | None
    revision: int

    @classmethod
    def build(cls, x: Any) -> TwinningProposalOut:
        return cls(
            id=x.uuid,
            title=x.title,
            description=x.description,
            organisation=PartnerRef(id=x.organisation.uuid, name=x.organisation.name),
            submitted_at=x.submitted_at,
            status=x.status,
            review_note=x.review_note,
            reviewed_at=x.reviewed_at,
            revision=x.revision,
        )


class TwinningProposalIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=8000)


class ProposalDecisionIn(InputSchema):
    approve: bool
    note: str = Field(default="", max_length=4000)


class FrictionOut(Schema):
    id: uuid.UUID
    kind: FrictionT
    title: str
    description: str
    mitigation: str
    is_open: bool
    revision: int

    @classmethod
    def build(cls, x: Any) -> FrictionOut:
        return cls(
            id=x.uuid,
            kind=x.kind,
            title=x.title,
            description=x.description,
            mitigation=x.mitigation,
            is_open=x.is_open,
            revision=x.revision,
        )


class FrictionIn(InputSchema):
    kind: FrictionT
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=8000)
    mitigation: str = Field(default="", max_length=8000)


class FrictionPatch(InputSchema):
    kind: FrictionT | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=8000)
    mitigation: str | None = Field(default=None, max_length=8000)
    is_open: bool | None = None


class EvaluationOut(Schema):
    id: uuid.UUID
    reason: Literal["jaarlijks", "voor_einde"]
    due_on: dt.date
    held_on: dt.date | None
    outcome: Literal["", "voortzetten", "vorm_wijzigen", "beeindigen"]
    reasoning: str
    revision: int

    @classmethod
    def build(cls, x: Any) -> EvaluationOut:
        return cls(
            id=x.uuid,
            reason=x.reason,
            due_on=x.due_on,
            held_on=x.held_on,
            outcome=x.outcome,
            reasoning=x.reasoning,
            revision=x.revision,
        )


class OutcomeIn(InputSchema):
    outcome: OutcomeT
    reasoning: str = Field(min_length=1, max_length=8000)
    held_on: dt.date | None = None
    new_form: Literal["", "meester_gezel", "gelijkwaardig"] = ""


class ProfileOut(Schema):
    organisation: PartnerRef
    core_processes: list[str]
    strengths: list[str]
    weaknesses: list[str]
    revision: int

    @classmethod
    def build(cls, organisation: Any, profile: Any) -> ProfileOut:
        return cls(
            organisation=PartnerRef(id=organisation.uuid, name=organisation.name),
            core_processes=profile.core_processes,
            strengths=profile.strengths,
            weaknesses=profile.weaknesses,
            revision=profile.revision,
        )


class ProfileIn(InputSchema):
    core_processes: list[str] = Field(max_length=30)
    strengths: list[str] = Field(default_factory=list, max_length=30)
    weaknesses: list[str] = Field(default_factory=list, max_length=30)


class SuggestionOut(Schema):
    organisation: PartnerRef
    score: float
    reasons: list[str]


# -- landscape ---------------------------------------------------------------------------------


class RegistryParams(FilterSchema):
    theme: str = Field(default="", max_length=120)
    region: str = Field(default="", max_length=200, description="Naam van een gemeente of provincie")
    q: str = Field(default="", max_length=200)


class EntryOut(Schema):
    id: uuid.UUID
    name: str
    opgave: str
    theme: str
    status: str
    principle: str
    is_national: bool
    region: list[PartnerRef]
    owners: list[PartnerRef]
    parties: list[PartnerRef]

    @classmethod
    def build(cls, e: Any) -> EntryOut:
        c = e.collaboration
        return cls(
            id=c.uuid,
            name=c.name,
            opgave=c.opgave,
            theme=c.theme.name if c.theme else "",
            status=c.status,
            principle=e.facts.perspective,
            is_national=c.is_national,
            region=[PartnerRef(id=o.uuid, name=o.name) for o in e.region],
            owners=[PartnerRef(id=o.uuid, name=o.name) for o in e.owners],
            parties=[PartnerRef(id=o.uuid, name=o.name) for o in e.parties],
        )


class OverlapOut(Schema):
    collaboration: uuid.UUID
    name: str
    score: float
    strong: bool
    reasons: list[str]


class NodeOut(Schema):
    id: str
    kind: Literal["organisation", "collaboration"]
    label: str
    connections: int
    alone: bool
    theme: str = ""
    region: list[str] = Field(default_factory=list)


class EdgeOut(Schema):
    source: str
    target: str


class NetworkOut(Schema):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
