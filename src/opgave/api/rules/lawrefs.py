"""``/rulesets/{id}/law-references``: law references of a rule set and of its decisions (ADR 0045).

References of the rule set as a whole can change at any time; references of a decision belong to
a version and change only while it is a concept (409 otherwise). PATCH and DELETE need
``If-Match`` with the rule set's ETag (``GET /rulesets/{id}``); every change gives it a new one.
"""

import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from opgave.api.conditional import if_match, with_etag
from opgave.api.responses import json_response
from opgave.api.rules.common import WRITE, actor, domain
from opgave.api.rules.schemas import LawReferenceIO, LawReferenceOut
from opgave.rules import selectors, services

router = Router(tags=["Regels"])


class LawReferenceIn(LawReferenceIO):
    version: int | None = Field(
        None,
        description="Versienummer van een conceptversie, voor een verwijzing per beslissing; "
        "leeg = de regelset als geheel.",
    )


class LawReferencePatch(Schema):
    decision: str | None = Field(
        None, max_length=200, description="Een andere beslissing van dezelfde versie."
    )
    bwb_id: str | None = Field(None, max_length=20)
    title: str | None = Field(None, max_length=200)
    article: str | None = Field(None, max_length=50)
    url: str | None = Field(None, max_length=500)


@router.post(
    "/rulesets/{rule_set_id}/law-references",
    response={201: LawReferenceOut},
    auth=WRITE,
    url_name="lawreference-create",
    summary="Een wetsverwijzing toevoegen",
)
@domain
def create_law_reference(
    request: HttpRequest, rule_set_id: uuid.UUID, payload: LawReferenceIn
) -> HttpResponse:
    """BWB-identificatie (BWBR en zeven cijfers) met een https-link op wetten.overheid.nl, of voor
    een gemeentelijke regeling het CVDR-nummer met een link op lokaleregelgeving.overheid.nl."""
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    version = selectors.version(item, payload.version) if payload.version is not None else None
    data = payload.model_dump(exclude={"version"})
    reference = services.add_law_reference(item, actor=who, data=data, version=version)
    reply = json_response(LawReferenceOut.build(reference, payload.version), status=201)
    return with_etag(reply, item)


@router.patch(
    "/rulesets/{rule_set_id}/law-references/{reference_id}",
    response=LawReferenceOut,
    auth=WRITE,
    url_name="lawreference-update",
    summary="Een wetsverwijzing wijzigen",
)
@domain
def update_law_reference(
    request: HttpRequest, rule_set_id: uuid.UUID, reference_id: int, payload: LawReferencePatch
) -> HttpResponse:
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    reference = selectors.law_reference(item, reference_id)
    changed = services.change_law_reference(
        reference,
        actor=who,
        data=payload.model_dump(exclude_unset=True),
        expected_revision=if_match(request, item),
    )
    version = changed.version.number if changed.version is not None else None
    return with_etag(json_response(LawReferenceOut.build(changed, version)), changed.rule_set)


@router.delete(
    "/rulesets/{rule_set_id}/law-references/{reference_id}",
    response={204: None},
    auth=WRITE,
    url_name="lawreference-delete",
    summary="Een wetsverwijzing verwijderen",
)
@domain
def delete_law_reference(request: HttpRequest, rule_set_id: uuid.UUID, reference_id: int) -> HttpResponse:
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    reference = selectors.law_reference(item, reference_id)
    services.remove_law_reference(reference, actor=who, expected_revision=if_match(request, item))
    return with_etag(HttpResponse(status=204), reference.rule_set)
