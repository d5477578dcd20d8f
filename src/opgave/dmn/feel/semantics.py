"""Value-level FEEL semantics: arithmetic, equality and ordering (DMN 1.5 §10.3.2).

Every operation takes FEEL values (see :mod:`opgave.dmn.feel.values`):

* ``add, subtract, multiply, divide, power, negate`` return null when an operand
  is null and raise :class:`FeelError` for combinations the standard does not
  define (``10 + "10"``), division by zero and overflow; the evaluator turns the
  error into null plus a message.
* ``equal(a, b)`` is ``true``/``false``, or ``None`` when the two values are of
  different kinds (``100 = "100"``); ``null = null`` is true and ``x = null`` false.
* ``compare(a, b)`` is ``-1``, ``0`` or ``1``, or ``None`` when the values have no
  order between them (different kinds, booleans, a zoned and a local date and time...).

A date meeting a date and time (``-``, ``=``, ``<``) stands for midnight UTC, so it
is comparable with zoned date and times only.
"""

from __future__ import annotations

import datetime as dt
import decimal
import zoneinfo
from collections.abc import Callable
from typing import Any

from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.temporal import (
    UTC,
    add_months,
    combine,
    date_to_datetime,
    instant,
    shift_exactly,
)
from opgave.dmn.feel.values import (
    DECIMAL128,
    DaysTimeDuration,
    FeelFunction,
    Range,
    YearsMonthsDuration,
    type_name,
)

Decimal = decimal.Decimal
_DECIMAL_ERRORS = (decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow)
#: The day on which times are placed to do arithmetic and comparisons with them.
_REFERENCE_DAY = dt.date(1970, 1, 2)


def _invalid(operator: str, a: Any, b: Any) -> FeelError:
    return FeelError(f"cannot apply '{operator}' to {type_name(a)} and {type_name(b)}")


def _decimal(operation: Callable[[Decimal, Decimal], Decimal], a: Decimal, b: Decimal, what: str) -> Decimal:
    try:
        result = operation(a, b)
    except decimal.DivisionByZero:
        raise FeelError(f"{what}: division by zero") from None
    except decimal.Overflow:
        raise FeelError(f"{what}: the result is too large for a FEEL number") from None
    except decimal.InvalidOperation:
        raise FeelError(f"{what}: the result is undefined") from None
    if result.is_infinite():  # e.g. 0 ** -1, which decimal arithmetic answers exactly with Infinity
        raise FeelError(f"{what}: division by zero")
    if result.is_nan():  # a NaN operand that came from outside FEEL
        raise FeelError(f"{what}: the result is undefined")
    return result


def _is_num(value: Any) -> bool:
    return isinstance(value, Decimal)


def _aware(value: dt.datetime | dt.time) -> bool:
    return value.tzinfo is not None


# ---------------------------------------------------------------------------
# Temporal helpers
# ---------------------------------------------------------------------------


def _time_on_reference_day(value: dt.time) -> dt.datetime:
    return combine(_REFERENCE_DAY, value)


def _as_datetime_like(date: dt.date, other: dt.datetime) -> dt.datetime:
    """A date next to a date and time stands for midnight UTC (so it only meets zoned ones)."""
    return date_to_datetime(date, UTC)


def _shift_datetime(value: dt.datetime, seconds: Decimal) -> dt.datetime:
    try:
        return shift_exactly(value, seconds)
    except (OverflowError, ValueError):
        raise FeelError("the resulting date and time is out of range") from None


def _shift(value: Any, duration: Any, sign: int) -> Any:
    """``value ± duration`` for a date, time or date and time; None when undefined."""
    if isinstance(duration, YearsMonthsDuration):
        if isinstance(value, dt.date):  # date or date and time
            return add_months(value, sign * duration.months)
        return None
    if not isinstance(duration, DaysTimeDuration):
        return None
    seconds = duration.seconds if sign > 0 else -duration.seconds
    if isinstance(value, dt.datetime):
        return _shift_datetime(value, seconds)
    if isinstance(value, dt.date):
        return _shift_datetime(date_to_datetime(value), seconds).date()
    if isinstance(value, dt.time):
        return _shift_datetime(_time_on_reference_day(value), seconds % 86400).timetz()
    return None


