"""Forms of the dossier pages (Dutch labels). They only parse input; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from opgave.dossiers.models import Confidentiality, DossierType, EntryKind, PlanItem, Role, Subject

CLEARANCE = [(c.value, c.label) for c in Confidentiality]


def _purpose_choices(activities: Any) -> list[tuple[str, str]]:
    return [(a.code, f"{a.name} ({a.legal_basis})") for a in activities]


class DossierForm(forms.Form):
    kind = forms.ChoiceField(label="Soort dossier", choices=DossierType.choices)
    title = forms.CharField(
        label="Werktitel",
        max_length=120,
        help_text="Zonder namen of andere persoonsgegevens, bijvoorbeeld 'Gezin Presikhaaf 3'.",
    )
    relation = forms.ChoiceField(label="Relatie van de eerste betrokkene", choices=Subject.Relation.choices)
    bsn = forms.CharField(
        label="Burgerservicenummer", max_length=9, required=False, help_text="Negen cijfers."
    )
    name = forms.CharField(label="Naam", max_length=120, required=False)
    birth_date = forms.DateField(
        label="Geboortedatum", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    postcode = forms.CharField(label="Postcode (bij een adres)", max_length=7, required=False)
    house_number = forms.CharField(label="Huisnummer (bij een adres)", max_length=10, required=False)
    role = forms.ChoiceField(label="Rol van je organisatie", choices=Role.choices)
    purposes = forms.MultipleChoiceField(
        label="Doelen van je organisatie", widget=forms.CheckboxSelectMultiple
    )
    clearance = forms.TypedChoiceField(label="Vertrouwelijkheidsniveau", choices=CLEARANCE, coerce=int)

    def __init__(self, *args: Any, activities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["purposes"]).choices = _purpose_choices(activities)
        self.fields["bsn"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})


class JoinForm(forms.Form):
    role = forms.ChoiceField(label="Rol van je organisatie", choices=Role.choices)
    purposes = forms.MultipleChoiceField(
        label="Doelen van je organisatie", widget=forms.CheckboxSelectMultiple
    )
    clearance = forms.TypedChoiceField(
        label="Gevraagd vertrouwelijkheidsniveau", choices=CLEARANCE, coerce=int
    )

    def __init__(self, *args: Any, activities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["purposes"]).choices = _purpose_choices(activities)


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label="Soort stuk", choices=EntryKind.choices)
    title = forms.CharField(label="Titel", max_length=200)
    body = forms.CharField(label="Tekst", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    purpose = forms.ChoiceField(label="Doel (wie dit doel heeft, ziet het stuk)")
    confidentiality = forms.TypedChoiceField(label="Vertrouwelijkheid", choices=CLEARANCE, coerce=int)
    safety_level = forms.TypedChoiceField(
        label="Veiligheidsniveau (alleen bij een signaal)",
        choices=[("", "—"), (1, "1 – zorg"), (2, "2 – ernstige zorg"), (3, "3 – acuut")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    document = forms.FileField(label="Bestand (alleen bij een document)", required=False)

    def __init__(self, *args: Any, purposes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["purpose"]).choices = [(p.code, p.name) for p in purposes]


class PlanItemForm(forms.Form):
    section = forms.ChoiceField(label="Onderdeel", choices=PlanItem.Section.choices)
    text = forms.CharField(label="Tekst", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label="Uitvoerende organisatie (bij een actie)", required=False)
    deadline = forms.DateField(
        label="Uiterlijk (bij een actie)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            ("", "—"),
            *((str(o.uuid), o.name) for o in organisations),
        ]


class BsnForm(forms.Form):
    bsn = forms.CharField(
        label="Burgerservicenummer", max_length=9, help_text="Negen cijfers; wordt niet bewaard."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bsn"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})


class SignalForm(BsnForm):
    purpose = forms.ChoiceField(label="Doel van je organisatie")

    def __init__(self, *args: Any, activities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["purpose"]).choices = _purpose_choices(activities)
