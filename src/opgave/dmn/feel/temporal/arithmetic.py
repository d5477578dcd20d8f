"""Calendar arithmetic shared by the operators and the built-ins: durations, month shifts, month counts."""

from __future__ import annotations

import calendar
import datetime as dt
import decimal

from opgave.dmn.feel.temporal.extended import make_date, make_datetime, nanos_of
from opgave.dmn.feel.values import DaysTimeDuration


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
            year,
            month,
            day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.tzinfo,
            nanos_of(value),
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
