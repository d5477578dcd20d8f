"""``/organisations/{id}/tokens``: the API tokens of an organisation (list, issue, revoke).

The plaintext of a token is in the 201 answer of the POST and nowhere else: the
platform stores only its SHA-256. Revoking is a DELETE (with If-Match); the token
stays listed with ``revoked_at`` set.
"""

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.auth import actor_of, scoped
from opgave.api.conditional import if_match, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.platform.schemas import TokenCreated, TokenIn, TokenOut
from opgave.api.responses import created
from opgave.core import selectors
from opgave.core.services import tokens as service

router = Router(tags=["API-tokens"])


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
    organisation = selectors.organisation(organisation_id)
    queryset = selectors.tokens(actor_of(request), organisation)
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
    organisation = selectors.organisation(organisation_id)
    token, plaintext = service.issue_token(
        organisation=organisation,
        name=payload.name,
        scopes=payload.scopes,
        actor=actor_of(request),
        expires_at=payload.expires_at,
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
    token = selectors.token(actor_of(request), selectors.organisation(organisation_id), token_id)
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
    actor = actor_of(request)
    token = selectors.token(actor, selectors.organisation(organisation_id), token_id)
    service.revoke_token(token, actor=actor, expected_revision=if_match(request, token))
    return HttpResponse(status=204)