def _datetime_difference(a: dt.datetime, b: dt.datetime) -> DaysTimeDuration:
    if _aware(a) != _aware(b):
        raise FeelError("cannot subtract a date and time with a time zone and one without")
    return _nanoseconds_between(a, b)


def _nanoseconds_between(a: dt.datetime, b: dt.datetime) -> DaysTimeDuration:
    return DaysTimeDuration(Decimal(instant(a) - instant(b)).scaleb(-9).normalize(DECIMAL128) or Decimal(0))


def _time_difference(a: dt.time, b: dt.time) -> DaysTimeDuration:
    if _aware(a) != _aware(b):
        raise FeelError("cannot subtract a time with a time zone and one without")
    return _nanoseconds_between(_time_on_reference_day(a), _time_on_reference_day(b))


# ---------------------------------------------------------------------------
# Arithmetic
# ---------------------------------------------------------------------------


def add(a: Any, b: Any) -> Any:
    """``a + b``."""
    if a is None or b is None:
        return None
    if _is_num(a) and _is_num(b):
        return _decimal(DECIMAL128.add, a, b, "addition")
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        return DaysTimeDuration(a.seconds + b.seconds)
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return YearsMonthsDuration(a.months + b.months)
    if isinstance(a, (dt.date, dt.time)) and isinstance(b, (DaysTimeDuration, YearsMonthsDuration)):
        result = _shift(a, b, 1)
    elif isinstance(b, (dt.date, dt.time)) and isinstance(a, (DaysTimeDuration, YearsMonthsDuration)):
        result = _shift(b, a, 1)
    else:
        result = None
    if result is None:
        raise _invalid("+", a, b)
    return result


def subtract(a: Any, b: Any) -> Any:
    """``a - b``."""
    if a is None or b is None:
        return None
    if _is_num(a) and _is_num(b):
        return _decimal(DECIMAL128.subtract, a, b, "subtraction")
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        return DaysTimeDuration(a.seconds - b.seconds)
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return YearsMonthsDuration(a.months - b.months)
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
            return _datetime_difference(a, b)
        if isinstance(a, dt.datetime):
            return _datetime_difference(a, _as_datetime_like(b, a))
        if isinstance(b, dt.datetime):
            return _datetime_difference(_as_datetime_like(a, b), b)
        return DaysTimeDuration(Decimal((a.toordinal() - b.toordinal()) * 86400))
    if isinstance(a, dt.time) and isinstance(b, dt.time):
        return _time_difference(a, b)
    if isinstance(a, (dt.date, dt.time)) and isinstance(b, (DaysTimeDuration, YearsMonthsDuration)):
        result = _shift(a, b, -1)
        if result is not None:
            return result
    raise _invalid("-", a, b)


def _scale_months(months: int, factor: Decimal, what: str) -> YearsMonthsDuration:
    product = _decimal(DECIMAL128.multiply, Decimal(months), factor, what)
    return YearsMonthsDuration(int(product))  # truncated towards zero


def multiply(a: Any, b: Any) -> Any:
    """``a * b``."""
    if a is None or b is None:
        return None
    if _is_num(a) and _is_num(b):
        return _decimal(DECIMAL128.multiply, a, b, "multiplication")
    if _is_num(a) and isinstance(b, (DaysTimeDuration, YearsMonthsDuration)):
        a, b = b, a
    if isinstance(a, DaysTimeDuration) and _is_num(b):
        return DaysTimeDuration(_decimal(DECIMAL128.multiply, a.seconds, b, "multiplication"))
    if isinstance(a, YearsMonthsDuration) and _is_num(b):
        return _scale_months(a.months, b, "multiplication")
    raise _invalid("*", a, b)


