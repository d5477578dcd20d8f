"""The academy: Dutch full-text search, facets, visibility and "lessons like yours".

These run on the database the suite runs on: SQLite FTS5 by default and PostgreSQL's ``dutch``
configuration with ``DATABASE_URL=postgres://…`` (both are part of the done-definition).
"""

from __future__ import annotations

import pytest

from opgave.collaborations.models import Lesson
from opgave.core.actors import Actor
from opgave.core.exceptions import Invalid, PermissionDenied, RevisionConflict, RevisionRequired
from opgave.core.models import AuditRecord
from opgave.learning import search as academy_search
from opgave.learning import selectors, services
from opgave.learning.selectors import SearchFilters

from .conftest import World, act

CORPUS = [
    ("De schuld van een gezin groeit door boetes", "Incasso stapelt zich op bij kwetsbare mensen."),
    ("Samenwerking begint bij een gedeeld probleem", "Schrijf eerst apart op wat het probleem is."),
    ("Elk huishouden heeft één regisseur nodig", "Eén gezin, één plan, één aanspreekpunt."),
    ("Geld volgt de opgave, niet de organisatie", "Een gezamenlijk budget voorkomt afschuiven."),
    ("Convenant zonder afspraken over gegevens werkt niet", "Leg de grondslag voor delen vooraf vast."),
]


def _corpus(world: World, visibility: str = "platform") -> list[Lesson]:
    return [
        services.record_lesson(
            actor=act(world.anna),
            collaboration=world.schulden,
            title=title,
            description=description,
            visibility=visibility,
        )
        for title, description in CORPUS
    ]


def _titles(actor: Actor, query: str) -> list[str]:
    return [lesson.title for lesson in selectors.search(actor, SearchFilters(query=query)).lessons]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("schulden", CORPUS[0][0]),
        ("samenwerkingen", CORPUS[1][0]),
        ("huishoudens", CORPUS[2][0]),
        ("gezinnen", CORPUS[0][0]),
        ("convenanten", CORPUS[4][0]),
    ],
)
def test_search_finds_the_other_forms_of_a_dutch_word(world: World, query: str, expected: str) -> None:
    _corpus(world)
    found = _titles(act(world.otto), query)
    assert expected in found
    assert found[0] == expected or query == "gezinnen"


@pytest.mark.django_db
def test_search_requires_every_word_and_ranks_title_matches_first(world: World) -> None:
    _corpus(world)
    assert _titles(act(world.otto), "schulden samenwerking") == []
    found = _titles(act(world.otto), "probleem")
    assert found[0] == CORPUS[1][0]


@pytest.mark.django_db
def test_a_query_of_only_stop_words_shows_everything_and_says_so(world: World) -> None:
    _corpus(world)
    result = selectors.search(act(world.otto), SearchFilters(query="de het een"))
    assert result.ignored_query
    assert result.total == len(CORPUS)


@pytest.mark.django_db
def test_a_collaboration_only_lesson_never_reaches_another_users_results_or_counts(world: World) -> None:
    _corpus(world, visibility="collaboration")
    services.record_lesson(
        actor=act(world.eddy),
        collaboration=world.wonen,
        title="Schulden en wonen hangen samen",
        visibility="platform",
    )
    outsider = selectors.search(act(world.otto), SearchFilters(query="schulden"))
    assert [lesson.title for lesson in outsider.lessons] == ["Schulden en wonen hangen samen"]
    assert outsider.total == 1
    assert sum(v.count for v in outsider.facets["order"]) == 1
    assert selectors.search(act(world.otto), SearchFilters()).total == 1
    insider = selectors.search(act(world.anna), SearchFilters(query="schulden"))
    assert insider.total == 2
    assert selectors.search(Actor.for_person(None), SearchFilters()).total == 0


@pytest.mark.django_db
def test_public_lessons_are_found_without_signing_in(world: World) -> None:
    lessons = _corpus(world)
    services.update_lesson(actor=act(world.anna), lesson=lessons[0], expected_revision=1, visibility="public")
    anonymous = selectors.search(Actor.for_person(None), SearchFilters(query="schuld"))
    assert [lesson.title for lesson in anonymous.lessons] == [CORPUS[0][0]]


@pytest.mark.django_db
def test_facets_count_the_visible_matches_per_order_and_filter_them(world: World) -> None:
    services.record_lesson(
        actor=act(world.anna), collaboration=world.schulden, title="Schuld a", order=1, visibility="platform"
    )
    services.record_lesson(
        actor=act(world.anna),
        collaboration=world.schulden,
        title="Schuld b",
        order=2,
        instrument="financieel",
        visibility="platform",
    )
    services.record_lesson(
        actor=act(world.anna),
        collaboration=world.schulden,
        title="Schuld c",
        order=2,
        step=4,
        visibility="platform",
    )
    result = selectors.search(act(world.otto), SearchFilters(query="schuld"))
    assert {(v.value, v.count) for v in result.facets["order"]} == {("1", 1), ("2", 2)}
    filtered = selectors.search(act(world.otto), SearchFilters(query="schuld", order=2))
    assert filtered.total == 2
    assert {(v.value, v.count) for v in filtered.facets["order"]} == {("1", 1), ("2", 2)}
    assert {(v.value, v.count) for v in filtered.facets["step"]} == {("4", 1)}
    region = selectors.search(act(world.otto), SearchFilters(region=str(world.arnhem.uuid)))
    assert region.total == 3


