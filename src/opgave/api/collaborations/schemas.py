"""Request and response schemas of the collaboration endpoints (ids are UUIDs; input forbids unknown fields)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Field, Schema

from opgave.api.validation import InputSchema
from opgave.collaborations import selectors
from opgave.collaborations.design import Design
from opgave.collaborations.models import Collaboration, Goal, Programme, Session, Tension
from opgave.collaborations.services.sessions import is_closed

StatusT = Literal["verkennend", "actief", "cruisend", "beeindigd"]
RelationT = Literal["", "boven", "naast", "onder", "toeschouwer"]


class OrgRef(Schema):
    id: uuid.UUID
    name: str


class CollaborationOut(Schema):
    """The public fields of a collaboration, plus whether the caller may see its private parts."""

    id: uuid.UUID
    name: str
    opgave: str
    is_national: bool
    region: list[OrgRef]
    status: StatusT
    owners: list[OrgRef]
    national_relation: RelationT
    review_interval_days: int
    programme: uuid.UUID | None
    theme: uuid.UUID | None
    share_diagnostics_with_programme: bool = Field(
        description="Hebben de eigenaren toegestaan dat de eigenaren van het programma de diagnose zien?"
    )
    revision: int
    can_view_private: bool = Field(description="Ziet de aanvrager het ontwerp, de sessies en de diagnose?")

    @classmethod
    def build(cls, item: Collaboration, private: bool) -> CollaborationOut:
        return cls(
            id=item.uuid,
            name=item.name,
            opgave=item.opgave,
            is_national=item.is_national,
            region=[OrgRef(id=o.uuid, name=o.name) for o in item.region.all()],
            status=item.status,  # type: ignore[arg-type]
            owners=[OrgRef(id=o.uuid, name=o.name) for o in item.owners.all()],
            national_relation=item.national_relation,  # type: ignore[arg-type]
            review_interval_days=item.review_interval_days,
            programme=item.programme.uuid if item.programme else None,
            theme=item.theme.uuid if item.theme else None,
            share_diagnostics_with_programme=item.share_diagnostics_with_programme,
            revision=item.revision,
            can_view_private=private,
        )


class CollaborationIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    opgave: str = Field(min_length=1, max_length=4000)
    owners: list[uuid.UUID] = Field(min_length=1)
    region: list[uuid.UUID] = []
    is_national: bool = False
    status: StatusT = "verkennend"
    national_relation: RelationT = ""
    review_interval_days: int = Field(180, ge=7, le=1095)
    programme: uuid.UUID | None = None
    theme: uuid.UUID | None = None


class CollaborationPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    opgave: str | None = Field(None, min_length=1, max_length=4000)
    owners: list[uuid.UUID] | None = None
    region: list[uuid.UUID] | None = None
    is_national: bool | None = None
    status: StatusT | None = None
    national_relation: RelationT | None = None
    review_interval_days: int | None = Field(None, ge=7, le=1095)
    programme: uuid.UUID | None = None
    share_diagnostics_with_programme: bool | None = Field(
        None,
        description="Toestemming (eigenaar-beheerders) om de diagnose te delen met de eigenaren van het "
        "programma; vervalt bij een ander programma.",
    )


class CollaborationFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Zoek in naam en opgave (openbare velden).")
    mine: bool = Field(False, description="Alleen samenwerkingen waaraan de aanvrager deelneemt.")
    programme: uuid.UUID | None = None


class DesignOut(Schema):
    revision: int
    design: Design


class AgreementOut(Schema):
    """Who agreed to a version, for which organisation, and when."""

    person: str = Field(description="UUID van de persoon, of leeg voor een API-token.")
    name: str
    organisation: str
    at: dt.datetime


class VersionOut(Schema):
    number: int
    agreed_at: dt.datetime
    steps_confirmed: list[int]
    note: str
    agreements: list[AgreementOut]
    session: uuid.UUID | None
    design: Design

    @classmethod
    def build(cls, v: Any) -> VersionOut:
        return cls(
            number=v.number,
            agreed_at=v.agreed_at,
            steps_confirmed=v.steps_confirmed,
            note=v.note,
            agreements=[AgreementOut(**a) for a in v.agreements],
            session=v.session.uuid if v.session else None,
            design=Design.model_validate(v.data),
        )


class VersionIn(InputSchema):
    """Fix the draft as a new version. ``revision`` is the collaboration's revision you read (from
    GET; the number in its ETag): a different current revision is 409, so nobody agrees to a draft
    that changed under their eyes."""

    revision: int = Field(ge=1, description="De revisie van de samenwerking die je hebt gelezen.")
    note: str = Field("", max_length=4000)


class DiffRow(Schema):
    path: str = Field(description="Machineleesbaar pad van het veld, bijvoorbeeld step2.parties[UWV].role.")
    change: Literal["added", "removed", "changed"]
    old: Any = None
    new: Any = None
    label: str = Field(description="Het veld in woorden, bijvoorbeeld 'Stap 2 · Partijen · rol'.")
    summary: str = Field(
        description="De wijziging als zin in de taal van het ontwerp, bijvoorbeeld "
        "'Stap 2 · Partijen: UWV toegevoegd als uitvoerder'. Velden van één partij delen één zin."
    )


class DiffOut(Schema):
    old: int
    new: int
    changes: list[DiffRow]


class SessionIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    kind: Literal["focussessie", "botsproef"] = "focussessie"
    steps: list[int] = [1, 2]
    participants: list[uuid.UUID] = Field(min_length=2)
    closes_at: dt.datetime | None = Field(
        None, description="Niet verplicht: daarna kunnen deelnemers niet meer antwoorden (in de toekomst)."
    )


class AnswerOut(Schema):
    author: str
    author_id: uuid.UUID
    formulation: str
    parties: list[str]
    submitted_at: dt.datetime


class ConsentOut(Schema):
    """A consent or objection; only those with ``proposal_revision`` equal to the session's
    ``revision`` count — earlier ones stay on record."""

    proposal_revision: int
    participant: str
    decision: Literal["agree", "object"]
    reason: str
    at: dt.datetime


class PairOut(Schema):
    a: str
    b: str
    similarity: float = Field(
        description="Gelijkenis volgens de methode van de meting (zie 'method'): 0 niets gemeen, 1 gelijk."
    )
    lexical_similarity: float | None = Field(
        None, description="Cosinus van de TF-IDF-vectoren van de lemma's: alleen gedeelde woorden."
    )


class PartyAgreementOut(Schema):
    party: str
    named_by: list[str]
    share: float


class DivergenceOut(Schema):
    """How far the formulations diverge (docs/diagnostics.md §5)."""

    pending: bool = Field(
        False,
        description="De betekenis wordt nog berekend (op de achtergrond, meestal binnen enkele seconden): "
        "'pairs', 'mean_similarity' en 'divergence' volgen dan; woorden en partijen zijn er al.",
    )
    participants: list[str]
    method: str = Field(
        "tfidf-snowball",
        description="Hoe de gelijkenis is gemeten: 'use-multilingual-v3-centred' (betekenis, meertalige "
        "zinsencoder zonder de gemeenschappelijke component), 'use-multilingual-v3' (dezelfde encoder "
        "zonder die correctie) of 'tfidf-snowball' (gedeelde woorden; oudere sessies).",
    )
    method_label: str = "gedeelde woorden (TF-IDF)"
    pairs: list[PairOut]
    mean_similarity: float | None
    divergence: float | None
    distinctive_terms: dict[str, list[str]]
    shared_terms: list[str]
    partial_terms: dict[str, list[str]] = {}
    parties: list[PartyAgreementOut]


class ProposalOut(Schema):
    opgave: str
    bedoeling: str
    parties: list[str]


class SessionOut(Schema):
    """While ``status`` is ``open``, ``answers`` holds only the caller's own answer."""

    id: uuid.UUID
    collaboration: uuid.UUID
    title: str
    kind: str
    steps: list[int]
    status: Literal["open", "revealed", "agreed"]
    facilitator: str
    participants: list[str]
    answered: int
    answers: list[AnswerOut]
    divergence: DivergenceOut | None = Field(
        description="Gemeten bij het onthullen; null zolang de sessie open is."
    )
    proposal: ProposalOut | None = Field(
        description="De gedeelde formulering; null zolang de sessie open is."
    )
    consents: list[ConsentOut]
    revision: int
    closes_at: dt.datetime | None = None
    closed: bool = Field(
        False, description="De sluitingsdatum is voorbij: er kunnen geen antwoorden meer bij."
    )
    not_answered: list[str] = Field(
        default_factory=list,
        description="Wie nog geen antwoord gaf (alleen voor de facilitator; nooit wát anderen schreven).",
    )

    @classmethod
    def build(cls, s: Session, viewer: Any) -> SessionOut:
        return cls(
            id=s.uuid,
            collaboration=s.collaboration.uuid,
            title=s.title,
            kind=s.kind,
            steps=s.steps,
            status=s.status,  # type: ignore[arg-type]
            facilitator=str(s.facilitator),
            participants=[str(p) for p in s.participants.all()],
            answered=selectors.answered_count(s),
            answers=[
                AnswerOut(
                    author=str(a.author),
                    author_id=a.author.uuid,
                    formulation=a.formulation,
                    parties=a.parties,
                    submitted_at=a.submitted_at,
                )
                for a in selectors.visible_answers(viewer, s)
            ],
            divergence=DivergenceOut(**s.divergence) if s.divergence else None,
            proposal=ProposalOut(**s.proposal) if s.proposal else None,
            consents=[
                ConsentOut(
                    proposal_revision=c.proposal_revision,
                    participant=str(c.participant),
                    decision=c.decision,  # type: ignore[arg-type]
                    reason=c.reason,
                    at=c.at,
                )
                for c in selectors.consents_of(s)
            ],
            revision=s.revision,
            closes_at=s.closes_at,
            closed=is_closed(s),
            not_answered=[str(p) for p in selectors.unanswered(viewer, s)] if s.status == "open" else [],
        )


