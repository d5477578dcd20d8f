"""Parsing and formatting of FEEL temporal values, and the ``string()`` form of any value.

Lexical forms follow DMN 1.5 §10.3.4.1 (which borrows XML Schema's):

* date: ``yyyy-mm-dd``; years of five to nine digits and negative years are valid
  FEEL; as Python's :class:`datetime.date` stops at 1–9999 they become an
  :class:`ExtendedDate` / :class:`ExtendedDateTime` (a subclass that keeps the
  calendar day 400·k years away, where the calendar is the same);
* time: ``hh:mm:ss[.fraction][zone]`` with zone ``Z``, ``±hh:mm[:ss]`` or
  ``@IANA/Zone``; ``24:00:00`` is the end of the day (midnight);
* date and time: ``date 'T' time``, or a date alone (midnight);
* durations: ``[-]P[nY][nM]`` (years and months) or ``[-]P[nD][T[nH][nM][n[.f]S]]``
  (days and time); mixing the two kinds is not a FEEL duration.

Fractions of seconds beyond microseconds are truncated (Python's resolution).
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
import re
import zoneinfo
from typing import Any

from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import DaysTimeDuration, FeelFunction, Range, YearsMonthsDuration

UTC = dt.timezone.utc

_DATE = r"(?P<year>-?\d{4,9})-(?P<month>\d\d)-(?P<day>\d\d)"
_TIME = r"(?P<hour>\d\d):(?P<minute>\d\d):(?P<second>\d\d)(?P<fraction>\.\d*)?"
_ZONE = r"(?P<zone>Z|[+-]\d\d:\d\d(?::\d\d)?|@[A-Za-z][A-Za-z0-9_+\-/]*)?"
_DATE_RE = re.compile(_DATE)
_TIME_RE = re.compile(_TIME + _ZONE)
_DATE_TIME_RE = re.compile(_DATE + r"(?:T" + _TIME + _ZONE + ")?")
_YM_RE = re.compile(r"(?P<sign>-)?P(?=\d)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?")
_DT_RE = re.compile(
    r"(?P<sign>-)?P(?=\d|T\d)(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d*)?)S)?)?"
)

_MAX_OFFSET = dt.timedelta(hours=18)


def _fail(kind: str, text: str, reason: str = "") -> FeelError:
    suffix = f": {reason}" if reason else ""
    return FeelError(f"'{text}' is not a valid {kind}{suffix}")


# ---------------------------------------------------------------------------
# Years outside 1..9999
# ---------------------------------------------------------------------------

#: The Gregorian calendar repeats every 400 years (146 097 days, a whole number of weeks).
_CYCLE_YEARS, _CYCLE_DAYS, _BASE_YEAR = 400, 146_097, 2000
_BASE_ORDINAL = dt.date(_BASE_YEAR, 1, 1).toordinal()
#: FEEL allows years of up to nine digits.
MAX_YEAR = 999_999_999


def _split_year(year: int) -> tuple[int, int]:
    """(cycles, year inside 2000..2399) with ``year = inner + 400 * cycles``."""
    if abs(year) > MAX_YEAR:
        raise FeelError(f"year {year} is outside the FEEL range -999999999..999999999")
    cycles = (year - _BASE_YEAR) // _CYCLE_YEARS
    return cycles, year - cycles * _CYCLE_YEARS


class ExtendedDate(dt.date):
    """A date whose year lies outside 1..9999: the same calendar day, ``cycles`` times 400 years away.

    Only values outside Python's range take this form (see :func:`make_date`), so all
    ordinary dates stay plain :class:`datetime.date` objects.
    """

    __slots__ = ("cycles",)
    cycles: int

    def __new__(cls, year: int, month: int, day: int) -> ExtendedDate:
        cycles, inner = _split_year(year)
        self = super().__new__(cls, inner, month, day)
        self.cycles = cycles
        return self

    @property
    def year(self) -> int:
        return super().year + _CYCLE_YEARS * self.cycles

    def toordinal(self) -> int:
        return super().toordinal() + _CYCLE_DAYS * self.cycles

    def replace(self, year: int | None = None, month: int | None = None, day: int | None = None) -> dt.date:
        return make_date(self.year if year is None else year, month or self.month, day or self.day)

    def __add__(self, other: dt.timedelta) -> dt.date:
        if not isinstance(other, dt.timedelta):
            return NotImplemented
        return date_from_ordinal(self.toordinal() + other.days)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, dt.timedelta):
            return self + -other
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            return dt.timedelta(days=self.toordinal() - other.toordinal())
        return NotImplemented

    def __rsub__(self, other: Any) -> Any:
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            return dt.timedelta(days=other.toordinal() - self.toordinal())
        return NotImplemented

    def _order(self, other: object) -> int | None:
        if not isinstance(other, dt.date) or isinstance(other, dt.datetime):
            return None
        mine, theirs = self.toordinal(), other.toordinal()
        return (mine > theirs) - (mine < theirs)

    def __eq__(self, other: object) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order == 0

    def __lt__(self, other: dt.date) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order < 0

    def __le__(self, other: dt.date) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order <= 0

    def __gt__(self, other: dt.date) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order > 0

    def __ge__(self, other: dt.date) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order >= 0

    def __hash__(self) -> int:
        return hash(self.toordinal())

    def __repr__(self) -> str:
        return f"ExtendedDate({self.year}, {self.month}, {self.day})"


class ExtendedDateTime(dt.datetime):
    """A date and time whose year lies outside 1..9999 (see :class:`ExtendedDate`)."""

    __slots__ = ("cycles",)
    cycles: int

    def __new__(
        cls,
        year: int,
        month: int,
        day: int,
        hour: int = 0,
        minute: int = 0,
        second: int = 0,
        microsecond: int = 0,
        tzinfo: dt.tzinfo | None = None,
    ) -> ExtendedDateTime:
        cycles, inner = _split_year(year)
        self = super().__new__(cls, inner, month, day, hour, minute, second, microsecond, tzinfo)
        self.cycles = cycles
        return self

    @property
    def year(self) -> int:
        return super().year + _CYCLE_YEARS * self.cycles

    def toordinal(self) -> int:
        return super().toordinal() + _CYCLE_DAYS * self.cycles

    def _inner(self) -> dt.datetime:
        return dt.datetime.combine(dt.date(super().year, self.month, self.day), self.timetz())

    def date(self) -> dt.date:
        return make_date(self.year, self.month, self.day)

    def replace(self, year: int | None = None, month: int | None = None, day: int | None = None,
                **fields: Any) -> dt.datetime:
        moved = self._inner().replace(month=month or self.month, day=day or self.day, **fields)
        return _shifted(moved, (self.year if year is None else year) - moved.year)

    def __add__(self, other: dt.timedelta) -> dt.datetime:
        if not isinstance(other, dt.timedelta):
            return NotImplemented
        cycles, days = divmod(other.days, _CYCLE_DAYS)
        moved = self._inner() + dt.timedelta(days=days, seconds=other.seconds, microseconds=other.microseconds)
        return _shifted(moved, _CYCLE_YEARS * (self.cycles + cycles))

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, dt.timedelta):
            return self + -other
        if isinstance(other, dt.datetime):
            return dt.timedelta(microseconds=_instant(self) - _instant(other))
        return NotImplemented

    def __rsub__(self, other: Any) -> Any:
        if isinstance(other, dt.datetime):
            return dt.timedelta(microseconds=_instant(other) - _instant(self))
        return NotImplemented

    def _order(self, other: object) -> int | None:
        if not isinstance(other, dt.datetime) or (self.tzinfo is None) != (other.tzinfo is None):
            return None
        mine, theirs = _instant(self), _instant(other)
        return (mine > theirs) - (mine < theirs)

    def __eq__(self, other: object) -> bool:
        order = self._order(other)
        return False if order is None else order == 0

    def __lt__(self, other: dt.datetime) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order < 0

    def __le__(self, other: dt.datetime) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order <= 0

    def __gt__(self, other: dt.datetime) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order > 0

    def __ge__(self, other: dt.datetime) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order >= 0

    def __hash__(self) -> int:
        return hash(_instant(self))

    def __repr__(self) -> str:
        return f"ExtendedDateTime({format_date_and_time(self)!r})"


def _instant(value: dt.datetime) -> int:
    """Microseconds since day 1 (local time when naive, UTC when zoned)."""
    clock = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
    offset = value.utcoffset() or dt.timedelta(0)
    return value.toordinal() * 86_400_000_000 + clock - (offset // dt.timedelta(microseconds=1))


def _shifted(value: dt.datetime, years: int) -> dt.datetime:
    return make_datetime(
        value.year + years, value.month, value.day, value.hour, value.minute, value.second,
        value.microsecond, value.tzinfo,
    )


def make_date(year: int, month: int, day: int) -> dt.date:
    """A date for any FEEL year; ValueError for an invalid month or day."""
    if dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date(year, month, day)
    return ExtendedDate(year, month, day)


def make_datetime(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
    tzinfo: dt.tzinfo | None = None,
) -> dt.datetime:
    """A date and time for any FEEL year; ValueError for invalid fields."""
    if dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.datetime(year, month, day, hour, minute, second, microsecond, tzinfo)
    return ExtendedDateTime(year, month, day, hour, minute, second, microsecond, tzinfo)


def date_from_ordinal(ordinal: int) -> dt.date:
    """The date of a (possibly far) proleptic Gregorian day number (day 1 is 0001-01-01)."""
    cycles = (ordinal - _BASE_ORDINAL) // _CYCLE_DAYS
    inner = dt.date.fromordinal(ordinal - cycles * _CYCLE_DAYS)
    return make_date(inner.year + _CYCLE_YEARS * cycles, inner.month, inner.day)


def combine(day: dt.date, time: dt.time) -> dt.datetime:
    """A date (any year) and a time as a date and time, keeping the time's zone."""
    return make_datetime(
        day.year, day.month, day.day, time.hour, time.minute, time.second, time.microsecond, time.tzinfo
    )


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------


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
        raise FeelError(f"time zone offset {offset} is out of range (-18:00..+18:00)")
    return dt.timezone(offset)


