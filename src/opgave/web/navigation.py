"""The four pillars in the main navigation, and what a placeholder page says about each.

A pillar links to its own landing page (``url_name``) once that URL exists; until
then it links to a placeholder page of this app that says what the pillar will
offer. Resolution tolerates a missing URL name, so a pillar app can land at any
time without touching the shell.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Pillar:
    """One pillar of the platform as the navigation shows it."""

    key: str
    label: str
    url_name: str
    placeholder_url_name: str
    summary: str
    offers: tuple[str, ...]


PILLARS: tuple[Pillar, ...] = (
    Pillar(
        key="samenwerkingen",
        label="Samenwerkingen",
        url_name="collaborations:index",
        placeholder_url_name="collaborations-placeholder",
        summary=(
            "Hier ontwerp je samen met andere overheden en partners een samenwerking rond een "
            "maatschappelijke opgave, en houd je die levend."
        ),
        offers=(
            "de vijf ontwerpstappen, van het gedeelde probleem tot de verhouding met andere samenwerkingen;",
            "elke versie van de antwoorden bewaard, zodat je ziet wat er in de loop van de tijd verandert;",
            "sessies waarin deelnemers eerst apart opschrijven wat zij het probleem vinden.",
        ),
    ),
    Pillar(
        key="dossiers",
        label="Dossiers",
        url_name="dossiers:index",
        placeholder_url_name="dossiers-placeholder",
        summary=(
            "Hier werken organisaties vanuit hun eigen verantwoordelijkheid aan één gemeenschappelijk "
            "dossier, in plaats van een dossier door te geven als een estafettestokje."
        ),
        offers=(
            "deelname per organisatie met een eigen rol, doel en grondslag;",
            "één gezamenlijk plan met doelen en acties per partij;",
            "signalen die organisaties van elkaars betrokkenheid op de hoogte brengen, zonder de inhoud te delen.",
        ),
    ),
    Pillar(
        key="regels",
        label="Regels",
        url_name="rules:index",
        placeholder_url_name="rules-placeholder",
        summary=(
            "Hier legt de eigenaar van beleid de regels één keer vast als beslismodel (DMN), zodat "
            "elke uitvoerende organisatie hetzelfde model gebruikt."
        ),
        offers=(
            "regelsets met versies en geldigheidsperioden;",
            "een uitleg bij elke beslissing: welke regels golden en met welke gegevens;",
            "simulatie van de gevolgen van een voorgestelde wijziging, vóórdat die wordt vastgesteld.",
        ),
    ),
    Pillar(
        key="leren",
        label="Leren",
        url_name="learning:index",
        placeholder_url_name="learning-placeholder",
        summary=(
            "Hier worden de lessen uit samenwerkingen bewaard en gedeeld, zodat een nieuwe "
            "samenwerking niet bij nul begint."
        ),
        offers=(
            "een doorzoekbare bibliotheek van lessen en ervaringen;",
            "kenniskringen en twinning tussen organisaties;",
            "een landschap van alle samenwerkingen: wie werkt waar aan welke opgave.",
        ),
    ),
)

PILLARS_BY_KEY: dict[str, Pillar] = {pillar.key: pillar for pillar in PILLARS}


def optional_reverse(url_name: str) -> str | None:
    """``reverse(url_name)``, or ``None`` when no such URL is installed (yet)."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url: str
    current: bool
    available: bool


def _namespace_of(url_name: str) -> str | None:
    return url_name.split(":", 1)[0] if ":" in url_name else None


def navigation_items(request: HttpRequest) -> list[NavigationItem]:
    """The main navigation: one item per pillar, marking the one the request is in."""
    match = getattr(request, "resolver_match", None)
    items = []
    for pillar in PILLARS:
        url = optional_reverse(pillar.url_name)
        available = url is not None
        if url is None:
            url = reverse(pillar.placeholder_url_name)
        current = False
        if match is not None:
            namespace = _namespace_of(pillar.url_name)
            in_namespace = namespace is not None and namespace in match.namespaces
            on_placeholder = match.url_name == pillar.placeholder_url_name and not match.namespaces
            current = (in_namespace and available) or on_placeholder
        items.append(NavigationItem(label=pillar.label, url=url, current=current, available=available))
    return items
