"""Forms for invitations, requests to join and discussion comments."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from opgave.core.models import Organisation, Person


class JoinRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Namens welke organisatie?", queryset=Organisation.objects.none(), empty_label=None
    )
    motivation = forms.CharField(
        label="Waarom wil je meedoen?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="De facilitator leest dit en beslist. Je krijgt een melding van het besluit.",
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="Toelichting (verplicht bij afwijzen)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvitationForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Een persoon op het platform", queryset=Person.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label="Of een organisatie", queryset=Organisation.objects.order_by("name"), required=False
    )
    email = forms.EmailField(
        label="Of een e-mailadres",
        required=False,
        help_text="Die persoon krijgt een link die één keer werkt en na enkele dagen verloopt.",
    )
    message = forms.CharField(
        label="Bericht (niet verplicht)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [bool(data.get("person")), bool(data.get("organisation")), bool(data.get("email"))]
        if sum(chosen) != 1:
            raise forms.ValidationError("Kies één persoon, één organisatie of vul één e-mailadres in.")
        return data


class AcceptForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Namens welke organisatie doe je mee?", queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Je reactie",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Noem iemand met @gebruikersnaam; die krijgt een melding.",
    )