def divide(a: Any, b: Any) -> Any:
    """``a / b``; division by zero is an error (null)."""
    if a is None or b is None:
        return None
    if _is_num(a) and _is_num(b):
        return _decimal(DECIMAL128.divide, a, b, "division")
    if isinstance(a, DaysTimeDuration) and _is_num(b):
        return DaysTimeDuration(_decimal(DECIMAL128.divide, a.seconds, b, "division"))
    if isinstance(a, YearsMonthsDuration) and _is_num(b):
        quotient = _decimal(DECIMAL128.divide, Decimal(a.months), b, "division")
        return YearsMonthsDuration(int(quotient))
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        return _decimal(DECIMAL128.divide, a.seconds, b.seconds, "division")
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return _decimal(DECIMAL128.divide, Decimal(a.months), Decimal(b.months), "division")
    raise _invalid("/", a, b)


def power(a: Any, b: Any) -> Any:
    """``a ** b`` for numbers."""
    if a is None or b is None:
        return None
    if _is_num(a) and _is_num(b):
        if not b:  # IEEE 754 pow(x, 0) is 1 for every x, 0 included
            return Decimal(1)
        if b == b.to_integral_value() and abs(b) <= 999_999_999:
            return _decimal(DECIMAL128.power, a, Decimal(int(b)), "exponentiation")
        return _decimal(DECIMAL128.power, a, b, "exponentiation")
    raise _invalid("**", a, b)


def negate(a: Any) -> Any:
    """``-a`` for numbers and durations."""
    if a is None:
        return None
    if _is_num(a):
        return DECIMAL128.minus(a)
    if isinstance(a, DaysTimeDuration):
        return DaysTimeDuration(-a.seconds)
    if isinstance(a, YearsMonthsDuration):
        return YearsMonthsDuration(-a.months)
    raise FeelError(f"cannot negate a {type_name(a)}")


# ---------------------------------------------------------------------------
# Equality
# ---------------------------------------------------------------------------


def _millis(value: Any) -> Any:
    """Times and date-times compare at millisecond precision (the TCK's ``0068-feel-equality``:
    ``time("10:30:00.0001") = time("10:30:00.0002")``), as every conforming engine does."""
    if isinstance(value, (dt.time, dt.datetime)) and value.microsecond % 1000:
        return value.replace(microsecond=value.microsecond - value.microsecond % 1000)
    return value


def _time_equal(a: dt.time, b: dt.time) -> bool:
    a, b = _millis(a), _millis(b)
    zone_a, zone_b = a.tzinfo, b.tzinfo
    if zone_a is None or zone_b is None:
        return zone_a is None and zone_b is None and a == b
    named_a, named_b = isinstance(zone_a, zoneinfo.ZoneInfo), isinstance(zone_b, zoneinfo.ZoneInfo)
    if named_a or named_b:
        return named_a and named_b and zone_a == zone_b and a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return _time_on_reference_day(a) == _time_on_reference_day(b)


def _datetime_equal(a: dt.datetime, b: dt.datetime) -> bool:
    if _aware(a) != _aware(b):
        return False
    return bool(_millis(a) == _millis(b))


def _sequence_equal(pairs: list[tuple[Any, Any]]) -> bool | None:
    undecided = False
    for left, right in pairs:
        result = equal(left, right)
        if result is False:
            return False
        if result is None:
            undecided = True
    return None if undecided else True


