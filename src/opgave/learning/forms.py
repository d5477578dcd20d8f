"""Forms of the learning pages (Dutch labels; the services validate again)."""

from __future__ import annotations

from typing import Any

from django import forms

from opgave.collaborations.design import PRINCIPLE_LABELS
from opgave.collaborations.models import LessonInstrument, LessonOrder, LessonVisibility
from opgave.learning.models import ActivityType, EvaluationOutcome, FormKind, FrictionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STEPS = [("", "Geen bepaalde stap")] + [(str(n), f"Stap {n}") for n in range(1, 6)]


class SearchForm(forms.Form):
    q = forms.CharField(label="Zoek in de lessen", required=False, max_length=200)


class LessonForm(forms.Form):
    title = forms.CharField(label="Les", max_length=200)
    description = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    order = forms.TypedChoiceField(label="Orde", choices=LessonOrder.choices, coerce=int)
    instrument = forms.ChoiceField(
        label="Instrument (alleen bij tweede orde)",
        choices=[("", "Geen"), *LessonInstrument.choices],
        required=False,
    )
    step = forms.TypedChoiceField(
        label="Ontwerpstap", choices=STEPS, coerce=int, required=False, empty_value=None
    )
    perspective = forms.ChoiceField(
        label="Bestuursperspectief",
        choices=[("", "Geen bepaald perspectief"), *PRINCIPLE_LABELS.items()],
        required=False,
    )
    tags = forms.CharField(label="Trefwoorden (gescheiden door komma's)", required=False, max_length=400)
    visibility = forms.ChoiceField(label="Wie mag de les zien?", choices=LessonVisibility.choices)


class CircleForm(forms.Form):
    name = forms.CharField(label="Naam", max_length=200)
    purpose = forms.CharField(label="Waar gaat de kring over?", widget=forms.Textarea(attrs={"rows": 3}))
    theme = forms.CharField(label="Thema", max_length=120, required=False)


class MessageForm(forms.Form):
    message = forms.CharField(label="Toelichting (optioneel)", max_length=400, required=False)


class InviteForm(forms.Form):
    person = forms.ChoiceField(label="Wie nodigt u uit?")

    def __init__(self, *args: Any, people: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Kies een persoon"), *(people or [])]


class MeetingForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200)
    held_on = forms.DateField(label="Datum", widget=DATE)
    agenda = forms.CharField(label="Agenda", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    notes = forms.CharField(label="Verslag", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ThreadForm(forms.Form):
    title = forms.CharField(label="Onderwerp", max_length=200)
    body = forms.CharField(label="Bericht", widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(forms.Form):
    body = forms.CharField(label="Uw reactie", widget=forms.Textarea(attrs={"rows": 4}))


class ProposalForm(forms.Form):
    title = forms.CharField(label="Titel van het voorstel", max_length=200)
    description = forms.CharField(
        label="Wat stelt u voor, en waarom?", widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Toelichting (verplicht bij afwijzen)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="Soort", choices=ActivityType.choices)
    title = forms.CharField(label="Titel", max_length=200)
    held_on = forms.DateField(label="Datum", widget=DATE)
    plan = forms.CharField(
        label="Plan dat werd ingebracht (botsproef)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    challenges = forms.CharField(
        label="Kritische vragen van de partner (botsproef)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    changes = forms.CharField(
        label="Wat er veranderde", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    description = forms.CharField(
        label="Omschrijving", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FrictionForm(forms.Form):
    kind = forms.ChoiceField(label="Soort", choices=FrictionKind.choices)
    title = forms.CharField(label="Titel", max_length=200)
    description = forms.CharField(
        label="Omschrijving", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    mitigation = forms.CharField(label="Aanpak", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EvaluationForm(forms.Form):
    outcome = forms.ChoiceField(label="Besluit", choices=EvaluationOutcome.choices, widget=forms.RadioSelect)
    new_form = forms.ChoiceField(
        label="Nieuwe vorm (bij vorm wijzigen)",
        choices=[("", "Niet van toepassing"), *FormKind.choices],
        required=False,
    )
    reasoning = forms.CharField(label="Onderbouwing", widget=forms.Textarea(attrs={"rows": 3}))


class ProfileForm(forms.Form):
    core_processes = forms.CharField(label="Kernprocessen (gescheiden door komma's)", max_length=2000)
    strengths = forms.CharField(label="Sterke punten", max_length=2000, required=False)
    weaknesses = forms.CharField(label="Verbeterpunten", max_length=2000, required=False)
