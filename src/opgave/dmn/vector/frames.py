"""Frames in and out: accept what Polars accepts, return one column per decision, row order kept."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from opgave.dmn.errors import DmnEvaluationError

if TYPE_CHECKING:
    from opgave.dmn.api import Model

#: The default name of the optional messages column (a list of strings per row).
MESSAGES_COLUMN = "messages"


def as_frame(frame: Any) -> pl.DataFrame:
    """A Polars DataFrame from a Polars DataFrame/LazyFrame, an Arrow table, a pandas frame or a mapping."""
    if isinstance(frame, pl.DataFrame):
        return frame
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    try:
        converted = pl.from_arrow(frame) if _is_arrow(frame) else None
        if converted is None and _is_pandas(frame):
            converted = pl.from_pandas(frame)
        if converted is None:
            converted = pl.DataFrame(frame)
    except Exception as exc:  # Polars raises many kinds; all mean "not a table".
        raise DmnEvaluationError(f"the population is not a table Polars can read: {exc}") from exc
    if not isinstance(converted, pl.DataFrame):
        raise DmnEvaluationError("the population is not a table (got a single column)")
    return converted


def _is_arrow(frame: Any) -> bool:
    module = type(frame).__module__
    return module.startswith("pyarrow")


def _is_pandas(frame: Any) -> bool:
    return type(frame).__module__.startswith("pandas")


def requested(model: Model, decisions: Sequence[str] | str | None) -> list[str]:
    """The decision names to evaluate, checked against the model (by name or id)."""
    if decisions is None:
        return list(model.decision_names)
    names = [decisions] if isinstance(decisions, str) else list(decisions)
    resolved: list[str] = []
    for name in names:
        node = model._find(model._main.decisions, name, "decision")
        if node.name not in resolved:
            resolved.append(node.name)
    return resolved


def evaluate_frame(
    model: Model,
    frame: Any,
    decisions: Sequence[str] | str | None = None,
    *,
    messages: str | None = None,
    columnar: bool = True,
) -> pl.DataFrame:
    """Evaluate ``decisions`` (default: all) for every row of ``frame``; see ``Model.evaluate_frame``."""
    data = as_frame(frame)
    names = requested(model, decisions)
    if messages is not None and messages in names:
        raise DmnEvaluationError(f"the messages column '{messages}' has the name of a requested decision")
    if columnar:
        from opgave.dmn.vector.plan import plan_for

        return plan_for(model).run(data, names, messages)
    from opgave.dmn.vector.fallback import evaluate_rows

    values, notes = evaluate_rows(model, data, names, range(data.height))
    return build_output(names, values, notes, messages, data.height)


def build_output(
    names: list[str],
    values: dict[str, list[Any]],
    notes: list[list[str]],
    messages: str | None,
    height: int,
) -> pl.DataFrame:
    columns = [to_series(name, values[name]) for name in names]
    if messages is not None:
        columns.append(pl.Series(messages, notes, dtype=pl.List(pl.String)))
    return pl.DataFrame(columns, height=height) if columns else pl.DataFrame(height=height)


# ------------------------------------------------------------------ Python values to a column


def to_series(name: str, values: list[Any]) -> pl.Series:
    """A column for FEEL values: numbers as Decimal(38, s), contexts as structs, lists as lists.

    A column whose values Polars cannot hold exactly (numbers beyond 38 digits,
    mixed kinds, functions, ranges, durations of years and months) becomes an
    Object column of the FEEL values themselves, so nothing is lost or rounded.
    """
    dtype = infer_dtype(values)
    if dtype is None:
        return pl.Series(name, values, dtype=pl.Object)
    try:
        return pl.Series(name, [to_polars_value(v) for v in values], dtype=dtype, strict=True)
    except Exception:  # Polars could not hold the values exactly; keep them as they are.
        return pl.Series(name, values, dtype=pl.Object)


def infer_dtype(values: list[Any]) -> pl.DataType | None:
    dtype: pl.DataType = pl.Null()
    for value in values:
        if value is None:
            continue
        found = _dtype_of(value)
        if found is None:
            return None
        merged = found if isinstance(dtype, pl.Null) else _merge(dtype, found)
        if merged is None:
            return None
        dtype = merged
    if isinstance(dtype, pl.Decimal):
        scale = dtype.scale or 0
        for value in values:
            if isinstance(value, decimal.Decimal) and value.adjusted() + 1 + scale > 38:
                return None
    return dtype


def _number_dtype(value: decimal.Decimal) -> pl.DataType | None:
    if not value.is_finite():
        return None
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    scale = max(0, -exponent)
    integer_digits = max(0, len(digits) + exponent)
    if scale + integer_digits > 38:
        return None
    return pl.Decimal(38, scale)


def _dtype_of(value: Any) -> pl.DataType | None:
    if isinstance(value, bool):
        return pl.Boolean()
    if isinstance(value, decimal.Decimal):
        return _number_dtype(value)
    if isinstance(value, int):
        return _number_dtype(decimal.Decimal(value))
    if isinstance(value, str):
        return pl.String()
    if isinstance(value, dt.datetime):
        return (
            pl.Datetime("us", time_zone="UTC" if value.tzinfo is not None else None)
            if _plain_tz(value)
            else None
        )
    if isinstance(value, dt.date):
        return pl.Date()
    if isinstance(value, dt.time):
        return pl.Time() if value.tzinfo is None else None
    if isinstance(value, dict):
        fields: dict[str, pl.DataType] = {}
        for key, item in value.items():
            if item is None:
                fields[str(key)] = pl.Null()
                continue
            inner = _dtype_of(item)
            if inner is None:
                return None
            fields[str(key)] = inner
        return pl.Struct(fields)
    if isinstance(value, list):
        inner_type = infer_dtype(value)
        return None if inner_type is None else pl.List(inner_type)
    return None


def _plain_tz(value: dt.datetime) -> bool:
    return value.tzinfo is None or (value.utcoffset() == dt.timedelta(0) and str(value.tzinfo) == "UTC")


def _merge(a: pl.DataType, b: pl.DataType) -> pl.DataType | None:
    if isinstance(a, pl.Null):
        return b
    if isinstance(b, pl.Null):
        return a
    if isinstance(a, pl.Decimal) and isinstance(b, pl.Decimal):
        scale = max(a.scale or 0, b.scale or 0)
        return pl.Decimal(38, scale) if scale <= 38 else None
    if isinstance(a, pl.Struct) and isinstance(b, pl.Struct):
        fa = {f.name: _instance(f.dtype) for f in a.fields}
        fb = {f.name: _instance(f.dtype) for f in b.fields}
        if list(fa) != list(fb):
            return None
        merged = {}
        for key in fa:
            m = _merge(fa[key], fb[key])
            if m is None:
                return None
            merged[key] = m
        return pl.Struct(merged)
    if isinstance(a, pl.List) and isinstance(b, pl.List):
        inner = _merge(_instance(a.inner), _instance(b.inner))
        return None if inner is None else pl.List(inner)
    if a == b:
        return a
    return None


def _instance(dtype: Any) -> pl.DataType:
    """A data type instance (Polars sometimes gives the class, e.g. ``pl.String``)."""
    return dtype() if isinstance(dtype, type) else dtype  # type: ignore[no-any-return]


def to_polars_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): to_polars_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_polars_value(v) for v in value]
    return value
