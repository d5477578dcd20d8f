"""Forms for a collaboration's public fields, sessions, registers and programmes."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from opgave.collaborations import pulse
from opgave.collaborations.models import (
    ActivityKind,
    Goal,
    LessonOrder,
    NationalRelation,
    Programme,
    SessionKind,
    Status,
    TensionKind,
    Theme,
)
from opgave.core.models import Organisation, OrganisationKind, Person


class RevisionForm(forms.Form):
    """Carries the revision the person read, so a concurrent change is detected (If-Match for forms)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


def _orgs(*kinds: str) -> Any:
    qs = Organisation.objects.order_by("name")
    return qs.filter(kind__in=kinds) if kinds else qs


class CollaborationForm(forms.Form):
    name = forms.CharField(label="Naam", max_length=200)
    opgave = forms.CharField(
        label="Opgave in één of twee zinnen",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Dit is openbaar: iedereen die is aangemeld ziet de naam en de opgave.",
    )
    owners = forms.ModelMultipleChoiceField(
        label="Eigenaar(s)",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Kies minstens één organisatie waarvoor je werkt.",
    )
    is_national = forms.BooleanField(label="Landelijke samenwerking", required=False)
    region = forms.ModelMultipleChoiceField(
        label="Regio: gemeenten en provincies",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    status = forms.ChoiceField(label="Status", choices=Status.choices, initial=Status.VERKENNEND)
    national_relation = forms.ChoiceField(
        label="Verhouding nationaal–regionaal",
        choices=[("", "Nog niet bepaald"), *NationalRelation.choices],
        required=False,
    )
    review_interval_days = forms.IntegerField(
        label="Herzieningstermijn in dagen",
        min_value=7,
        max_value=1095,
        initial=180,
        help_text="Na deze termijn vraagt het platform de antwoorden opnieuw te bevestigen.",
    )
    programme = forms.ModelChoiceField(
        label="Programma",
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label="Geen programma",
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = Organisation.objects.filter(memberships__person=person).order_by("name")
        cast(forms.ModelMultipleChoiceField, self.fields["owners"]).queryset = owners
        cast(forms.ModelMultipleChoiceField, self.fields["region"]).queryset = _orgs(
            OrganisationKind.GEMEENTE, OrganisationKind.PROVINCIE
        )


class CollaborationEditForm(RevisionForm):
    name = forms.CharField(label="Naam", max_length=200)
    opgave = forms.CharField(label="Opgave in één of twee zinnen", widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label="Status", choices=Status.choices)
    national_relation = forms.ChoiceField(
        label="Verhouding nationaal–regionaal",
        choices=[("", "Nog niet bepaald"), *NationalRelation.choices],
        required=False,
    )
    review_interval_days = forms.IntegerField(
        label="Herzieningstermijn in dagen", min_value=7, max_value=1095
    )
    programme = forms.ModelChoiceField(
        label="Programma",
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label="Geen programma",
    )
    theme = forms.ModelChoiceField(
        label="Thema binnen het programma",
        queryset=Theme.objects.select_related("programme").order_by("programme__name", "name"),
        required=False,
        empty_label="Geen thema",
        help_text="Het thema moet bij het gekozen programma horen.",
    )
    share_diagnostics_with_programme = forms.BooleanField(
        label="De eigenaren van het programma mogen de diagnose van deze samenwerking zien",
        required=False,
        help_text="Alleen beheerders van een eigenaar kunnen dit, net als het programma, wijzigen. "
        "Bij een ander programma vervalt de toestemming.",
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(label="Naam", max_length=200)
    description = forms.CharField(
        label="Omschrijving", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owners = forms.ModelMultipleChoiceField(
        label="Eigenaar(s)", queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = Organisation.objects.filter(memberships__person=person).order_by("name")
        cast(forms.ModelMultipleChoiceField, self.fields["owners"]).queryset = owners


class ThemeForm(forms.Form):
    name = forms.CharField(label="Naam van het thema", max_length=200)
    description = forms.CharField(
        label="Omschrijving", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SessionForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200)
    kind = forms.ChoiceField(label="Soort sessie", choices=SessionKind.choices)
    steps = forms.TypedMultipleChoiceField(
        label="Over welke stappen?",
        coerce=int,
        initial=[1, 2],
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (1, "Stap 1: de opgave"),
            (2, "Stap 2: de partijen"),
            (3, "Stap 3: het ontwerpprincipe"),
            (4, "Stap 4: de organisatie"),
            (5, "Stap 5: andere samenwerkingen"),
        ],
    )
    participants = forms.ModelMultipleChoiceField(
        label="Deelnemers",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Iedere deelnemer schrijft eerst apart op wat volgens hem of haar de opgave is.",
    )
    closes_at = forms.DateTimeField(
        label="Sluit op (niet verplicht)",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Tot dit moment kunnen deelnemers antwoorden. Een dag ervoor krijgt wie nog niet "
        "antwoordde een herinnering.",
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["participants"]).queryset = people


class AnswerForm(forms.Form):
    formulation = forms.CharField(
        label="Wat is volgens jou de opgave?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        help_text="Niemand ziet je antwoord voordat de facilitator de antwoorden onthult.",
    )
    parties = forms.CharField(
        label="Welke partijen moeten erbij zijn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Eén partij per regel.",
    )

    def party_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["parties"].splitlines() if line.strip()]


class ProposalForm(RevisionForm):
    opgave = forms.CharField(
        label="Gedeelde opgave", widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )
    bedoeling = forms.CharField(
        label="Bedoeling (publieke waarde)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ProposalPartyForm(forms.Form):
    """One party of the shared formulation: the name as written, or the step-2 party it is."""

    name = forms.CharField(label="Partij", max_length=200, required=False)
    same_as = forms.ChoiceField(label="Is dezelfde partij als", required=False, choices=[])

    def __init__(self, *args: Any, known: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Geen: een nieuwe partij"), *[(name, name) for name in known or []]]
        cast(forms.ChoiceField, self.fields["same_as"]).choices = choices

    def party(self) -> str:
        data = getattr(self, "cleaned_data", None) or {}
        return str(data.get("same_as") or data.get("name") or "").strip()


ProposalPartyFormSet = forms.formset_factory(ProposalPartyForm, extra=3, max_num=50)


def proposal_parties(formset: Any) -> list[str]:
    """The parties of a valid :data:`ProposalPartyFormSet`, each once, empty rows skipped."""
    return list(dict.fromkeys(name for form in formset.forms if (name := form.party())))


class ConsentForm(RevisionForm):
    decision = forms.ChoiceField(
        label="Jouw besluit",
        widget=forms.RadioSelect,
        choices=[("agree", "Akkoord met deze formulering"), ("object", "Bezwaar")],
    )
    reason = forms.CharField(
        label="Reden van bezwaar", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason.required_when = "verplicht bij bezwaar"  # type: ignore[attr-defined]


class TensionForm(forms.Form):
    kind = forms.ChoiceField(label="Soort spanning", choices=TensionKind.choices)
    title = forms.CharField(label="Spanning", max_length=200)
    description = forms.CharField(
        label="Omschrijving", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    handling = forms.CharField(
        label="Hoe gaan we ermee om?", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class GoalForm(forms.Form):
    title = forms.CharField(label="Doel", max_length=200)
    indicator = forms.CharField(label="Indicator", max_length=200)
    unit = forms.CharField(label="Eenheid", max_length=40, required=False)
    baseline = forms.FloatField(label="Beginwaarde", initial=0)
    target = forms.FloatField(label="Streefwaarde")


class MeasurementForm(forms.Form):
    goal = forms.ModelChoiceField(label="Doel", queryset=Goal.objects.none())
    value = forms.FloatField(label="Gemeten waarde")

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["goal"]).queryset = goals


class LessonForm(forms.Form):
    title = forms.CharField(label="Les", max_length=200)
    order = forms.TypedChoiceField(label="Orde", choices=LessonOrder.choices, coerce=int)
    description = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label="Soort",
        choices=[
            (k, ActivityKind(k).label)
            for k in (ActivityKind.MEETING, ActivityKind.MESSAGE, ActivityKind.DECISION)
        ],
    )
    title = forms.CharField(label="Omschrijving", max_length=200)


class PulseForm(forms.Form):
    """The health pulse: every statement 1 (helemaal oneens) – 5 (helemaal eens)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("1", "1 – helemaal oneens"),
            ("2", "2"),
            ("3", "3 – neutraal"),
            ("4", "4"),
            ("5", "5 – helemaal eens"),
        ]
        for key, text in pulse.ITEMS.items():
            self.fields[key] = forms.TypedChoiceField(
                label=text, choices=choices, coerce=int, widget=forms.RadioSelect
            )
