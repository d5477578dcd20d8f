"""``/notifications``: the caller's own notifications (a token reads those of its issuer).

Reads through :mod:`opgave.notifications.selectors`, writes through its services; the
services decide, this layer translates.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from opgave.api.auth import context_of, scoped
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.problems import Forbidden
from opgave.core.actors import Actor
from opgave.core.services.audit import origin_of
from opgave.notifications import selectors, services
from opgave.notifications.kinds import label
from opgave.notifications.models import Notification

router = Router(tags=["Meldingen"])
READ = scoped("notifications:read")
WRITE = scoped("notifications:write")


def _actor(request: HttpRequest) -> Actor:
    context = context_of(request)
    if context.token is not None:
        return Actor.for_token(context.token, origin=origin_of(request))
    return Actor.for_person(context.person, organisation=context.organisation, origin=origin_of(request))


class NotificationOut(Schema):
    id: uuid.UUID
    kind: str = Field(description="Soort melding, bijvoorbeeld 'session.answer_requested'.")
    kind_label: str
    title: str
    body: str
    url: str = Field(description="Pad op deze site waar de melding over gaat (leeg als er geen is).")
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def build(cls, n: Notification) -> NotificationOut:
        return cls(
            id=n.uuid,
            kind=n.kind,
            kind_label=label(n.kind),
            title=n.title,
            body=n.body,
            url=n.url,
            created_at=n.created_at,
            read_at=n.read_at,
        )


class NotificationFilters(Schema):
    unread: bool = Field(False, description="Alleen ongelezen meldingen.")


class MarkReadIn(Schema):
    ids: list[uuid.UUID] = Field(max_length=200, description="Meldingen om als gelezen te markeren.")


class MarkAllIn(Schema):
    """An empty object: the call names no notifications, it marks all of the caller's."""


class MarkedOut(Schema):
    marked: int = Field(description="Zoveel meldingen waren ongelezen en zijn nu gelezen.")
    unread: int


@router.get(
    "/notifications",
    response=page_of(NotificationOut),
    auth=READ,
    url_name="notification-list",
    summary="Mijn meldingen, nieuwste eerst",
)
def list_notifications(
    request: HttpRequest, response: HttpResponse, filters: Query[NotificationFilters], page: Query[PageParams]
) -> dict[str, Any]:
    actor = _actor(request)
    return paginate(
        request,
        selectors.notifications(actor, unread_only=filters.unread),
        page,
        ordering=("-created_at",),
        serialize=NotificationOut.build,
        response=response,
    )


def _mark(request: HttpRequest, ids: list[uuid.UUID] | None) -> MarkedOut:
    actor = _actor(request)
    try:
        if ids is None:
            count = services.mark_all_read(actor=actor)
        else:
            count = services.mark_read(actor=actor, notifications=[str(i) for i in ids])
    except PermissionDenied as exc:
        raise Forbidden(str(exc)) from exc
    return MarkedOut(marked=count, unread=selectors.unread_count(actor))


@router.post(
    "/notifications/read",
    response=MarkedOut,
    auth=WRITE,
    url_name="notification-read",
    summary="Meldingen als gelezen markeren (andermans meldingen worden genegeerd)",
)
def mark_read(request: HttpRequest, payload: MarkReadIn) -> MarkedOut:
    return _mark(request, payload.ids)


@router.post(
    "/notifications/read-all",
    response=MarkedOut,
    auth=WRITE,
    url_name="notification-read-all",
    summary="Alle eigen meldingen als gelezen markeren",
)
def mark_all_read(request: HttpRequest, payload: MarkAllIn) -> MarkedOut:
    return _mark(request, None)