def _microseconds(fraction: str | None) -> int:
    digits = (fraction or ".")[1:]
    return int((digits + "000000")[:6])


def _time_fields(match: re.Match[str], original: str) -> tuple[int, int, int, int, bool]:
    """(hour, minute, second, microsecond, end_of_day) from a matched time."""
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    micro = _microseconds(match["fraction"])
    if hour == 24 and minute == 0 and second == 0 and micro == 0:
        return 0, 0, 0, 0, True
    if hour > 23 or minute > 59 or second > 59:
        raise _fail("time", original)
    return hour, minute, second, micro, False


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
    hour, minute, second, micro, _ = _time_fields(match, text)
    return dt.time(hour, minute, second, micro, tzinfo=zone_from_text(match["zone"], text))


def parse_date_and_time(text: str) -> dt.datetime:
    """Parse a FEEL date and time string; a date alone means midnight."""
    match = _DATE_TIME_RE.fullmatch(text)
    if match is None:
        raise _fail("date and time", text, "expected yyyy-mm-ddThh:mm:ss with an optional zone")
    day = _make_date(match["year"], int(match["month"]), int(match["day"]), text)
    if match["hour"] is None:
        return make_datetime(day.year, day.month, day.day)
    hour, minute, second, micro, end_of_day = _time_fields(match, text)
    zone = zone_from_text(match["zone"], text)
    result = make_datetime(day.year, day.month, day.day, hour, minute, second, micro, zone)
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


