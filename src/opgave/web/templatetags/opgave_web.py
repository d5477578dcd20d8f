"""Template tags of the web shell, for every app's templates: ``{% load opgave_web %}``.

* ``{% main_navigation %}`` — the four pillars, the current one marked with ``aria-current``.
* ``{% organisation_switcher %}`` — a form to act for another organisation (only shown with 2+ memberships).
* ``{% optional_url "app:name" as url %}`` — ``{% url %}`` that yields ``""`` when the name does not exist.
* ``{% form_field form.field %}`` — label, hint, error message and the widget wired with
  ``aria-describedby``/``aria-invalid`` (``hint="…"`` overrides the field's help text).
* ``{% error_summary form %}`` — a list of the form's errors linking to the fields.
* ``{% status_badge "Actief" "success" %}`` — a status badge; kinds: see ``STATUS_KINDS``.
* ``{{ value|datum }}`` / ``{{ value|datumtijd }}`` — the one date format: "26 november 2026"
  (and "om 14:05"), always in Europe/Amsterdam (see ``opgave.core.dates``).

Tables, definition lists and breadcrumbs are plain includes; see the comment on top of
``web/partials/table.html``, ``definition_list.html`` and ``breadcrumbs.html``.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from opgave.core.dates import nl_date, nl_datetime
from opgave.web.navigation import navigation_items, optional_reverse

register = template.Library()

#: Status badge kinds (NL Design System status badge modifiers).
STATUS_KINDS = frozenset({"neutral", "success", "warning", "danger", "active", "inactive"})


@register.inclusion_tag("web/partials/navigation.html", takes_context=True)
def main_navigation(context: template.Context) -> dict[str, Any]:
    return {"items": navigation_items(context["request"])}


@register.inclusion_tag("web/partials/organisation_switcher.html", takes_context=True)
def organisation_switcher(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    return {
        # Set by core's ActiveOrganisationMiddleware: all memberships, and the active organisation.
        "memberships": getattr(request, "memberships", []),
        "active_organisation": getattr(request, "organisation", None),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def optional_url(url_name: str) -> str:
    return optional_reverse(url_name) or ""


def _widget_classes(field: BoundField, invalid: bool) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.Select):
        base = "utrecht-select utrecht-select--html-select"
        return base + (" utrecht-select--invalid" if invalid else "")
    if isinstance(widget, forms.Textarea):
        base = "utrecht-textarea utrecht-textarea--html-textarea"
        return base + (" utrecht-textarea--invalid" if invalid else "")
    if isinstance(widget, forms.CheckboxInput):
        return "utrecht-checkbox utrecht-checkbox--html-input"
    if isinstance(widget, forms.widgets.Input):
        base = "utrecht-textbox utrecht-textbox--html-input"
        return base + (" utrecht-textbox--invalid" if invalid else "")
    return ""


def _render_widget(field: BoundField, attrs: dict[str, str | bool], described_by: str) -> SafeString:
    """The field's widget with our attributes; ``aria-describedby`` names exactly what we render.

    (``BoundField.as_widget`` would add its own ``*_helptext`` reference when we leave the hint out.)
    """
    widget = field.field.widget
    final = field.build_widget_attrs(attrs, widget)
    final.pop("aria-describedby", None)
    if described_by:
        final["aria-describedby"] = described_by
    if field.auto_id and "id" not in widget.attrs:
        final.setdefault("id", field.auto_id)
    return SafeString(
        widget.render(name=field.html_name, value=field.value(), attrs=final, renderer=field.form.renderer)
    )


@register.inclusion_tag("web/partials/form_field.html")
def form_field(field: BoundField, hint: str | None = None) -> dict[str, Any]:
    """A form field with label, hint and error message, accessible by construction."""
    hint_text = field.help_text if hint is None else hint
    invalid = bool(field.errors)
    field_id = field.id_for_label or field.html_name
    hint_id = f"{field_id}-hint" if hint_text else ""
    error_id = f"{field_id}-error" if invalid else ""
    attrs: dict[str, str | bool] = {}
    existing = field.field.widget.attrs.get("class", "")
    attrs["class"] = f"{existing} {_widget_classes(field, invalid)}".strip()
    if invalid:
        attrs["aria-invalid"] = "true"
    is_checkbox = isinstance(field.field.widget, forms.CheckboxInput)
    # The label says what the validation does: "(niet verplicht)", or, for a field that is required
    # only in some cases, that case (a field's ``required_when`` attribute: "verplicht bij bezwaar").
    required_when = getattr(field.field, "required_when", "")
    if field.field.required:
        qualifier = ""
    elif required_when:
        qualifier = f"({required_when})"
    elif is_checkbox:
        qualifier = ""
    else:
        qualifier = "(niet verplicht)"
    return {
        "qualifier": qualifier,
        "field": field,
        "field_id": field_id,
        "widget": _render_widget(field, attrs, " ".join(part for part in (hint_id, error_id) if part)),
        "hint": hint_text,
        "hint_id": hint_id,
        "error_id": error_id,
        "invalid": invalid,
        "is_checkbox": is_checkbox,
    }


@register.inclusion_tag("web/partials/error_summary.html")
def error_summary(form: forms.BaseForm, title: str = "Er ging iets mis") -> dict[str, Any]:
    """The errors of a bound form as links to the fields they belong to."""
    items: list[tuple[str, str]] = [("", str(error)) for error in form.non_field_errors()]
    for name in form.errors:
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        anchor = f"#{bound.id_for_label or bound.html_name}"
        items.extend((anchor, f"{bound.label}: {error}") for error in bound.errors)
    return {"items": items, "title": title}


@register.inclusion_tag("web/partials/status_badge.html")
def status_badge(label: str, kind: str = "neutral") -> dict[str, Any]:
    if kind not in STATUS_KINDS:
        raise template.TemplateSyntaxError(
            f"Unknown status badge kind {kind!r}; choose one of {', '.join(sorted(STATUS_KINDS))}."
        )
    return {"label": label, "kind": kind}


@register.filter(name="datum")
def datum(value: Any) -> str:
    """``26 november 2026`` in Europe/Amsterdam."""
    return nl_date(value)


@register.filter(name="datumtijd")
def datumtijd(value: Any) -> str:
    """``26 november 2026 om 14:05`` in Europe/Amsterdam."""
    return nl_datetime(value)