class AnswerIn(InputSchema):
    formulation: str = Field(min_length=1, max_length=8000)
    parties: list[str] = Field([], max_length=50)


class ProposalIn(InputSchema):
    opgave: str = Field(min_length=1, max_length=8000)
    bedoeling: str = Field("", max_length=8000)
    parties: list[str] = Field([], max_length=50)


class ConsentIn(InputSchema):
    """``revision`` is the session's revision you read: consent always refers to the exact text of the
    shared formulation; when it changed meanwhile the answer is 409."""

    decision: Literal["agree", "object"]
    reason: str = Field("", max_length=4000)
    revision: int = Field(
        ge=1, description="De revisie van de sessie (gedeelde formulering) die je hebt gelezen."
    )


class TensionIn(InputSchema):
    kind: Literal["waarden", "horizontaal", "verticaal", "programma_regio"]
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    handling: str = ""


class TensionPatch(InputSchema):
    kind: Literal["waarden", "horizontaal", "verticaal", "programma_regio"] | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    handling: str | None = None


class TensionOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    description: str
    handling: str
    revision: int

    @classmethod
    def build(cls, t: Tension) -> TensionOut:
        return cls(
            id=t.uuid,
            kind=t.kind,
            title=t.title,
            description=t.description,
            handling=t.handling,
            revision=t.revision,
        )


class GoalIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    indicator: str = Field(min_length=1, max_length=200)
    unit: str = ""
    baseline: float = 0
    target: float


class MeasurementIn(InputSchema):
    value: float
    measured_at: dt.datetime | None = None
    note: str = Field("", max_length=400)


class MeasurementOut(Schema):
    at: dt.datetime
    value: float
    note: str


class GoalOut(Schema):
    id: uuid.UUID
    title: str
    indicator: str
    unit: str
    baseline: float
    target: float
    measurements: list[MeasurementOut]

    @classmethod
    def build(cls, g: Goal) -> GoalOut:
        return cls(
            id=g.uuid,
            title=g.title,
            indicator=g.indicator,
            unit=g.unit,
            baseline=g.baseline,
            target=g.target,
            measurements=[
                MeasurementOut(at=m.measured_at, value=m.value, note=m.note) for m in g.measurements.all()
            ],
        )


class LessonIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    order: Literal[1, 2, 3] = 1
    description: str = ""


class LessonOut(Schema):
    id: uuid.UUID
    title: str
    order: int
    description: str
    recorded_at: dt.datetime


class ActivityIn(InputSchema):
    kind: Literal["meeting", "message", "decision"]
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    occurred_at: dt.datetime | None = None


class ActivityOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    description: str
    occurred_at: dt.datetime


class IdlingOut(Schema):
    end: dt.datetime
    index: float | None
    activity: float
    movement: float
    label: str
    reasons: list[str]


