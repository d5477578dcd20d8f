"""Date and time built-ins (DMN 1.5 §10.3.4.7 and §10.3.4.9): is, day of year, day of week,
month of year, week of year, now, today."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from opgave.dmn.feel import semantics, temporal
from opgave.dmn.feel.builtins import arguments as arg
from opgave.dmn.feel.builtins.signature import BuiltinFunction, builtin
from opgave.dmn.feel.values import number, type_name

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _zone_identity(zone: dt.tzinfo | None) -> object:
    """What makes two zones the same for ``is()``: the zone id, or the fixed offset."""
    if zone is None:
        return None
    if isinstance(zone, zoneinfo.ZoneInfo):
        return ("id", zone.key)
    return ("offset", zone.utcoffset(None))


@builtin("is", "value1, value2")
def is_(value1: Any, value2: Any) -> bool:
    """Whether two values are the same value of the same type, including the same zone."""
    if type_name(value1) != type_name(value2):
        return False
    if isinstance(value1, (dt.time, dt.datetime)) and isinstance(value2, (dt.time, dt.datetime)):
        if _zone_identity(value1.tzinfo) != _zone_identity(value2.tzinfo):
            return False
        return value1.replace(tzinfo=None) == value2.replace(tzinfo=None)
    return semantics.equal(value1, value2) is True


@builtin("day of year", "date")
def day_of_year(date: Any) -> Any:
    return number(arg.date_like("day of year", "date", date).timetuple().tm_yday)


@builtin("day of week", "date")
def day_of_week(date: Any) -> str:
    return _DAY_NAMES[arg.date_like("day of week", "date", date).weekday()]


@builtin("month of year", "date")
def month_of_year(date: Any) -> str:
    return _MONTH_NAMES[arg.date_like("month of year", "date", date).month - 1]


@builtin("week of year", "date")
def week_of_year(date: Any) -> Any:
    """The ISO 8601 week number."""
    return number(arg.date_like("week of year", "date", date).isocalendar()[1])


@builtin("now", "")
def now() -> dt.datetime:
    """The current date and time, in UTC."""
    return dt.datetime.now(temporal.UTC)


@builtin("today", "")
def today() -> dt.date:
    """The current date (UTC)."""
    return dt.datetime.now(temporal.UTC).date()


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    is_,
    day_of_year,
    day_of_week,
    month_of_year,
    week_of_year,
    now,
    today,
)
