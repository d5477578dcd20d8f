"""Compare an actual FEEL value with a TCK expected value.

Numbers compare as decimals: equal values match, and so do values whose
relative difference is below 1e-10. Many expected values in the TCK were
computed in binary floating point or are written rounded (``54.59815003`` for
``exp(4)``), while this engine computes in decimal128 with 34 digits; an
expected value with at least 8 significant digits also matches an actual value
that rounds or truncates to it (``cos(123)`` is written ``-0.88796890``). Lists compare
element by element, contexts (``component``s) by their entry names and values,
temporal values by value and by whether they carry a time zone.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from opgave.dmn.feel.temporal import to_string

_RELATIVE_TOLERANCE = decimal.Decimal("1e-10")
#: An expected value written with at least this many digits may be a rounded result.
_ROUNDED_DIGITS = 8


def _numbers_match(expected: decimal.Decimal, actual: decimal.Decimal) -> bool:
    if not expected.is_finite() or not actual.is_finite():
        return str(expected) == str(actual)
    if expected == actual:
        return True
    if expected == 0 or actual == 0:
        return False
    shape = expected.as_tuple()
    if len(shape.digits) >= _ROUNDED_DIGITS and isinstance(shape.exponent, int) and shape.exponent < 0:
        for rounding in (decimal.ROUND_HALF_EVEN, decimal.ROUND_DOWN):
            if actual.quantize(expected, rounding=rounding, context=decimal.Context(prec=60)) == expected:
                return True
    context = decimal.Context(prec=34)
    difference = context.abs(context.subtract(expected, actual))
    scale = max(context.abs(expected), context.abs(actual))
    return context.divide(difference, scale) < _RELATIVE_TOLERANCE


def values_match(expected: Any, actual: Any) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, decimal.Decimal):
        return isinstance(actual, decimal.Decimal) and _numbers_match(expected, actual)
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(values_match(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and set(expected) == set(actual)
            and all(values_match(v, actual[k]) for k, v in expected.items())
        )
    if type(expected) is not type(actual):
        return False
    if isinstance(expected, (dt.datetime, dt.time)):
        if (expected.tzinfo is None) != (actual.tzinfo is None):
            return False
        return bool(expected == actual) and expected.utcoffset() == actual.utcoffset()
    return bool(expected == actual)


def describe(value: Any) -> str:
    try:
        return to_string(value)
    except Exception:  # a value the formatter does not know: fall back to repr
        return repr(value)
