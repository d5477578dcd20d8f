"""Request and response schemas of the rules endpoints (Dutch field descriptions)."""

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Field, Schema

from opgave.rules.models import OpenTerm, RuleSet, RuleVersion, Variant


class LawReferenceIO(Schema):
    decision: str = Field("", description="Beslissing waar de verwijzing bij hoort; leeg = de hele regelset.")
    bwb_id: str = Field(..., max_length=20, description="BWB-identificatie, bijv. BWBR0018451.")
    title: str = Field(..., max_length=200, description="Naam van de regeling.")
    article: str = Field(..., max_length=50, description="Artikel(lid).")
    url: str = Field(..., max_length=500, description="Link naar het artikel op wetten.overheid.nl.")


class LawReferenceOut(LawReferenceIO):
    id: int = Field(..., description="Nummer van de verwijzing (voor wijzigen en verwijderen).")
    version: int | None = Field(None, description="Versie waar de verwijzing bij hoort; leeg = de regelset.")

    @classmethod
    def build(cls, reference: Any, version: int | None = None) -> "LawReferenceOut":
        return cls(id=reference.pk, version=version, **reference.as_dict())


class OpenTermOut(Schema):
    id: int = Field(..., description="Nummer van de open norm (voor wijzigen en verwijderen).")
    name: str
    label: str
    kind: str
    minimum: float | None
    maximum: float | None
    choices: list[Any]
    default: Any
    unit: str
    range: str = Field(..., description="De toegestane ruimte in woorden.")
    law: str

    @classmethod
    def build(cls, term: OpenTerm) -> "OpenTermOut":
        return cls(
            id=term.pk,
            name=term.name,
            label=term.label,
            kind=term.kind,
            minimum=float(term.minimum) if term.minimum is not None else None,
            maximum=float(term.maximum) if term.maximum is not None else None,
            choices=list(term.choices),
            default=term.default,
            unit=term.unit,
            range=term.range_text,
            law=f"{term.law_title}, artikel {term.law_article} ({term.law_url})",
        )


class RuleVersionOut(Schema):
    number: int
    status: str
    geldig_van: dt.date
    geldig_tot: dt.date | None
    model_hash: str
    note: str
    published_at: dt.datetime | None
    law_references: list[LawReferenceOut]

    @classmethod
    def build(cls, version: RuleVersion) -> "RuleVersionOut":
        return cls(
            number=version.number,
            status=version.status,
            geldig_van=version.geldig_van,
            geldig_tot=version.geldig_tot,
            model_hash=version.model_hash,
            note=version.note,
            published_at=version.published_at,
            law_references=[LawReferenceOut.build(r, version.number) for r in version.law_references.all()],
        )


class VersionDetailOut(RuleVersionOut):
    dmn: str = Field(..., description="Het DMN-model (XML).")
    decisions: list[str]
    problems: list[dict[str, str]] = Field(..., description="Wat de engine in het model vindt (check).")


class VariantOut(Schema):
    id: uuid.UUID
    organisation: str
    organisation_id: uuid.UUID
    title: str
    versions: list[dict[str, Any]]

    @classmethod
    def build(cls, variant: Variant) -> "VariantOut":
        return cls(
            id=variant.uuid,
            organisation=variant.organisation.name,
            organisation_id=variant.organisation.uuid,
            title=variant.title,
            versions=[
                {
                    "number": v.number,
                    "status": v.status,
                    "geldig_van": v.geldig_van.isoformat(),
                    "geldig_tot": v.geldig_tot.isoformat() if v.geldig_tot else None,
                    "values": v.values,
                    "regulation_title": v.regulation_title,
                    "regulation_url": v.regulation_url,
                }
                for v in variant.versions.all()
            ],
        )


