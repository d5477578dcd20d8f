"""The academy's full-text index, kept in step with every lesson (ADR 0033).

* **PostgreSQL**: :class:`~opgave.learning.models.LessonDocument` holds a stored ``tsvector``
  built with the ``dutch`` configuration from the lemmatised title (weight A), text (weight B) and
  the parts of its compound words (no positions, so the lowest weight), with a GIN index (migration ``0002``); the row holds
  nothing else but the few filter columns, so a search reads few pages (ADR 0041);
* **SQLite**: the FTS5 virtual table ``learning_lesson_fts`` (``rowid`` = lesson id) holds the
  stemmed title and text (with the compound parts).

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


COLUMNS = ("collaboration_id", "visibility", "order", "perspective", "step", "recorded_at")


def _parts(lesson: Any) -> tuple[str, str]:
    tags = " ".join(str(t) for t in (lesson.tags or []))
    return lesson.title, f"{lesson.description}\n{tags}"


# One statement per lesson writes the filter columns and the vector together (no second UPDATE, so
# no dead row per save): title weight A, text and tags B, and the parts of compound words without
# positions (``strip``: smaller, and ranked with the lowest weight, D).
_PG_UPSERT = (
    'INSERT INTO learning_lessondocument (lesson_id, collaboration_id, visibility, "order", perspective, '
    "step, recorded_at, vector) VALUES (%s, %s, %s, %s, %s, %s, %s, "
    "setweight(to_tsvector('dutch', %s), 'A') || setweight(to_tsvector('dutch', %s), 'B') || "
    "strip(to_tsvector('dutch', %s))) "
    "ON CONFLICT (lesson_id) DO UPDATE SET collaboration_id = EXCLUDED.collaboration_id, "
    'visibility = EXCLUDED.visibility, "order" = EXCLUDED."order", perspective = EXCLUDED.perspective, '
    "step = EXCLUDED.step, recorded_at = EXCLUDED.recorded_at, vector = EXCLUDED.vector"
)
_SQLITE_UPSERT = (
    'INSERT INTO learning_lessondocument (lesson_id, collaboration_id, visibility, "order", perspective, '
    "step, recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (lesson_id) DO UPDATE SET collaboration_id = excluded.collaboration_id, "
    'visibility = excluded.visibility, "order" = excluded."order", perspective = excluded.perspective, '
    "step = excluded.step, recorded_at = excluded.recorded_at"
)


def document_row(lesson: Any) -> list[Any]:
    """The parameters of :data:`_PG_UPSERT` (or, on SQLite, of the FTS5 row) for one lesson."""
    title, body = _parts(lesson)
    values = [lesson.pk, *(columns(lesson)[c] for c in COLUMNS)]
    if is_postgres():
        return [*values, text.lemma_text(title), text.lemma_text(body), text.parts_text(f"{title} {body}")]
    parts = text.stem_text(text.parts_text(f"{title} {body}"))
    return [*values, text.stem_text(title), f"{text.stem_text(body)} {parts}".strip()]


def index_lessons(lessons: Iterable[Any], *, chunk: int = 1000) -> int:
    """(Re)index the given lessons, a chunk of rows per round trip; returns how many."""
    count = 0
    batch: list[list[Any]] = []
    for lesson in lessons:
        batch.append(document_row(lesson))
        count += 1
        if len(batch) >= chunk:
            _write(batch)
            batch = []
    if batch:
        _write(batch)
    return count


def _write(rows: list[list[Any]]) -> None:
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.executemany(_PG_UPSERT, rows)
            return
        cursor.executemany(_SQLITE_UPSERT, [row[:7] for row in rows])
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [[row[0]] for row in rows])  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
            [[row[0], row[7], row[8]] for row in rows],
        )


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


def _tsquery(terms: list[tuple[str, tuple[str, ...]]]) -> str:
    """``to_tsquery`` text: every word, each as itself or as all of its compound parts."""

    def atom(word: str) -> str:
        # a lemma may hold an underscore or an apostrophe: keep its letters and digits, joined by &
        pieces = text.alnum(word)
        return pieces[0] if len(pieces) == 1 else "(" + " & ".join(pieces) + ")"

    clauses = []
    for lemma, parts in terms:
        if not text.alnum(lemma):
            continue
        clause = atom(lemma)
        if parts:
            clause = f"({clause} | ({' & '.join(atom(p) for p in parts)}))"
        clauses.append(clause)
    return " & ".join(clauses)


def _fts5_query(terms: list[tuple[str, tuple[str, ...]]]) -> str:
    """The FTS5 expression: every word's stem, or all stems of its compound parts."""
    clauses = []
    for lemma, parts in terms:
        stem = text.stem_text(lemma)
        if not stem:
            continue
        clause = " AND ".join(f'"{s}"' for s in stem.split())
        if parts:
            inner = " AND ".join(f'"{s}"' for s in text.stem_text(" ".join(parts)).split())
            clause = f"(({clause}) OR ({inner}))"
        clauses.append(clause)
    return " AND ".join(clauses)


def match(query: str) -> tuple[Q, Any] | None:
    """``(filter, rank expression)`` on :class:`LessonDocument` for the lessons matching every word
    of ``query`` (or, for a compound, all its parts); ``None`` when the query has no searchable
    words (only stop words or punctuation)."""
    terms = text.query_terms(query)
    if is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F

        expression = _tsquery(terms)
        if not expression:
            return None
        ts_query = SearchQuery(expression, config="dutch", search_type="raw")
        return Q(vector=ts_query), SearchRank(F("vector"), ts_query)
    expression = _fts5_query(terms)
    if not expression:
        return None
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])  # noqa: S608, S611
    rank = RawSQL(  # noqa: S611
        f"SELECT -bm25({FTS_TABLE}, 4.0, 1.0) FROM {FTS_TABLE} "  # noqa: S608
        f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = learning_lessondocument.lesson_id",
        [expression],
    )
    return Q(lesson_id__in=ids), rank
