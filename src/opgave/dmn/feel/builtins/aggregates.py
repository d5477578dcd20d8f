"""List aggregates (DMN 1.5 §10.3.4.4): count, min, max, sum, mean, product, median, stddev, mode, all, any.

Except ``count``, each takes a list or any number of items: ``min([1, 2])`` = ``min(1, 2)``.
"""

from __future__ import annotations

import decimal
import functools
from typing import Any

from opgave.dmn.feel import semantics
from opgave.dmn.feel.builtins import arguments as arg
from opgave.dmn.feel.builtins.signature import BuiltinFunction, builtin
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import DECIMAL128, number, type_name

Decimal = decimal.Decimal


def _numbers(function: str, items: Any) -> list[Decimal]:
    values = arg.as_list(function, "list", items)
    for item in values:
        if not isinstance(item, Decimal):
            raise FeelError(f"{function}(): every item must be a number, found {arg.shown(item)}")
    return values


def _checked(function: str, operation: Any, *operands: Decimal) -> Decimal:
    try:
        result: Decimal = operation(*operands)
    except (decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero):
        raise FeelError(f"{function}(): the result cannot be represented as a FEEL number") from None
    return result


def _sum(function: str, values: list[Decimal]) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = _checked(function, DECIMAL128.add, total, value)
    return total


def _empty(function: str) -> FeelError:
    return FeelError(f"{function}() of an empty list is null")


def _no_other_values(function: str, values: list[Any]) -> None:
    for value in values:
        if value is not None and not isinstance(value, bool):
            raise FeelError(f"{function}() takes booleans, not {type_name(value)}")


@builtin("count", "list")
def count(list: Any) -> Decimal:
    return number(len(arg.as_list("count", "list", list)))


def _extreme(function: str, items: Any, wanted: int) -> Any:
    values = arg.as_list(function, "list", items)
    if not values:
        raise _empty(function)
    best = values[0]
    for value in values[1:]:
        kind = type(value)
        if kind is type(best) and (kind is decimal.Decimal or kind is str):  # compare's first case, directly
            if (value > best) if wanted > 0 else (value < best):
                best = value
        elif semantics.compare_strict(value, best) == wanted:
            best = value
    return best


@builtin("min", "list*")
def min_(list: Any) -> Any:
    return _extreme("min", list, -1)


@builtin("max", "list*")
def max_(list: Any) -> Any:
    return _extreme("max", list, 1)


@builtin("sum", "list*")
def sum_(list: Any) -> Decimal | None:
    values = _numbers("sum", list)
    if not values:
        raise _empty("sum")
    return _sum("sum", values)


@builtin("mean", "list*")
def mean(list: Any) -> Decimal | None:
    values = _numbers("mean", list)
    if not values:
        raise _empty("mean")
    return _checked("mean", DECIMAL128.divide, _sum("mean", values), Decimal(len(values)))


@builtin("product", "list*")
def product(list: Any) -> Decimal | None:
    values = _numbers("product", list)
    if not values:
        raise _empty("product")
    return functools.reduce(lambda a, b: _checked("product", DECIMAL128.multiply, a, b), values)


@builtin("median", "list*")
def median(list: Any) -> Decimal | None:
    values = sorted(_numbers("median", list))
    if not values:
        raise _empty("median")
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return _checked("median", DECIMAL128.divide, values[middle - 1] + values[middle], Decimal(2))


@builtin("stddev", "list*")
def stddev(list: Any) -> Decimal | None:
    """The sample standard deviation; null for fewer than two items."""
    values = _numbers("stddev", list)
    if len(values) < 2:
        raise FeelError(f"stddev() needs at least two numbers, not {len(values)}")
    average = _checked("stddev", DECIMAL128.divide, _sum("stddev", values), Decimal(len(values)))
    squares = [_checked("stddev", DECIMAL128.power, value - average, Decimal(2)) for value in values]
    variance = _checked("stddev", DECIMAL128.divide, _sum("stddev", squares), Decimal(len(values) - 1))
    return _checked("stddev", DECIMAL128.sqrt, variance)


@builtin("mode", "list*")
def mode(list: Any) -> list[Any]:
    """The most frequent item(s), in ascending order."""
    values = _numbers("mode", list)
    counts: dict[Decimal, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    if not counts:
        return []
    highest = max(counts.values())
    return sorted(value for value, seen in counts.items() if seen == highest)


@builtin("all", "list*")
def all_(list: Any) -> bool | None:
    values = arg.as_list("all", "list", list)
    if any(value is False for value in values):
        return False
    _no_other_values("all", values)
    if all(value is True for value in values):
        return True
    raise FeelError("all(): no item is false but one is null, so the result is unknown (null)")


@builtin("any", "list*")
def any_(list: Any) -> bool | None:
    values = arg.as_list("any", "list", list)
    if any(value is True for value in values):
        return True
    _no_other_values("any", values)
    if all(value is False for value in values):
        return False
    raise FeelError("any(): no item is true but one is null, so the result is unknown (null)")


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    count,
    min_,
    max_,
    sum_,
    mean,
    product,
    median,
    stddev,
    mode,
    all_,
    any_,
)
