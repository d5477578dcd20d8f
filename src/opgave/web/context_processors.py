"""Context every template gets: the product name, demo mode and the active organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

PRODUCT_NAME = "opgave"
PRODUCT_TAGLINE = "samenwerken als één overheid"


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "product_name": PRODUCT_NAME,
        "product_tagline": PRODUCT_TAGLINE,
        "demo_mode": settings.DEMO_MODE,
        "active_organisation": getattr(request, "organisation", None),
        "active_membership": getattr(request, "membership", None),
    }
