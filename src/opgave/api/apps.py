from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API layer as a Django app: it owns one table, the Idempotency-Key store."""

    name = "opgave.api"
    label = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"
