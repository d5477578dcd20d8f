"""Numeric built-ins (DMN 1.5 §10.3.4.5): decimal, floor, ceiling, round *, abs, modulo, sqrt, log, exp, odd, even."""

from __future__ import annotations

import decimal
from typing import Any

from opgave.dmn.feel.builtins import arguments as arg
from opgave.dmn.feel.builtins.signature import NOT_GIVEN, BuiltinFunction, builtin
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import DECIMAL128, DaysTimeDuration, YearsMonthsDuration

Decimal = decimal.Decimal
_MIN_SCALE, _MAX_SCALE = -6111, 6176


def _scale(function: str, value: Any, *, whole: bool = True) -> int:
    scale = arg.integer(function, "scale", value) if whole else arg.truncated(function, "scale", value)
    if not _MIN_SCALE <= scale <= _MAX_SCALE:
        raise FeelError(f"{function}(): 'scale' must lie between {_MIN_SCALE} and {_MAX_SCALE}, not {scale}")
    return scale


def round_to_scale(value: Decimal, scale: int, rounding: str) -> Decimal:
    """``value`` rounded to ``scale`` digits after the point (negative: before it)."""
    try:
        return value.quantize(Decimal(1).scaleb(-scale), rounding=rounding, context=DECIMAL128)
    except decimal.InvalidOperation:
        # More digits than decimal128 holds: the value has no digits to round at that scale.
        return value


def _rounding_builtin(name: str, rounding: str, *, optional_scale: bool) -> BuiltinFunction:
    signatures = ["n", "n, scale"] if optional_scale else ["n, scale"]

    def impl(n: Any, scale: Any = NOT_GIVEN) -> Decimal:
        number = arg.number(name, "n", n)
        places = 0 if scale is NOT_GIVEN else _scale(name, scale)
        return round_to_scale(number, places, rounding)

    return builtin(name, *signatures)(impl)


@builtin("decimal", "n, scale")
def decimal_(n: Any, scale: Any) -> Decimal:
    return round_to_scale(
        arg.number("decimal", "n", n), _scale("decimal", scale, whole=False), decimal.ROUND_HALF_EVEN
    )


@builtin("abs", "n")
def abs_(n: Any) -> Any:
    if isinstance(n, DaysTimeDuration):
        return DaysTimeDuration(abs(n.seconds))
    if isinstance(n, YearsMonthsDuration):
        return YearsMonthsDuration(abs(n.months))
    return DECIMAL128.abs(arg.number("abs", "n", n))


@builtin("modulo", "dividend, divisor")
def modulo(dividend: Any, divisor: Any) -> Decimal:
    a = arg.number("modulo", "dividend", dividend)
    b = arg.number("modulo", "divisor", divisor)
    if b == 0:
        raise FeelError("modulo(): the divisor is zero")
    try:
        quotient = DECIMAL128.divide(a, b).to_integral_value(rounding=decimal.ROUND_FLOOR)
        return DECIMAL128.subtract(a, DECIMAL128.multiply(b, quotient))
    except (decimal.InvalidOperation, decimal.Overflow):
        raise FeelError("modulo(): the result cannot be represented") from None


@builtin("sqrt", "number")
def sqrt(number: Any) -> Decimal:
    value = arg.number("sqrt", "number", number)
    if value < 0:
        raise FeelError(f"sqrt(): cannot take the square root of a negative number ({value})")
    return DECIMAL128.sqrt(value)


@builtin("log", "number")
def log(number: Any) -> Decimal:
    value = arg.number("log", "number", number)
    if value <= 0:
        raise FeelError(f"log(): the logarithm is only defined for positive numbers, not {value}")
    return DECIMAL128.ln(value)


@builtin("exp", "number")
def exp(number: Any) -> Decimal:
    try:
        return DECIMAL128.exp(arg.number("exp", "number", number))
    except decimal.Overflow:
        raise FeelError("exp(): the result is too large for a FEEL number") from None


def _parity(function: str, number: Any) -> int:
    return arg.integer(function, "number", number) % 2


@builtin("odd", "number")
def odd(number: Any) -> bool:
    return _parity("odd", number) == 1


@builtin("even", "number")
def even(number: Any) -> bool:
    return _parity("even", number) == 0


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    decimal_,
    _rounding_builtin("floor", decimal.ROUND_FLOOR, optional_scale=True),
    _rounding_builtin("ceiling", decimal.ROUND_CEILING, optional_scale=True),
    _rounding_builtin("round up", decimal.ROUND_UP, optional_scale=False),
    _rounding_builtin("round down", decimal.ROUND_DOWN, optional_scale=False),
    _rounding_builtin("round half up", decimal.ROUND_HALF_UP, optional_scale=False),
    _rounding_builtin("round half down", decimal.ROUND_HALF_DOWN, optional_scale=False),
    abs_,
    modulo,
    sqrt,
    log,
    exp,
    odd,
    even,
)
