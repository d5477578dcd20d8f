"""Argument checks shared by the built-ins: each raises FeelError with the function's name."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from opgave.dmn.feel import temporal
from opgave.dmn.feel.builtins.signature import NOT_GIVEN
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import FeelFunction, type_name


def shown(value: Any) -> str:
    """A value as FEEL text for a message: ``null``, ``"text"``, ``[1, 2]``."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    return str(temporal.to_string(value))


def bad(function: str, param: str, expected: str, value: Any) -> FeelError:
    return FeelError(f"{function}(): '{param}' must be {expected}, not {type_name(value)}")


def given(value: Any) -> bool:
    """Whether an optional parameter was given (and is not null)."""
    return value is not NOT_GIVEN and value is not None


def single(value: Any) -> Any:
    """A singleton list stands for its item where a single value is expected (§10.3.2.9.4)."""
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def number(function: str, param: str, value: Any) -> decimal.Decimal:
    value = single(value)
    if not isinstance(value, decimal.Decimal):
        raise bad(function, param, "a number", value)
    return value


def integer(function: str, param: str, value: Any) -> int:
    """A number that must be whole (``1.0`` is fine, ``1.5`` is not)."""
    num = number(function, param, value)
    if not num.is_finite() or num != num.to_integral_value():
        raise FeelError(f"{function}(): '{param}' must be a whole number, not {num}")
    return int(num)


def truncated(function: str, param: str, value: Any) -> int:
    """A number truncated to a whole number (``3.8`` → 3)."""
    num = number(function, param, value)
    if not num.is_finite():
        raise FeelError(f"{function}(): '{param}' must be a finite number")
    return int(num)


def string(function: str, param: str, value: Any) -> str:
    value = single(value)
    if not isinstance(value, str):
        raise bad(function, param, "a string", value)
    return value


def as_list(function: str, param: str, value: Any) -> list[Any]:
    """A list; a single non-list value is taken as a singleton list (DMN 1.5 §10.3.2.9.4)."""
    if value is None or value is NOT_GIVEN:
        raise bad(function, param, "a list", None)
    return value if isinstance(value, list) else [value]


def context(function: str, param: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad(function, param, "a context", value)
    return value


def function_value(function: str, param: str, value: Any) -> FeelFunction:
    if not isinstance(value, FeelFunction):
        raise bad(function, param, "a function", value)
    return value


def date_like(function: str, param: str, value: Any) -> dt.date:
    """A date or a date and time."""
    if not isinstance(value, dt.date):
        raise bad(function, param, "a date or date and time", value)
    return value
