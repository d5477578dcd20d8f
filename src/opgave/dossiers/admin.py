"""Django admin for platform administrators: structure only, never the encrypted content."""

from django.contrib import admin

from opgave.dossiers.models import Dossier, Obligation, Participation, Signal


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "kind", "created_by", "created_at")
    list_filter = ("kind",)
    search_fields = ("reference", "title")
    readonly_fields = ("uuid", "reference", "kind", "created_by", "created_at", "revision")


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("dossier", "organisation", "role", "is_regisseur", "status", "clearance")
    list_filter = ("status", "role")


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ("dossier", "code", "due_date", "status")
    list_filter = ("status", "code")


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin):
    list_display = ("uuid", "organisation", "registered_at", "expires_at", "withdrawn_at")
    exclude = ("pseudonym",)
