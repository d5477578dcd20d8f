"""Property tests: arithmetic agrees with decimal128, orderings are consistent, temporals round-trip."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from opgave.dmn.feel import semantics
from opgave.dmn.feel.builtins import BUILTINS
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.temporal import parse_date_and_time, parse_duration, parse_time, to_string
from opgave.dmn.feel.values import DECIMAL128, DaysTimeDuration, YearsMonthsDuration

#: No time limit per example: these tests check behaviour, never speed.
no_deadline = settings(deadline=None)

numbers = st.decimals(
    allow_nan=False, allow_infinity=False, places=6, min_value=-(10**12), max_value=10**12
).map(DECIMAL128.create_decimal)
small_ints = st.integers(min_value=-(10**9), max_value=10**9).map(Decimal)
strings = st.text(max_size=8)
dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9000, 12, 31))
day_time_durations = st.builds(
    lambda seconds, micros: DaysTimeDuration(Decimal(seconds) + Decimal(micros).scaleb(-6)),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.integers(min_value=0, max_value=999_999),
)
year_month_durations = st.integers(min_value=-(10**6), max_value=10**6).map(YearsMonthsDuration)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)) if minutes else dt.UTC
)
date_times = st.builds(
    lambda day, seconds, zone: (
        dt.datetime(day.year, day.month, day.day, tzinfo=zone) + dt.timedelta(seconds=seconds)
    ),
    dates,
    st.integers(min_value=0, max_value=86399),
    st.one_of(st.none(), offsets),
)


@no_deadline
@given(numbers, numbers)
def test_addition_is_commutative(a: Decimal, b: Decimal) -> None:
    assert semantics.add(a, b) == semantics.add(b, a)
    assert semantics.multiply(a, b) == semantics.multiply(b, a)


@no_deadline
@given(small_ints, small_ints)
def test_subtraction_undoes_exact_addition(a: Decimal, b: Decimal) -> None:
    assert semantics.subtract(semantics.add(a, b), b) == a


@no_deadline
@given(numbers, numbers)
def test_arithmetic_matches_decimal128(a: Decimal, b: Decimal) -> None:
    context = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN)
    assert semantics.add(a, b) == context.add(a, b)
    assert semantics.multiply(a, b) == context.multiply(a, b)
    if b:
        assert semantics.divide(a, b) == context.divide(a, b)


@no_deadline
@given(numbers, st.integers(min_value=0, max_value=5))
def test_decimal_rounds_half_even(value: Decimal, scale: int) -> None:
    result = BUILTINS["decimal"](value, Decimal(scale))
    assert result == value.quantize(Decimal(1).scaleb(-scale), rounding=decimal.ROUND_HALF_EVEN)
    assert abs(result - value) <= Decimal(1).scaleb(-scale) / 2


@no_deadline
@given(numbers, st.integers(min_value=0, max_value=4))
def test_rounding_functions_bracket_the_value(value: Decimal, scale: int) -> None:
    scale_number = Decimal(scale)
    floor = BUILTINS["floor"](value, scale_number)
    ceiling = BUILTINS["ceiling"](value, scale_number)
    assert floor <= value <= ceiling
    assert ceiling - floor <= Decimal(1).scaleb(-scale)
    assert BUILTINS["round down"](value, scale_number) in (floor, ceiling)
    assert abs(BUILTINS["round up"](value, scale_number)) >= abs(value)


@no_deadline
@given(
    st.one_of(
        st.tuples(numbers, numbers, numbers),
        st.tuples(strings, strings, strings),
        st.tuples(dates, dates, dates),
        st.tuples(day_time_durations, day_time_durations, day_time_durations),
    )
)
def test_ordering_is_a_total_order_within_a_type(values: tuple[object, object, object]) -> None:
    a, b, c = values
    ab, ba = semantics.compare(a, b), semantics.compare(b, a)
    assert ab is not None and ba is not None
    assert ab == -ba
    assert (ab == 0) == (semantics.equal(a, b) is True)
    bc, ac = semantics.compare(b, c), semantics.compare(a, c)
    if ab <= 0 and bc is not None and bc <= 0:
        assert ac is not None and ac <= 0


@no_deadline
@given(st.one_of(numbers, strings, dates, day_time_durations, year_month_durations, st.booleans()))
def test_equality_is_reflexive(value: object) -> None:
    assert semantics.equal(value, value) is True
    assert semantics.equal([value, {"a": value}], [value, {"a": value}]) is True


@no_deadline
@given(dates, day_time_durations)
def test_date_and_time_plus_minus_duration_round_trips(day: dt.date, duration: DaysTimeDuration) -> None:
    start = dt.datetime(day.year, day.month, day.day, 12, 0, 0)
    moved = semantics.add(start, duration)
    assert semantics.subtract(moved, duration) == start
    assert semantics.subtract(moved, start) == duration


@no_deadline
@given(date_times, date_times)
def test_difference_of_date_times_adds_back(a: dt.datetime, b: dt.datetime) -> None:
    assume((a.tzinfo is None) == (b.tzinfo is None))
    difference = semantics.subtract(a, b)
    assert semantics.equal(semantics.add(b, difference), a) is True


@no_deadline
@given(day_time_durations)
def test_days_and_time_durations_round_trip_through_text(duration: DaysTimeDuration) -> None:
    assert parse_duration(to_string(duration)) == duration


@no_deadline
@given(year_month_durations)
def test_years_and_months_durations_round_trip_through_text(duration: YearsMonthsDuration) -> None:
    assert parse_duration(to_string(duration)) == duration


@no_deadline
@given(date_times)
def test_date_and_time_round_trips_through_text(value: dt.datetime) -> None:
    assert parse_date_and_time(to_string(value)) == value
    assert parse_time(to_string(value.timetz())) == value.timetz()


@no_deadline
@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=100))
def test_years_and_months_normalise(years: int, months: int) -> None:
    parsed = parse_duration(f"P{years}Y{months}M")
    assert parsed == YearsMonthsDuration(years * 12 + months)
    assert to_string(parsed) == to_string(YearsMonthsDuration(years * 12 + months))


@no_deadline
@given(dates, year_month_durations)
def test_adding_months_clamps_to_month_end(day: dt.date, duration: YearsMonthsDuration) -> None:
    try:
        moved = semantics.add(day, duration)
    except FeelError:  # outside years 1..9999
        assume(False)
        raise
    assert moved.day == day.day or (
        moved.day < day.day and (moved + dt.timedelta(days=1)).month != moved.month
    )
