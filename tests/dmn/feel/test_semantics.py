"""Value semantics of FEEL operators (DMN 1.5 §10.3.2): arithmetic, equality and ordering."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from opgave.dmn.feel import semantics
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.temporal import parse_temporal, to_string
from opgave.dmn.feel.values import DaysTimeDuration, FeelFunction, Range, YearsMonthsDuration, number


def n(text: str | int) -> Decimal:
    return number(text)


def t(text: str) -> Any:
    return parse_temporal(text)


# --- numbers -----------------------------------------------------------------


def test_number_arithmetic_uses_decimal128() -> None:
    assert semantics.add(n("0.1"), n("0.2")) == n("0.3")
    assert semantics.divide(n(1), n(3)) == Decimal("0.3333333333333333333333333333333333")
    assert semantics.multiply(n("1.5"), n(2)) == n(3)
    assert semantics.power(n(2), n(10)) == n(1024)
    assert semantics.negate(n(5)) == n(-5)


@pytest.mark.parametrize("operation", [semantics.divide])
def test_division_by_zero_is_an_error(operation: Any) -> None:
    with pytest.raises(FeelError, match="division by zero"):
        operation(n(1), n(0))


def test_overflow_is_an_error() -> None:
    with pytest.raises(FeelError, match="too large"):
        semantics.power(n(10), n(7000))


def test_null_operand_gives_null() -> None:
    assert semantics.add(None, n(1)) is None
    assert semantics.subtract(n(1), None) is None
    assert semantics.multiply(None, None) is None
    assert semantics.negate(None) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [(n(10), "10"), (n(10), True), ("10", n(10)), ([n(1)], n(1)), ({"a": n(1)}, n(1))],
)
def test_adding_different_types_is_an_error(a: Any, b: Any) -> None:
    with pytest.raises(FeelError, match="cannot apply"):
        semantics.add(a, b)


def test_strings_concatenate() -> None:
    assert semantics.add("foo", "bar") == "foobar"


# --- temporal arithmetic -----------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("2021-01-01", "P1M", "2021-02-01"),
        ("2021-01-31", "P1M", "2021-02-28"),
        ("2020-01-31", "P1M", "2020-02-29"),
        ("2021-01-01", "PT36H", "2021-01-02"),
        ("2021-01-01T10:10:10", "P1Y", "2022-01-01T10:10:10"),
        ("2021-01-01T10:10:10+11:00", "-P1M", "2020-12-01T10:10:10+11:00"),
        ("2021-01-12T10:10:10@Australia/Melbourne", "P1DT1H", "2021-01-13T11:10:10@Australia/Melbourne"),
        ("2021-01-01T24:00:00", "PT1S", "2021-01-02T00:00:01"),
        ("10:15:00", "PT1H", "11:15:00"),
        ("10:15:00", "P1D", "10:15:00"),
        ("23:30:00+01:00", "PT1H", "00:30:00+01:00"),
    ],
)
def test_adding_durations(left: str, right: str, expected: str) -> None:
    assert to_string(semantics.add(t(left), t(right))) == expected
    assert to_string(semantics.add(t(right), t(left))) == expected


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("2021-01-02", "2021-01-01", "P1D"),
        ("2021-01-02", "2021-01-01T10:10:10+11:00", "P1DT49M50S"),
        ("2021-01-02T10:10:10+01:00", "2021-01-01", "P1DT9H10M10S"),
        ("2021-01-02", "PT25H", "2020-12-31"),
        ("2020-03-01", "PT24H", "2020-02-29"),
        ("10:10:10", "11:10:10", "-PT1H"),
        ("10:10:10@Australia/Melbourne", "09:10:10@Australia/Melbourne", "PT1H"),
        ("2021-01-02T10:10:10", "2021-01-01T09:00:00", "P1DT1H10M10S"),
    ],
)
def test_subtracting_temporals(left: str, right: str, expected: str) -> None:
    assert to_string(semantics.subtract(t(left), t(right))) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("2021-01-02T10:10:10", "2021-01-01T10:10:10@Europe/Paris"),
        ("2021-01-02T10:10:10+02:00", "2021-01-01T10:10:10"),
        ("2021-01-02", "2021-01-01T10:10:10"),
        ("2021-01-01", "10:10:10"),
        ("P1D", "2021-01-01"),
        ("10:10:10", "P1Y"),
    ],
)
def test_undefined_temporal_subtractions_are_errors(left: str, right: str) -> None:
    with pytest.raises(FeelError):
        semantics.subtract(t(left), t(right))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (lambda: semantics.multiply(n("1.5"), t("P4DT1H")), "P6DT1H30M"),
        (lambda: semantics.multiply(t("PT23H"), n("2.5")), "P2DT9H30M"),
        (lambda: semantics.multiply(n("-2.5"), t("P1Y11M")), "-P4Y9M"),
        (lambda: semantics.divide(t("P10Y11M"), n("2.5")), "P4Y4M"),
        (lambda: semantics.divide(t("P10DT23H"), n("2.5")), "P4DT9H12M"),
        (lambda: semantics.divide(t("P10Y"), t("P5Y")), "2"),
        (lambda: semantics.divide(t("P10D"), t("P5D")), "2"),
        (lambda: semantics.add(t("P1Y"), t("P13M")), "P2Y1M"),
        (lambda: semantics.subtract(t("P1D"), t("PT1H")), "PT23H"),
    ],
)
def test_duration_arithmetic(expression: Any, expected: str) -> None:
    assert to_string(expression()) == expected


def test_mixing_duration_kinds_is_an_error() -> None:
    with pytest.raises(FeelError):
        semantics.divide(t("P10D"), t("P1Y"))
    with pytest.raises(FeelError):
        semantics.add(t("P10D"), t("P1Y"))


def test_dividing_a_duration_by_zero_is_an_error() -> None:
    with pytest.raises(FeelError):
        semantics.divide(t("P10D"), n(0))
    with pytest.raises(FeelError):
        semantics.divide(t("P10D"), t("P0D"))


# --- equality ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (None, None, True),
        (True, None, False),
        (n(100), None, False),
        (False, n(0), None),
        (n(100), "100", None),
        (n(0), n("0.00"), True),
        (n(12300), Decimal("1.23E+4"), True),
        ("foo", "Foo", False),
        ([n(1), n(2)], [n(1), n(2)], True),
        ([n(1), n(2)], [n(2), n(1)], False),
        ([n(1)], [n(1), n(1)], False),
        ([n(100)], n(100), None),
        ({"a": n(1), "b": n(2)}, {"b": n(2), "a": n(1)}, True),
        ({"a": n(1)}, {"a": n(1), "b": n(2)}, False),
        ({}, [], None),
        (t("P1D"), t("PT24H"), True),
        (t("P1Y"), t("P12M"), True),
        (t("P0D"), t("P0Y"), True),
        (t("P1Y"), t("P365D"), None),
        (t("10:30:00Z"), t("10:30:00+00:00"), True),
        (t("10:30:00+02:00"), t("10:30:00@Europe/Paris"), False),
        (t("10:30:00@Europe/Paris"), t("10:30:00"), False),
        (t("10:30:00@Europe/Paris"), t("10:30:00@Europe/Paris"), True),
        (t("2002-04-02T12:00:00-01:00"), t("2002-04-02T17:00:00+04:00"), True),
        (t("2018-12-08T00:00:00"), t("2018-12-08T00:00:00@Asia/Dhaka"), False),
        (t("2002-04-02"), t("2002-04-02T00:00:00Z"), True),
        (Range(n(1), n(10), True, False), Range(n(1), n(10), True, False), True),
        (Range(n(1), n(10), True, False), Range(n(1), n(10), True, True), False),
        (Range(None, n(10), False, False), Range(None, n(10), False, False), True),
    ],
)
def test_equality(a: Any, b: Any, expected: bool | None) -> None:
    assert semantics.equal(a, b) is expected
    assert semantics.equal(b, a) is expected


def test_functions_are_equal_only_to_themselves() -> None:
    first = FeelFunction("f", (), lambda: None)
    second = FeelFunction("f", (), lambda: None)
    assert semantics.equal(first, first) is True
    assert semantics.equal(first, second) is False


def test_not_equal_keeps_null() -> None:
    from opgave.dmn.feel import compile_expression

    assert compile_expression('1 != "1"').evaluate({}) is None
    assert compile_expression("1 != 2").evaluate({}) is True


# --- ordering ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (n(1), n(2), -1),
        ("b", "a", 1),
        (t("2020-01-01"), t("2020-01-01"), 0),
        (t("2020-01-01"), t("2020-01-01T10:00:00Z"), -1),
        (t("2020-01-01"), t("2020-01-01T10:00:00"), None),
        (t("10:00:00+01:00"), t("09:30:00Z"), -1),
        (t("P1D"), t("PT25H"), -1),
        (t("P1Y"), t("P11M"), 1),
        (t("P1Y"), t("P1D"), None),
        (t("2020-01-01T10:00:00"), t("2020-01-01T10:00:00Z"), None),
        (True, False, None),
        (n(1), "1", None),
        (None, n(1), None),
    ],
)
def test_compare(a: Any, b: Any, expected: int | None) -> None:
    assert semantics.compare(a, b) == expected


def test_strict_comparison_raises_for_values_that_do_not_compare() -> None:
    with pytest.raises(FeelError, match="cannot compare"):
        semantics.compare_strict("a", n(1))


def test_in_range_with_open_ends() -> None:
    closed = Range(n(1), n(10), True, False)
    assert semantics.in_range(n(1), closed) is True
    assert semantics.in_range(n(10), closed) is False
    assert semantics.in_range(n(-100), Range(None, n(0), False, True)) is True
    assert semantics.in_range("x", closed) is None


def test_date_time_arithmetic_respects_calendar() -> None:
    leap_day = dt.date(2024, 2, 29)
    assert semantics.add(leap_day, YearsMonthsDuration(12)) == dt.date(2025, 2, 28)
    assert semantics.subtract(dt.date(2024, 3, 1), DaysTimeDuration(Decimal(86400))) == leap_day


def test_differences_keep_nanoseconds() -> None:
    later, earlier = t("2020-01-01T00:00:01.000000001"), t("2020-01-01T00:00:00")
    assert to_string(semantics.subtract(later, earlier)) == "PT1.000000001S"
    assert to_string(semantics.subtract(t("10:00:00.5"), t("09:59:59.999999999"))) == "PT0.500000001S"
    assert semantics.equal(t("10:00:00.000000001"), t("10:00:00")) is False


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("2020-01-01T00:00:00", "PT0.000000001S", "2020-01-01T00:00:00.000000001"),
        ("2020-01-01T00:00:00.999999999", "PT0.000000001S", "2020-01-01T00:00:01"),
        ("2020-01-01T00:00:00", "-PT0.000000001S", "2019-12-31T23:59:59.999999999"),
        ("23:59:59.5", "PT0.5S", "00:00:00"),
        ("10:00:00.000000001@Europe/Paris", "P1DT1H", "11:00:00.000000001@Europe/Paris"),
        ("2020-01-01", "PT23H59M59.999999999S", "2020-01-01"),
    ],
)
def test_adding_durations_is_exact_to_the_nanosecond(left: str, right: str, expected: str) -> None:
    assert to_string(semantics.add(t(left), t(right))) == expected
