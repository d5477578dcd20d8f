"""Property tests for temporal values beyond Python's reach: far years and nanoseconds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from opgave.dmn.feel import semantics
from opgave.dmn.feel.temporal import (
    date_from_ordinal,
    make_date,
    make_datetime,
    parse_date,
    parse_date_and_time,
    to_string,
)
from opgave.dmn.feel.values import DaysTimeDuration, YearsMonthsDuration

#: No time limit per example: these tests check behaviour, never speed.
no_deadline = settings(deadline=None)

far_dates = st.builds(
    lambda year, month, day: make_date(year, month, min(day, 28)),
    st.integers(min_value=-999_900_000, max_value=999_900_000),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=31),
)


@no_deadline
@given(far_dates)
def test_far_dates_round_trip_through_text(value: dt.date) -> None:
    assert parse_date(to_string(value)) == value
    assert date_from_ordinal(value.toordinal()) == value


@no_deadline
@given(far_dates, st.integers(min_value=-(10**6), max_value=10**6))
def test_far_dates_count_days_consistently(value: dt.date, days: int) -> None:
    moved = semantics.add(value, DaysTimeDuration(semantics.Decimal(days * 86400)))
    assert semantics.subtract(moved, value) == DaysTimeDuration(semantics.Decimal(days * 86400))
    assert moved.weekday() == (value.weekday() + days) % 7
    assert (moved > value) == (days > 0)


@no_deadline
@given(far_dates, st.integers(min_value=0, max_value=86_399), st.integers(min_value=0, max_value=999_999_999))
def test_far_date_and_times_round_trip_with_nanoseconds(day: dt.date, seconds: int, nanoseconds: int) -> None:
    micro, nanos = divmod(nanoseconds, 1000)
    hour, rest = divmod(seconds, 3600)
    value = make_datetime(day.year, day.month, day.day, hour, rest // 60, rest % 60, micro, dt.UTC, nanos)
    assert parse_date_and_time(to_string(value)) == value


@no_deadline
@given(far_dates, st.integers(min_value=-(10**9), max_value=10**9))
def test_far_date_and_time_plus_minus_duration_round_trips(day: dt.date, seconds: int) -> None:
    start = make_datetime(day.year, day.month, day.day, 12)
    duration = DaysTimeDuration(semantics.Decimal(seconds))
    moved = semantics.add(start, duration)
    assert semantics.subtract(moved, duration) == start
    assert semantics.subtract(moved, start) == duration


@no_deadline
@given(far_dates, st.integers(min_value=-(10**5), max_value=10**5))
def test_far_dates_shift_by_months_and_back(day: dt.date, months: int) -> None:
    moved = semantics.add(day, YearsMonthsDuration(months))
    assert semantics.subtract(moved, YearsMonthsDuration(months)) == day  # day <= 28 never clamps
