"""Camunda 8 FEEL extensions, available only in the ``camunda`` dialect.

Models made for Camunda 8 use a handful of functions that the DMN standard does not have.
They never change what a standard function means: they are extra names, or extra
arguments where the standard version would fail. They are switched on for a model that is
recognisably Camunda-style (see :attr:`opgave.dmn.model.elements.Definitions.camunda`), or
explicitly with :func:`feel_dialect`; everywhere else these names are unknown, as the
standard says. The list (and why each is safe) is in ``docs/dmn.md``.

- ``string join(list, delimiter, prefix, suffix)`` — the standard takes one or two arguments.
- ``get value(context, keys)`` with a list of keys — a path; the standard takes one key.
- ``is empty(list)``, ``is blank(string)``, ``trim(string)``, ``partition(list, size)``,
  ``duplicate values(list)``, ``last day of month(date)`` — names the standard does not use.
"""

from __future__ import annotations

import calendar
import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from . import semantics
from .builtins import BUILTINS, NOT_GIVEN
from .builtins import arguments as arg
from .builtins.signature import BuiltinFunction, builtin
from .builtins.strings import string_join
from .closures import is_integral
from .errors import FeelError
from .values import FeelFunction, type_name

#: The FEEL dialect in force while a model compiles: "standard" or "camunda".
DIALECT: contextvars.ContextVar[str] = contextvars.ContextVar("opgave_feel_dialect", default="standard")


@contextlib.contextmanager
def feel_dialect(name: str) -> Iterator[None]:
    """Compile the expressions inside the block in dialect ``name`` ("standard" or "camunda")."""
    if name not in ("standard", "camunda"):
        raise ValueError(f"unknown FEEL dialect {name!r}: use 'standard' or 'camunda'")
    token = DIALECT.set(name)
    try:
        yield
    finally:
        DIALECT.reset(token)


@builtin("string join", "list, [delimiter], [prefix], [suffix]")
def string_join_with_affixes(values: Any, delimiter: Any, prefix: Any, suffix: Any) -> str:
    joined = str(string_join(values, delimiter))
    if prefix is NOT_GIVEN and suffix is NOT_GIVEN:
        return joined
    before = "" if prefix in (None, NOT_GIVEN) else arg.string("string join", "prefix", prefix)
    after = "" if suffix in (None, NOT_GIVEN) else arg.string("string join", "suffix", suffix)
    return f"{before}{joined}{after}"


@builtin("get value", "m, key")
def get_value_by_path(m: Any, key: Any) -> Any:
    value: Any = arg.context("get value", "m", m)
    keys = key if isinstance(key, list) else [key]
    for step in keys:
        if not isinstance(value, dict):
            raise FeelError(f"get value(): {type_name(value)} has no entry {step!r}")
        value = value.get(arg.string("get value", "key", step))
    return value


@builtin("is empty", "list")
def is_empty(values: Any) -> bool:
    return len(arg.as_list("is empty", "list", values)) == 0


@builtin("is blank", "string")
def is_blank(string: Any) -> bool:
    return arg.string("is blank", "string", string).strip() == ""


@builtin("trim", "string")
def trim(string: Any) -> str:
    return arg.string("trim", "string", string).strip()


@builtin("partition", "list, size")
def partition(values: Any, size: Any) -> list[list[Any]]:
    items: list[Any] = arg.as_list("partition", "list", values)
    if not isinstance(size, Decimal) or not is_integral(size) or size <= 0:
        raise FeelError(f"partition(): the size must be a positive whole number, not {arg.shown(size)}")
    step = int(size)
    return [items[i : i + step] for i in range(0, len(items), step)]


@builtin("duplicate values", "list")
def duplicate_values(values: Any) -> list[Any]:
    items: list[Any] = arg.as_list("duplicate values", "list", values)
    duplicates: list[Any] = []
    for index, item in enumerate(items):
        seen_before = any(semantics.equal(item, other) is True for other in items[:index])
        already = any(semantics.equal(item, other) is True for other in duplicates)
        if seen_before and not already:
            duplicates.append(item)
    return duplicates


@builtin("last day of month", "date")
def last_day_of_month(date: Any) -> dt.date:
    if not isinstance(date, dt.date):
        raise FeelError(f"last day of month(): expects a date, not {type_name(date)}")
    day = calendar.monthrange(date.year, date.month)[1]
    return dt.date(date.year, date.month, day)


EXTENSIONS: dict[str, BuiltinFunction] = {
    function.name: function
    for function in (
        string_join_with_affixes,
        get_value_by_path,
        is_empty,
        is_blank,
        trim,
        partition,
        duplicate_values,
        last_day_of_month,
    )
}

CAMUNDA_BUILTINS: Mapping[str, FeelFunction] = {**BUILTINS, **EXTENSIONS}
