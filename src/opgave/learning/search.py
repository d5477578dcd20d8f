"""The academy's search: Dutch full-text search over the lessons an actor may see, with facets.

Split from :mod:`opgave.learning.selectors` (which re-exports it). How it stays fast over
100,000 lessons — one grouped count, ranking only the newest matches — is ADR 0041.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from opgave.collaborations.design import PRINCIPLE_LABELS
from opgave.collaborations.models import Collaboration, Lesson, LessonOrder
from opgave.core.actors import Actor
from opgave.learning import permissions, search_index
from opgave.learning.models import LessonDocument

STEP_LABELS = {
    1: "Stap 1: het probleem",
    2: "Stap 2: de anderen",
    3: "Stap 3: het ontwerpprincipe",
    4: "Stap 4: de organisatie",
    5: "Stap 5: andere samenwerkingen",
}


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    order: int | None = None
    perspective: str = ""
    step: int | None = None
    theme: str = ""
    region: str = ""  # organisation UUID


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


# Ranking reads each candidate's vector: only the newest matches are ranked, at most this many
# (ADR 0041). Pages past them continue newest first.
RANK_WINDOW = 1000
RECENT = ("-recorded_at", "-lesson_id")


class RankedLessons:
    """The lessons of a search, best first, fetched a page at a time (``Paginator`` and slicing
    work on it). With a text query the :data:`RANK_WINDOW` newest matches come first, best ranked
    first; the rest follow newest first. The lessons are read only for the page asked."""

    def __init__(self, documents: QuerySet[LessonDocument], total: int, rank: Any = None) -> None:
        self.documents = documents
        self.total = total
        self.rank = rank

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def _ids(self, start: int, stop: int) -> list[int]:
        recent = self.documents.order_by(*RECENT)
        if self.rank is None or start >= RANK_WINDOW:
            return list(recent.values_list("lesson_id", flat=True)[start:stop])
        window = recent.values("lesson_id")[:RANK_WINDOW]
        ranked = (
            LessonDocument.objects.filter(lesson_id__in=window)
            .annotate(rank=self.rank)
            .order_by("-rank", *RECENT)
            .values_list("lesson_id", flat=True)
        )
        ids = list(ranked[start : min(stop, RANK_WINDOW)])
        if stop > RANK_WINDOW:
            ids += list(recent.values_list("lesson_id", flat=True)[RANK_WINDOW:stop])
        return ids

    def _page(self, start: int, stop: int) -> list[Lesson]:
        if stop <= start:
            return []
        ids = self._ids(start, stop)
        found = Lesson.objects.select_related(
            "collaboration", "collaboration__theme", "twinning_source__twinning"
        ).in_bulk(ids)
        return [found[i] for i in ids if i in found]

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self._page(index.start or 0, self.total if index.stop is None else index.stop)
        page = self._page(index, index + 1)
        if not page:
            raise IndexError(index)
        return page[0]

    def __iter__(self) -> Any:
        return iter(self._page(0, self.total))


@dataclass
class SearchResult:
    lessons: RankedLessons
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    ignored_query: bool = False


def _collaboration_facts() -> tuple[dict[int, tuple[str, list[str]]], dict[str, str]]:
    """``{collaboration id: (theme name, [region organisation UUIDs])}`` and ``{UUID: name}`` of
    the regions, for the place facets: one query (a row per collaboration and region)."""
    facts: dict[int, tuple[str, list[str]]] = {}
    names: dict[str, str] = {}
    for cid, theme, region, name in Collaboration.objects.values_list(
        "id", "theme__name", "region__uuid", "region__name"
    ):
        entry = facts.setdefault(cid, (theme or "", []))
        if region is not None:
            entry[1].append(str(region))
            names[str(region)] = name
    return facts, names


# The values each lesson facet can take (a facet counts only these).
FACET_VALUES: dict[str, tuple[Any, ...]] = {
    "order": tuple(LessonOrder.values),
    "perspective": tuple(PRINCIPLE_LABELS),
    "step": tuple(STEP_LABELS),
}


def _lesson_filters(filters: SearchFilters, skip: str = "") -> Q:
    """The lesson-level filters (order, perspective, step), all but ``skip``."""
    condition = Q()
    for key, value in (
        ("order", filters.order),
        ("perspective", filters.perspective),
        ("step", filters.step),
    ):
        if value and key != skip:
            condition &= Q(**{key: value})
    return condition


def _place_ok(facts: tuple[str, list[str]] | None, filters: SearchFilters, skip: str = "") -> bool:
    if facts is None:
        return not ((filters.theme and skip != "theme") or (filters.region and skip != "region"))
    theme, regions = facts
    if filters.theme and skip != "theme" and theme != filters.theme:
        return False
    return not (filters.region and skip != "region" and filters.region not in regions)


def _values(counts: dict[Any, int], labels: dict[Any, str], selected: Any) -> list[FacetValue]:
    values = [
        FacetValue(str(raw), labels.get(raw, str(raw)), n, str(raw) == str(selected or ""))
        for raw, n in counts.items()
        if raw not in ("", None) and n
    ]
    return sorted(values, key=lambda v: (-v.count, v.label))


def _counts(matches: QuerySet[LessonDocument], filters: SearchFilters) -> list[dict[str, Any]]:
    """One scan of the visible matches, grouped by collaboration (a few hundred rows at most,
    however many lessons): per group the lessons passing every lesson filter (``n``), and per
    value of each lesson facet the lessons passing the *other* lesson filters (``order:2``...)."""
    aggregates: dict[str, Any] = {"n": Count("lesson_id", filter=_lesson_filters(filters))}
    for key, values in FACET_VALUES.items():
        others = _lesson_filters(filters, skip=key)
        for value in values:
            aggregates[f"{key}:{value}"] = Count("lesson_id", filter=others & Q(**{key: value}))
    rows: list[dict[str, Any]] = [
        dict(row) for row in matches.values("collaboration_id").annotate(**aggregates).order_by()
    ]
    return rows


def search(actor: Actor, filters: SearchFilters, *, with_facets: bool = True) -> SearchResult:
    """Full-text search in Dutch over the lessons ``actor`` may see, with facet counts.

    Facet counts are computed over the visible matches with every *other* filter applied, so a
    user sees how many lessons each choice would give. The number of queries does not depend on
    the number of lessons: the visibility look-ups, the collaborations' themes and regions, one
    grouped scan for the total and all five facets (:func:`_counts`), and per page one ranked
    read of the ids and one of the lessons (ADR 0041).
    """
    base = LessonDocument.objects.filter(permissions.lesson_filter(actor, id_field="lesson_id"))
    ignored = False
    rank = None
    if filters.query.strip():
        matched = search_index.match(filters.query)
        if matched is None:
            ignored = True
        else:
            condition, rank = matched
            base = base.filter(condition)
    places, region_names = (
        _collaboration_facts() if (with_facets or filters.theme or filters.region) else ({}, {})
    )
    results = base.filter(_lesson_filters(filters))
    if filters.theme or filters.region:
        results = results.filter(
            collaboration_id__in=[cid for cid, facts in places.items() if _place_ok(facts, filters)]
        )
    counts: dict[str, dict[Any, int]] = {key: defaultdict(int) for key in FACET_VALUES}
    themes: dict[Any, int] = defaultdict(int)
    regions: dict[Any, int] = defaultdict(int)
    total = 0
    rows = _counts(base, filters) if (with_facets or filters.theme or filters.region) else None
    if rows is None:
        total = results.count()
    for row in rows or []:
        facts = places.get(row["collaboration_id"]) if row["collaboration_id"] is not None else None
        if _place_ok(facts, filters):
            total += row["n"]
            for key, values in FACET_VALUES.items():
                for value in values:
                    counts[key][value] += row[f"{key}:{value}"]
        if facts is not None:
            if _place_ok(facts, filters, "theme"):
                themes[facts[0]] += row["n"]
            if _place_ok(facts, filters, "region"):
                for region in facts[1]:
                    regions[region] += row["n"]
    facets: dict[str, list[FacetValue]] = {}
    if with_facets:
        facets = {
            "order": _values(counts["order"], dict(LessonOrder.choices), filters.order),
            "perspective": _values(counts["perspective"], dict(PRINCIPLE_LABELS), filters.perspective),
            "step": _values(counts["step"], STEP_LABELS, filters.step),
            "theme": _values(themes, {}, filters.theme),
            "region": _values(regions, region_names, filters.region),
        }
    return SearchResult(
        lessons=RankedLessons(results, total, rank), total=total, facets=facets, ignored_query=ignored
    )
