"""FEEL types: parsing type syntax, value conformance, ``instance of`` and conforms-to between types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from opgave.dmn.feel import FeelSyntaxError, FeelType, compile_expression, parse_type
from opgave.dmn.feel.values import DaysTimeDuration, Range, YearsMonthsDuration

D = Decimal


@pytest.mark.parametrize(
    ("type_text", "value", "expected"),
    [
        ("number", D(1), True),
        ("number", True, False),
        ("string", "a", True),
        ("boolean", False, True),
        ("date", dt.date(2020, 1, 1), True),
        ("date", dt.datetime(2020, 1, 1), False),
        ("date and time", dt.datetime(2020, 1, 1), True),
        ("time", dt.time(10), True),
        ("days and time duration", DaysTimeDuration(D(1)), True),
        ("years and months duration", YearsMonthsDuration(1), True),
        ("years and months duration", DaysTimeDuration(D(1)), False),
        ("Any", D(1), True),
        ("Any", None, False),
        ("Null", None, True),
        ("number", None, False),
        ("list<number>", [D(1), D(2)], True),
        ("list<number>", [D(1), "2"], False),
        ("list<list<string>>", [["a"], []], True),
        ("context<a: number, b c: string>", {"a": D(1), "b c": "x", "extra": True}, True),
        ("context<a: number>", {"b": D(1)}, False),
        ("range<number>", Range(D(1), D(2), True, True), True),
        ("range<string>", Range(D(1), D(2), True, True), False),
        ("feel:number", D(1), True),
        ("dateTime", dt.datetime(2020, 1, 1), True),
    ],
)
def test_conformance(type_text: str, value: Any, expected: bool) -> None:
    assert parse_type(type_text).conforms(value) is expected


def test_accepts_allows_null_for_every_type() -> None:
    assert parse_type("number").accepts(None) is True
    assert parse_type("number").accepts("x") is False


@pytest.mark.parametrize(
    ("sub", "sup", "expected"),
    [
        ("number", "Any", True),
        ("Null", "number", True),
        ("Any", "number", False),
        ("list<number>", "list<Any>", True),
        ("list<Any>", "list<number>", False),
        ("context<a: number, b: string>", "context<a: number>", True),
        ("context<a: number>", "context<a: number, b: string>", False),
        ("function<Any> -> number", "function<number> -> Any", True),
        ("function<number> -> number", "function<Any> -> number", False),
        ("function<number, number> -> number", "function<number> -> number", False),
    ],
)
def test_conforms_to_between_types(sub: str, sup: str, expected: bool) -> None:
    assert parse_type(sub).is_subtype_of(parse_type(sup)) is expected


def test_equivalence() -> None:
    assert parse_type("list<number>").equivalent(parse_type("list< number >"))
    assert not parse_type("list<number>").equivalent(parse_type("list<Any>"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 instance of number", True),
        ('"a" instance of number', False),
        ("null instance of Any", False),
        ("null instance of Null", True),
        ("[1, 2] instance of list<number>", True),
        ("{a: 1} instance of context<a: number>", True),
        ('@"2020-01-01T10:00:00" instance of date and time', True),
        ('@"P1D" instance of days and time duration', True),
        ("[1..2] instance of range<number>", True),
        ("(function(a: number) a) instance of function<number> -> Any", True),
        ("(function(a) a) instance of function<number> -> Any", True),
        ("(function(a: string) a) instance of function<number> -> Any", False),
        ("(function(a, b) a) instance of function<Any> -> Any", False),
        ("abs instance of function", True),
    ],
)
def test_instance_of(text: str, expected: bool) -> None:
    assert compile_expression(text).evaluate({}) is expected


def test_item_definitions_are_resolved_through_the_resolver() -> None:
    types: dict[str, FeelType] = {"tAge": parse_type("number")}
    expression = compile_expression("x instance of tAge", ["x"], resolve_type=types.get)
    assert expression.evaluate({"x": D(3)}) is True
    assert expression.evaluate({"x": "3"}) is False
    assert compile_expression("1 instance of tUnknown").evaluate({}) is False


def test_invalid_type_syntax() -> None:
    with pytest.raises(FeelSyntaxError):
        parse_type("list<number")
    with pytest.raises(FeelSyntaxError):
        compile_expression("1 instance of")


def test_multi_word_and_qualified_type_names() -> None:
    types: dict[str, FeelType] = {"Loan Type": parse_type("string"), "ns.tAge": parse_type("number")}
    assert compile_expression('"x" instance of Loan Type', resolve_type=types.get).evaluate({}) is True
    assert compile_expression("1 instance of ns.tAge and true", resolve_type=types.get).evaluate({}) is True
