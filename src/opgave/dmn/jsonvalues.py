"""FEEL values to and from JSON, and a short readable rendering for messages.

Numbers become JSON numbers written with their exact decimal digits; dates,
times and durations become their ISO 8601 text; functions become a
description. Reading JSON, numbers become :class:`decimal.Decimal` (see
:mod:`opgave.dmn.runtime.types` for the typeRef-driven conversion of strings).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from typing import Any

from opgave.dmn.feel.values import DECIMAL128, DaysTimeDuration, FeelFunction, Range, YearsMonthsDuration


def to_json(value: Any, *, exact: bool = True) -> Any:
    """A JSON-compatible rendering of a FEEL value.

    With ``exact`` (the default) numbers stay :class:`~decimal.Decimal`, which
    :func:`dumps` writes with all their digits; without it they become ``int`` or
    ``float``, so that the standard :mod:`json` module can write the result.
    """
    if not exact:
        return loose_json(value)
    kind = type(value)
    if kind is str or kind is decimal.Decimal or kind is bool or value is None:  # the common cases
        return value
    if isinstance(value, (bool, str, decimal.Decimal)):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, Range):
        return {
            "start": to_json(value.start),
            "end": to_json(value.end),
            "start included": value.start_included,
            "end included": value.end_included,
        }
    if isinstance(value, FeelFunction):
        return f"function {value.name}({', '.join(value.params)})"
    return show(value)


def loose_json(value: Any) -> Any:
    """``to_json(value, exact=False)``: numbers as ``int`` or ``float`` (what a trace holds)."""
    kind = type(value)
    if kind is str or kind is bool or value is None:  # the common cases first
        return value
    if kind is decimal.Decimal or isinstance(value, decimal.Decimal):
        return _loose_number(value)
    if isinstance(value, (bool, str, int, float)):
        return value
    if isinstance(value, list):
        return [loose_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): loose_json(v) for k, v in value.items()}
    if isinstance(value, Range):
        return {
            "start": loose_json(value.start),
            "end": loose_json(value.end),
            "start included": value.start_included,
            "end included": value.end_included,
        }
    if isinstance(value, FeelFunction):
        return f"function {value.name}({', '.join(value.params)})"
    return show(value)


def _loose_number(value: decimal.Decimal) -> int | float | None:
    if not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class LooseJson:
    """:func:`loose_json` for the many values of one trace, scalars without a call each."""

    __slots__ = ()

    def value(self, value: Any) -> Any:
        kind = type(value)
        if kind is dict:
            return self.entries(value)
        return loose_json(value)

    def entries(self, values: dict[Any, Any]) -> dict[str, Any]:
        """A context's entries (a trace's inputs, a table's outputs)."""
        out: dict[str, Any] = {}
        for key, value in values.items():
            kind = type(value)
            if kind is str or kind is bool or value is None:
                out[str(key)] = value
            elif kind is decimal.Decimal and value.is_finite():
                out[str(key)] = int(value) if value == value.to_integral_value() else float(value)
            else:
                out[str(key)] = loose_json(value)
        return out


def _decimal_text(value: decimal.Decimal) -> str:
    if not value.is_finite():
        return "null"
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(DECIMAL128), "f")


def _write(value: Any, indent: int | None, level: int, out: list[str]) -> None:
    if isinstance(value, decimal.Decimal):
        out.append(_decimal_text(value))
    elif isinstance(value, (list, dict)) and value:
        opening, closing = ("[", "]") if isinstance(value, list) else ("{", "}")
        pad = "" if indent is None else "\n" + " " * (indent * (level + 1))
        end_pad = "" if indent is None else "\n" + " " * (indent * level)
        separator = ", " if indent is None else ","
        out.append(opening)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for number, (key, item) in enumerate(items):
            if number:
                out.append(separator)
            out.append(pad)
            if isinstance(value, dict):
                out.append(json.dumps(str(key), ensure_ascii=False) + ": ")
            _write(item, indent, level + 1, out)
        out.append(end_pad + closing)
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """JSON text for any FEEL value or trace, numbers written with their exact digits."""
    out: list[str] = []
    _write(to_json(value), indent, 0, out)
    return "".join(out)


def from_json_number(value: int | float | decimal.Decimal) -> decimal.Decimal | None:
    """A JSON number as a FEEL number (decimal128); null for NaN, infinities and numbers beyond its range.

    Floats go through their shortest text (``0.1`` stays ``0.1``); parse JSON with
    ``parse_float=Decimal`` to keep every digit of long numbers.
    """
    number = decimal.Decimal(str(value)) if isinstance(value, float) else decimal.Decimal(value)
    if not number.is_finite():
        return None
    try:
        return DECIMAL128.plus(number)
    except decimal.Overflow:
        return None


def show(value: Any) -> str:
    """A short FEEL-like rendering of a value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, decimal.Decimal):
        return _decimal_text(value) if value.is_finite() else str(value)
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (DaysTimeDuration, YearsMonthsDuration, dt.date, dt.time)):
        from opgave.dmn.feel.temporal import to_string

        return str(to_string(value))
    if isinstance(value, Range):
        left = "[" if value.start_included else "("
        right = "]" if value.end_included else ")"
        return f"{left}{show(value.start)}..{show(value.end)}{right}"
    return repr(value)
