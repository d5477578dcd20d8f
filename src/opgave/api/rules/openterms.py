"""``/rulesets/{id}/open-terms``: declaring, changing and removing open terms (ADR 0046).

A change that would put a published variant outside the term's range, and the removal of a
term a published variant fills, are refused (409) with the variants named. PATCH and DELETE
need ``If-Match`` with the rule set's ETag (``GET /rulesets/{id}``).
"""

import uuid
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from opgave.api.conditional import if_match, with_etag
from opgave.api.responses import json_response
from opgave.api.rules.common import WRITE, actor, domain
from opgave.api.rules.schemas import OpenTermOut
from opgave.rules import selectors, services

router = Router(tags=["Regels"])
Kind = Literal["number", "string", "boolean"]


class OpenTermIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="Naam van de input data in het model.")
    label: str = Field(..., max_length=200, description="Omschrijving voor mensen.")
    kind: Kind = Field("number", description="Soort: getal, tekst of ja/nee.")
    minimum: float | None = Field(None, description="Kleinste toegestane getal.")
    maximum: float | None = Field(None, description="Grootste toegestane getal.")
    choices: list[str] = Field(default_factory=list, description="Toegestane teksten (leeg = elke tekst).")
    default: Any = Field(..., description="De landelijke standaardwaarde, binnen de ruimte.")
    unit: str = Field("", max_length=30)
    law_title: str = Field(..., max_length=200, description="Regeling die de ruimte geeft.")
    law_article: str = Field(..., max_length=50)
    law_url: str = Field(..., max_length=500, description="https-link op wetten.overheid.nl.")


class OpenTermPatch(Schema):
    label: str | None = Field(None, max_length=200)
    kind: Kind | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: list[str] | None = None
    default: Any = None
    unit: str | None = Field(None, max_length=30)
    law_title: str | None = Field(None, max_length=200)
    law_article: str | None = Field(None, max_length=50)
    law_url: str | None = Field(None, max_length=500)


@router.post(
    "/rulesets/{rule_set_id}/open-terms",
    response={201: OpenTermOut},
    auth=WRITE,
    url_name="openterm-create",
    summary="Een open norm vastleggen",
)
@domain
def create_open_term(request: HttpRequest, rule_set_id: uuid.UUID, payload: OpenTermIn) -> HttpResponse:
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    term = services.declare_open_term(item, actor=who, **payload.model_dump())
    return with_etag(json_response(OpenTermOut.build(term), status=201), item)


@router.patch(
    "/rulesets/{rule_set_id}/open-terms/{term_id}",
    response=OpenTermOut,
    auth=WRITE,
    url_name="openterm-update",
    summary="Een open norm wijzigen",
)
@domain
def update_open_term(
    request: HttpRequest, rule_set_id: uuid.UUID, term_id: int, payload: OpenTermPatch
) -> HttpResponse:
    """Alles behalve de naam (dat is de input data in het model). ``minimum``/``maximum`` op
    ``null`` zetten haalt die grens weg."""
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    term = selectors.open_term(item, term_id)
    changed = services.change_open_term(
        term,
        actor=who,
        changes=payload.model_dump(exclude_unset=True),
        expected_revision=if_match(request, item),
    )
    return with_etag(json_response(OpenTermOut.build(changed)), term.rule_set)


@router.delete(
    "/rulesets/{rule_set_id}/open-terms/{term_id}",
    response={204: None},
    auth=WRITE,
    url_name="openterm-delete",
    summary="Een open norm verwijderen",
)
@domain
def delete_open_term(request: HttpRequest, rule_set_id: uuid.UUID, term_id: int) -> HttpResponse:
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    term = selectors.open_term(item, term_id)
    services.remove_open_term(term, actor=who, expected_revision=if_match(request, item))
    return with_etag(HttpResponse(status=204), term.rule_set)
