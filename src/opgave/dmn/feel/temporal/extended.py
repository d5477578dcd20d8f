"""Temporal values Python's datetime cannot hold: years outside 1..9999 and nanoseconds.

The Gregorian calendar repeats every 400 years, so such a value is kept as the same
calendar day a whole number of 400-year cycles away (inside 2000..2399), plus the
number of cycles. Leap years, month lengths and weekdays are therefore right.
A fraction of a second with more than six digits keeps the extra nanoseconds in
``nanos``. Only values outside Python's reach take these forms (see :func:`make_date`,
:func:`make_datetime`, :func:`make_time`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from opgave.dmn.feel.errors import FeelError

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


class _Extended:
    """What the two extended classes share: the real year and an order on the real values."""

    __slots__ = ()
    cycles: int

    def _order(self, other: Any) -> int | None:
        raise NotImplementedError

    def __eq__(self, other: Any) -> bool:
        order = self._order(other)
        return False if order is None else order == 0

    def __ne__(self, other: Any) -> bool:
        order = self._order(other)
        return True if order is None else order != 0

    def __lt__(self, other: Any) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order < 0

    def __le__(self, other: Any) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order <= 0

    def __gt__(self, other: Any) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order > 0

    def __ge__(self, other: Any) -> bool:
        order = self._order(other)
        return NotImplemented if order is None else order >= 0


class ExtendedDate(_Extended, dt.date):
    """A date whose year lies outside 1..9999: the same calendar day, ``cycles`` times 400 years away.

    Only values outside Python's range take this form (see :func:`make_date`).
    """

    __slots__ = ("cycles",)

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

    def replace(self, year: Any = None, month: Any = None, day: Any = None) -> Any:
        return make_date(self.year if year is None else year, month or self.month, day or self.day)

    def __add__(self, other: Any) -> Any:
        if not isinstance(other, dt.timedelta):
            return NotImplemented
        return date_from_ordinal(self.toordinal() + other.days)

    def __radd__(self, other: Any) -> Any:
        return self.__add__(other)

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

    def _order(self, other: Any) -> int | None:
        if not isinstance(other, dt.date) or isinstance(other, dt.datetime):
            return None
        mine, theirs = self.toordinal(), other.toordinal()
        return (mine > theirs) - (mine < theirs)

    def __hash__(self) -> int:
        return hash(self.toordinal())

    def isoformat(self) -> str:
        from opgave.dmn.feel.temporal.formatting import format_date

        return format_date(self)

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"ExtendedDate({self.year}, {self.month}, {self.day})"


class ExtendedDateTime(_Extended, dt.datetime):
    """A date and time whose year lies outside 1..9999 (see :class:`ExtendedDate`), or whose
    fraction of a second goes beyond microseconds (``nanos``: the extra 0..999 nanoseconds)."""

    __slots__ = ("cycles", "nanos")
    nanos: int

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
        nanos: int = 0,
    ) -> ExtendedDateTime:
        cycles, inner = _split_year(year)
        self = super().__new__(cls, inner, month, day, hour, minute, second, microsecond, tzinfo)
        self.cycles = cycles
        self.nanos = nanos
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

    def timetz(self) -> dt.time:
        return make_time(self.hour, self.minute, self.second, self.microsecond, self.tzinfo, self.nanos)

    def time(self) -> dt.time:
        return make_time(self.hour, self.minute, self.second, self.microsecond, None, self.nanos)

    def replace(self, year: Any = None, month: Any = None, day: Any = None, **fields: Any) -> Any:  # type: ignore[override]
        moved = self._inner().replace(month=month or self.month, day=day or self.day, **fields)
        return _shifted(moved, (self.year if year is None else year) - moved.year, self.nanos)

    def __add__(self, other: Any) -> Any:
        if not isinstance(other, dt.timedelta):
            return NotImplemented
        cycles, days = divmod(other.days, _CYCLE_DAYS)
        moved = self._inner() + dt.timedelta(
            days=days, seconds=other.seconds, microseconds=other.microseconds
        )
        return _shifted(moved, _CYCLE_YEARS * (self.cycles + cycles), self.nanos)

    def __radd__(self, other: Any) -> Any:
        return self.__add__(other)

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, dt.timedelta):
            return self + -other
        if isinstance(other, dt.datetime):
            return dt.timedelta(microseconds=(instant(self) - instant(other)) // 1000)
        return NotImplemented

    def __rsub__(self, other: Any) -> Any:
        if isinstance(other, dt.datetime):
            return dt.timedelta(microseconds=(instant(other) - instant(self)) // 1000)
        return NotImplemented

    def _order(self, other: Any) -> int | None:
        if not isinstance(other, dt.datetime) or (self.tzinfo is None) != (other.tzinfo is None):
            return None
        mine, theirs = instant(self), instant(other)
        return (mine > theirs) - (mine < theirs)

    def __hash__(self) -> int:
        return hash(instant(self))

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        """The FEEL lexical form (Python's own would show the stored year)."""
        from opgave.dmn.feel.temporal.formatting import format_date_and_time

        return format_date_and_time(self)

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        fields = f"{self.year}, {self.month}, {self.day}, {self.hour}, {self.minute}, {self.second}"
        return f"ExtendedDateTime({fields}, {self.microsecond}, {self.tzinfo!r}, nanos={self.nanos})"


class ExtendedTime(_Extended, dt.time):
    """A time with a fraction of a second beyond microseconds (``nanos``: the extra 0..999 ns)."""

    __slots__ = ("nanos",)
    nanos: int

    def __new__(
        cls,
        hour: int = 0,
        minute: int = 0,
        second: int = 0,
        microsecond: int = 0,
        tzinfo: dt.tzinfo | None = None,
        nanos: int = 0,
    ) -> ExtendedTime:
        self = super().__new__(cls, hour, minute, second, microsecond, tzinfo)
        self.nanos = nanos
        return self

    def replace(self, **fields: Any) -> Any:  # type: ignore[override]
        plain = dt.time(self.hour, self.minute, self.second, self.microsecond, self.tzinfo).replace(**fields)
        return make_time(plain.hour, plain.minute, plain.second, plain.microsecond, plain.tzinfo, self.nanos)

    def _order(self, other: Any) -> int | None:
        if not isinstance(other, dt.time) or (self.tzinfo is None) != (other.tzinfo is None):
            return None
        mine, theirs = instant(combine(_REFERENCE_DAY, self)), instant(combine(_REFERENCE_DAY, other))
        return (mine > theirs) - (mine < theirs)

    def __hash__(self) -> int:
        return hash(instant(combine(_REFERENCE_DAY, self)))

    def isoformat(self, timespec: str = "auto") -> str:
        """The FEEL lexical form, with all nine digits of the fraction."""
        from opgave.dmn.feel.temporal.formatting import format_time

        return format_time(self)

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        fields = f"{self.hour}, {self.minute}, {self.second}, {self.microsecond}"
        return f"ExtendedTime({fields}, {self.tzinfo!r}, nanos={self.nanos})"


_REFERENCE_DAY = dt.date(1970, 1, 2)


def nanos_of(value: dt.time | dt.datetime) -> int:
    """The nanoseconds beyond the microseconds of a time or date and time (0 for plain values)."""
    return getattr(value, "nanos", 0)


def instant(value: dt.datetime) -> int:
    """Nanoseconds since day 1 (local time when naive, UTC when zoned)."""
    clock = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
    offset = value.utcoffset() or dt.timedelta(0)
    micros = value.toordinal() * 86_400_000_000 + clock - (offset // dt.timedelta(microseconds=1))
    return micros * 1000 + nanos_of(value)


def make_time(
    hour: int,
    minute: int,
    second: int,
    microsecond: int = 0,
    tzinfo: dt.tzinfo | None = None,
    nanos: int = 0,
) -> dt.time:
    """A time; one with nanoseconds beyond the microseconds is an :class:`ExtendedTime`."""
    if nanos:
        return ExtendedTime(hour, minute, second, microsecond, tzinfo, nanos)
    return dt.time(hour, minute, second, microsecond, tzinfo)


def _shifted(value: dt.datetime, years: int, nanos: int = 0) -> dt.datetime:
    return make_datetime(
        value.year + years,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        value.tzinfo,
        nanos,
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
    nanos: int = 0,
) -> dt.datetime:
    """A date and time for any FEEL year and nanoseconds; ValueError for invalid fields."""
    if dt.MINYEAR <= year <= dt.MAXYEAR and not nanos:
        return dt.datetime(year, month, day, hour, minute, second, microsecond, tzinfo)
    return ExtendedDateTime(year, month, day, hour, minute, second, microsecond, tzinfo, nanos)


def date_from_ordinal(ordinal: int) -> dt.date:
    """The date of a (possibly far) proleptic Gregorian day number (day 1 is 0001-01-01)."""
    cycles = (ordinal - _BASE_ORDINAL) // _CYCLE_DAYS
    inner = dt.date.fromordinal(ordinal - cycles * _CYCLE_DAYS)
    return make_date(inner.year + _CYCLE_YEARS * cycles, inner.month, inner.day)


def shift(value: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """``value + delta``, also when the result leaves Python's years 1..9999."""
    try:
        return value + delta
    except OverflowError:
        far = ExtendedDateTime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.tzinfo,
            nanos_of(value),
        )
        result: dt.datetime = far + delta
        return result


def shift_exactly(value: dt.datetime, seconds: Decimal) -> dt.datetime:
    """``value`` moved by a (signed, fractional) number of seconds, to the nanosecond."""
    micro, extra = divmod(int(seconds.scaleb(9)), 1000)
    carry, nanos = divmod(nanos_of(value) + extra, 1000)
    moved = shift(value, dt.timedelta(microseconds=micro + carry))
    if nanos == nanos_of(moved):
        return moved
    return make_datetime(
        moved.year,
        moved.month,
        moved.day,
        moved.hour,
        moved.minute,
        moved.second,
        moved.microsecond,
        moved.tzinfo,
        nanos,
    )


def combine(day: dt.date, time: dt.time) -> dt.datetime:
    """A date (any year) and a time as a date and time, keeping the time's zone."""
    return make_datetime(
        day.year,
        day.month,
        day.day,
        time.hour,
        time.minute,
        time.second,
        time.microsecond,
        time.tzinfo,
        nanos_of(time),
    )
