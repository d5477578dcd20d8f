"""Django admin for platform administrators: a read-only view of rule sets and their versions.

Read-only on purpose: every change goes through the services (permission, validation, overlap
check, audit record); a published version must never change. Rule sets for the own organisation
are listed by title and owner only — their models stay with the owner.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from opgave.rules.models import RuleSet, RuleVersion, Variant


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnly):
    list_display = ("title", "owner", "visibility", "law_ids", "updated_at")
    list_filter = ("visibility",)
    search_fields = ("title", "description", "law_ids")
    fields = ("title", "owner", "visibility", "description", "law_ids")


@admin.register(RuleVersion)
class RuleVersionAdmin(ReadOnly):
    list_display = ("rule_set", "number", "status", "geldig_van", "geldig_tot", "model_hash")
    list_filter = ("status",)
    fields = (
        "rule_set",
        "number",
        "status",
        "geldig_van",
        "geldig_tot",
        "model_hash",
        "note",
        "published_at",
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(rule_set__visibility="openbaar")


@admin.register(Variant)
class VariantAdmin(ReadOnly):
    list_display = ("title", "rule_set", "organisation", "created_at")
    fields = ("title", "rule_set", "organisation")
