"""Template filters of the collaboration pages."""

from __future__ import annotations

from typing import Any

from django import template

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
