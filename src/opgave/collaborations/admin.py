"""Django admin for platform administrators: the public side of collaborations and programmes.

Deliberately absent: design versions, sessions and their answers, consents, pulses — those are a
collaboration's non-public parts, which only participants and facilitators may see (also not the
platform administrator), and unrevealed answers only their author.
"""

from __future__ import annotations

from django.contrib import admin

from opgave.collaborations.models import Collaboration, Programme, Theme


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "is_national", "programme", "updated_at")
    list_filter = ("status", "is_national", "programme")
    search_fields = ("name", "opgave")
    fields = (
        "name",
        "opgave",
        "status",
        "is_national",
        "national_relation",
        "review_interval_days",
        "programme",
    )
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False  # created through the service, which records the audit trail

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ("name", "description")
    readonly_fields = fields


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "updated_at")
    search_fields = ("name",)
    fields = ("name", "description")
    readonly_fields = fields
    inlines = [ThemeInline]

    def has_add_permission(self, request: object) -> bool:
        return False
