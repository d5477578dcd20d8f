"""The per-case engine, row by row: the reference every columnar result must equal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import polars as pl

from opgave.dmn.feel.errors import FeelError
from opgave.dmn.runtime.state import CURRENT

if TYPE_CHECKING:
    from opgave.dmn.api import Model


def row_values(data: pl.DataFrame, rows: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """The rows as dicts of Python values (Decimal, date, dict for structs, list)."""
    if rows is None:
        return data.to_dicts()
    index = list(rows)
    if not index:
        return []
    return data[index].to_dicts()


def evaluate_rows(
    model: Model, data: pl.DataFrame, names: list[str], rows: Iterable[int]
) -> tuple[dict[str, list[Any]], list[list[str]]]:
    """Evaluate ``names`` for ``rows`` of ``data`` one row at a time, in one evaluation per row.

    The messages of a row are those of the per-case engine evaluating the requested
    decisions in order with one shared decision cache: each decision's messages once.
    """
    nodes = [model._find(model._main.decisions, name, "decision") for name in names]
    values: dict[str, list[Any]] = {name: [] for name in names}
    notes: list[list[str]] = []
    for inputs in row_values(data, rows):
        state = model._state(inputs, None, False, True)
        token = CURRENT.set(state)
        try:
            for name, node in zip(names, nodes, strict=True):
                try:
                    value = node.evaluate(state)
                except FeelError as exc:
                    state.errors.append(str(exc))
                    value = None
                except RecursionError:
                    state.errors.append("the evaluation recursed too deeply")
                    value = None
                values[name].append(value)
        finally:
            CURRENT.reset(token)
        notes.append(list(state.errors))
    return values, notes
