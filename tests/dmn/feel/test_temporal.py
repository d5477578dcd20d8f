"""Parsing and formatting of FEEL temporal values and the string() form of values."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.temporal import (
    add_months,
    months_between,
    parse_date,
    parse_date_and_time,
    parse_duration,
    parse_temporal,
    parse_time,
    shift,
    to_string,
)
from opgave.dmn.feel.values import DaysTimeDuration, FeelFunction, Range, YearsMonthsDuration, number


def test_parse_date() -> None:
    assert parse_date("2018-12-08") == dt.date(2018, 12, 8)


@pytest.mark.parametrize(
    "text",
    ["", "2012/12/25", "2012-12-25T", "2017-13-10", "2017-12-32", "998-12-31", "01211-12-31", "+2012-12-02"],
)
def test_invalid_dates(text: str) -> None:
    with pytest.raises(FeelError):
        parse_date(text)


@pytest.mark.parametrize(
    "text", ["-2017-12-31", "99999-12-31", "999999999-12-31", "-999999999-01-01", "0000-02-29"]
)
def test_years_outside_python_range_round_trip(text: str) -> None:
    value = parse_date(text)
    assert to_string(value) == text
    assert value.year == int(text[:-6])
    assert to_string(parse_date_and_time(text + "T10:00:00@Europe/Paris")) == text + "T10:00:00@Europe/Paris"


def test_years_beyond_nine_digits_are_errors() -> None:
    with pytest.raises(FeelError):
        parse_date("9999999999-12-25")


def test_extended_years_keep_the_calendar() -> None:
    far = parse_date("-2017-12-31")
    assert far.weekday() == 5  # a Saturday, as in the proleptic Gregorian calendar
    assert (far + dt.timedelta(days=1)) == parse_date("-2016-01-01")
    assert parse_date("-2016-01-01") - far == dt.timedelta(days=1)
    assert far < dt.date(1, 1, 1) < parse_date("10000-01-01")
    early = shift(parse_date_and_time("0001-01-01T00:00:00Z"), dt.timedelta(seconds=-1))
    assert to_string(early) == "0000-12-31T23:59:59Z"
    late = parse_date_and_time("9999-12-31T23:00:00")
    assert to_string(shift(late, dt.timedelta(hours=2))) == "10000-01-01T01:00:00"
    assert add_months(parse_date("-0001-01-31"), 1) == parse_date("-0001-02-28")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01:02:03", "01:02:03"),
        ("11:22:33.444", "11:22:33.444"),
        ("11:22:33.123456789", "11:22:33.123456789"),
        ("11:22:33.1234567891", "11:22:33.123456789"),
        ("11:22:33-00:00", "11:22:33Z"),
        ("13:20:00+02:00", "13:20:00+02:00"),
        ("00:01:00@Etc/UTC", "00:01:00@Etc/UTC"),
        ("24:00:00", "00:00:00"),
    ],
)
def test_time_round_trip(text: str, expected: str) -> None:
    assert to_string(parse_time(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "23:59:60",
        "24:00:01",
        "25:00:00",
        "7:00:00",
        "13:20:00@xyz/abc",
        "13:20:00+19:00",
        "13:20:00+5:00",
        "13:20:00+02:00@Europe/Paris",
        "11:30:00T",
    ],
)
def test_invalid_times(text: str) -> None:
    with pytest.raises(FeelError):
        parse_time(text)


def test_time_zones() -> None:
    assert parse_time("10:00:00@Europe/Paris").tzinfo == zoneinfo.ZoneInfo("Europe/Paris")
    offset = parse_time("10:00:00+05:00:01").utcoffset()
    assert offset == dt.timedelta(hours=5, seconds=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-12-08", "2018-12-08T00:00:00"),
        ("2017-12-31T11:22:33.567Z", "2017-12-31T11:22:33.567Z"),
        ("2017-12-31T11:22:33-01:35", "2017-12-31T11:22:33-01:35"),
        ("2011-12-31T10:15:30@Europe/Paris", "2011-12-31T10:15:30@Europe/Paris"),
        ("2021-01-01T24:00:00", "2021-01-02T00:00:00"),
    ],
)
def test_date_and_time_round_trip(text: str, expected: str) -> None:
    assert to_string(parse_date_and_time(text)) == expected


@pytest.mark.parametrize("text", ["11:00:00", "2011-12-0310:15:30", "2017-12-31T24:00:01", "2017-12-31T07:2"])
def test_invalid_date_and_times(text: str) -> None:
    with pytest.raises(FeelError):
        parse_date_and_time(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1D", "P1D"),
        ("PT0.999S", "PT0.999S"),
        ("PT0.000S", "PT0S"),
        ("PT0.S", "PT0S"),
        ("P0D", "PT0S"),
        ("-PT1H2M", "-PT1H2M"),
        ("PT1000M", "PT16H40M"),
        ("PT24H", "P1D"),
        ("P1DT25H", "P2DT1H"),
        ("P1Y2M", "P1Y2M"),
        ("P13M", "P1Y1M"),
        ("P0Y", "P0M"),
        ("-P100M", "-P8Y4M"),
        ("P999999999M", "P83333333Y3M"),
    ],
)
def test_duration_normalisation(text: str, expected: str) -> None:
    assert to_string(parse_duration(text)) == expected


@pytest.mark.parametrize("text", ["", "P", "P0", "1Y", "P1H", "P1S", "PT", "P1Y2D", "P1YT1H"])
def test_invalid_durations(text: str) -> None:
    with pytest.raises(FeelError):
        parse_duration(text)


def test_parse_temporal_picks_the_kind() -> None:
    assert isinstance(parse_temporal("P1Y"), YearsMonthsDuration)
    assert isinstance(parse_temporal("-PT1S"), DaysTimeDuration)
    assert type(parse_temporal("2019-03-31")) is dt.date
    assert isinstance(parse_temporal("2018-12-08T10:30:11"), dt.datetime)
    assert isinstance(parse_temporal("10:30:11@Etc/UTC"), dt.time)
    with pytest.raises(FeelError):
        parse_temporal("foo")


def test_months_between_counts_whole_months_on_dates() -> None:
    assert months_between(dt.date(2011, 12, 22), dt.date(2013, 8, 24)) == 20
    assert months_between(dt.date(2013, 8, 24), dt.date(2011, 12, 22)) == -20
    assert months_between(dt.datetime(2014, 12, 31, 23, 59), dt.datetime(2016, 12, 31, 0, 0, 1)) == 24


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "true"),
        ("foo", "foo"),
        (number("1.50"), "1.5"),
        (Decimal("1.23E+4"), "12300"),
        (number("-0.000123"), "-0.000123"),
        ([number(1), "a", None], '[1, "a", null]'),
        ({"a": number(1), "b c": [True]}, "{a: 1, b c: [true]}"),
        ({"a+b": number(1)}, '{"a+b": 1}'),
        (Range(number(1), number(10), True, False), "[1..10)"),
        (Range(None, number(10), False, False), "< 10"),
        (Range(number(1), None, True, False), ">= 1"),
        (dt.date(2020, 1, 2), "2020-01-02"),
    ],
)
def test_to_string(value: object, expected: str) -> None:
    assert to_string(value) == expected


def test_to_string_of_a_function_names_it() -> None:
    assert to_string(FeelFunction("f", ("a", "b"), lambda a, b: a)) == "function f(a, b)"


def test_nanoseconds_are_kept_through_conversions_and_arithmetic() -> None:
    precise = parse_date_and_time("2017-09-05T09:15:30.987654321@Europe/Paris")
    assert to_string(precise) == "2017-09-05T09:15:30.987654321@Europe/Paris"
    assert to_string(precise.timetz()) == "09:15:30.987654321@Europe/Paris"
    assert to_string(shift(precise, dt.timedelta(days=1))) == "2017-09-06T09:15:30.987654321@Europe/Paris"
    coarse = parse_date_and_time("2017-09-05T09:15:30.987654@Europe/Paris")
    assert coarse < precise and precise != coarse and precise > coarse
    assert parse_time("10:00:00.000000001") > parse_time("10:00:00")
    assert parse_time("10:00:00.000000001") == parse_time("10:00:00.000000001")
    assert to_string(parse_time("10:00:00.0000000015")) == "10:00:00.000000001"


def test_values_beyond_python_print_their_real_form() -> None:
    assert parse_date("-2017-12-31").isoformat() == "-2017-12-31"
    assert str(parse_date_and_time("99999-01-01T10:00:00+02:00")) == "99999-01-01T10:00:00+02:00"
    assert parse_time("10:00:00.123456789").isoformat() == "10:00:00.123456789"