@pytest.mark.django_db
def test_editing_a_lesson_updates_the_index_and_needs_the_revision(world: World) -> None:
    lesson = _corpus(world)[3]
    with pytest.raises((RevisionRequired, RevisionConflict)):
        services.update_lesson(actor=act(world.anna), lesson=lesson, expected_revision=None, title="x")
    services.update_lesson(
        actor=act(world.anna), lesson=lesson, expected_revision=1, title="Financiering van wijkteams"
    )
    assert _titles(act(world.otto), "wijkteam") == ["Financiering van wijkteams"]
    assert _titles(act(world.otto), "organisatie") == []
    record = AuditRecord.objects.filter(action="lesson.update").latest("seq")
    assert record.actor == world.anna
    assert set(record.detail["changes"]) == {"title"}
    assert record.detail["changes"]["title"]["nieuw"] == "Financiering van wijkteams"


@pytest.mark.django_db
def test_only_participants_record_or_edit_a_collaborations_lesson(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.record_lesson(actor=act(world.otto), collaboration=world.schulden, title="Indringer")
    lesson = _corpus(world)[0]
    with pytest.raises(PermissionDenied):
        services.update_lesson(actor=act(world.otto), lesson=lesson, expected_revision=1, title="Indringer")
    assert AuditRecord.objects.filter(action__startswith="lesson.", result="denied").count() == 2


@pytest.mark.django_db
def test_an_instrument_belongs_to_a_second_order_lesson_only(world: World) -> None:
    with pytest.raises(Invalid):
        services.record_lesson(
            actor=act(world.anna), collaboration=world.schulden, title="X", order=1, instrument="juridisch"
        )


@pytest.mark.django_db
def test_deleting_a_lesson_removes_it_from_the_index(world: World) -> None:
    lessons = _corpus(world)
    lessons[0].delete()
    assert _titles(act(world.otto), "schulden") == []


COMPOUNDS = [
    ("Schuldhulpverlening begint bij de voordeur", "Een huisbezoek zegt meer dan een formulier."),
    ("Het wijkteam kent de buurt", "Bewoners weten wie er hulp nodig heeft."),
    ("Hulp bij schulden komt te laat", "Zonder signalen vooraf is de achterstand al groot."),
    ("Vroegsignalering van betalingsachterstanden", "Woningcorporaties en energieleveranciers melden het."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a part, or a run of parts, finds the compound (and a compound its parts written apart)
        ("schuldhulp", {COMPOUNDS[0][0], COMPOUNDS[2][0]}),
        ("hulpverlening", {COMPOUNDS[0][0]}),
        ("wijk", {COMPOUNDS[1][0]}),
        ("signalering", {COMPOUNDS[3][0]}),
        ("achterstanden", {COMPOUNDS[2][0], COMPOUNDS[3][0]}),
        ("woningcorporatie", {COMPOUNDS[3][0]}),
        ("corporaties", {COMPOUNDS[3][0]}),
        # the inflected forms keep working
        ("schulden", {COMPOUNDS[0][0], COMPOUNDS[2][0]}),
    ],
)
def test_search_finds_the_parts_of_dutch_compound_words(world: World, query: str, expected: set[str]) -> None:
    for title, description in COMPOUNDS:
        services.record_lesson(
            actor=act(world.anna),
            collaboration=world.schulden,
            title=title,
            description=description,
            visibility="platform",
        )
    assert set(_titles(act(world.otto), query)) == expected


@pytest.mark.django_db
def test_a_compound_in_the_query_finds_its_parts_written_apart(world: World) -> None:
    services.record_lesson(
        actor=act(world.anna),
        collaboration=world.schulden,
        title="Hulp bij schulden komt te laat",
        visibility="platform",
    )
    assert _titles(act(world.otto), "schuldhulp") == ["Hulp bij schulden komt te laat"]


@pytest.mark.django_db
def test_the_whole_word_outranks_a_part_of_a_compound(world: World) -> None:
    for title in ("De schuldhulpverlening is druk", "Hulpverlening aan gezinnen"):
        services.record_lesson(
            actor=act(world.anna), collaboration=world.schulden, title=title, visibility="platform"
        )
    assert _titles(act(world.otto), "hulpverlening")[0] == "Hulpverlening aan gezinnen"


def _count_queries(actor: Actor, filters: SearchFilters) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = selectors.search(actor, filters)
        list(result.lessons[:20])
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(),
        SearchFilters(query="schulden"),
        SearchFilters(query="schulden", order=2, step=3),
        SearchFilters(query="gezin", theme="Schulden"),
    ],
    ids=["all", "query", "query-and-filters", "query-and-theme"],
)
def test_a_search_runs_as_many_queries_for_many_lessons_as_for_few(
    world: World, filters: SearchFilters
) -> None:
    def add(n: int) -> None:
        for i in range(n):
            author, collaboration = (world.anna, world.schulden) if i % 2 else (world.eddy, world.wonen)
            services.record_lesson(
                actor=act(author),
                collaboration=collaboration,
                title=f"Schulden van gezin {i}",
                order=1 + i % 3,
                instrument="financieel" if i % 3 == 1 else "",
                step=1 + i % 5,
                visibility="platform" if i % 4 else "collaboration",
            )

    add(8)
    few = _count_queries(act(world.otto), filters)
    add(40)
    many = _count_queries(act(world.otto), filters)
    assert many == few
    assert many <= 12


