"""Evaluating one side of a simulation over a whole population (no Django models here).

The DMN engine's columnar entry point ``Model.evaluate_frame(frame, decisions)`` does the work
(ADR 0037); this module feeds it chunks so the job can report progress, adds the open terms as
constant columns, and turns the outcome into whole **cents** (``Int64``) so every sum in the
report is exact. :func:`evaluate_on_dask` spreads the same chunks over a Dask cluster
(``dask.distributed``): each worker compiles the model once from its XML and evaluates its
partitions; the results come back in order, identical to the single-machine run.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import polars as pl

from opgave.dmn import Model, load_model
from opgave.dmn.api import _assemble
from opgave.dmn.model.reader import read_definitions

CHUNK = 100_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Side:
    """One side of a simulation: the model's XML (for workers elsewhere), its compiled form,
    and the open terms' values (name → JSON value)."""

    model_xml: str
    imported_xml: tuple[str, ...]
    terms: Mapping[str, Any]
    model: Model | None = None

    def compiled(self) -> Model:
        return self.model if self.model is not None else _compile(self.model_xml, self.imported_xml)


@lru_cache(maxsize=16)
def _compile(model_xml: str, imported_xml: tuple[str, ...]) -> Model:
    if not imported_xml:
        return load_model(model_xml)
    return _assemble(read_definitions(model_xml), [read_definitions(x) for x in imported_xml])


def _cents(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        return None
    return int((amount * 100).to_integral_value(rounding=decimal.ROUND_HALF_EVEN))


def _to_cents(column: pl.Series, name: str) -> pl.Series:
    """Whole cents, exactly: a decimal column with at most two decimals (and an integer column) is
    scaled in Polars; anything else (more decimals, floats, text) per value with half-even rounding,
    the rounding of FEEL's ``decimal()``."""
    dtype = column.dtype
    if isinstance(dtype, pl.Decimal) and (dtype.scale or 0) <= 2:
        return (column * 100).cast(pl.Int64).alias(name)
    if dtype.is_integer():
        return (column.cast(pl.Int64) * 100).alias(name)
    if dtype == pl.Boolean:
        return pl.Series(name, [None] * len(column), dtype=pl.Int64)
    return pl.Series(name, [_cents(v) for v in column.to_list()], dtype=pl.Int64)


def _frame_outcome(model: Model, frame: pl.DataFrame, decision: str) -> pl.Series:
    return _to_cents(model.evaluate_frame(frame, decisions=[decision]).get_column(decision), decision)


def inputs_of(side: Side, population: pl.DataFrame) -> pl.DataFrame:
    """The model's input columns of ``population`` plus the open terms as constant columns."""
    model = side.compiled()
    names = [n for n in model.input_names if n not in side.terms]
    frame = population.select([pl.col(n) for n in names if n in population.columns])
    if side.terms:
        frame = frame.with_columns([pl.lit(v).alias(k) for k, v in side.terms.items()])
    return frame


def evaluate_chunk(side: Side, frame: pl.DataFrame, decision: str) -> pl.Series:
    """The outcome in cents for one chunk (also the unit of work of a Dask worker)."""
    return _frame_outcome(side.compiled(), inputs_of(side, frame), decision)


def evaluate(
    side: Side,
    population: pl.DataFrame,
    decision: str,
    *,
    progress: Progress | None = None,
    chunk: int = CHUNK,
) -> pl.Series:
    """The outcome of ``decision`` in cents for every row of ``population``, in row order."""
    parts: list[pl.Series] = []
    total = population.height
    for start in range(0, total, chunk):
        parts.append(evaluate_chunk(side, population.slice(start, chunk), decision))
        if progress is not None:
            progress(min(total, start + chunk), total)
    if not parts:
        return pl.Series(decision, [], dtype=pl.Int64)
    return pl.concat(parts).alias(decision)


def _remote(
    model_xml: str, imported_xml: tuple[str, ...], terms: dict[str, Any], frame: pl.DataFrame, decision: str
) -> pl.Series:
    return evaluate_chunk(Side(model_xml, imported_xml, terms), frame, decision)


def evaluate_on_dask(
    side: Side,
    population: pl.DataFrame,
    decision: str,
    *,
    client: Any,
    partitions: int | None = None,
    progress: Progress | None = None,
) -> pl.Series:
    """The same as :func:`evaluate`, over the workers of a ``dask.distributed.Client``.

    The population is cut into ``partitions`` (default: two per worker) contiguous slices; each
    is sent with the model's XML (never a compiled object) and comes back as a Series of cents.
    """
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    count = max(1, partitions or workers * 2)
    size = max(1, -(-population.height // count))
    slices: Sequence[pl.DataFrame] = [population.slice(s, size) for s in range(0, population.height, size)]
    futures = client.map(
        _remote,
        [side.model_xml] * len(slices),
        [side.imported_xml] * len(slices),
        [dict(side.terms)] * len(slices),
        slices,
        [decision] * len(slices),
        pure=False,
    )
    results: list[pl.Series] = []
    for index, future in enumerate(futures):
        results.append(future.result())
        if progress is not None:
            progress(min(population.height, (index + 1) * size), population.height)
    if not results:
        return pl.Series(decision, [], dtype=pl.Int64)
    return pl.concat(results).alias(decision)
