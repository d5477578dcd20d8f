"""Dutch labels for design fields and values, for pages that show a design or a diff."""

from __future__ import annotations

import re
from typing import Any

from opgave.collaborations.design import CENTRE_POSITION_LABELS, PRINCIPLE_LABELS, ROLE_LABELS

FIELD_LABELS: dict[str, str] = {
    "step1": "Stap 1 · opgave",
    "step2": "Stap 2 · partijen",
    "step3": "Stap 3 · ontwerpprincipe",
    "step4": "Stap 4 · organisatie",
    "step5": "Stap 5 · andere samenwerkingen",
    "opgave": "opgave",
    "bedoeling": "bedoeling",
    "formulations": "formulering per partij",
    "organisation_name": "naam",
    "organisation": "organisatie (id)",
    "important": "belangrijk",
    "fear": "angst",
    "dream": "droom",
    "parties": "partijen",
    "role": "rol",
    "mandate": "mandaat",
    "contact_person": "contactpersoon (id)",
    "contact_name": "contactpersoon",
    "joined_on": "doet mee sinds",
    "left_on": "gestopt op",
    "candidates": "overwogen partijen",
    "name": "naam",
    "reason": "reden",
    "answers": "vragenlijst",
    "proposed_principle": "voorgesteld principe",
    "chosen_principle": "gekozen principe",
    "override_reason": "reden van afwijken",
    "quadrant_values": "waarden per kwadrant",
    "cement_collaboration": "cement van de samenwerking",
    "composition_collaboration": "samenstelling van de samenwerking",
    "cement_content": "cement van de inhoud",
    "composition_content": "samenstelling van de inhoud",
    "organisational_form": "organisatievorm",
    "accountability": "verantwoording",
    "accountable_to": "verantwoording aan",
    "funding": "geldstromen",
    "source": "bron",
    "amount": "bedrag",
    "conditions": "voorwaarden",
    "accounted_how": "verantwoording van het geld",
    "steering": "sturing",
    "capacity": "capaciteit",
    "legal_embedding": "juridische inbedding",
    "democratic_embedding": "democratische inbedding",
    "embedding": "inbedding",
    "embedding_note": "toelichting inbedding",
    "centre_position": "plaats van het Rijk",
    "centre_commissions_region": "Rijk is opdrachtgever van de regio",
    "region_commissions_centre": "regio is opdrachtgever van het Rijk",
    "levels_note": "toelichting Rijk en regio",
    "neutral_connector": "neutrale verbinder",
    "relations": "relaties",
    "collaboration": "samenwerking (id)",
    "stance": "houding",
    "note": "toelichting",
}

VALUE_LABELS: dict[str, str] = {
    **{str(k): v for k, v in ROLE_LABELS.items()},
    **{str(k): v for k, v in PRINCIPLE_LABELS.items()},
    **{str(k): v for k, v in CENTRE_POSITION_LABELS.items()},
    "formeel_juridisch": "Formeel-juridisch",
    "de_facto": "De facto",
    "top_down": "Top-down",
    "bottom_up": "Bottom-up",
    "stewardship": "Stewardship",
    "principal_agent": "Opdrachtgever–opdrachtnemer",
    "ingebed": "Ingebed",
    "buitenboordmotor": "Buitenboordmotor",
    "concurreren": "Concurreren",
    "samenwerken": "Samenwerken",
    "afstand_houden": "Afstand houden",
}

_PART = re.compile(r"([^.\[\]]+)(?:\[([^\]]*)\])?")


def describe_path(path: str) -> str:
    """``step2.parties[Gemeente Zeist].role`` → ``Stap 2 · partijen · Gemeente Zeist · rol``."""
    parts: list[str] = []
    for name, key in _PART.findall(path):
        parts.append(VALUE_LABELS.get(name, FIELD_LABELS.get(name, name)))
        if key:
            parts.append(key)
    return " · ".join(parts)


def show_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return VALUE_LABELS.get(str(value), str(value))
