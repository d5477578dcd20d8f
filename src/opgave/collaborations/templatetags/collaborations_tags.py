"""Template filters of the collaboration pages."""

from __future__ import annotations

from typing import Any

from django import template

from opgave.collaborations import selectors
from opgave.collaborations.presentation import show_value

register = template.Library()


@register.filter
def nl_value(value: Any) -> str:
    """A stored design value (``netwerkende_samenwerking``) as Dutch text."""
    return show_value(value)


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def last_label(points: list[Any]) -> str:
    return str(points[-1].label) if points else ""


@register.inclusion_tag("collaborations/_due_reviews.html", takes_context=True)
def due_reviews_panel(context: template.Context) -> dict[str, Any]:
    """The person's collaborations whose answers need re-confirming, with a one-click review button.

    For the start page: ``{% load collaborations_tags %}{% due_reviews_panel %}``.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    due = selectors.due_reviews(user) if user is not None and user.is_authenticated else []
    return {"due": due, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("collaborations/_waiting.html", takes_context=True)
def waiting_for_you(context: template.Context) -> dict[str, Any]:
    """ "Wacht op jou" on the start page: answers to give, consents to give, reviews due."""
    request = context.get("request")
    user = getattr(request, "user", None)
    waiting = selectors.waiting_for(user) if user is not None and user.is_authenticated else None
    return {
        "waiting": waiting,
        "due": waiting.reviews if waiting else [],
        "csrf_token": context.get("csrf_token"),
    }