class MatrixOut(Schema):
    """Position in the doing-and-learning matrix (docs/diagnostics.md §2)."""

    at: dt.datetime
    output: float = Field(description="Gemiddelde voortgang van de doelen, 0–1.")
    lessons: int
    quadrant: Literal["weinig-weinig", "veel-weinig", "weinig-veel", "veel-veel", "te-vroeg"] = Field(
        description="'te-vroeg' binnen twee kwartalen na het aanmaken van de samenwerking."
    )
    label: str


class StepStatusOut(Schema):
    step: int
    title: str
    answered: bool
    overdue: bool = Field(description="Ouder dan de herzieningstermijn, of nooit samen vastgesteld.")
    last_confirmed: dt.datetime | None
    message: str


class BlindSpotOut(Schema):
    quadrant: Literal[
        "meerlaags_bestuur",
        "meerlaags_management",
        "netwerkende_samenwerking",
        "maatschappelijke_samenwerking",
    ]
    message: str


class DiagnosticsOut(Schema):
    """All diagnostics of a collaboration; the formulas are in docs/diagnostics.md."""

    phase: Literal["te-vroeg", "stationair", "versnellend", "cruisend"] = Field(
        description="'te-vroeg' zolang de samenwerking jonger is dan één venster van de stationair-index."
    )
    phase_reason: str
    waiting_for: list[str] = Field(
        default_factory=list, description="Welke gegevens de diagnose nog mist voor een oordeel (leeg: geen)."
    )
    idling: IdlingOut
    series: list[IdlingOut]
    matrix: MatrixOut
    matrix_history: list[MatrixOut]
    steps: list[StepStatusOut]
    blind_spots: list[BlindSpotOut]


def diagnostics_out(d: selectors.Diagnostics) -> DiagnosticsOut:
    def idle(i: Any) -> IdlingOut:
        return IdlingOut(
            end=i.end,
            index=i.index,
            activity=i.activity,
            movement=i.movement,
            label=i.label,
            reasons=i.reasons,
        )

    def pos(m: Any) -> MatrixOut:
        return MatrixOut(at=m.at, output=m.output, lessons=m.lessons, quadrant=m.quadrant, label=m.label)

    return DiagnosticsOut(
        phase=d.phase.phase,  # type: ignore[arg-type]
        phase_reason=d.phase.reason,
        waiting_for=list(d.maturity.waiting_for),
        idling=idle(d.current),
        series=[idle(i) for i in d.series],
        matrix=pos(d.matrix),
        matrix_history=[pos(m) for m in d.matrix_history],
        steps=[
            StepStatusOut(
                step=s.step,
                title=s.title,
                answered=s.answered,
                overdue=s.overdue,
                last_confirmed=s.last_confirmed,
                message=s.message,
            )
            for s in d.steps
        ],
        blind_spots=[BlindSpotOut(quadrant=b.quadrant.value, message=b.message) for b in d.blind_spots],
    )


class ThemeOut(Schema):
    id: uuid.UUID
    name: str
    description: str


class ProgrammeOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    owners: list[OrgRef]
    themes: list[ThemeOut]
    revision: int

    @classmethod
    def build(cls, p: Programme) -> ProgrammeOut:
        return cls(
            id=p.uuid,
            name=p.name,
            description=p.description,
            owners=[OrgRef(id=o.uuid, name=o.name) for o in p.owners.all()],
            themes=[ThemeOut(id=t.uuid, name=t.name, description=t.description) for t in p.themes.all()],
            revision=p.revision,
        )


class ProgrammeIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    owners: list[uuid.UUID] = Field(min_length=1)


class ThemeIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""


class ProgrammeRow(Schema):
    collaboration: CollaborationOut
    phase: str | None
    idling_index: float | None
    matrix_quadrant: str | None


class ProgrammeDetailOut(ProgrammeOut):
    collaborations: list[ProgrammeRow]


class QuestionOut(Schema):
    key: str
    text: str
    quadrant: str


class PulseIn(InputSchema):
    """Answers 1–5 to every statement of the health pulse (keys: see ``GET …/pulse``)."""

    scores: dict[str, int]


class PulsePoint(Schema):
    end: dt.datetime
    responses: int
    means: dict[str, float | None]


class PulseOut(Schema):
    statements: dict[str, str]
    trend: list[PulsePoint]
