"""Constraints, not a process chain: each dossier type's DMN model derives obligations from its state.

:func:`load_rules` is the one place a dossier type's model is loaded (today the ``.dmn`` file
shipped in ``rules/<type>.dmn``; when the rules service exists it becomes a rule-set look-up
here and nowhere else). :func:`derive` evaluates the decision ``Verplichtingen`` with the
dossier's state and returns what must be done by when, each with the rule that produced it and
the engine's explanation. :mod:`opgave.dossiers.services` stores them (re-derived on every
change and by the daily task in :mod:`opgave.dossiers.tasks`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from opgave.dmn import Model, load_model
from opgave.dossiers.holidays import add_working_days
from opgave.dossiers.models import Dossier, Entry, EntryKind, Participation, PlanItem

RULES_DIR = Path(__file__).resolve().parent / "rules"
DECISION = "Verplichtingen"


@lru_cache(maxsize=8)
def load_rules(kind: str) -> Model:
    """The decision model of a dossier type (``gezin``, ``persoon``, ``adres``)."""
    path = RULES_DIR / f"{kind}.dmn"
    if not path.is_file():
        raise LookupError(f"Geen beslismodel voor dossiersoort {kind!r}.")
    model = load_model(path)
    problems = model.check()
    if problems:
        raise ValueError(f"Beslismodel {path.name} bevat fouten: {problems[0]}")
    return model


def rules_source(kind: str) -> str:
    return f"dossiers/rules/{kind}.dmn"


@dataclass(frozen=True)
class Derived:
    code: str
    title: str
    anchor: str
    entry: Entry | None
    due_date: dt.date
    responsible_role: str
    rule_id: str
    explanation: dict[str, Any]


def state_of(dossier: Dossier, today: dt.date) -> tuple[dict[str, Any], Entry | None]:
    """The inputs of the decision model, and the safety signal that sets the level (if any)."""
    signal = (
        Entry.objects.filter(dossier=dossier, kind=EntryKind.SIGNAL, safety_level__isnull=False)
        .order_by("-safety_level", "created_at", "id")
        .first()
    )
    has_regisseur = Participation.objects.filter(
        dossier=dossier, status=Participation.Status.ACTIVE, is_regisseur=True
    ).exists()
    has_goals = PlanItem.objects.filter(dossier=dossier, section=PlanItem.Section.GOAL).exists()
    started = timezone.localdate(dossier.created_at) if dossier.created_at else today
    inputs = {
        "Dossiersoort": dossier.kind,
        "Hoogste veiligheidsniveau": signal.safety_level if signal else 0,
        "Regisseur aanwezig": has_regisseur,
        "Plan heeft doelen": has_goals,
        "Dagen sinds start": (today - started).days,
    }
    return inputs, signal


def _matched_rules(trace: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            found.extend(node.get("matchedRules", []))
            walk(node.get("children", []))

    walk(trace or [])
    return found


def derive(dossier: Dossier, today: dt.date | None = None) -> list[Derived]:
    """What the dossier type's model says must be done, given the dossier's state today."""
    today = today or timezone.localdate()
    inputs, signal = state_of(dossier, today)
    model = load_rules(dossier.kind)
    result = model.evaluate(DECISION, inputs, explain=True)
    if result.messages:
        raise ValueError(f"Beslismodel {dossier.kind}: {'; '.join(result.messages)}")
    rules = {str(rule.get("output", {}).get("code")): rule for rule in _matched_rules(result.trace)}
    started = timezone.localdate(dossier.created_at) if dossier.created_at else today
    derived: list[Derived] = []
    for row in result.value or []:
        anchor_kind = str(row["anker"])
        entry = None
        if anchor_kind == "veiligheidssignaal":
            if signal is None:
                continue
            entry = signal
            base = timezone.localdate(signal.created_at)
            anchor = f"signaal:{signal.uuid}"
        elif anchor_kind == "plan":
            reviewed = dossier.plan_reviewed_at
            base = timezone.localdate(reviewed) if reviewed else started
            anchor = f"plan:{base.isoformat()}"
        else:
            base = started
            anchor = "dossier"
        term = int(row["termijn"])
        due = (
            add_working_days(base, term) if row["eenheid"] == "werkdagen" else base + dt.timedelta(days=term)
        )
        rule = rules.get(str(row["code"]), {})
        derived.append(
            Derived(
                code=str(row["code"]),
                title=str(row["omschrijving"]),
                anchor=anchor,
                entry=entry,
                due_date=due,
                responsible_role=str(row["verantwoordelijke"]),
                rule_id=str(rule.get("id") or row["code"]),
                explanation={
                    "model": rules_source(dossier.kind),
                    "decision": DECISION,
                    "rule": rule.get("id"),
                    "toelichting": (rule.get("annotations") or {}).get("toelichting", ""),
                    "inputs": dict(result.trace[0].get("inputs", {}).items()) if result.trace else {},
                    "basis": base.isoformat(),
                    "termijn": f"{term} {row['eenheid']}",
                },
            )
        )
    return derived
