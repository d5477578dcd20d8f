"""The registry as open data: rows for CSV and JSON, and a DCAT-AP description (JSON-LD)."""

from __future__ import annotations

import csv
import io
from typing import Any

from opgave.learning.selectors import Entry

COLUMNS = (
    "id",
    "naam",
    "opgave",
    "thema",
    "status",
    "ontwerpprincipe",
    "landelijk",
    "regio",
    "eigenaren",
    "partijen",
)


def rows(entries: list[Entry]) -> list[dict[str, Any]]:
    return [
        {
            "id": str(e.collaboration.uuid),
            "naam": e.collaboration.name,
            "opgave": e.collaboration.opgave,
            "thema": e.collaboration.theme.name if e.collaboration.theme else "",
            "status": e.collaboration.status,
            "ontwerpprincipe": e.facts.perspective,
            "landelijk": e.collaboration.is_national,
            "regio": [o.name for o in e.region],
            "eigenaren": [o.name for o in e.owners],
            "partijen": [o.name for o in e.parties],
        }
        for e in entries
    ]


def _cell(value: Any) -> str:
    text = (
        "; ".join(value)
        if isinstance(value, list)
        else ("ja" if value is True else "nee" if value is False else str(value))
    )
    # Never let a spreadsheet run a formula from a cell (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(entries: list[Entry]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(entries):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def dcat(base_url: str, count: int, modified: str) -> dict[str, Any]:
    """A DCAT-AP(-NL) style description of the registry dataset and its two distributions."""
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Dataset",
        "@id": f"{base_url}/leren/landschap/dcat.jsonld",
        "dct:title": {"@language": "nl", "@value": "Register van samenwerkingen"},
        "dct:description": {
            "@language": "nl",
            "@value": (
                "Alle samenwerkingen op het platform: wie, waar, aan welke opgave, met welk thema, "
                f"ontwerpprincipe en status. {count} samenwerkingen."
            ),
        },
        "dct:language": "http://publications.europa.eu/resource/authority/language/NLD",
        "dct:modified": modified,
        "dct:license": "http://creativecommons.org/publicdomain/zero/1.0/",
        "dcat:keyword": ["samenwerking", "opgave", "als één overheid", "landschap"],
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dcat:accessURL": f"{base_url}/leren/landschap/export.csv",
                "dcat:mediaType": "text/csv",
                "dct:format": "CSV",
            },
            {
                "@type": "dcat:Distribution",
                "dcat:accessURL": f"{base_url}/leren/landschap/export.json",
                "dcat:mediaType": "application/json",
                "dct:format": "JSON",
            },
        ],
    }
