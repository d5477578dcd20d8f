"""Forms of the rules pages. The "Probeer het uit" form is generated from a version's input schema,
the variant form from the rule set's open terms (only those are editable, with their range)."""

from __future__ import annotations

from typing import Any

from django import forms

from opgave.rules.models import OpenTerm, Visibility


class RuleSetForm(forms.Form):
    owner = forms.ChoiceField(label="Eigenaar")
    title = forms.CharField(label="Titel", max_length=200)
    description = forms.CharField(
        label="Omschrijving", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    visibility = forms.ChoiceField(label="Zichtbaarheid", choices=Visibility.choices)

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(str(o.uuid), o.name) for o in organisations]  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    dmn = forms.FileField(label="DMN-bestand (.dmn of .xml)")
    geldig_van = forms.DateField(label="Geldig van", widget=forms.DateInput(attrs={"type": "date"}))
    geldig_tot = forms.DateField(
        label="Geldig tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="Toelichting", required=False, max_length=2000)


class DiffForm(forms.Form):
    van = forms.TypedChoiceField(label="Van versie", coerce=int)
    naar = forms.TypedChoiceField(label="Naar versie", coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, f"Versie {n}") for n in numbers]
        self.fields["van"].choices = choices  # type: ignore[attr-defined]
        self.fields["naar"].choices = choices  # type: ignore[attr-defined]


class VariantForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisatie")
    geldig_van = forms.DateField(label="Geldig van", widget=forms.DateInput(attrs={"type": "date"}))
    geldig_tot = forms.DateField(
        label="Geldig tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    regulation_title = forms.CharField(
        label="Naam van uw eigen regeling (bijv. de verordening)", max_length=300
    )
    regulation_url = forms.URLField(
        label="Link naar de regeling (https)", max_length=500, assume_scheme="https"
    )

    def __init__(self, *args: Any, organisations: list[Any], terms: list[OpenTerm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.uuid), o.name) for o in organisations]  # type: ignore[attr-defined]
        self.terms = terms
        for term in terms:
            hint = f"Toegestaan: {term.range_text}{' ' + term.unit if term.unit else ''}. Landelijke standaard: {term.default}. Ruimte gegeven door {term.law_title}, artikel {term.law_article}."
            if term.kind == OpenTerm.Kind.NUMBER:
                field: forms.Field = forms.DecimalField(
                    label=term.label, min_value=term.minimum, max_value=term.maximum, initial=term.default
                )
            elif term.kind == OpenTerm.Kind.BOOLEAN:
                field = forms.BooleanField(label=term.label, required=False, initial=term.default)
            elif term.choices:
                field = forms.ChoiceField(
                    label=term.label, choices=[(c, c) for c in term.choices], initial=term.default
                )
            else:
                field = forms.CharField(label=term.label, initial=term.default)
            field.help_text = hint
            self.fields[f"term_{term.name}"] = field

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for term in self.terms:
            value = self.cleaned_data.get(f"term_{term.name}")
            out[term.name] = (
                float(value) if term.kind == OpenTerm.Kind.NUMBER and value is not None else value
            )
            if term.kind == OpenTerm.Kind.NUMBER and value is not None and value == value.to_integral_value():
                out[term.name] = int(value)
        return out


def field_for(name: str, schema: dict[str, Any], required: bool) -> forms.Field:
    """A form field for one property of an input schema (typed, with the allowed values)."""
    kind = schema.get("type")
    label = name
    if "enum" in schema:
        return forms.ChoiceField(
            label=label, choices=[("", "— kies —")] + [(v, v) for v in schema["enum"]], required=required
        )
    if kind == "boolean":
        return forms.TypedChoiceField(
            label=label,
            choices=[("", "— kies —"), ("true", "ja"), ("false", "nee")],
            coerce=lambda v: v == "true",
            required=required,
        )
    if kind == "number":
        return forms.DecimalField(
            label=label, required=required, min_value=schema.get("minimum"), max_value=schema.get("maximum")
        )
    if schema.get("format") == "date":
        return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))
    return forms.CharField(label=label, required=required)


class TryForm(forms.Form):
    """Generated from the input schema; plus the as-of date and an optional variant."""

    datum = forms.DateField(label="Peildatum", widget=forms.DateInput(attrs={"type": "date"}))
    variant = forms.ChoiceField(label="Variant (maatwerk van een organisatie)", required=False)

    def __init__(self, *args: Any, schema: dict[str, Any], variants: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["variant"].choices = [("", "Geen: het landelijk model")] + [  # type: ignore[attr-defined]
            (str(v.uuid), v.organisation.name) for v in variants
        ]
        required = set(schema.get("required", []))
        self.input_names = list(schema.get("properties", {}))
        for name, prop in schema.get("properties", {}).items():
            self.fields[f"in_{name}"] = field_for(name, prop, name in required)

    def inputs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.input_names:
            value = self.cleaned_data.get(f"in_{name}")
            if value is None or value == "":
                continue
            if hasattr(value, "as_tuple"):  # Decimal: keep it exact as a JSON-like number
                value = int(value) if value == value.to_integral_value() else float(value)
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            out[name] = value
        return out


class CellsForm(forms.Form):
    """The keyboard alternative to the visual editor: every cell of every decision table as a text field."""

    def __init__(self, *args: Any, tables: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for table in tables:
            for r, rule in enumerate(table["rules"]):
                for c, cell in enumerate(rule["cells"]):
                    self.fields[f"cell_{table['index']}_{r}_{c}"] = forms.CharField(
                        label=f"{table['decision']}, regel {r + 1}, {table['columns'][c]}",
                        initial=cell,
                        required=False,
                        max_length=2000,
                    )
