"""The reusable partials render accessible markup: labels, hints, errors and their ARIA wiring."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string


class ExampleForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals in het handelsregister.")
    kind = forms.ChoiceField(label="Soort", choices=[("gemeente", "Gemeente"), ("provincie", "Provincie")])
    note = forms.CharField(label="Toelichting", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="Ik ga akkoord")

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("Het geheel klopt niet.")


def render(source: str, **context: object) -> str:
    return Template("{% load opgave_web %}" + source).render(Context(context))


def attrs_of(html: str, element_id: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)[^>]*id="{element_id}"[^>]*>', html)
    assert match, f"no element with id {element_id} in:\n{html}"
    return match.group(0)


def test_valid_field_has_label_and_hint_wired_with_aria_describedby() -> None:
    form = ExampleForm()
    html = render("{% form_field form.name %}", form=form)
    assert '<label class="utrecht-form-label" for="id_name">Naam</label>' in html
    assert 'id="id_name-hint"' in html and "Zoals in het handelsregister." in html
    widget = attrs_of(html, "id_name")
    assert 'aria-describedby="id_name-hint"' in widget
    assert "aria-invalid" not in widget
    assert "utrecht-textbox" in widget


def test_invalid_field_points_at_hint_and_error_and_is_marked_invalid() -> None:
    form = ExampleForm(data={"name": "", "kind": "gemeente"})
    assert not form.is_valid()
    html = render("{% form_field form.name %}", form=form)
    widget = attrs_of(html, "id_name")
    assert 'aria-describedby="id_name-hint id_name-error"' in widget
    assert 'aria-invalid="true"' in widget
    assert 'id="id_name-error"' in html
    assert "utrecht-form-field--invalid" in html and "utrecht-textbox--invalid" in widget


def test_widget_kinds_get_their_nl_design_system_class() -> None:
    form = ExampleForm()
    html = render(
        "{% form_field form.kind %}{% form_field form.note %}{% form_field form.agree %}", form=form
    )
    assert "utrecht-select" in attrs_of(html, "id_kind")
    assert "utrecht-textarea" in attrs_of(html, "id_note")
    assert "utrecht-checkbox" in attrs_of(html, "id_agree")
    assert "(niet verplicht)" in html  # the optional note says so in its label


def test_hint_can_be_overridden_or_left_out() -> None:
    form = ExampleForm()
    html = render('{% form_field form.name hint="" %}', form=form)
    assert "aria-describedby" not in attrs_of(html, "id_name")
    html = render('{% form_field form.name hint="Eigen uitleg." %}', form=form)
    assert "Eigen uitleg." in html


def test_error_summary_links_to_each_invalid_field_and_lists_form_errors() -> None:
    form = ExampleForm(data={"name": "", "kind": "onbekend"})
    assert not form.is_valid()
    html = render("{% error_summary form %}", form=form)
    assert 'role="alert"' in html and "Er ging iets mis" in html
    assert 'href="#id_name"' in html and 'href="#id_kind"' in html and 'href="#id_agree"' in html
    assert "Het geheel klopt niet." in html


def test_error_summary_is_empty_for_a_valid_or_unbound_form() -> None:
    assert render("{% error_summary form %}", form=ExampleForm()).strip() == ""


def test_status_badge_kinds() -> None:
    html = render('{% status_badge "Actief" "success" %}')
    assert "utrecht-status-badge--success" in html and "Actief" in html
    with pytest.raises(TemplateSyntaxError, match="Unknown status badge kind"):
        render('{% status_badge "Actief" "groen" %}')


def test_table_partial_uses_row_headers_and_an_empty_message() -> None:
    html = render_to_string(
        "web/partials/table.html",
        {"caption": "Leden", "columns": ["Naam", "Rol"], "rows": [["Anna", "Beheerder"]]},
    )
    assert "<caption" in html and "Leden" in html
    assert '<th class="utrecht-table__header-cell" scope="col">Naam</th>' in html
    assert '<th class="utrecht-table__header-cell" scope="row">Anna</th>' in html
    empty = render_to_string("web/partials/table.html", {"caption": "Leden", "columns": ["Naam"], "rows": []})
    assert "Er is nog niets om te tonen." in empty


def test_definition_list_and_breadcrumbs() -> None:
    html = render_to_string(
        "web/partials/definition_list.html", {"items": [("OIN", ""), ("Soort", "Gemeente")]}
    )
    assert "<dt" in html and "niet ingevuld" in html and "Gemeente" in html
    crumbs = render_to_string(
        "web/partials/breadcrumbs.html", {"crumbs": [("Start", "/"), ("Regels", "/regels/")]}
    )
    assert 'aria-label="Kruimelpad"' in crumbs
    assert 'aria-current="page" href="/regels/">Regels' in crumbs
