"""Shared helpers of the rules pages: domain errors to pages and messages, breadcrumbs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from opgave.rules import errors
from opgave.rules.models import RuleSet


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; ``Forbidden``/``NotFound`` from the domain become the shell's 403/404 pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except errors.Forbidden as exc:
            raise PermissionDenied(exc.detail) from exc
        except errors.NotFound as exc:
            raise Http404(exc.detail) from exc

    return login_required(wrapper)


def report(request: HttpRequest, exc: errors.RulesError, form: Any = None) -> None:
    """Show a domain error: on the form's fields where they match, everything else as a message."""
    rest = []
    for item in exc.errors:
        name = item.get("field", "").split(".")[-1]
        where = f" ({item['element']})" if item.get("element") else ""
        where += f", positie {item['position']}" if item.get("position") else ""
        if form is not None and name in form.fields:
            form.add_error(name, item["message"] + where)
        elif form is not None and f"term_{name}" in form.fields:
            form.add_error(f"term_{name}", item["message"])
        elif form is not None and f"in_{name}" in form.fields:
            form.add_error(f"in_{name}", item["message"])
        else:
            rest.append(f"{item.get('field', '')}: {item['message']}{where}")
    messages.error(request, " ".join([exc.detail, *rest]).strip())


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Start", reverse("home")), ("Regels", reverse("rules:index")), *trail]


def rule_set_crumb(item: RuleSet) -> tuple[str, str]:
    return (item.title, reverse("rules:detail", args=[item.uuid]))