@pytest.mark.django_db
def test_ranking_covers_the_newest_matches_and_pages_past_them_stay_complete(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(academy_search, "RANK_WINDOW", 3)
    made = [
        services.record_lesson(
            actor=act(world.anna),
            collaboration=world.schulden,
            title="Schulden" if i == 4 else f"Les {i} over gezinnen",
            description="" if i == 4 else "Ook hier speelden schulden een rol.",
            visibility="platform",
        )
        for i in range(7)
    ]
    result = selectors.search(act(world.otto), SearchFilters(query="schulden"))
    assert result.total == 7
    pages = [*result.lessons[0:2], *result.lessons[2:5], *result.lessons[5:7]]
    assert sorted(lesson.pk for lesson in pages) == sorted(lesson.pk for lesson in made)
    # the title match is among the three newest and is ranked first of them
    assert pages[0].title == "Schulden"
    # past the window: newest first
    assert [lesson.pk for lesson in pages[3:]] == [made[3].pk, made[2].pk, made[1].pk, made[0].pk]


def _many(world: World, n: int = 7) -> list[Lesson]:
    """``n`` platform lessons about debts (order 1, 2, 3, 1, 2, ...) and, from Ede's own
    collaboration, three collaboration-only ones that an outsider must never count."""
    made = [
        services.record_lesson(
            actor=act(world.anna),
            collaboration=world.schulden,
            title=f"Schulden les {i}",
            order=1 + i % 3,
            instrument="financieel" if i % 3 == 1 else "",
            visibility="platform",
        )
        for i in range(n)
    ]
    for i in range(3):
        services.record_lesson(
            actor=act(world.eddy), collaboration=world.wonen, title=f"Schulden intern {i}", order=3
        )
    return made


@pytest.mark.django_db
def test_above_the_cap_the_total_and_facets_say_they_are_not_exact(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(academy_search, "COUNT_CAP", 4)
    made = _many(world)
    result = selectors.search(act(world.otto), SearchFilters(query="schulden"))
    assert (result.total, result.total_exact, result.facets_exact) == (4, False, False)
    # the facets count the four newest visible matches, never Ede's internal lessons
    assert sum(v.count for v in result.facets["order"]) == 4
    assert {(v.value, v.count) for v in result.facets["order"]} == {("1", 2), ("2", 1), ("3", 1)}
    # paging goes on past the cap, complete, without duplicates and without hidden lessons
    pages = [*result.lessons[0:3], *result.lessons[3:6], *result.lessons[6:20]]
    assert sorted(lesson.pk for lesson in pages) == sorted(lesson.pk for lesson in made)
    insider = selectors.search(act(world.eddy), SearchFilters(query="schulden", order=3))
    assert insider.total == 4 and not insider.total_exact  # 2 platform + 3 own, counted up to 4


@pytest.mark.django_db
def test_with_a_filter_above_the_cap_the_filtered_total_is_counted_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(academy_search, "COUNT_CAP", 4)
    _many(world)
    result = selectors.search(act(world.otto), SearchFilters(query="schulden", order=3))
    # lessons 2 and 5 are of the third order; Ede's three are hidden from Otto
    assert (result.total, result.total_exact, result.facets_exact) == (2, True, False)
    assert sorted(lesson.title for lesson in result.lessons) == ["Schulden les 2", "Schulden les 5"]
    region = selectors.search(act(world.otto), SearchFilters(query="schulden", region=str(world.ede.uuid)))
    assert (region.total, region.total_exact) == (0, True)


@pytest.mark.django_db
def test_below_the_cap_every_figure_is_exact(world: World) -> None:
    _many(world)
    result = selectors.search(act(world.otto), SearchFilters(query="schulden"))
    assert (result.total, result.total_exact, result.facets_exact) == (7, True, True)
    assert {(v.value, v.count) for v in result.facets["order"]} == {("1", 3), ("2", 2), ("3", 2)}
    insider = selectors.search(act(world.eddy), SearchFilters(query="schulden"))
    assert insider.total == 10
    assert {(v.value, v.count) for v in insider.facets["order"]} == {("1", 3), ("2", 2), ("3", 5)}
    filtered = selectors.search(act(world.eddy), SearchFilters(query="schulden", order=3))
    assert filtered.total == 5
    assert {(v.value, v.count) for v in filtered.facets["order"]} == {("1", 3), ("2", 2), ("3", 5)}
    assert {(v.label, v.count) for v in filtered.facets["region"]} == {
        ("Gemeente Arnhem", 2),
        ("Gemeente Ede", 3),
    }
