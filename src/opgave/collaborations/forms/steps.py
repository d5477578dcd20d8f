"""The five design steps as forms and formsets, and their translation to and from the design.

Lists (formulations, parties, candidates, funding, relations) are formsets with three empty rows
extra and a "verwijderen" box per row, so several rows can be added without a save in between and
without JavaScript; ``collaborations/repeat.js`` shows one empty row at a time with a button for the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.forms import BaseFormSet, formset_factory

from opgave.collaborations.design import (
    CENTRE_POSITION_LABELS,
    PRINCIPLE_LABELS,
    ROLE_LABELS,
    Design,
    Principle,
)
from opgave.collaborations.models import Collaboration
from opgave.collaborations.questionnaire import QUESTIONS
from opgave.core.models import Organisation, Person

LIKERT = [
    ("1", "1 – helemaal oneens"),
    ("2", "2"),
    ("3", "3 – neutraal"),
    ("4", "4"),
    ("5", "5 – helemaal eens"),
]
PRINCIPLES = [("", "Nog niet gekozen"), *[(str(p), PRINCIPLE_LABELS[p]) for p in Principle]]
CEMENT = [("", "Nog niet bepaald"), ("formeel_juridisch", "Formeel-juridisch"), ("de_facto", "De facto")]
COMPOSITION = [("", "Nog niet bepaald"), ("top_down", "Top-down"), ("bottom_up", "Bottom-up")]
QUADRANT_HINTS = {
    Principle.MEERLAAGS_BESTUUR: "Hoe borgen we rechtmatigheid, gelijke behandeling en rechtszekerheid?",
    Principle.MEERLAAGS_MANAGEMENT: "Hoe meten we resultaten en hoe leggen we verantwoording af?",
    Principle.NETWERKENDE_SAMENWERKING: "Wat is de aantrekkelijke gezamenlijke agenda waarin elke partij iets vindt?",
    Principle.MAATSCHAPPELIJKE_SAMENWERKING: "Hoe sluiten we aan bij wat inwoners en initiatieven al doen?",
}


def _text(label: str, rows: int = 3, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=8000,
    )


class _Row(forms.Form):
    """A formset row; an untouched empty row is skipped."""

    def row_data(self) -> dict[str, Any] | None:
        data = getattr(self, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            return None
        return {k: v for k, v in data.items() if k != "DELETE"}


class Step1Form(forms.Form):
    opgave = _text("Wat is het probleem volgens ons?", 10, help_text="De gedeelde probleemstelling.")
    bedoeling = _text(
        "Welke publieke waarde staat op het spel (de bedoeling)?",
        5,
        help_text="Niet het doel uit een coalitieakkoord, maar waar het uiteindelijk om gaat.",
    )


class FormulationRow(_Row):
    organisation_name = forms.CharField(label="Partij", max_length=200)
    important = _text("Wat vindt deze partij belangrijk?", 2)
    fear = _text("Waar is deze partij bang voor?", 2)
    dream = _text("Waar droomt deze partij van?", 2)


class PartyRow(_Row):
    organisation = forms.ModelChoiceField(
        label="Organisatie", queryset=Organisation.objects.order_by("name"), to_field_name="uuid"
    )
    role = forms.ChoiceField(
        label="Rol",
        required=False,
        choices=[("", "Nog niet bepaald"), *[(str(k), v) for k, v in ROLE_LABELS.items()]],
    )
    mandate = _text("Mandaat", 2)
    contact_person = forms.ModelChoiceField(
        label="Contactpersoon",
        queryset=Person.objects.order_by("first_name"),
        to_field_name="uuid",
        required=False,
        empty_label="Geen",
    )
    joined_on = forms.DateField(
        label="Doet mee sinds", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    left_on = forms.DateField(
        label="Gestopt op", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            cast(forms.ModelChoiceField, self.fields["contact_person"]).queryset = people


def contact_candidates(design: Design, owner_ids: list[int]) -> Any:
    """Who can be a contact person: members of the owners and of the parties in the design.

    Not every person on the platform: a participant should not browse everybody's name. A newly
    added party's people become selectable once the step is saved.
    """
    party_orgs = [p.organisation for p in design.step2.parties if p.organisation]
    orgs = Organisation.objects.filter(pk__in=owner_ids) | Organisation.objects.filter(uuid__in=party_orgs)
    return (
        Person.objects.filter(memberships__organisation__in=orgs, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


class CandidateRow(_Row):
    name = forms.CharField(label="Partij die is overwogen", max_length=200)
    reason = _text("Waarom (nog) niet?", 2)


class Step3Form(forms.Form):
    chosen_principle = forms.ChoiceField(label="Leidend ontwerpprincipe", choices=PRINCIPLES, required=False)
    override_reason = _text(
        "Waarom wijk je af van het voorstel?",
        2,
        help_text="Alleen nodig als je een ander principe kiest dan de vragenlijst voorstelt.",
    )
    override_reason.required_when = "verplicht als je afwijkt van het voorstel"  # type: ignore[attr-defined]
    cement_collaboration = forms.ChoiceField(
        label="Cement van de samenwerking", choices=CEMENT, required=False
    )
    composition_collaboration = forms.ChoiceField(
        label="Samenstelling van de samenwerking", choices=COMPOSITION, required=False
    )
    cement_content = forms.ChoiceField(
        label="Cement van de inhoud van de opgave", choices=CEMENT, required=False
    )
    composition_content = forms.ChoiceField(
        label="Wie bepaalt de inhoud van de opgave?", choices=COMPOSITION, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[f"q_{question.key}"] = forms.ChoiceField(
                label=question.text, choices=LIKERT, required=False, widget=forms.RadioSelect
            )
        for principle in Principle:
            self.fields[f"value_{principle.value}"] = _text(
                f"Waarden van {PRINCIPLE_LABELS[principle].split(' (')[0].lower()}",
                2,
                help_text=QUADRANT_HINTS[principle],
            )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{q.key}"] for q in QUESTIONS]

    def value_fields(self) -> list[forms.BoundField]:
        return [self[f"value_{p.value}"] for p in Principle]

    def other_fields(self) -> list[forms.BoundField]:
        names = [
            "chosen_principle",
            "override_reason",
            "cement_collaboration",
            "composition_collaboration",
            "cement_content",
            "composition_content",
        ]
        return [self[n] for n in names]


class Step4Form(forms.Form):
    organisational_form = _text(
        "Organisatievorm", 2, help_text="Bijvoorbeeld een netwerk met een programmabureau."
    )
    accountability = forms.ChoiceField(
        label="Verantwoording",
        required=False,
        choices=[
            ("", "Nog niet bepaald"),
            ("stewardship", "Stewardship: partijen staan naast elkaar"),
            ("principal_agent", "Opdrachtgever–opdrachtnemer"),
        ],
    )
    accountable_to = _text("Aan wie wordt verantwoording afgelegd, en hoe?", 2)
    steering = _text("Sturing en beheersing", 2)
    capacity = _text("Capaciteit: mensen en deskundigheid (centraal of lokaal?)", 2)
    legal_embedding = _text("Juridische inbedding", 2)
    democratic_embedding = _text("Democratische inbedding en controle", 2)
    embedding = forms.ChoiceField(
        label="Inbedding in de eigen organisaties",
        required=False,
        choices=[
            ("", "Nog niet bepaald"),
            ("ingebed", "Ingebed in de gewone werkprocessen"),
            ("buitenboordmotor", "Buitenboordmotor: naast de gewone organisatie"),
        ],
    )
    embedding_note = _text("Toelichting op de inbedding", 2)
    centre_position = forms.ChoiceField(
        label="Waar staat het Rijk ten opzichte van de regio?",
        required=False,
        choices=[("", "Nog niet bepaald"), *[(str(k), v) for k, v in CENTRE_POSITION_LABELS.items()]],
    )
    centre_commissions_region = forms.BooleanField(
        label="Het Rijk is opdrachtgever van de regio", required=False
    )
    region_commissions_centre = forms.BooleanField(
        label="De regio is opdrachtgever van het Rijk", required=False
    )
    levels_note = _text(
        "Toelichting op de verhouding tussen Rijk en regio",
        2,
        help_text="Beide kunnen tegelijk opdrachtgever en opdrachtnemer van elkaar zijn (losse koppeling).",
    )
    neutral_connector = forms.CharField(
        label="Neutrale verbinder",
        required=False,
        max_length=400,
        help_text="Een partij zonder eigen belang die de anderen verbindt, zoals een programmabureau. "
        "Laat leeg als die er niet is.",
    )

    LEVELS = ("centre_position", "centre_commissions_region", "region_commissions_centre", "levels_note")

    def basic_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.LEVELS]

    def level_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.LEVELS]


class FundingRow(_Row):
    source = forms.CharField(label="Van welke organisatie komt het geld?", max_length=200)
    amount = forms.DecimalField(
        label="Bedrag in euro", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    conditions = _text("Voorwaarden", 2)
    accounted_how = _text("Hoe wordt erover verantwoord?", 2)


class RelationRow(_Row):
    collaboration = forms.ModelChoiceField(
        label="Samenwerking op het platform",
        required=False,
        queryset=Collaboration.objects.order_by("name"),
        to_field_name="uuid",
        empty_label="Staat niet op het platform",
    )
    name = forms.CharField(
        label="Naam",
        max_length=200,
        required=False,
        help_text="Vul in als de samenwerking niet op het platform staat.",
    )
    stance = forms.ChoiceField(
        label="Houding",
        required=False,
        choices=[
            ("", "Kies een houding"),
            ("samenwerken", "Samenwerken"),
            ("concurreren", "Concurreren"),
            ("afstand_houden", "Afstand houden"),
        ],
    )
    stance.required_when = "verplicht als je een samenwerking noemt"  # type: ignore[attr-defined]
    note = _text("Toelichting", 2)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = data.get("name") or data.get("collaboration")
        if named and not data.get("stance"):
            self.add_error("stance", "Kies hoe jullie je tot deze samenwerking verhouden.")
        return data

    def row_data(self) -> dict[str, Any] | None:
        row = super().row_data()
        if row is None or not (row.get("name") or row.get("collaboration")):
            return None  # an empty extra row
        return row


EXTRA_ROWS = 3  # several new rows at once, without saving in between (script shows one at a time)


def _formset(form: type[forms.Form]) -> type[BaseFormSet]:
    return formset_factory(form, extra=EXTRA_ROWS, can_delete=True)


FORMSETS: dict[int, dict[str, type[BaseFormSet]]] = {
    1: {"formulations": _formset(FormulationRow)},
    2: {"parties": _formset(PartyRow), "candidates": _formset(CandidateRow)},
    3: {},
    4: {"funding": _formset(FundingRow)},
    5: {"relations": _formset(RelationRow)},
}
MAIN: dict[int, type[forms.Form] | None] = {1: Step1Form, 2: None, 3: Step3Form, 4: Step4Form, 5: None}


@dataclass
class StepForms:
    step: int
    main: forms.Form | None
    formsets: dict[str, BaseFormSet] = field(default_factory=dict)

    def is_valid(self) -> bool:
        ok = self.main.is_valid() if self.main is not None else True
        return all([ok, *[fs.is_valid() for fs in self.formsets.values()]])

    def all_errors(self) -> bool:
        return not self.is_valid()


def _initial(step: int, design: Design) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    data = design.to_json()[f"step{step}"]
    if step == 1:
        return {"opgave": data["opgave"], "bedoeling": data["bedoeling"]}, {
            "formulations": data["formulations"]
        }
    if step == 2:
        parties = [
            {**p, "organisation": p["organisation"] or None, "contact_person": p["contact_person"] or None}
            for p in data["parties"]
        ]
        return {}, {"parties": parties, "candidates": data["candidates"]}
    if step == 3:
        main = {
            k: v or ""
            for k, v in data.items()
            if k not in ("answers", "quadrant_values", "proposed_principle")
        }
        main.update({f"q_{k}": str(v) for k, v in data["answers"].items()})
        main.update({f"value_{k}": v for k, v in data["quadrant_values"].items()})
        return main, {}
    if step == 4:
        main = {k: v if isinstance(v, bool) else v or "" for k, v in data.items() if k != "funding"}
        return main, {"funding": data["funding"]}
    relations = [{**r, "collaboration": r["collaboration"] or None} for r in data["relations"]]
    return {}, {"relations": relations}


def build(step: int, design: Design, data: Any = None, *, people: Any = None) -> StepForms:
    """Bound (``data``) or initial forms for ``step``; ``people`` limits the contact persons (step 2)."""
    main_initial, lists = _initial(step, design)
    main_class = MAIN[step]
    main = main_class(data, initial=main_initial) if main_class is not None else None
    formsets = {
        name: cls(
            data,
            initial=lists.get(name, []),
            prefix=name,
            form_kwargs={"people": people} if name == "parties" else {},
        )
        for name, cls in FORMSETS[step].items()
    }
    return StepForms(step, main, formsets)


def _rows(formset: BaseFormSet) -> list[dict[str, Any]]:
    return [row for form in formset.forms if (row := form.row_data()) is not None]


def to_design_step(forms_: StepForms, current: Design) -> dict[str, Any]:
    """The cleaned forms as the JSON of one design step (call after ``is_valid()``)."""
    step = forms_.step
    main = forms_.main.cleaned_data if forms_.main is not None else {}
    if step == 1:
        formulations = [{**r, "organisation": ""} for r in _rows(forms_.formsets["formulations"])]
        return {"opgave": main["opgave"], "bedoeling": main["bedoeling"], "formulations": formulations}
    if step == 2:
        parties = []
        for row in _rows(forms_.formsets["parties"]):
            org, contact = row["organisation"], row["contact_person"]
            parties.append(
                {
                    "organisation": str(org.uuid),
                    "organisation_name": org.name,
                    "role": row["role"] or None,
                    "mandate": row["mandate"],
                    "contact_person": str(contact.uuid) if contact else "",
                    "contact_name": str(contact) if contact else "",
                    "joined_on": row["joined_on"].isoformat() if row["joined_on"] else None,
                    "left_on": row["left_on"].isoformat() if row["left_on"] else None,
                }
            )
        return {"parties": parties, "candidates": _rows(forms_.formsets["candidates"])}
    if step == 3:
        answers = {q.key: int(main[f"q_{q.key}"]) for q in QUESTIONS if main.get(f"q_{q.key}")}
        values = {p.value: main[f"value_{p.value}"] for p in Principle if main.get(f"value_{p.value}")}
        plain = {
            k: (main[k] or None)
            for k in (
                "chosen_principle",
                "cement_collaboration",
                "composition_collaboration",
                "cement_content",
                "composition_content",
            )
        }
        return {
            "answers": answers,
            "quadrant_values": values,
            "override_reason": main["override_reason"],
            "proposed_principle": current.step3.proposed_principle,
            **plain,
        }
    if step == 4:
        funding = [
            {**r, "amount": str(r["amount"]) if r["amount"] is not None else None}
            for r in _rows(forms_.formsets["funding"])
        ]
        choices = ("accountability", "embedding", "centre_position")
        fields = {k: (v or None) if k in choices else v for k, v in main.items()}
        return {**fields, "funding": funding}
    relations = []
    for row in _rows(forms_.formsets["relations"]):
        other = row["collaboration"]
        name = row["name"] or (other.name if other else "")
        relations.append(
            {
                "collaboration": str(other.uuid) if other else "",
                "name": name,
                "stance": row["stance"],
                "note": row["note"],
            }
        )
    return {"relations": relations}
