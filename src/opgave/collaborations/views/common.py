"""Shared helpers of the collaboration pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from opgave.collaborations.models import Collaboration
from opgave.core.actors import Actor
from opgave.core.exceptions import Invalid, NotFound, PermissionDenied, ServiceError


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Map ``NotFound`` from a service or selector to the shell's 404 page (``PermissionDenied`` is
    Django's own and becomes the 403 page by itself)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            offer = _join_offer(request, exc, kwargs.get("uuid"))
            if offer is not None:
                return offer
            raise
        except NotFound as exc:
            raise Http404(exc.detail) from exc

    return wrapper


def _join_offer(request: HttpRequest, exc: PermissionDenied, uuid: Any) -> HttpResponse | None:
    """A 403 on a collaboration's private part offers a way forward: ask to take part."""
    from opgave.collaborations import selectors

    if uuid is None or not getattr(request.user, "is_authenticated", False):
        return None
    try:
        item = selectors.collaboration(request.user, uuid)
    except ServiceError:
        return None
    return render(request, "collaborations/forbidden.html", {"item": item, "detail": exc.detail}, status=403)


def actor(request: HttpRequest) -> Actor:
    """The actor of a page request (what every service takes)."""
    return Actor.of_request(request)


def posted_revision(request: HttpRequest) -> int:
    """The form's hidden ``revision``; anything but a whole number counts as outdated (-1).

    The service then refuses with its readable "changed meanwhile" message instead of a 500.
    """
    try:
        return int(str(request.POST.get("revision", "")).strip())
    except ValueError:
        return -1


def report(request: HttpRequest, exc: ServiceError, form: Any = None) -> None:
    """Show a domain error: field errors on the form where they match, the rest as a message."""
    shown = False
    if form is not None:
        for item in exc.errors:
            name = item.get("field", "").split(".")[-1]
            if name in form.fields:
                form.add_error(name, item["message"])
                shown = True
    if not shown or not isinstance(exc, Invalid):
        details = "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors if not shown)
        messages.error(request, f"{exc.detail} {details}".strip())


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Start", reverse("home")), ("Samenwerkingen", reverse("collaborations:index")), *trail]


def collaboration_crumb(item: Collaboration) -> tuple[str, str]:
    return (item.name, reverse("collaborations:detail", args=[item.uuid]))
