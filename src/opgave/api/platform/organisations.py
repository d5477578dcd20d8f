"""``/organisations``: the register of organisations (list, detail, create, change)."""

import uuid

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.auth import context_of, scoped
from opgave.api.conditional import expected_revision, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.platform.access import organisation_or_404, require_manager, require_platform_admin
from opgave.api.platform.schemas import (
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
)
from opgave.api.problems import UnprocessableEntity
from opgave.api.responses import created
from opgave.core.models import Organisation
from opgave.core.services import organisations as service
from opgave.core.services.audit import origin_of

router = Router(tags=["Organisaties"])


def _filtered(filters: OrganisationFilters) -> QuerySet[Organisation]:
    queryset = Organisation.objects.select_related("parent")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.q:
        queryset = queryset.filter(Q(name__icontains=filters.q.strip()))
    return queryset


def _parent(parent_id: uuid.UUID | None) -> Organisation | None:
    if parent_id is None:
        return None
    parent = Organisation.objects.filter(uuid=parent_id).first()
    if parent is None:
        raise UnprocessableEntity(
            "Het bovenliggende orgaan bestaat niet.",
            errors=[{"field": "parent", "message": "Er is geen organisatie met dit id."}],
        )
    return parent


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
    context_of(request)
    return paginate(
        request,
        _filtered(filters),
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
    context = require_platform_admin(request)
    organisation = service.create_organisation(
        actor=context.person,
        name=payload.name,
        kind=payload.kind,
        oin=payload.oin,
        cbs_code=payload.cbs_code,
        parent=_parent(payload.parent),
        origin=origin_of(request),
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
    organisation = organisation_or_404(organisation_id)
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
    organisation = organisation_or_404(organisation_id)
    context = require_manager(request, organisation, scope="organisations:write")
    revision = expected_revision(request, organisation)
    changes: dict[str, object] = {}
    sent = payload.model_dump(exclude_unset=True)
    for field in ("name", "kind", "oin", "cbs_code"):
        if field in sent:
            if sent[field] is None:
                raise UnprocessableEntity(errors=[{"field": field, "message": "Mag niet null zijn."}])
            changes[field] = sent[field]
    if "parent" in sent:
        parent = _parent(payload.parent)
        if parent is not None and parent.pk == organisation.pk:
            raise UnprocessableEntity(
                errors=[
                    {
                        "field": "parent",
                        "message": "Een organisatie kan niet haar eigen bovenliggend orgaan zijn.",
                    }
                ]
            )
        changes["parent"] = parent
    updated = service.update_organisation(
        organisation,
        actor=context.person,
        changes=changes,
        expected_revision=revision,
        origin=origin_of(request),
    )
    with_etag(response, updated)
    return OrganisationOut.from_model(updated)
