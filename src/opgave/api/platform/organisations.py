"""``/organisations``: the register of organisations (list, detail, create, change)."""

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.auth import actor_of, scoped
from opgave.api.conditional import if_match, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.platform.schemas import (
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
)
from opgave.api.problems import UnprocessableEntity
from opgave.api.responses import created
from opgave.core import selectors
from opgave.core.exceptions import Invalid, NotFound
from opgave.core.models import Organisation
from opgave.core.services import organisations as service

router = Router(tags=["Organisaties"])


def _parent(parent_id: uuid.UUID | None) -> Organisation | None:
    if parent_id is None:
        return None
    try:
        return selectors.organisation(parent_id)
    except NotFound:
        raise Invalid(
            "Het bovenliggende orgaan bestaat niet.",
            [{"field": "parent", "message": "Er is geen organisatie met dit id."}],
        ) from None


def _location(organisation: Organisation) -> str:
    return reverse("api-v1:organisation-detail", kwargs={"organisation_id": organisation.uuid})


@router.get(
    "/organisations",
    response=page_of(OrganisationOut),
    auth=scoped("organisations:read"),
    summary="Organisaties opzoeken",
    url_name="organisation-list",
)
def list_organisations(
    request: HttpRequest, response: HttpResponse, filters: Query[OrganisationFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Alle organisaties in het register (voor iedereen die is aangemeld), op naam gesorteerd."""
    return paginate(
        request,
        selectors.organisations(actor_of(request), kind=filters.kind, query=filters.q or ""),
        page,
        ordering=("name",),
        serialize=OrganisationOut.from_model,
        response=response,
    )


@router.post(
    "/organisations",
    response={201: OrganisationOut},
    auth=scoped("organisations:write"),
    summary="Organisatie toevoegen (platformbeheer)",
    url_name="organisation-create",
)
@idempotent()
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> HttpResponse:
    """Voeg een organisatie toe aan het register. Alleen platformbeheerders."""
    organisation = service.create_organisation(
        actor=actor_of(request),
        name=payload.name,
        kind=payload.kind,
        oin=payload.oin,
        cbs_code=payload.cbs_code,
        parent=_parent(payload.parent),
    )
    return created(
        OrganisationOut.from_model(organisation), obj=organisation, location=_location(organisation)
    )


@router.get(
    "/organisations/{organisation_id}",
    response=OrganisationOut,
    auth=scoped("organisations:read"),
    summary="Eén organisatie",
    url_name="organisation-detail",
)
def get_organisation(
    request: HttpRequest, response: HttpResponse, organisation_id: uuid.UUID
) -> OrganisationOut:
    organisation = selectors.organisation(organisation_id)
    with_etag(response, organisation)
    return OrganisationOut.from_model(organisation)


@router.patch(
    "/organisations/{organisation_id}",
    response=OrganisationOut,
    auth=scoped("organisations:write"),
    summary="Organisatie wijzigen (beheerders)",
    url_name="organisation-update",
)
def update_organisation(
    request: HttpRequest, response: HttpResponse, organisation_id: uuid.UUID, payload: OrganisationPatch
) -> OrganisationOut:
    """Wijzig velden van een organisatie. Vereist If-Match met de ETag uit de laatste GET."""
    organisation = selectors.organisation(organisation_id)
    changes: dict[str, object] = {}
    sent = payload.model_dump(exclude_unset=True)
    for field in ("name", "kind", "oin", "cbs_code"):
        if field in sent:
            if sent[field] is None:
                raise UnprocessableEntity(errors=[{"field": field, "message": "Mag niet null zijn."}])
            changes[field] = sent[field]
    if "parent" in sent:
        changes["parent"] = _parent(payload.parent)
    updated = service.update_organisation(
        organisation,
        actor=actor_of(request),
        changes=changes,
        expected_revision=if_match(request, organisation),
    )
    with_etag(response, updated)
    return OrganisationOut.from_model(updated)
