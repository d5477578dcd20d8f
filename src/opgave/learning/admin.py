"""Django admin for platform administrators: read and correct the learning pillar's records."""

from django.contrib import admin

from opgave.learning import models


class _Readonly(admin.ModelAdmin):
    readonly_fields = ("uuid",)


@admin.register(models.KnowledgeCircle)
class KnowledgeCircleAdmin(_Readonly):
    list_display = ("name", "theme", "open_to_requests", "created_at")
    search_fields = ("name", "purpose")


@admin.register(models.CircleMember)
class CircleMemberAdmin(_Readonly):
    list_display = ("circle", "person", "role", "status")
    list_filter = ("role", "status")


@admin.register(models.Twinning)
class TwinningAdmin(_Readonly):
    list_display = ("name", "partner_a", "partner_b", "started_on", "planned_end_on", "status")
    list_filter = ("status",)
    search_fields = ("name",)


@admin.register(models.TwinningProposal)
class TwinningProposalAdmin(_Readonly):
    list_display = ("title", "twinning", "organisation", "status", "submitted_at")
    list_filter = ("status",)


@admin.register(models.Friction)
class FrictionAdmin(_Readonly):
    list_display = ("title", "twinning", "kind", "is_open")
    list_filter = ("kind", "is_open")


@admin.register(models.Evaluation)
class EvaluationAdmin(_Readonly):
    list_display = ("twinning", "reason", "due_on", "outcome", "held_on")
    list_filter = ("reason", "outcome")


@admin.register(models.OrganisationProfile)
class OrganisationProfileAdmin(admin.ModelAdmin):
    list_display = ("organisation",)


@admin.register(models.Overlap)
class OverlapAdmin(admin.ModelAdmin):
    list_display = ("a", "b", "score", "detected_at", "notified_at")
    readonly_fields = ("a", "b", "score", "reasons", "detected_at", "notified_at")
