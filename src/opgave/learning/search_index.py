"""The academy's full-text index, kept in step with every lesson (ADR 0033).

* **PostgreSQL**: :class:`~opgave.learning.models.LessonDocument` holds a stored ``tsvector``
  built with the ``dutch`` configuration from the lemmatised title (weight A) and text (weight B),
  with a GIN index (migration ``0002``);
* **SQLite**: the FTS5 virtual table ``learning_lesson_fts`` (``rowid`` = lesson id) holds the
  stemmed title and text.

Every save or delete of a :class:`~opgave.collaborations.models.Lesson`, through whichever
service, updates the index (signal handlers below), inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save

from opgave.learning import text

FTS_TABLE = "learning_lesson_fts"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def columns(lesson: Any) -> dict[str, Any]:
    """The lesson's filter columns, copied onto its search document."""
    return {
        "collaboration_id": lesson.collaboration_id,
        "visibility": lesson.visibility,
        "order": lesson.order,
        "perspective": lesson.perspective,
        "step": lesson.step,
        "recorded_at": lesson.recorded_at,
    }


def _parts(lesson: Any) -> tuple[str, str]:
    tags = " ".join(str(t) for t in (lesson.tags or []))
    return lesson.title, f"{lesson.description}\n{tags}"


def index_lessons(lessons: Iterable[Any]) -> int:
    """(Re)index the given lessons; returns how many."""
    from opgave.learning.models import LessonDocument

    count = 0
    with connection.cursor() as cursor:
        for lesson in lessons:
            title, body = _parts(lesson)
            if is_postgres():
                lemma_title, lemma_body = text.lemma_text(title), text.lemma_text(body)
                LessonDocument.objects.update_or_create(
                    lesson_id=lesson.pk, defaults={"text": f"{lemma_title}\n{lemma_body}", **columns(lesson)}
                )
                cursor.execute(
                    "UPDATE learning_lessondocument SET vector = "
                    "setweight(to_tsvector('dutch', %s), 'A') || setweight(to_tsvector('dutch', %s), 'B') "
                    "WHERE lesson_id = %s",
                    [lemma_title, lemma_body, lesson.pk],
                )
            else:
                stem_title, stem_body = text.stem_text(title), text.stem_text(body)
                LessonDocument.objects.update_or_create(
                    lesson_id=lesson.pk, defaults={"text": f"{stem_title}\n{stem_body}", **columns(lesson)}
                )
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [lesson.pk])  # noqa: S608
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                    [lesson.pk, stem_title, stem_body],
                )
            count += 1
    return count


def unindex(lesson_id: int) -> None:
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [lesson_id])  # noqa: S608


def reindex_all() -> int:
    from opgave.collaborations.models import Lesson

    return index_lessons(Lesson.objects.all().iterator(chunk_size=2000))


def _on_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        index_lessons([instance])


def _on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    unindex(instance.pk)


def connect_signals() -> None:
    from opgave.collaborations.models import Lesson

    post_save.connect(_on_save, sender=Lesson, dispatch_uid="learning-index-lesson")
    post_delete.connect(_on_delete, sender=Lesson, dispatch_uid="learning-unindex-lesson")


# -- querying ---------------------------------------------------------------------------------


def match(query: str) -> tuple[Q, Any] | None:
    """``(filter, rank expression)`` on :class:`LessonDocument` for the lessons matching every word
    of ``query``; ``None`` when the query has no searchable words (only stop words or punctuation)."""
    if is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F

        lemmas = text.lemma_text(query)
        if not lemmas:
            return None
        ts_query = SearchQuery(lemmas, config="dutch", search_type="plain")
        return Q(vector=ts_query), SearchRank(F("vector"), ts_query)
    stems = text.stems(query)
    if not stems:
        return None
    expression = " ".join(f'"{stem}"' for stem in dict.fromkeys(stems))
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])  # noqa: S608, S611
    rank = RawSQL(  # noqa: S611
        f"SELECT -bm25({FTS_TABLE}, 4.0, 1.0) FROM {FTS_TABLE} "  # noqa: S608
        f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = learning_lessondocument.lesson_id",
        [expression],
    )
    return Q(lesson_id__in=ids), rank
