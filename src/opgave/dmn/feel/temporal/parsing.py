"""Parsing FEEL temporal literals: date, time, date and time, and the two duration kinds."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import zoneinfo
from typing import Any

from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.temporal.extended import make_date, make_datetime, make_time
from opgave.dmn.feel.values import DaysTimeDuration, YearsMonthsDuration

UTC = dt.UTC

#: ``\d`` is compiled with re.ASCII: Unicode digits such as ``٢`` are not part of FEEL literals.
_DATE = r"(?P<year>-?\d{4,9})-(?P<month>\d\d)-(?P<day>\d\d)"
_TIME = r"(?P<hour>\d\d):(?P<minute>\d\d):(?P<second>\d\d)(?P<fraction>\.\d*)?"
_ZONE = r"(?P<zone>Z|[+-]\d\d:\d\d(?::\d\d)?|@[A-Za-z][A-Za-z0-9_+\-/]*)?"
_DATE_RE = re.compile(_DATE, re.ASCII)
_TIME_RE = re.compile(_TIME + _ZONE, re.ASCII)
_DATE_TIME_RE = re.compile(_DATE + r"(?:T" + _TIME + _ZONE + ")?", re.ASCII)
_YM_RE = re.compile(r"(?P<sign>-)?P(?=\d)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?", re.ASCII)
_DT_RE = re.compile(
    r"(?P<sign>-)?P(?=\d|T\d)(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d*)?)S)?)?",
    re.ASCII,
)

_MAX_OFFSET = dt.timedelta(hours=14)  # XML Schema: -14:00..+14:00


def _fail(kind: str, text: str, reason: str = "") -> FeelError:
    suffix = f": {reason}" if reason else ""
    return FeelError(f"'{text}' is not a valid {kind}{suffix}")


def _make_date(year_text: str, month: int, day: int, original: str) -> dt.date:
    digits = year_text.lstrip("-")
    if len(digits) > 4 and digits.startswith("0"):
        raise _fail("date", original, "a year of more than four digits may not start with 0")
    try:
        return make_date(int(year_text), month, day)
    except ValueError as exc:
        raise _fail("date", original, str(exc)) from None


def zone_from_text(zone: str | None, original: str) -> dt.tzinfo | None:
    """The tzinfo for a zone suffix (``Z``, ``+01:00``, ``@Europe/Paris``) or None."""
    if not zone:
        return None
    if zone == "Z":
        return UTC
    if zone.startswith("@"):
        try:
            return zoneinfo.ZoneInfo(zone[1:])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise _fail("time zone", original, f"unknown time zone '{zone[1:]}'") from None
    sign = -1 if zone[0] == "-" else 1
    parts = [int(p) for p in zone[1:].split(":")]
    offset = dt.timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2] if len(parts) > 2 else 0)
    if offset > _MAX_OFFSET or parts[1] > 59:
        raise _fail("time zone", original, f"offset {zone} is out of range")
    return offset_zone(sign * offset)


def offset_zone(offset: dt.timedelta) -> dt.timezone:
    """A fixed-offset zone; a zero offset is UTC (printed as ``Z``)."""
    if not offset:
        return UTC
    if abs(offset) > _MAX_OFFSET:
        raise FeelError(f"time zone offset {offset} is out of range (-14:00..+14:00)")
    return dt.timezone(offset)


def _fraction(fraction: str | None) -> tuple[int, int]:
    """(microseconds, further nanoseconds) of ``.ddddddddd``; digits past nine are dropped."""
    digits = ((fraction or ".")[1:] + "000000000")[:9]
    return int(digits[:6]), int(digits[6:])


def _time_fields(match: re.Match[str], original: str) -> tuple[int, int, int, int, int, bool]:
    """(hour, minute, second, microsecond, nanos, end_of_day) from a matched time."""
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    micro, nanos = _fraction(match["fraction"])
    if hour == 24 and minute == 0 and second == 0 and micro == 0 and nanos == 0:
        return 0, 0, 0, 0, 0, True
    if hour > 23 or minute > 59 or second > 59:
        raise _fail("time", original)
    return hour, minute, second, micro, nanos, False


def parse_date(text: str) -> dt.date:
    """Parse a FEEL date string (``2018-12-08``)."""
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise _fail("date", text, "expected yyyy-mm-dd")
    return _make_date(match["year"], int(match["month"]), int(match["day"]), text)


def parse_time(text: str) -> dt.time:
    """Parse a FEEL time string (``10:30:00``, ``10:30:00.5+01:00``, ``10:30:00@Europe/Paris``)."""
    match = _TIME_RE.fullmatch(text)
    if match is None:
        raise _fail("time", text, "expected hh:mm:ss with an optional zone")
    hour, minute, second, micro, nanos, _ = _time_fields(match, text)
    return make_time(hour, minute, second, micro, zone_from_text(match["zone"], text), nanos)


def parse_date_and_time(text: str) -> dt.datetime:
    """Parse a FEEL date and time string; a date alone means midnight."""
    match = _DATE_TIME_RE.fullmatch(text)
    if match is None:
        raise _fail("date and time", text, "expected yyyy-mm-ddThh:mm:ss with an optional zone")
    day = _make_date(match["year"], int(match["month"]), int(match["day"]), text)
    if match["hour"] is None:
        return make_datetime(day.year, day.month, day.day)
    hour, minute, second, micro, nanos, end_of_day = _time_fields(match, text)
    zone = zone_from_text(match["zone"], text)
    result = make_datetime(day.year, day.month, day.day, hour, minute, second, micro, zone, nanos)
    if end_of_day:
        try:
            result = result + dt.timedelta(days=1)
        except OverflowError:
            raise _fail("date and time", text, "out of range") from None
    return result


def parse_duration(text: str) -> DaysTimeDuration | YearsMonthsDuration:
    """Parse an ISO 8601 duration into one of the two FEEL duration kinds."""
    match = _YM_RE.fullmatch(text)
    if match is not None:
        months = int(match["years"] or 0) * 12 + int(match["months"] or 0)
        return YearsMonthsDuration(-months if match["sign"] else months)
    match = _DT_RE.fullmatch(text)
    if match is None or text.endswith("T"):
        raise _fail(
            "duration",
            text,
            "expected PnYnM (years and months) or PnDTnHnMnS (days and time)",
        )
    seconds = decimal.Decimal(match["seconds"] or 0)
    total = DaysTimeDuration.of(
        days=int(match["days"] or 0),
        hours=int(match["hours"] or 0),
        minutes=int(match["minutes"] or 0),
        seconds=seconds,
    ).seconds
    return DaysTimeDuration(-total if match["sign"] and total else total)


def parse_temporal(text: str) -> Any:
    """Parse the text of an ``@"..."`` literal: a date, time, date and time or duration."""
    stripped = text.strip()
    if stripped.startswith(("P", "-P")):
        return parse_duration(stripped)
    if re.match(r"-?\d{4,}-", stripped):
        if _DATE_RE.fullmatch(stripped):
            return parse_date(stripped)
        return parse_date_and_time(stripped)
    if re.match(r"\d\d:", stripped):
        return parse_time(stripped)
    raise _fail("date, time or duration", text)
