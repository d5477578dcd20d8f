"""The design of a collaboration: the answers to the five steps, as validated structured data.

A design is stored as JSON (on the working draft and in every immutable
:class:`~opgave.collaborations.models.DesignVersion`) and validated with the
pydantic models below, so two versions can be compared field by field
(:func:`flatten` + :func:`diff`).

Organisations are referred to by their UUID (as a string) *and* their name at
the time of writing, so an old version stays readable when an organisation is
renamed or removed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Role(StrEnum):
    REGISSEUR = "regisseur"
    COORDINATOR = "coordinator"
    HANDHAVER = "handhaver"
    FACILITATOR = "facilitator"
    UITVOERDER = "uitvoerder"
    FINANCIER = "financier"
    NEUTRALE_VERBINDER = "neutrale_verbinder"


ROLE_LABELS: dict[str, str] = {
    Role.REGISSEUR: "Regisseur",
    Role.COORDINATOR: "Coördinator",
    Role.HANDHAVER: "Handhaver",
    Role.FACILITATOR: "Facilitator",
    Role.UITVOERDER: "Uitvoerder",
    Role.FINANCIER: "Financier",
    Role.NEUTRALE_VERBINDER: "Neutrale verbinder",
}


class Principle(StrEnum):
    """The four governance perspectives (quadrants) and their design principle."""

    MEERLAAGS_BESTUUR = "meerlaags_bestuur"
    MEERLAAGS_MANAGEMENT = "meerlaags_management"
    NETWERKENDE_SAMENWERKING = "netwerkende_samenwerking"
    MAATSCHAPPELIJKE_SAMENWERKING = "maatschappelijke_samenwerking"


PRINCIPLE_LABELS: dict[str, str] = {
    Principle.MEERLAAGS_BESTUUR: "Meerlaags bestuur (rechtmatige overheid)",
    Principle.MEERLAAGS_MANAGEMENT: "Meerlaags management (presterende overheid)",
    Principle.NETWERKENDE_SAMENWERKING: "Netwerkende samenwerking (netwerkende overheid)",
    Principle.MAATSCHAPPELIJKE_SAMENWERKING: "Maatschappelijke samenwerking (participerende overheid)",
}


class Cement(StrEnum):
    FORMEEL_JURIDISCH = "formeel_juridisch"
    DE_FACTO = "de_facto"


class Composition(StrEnum):
    TOP_DOWN = "top_down"
    BOTTOM_UP = "bottom_up"


class Accountability(StrEnum):
    STEWARDSHIP = "stewardship"
    PRINCIPAL_AGENT = "principal_agent"


class Embedding(StrEnum):
    INGEBED = "ingebed"
    BUITENBOORDMOTOR = "buitenboordmotor"


class CentrePosition(StrEnum):
    """Where the national level stands towards the regional collaboration."""

    BOVEN = "boven"  # commanding
    NAAST = "naast"  # co-player
    ONDER = "onder"  # enabler, supplier
    TOESCHOUWER = "toeschouwer"  # spectator


CENTRE_POSITION_LABELS: dict[str, str] = {
    CentrePosition.BOVEN: "Boven: het Rijk stuurt en bepaalt",
    CentrePosition.NAAST: "Naast: het Rijk speelt mee als gelijke",
    CentrePosition.ONDER: "Onder: het Rijk maakt mogelijk en levert",
    CentrePosition.TOESCHOUWER: "Toeschouwer: het Rijk kijkt toe",
}


class Stance(StrEnum):
    CONCURREREN = "concurreren"
    SAMENWERKEN = "samenwerken"
    AFSTAND_HOUDEN = "afstand_houden"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PartyFormulation(_Strict):
    """One party's own view on the opgave (step 1)."""

    organisation: str = Field(
        default="", description="UUID van de organisatie, of leeg voor een partij buiten het platform."
    )
    organisation_name: str = Field(min_length=1, max_length=200)
    important: str = Field(default="", max_length=4000, description="Wat vindt deze partij belangrijk?")
    fear: str = Field(default="", max_length=4000, description="Waar is deze partij bang voor?")
    dream: str = Field(default="", max_length=4000, description="Waar droomt deze partij van?")


class Step1(_Strict):
    opgave: str = Field(default="", max_length=8000, description="De gedeelde probleemstelling.")
    bedoeling: str = Field(
        default="", max_length=8000, description="De publieke waarde die op het spel staat."
    )
    formulations: list[PartyFormulation] = Field(default_factory=list)


class Party(_Strict):
    """A participating organisation (step 2)."""

    organisation: str = Field(default="", description="UUID van de organisatie op het platform.")
    organisation_name: str = Field(min_length=1, max_length=200)
    role: Role | None = None
    mandate: str = Field(default="", max_length=4000)
    contact_person: str = Field(default="", description="UUID van de contactpersoon op het platform.")
    contact_name: str = Field(default="", max_length=200)
    joined_on: date | None = None
    left_on: date | None = None

    @property
    def active(self) -> bool:
        return self.left_on is None


class Candidate(_Strict):
    """A party that was considered but is not (yet) in, and why."""

    name: str = Field(min_length=1, max_length=200)
    reason: str = Field(default="", max_length=4000)


class Step2(_Strict):
    parties: list[Party] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)


