"""Conversion built-ins (DMN 1.5 §10.3.4.1): date, date and time, time, number, string, duration,
years and months duration, context."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from typing import Any

from opgave.dmn.feel import temporal
from opgave.dmn.feel.builtins import arguments as arg
from opgave.dmn.feel.builtins.signature import NOT_GIVEN, BuiltinFunction, builtin
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import DECIMAL128, DaysTimeDuration, YearsMonthsDuration, type_name

Decimal = decimal.Decimal
_NUMBER_TEXT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _whole(function: str, param: str, value: Any) -> int:
    return arg.integer(function, param, value)


@builtin("date", "from", "year, month, day")
def date(from_or_year: Any, month: Any = NOT_GIVEN, day: Any = NOT_GIVEN) -> dt.date:
    if month is NOT_GIVEN:
        value = arg.single(from_or_year)
        if isinstance(value, str):
            return temporal.parse_date(value)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        raise arg.bad("date", "from", "a string, date or date and time", value)
    year = _whole("date", "year", from_or_year)
    month_number = _whole("date", "month", month)
    day_number = _whole("date", "day", day)
    try:
        return temporal.make_date(year, month_number, day_number)
    except ValueError as exc:
        raise FeelError(f"date(): {year}-{month_number}-{day_number} is not a valid date ({exc})") from None


@builtin("date and time", "from", "date, time")
def date_and_time(from_or_date: Any, time: Any = NOT_GIVEN) -> dt.datetime:
    if time is NOT_GIVEN:
        value = arg.single(from_or_date)
        if isinstance(value, str):
            return temporal.parse_date_and_time(value)
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return temporal.date_to_datetime(value)
        raise arg.bad("date and time", "from", "a string", value)
    day = arg.date_like("date and time", "date", from_or_date)
    if not isinstance(time, dt.time):
        raise arg.bad("date and time", "time", "a time", time)
    return temporal.combine(day, time)


def _offset(value: Any) -> dt.tzinfo | None:
    if value is NOT_GIVEN or value is None:
        return None
    if not isinstance(value, DaysTimeDuration):
        raise arg.bad("time", "offset", "a days and time duration", value)
    return temporal.offset_zone(temporal.timedelta_of(value))


@builtin("time", "from", "hour, minute, second, [offset]")
def time(
    from_or_hour: Any, minute: Any = NOT_GIVEN, second: Any = NOT_GIVEN, offset: Any = NOT_GIVEN
) -> dt.time:
    if minute is NOT_GIVEN:
        value = arg.single(from_or_hour)
        if isinstance(value, str):
            return temporal.parse_time(value)
        if isinstance(value, dt.datetime):
            return value.timetz()
        if isinstance(value, dt.date):
            return dt.time(0, 0, 0, tzinfo=temporal.UTC)
        if isinstance(value, dt.time):
            return value
        raise arg.bad("time", "from", "a string, date, time or date and time", value)
    hour = _whole("time", "hour", from_or_hour)
    minute_number = _whole("time", "minute", minute)
    seconds = arg.number("time", "second", second)
    whole_seconds = int(seconds)
    nanoseconds = int((seconds - whole_seconds) * 1_000_000_000)
    try:
        micro, nanos = divmod(nanoseconds, 1000)
        return temporal.make_time(hour, minute_number, whole_seconds, micro, _offset(offset), nanos)
    except ValueError as exc:
        raise FeelError(f"time(): {hour}:{minute_number}:{seconds} is not a valid time ({exc})") from None


def _separator(param: str, value: Any, allowed: tuple[str, ...]) -> str | None:
    if value is None or value is NOT_GIVEN:
        return None
    if value not in allowed:
        shown = ", ".join(f"'{choice}'" for choice in allowed)
        raise FeelError(f"number(): '{param}' must be one of {shown} or null, not {arg.shown(value)}")
    return str(value)


@builtin("number", "from", "from, grouping separator, decimal separator")
def number(from_: Any, grouping_separator: Any = NOT_GIVEN, decimal_separator: Any = NOT_GIVEN) -> Decimal:
    text = arg.string("number", "from", from_)
    grouping = _separator("grouping separator", grouping_separator, (" ", ",", "."))
    point = _separator("decimal separator", decimal_separator, (".", ","))
    if grouping is not None and grouping == point:
        raise FeelError("number(): the grouping and decimal separators must differ")
    if grouping is not None:
        text = text.replace(grouping, "")
    if point is not None and point != ".":
        text = text.replace(point, ".")
    if not _NUMBER_TEXT.fullmatch(text):
        raise FeelError(f"number(): '{from_}' is not a number")
    try:
        return DECIMAL128.create_decimal(text)
    except decimal.Overflow:
        raise FeelError(f"number(): '{from_}' is too large for a FEEL number") from None


@builtin("string", "from")
def string(from_: Any) -> str | None:
    if from_ is None:
        raise FeelError("string() of null is null")
    return temporal.to_string(from_)


@builtin("duration", "from")
def duration(from_: Any) -> DaysTimeDuration | YearsMonthsDuration:
    value = arg.single(from_)
    if isinstance(value, (DaysTimeDuration, YearsMonthsDuration)):
        return value
    return temporal.parse_duration(arg.string("duration", "from", value))


@builtin("years and months duration", "from, to")
def years_and_months_duration(from_: Any, to: Any) -> YearsMonthsDuration:
    start = arg.date_like("years and months duration", "from", from_)
    end = arg.date_like("years and months duration", "to", to)
    return YearsMonthsDuration(temporal.months_between(start, end))


@builtin("context", "entries")
def context(entries: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entry in arg.as_list("context", "entries", entries):
        if not isinstance(entry, dict) or "key" not in entry or "value" not in entry:
            raise FeelError(
                f"context(): each entry must be a context with 'key' and 'value', not {type_name(entry)}"
            )
        key = entry["key"]
        if not isinstance(key, str):
            raise FeelError(f"context(): an entry key must be a string, not {type_name(key)}")
        if key in out:
            raise FeelError(f"context(): the key '{key}' occurs more than once")
        out[key] = entry["value"]
    return out


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    date,
    date_and_time,
    time,
    number,
    string,
    duration,
    years_and_months_duration,
    context,
)
