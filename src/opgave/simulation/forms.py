"""The form that starts a simulation (choices come from the selectors, checks from the service)."""

from __future__ import annotations

from typing import Any

from django import forms

SOURCES = [
    ("genereren", "Genereer een synthetische populatie uit CBS-cijfers"),
    ("bestand", "Lees een eigen bestand in (CSV of Parquet)"),
    ("bestaand", "Gebruik een eerder gebruikte populatie"),
]


class SimulationForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200, required=False)
    organisation = forms.ChoiceField(label="Voor organisatie")
    base = forms.TypedChoiceField(label="Basis: versie", coerce=int)
    base_variant = forms.ChoiceField(label="Basis: variant", required=False)
    proposal = forms.TypedChoiceField(label="Voorstel: versie", coerce=int)
    proposal_variant = forms.ChoiceField(label="Voorstel: variant", required=False)
    decision = forms.ChoiceField(label="Uitkomst die je vergelijkt")
    source = forms.ChoiceField(
        label="Populatie", choices=SOURCES, initial="genereren", widget=forms.RadioSelect
    )
    size = forms.IntegerField(label="Aantal personen", min_value=1, initial=10_000, required=False)
    seed = forms.IntegerField(label="Zaadgetal", min_value=0, initial=2025, required=False)
    file = forms.FileField(label="Bestand met personen (.csv of .parquet)", required=False)
    population = forms.ChoiceField(label="Eerdere populatie", required=False)

    def __init__(
        self,
        *args: Any,
        organisations: list[Any],
        versions: list[Any],
        variants: list[Any],
        decisions: list[str],
        populations: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["organisation"].choices = [(str(o.uuid), o.name) for o in organisations]
        numbers = [
            (v.number, f"Versie {v.number} ({v.get_status_display().lower()}, {v.period_text})")
            for v in versions
        ]
        fields["base"].choices = numbers
        fields["proposal"].choices = numbers
        if len(numbers) >= 2 and not self.is_bound:
            self.initial.setdefault("base", numbers[-2][0])
            self.initial.setdefault("proposal", numbers[-1][0])
        variant_choices = [("", "Geen variant (standaardwaarden)")] + [
            (str(v.uuid), f"{v.variant.title}, versie {v.number}") for v in variants
        ]
        fields["base_variant"].choices = variant_choices
        fields["proposal_variant"].choices = variant_choices
        fields["decision"].choices = [(d, d) for d in decisions]
        fields["population"].choices = [("", "—")] + [
            (str(p.uuid), f"{p.title} ({p.size} personen)") for p in populations
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        if source == "genereren" and not data.get("size"):
            self.add_error("size", "Geef het aantal personen.")
        if source == "bestand" and not data.get("file"):
            self.add_error("file", "Kies een bestand.")
        if source == "bestaand" and not data.get("population"):
            self.add_error("population", "Kies een populatie.")
        return data