class Step3(_Strict):
    answers: dict[str, int] = Field(
        default_factory=dict, description="Antwoorden op de vragenlijst (1–5 per vraag)."
    )
    proposed_principle: Principle | None = None
    chosen_principle: Principle | None = None
    override_reason: str = Field(default="", max_length=4000)
    quadrant_values: dict[Principle, str] = Field(
        default_factory=dict, description="Hoe de waarden van elk kwadrant zijn ingevuld."
    )
    cement_collaboration: Cement | None = None
    composition_collaboration: Composition | None = None
    cement_content: Cement | None = None
    composition_content: Composition | None = None

    @field_validator("answers")
    @classmethod
    def _likert(cls, value: dict[str, int]) -> dict[str, int]:
        for key, answer in value.items():
            if not 1 <= answer <= 5:
                raise ValueError(f"Het antwoord op vraag {key} moet tussen 1 en 5 liggen.")
        return value


class Funding(_Strict):
    source: str = Field(min_length=1, max_length=200, description="Van welke organisatie komt het geld?")
    amount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    conditions: str = Field(default="", max_length=4000)
    accounted_how: str = Field(default="", max_length=4000, description="Hoe wordt erover verantwoord?")


class Step4(_Strict):
    organisational_form: str = Field(default="", max_length=4000)
    accountability: Accountability | None = None
    accountable_to: str = Field(default="", max_length=4000)
    funding: list[Funding] = Field(default_factory=list)
    steering: str = Field(default="", max_length=4000)
    capacity: str = Field(default="", max_length=4000)
    legal_embedding: str = Field(default="", max_length=4000)
    democratic_embedding: str = Field(default="", max_length=4000)
    embedding: Embedding | None = None
    embedding_note: str = Field(default="", max_length=4000)
    centre_position: CentrePosition | None = Field(
        default=None, description="Staat het Rijk boven, naast, onder de regio, of kijkt het toe?"
    )
    centre_commissions_region: bool = Field(
        default=False, description="Het Rijk is opdrachtgever van de regio."
    )
    region_commissions_centre: bool = Field(
        default=False, description="De regio is opdrachtgever van het Rijk."
    )
    levels_note: str = Field(default="", max_length=4000)
    neutral_connector: str = Field(
        default="",
        max_length=400,
        description="Wie verbindt de partijen zonder eigen belang (bijvoorbeeld een programmabureau)?",
    )


class Relation(_Strict):
    collaboration: str = Field(
        default="", description="UUID van de andere samenwerking, als die op het platform staat."
    )
    name: str = Field(min_length=1, max_length=200)
    stance: Stance
    note: str = Field(default="", max_length=4000)


class Step5(_Strict):
    relations: list[Relation] = Field(default_factory=list)


class Design(_Strict):
    """The whole design: one object per step."""

    step1: Step1 = Field(default_factory=Step1)
    step2: Step2 = Field(default_factory=Step2)
    step3: Step3 = Field(default_factory=Step3)
    step4: Step4 = Field(default_factory=Step4)
    step5: Step5 = Field(default_factory=Step5)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


STEPS: dict[int, str] = {
    1: "Wat is het probleem volgens ons?",
    2: "Wie zijn de anderen en wat is hún probleem?",
    3: "Welk ontwerpprincipe?",
    4: "Hoe organiseren we het?",
    5: "Hoe verhouden we ons tot andere samenwerkingen?",
}


def parse_design(data: dict[str, Any] | None) -> Design:
    """Validate stored JSON into a :class:`Design` (an empty dict is an empty design)."""
    return Design.model_validate(data or {})


def step_answered(design: Design, step: int) -> bool:
    """Does the design hold an answer to ``step``? The minimal content per step is documented in docs/diagnostics.md."""
    if step == 1:
        return bool(design.step1.opgave and design.step1.bedoeling)
    if step == 2:
        return any(party.active for party in design.step2.parties)
    if step == 3:
        return design.step3.chosen_principle is not None
    if step == 4:
        return bool(design.step4.organisational_form and design.step4.accountability is not None)
    if step == 5:
        return bool(design.step5.relations)
    raise ValueError(f"Unknown step {step}")


# --- flattening and diffing -------------------------------------------------------------------

Scalar = str | int | float | bool | None


def flatten(data: Any, prefix: str = "") -> dict[str, Scalar]:
    """Flatten nested JSON into ``{"step2.parties[0].role": "regisseur", ...}``.

    Lists of objects that carry an identifying key (``organisation``/``name``) are keyed by that
    identity instead of the position, so inserting a party does not make every later party "changed".
    """
    out: dict[str, Scalar] = {}
    if isinstance(data, dict):
        for key in sorted(data):
            out.update(flatten(data[key], f"{prefix}.{key}" if prefix else str(key)))
        if not data and prefix:
            out[prefix] = None
    elif isinstance(data, list):
        for index, item in enumerate(data):
            out.update(flatten(item, f"{prefix}[{_list_key(item, index)}]"))
        if not data:
            out[prefix] = None
    else:
        out[prefix] = data
    return out


def _list_key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("organisation_name", "name", "source", "organisation", "collaboration"):
            value = item.get(key)
            if value:
                return str(value)
    return str(index)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Field-by-field difference of two designs: a list of ``{path, change, old, new}``.

    ``change`` is ``added``, ``removed`` or ``changed``; unchanged fields are left out. Empty values
    (``None``, ``""``, ``False``, empty list) count as absent, so filling in a field reads as "added".
    """
    before = {k: v for k, v in flatten(old).items() if v is not False and v not in (None, "")}
    after = {k: v for k, v in flatten(new).items() if v is not False and v not in (None, "")}
    rows: list[dict[str, Any]] = []
    for path in sorted(before.keys() | after.keys()):
        if path not in after:
            rows.append({"path": path, "change": "removed", "old": before[path], "new": None})
        elif path not in before:
            rows.append({"path": path, "change": "added", "old": None, "new": after[path]})
        elif before[path] != after[path]:
            rows.append({"path": path, "change": "changed", "old": before[path], "new": after[path]})
    return rows
