"""Path access on non-context values: ``date.year``, ``duration.days``, ``range.start included``...

(DMN 1.5 §10.3.2.7, Table 65/66.) Contexts and lists of contexts are handled by the
evaluator itself; this module knows the built-in properties of the other types.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .values import DaysTimeDuration, Range, YearsMonthsDuration

_MISSING = object()


def _weekday(value: dt.date) -> Decimal:
    return Decimal(value.isoweekday())


def _offset(value: dt.time | dt.datetime) -> Any:
    if value.tzinfo is None:
        return None
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
    else:
        offset = value.tzinfo.utcoffset(None) if not isinstance(value.tzinfo, zoneinfo.ZoneInfo) else None
        if offset is None and isinstance(value.tzinfo, zoneinfo.ZoneInfo):
            offset = value.tzinfo.utcoffset(
                dt.datetime.combine(dt.date(1970, 1, 1), value.replace(tzinfo=None))
            )
    if offset is None:
        return None
    return DaysTimeDuration(Decimal(int(offset.total_seconds())))


def _timezone(value: dt.time | dt.datetime) -> Any:
    zone = value.tzinfo
    if isinstance(zone, zoneinfo.ZoneInfo):
        return zone.key
    return None


def _seconds(value: dt.time | dt.datetime) -> Decimal:
    # Values beyond Python's resolution carry the extra nanoseconds in ``nanos``.
    nanoseconds = value.microsecond * 1000 + int(getattr(value, "nanos", 0))
    if nanoseconds:
        return Decimal(value.second) + Decimal(nanoseconds).scaleb(-9).normalize()
    return Decimal(value.second)


_DATE: dict[str, Callable[[Any], Any]] = {
    "year": lambda v: Decimal(v.year),
    "month": lambda v: Decimal(v.month),
    "day": lambda v: Decimal(v.day),
    "weekday": _weekday,
}
_TIME: dict[str, Callable[[Any], Any]] = {
    "hour": lambda v: Decimal(v.hour),
    "minute": lambda v: Decimal(v.minute),
    "second": _seconds,
    "time offset": _offset,
    "timezone": _timezone,
}
_DATE_TIME = {**_DATE, **_TIME}


def _days_time(name: str, value: DaysTimeDuration) -> Any:
    total = value.seconds
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    whole = int(magnitude)
    if name == "days":
        return Decimal(sign * (whole // 86400))
    if name == "hours":
        return Decimal(sign * (whole % 86400 // 3600))
    if name == "minutes":
        return Decimal(sign * (whole % 3600 // 60))
    if name == "seconds":
        return sign * (Decimal(whole % 60) + (magnitude - whole))
    return _MISSING


def _years_months(name: str, value: YearsMonthsDuration) -> Any:
    sign = -1 if value.months < 0 else 1
    if name == "years":
        return Decimal(sign * (abs(value.months) // 12))
    if name == "months":
        return Decimal(sign * (abs(value.months) % 12))
    return _MISSING


_RANGE: dict[str, Callable[[Range], Any]] = {
    "start": lambda r: r.start,
    "end": lambda r: r.end,
    "start included": lambda r: r.start_included,
    "end included": lambda r: r.end_included,
}


def property_of(value: Any, name: str) -> tuple[bool, Any]:
    """``(True, property value)`` when ``value`` has a property ``name``, else ``(False, None)``."""
    table: dict[str, Callable[[Any], Any]] | None = None
    if isinstance(value, dt.datetime):
        table = _DATE_TIME
    elif isinstance(value, dt.date):
        table = _DATE
    elif isinstance(value, dt.time):
        table = _TIME
    elif isinstance(value, Range):
        table = _RANGE
    elif isinstance(value, DaysTimeDuration):
        result = _days_time(name, value)
        return (result is not _MISSING, None if result is _MISSING else result)
    elif isinstance(value, YearsMonthsDuration):
        result = _years_months(name, value)
        return (result is not _MISSING, None if result is _MISSING else result)
    if table is None or name not in table:
        return False, None
    return True, table[name](value)
