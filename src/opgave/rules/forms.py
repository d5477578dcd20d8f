"""Forms of the rules pages. The "Probeer het uit" form is generated from a version's input schema,
the variant form from the rule set's open terms (only those are editable, with their range)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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
        label="Naam van je eigen regeling (bijv. de verordening)", max_length=300
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


class RevisionForm(forms.Form):
    """The revision of the rule set the page showed: a change made meanwhile is not overwritten."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LawReferenceForm(RevisionForm):
    """A law reference of the rule set as a whole, or of one decision of the concept version.

    Field names match the service's, so its field errors land on the right field."""

    decision = forms.ChoiceField(label="Waar hoort de verwijzing bij?", required=False)
    bwb_id = forms.CharField(label="BWB-identificatie", max_length=20)
    title = forms.CharField(label="Naam van de regeling", max_length=200)
    article = forms.CharField(label="Artikel", max_length=50)
    url = forms.CharField(label="Link naar het artikel", max_length=500)

    def __init__(self, *args: Any, decisions: list[str], version_number: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "De regelset als geheel")]
        choices += [(name, f"Beslissing '{name}' (versie {version_number})") for name in decisions]
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]
        if not decisions:
            self.fields["decision"].widget = forms.HiddenInput()

    def data_for_service(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k) or "" for k in ("decision", "bwb_id", "title", "article", "url")}


def _number(text: str, field: str, form: forms.Form) -> Decimal | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        form.add_error(field, "Vul een getal in, bijvoorbeeld 110 of 2,5.")
        return None
    if not value.is_finite():
        form.add_error(field, "Vul een gewoon getal in.")
        return None
    return value


class OpenTermForm(RevisionForm):
    """An open term: its name in the model, the range of allowed values, a default and the legal
    basis of the freedom. Numbers accept a comma or a point."""

    name = forms.CharField(label="Naam in het model (input data)", max_length=100)
    label = forms.CharField(label="Omschrijving", max_length=200)
    kind = forms.ChoiceField(label="Soort waarde", choices=OpenTerm.Kind.choices)
    minimum = forms.CharField(label="Minimum (alleen bij een getal)", required=False, max_length=30)
    maximum = forms.CharField(label="Maximum (alleen bij een getal)", required=False, max_length=30)
    choices = forms.CharField(
        label="Toegestane teksten (alleen bij tekst; één per regel)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    default = forms.CharField(label="Landelijke standaardwaarde", max_length=200)
    unit = forms.CharField(label="Eenheid", required=False, max_length=30)
    law_title = forms.CharField(label="Regeling die de ruimte geeft", max_length=200)
    law_article = forms.CharField(label="Artikel", max_length=50)
    law_url = forms.CharField(label="Link naar het artikel", max_length=500)

    def __init__(self, *args: Any, fixed_name: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_name:
            self.fields["name"].disabled = True
            self.fields["name"].required = False

    @staticmethod
    def initial_for(term: OpenTerm, revision: int) -> dict[str, Any]:
        def plain(value: Decimal | None) -> str:
            return "" if value is None else f"{value.normalize():f}".replace(".", ",")

        default = term.default
        if isinstance(default, bool):
            default = "ja" if default else "nee"
        return {
            "revision": revision,
            "name": term.name,
            "label": term.label,
            "kind": term.kind,
            "minimum": plain(term.minimum),
            "maximum": plain(term.maximum),
            "choices": "\n".join(str(c) for c in term.choices),
            "default": str(default).replace(".", ",") if term.kind == OpenTerm.Kind.NUMBER else default,
            "unit": term.unit,
            "law_title": term.law_title,
            "law_article": term.law_article,
            "law_url": term.law_url,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        data["minimum"] = _number(data.get("minimum", ""), "minimum", self)
        data["maximum"] = _number(data.get("maximum", ""), "maximum", self)
        data["choices"] = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
        raw = (data.get("default") or "").strip()
        if kind == OpenTerm.Kind.NUMBER and raw:
            number = _number(raw, "default", self)
            if number is not None:
                data["default"] = int(number) if number == number.to_integral_value() else float(number)
        elif kind == OpenTerm.Kind.BOOLEAN and raw:
            answer = raw.lower()
            if answer not in ("ja", "nee", "true", "false"):
                self.add_error("default", "Vul ja of nee in.")
            data["default"] = answer in ("ja", "true")
        return data

    def fields_for_service(self, *, with_name: bool = True) -> dict[str, Any]:
        names = [n for n in openterm_fields if with_name or n != "name"]
        return {name: self.cleaned_data.get(name) for name in names}


openterm_fields = (
    "name",
    "label",
    "kind",
    "minimum",
    "maximum",
    "choices",
    "default",
    "unit",
    "law_title",
    "law_article",
    "law_url",
)
