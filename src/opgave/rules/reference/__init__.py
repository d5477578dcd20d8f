"""The reference models shipped with opgave, with their law references and open terms.

Sources of every parameter: ``SOURCES.md`` next to this file. :mod:`opgave.rules.demo` loads them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WZT = "BWBR0018451"  # Wet op de zorgtoeslag
AWIR = "BWBR0018472"  # Algemene wet inkomensafhankelijke regelingen
PW = "BWBR0015703"  # Participatiewet


def _wzt(article: str, decision: str = "", year: int = 2025) -> dict[str, str]:
    anchor = {"1": "Artikel1", "2": "Artikel2", "3": "Artikel3"}.get(article, f"Artikel{article}")
    return {
        "decision": decision,
        "bwb_id": WZT,
        "title": "Wet op de zorgtoeslag",
        "article": article,
        "url": f"https://wetten.overheid.nl/{WZT}/{year}-01-01#{anchor}",
    }


def zorgtoeslag_version_refs(year: int) -> list[dict[str, str]]:
    premie_bwb = {2024: "BWBR0049005", 2025: "BWBR0050536"}[year]
    return [
        _wzt("2", "Zorgtoeslag per jaar", year),
        _wzt("2", "Normpremie", year),
        _wzt("1", "Drempelinkomen", year),
        {
            "decision": "Standaardpremie",
            "bwb_id": premie_bwb,
            "title": f"Regeling vaststelling standaardpremie en bestuursrechtelijke premies {year}",
            "article": "1",
            "url": f"https://wetten.overheid.nl/{premie_bwb}/{year}-01-01#Artikel1",
        },
        {
            "decision": "Recht op zorgtoeslag",
            "bwb_id": AWIR,
            "title": "Algemene wet inkomensafhankelijke regelingen",
            "article": "7",
            "url": f"https://wetten.overheid.nl/{AWIR}/{year}-01-01#Artikel7",
        },
    ]


ZORGTOESLAG: dict[str, Any] = {
    "title": "Zorgtoeslag",
    "description": (
        "Heeft iemand recht op zorgtoeslag, en hoeveel per maand? Landelijk model van Dienst Toeslagen, "
        "per berekeningsjaar een versie met de bedragen en percentages van dat jaar."
    ),
    "visibility": "openbaar",
    "law_references": [_wzt("1"), _wzt("2")],
    "versions": [
        {
            "file": HERE / "zorgtoeslag" / "zorgtoeslag-2024.dmn",
            "year": 2024,
            "geldig_van": dt.date(2024, 1, 1),
            "geldig_tot": dt.date(2024, 12, 31),
        },
        {
            "file": HERE / "zorgtoeslag" / "zorgtoeslag-2025.dmn",
            "year": 2025,
            "geldig_van": dt.date(2025, 1, 1),
            "geldig_tot": dt.date(2025, 12, 31),
        },
    ],
}

_PW_URL = f"https://wetten.overheid.nl/{PW}/2025-01-01"
INKOMENSTOESLAG: dict[str, Any] = {
    "title": "Individuele inkomenstoeslag",
    "description": (
        "Recht op en hoogte van de individuele inkomenstoeslag voor mensen die lang van een laag inkomen "
        "rondkomen. Landelijk kader uit de Participatiewet; elke gemeente vult de open normen in met een "
        "eigen verordening."
    ),
    "visibility": "openbaar",
    "law_references": [
        {
            "decision": "",
            "bwb_id": PW,
            "title": "Participatiewet",
            "article": "36",
            "url": f"{_PW_URL}#Artikel36",
        },
        {
            "decision": "",
            "bwb_id": PW,
            "title": "Participatiewet",
            "article": "8",
            "url": f"{_PW_URL}#Artikel8",
        },
    ],
    "version_refs": [
        {
            "decision": "Recht op inkomenstoeslag",
            "bwb_id": PW,
            "title": "Participatiewet",
            "article": "36",
            "url": f"{_PW_URL}#Artikel36",
        },
        {
            "decision": "Bedrag per huishouden",
            "bwb_id": PW,
            "title": "Participatiewet",
            "article": "8",
            "url": f"{_PW_URL}#Artikel8",
        },
    ],
    "file": HERE / "inkomenstoeslag" / "inkomenstoeslag.dmn",
    "geldig_van": dt.date(2024, 1, 1),
    "open_terms": [
        {
            "name": "referteperiode",
            "label": "Hoe lang het inkomen laag moet zijn geweest",
            "kind": "number",
            "minimum": 1,
            "maximum": 5,
            "default": 3,
            "unit": "jaar",
        },
        {
            "name": "inkomensgrens",
            "label": "Inkomensgrens als percentage van de bijstandsnorm",
            "kind": "number",
            "minimum": 100,
            "maximum": 130,
            "default": 100,
            "unit": "%",
        },
        {
            "name": "bedragAlleenstaande",
            "label": "Bedrag per jaar voor een alleenstaande",
            "kind": "number",
            "minimum": 0,
            "maximum": 2000,
            "default": 300,
            "unit": "euro",
        },
        {
            "name": "bedragAlleenstaandeOuder",
            "label": "Bedrag per jaar voor een alleenstaande ouder",
            "kind": "number",
            "minimum": 0,
            "maximum": 2000,
            "default": 400,
            "unit": "euro",
        },
        {
            "name": "bedragGezin",
            "label": "Bedrag per jaar voor gehuwden of samenwoners",
            "kind": "number",
            "minimum": 0,
            "maximum": 2000,
            "default": 450,
            "unit": "euro",
        },
    ],
    "open_term_law": {
        "law_title": "Participatiewet",
        "law_article": "8, eerste lid, onder b",
        "law_url": f"{_PW_URL}#Artikel8",
    },
    # Illustrative values for the demo, NOT the municipalities' adopted amounts (see SOURCES.md).
    "variants": [
        {
            "organisation": "arnhem",
            "values": {
                "referteperiode": 3,
                "inkomensgrens": 110,
                "bedragAlleenstaande": 420,
                "bedragAlleenstaandeOuder": 520,
                "bedragGezin": 590,
            },
        },
        {
            "organisation": "nijmegen",
            "values": {
                "referteperiode": 3,
                "inkomensgrens": 120,
                "bedragAlleenstaande": 350,
                "bedragAlleenstaandeOuder": 450,
                "bedragGezin": 500,
            },
        },
        {
            "organisation": "ede",
            "values": {
                "referteperiode": 4,
                "inkomensgrens": 105,
                "bedragAlleenstaande": 330,
                "bedragAlleenstaandeOuder": 430,
                "bedragGezin": 480,
            },
        },
    ],
}


def regulation(organisation_name: str) -> tuple[str, str]:
    """Title and link of a municipality's regulation (the register where its current text is found)."""
    return (
        f"Verordening individuele inkomenstoeslag {organisation_name} (voorbeeldwaarden; de geldende tekst staat "
        "in het register lokale regelgeving)",
        "https://lokaleregelgeving.overheid.nl/",
    )
