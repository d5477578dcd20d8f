"""Django admin for platform administrators (``/beheer/``).

* Changes made here are audited in the same transaction as the change
  (:class:`AuditedAdmin`).
* The two logs are read-only: no add, change or delete, not even for superusers.
* API tokens are issued through the service (the plaintext is shown once) and
  can be revoked here; their hash is never shown.
* The admin's own login page is replaced by the platform login (rate limit,
  TOTP), and when ``REQUIRE_ADMIN_TOTP`` is on the admin also demands a
  TOTP-verified session.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import urlencode

from opgave.core.actors import Actor
from opgave.core.exceptions import PermissionDenied
from opgave.core.models import (
    ApiToken,
    AuditRecord,
    DenialTally,
    Membership,
    Organisation,
    Person,
    ProcessingActivity,
    ProcessingLogRecord,
)
from opgave.core.services import audit, second_factor, tokens

# Fields whose values are personal data or secrets: the audit names them, without values.
_VALUELESS = {"password", "email", "first_name", "last_name", "username"}


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return str(getattr(value, "uuid", None) or value.pk)
    if isinstance(value, (QuerySet, list, tuple, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def form_changes(form: Any) -> dict[str, Any]:
    """``{field: {"oud": …, "nieuw": …}}`` for every changed field of a model form (names only,
    ``"gewijzigd"``, for personal data and passwords)."""
    changes: dict[str, Any] = {}
    for name in form.changed_data:
        if name in _VALUELESS or "password" in name:
            changes[name] = "gewijzigd"
            continue
        field = form.fields.get(name)
        old = form.initial.get(name)
        if field is not None and hasattr(field, "queryset") and old is not None:
            old = _initial_objects(field, old)
        changes[name] = {"oud": _plain(old), "nieuw": _plain(form.cleaned_data.get(name))}
    return changes


def _initial_objects(field: Any, initial: Any) -> Any:
    if isinstance(initial, Model):
        return initial
    values = initial if isinstance(initial, (list, tuple)) else [initial]
    found = list(field.queryset.model._default_manager.filter(pk__in=[getattr(v, "pk", v) for v in values]))
    return found if isinstance(initial, (list, tuple)) else (found[0] if found else initial)


class AuditedAdmin(admin.ModelAdmin):
    """Record every add, change and delete made in the admin (inside the admin's transaction),
    including inline rows (memberships), with every changed field."""

    def _audit(
        self, request: HttpRequest, obj: Model, action: str, detail: dict[str, Any] | None = None
    ) -> None:
        organisation = obj if isinstance(obj, Organisation) else getattr(obj, "organisation", None)
        audit.record(
            actor=Actor.of_request(request),
            action=f"{obj._meta.model_name}.{action}",
            result=audit.SUCCESS,
            organisation=organisation if isinstance(organisation, Organisation) else None,
            object=obj,
            detail={"via": "admin", **(detail or {})},
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and not form.has_changed():
            super().save_model(request, obj, form, change)  # only inline rows changed: audited there
            return
        if change and hasattr(obj, "revision"):
            obj.revision += 1
        super().save_model(request, obj, form, change)
        self._audit(
            request,
            obj,
            "update" if change else "create",
            {"fields": sorted(form.changed_data), "changes": form_changes(form)},
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        before = {f.instance.pk: form_changes(f) for f in formset.initial_forms if f.has_changed()}
        for inline in formset.initial_forms:
            if inline.has_changed() and hasattr(inline.instance, "revision"):
                inline.instance.revision += 1
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._audit(request, obj, "create", {"changes": _created(obj)})
        for obj, fields in formset.changed_objects:
            self._audit(request, obj, "update", {"fields": sorted(fields), "changes": before.get(obj.pk, {})})
        for obj in formset.deleted_objects:
            self._audit(request, obj, "delete")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audit(request, obj, "delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self._audit(request, obj, "delete")
        super().delete_queryset(request, queryset)


def _created(obj: Model) -> dict[str, Any]:
    if isinstance(obj, Membership):
        return {
            "person": {"oud": None, "nieuw": str(obj.person.uuid)},
            "organisation": {"oud": None, "nieuw": str(obj.organisation.uuid)},
            "role": {"oud": None, "nieuw": obj.role},
        }
    return {}


class MembershipForm(forms.ModelForm):
    """A membership row: nobody gives himself a membership or a role here (as in the API, a platform
    administrator does not join an organisation on his own authority; another administrator does)."""

    acting_pk: int | None = None  # set per request by :func:`_membership_form`

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        person = cleaned.get("person") or getattr(self.instance, "person", None)
        if (
            self.has_changed()
            and person is not None
            and person.pk is not None
            and person.pk == self.acting_pk
        ):
            raise forms.ValidationError(
                "Je kunt jezelf geen lidmaatschap of rol geven. Vraag een andere beheerder om dit te doen."
            )
        return cleaned


def _membership_form(request: HttpRequest) -> type[MembershipForm]:
    return type("MembershipForm", (MembershipForm,), {"acting_pk": request.user.pk})


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    fields = ("person", "organisation", "role", "job_title")
    autocomplete_fields = ("person", "organisation")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        return super().get_formset(request, obj, form=_membership_form(request), **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "oin", "cbs_code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "oin", "cbs_code")
    autocomplete_fields = ("parent",)
    readonly_fields = ("uuid", "revision", "created_at", "updated_at")
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(UserAdmin, AuditedAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active", "is_demo")
    list_filter = ("is_staff", "is_superuser", "is_active", "is_demo")
    search_fields = ("username", "email", "first_name", "last_name")
    readonly_fields = ("uuid", "last_login", "date_joined")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Platform", {"fields": ("uuid", "is_demo")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )
    inlines = [MembershipInline]
    actions = ["reset_second_factor"]

    @admin.action(description="Tweede factor herstellen (telefoon kwijt): opnieuw instellen")
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        actor = Actor.of_request(request)
        done = 0
        for person in queryset:
            try:
                second_factor.reset_second_factor(person, actor=actor)
            except PermissionDenied as exc:
                self.message_user(request, f"{person.username}: {exc}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                f"De tweede factor van {done} account(s) is verwijderd; zij stellen een nieuwe in bij de "
                "volgende keer inloggen.",
                messages.SUCCESS,
            )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """The admin's password form, audited: who changed whose password (never the password)."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and isinstance(response, HttpResponseRedirect):
                person = self.get_object(request, id)
                if person is not None:
                    self._audit(request, person, "password", {"changes": {"password": "gewijzigd"}})
        return response


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("person", "organisation", "role", "job_title")
    list_filter = ("role",)
    search_fields = ("person__username", "organisation__name")
    autocomplete_fields = ("person", "organisation")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        return super().get_form(request, obj, change, form=_membership_form(request), **kwargs)


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(AuditedAdmin):
    list_display = ("code", "name", "legal_basis", "retention", "controller")
    search_fields = ("code", "name")
    autocomplete_fields = ("controller",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "organisation", "scopes", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("organisation",)
    search_fields = ("name", "prefix", "organisation__name")
    exclude = ("token_hash",)
    readonly_fields = (
        "organisation", "created_by", "name", "prefix", "scopes", "expires_at", "revoked_at", "last_used_at",
        "created_at", "revision",
    )  # fmt: skip
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issue tokens through the API or the CLI: the plaintext is shown once there

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the audit trail keeps referring to the token

    @admin.action(description="Geselecteerde tokens intrekken")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.select_related("organisation"):
            tokens.revoke_token(token, actor=Actor.of_request(request), expected_revision=token.revision)
        messages.success(request, f"{queryset.count()} token(s) ingetrokken.")


class ReadOnlyLogAdmin(admin.ModelAdmin):
    """Looking only: the logs are append-only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyLogAdmin):
    list_display = ("seq", "at", "actor_label", "action", "result", "object_type", "object_id", "origin")
    list_filter = ("result", "action")
    search_fields = ("action", "actor_label", "object_id")
    date_hierarchy = "at"


@admin.register(DenialTally)
class DenialTallyAdmin(ReadOnlyLogAdmin):
    list_display = ("window_start", "action", "actor_label", "origin", "count", "last_at", "record_seq")
    list_filter = ("action",)
    date_hierarchy = "window_start"


@admin.register(ProcessingLogRecord)
class ProcessingLogRecordAdmin(ReadOnlyLogAdmin):
    list_display = ("seq", "started_at", "name", "status", "activity", "trace_id", "data_subject")
    list_filter = ("status", "activity")
    search_fields = ("trace_id", "name")


def _platform_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's login: our login page (rate limiting, audit, TOTP), then back to the admin."""
    target = request.GET.get("next") or resolve_url("admin:index")
    return HttpResponseRedirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}")


def _has_permission(request: HttpRequest) -> bool:
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if settings.REQUIRE_ADMIN_TOTP:
        return bool(getattr(user, "is_verified", lambda: False)())
    return True


admin.site.site_header = "opgave · beheer"
admin.site.site_title = "opgave beheer"
admin.site.index_title = "Platformbeheer"
admin.site.login = _platform_login  # type: ignore[method-assign]
admin.site.has_permission = _has_permission  # type: ignore[method-assign]
