"""FEEL syntax: lexing, precedence, literals, comments and syntax-error positions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opgave.dmn.feel import FeelSyntaxError, compile_expression
from opgave.dmn.feel.values import DaysTimeDuration, Range


def feel(text: str, **variables: Any) -> Any:
    errors: list[str] = []
    return compile_expression(text, variables).evaluate(variables, errors)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", Decimal(7)),
        ("(1 + 2) * 3", Decimal(9)),
        ("10 - 2 - 3", Decimal(5)),
        ("12 / 2 / 3", Decimal(2)),
        ("2 * 3 ** 2", Decimal(18)),
        ("3 ** 4 ** 5", Decimal(3) ** 20),  # left associative
        ("-3 ** 2", Decimal(9)),  # (-3) ** 2
        ("--10", Decimal(10)),
        ("-(function(a) a)(10)", Decimal(-10)),
        ("1 + 2 = 3", True),
        ("1 < 2 and 2 < 3", True),
        ("false and true or true", True),
        ("true or false and false", True),
        ("1 + 1 between 1 and 3", True),
        ("1 + 1 in [1..3]", True),
        ("1 + 1 instance of number", True),
        ("1 = 1 = true", True),
    ],
)
def test_operators_bind_as_the_spec_says(text: str, expected: Any) -> None:
    assert feel(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", Decimal("1.5")),
        (".5", Decimal("0.5")),
        ("1e3", Decimal("1000")),
        ('"a\\"b"', 'a"b'),
        ('"tab\\there"', "tab\there"),
        ('"\\u00e9"', "é"),
        ('"\\U01F600"', "\U0001f600"),
        ('"\\ud83d\\ude00"', "\U0001f600"),
        ('"\\s+"', "\\s+"),
        ("true", True),
        ("null", None),
        ('@"2021-03-04"', dt.date(2021, 3, 4)),
        ('@"P1D"', DaysTimeDuration(Decimal(86400))),
    ],
)
def test_literals(text: str, expected: Any) -> None:
    assert feel(text) == expected


def test_comments_are_ignored() -> None:
    assert feel("1 /* one */ + // plus\n 2") == Decimal(3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1..10]", Range(Decimal(1), Decimal(10), True, True)),
        ("(1..10]", Range(Decimal(1), Decimal(10), False, True)),
        ("]1..10[", Range(Decimal(1), Decimal(10), False, False)),
        ("[1..10)", Range(Decimal(1), Decimal(10), True, False)),
        ("< 5", Range(None, Decimal(5), False, False)),
        (">= 3", Range(Decimal(3), None, True, False)),
        ("=10", Range(Decimal(10), Decimal(10), True, True, "=")),
        ("!=10", Range(Decimal(10), Decimal(10), False, False, "!=")),
    ],
)
def test_range_literals(text: str, expected: Range) -> None:
    assert feel(text) == expected


def test_range_closed_with_bracket_is_not_a_filter() -> None:
    assert feel("[1..10) = [1..10[") is True


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("1 +", 3),
        ("(1 + 2", 6),
        ('"open', 0),
        ("1 ? 2", 2),
        ("{a: 1, a: 2}", 7),
        ("if true then 1", 14),
        ("/* never closed", 0),
        ("", 0),
        ("f(a: 1, 2)", 8),
    ],
)
def test_syntax_errors_name_the_position(text: str, position: int) -> None:
    with pytest.raises(FeelSyntaxError) as raised:
        compile_expression(text)
    assert raised.value.position == position
    assert raised.value.text == text


def test_syntax_error_message_is_readable() -> None:
    with pytest.raises(FeelSyntaxError, match="expected an expression, found end of expression"):
        compile_expression("1 +")


_integers = st.integers(min_value=-20, max_value=20).map(str)


def _expressions(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(" ".join)
    return binary | children.map(lambda text: f"({text})") | children.map(lambda text: f"-{text}")


@settings(max_examples=300, deadline=None)
@given(st.recursive(_integers, _expressions, max_leaves=12))
def test_arithmetic_precedence_matches_ordinary_algebra(text: str) -> None:
    # Without '**' and '/', FEEL reads + - * and unary minus exactly as Python does.
    assert feel(text) == Decimal(eval(text))  # noqa: S307 - the text is generated digits and operators


def test_absurdly_deep_nesting_is_a_syntax_error() -> None:
    with pytest.raises(FeelSyntaxError, match="nested too deeply"):
        compile_expression("(" * 5000 + "1" + ")" * 5000)
