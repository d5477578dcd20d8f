"""Entries of a dossier: the timeline (only what the organisation may see), search, count, documents."""

import base64
import binascii
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.dossiers.common import READ, WRITE, actor
from opgave.api.dossiers.schemas import CountOut, DocumentIn, DossierEntryOut, EntryIn, SearchIn
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate_rows
from opgave.api.responses import created
from opgave.dossiers import selectors, services
from opgave.dossiers.errors import invalid
from opgave.dossiers.models import Entry

router = Router(tags=["Dossierstukken"])


@router.get(
    "/dossiers/{dossier_id}/entries",
    response=page_of(DossierEntryOut),
    auth=READ,
    url_name="dossier-entries",
    summary="Tijdlijn: de stukken die je organisatie mag zien, nieuwste eerst",
)
def list_entries(
    request: HttpRequest, response: HttpResponse, dossier_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    who = actor(request)
    _dossier, part = selectors.dossier(who, dossier_id)
    shown: list[Any] = []

    def serialize(entry: Any) -> dict[str, Any]:
        shown.append(entry)
        return DossierEntryOut.fields_of(selectors.entry_view(entry))

    result = paginate_rows(
        request,
        lambda after, count: selectors.timeline_rows(part, after=after, limit=count),
        page,
        model=Entry,
        ordering=selectors.TIMELINE_ORDER,
        serialize=serialize,
        response=response,
    )
    selectors.log_reading(who, part, shown)
    return result


@router.get(
    "/dossiers/{dossier_id}/entries/count",
    response=CountOut,
    auth=READ,
    url_name="dossier-entry-count",
    summary="Aantal stukken dat je organisatie mag zien",
)
def count_entries(request: HttpRequest, dossier_id: uuid.UUID) -> CountOut:
    _dossier, part = selectors.dossier(actor(request), dossier_id)
    return CountOut(count=selectors.entry_count(part))


@router.post(
    "/dossiers/{dossier_id}/entries/search",
    response=list[DossierEntryOut],
    auth=READ,
    url_name="dossier-entry-search",
    summary="Zoeken in de zichtbare stukken (zoekterm in de body, nooit in de URL)",
)
def search_entries(request: HttpRequest, dossier_id: uuid.UUID, payload: SearchIn) -> list[DossierEntryOut]:
    who = actor(request)
    _dossier, part = selectors.dossier(who, dossier_id)
    return [DossierEntryOut.build(v) for v in selectors.timeline(who, part, query=payload.q, limit=100)]


@router.post(
    "/dossiers/{dossier_id}/entries",
    response={201: DossierEntryOut},
    auth=WRITE,
    url_name="dossier-entry-create",
    summary="Stuk vastleggen onder een eigen doel",
)
@idempotent()
def create_entry(request: HttpRequest, dossier_id: uuid.UUID, payload: EntryIn) -> HttpResponse:
    who = actor(request)
    dossier, _part = selectors.dossier(who, dossier_id)
    entry = services.add_entry(actor=who, dossier=dossier, **payload.model_dump())
    location = reverse("api-v1:dossier-entry", kwargs={"dossier_id": dossier.uuid, "entry_id": entry.uuid})
    return created(DossierEntryOut.build(selectors.entry_view(entry)), obj=entry, location=location)


@router.post(
    "/dossiers/{dossier_id}/documents",
    response={201: DossierEntryOut},
    auth=WRITE,
    url_name="dossier-document-create",
    summary="Document toevoegen (PDF, PNG, JPEG of tekst; de inhoud bepaalt het type)",
)
@idempotent(redact=("content_base64",))
def create_document(request: HttpRequest, dossier_id: uuid.UUID, payload: DocumentIn) -> HttpResponse:
    who = actor(request)
    dossier, _part = selectors.dossier(who, dossier_id)
    try:
        data = base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise invalid("content_base64", "De inhoud is geen geldige base64.") from None
    entry = services.add_entry(
        actor=who,
        dossier=dossier,
        kind="document",
        title=payload.title,
        purpose=payload.purpose,
        confidentiality=payload.confidentiality,
        category=payload.category,
        document=data,
        document_name=payload.file_name,
    )
    location = reverse("api-v1:dossier-entry", kwargs={"dossier_id": dossier.uuid, "entry_id": entry.uuid})
    return created(DossierEntryOut.build(selectors.entry_view(entry)), obj=entry, location=location)


@router.get(
    "/dossiers/{dossier_id}/entries/{entry_id}",
    response=DossierEntryOut,
    auth=READ,
    url_name="dossier-entry",
    summary="Eén stuk (404 als je organisatie het niet mag zien)",
)
def get_entry(request: HttpRequest, dossier_id: uuid.UUID, entry_id: uuid.UUID) -> DossierEntryOut:
    who = actor(request)
    _dossier, part = selectors.dossier(who, dossier_id)
    _entry, view = selectors.entry(who, part, entry_id)
    return DossierEntryOut.build(view)


@router.get(
    "/dossiers/{dossier_id}/entries/{entry_id}/document",
    auth=READ,
    url_name="dossier-entry-document",
    summary="Het bestand van een document downloaden",
    openapi_extra={
        "responses": {
            200: {
                "description": "Het bestand",
                "content": {
                    t: {"schema": {"type": "string", "format": "binary"}}
                    for t in ("application/pdf", "image/png", "image/jpeg", "text/plain")
                },
            }
        }
    },
)
def download(request: HttpRequest, dossier_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    who = actor(request)
    _dossier, part = selectors.dossier(who, dossier_id)
    view, data = selectors.document(who, part, entry_id)
    response = HttpResponse(data, content_type=view.content_type)
    response["Content-Disposition"] = 'attachment; filename="document"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
