"""Compare an actual FEEL value with a TCK expected value.

Numbers compare as decimals: equal values match, and so do values that agree
to 32 significant digits (results of irrational functions such as ``sqrt`` or
``exp`` may differ in the last of the 34 digits of decimal128). Lists compare
element by element, contexts (``component``s) by their entry names and values,
temporal values by value and by whether they carry a time zone.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from opgave.dmn.feel.temporal import to_string

_TOLERANCE_DIGITS = 32


def _numbers_match(expected: decimal.Decimal, actual: decimal.Decimal) -> bool:
    if not expected.is_finite() or not actual.is_finite():
        return str(expected) == str(actual)
    if expected == actual:
        return True
    context = decimal.Context(prec=_TOLERANCE_DIGITS)
    return context.plus(expected) == context.plus(actual)


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