# ---------------------------------------------------------------------------
# Conversions shared by semantics and built-ins
# ---------------------------------------------------------------------------


def timedelta_of(duration: DaysTimeDuration) -> dt.timedelta:
    """A days and time duration as a timedelta (microsecond resolution)."""
    whole = int(duration.seconds)
    micro = int((duration.seconds - whole) * 1_000_000)
    return dt.timedelta(seconds=whole, microseconds=micro)


def duration_of(delta: dt.timedelta) -> DaysTimeDuration:
    """A timedelta as a days and time duration."""
    total = decimal.Decimal(delta.days * 86400 + delta.seconds)
    if delta.microseconds:
        total += decimal.Decimal(delta.microseconds).scaleb(-6)
    return DaysTimeDuration(total)


def date_to_datetime(value: dt.date, zone: dt.tzinfo | None = None) -> dt.datetime:
    """A date as a date and time at midnight, in ``zone`` (naive when None)."""
    return make_datetime(value.year, value.month, value.day, tzinfo=zone)


def add_months(value: dt.date, months: int) -> dt.date:
    """Shift a date or date and time by ``months``, clamping the day to the month's end."""
    index = value.year * 12 + (value.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    day = min(value.day, _days_in_month(year, month))
    if isinstance(value, dt.datetime):
        return make_datetime(
            year, month, day, value.hour, value.minute, value.second, value.microsecond, value.tzinfo
        )
    return make_date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end``, counted on the calendar dates (times and zones aside)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if months > 0 and end.day < start.day:
        months -= 1
    elif months < 0 and end.day > start.day:
        months += 1
    return months


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def format_date(value: dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _format_offset(offset: dt.timedelta) -> str:
    if not offset:
        return "Z"
    sign = "-" if offset < dt.timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text


def format_zone(zone: dt.tzinfo | None, reference: dt.datetime | None = None) -> str:
    """The zone suffix: ``""`` (local), ``Z``, ``+01:00`` or ``@Europe/Paris``."""
    if zone is None:
        return ""
    if isinstance(zone, zoneinfo.ZoneInfo):
        return f"@{zone.key}"
    offset = zone.utcoffset(reference)
    return "" if offset is None else _format_offset(offset)


def _format_clock(hour: int, minute: int, second: int, micro: int) -> str:
    text = f"{hour:02d}:{minute:02d}:{second:02d}"
    if micro:
        text += f".{micro:06d}".rstrip("0")
    return text


def format_time(value: dt.time) -> str:
    clock = _format_clock(value.hour, value.minute, value.second, value.microsecond)
    return clock + format_zone(value.tzinfo)


def format_date_and_time(value: dt.datetime) -> str:
    clock = _format_clock(value.hour, value.minute, value.second, value.microsecond)
    return f"{format_date(value)}T{clock}{format_zone(value.tzinfo, value)}"


def format_number(value: decimal.Decimal) -> str:
    """A number without exponent and without insignificant trailing zeros (``1.50`` → ``1.5``)."""
    if value.is_nan():
        return "NaN"
    if value.is_infinite():
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def _format_name(name: str) -> str:
    return name if re.fullmatch(r"[^\W\d][\w ?']*", name) and not name.endswith(" ") else _quote(name)


def to_string(value: Any) -> str:
    """The FEEL ``string()`` form of a value (a string stays as it is; nested strings are quoted)."""
    if isinstance(value, str):
        return value
    return _literal(value)


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format_number(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, dt.datetime):
        return format_date_and_time(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, (DaysTimeDuration, YearsMonthsDuration)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        entries = (f"{_format_name(str(key))}: {_literal(item)}" for key, item in value.items())
        return "{" + ", ".join(entries) + "}"
    if isinstance(value, Range):
        return _format_range(value)
    if isinstance(value, FeelFunction):
        return f"function {value.name}({', '.join(value.params)})"
    return str(value)


def _format_range(value: Range) -> str:
    if value.start is None and value.end is not None:
        return ("<= " if value.end_included else "< ") + _literal(value.end)
    if value.end is None and value.start is not None:
        return (">= " if value.start_included else "> ") + _literal(value.start)
    opening = "[" if value.start_included else "("
    closing = "]" if value.end_included else ")"
    return f"{opening}{_literal(value.start)}..{_literal(value.end)}{closing}"
