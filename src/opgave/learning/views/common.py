"""Shared helpers of the learning pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from opgave.core import exceptions as errors
from opgave.core.actors import Actor


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Map the domain's ``Forbidden``/``NotFound`` to the shell's 403/404 pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except errors.PermissionDenied as exc:
            raise PermissionDenied(exc.detail) from exc
        except errors.NotFound as exc:
            raise Http404(exc.detail) from exc

    return wrapper


def actor(request: HttpRequest) -> Actor:
    return Actor.of_request(request)


def report(request: HttpRequest, exc: errors.ServiceError, form: Any = None) -> None:
    """Show a domain error: field errors on the form where they match, the rest as a message."""
    shown = False
    if form is not None:
        for item in exc.errors:
            name = item.get("field", "")
            if name in form.fields:
                form.add_error(name, item["message"])
                shown = True
    if not shown:
        details = "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors)
        messages.error(request, f"{exc.detail} {details}".strip())


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Start", reverse("home")), ("Leren", reverse("learning:index")), *trail]


def revision_of(request: HttpRequest) -> int | None:
    raw = request.POST.get("revision", "")
    return int(raw) if raw.isdigit() else None