def equal(a: Any, b: Any) -> bool | None:
    """FEEL ``a = b``: deep equality; None when the values are of incomparable kinds."""
    kind = type(a)
    if kind is type(b) and (kind is Decimal or kind is str):  # the common case, first
        return bool(a == b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b if isinstance(a, bool) and isinstance(b, bool) else None
    if _is_num(a) and _is_num(b):
        return bool(a == b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
            return _datetime_equal(a, b)
        if isinstance(a, dt.datetime):
            return _datetime_equal(a, _as_datetime_like(b, a))
        if isinstance(b, dt.datetime):
            return _datetime_equal(_as_datetime_like(a, b), b)
        return a == b
    if isinstance(a, dt.time) and isinstance(b, dt.time):
        return _time_equal(a, b)
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        return a.seconds == b.seconds
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return a.months == b.months
    if isinstance(a, (DaysTimeDuration, YearsMonthsDuration)) and isinstance(
        b, (DaysTimeDuration, YearsMonthsDuration)
    ):
        return True if _duration_is_zero(a) and _duration_is_zero(b) else None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False
        return _sequence_equal(list(zip(a, b, strict=True)))
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return False
        return _sequence_equal([(a[key], b[key]) for key in a])
    if isinstance(a, Range) and isinstance(b, Range):
        if (a.start_included, a.end_included, a.operator) != (b.start_included, b.end_included, b.operator):
            return False
        return _sequence_equal([(a.start, b.start), (a.end, b.end)])
    if isinstance(a, FeelFunction) and isinstance(b, FeelFunction):
        return a is b
    return None


def _duration_is_zero(value: DaysTimeDuration | YearsMonthsDuration) -> bool:
    return value.seconds == 0 if isinstance(value, DaysTimeDuration) else value.months == 0


# ---------------------------------------------------------------------------
# Ordering
# ---------------------------------------------------------------------------


def _sign(difference: Any) -> int:
    return int(difference > 0) - int(difference < 0)


def _order(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)


def _compare_times(a: dt.time, b: dt.time) -> int | None:
    if _aware(a) != _aware(b):
        return None
    a, b = _millis(a), _millis(b)
    if not _aware(a):
        return _order(a, b)
    return _order(_time_on_reference_day(a), _time_on_reference_day(b))


def _compare_datetimes(a: dt.datetime, b: dt.datetime) -> int | None:
    if _aware(a) != _aware(b):
        return None
    return _order(_millis(a), _millis(b))


def compare(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 as ``a`` is before, equal to or after ``b``; None when there is no order."""
    kind = type(a)
    if kind is type(b) and (kind is Decimal or kind is str):  # the common case, first
        return _order(a, b)
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return None
    if _is_num(a) and _is_num(b):
        return _order(a, b)
    if isinstance(a, str) and isinstance(b, str):
        return _order(a, b)
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
            return _compare_datetimes(a, b)
        if isinstance(a, dt.datetime):
            return _compare_datetimes(a, _as_datetime_like(b, a))
        if isinstance(b, dt.datetime):
            return _compare_datetimes(_as_datetime_like(a, b), b)
        return _order(a, b)
    if isinstance(a, dt.time) and isinstance(b, dt.time):
        return _compare_times(a, b)
    if isinstance(a, DaysTimeDuration) and isinstance(b, DaysTimeDuration):
        return _sign(a.seconds - b.seconds)
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return _sign(a.months - b.months)
    return None


def compare_strict(a: Any, b: Any) -> int:
    """Like :func:`compare`, but an error when the values have no order (for sort, min, max...)."""
    order = compare(a, b)
    if order is None:
        raise FeelError(f"cannot compare {type_name(a)} with {type_name(b)}")
    return order


def in_range(value: Any, target: Range) -> bool | None:
    """Whether ``value`` lies in ``target`` (an open end, ``None``, is unbounded)."""
    if value is None:
        return None
    if target.operator == "!=":
        same = equal(value, target.start)
        return None if same is None else not same
    if target.start is not None:
        order = compare(value, target.start)
        if order is None:
            return None
        if order < 0 or (order == 0 and not target.start_included):
            return False
    if target.end is not None:
        order = compare(value, target.end)
        if order is None:
            return None
        if order > 0 or (order == 0 and not target.end_included):
            return False
    return True
