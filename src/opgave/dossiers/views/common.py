"""Shared helpers of the dossier pages: error mapping, the actor, breadcrumbs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from opgave.core.actors import Actor
from opgave.dossiers import errors


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Map ``Forbidden``/``NotFound`` from the domain to the shell's 403/404 pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except errors.Forbidden as exc:
            raise PermissionDenied(exc.detail) from exc
        except errors.NotFound as exc:
            raise Http404(exc.detail) from exc

    return wrapper


def actor(request: HttpRequest) -> Actor:
    return Actor.of_request(request)


def report(request: HttpRequest, exc: errors.DossierError, form: Any = None) -> None:
    """Show a domain error: on the form field where it belongs, otherwise as a message."""
    shown = False
    if form is not None:
        for item in exc.errors:
            name = item.get("field", "").split(".")[-1].split("[")[0]
            if name in form.fields:
                form.add_error(name, item["message"])
                shown = True
    if not shown:
        messages.error(request, exc.detail)


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Start", reverse("home")), ("Dossiers", reverse("dossiers:index")), *trail]
