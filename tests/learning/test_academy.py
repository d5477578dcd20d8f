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
