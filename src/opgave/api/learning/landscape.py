"""``/learning/registry``: the registry of collaborations, overlaps, the network, and open data."""

import uuid

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router

from opgave.api.learning.common import READ, actor
from opgave.api.learning.schemas import EntryOut, NetworkOut, OverlapOut, RegistryParams
from opgave.learning import export, selectors

router = Router(tags=["Leren: landschap"])


@router.get(
    "/learning/registry",
    response=list[EntryOut],
    auth=READ,
    url_name="registry",
    summary="Register van samenwerkingen (openbaar deel)",
)
def registry(request: HttpRequest, params: Query[RegistryParams]) -> list[EntryOut]:
    entries = selectors.registry(actor(request), theme=params.theme, region=params.region, query=params.q)
    return [EntryOut.build(e) for e in entries]


@router.get(
    "/learning/registry/{collaboration_id}/overlaps",
    response=list[OverlapOut],
    auth=READ,
    url_name="registry-overlaps",
    summary="Overlap met andere samenwerkingen, met score en redenen",
)
def overlaps(request: HttpRequest, collaboration_id: uuid.UUID) -> list[OverlapOut]:
    _, found = selectors.overlaps_for(actor(request), collaboration_id)
    return [
        OverlapOut(
            collaboration=o.other.uuid, name=o.other.name, score=o.score, strong=o.strong, reasons=o.reasons
        )
        for o in found
    ]


@router.get(
    "/learning/network",
    response=NetworkOut,
    auth=READ,
    url_name="network",
    summary="Netwerk van organisaties en samenwerkingen",
)
def network(request: HttpRequest, params: Query[RegistryParams]) -> NetworkOut:
    data = selectors.network(actor(request), theme=params.theme, region=params.region)
    for node in data["nodes"]:
        node.pop("uuid", None)
    return NetworkOut(**data)


@router.get(
    "/learning/registry/export.csv",
    auth=READ,
    url_name="registry-csv",
    summary="Register als CSV",
    openapi_extra={
        "responses": {200: {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}}
    },
)
def registry_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        export.to_csv(selectors.registry(actor(request))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="register-samenwerkingen.csv"'
    return response


@router.get(
    "/learning/registry/dcat",
    auth=READ,
    url_name="registry-dcat",
    summary="DCAT-beschrijving van het register (JSON-LD)",
    openapi_extra={
        "responses": {
            200: {
                "description": "JSON-LD",
                "content": {"application/ld+json": {"schema": {"type": "object"}}},
            }
        }
    },
)
def registry_dcat(request: HttpRequest) -> HttpResponse:
    import json

    entries = selectors.registry(actor(request))
    body = export.dcat(
        f"{request.scheme}://{request.get_host()}", len(entries), timezone.now().date().isoformat()
    )
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/ld+json")