class RuleSetOut(Schema):
    id: uuid.UUID
    title: str
    description: str
    owner: str
    owner_id: uuid.UUID
    visibility: str
    law_references: list[LawReferenceOut]

    @classmethod
    def build(cls, item: RuleSet) -> "RuleSetOut":
        return cls(
            id=item.uuid,
            title=item.title,
            description=item.description,
            owner=item.owner.name,
            owner_id=item.owner.uuid,
            visibility=item.visibility,
            law_references=[
                LawReferenceOut.build(r) for r in item.law_references.all() if r.version_id is None
            ],
        )


class RuleSetDetailOut(RuleSetOut):
    versions: list[RuleVersionOut]
    open_terms: list[OpenTermOut]
    variants: list[VariantOut]


class RuleSetFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Zoek in titel en omschrijving.")
    owner: uuid.UUID | None = Field(None, description="Alleen regelsets van deze organisatie.")
    law: str | None = Field(
        None, max_length=20, description="Alleen regelsets met een verwijzing naar deze BWB-id."
    )
    status: Literal["concept", "gepubliceerd", "ingetrokken"] | None = Field(
        None, description="Alleen regelsets met een versie in deze status."
    )


class RuleSetIn(Schema):
    owner: uuid.UUID = Field(..., description="De eigenaar: een organisatie waar je lid van bent.")
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    visibility: Literal["openbaar", "eigen"] = "eigen"
    law_references: list[LawReferenceIO] = Field(default_factory=list)


class RuleVersionIn(Schema):
    dmn: str = Field(..., description="Het DMN-model als XML-tekst.")
    imports: list[str] = Field(default_factory=list, description="Modellen die het model importeert (XML).")
    geldig_van: dt.date
    geldig_tot: dt.date | None = None
    note: str = Field("", max_length=2000)
    law_references: list[LawReferenceIO] | None = Field(
        None, description="Verwijzingen per beslissing; weggelaten = die van de vorige versie."
    )


class VariantIn(Schema):
    organisation: uuid.UUID = Field(..., description="De organisatie van de variant (waar je lid van bent).")
    title: str = Field("", max_length=200)
    values: dict[str, Any] = Field(..., description="Waarden voor open normen (naam → waarde).")
    geldig_van: dt.date
    geldig_tot: dt.date | None = None
    regulation_title: str = Field(..., max_length=300, description="De eigen regeling, bijv. de verordening.")
    regulation_url: str = Field(..., max_length=500, description="Link naar de regeling (https).")


class SchemaOut(Schema):
    version: int
    model_hash: str
    inputs: dict[str, Any] = Field(..., description="JSON Schema van 'inputs' bij evalueren.")
    outputs: dict[str, Any] = Field(..., description="JSON Schema van de uitkomsten.")
    decisions: list[str] = Field(..., description="Beslissingen die standaard worden teruggegeven.")
    open_terms: list[OpenTermOut]


class EvaluateIn(Schema):
    inputs: dict[str, Any] = Field(
        ..., description="De invoer, volgens het schema van de versie (GET …/schema)."
    )
    datum: dt.date | None = Field(
        None, description="Peildatum: de versie die op deze dag gold (standaard vandaag)."
    )
    variant: uuid.UUID | None = Field(None, description="Een variant (maatwerk) van een organisatie.")
    decisions: list[str] | None = Field(None, description="Welke beslissingen; standaard de eindresultaten.")
    explain: bool = Field(False, description="Ook de uitleg (trace) teruggeven.")


class EvaluateOut(Schema):
    outputs: dict[str, Any]
    messages: list[str]
    sources: list[dict[str, Any]] = Field(
        ..., description="Per open norm de waarde en of die uit de variant komt."
    )
    explanation: list[dict[str, Any]] | None = None
    receipt: dict[str, Any]


class VerifyIn(Schema):
    receipt: dict[str, Any] = Field(..., description="De bon zoals het evalueren hem gaf.")
    inputs: dict[str, Any] = Field(
        ..., description="Dezelfde invoer als toen (de bon bewaart alleen de hash)."
    )


class VerifyOut(Schema):
    handtekening_geldig: bool
    invoer_klopt: bool
    reproduceert: bool
    verschillen: list[str]
    uitkomsten: dict[str, Any]
