"""Reading whole model rows with hand-written SQL, for the few statements of a hot path.

Building and compiling an ORM query costs more CPU than running it (about 1 ms per
``select_related`` query, ADR 0047). :class:`Reader` writes the ``SELECT`` of one or more models
once per process (every concrete column, in field order) and turns each row back into model
instances with the same database converters the ORM applies (``Model.from_db``), so the instances
are indistinguishable from ``QuerySet`` results: the data is always read fresh, only the SQL text is
reused. Joined models are attached as their foreign key's cached value, like ``select_related``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

Converter = Callable[[Any, Any, Any], Any]


class _Part:
    def __init__(self, model: type[models.Model], alias: str) -> None:
        self.model, self.alias = model, alias
        self.fields = list(model._meta.concrete_fields)
        self.names = [f.attname for f in self.fields]
        self.columns = [f'{alias}."{f.column}"' for f in self.fields]
        self._converters: list[tuple[int, list[tuple[Converter, Any]]]] | None = None

    def converters(self) -> list[tuple[int, list[tuple[Converter, Any]]]]:
        if self._converters is None:
            found = []
            for index, field in enumerate(self.fields):
                col = field.get_col(self.model._meta.db_table)
                funcs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                if funcs:
                    found.append((index, [(func, col) for func in funcs]))
            self._converters = found
        return self._converters

    def build(self, values: Sequence[Any]) -> models.Model | None:
        if values[0] is None:  # the primary key: an outer join found nothing
            return None
        row = list(values)
        for index, funcs in self.converters():
            for func, col in funcs:
                row[index] = func(row[index], col, connection)
        return self.model.from_db(connection.alias, self.names, row)


class Reader:
    """``SELECT`` of ``model`` (alias ``t``) joined with the models its foreign keys ``related`` point to.

    ``Reader(ApiToken, "organisation", "created_by").by("token_hash", digest)``
    is ``ApiToken.objects.select_related("organisation", "created_by").filter(token_hash=digest).first()``
    without the query compiler. Nullable keys are outer joins.
    """

    def __init__(self, model: type[models.Model], *related: str) -> None:
        self.main = _Part(model, "t")
        self.related: list[tuple[models.ForeignKey[Any, Any], _Part]] = []
        joins = []
        for number, name in enumerate(related):
            field = model._meta.get_field(name)
            assert isinstance(field, models.ForeignKey), name
            part = _Part(field.related_model, f"r{number}")
            kind = "LEFT OUTER JOIN" if field.null else "INNER JOIN"
            target = field.target_field.column
            joins.append(
                f'{kind} "{part.model._meta.db_table}" {part.alias} '
                f'ON {part.alias}."{target}" = t."{field.column}"'
            )
            self.related.append((field, part))
        columns = self.main.columns + [c for _, part in self.related for c in part.columns]
        table = model._meta.db_table
        self.sql = f'SELECT {", ".join(columns)} FROM "{table}" t ' + " ".join(joins)  # noqa: S608 - our names

    def prep(self, name: str, value: Any, model: type[models.Model] | None = None) -> Any:
        """``value`` as the database stores field ``name`` of ``model`` (default: the main model) —
        a UUID as SQLite's hex text, a datetime in the backend's form: a parameter for a condition."""
        field = (model or self.main.model)._meta.get_field(name)
        return field.get_db_prep_value(value, connection, prepared=False)  # type: ignore[union-attr]

    def by(self, name: str, value: Any) -> Any:
        """The row whose field ``name`` (of the main model) equals ``value``, or ``None``."""
        column = self.main.model._meta.get_field(name).column  # type: ignore[union-attr]
        return self.one(f't."{column}" = %s', [self.prep(name, value)])

    def one(self, where: str, params: Sequence[Any]) -> Any:
        """The first row ``where`` matches (an SQL condition on the aliases), or ``None``."""
        found = self.all(where, params, "LIMIT 1")
        return found[0] if found else None

    def all(self, where: str, params: Sequence[Any], tail: str = "") -> list[Any]:
        """Every row ``where`` matches, as instances; ``tail`` is what follows the condition
        (``ORDER BY …``, ``LIMIT %s``), its parameters after the condition's."""
        with connection.cursor() as cursor:
            cursor.execute(f"{self.sql} WHERE {where} {tail}", list(params))
            return [self._instance(row) for row in cursor.fetchall()]

    def _instance(self, row: Sequence[Any]) -> Any:
        width = len(self.main.fields)
        instance = self.main.build(row[:width])
        for field, part in self.related:
            related = part.build(row[width : width + len(part.fields)])
            width += len(part.fields)
            field.set_cached_value(instance, related)  # type: ignore[arg-type]
        return instance
