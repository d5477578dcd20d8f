"""The academy's own records: the search document of each lesson and where twinning lessons come from.

The lessons themselves are :class:`opgave.collaborations.models.Lesson` (ADR 0032).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class LessonDocument(models.Model):
    """The searchable text of one lesson, kept in step with the lesson by :mod:`..search_index`.

    On PostgreSQL ``vector`` holds the Dutch ``tsvector`` (GIN-indexed); on SQLite the FTS5 table
    ``learning_lesson_fts`` holds the stemmed text and ``vector`` stays empty. The row keeps no
    copy of the text: the narrower the row, the fewer pages a search with many matches reads.
    """

    lesson = models.OneToOneField(
        "collaborations.Lesson", on_delete=models.CASCADE, primary_key=True, related_name="document"
    )
    vector = SearchVectorField(null=True, blank=True)
    # Copies of the lesson's filter columns, so a search (visibility, facets, ranking) reads this
    # table only and never joins the lessons (ADR 0033; see benchmarks/learning/).
    collaboration_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    visibility = models.CharField(max_length=16, default="collaboration")
    order = models.PositiveSmallIntegerField(default=1)
    perspective = models.CharField(max_length=32, blank=True, default="")
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # the newest matches first: the candidates the academy ranks (ADR 0041)
        indexes = [models.Index(fields=["recorded_at", "lesson_id"], name="learning_doc_recent")]
        verbose_name = "zoekdocument"
        verbose_name_plural = "zoekdocumenten"

    def __str__(self) -> str:
        return f"Zoekdocument {self.lesson_id}"


class TwinningLesson(models.Model):
    """A lesson that came from a twinning instead of a collaboration."""

    lesson = models.OneToOneField(
        "collaborations.Lesson", on_delete=models.CASCADE, primary_key=True, related_name="twinning_source"
    )
    twinning = models.ForeignKey("learning.Twinning", on_delete=models.CASCADE, related_name="lesson_links")

    class Meta:
        verbose_name = "les uit een twinning"
        verbose_name_plural = "lessen uit twinnings"

    def __str__(self) -> str:
        return f"{self.lesson_id} uit {self.twinning_id}"
