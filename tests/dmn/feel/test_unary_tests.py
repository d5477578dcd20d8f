"""Unary tests, as used in decision-table input entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from opgave.dmn.feel import FeelSyntaxError, compile_unary_tests

D = Decimal


def check(tests: str, value: Any, **variables: Any) -> bool | None:
    return compile_unary_tests(tests, variables).test(value, variables, [])


@pytest.mark.parametrize(
    ("tests", "value", "expected"),
    [
        ("-", D(1), True),
        ("", "anything", True),
        ("< 10", D(5), True),
        ("< 10", D(10), False),
        ("<= 10", D(10), True),
        ("> 10", D(11), True),
        (">= 10", D(9), False),
        ("= 10", D(10), True),
        ("!= 10", D(10), False),
        ("[1..10]", D(10), True),
        ("[1..10)", D(10), False),
        ("]1..10]", D(1), False),
        ("(1..10)", D(5), True),
        ('"a", "b"', "b", True),
        ('"a", "b"', "c", False),
        ("not(1, 2)", D(3), True),
        ("not(1, 2)", D(2), False),
        ("not([1..5])", D(6), True),
        ("null", None, True),
        ("null", D(1), False),
        ("true", True, True),
        ("false", False, True),
        ("true", False, False),
        ("< 10, > 20", D(25), True),
        ('@"2021-01-01"', dt.date(2021, 1, 1), True),
        ('> @"2021-01-01"', dt.date(2021, 1, 2), True),
    ],
)
def test_unary_tests(tests: str, value: Any, expected: bool | None) -> None:
    assert check(tests, value) is expected


def test_expressions_using_the_input_value() -> None:
    assert check("? > 3", D(4)) is True
    assert check("? * 2 = 8", D(4)) is True
    assert check("count(?) = 2", [D(1), D(2)]) is True
    assert check("? > 3", D(1)) is False


def test_expression_compared_for_equality_and_membership() -> None:
    assert check("limit", D(4), limit=D(4)) is True
    assert check("allowed", "b", allowed=["a", "b"]) is True
    assert check("limit", D(5), limit=D(4)) is False
    assert check("[lo..hi]", D(5), lo=D(1), hi=D(10)) is True


def test_boolean_expression_without_input_decides_on_its_own() -> None:
    assert check("x > 3", D(100), x=D(5)) is True
    assert check("x > 3", D(100), x=D(1)) is False


def test_comparison_with_another_type_is_unknown() -> None:
    assert check("< 10", "text") is None


def test_names_with_spaces_in_tests() -> None:
    assert check("< Max Age", D(30), **{"Max Age": D(65)}) is True


def test_errors_are_collected() -> None:
    errors: list[str] = []
    assert compile_unary_tests("missing").test(D(1), {}, errors) is False
    assert "no variable named 'missing'" in errors[0]


def test_invalid_tests_raise_a_syntax_error_with_position() -> None:
    with pytest.raises(FeelSyntaxError) as raised:
        compile_unary_tests("< 10,")
    assert raised.value.position == 5
