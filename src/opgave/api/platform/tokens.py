"""``/organisations/{id}/tokens``: the API tokens of an organisation (list, issue, revoke).

The plaintext of a token is in the 201 answer of the POST and nowhere else: the
platform stores only its SHA-256. Revoking is a DELETE (with If-Match); the token
stays listed with ``revoked_at`` set.
"""

import uuid

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.auth import scoped
from opgave.api.conditional import etag, expected_revision, precondition_failed, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.platform.access import organisation_or_404, require_manager
from opgave.api.platform.schemas import TokenCreated, TokenIn, TokenOut
from opgave.api.problems import NotFound
from opgave.api.responses import created
from opgave.core.models import ApiToken, Organisation
from opgave.core.services import tokens as service
from opgave.core.services.audit import origin_of

router = Router(tags=["API-tokens"])


def _token_or_404(organisation: Organisation, token_id: uuid.UUID) -> ApiToken:
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(organisation=organisation, uuid=token_id)
        .first()
    )
    if token is None:
        raise NotFound("Deze organisatie heeft geen API-token met dit id.")
    return token


@router.get(
    "/organisations/{organisation_id}/tokens",
    response=page_of(TokenOut),
    auth=scoped("tokens:read"),
    summary="API-tokens van een organisatie (beheerders)",
    url_name="token-list",
)
def list_tokens(
    request: HttpRequest, response: HttpResponse, organisation_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, object]:
    organisation = organisation_or_404(organisation_id)
    require_manager(request, organisation, scope="tokens:read")
    queryset = ApiToken.objects.filter(organisation=organisation)
    return paginate(
        request, queryset, page, ordering=("-created_at",), serialize=TokenOut.from_model, response=response
    )


@router.post(
    "/organisations/{organisation_id}/tokens",
    response={201: TokenCreated},
    auth=scoped("tokens:write"),
    summary="API-token uitgeven (beheerders)",
    url_name="token-create",
)
@idempotent(redact=("token",))
def create_token(request: HttpRequest, organisation_id: uuid.UUID, payload: TokenIn) -> HttpResponse:
    """Geef een token uit. Het volledige token staat alleen in dit antwoord."""
    organisation = organisation_or_404(organisation_id)
    context = require_manager(request, organisation, scope="tokens:write")
    token, plaintext = service.issue_token(
        organisation=organisation,
        name=payload.name,
        scopes=payload.scopes,
        actor=context.person,
        expires_at=payload.expires_at,
        origin=origin_of(request),
    )
    body = TokenCreated(**TokenOut.from_model(token).model_dump(), token=plaintext)
    location = reverse(
        "api-v1:token-detail", kwargs={"organisation_id": organisation.uuid, "token_id": token.uuid}
    )
    return created(body, obj=token, location=location)


@router.get(
    "/organisations/{organisation_id}/tokens/{token_id}",
    response=TokenOut,
    auth=scoped("tokens:read"),
    summary="Eén API-token",
    url_name="token-detail",
)
def get_token(
    request: HttpRequest, response: HttpResponse, organisation_id: uuid.UUID, token_id: uuid.UUID
) -> TokenOut:
    organisation = organisation_or_404(organisation_id)
    require_manager(request, organisation, scope="tokens:read")
    token = _token_or_404(organisation, token_id)
    with_etag(response, token)
    return TokenOut.from_model(token)


@router.delete(
    "/organisations/{organisation_id}/tokens/{token_id}",
    response={204: None},
    auth=scoped("tokens:write"),
    summary="API-token intrekken (beheerders)",
    url_name="token-revoke",
)
def revoke_token(request: HttpRequest, organisation_id: uuid.UUID, token_id: uuid.UUID) -> HttpResponse:
    organisation = organisation_or_404(organisation_id)
    context = require_manager(request, organisation, scope="tokens:write")
    token = _token_or_404(organisation, token_id)
    revision = expected_revision(request, token)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().select_related("organisation").get(pk=token.pk)
        if locked.revision != revision:
            raise precondition_failed(etag(locked))
        service.revoke_token(locked, actor=context.person, origin=origin_of(request))
    return HttpResponse(status=204)
