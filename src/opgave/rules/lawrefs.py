"""What a law reference must look like (ADR 0045): checked before anything is stored.

* **National law** — the BWB identifier of wetten.overheid.nl (``BWBR`` and seven digits) with
  an https link to that regulation on ``wetten.overheid.nl``.
* **Municipal (or other local) regulation** — the CVDR identifier of the Centrale Voorziening
  Decentrale Regelgeving (``CVDR`` and its number) with an https link on
  ``lokaleregelgeving.overheid.nl``. Local regulations have no BWB identifier; the field holds
  whichever of the two official identifiers the regulation has.

The link must name the same identifier, so a link cannot point at another regulation than the
reference says. Every problem is reported at once, per field, in Dutch.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from opgave.rules.errors import Invalid

BWB_ID = re.compile(r"BWBR\d{7}")
CVDR_ID = re.compile(r"CVDR\d{1,10}")
NATIONAL_HOST = "wetten.overheid.nl"
LOCAL_HOST = "lokaleregelgeving.overheid.nl"
FIELDS = ("bwb_id", "title", "article", "url")
LIMITS = {"decision": 200, "bwb_id": 20, "title": 200, "article": 50, "url": 500}
LABELS = {
    "bwb_id": "de BWB-identificatie",
    "title": "de naam van de regeling",
    "article": "het artikel",
    "url": "de link naar het artikel",
}


def _host_problem(url: str, allowed: tuple[str, ...]) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return "Dit is geen geldige link."
    if parts.scheme != "https" or not parts.hostname:
        return "Gebruik een volledige https-link, bijvoorbeeld https://wetten.overheid.nl/BWBR0018451."
    if parts.hostname.lower() not in allowed or parts.username or parts.port:
        return "De link moet naar " + " of ".join(allowed) + " gaan."
    return None


def official_link_problem(url: str) -> str | None:
    """Why ``url`` is not an https link on one of the two official law sites (Dutch), or None."""
    return _host_problem(url.strip(), (NATIONAL_HOST, LOCAL_HOST))


def clean(data: dict[str, Any], *, prefix: str = "") -> dict[str, str]:
    """The reference's fields, stripped and checked; :class:`Invalid` lists every problem."""
    values = {key: str(data.get(key) or "").strip() for key in ("decision", *FIELDS)}
    problems: list[dict[str, str]] = []

    def problem(field: str, message: str) -> None:
        problems.append({"field": prefix + field, "message": message})

    for key in FIELDS:
        if not values[key]:
            problem(key, f"Vul {LABELS[key]} in.")
    for key, limit in LIMITS.items():
        if len(values[key]) > limit:
            problem(key, f"Gebruik hoogstens {limit} tekens.")
    identifier = values["bwb_id"].upper()
    values["bwb_id"] = identifier
    national = BWB_ID.fullmatch(identifier) is not None
    local = CVDR_ID.fullmatch(identifier) is not None
    if identifier and not (national or local):
        problem(
            "bwb_id",
            "Een BWB-identificatie is BWBR gevolgd door zeven cijfers, bijvoorbeeld BWBR0018451. "
            "Voor een gemeentelijke regeling gebruik je het CVDR-nummer, bijvoorbeeld CVDR712345.",
        )
    if values["url"]:
        hosts = (LOCAL_HOST,) if local else (NATIONAL_HOST,)
        found = _host_problem(values["url"], hosts)
        if found:
            problem("url", found)
        elif (national or local) and identifier not in values["url"].upper():
            problem(
                "url",
                f"De link wijst niet naar {identifier}; kopieer de link van de pagina van die regeling.",
            )
    if problems:
        summary = "De wetsverwijzing is niet opgeslagen: " + " ".join(p["message"] for p in problems)
        raise Invalid(summary, problems)
    return values
