"""Consequence simulation over REST: start a simulation of a rule set, follow its status, read
its report. One ``router`` that :mod:`opgave.api.router` mounts. The service decides every
permission (:mod:`opgave.simulation.permissions`); a simulation the caller may not see is 404.
"""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema

from opgave.api.auth import scoped
from opgave.api.responses import json_response
from opgave.api.rules.common import actor, domain
from opgave.core.exceptions import Conflict, Invalid
from opgave.rules import selectors as rule_selectors
from opgave.simulation import selectors, services

router = Router(tags=["Simulatie"])
READ = scoped("simulation:read")
WRITE = scoped("simulation:write")


class SideIn(Schema):
    version: int = Field(..., ge=1, description="Versienummer van de regelset.")
    variant_version: uuid.UUID | None = Field(
        None,
        description="Id van een gepubliceerde variantversie (waarden van de open normen); leeg = standaardwaarden.",
    )


class SimulationIn(Schema):
    base: SideIn = Field(..., description="De basis (bijvoorbeeld de huidige versie).")
    proposal: SideIn = Field(..., description="Het voorstel (bijvoorbeeld de nieuwe versie).")
    decision: str = Field(
        ..., min_length=1, max_length=200, description="De beslissing (een getal) die wordt vergeleken."
    )
    title: str = Field("", max_length=200)
    organisation: uuid.UUID | None = Field(
        None, description="De organisatie waarvoor je simuleert; standaard die van het token of de sessie."
    )
    size: int | None = Field(
        None, ge=1, le=services.MAX_GENERATED, description="Omvang van een gegenereerde populatie."
    )
    seed: int | None = Field(None, ge=0, description="Zaadgetal van de gegenereerde populatie (standaard 0).")
    population: uuid.UUID | None = Field(
        None, description="Id van een eerder gebruikte populatie van je organisatie."
    )


class SimulationOut(Schema):
    id: uuid.UUID
    title: str
    rule_set: uuid.UUID
    organisation: str
    status: str = Field(..., description="wachtrij, bezig, klaar of mislukt.")
    progress: int = Field(..., description="Voortgang in procenten.")
    message: str
    base_version: int
    proposal_version: int
    decision: str
    persons: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    report_url: str | None

    @classmethod
    def build(cls, item: Any) -> "SimulationOut":
        return cls(
            id=item.uuid,
            title=item.title,
            rule_set=item.rule_set.uuid,
            organisation=item.organisation.name,
            status=item.status,
            progress=item.progress,
            message=item.message,
            base_version=item.base_version.number,
            proposal_version=item.proposal_version.number,
            decision=item.decision,
            persons=item.population.size,
            created_at=item.created_at,
            finished_at=item.finished_at,
            report_url=reverse("api-v1:simulation-report", kwargs={"simulation_id": item.uuid})
            if item.report
            else None,
        )


class ReportOut(Schema):
    simulation: uuid.UUID
    report: dict[str, Any] = Field(
        ...,
        description="Totalen, aantallen vooruit/achteruit/gelijk, histogram, indelingen en grootste veranderingen; bedragen in centen.",
    )


@router.get(
    "/rulesets/{rule_set_id}/simulations",
    response=list[SimulationOut],
    auth=READ,
    url_name="simulation-list",
    summary="Simulaties van een regelset",
)
@domain
def list_simulations(request: HttpRequest, rule_set_id: uuid.UUID) -> list[SimulationOut]:
    """De simulaties van deze regelset die je mag zien (die van je eigen organisaties), nieuwste eerst."""
    who = actor(request)
    item = rule_selectors.rule_set(who, rule_set_id)
    return [SimulationOut.build(s) for s in selectors.simulations(who, item)[:100]]


@router.post(
    "/rulesets/{rule_set_id}/simulations",
    response={202: SimulationOut},
    auth=WRITE,
    url_name="simulation-start",
    summary="Een simulatie starten",
)
@domain
def start_simulation(request: HttpRequest, rule_set_id: uuid.UUID, payload: SimulationIn) -> HttpResponse:
    """Zet een simulatie in de wachtrij (202). Volg de status via ``Location``. Kies een gegenereerde
    populatie (``size``, ``seed``) of een eerdere (``population``); een eigen bestand lees je in via de
    pagina of de opdrachtregel."""
    who = actor(request)
    item = rule_selectors.rule_set(who, rule_set_id)
    organisation = who.organisation
    if payload.organisation is not None:
        organisation = rule_selectors.organisation(payload.organisation)
    if organisation is None:
        raise Invalid(
            "Noem de organisatie waarvoor je simuleert.",
            [{"field": "organisation", "message": "Onbekende of ontbrekende organisatie."}],
        )
    population = selectors.population(who, payload.population) if payload.population else None
    simulation = services.start_simulation(
        item,
        actor=who,
        organisation=organisation,
        base=services.Choice(
            payload.base.version, str(payload.base.variant_version) if payload.base.variant_version else None
        ),
        proposal=services.Choice(
            payload.proposal.version,
            str(payload.proposal.variant_version) if payload.proposal.variant_version else None,
        ),
        decision=payload.decision,
        title=payload.title,
        population=population,
        size=payload.size if population is None else None,
        seed=(payload.seed or 0) if population is None and payload.size is not None else None,
    )
    reply = json_response(SimulationOut.build(simulation), status=202)
    reply["Location"] = reverse("api-v1:simulation-detail", kwargs={"simulation_id": simulation.uuid})
    return reply


@router.get(
    "/simulations/{simulation_id}",
    response=SimulationOut,
    auth=READ,
    url_name="simulation-detail",
    summary="Status van een simulatie",
)
@domain
def get_simulation(request: HttpRequest, simulation_id: uuid.UUID) -> SimulationOut:
    return SimulationOut.build(services.reconcile(selectors.simulation(actor(request), simulation_id)))


@router.get(
    "/simulations/{simulation_id}/report",
    response=ReportOut,
    auth=READ,
    url_name="simulation-report",
    summary="Rapport van een simulatie",
)
@domain
def get_report(request: HttpRequest, simulation_id: uuid.UUID) -> ReportOut:
    """Het rapport van een afgeronde simulatie; 409 zolang ze nog rekent of als ze is mislukt."""
    item = services.reconcile(selectors.simulation(actor(request), simulation_id))
    if not item.report:
        raise Conflict(
            f"Deze simulatie heeft nog geen rapport (status: {item.get_status_display().lower()})."
        )
    return ReportOut(simulation=item.uuid, report=item.report)
