"""``{% notification_bell %}``: the bell with the unread count, for the header."""

from __future__ import annotations

from typing import Any

from django import template

from opgave.notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    count = selectors.unread_count(user) if getattr(user, "is_authenticated", False) else 0
    return {"count": count}
