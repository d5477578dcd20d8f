"""The academy's search: Dutch full-text search over the lessons an actor may see, with facets.

Split from :mod:`opgave.learning.selectors` (which re-exports it). How it stays fast over
100,000 lessons — one grouped count, ranking only the newest matches — is ADR 0041.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

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
# At most this many matches are counted: above it the total reads "meer dan 1.000" and the facets
# count the newest this many matches (ADR 0049). Below it every figure is exact.
COUNT_CAP = 1000
RECENT = ("-recorded_at", "-lesson_id")
# The columns of a match that the total and the facets need (one row per lesson, newest first).
SAMPLE_COLUMNS = ("lesson_id", "collaboration_id", "order", "perspective", "step")


def _among(ids: list[int]) -> Q:
    """``lesson_id`` in ``ids``: on PostgreSQL one array parameter (``= ANY(%s)``) instead of a
    placeholder per id, which keeps a window of 1,000 ids cheap to build and to plan."""
    if search_index.is_postgres():
        return Q(
            RawSQL('"learning_lessondocument"."lesson_id" = ANY(%s)', [ids], output_field=BooleanField())
        )
    return Q(lesson_id__in=ids)


class RankedLessons:
    """The lessons of a search, best first, fetched a page at a time (``Paginator`` and slicing
    work on it). ``window`` holds the ids of the newest matches (all of them unless the total was
    capped), newest first. With a text query the :data:`RANK_WINDOW` newest come first, best
    ranked first; the rest follow newest first, read from the database past the window. The
    lessons are read only for the page asked."""

    def __init__(
        self,
        documents: QuerySet[LessonDocument],
        total: int,
        rank: Any = None,
        *,
        window: list[int] | None = None,
        complete: bool = False,
    ) -> None:
        self.documents = documents
        self.total = total
        self.rank = rank
        self.window = window or []
        self.complete = complete  # the window holds every match

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def _ids(self, start: int, stop: int) -> list[int]:
        head = self.window
        ids: list[int] = []
        if start < len(head):
            ranked = min(len(head), RANK_WINDOW)
            if self.rank is not None and start < ranked:
                ids = list(
                    LessonDocument.objects.filter(_among(head[:ranked]))
                    .annotate(rank=self.rank)
                    .order_by("-rank", *RECENT)
                    .values_list("lesson_id", flat=True)[start : min(stop, ranked)]
                )
                ids += head[ranked : min(stop, len(head))]
            else:
                ids = head[start : min(stop, len(head))]
        if stop > len(head) and not self.complete:
            recent = self.documents.order_by(*RECENT).values_list("lesson_id", flat=True)
            ids += list(recent[max(start, len(head)) : stop])
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
    # ``False`` when there are more than ``total`` matches (the count stops at COUNT_CAP)
    total_exact: bool = True
    # ``False`` when the facets count only the COUNT_CAP newest matches instead of all
    facets_exact: bool = True
    cap: int = 0  # the COUNT_CAP this search used


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


# The values each lesson facet can take (a facet counts only these), and where a sample row has it.
FACET_VALUES: dict[str, tuple[Any, ...]] = {
    "order": tuple(LessonOrder.values),
    "perspective": tuple(PRINCIPLE_LABELS),
    "step": tuple(STEP_LABELS),
}
FACET_COLUMN = {"order": 2, "perspective": 3, "step": 4}


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


def _lesson_ok(row: tuple[Any, ...], filters: SearchFilters, skip: str = "") -> bool:
    """:func:`_lesson_filters` on one sample row (see :data:`SAMPLE_COLUMNS`)."""
    for key, value in (
        ("order", filters.order),
        ("perspective", filters.perspective),
        ("step", filters.step),
    ):
        if value and key != skip and row[FACET_COLUMN[key]] != value:
            return False
    return True


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


def _newest(documents: QuerySet[LessonDocument], limit: int, *columns: str) -> list[Any]:
    """The first ``limit`` rows of ``documents``, newest first: PostgreSQL walks the
    ``(recorded_at, lesson_id)`` index backwards and stops there, or, for a rare word, takes the
    GIN matches and keeps the newest (ADR 0049)."""
    return list(documents.order_by(*RECENT).values_list(*columns)[:limit])


def _facets(
    sample: list[tuple[Any, ...]],
    places: dict[int, tuple[str, list[str]]],
    filters: SearchFilters,
) -> tuple[dict[str, dict[Any, int]], dict[Any, int], dict[Any, int]]:
    """Count the sample rows per value of each facet, each with every *other* filter applied."""
    counts: dict[str, dict[Any, int]] = {key: defaultdict(int) for key in FACET_VALUES}
    themes: dict[Any, int] = defaultdict(int)
    regions: dict[Any, int] = defaultdict(int)
    wanted = [
        (key, FACET_COLUMN[key], value)
        for key, value in (
            ("order", filters.order),
            ("perspective", filters.perspective),
            ("step", filters.step),
        )
        if value
    ]
    placed = bool(filters.theme or filters.region)
    for row in sample:
        cid = row[1]
        facts = places.get(cid) if cid is not None else None
        misses = [key for key, column, value in wanted if row[column] != value]
        if len(misses) > 1:
            continue  # fails two lesson filters: counts for no facet
        if not placed or _place_ok(facts, filters):
            for key, values in FACET_VALUES.items():
                value = row[FACET_COLUMN[key]]
                if value in values and (not misses or misses[0] == key):
                    counts[key][value] += 1
        if facts is not None and not misses:
            if not placed or _place_ok(facts, filters, "theme"):
                themes[facts[0]] += 1
            if not placed or _place_ok(facts, filters, "region"):
                for region in facts[1]:
                    regions[region] += 1
    return counts, themes, regions


def search(actor: Actor, filters: SearchFilters, *, with_facets: bool = True) -> SearchResult:
    """Full-text search in Dutch over the lessons ``actor`` may see, with facet counts.

    Facet counts are computed over the visible matches with every *other* filter applied, so a
    user sees how many lessons each choice would give. One statement reads the
    :data:`COUNT_CAP` + 1 newest visible matches (a few narrow columns each): when there are no
    more, the total and every facet are counted exactly from those rows; when there are more, the
    total is "more than :data:`COUNT_CAP`" (``total_exact``) — counted again up to the cap with the
    filters when any are chosen — and the facets count the newest :data:`COUNT_CAP` matches
    (``facets_exact``). The number of queries does not depend on the number of lessons: the
    visibility look-ups, the collaborations' themes and regions, the newest matches, and per
    page one ranked read of the ids and one of the lessons (ADR 0041, ADR 0049).
    """
    base = LessonDocument.objects.filter(permissions.lesson_filter(actor, id_field="lesson_id", resolve=True))
    ignored = False
    rank = None
    if filters.query.strip():
        matched = search_index.match(filters.query)
        if matched is None:
            ignored = True
        else:
            condition, rank = matched
            base = base.filter(condition)
    places, region_names = _collaboration_facts()
    results = base.filter(_lesson_filters(filters))
    if filters.theme or filters.region:
        results = results.filter(
            collaboration_id__in=[cid for cid, facts in places.items() if _place_ok(facts, filters)]
        )
    sample = _newest(base, COUNT_CAP + 1, *SAMPLE_COLUMNS)
    facets_exact = len(sample) <= COUNT_CAP
    sample = sample[:COUNT_CAP]
    filtered = bool(filters.order or filters.perspective or filters.step or filters.theme or filters.region)
    if facets_exact or not filtered:
        window = [
            row[0]
            for row in sample
            if _lesson_ok(row, filters) and _place_ok(places.get(row[1]) if row[1] else None, filters)
        ]
        total_exact = facets_exact
    else:
        window = [row[0] for row in _newest(results, COUNT_CAP + 1, "lesson_id")]
        total_exact = len(window) <= COUNT_CAP
        window = window[:COUNT_CAP]
    total = len(window)
    facets: dict[str, list[FacetValue]] = {}
    if with_facets:
        counts, themes, regions = _facets(sample, places, filters)
        facets = {
            "order": _values(counts["order"], dict(LessonOrder.choices), filters.order),
            "perspective": _values(counts["perspective"], dict(PRINCIPLE_LABELS), filters.perspective),
            "step": _values(counts["step"], STEP_LABELS, filters.step),
            "theme": _values(themes, {}, filters.theme),
            "region": _values(regions, region_names, filters.region),
        }
    return SearchResult(
        lessons=RankedLessons(results, total, rank, window=window, complete=total_exact),
        total=total,
        facets=facets,
        ignored_query=ignored,
        total_exact=total_exact,
        facets_exact=facets_exact,
        cap=COUNT_CAP,
    )
