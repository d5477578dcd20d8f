"""Whatever the text, compiling raises at most a FeelSyntaxError and evaluating never raises."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from opgave.dmn.feel import FeelSyntaxError, compile_expression, compile_unary_tests

_ATOMS = [
    "1", "2.5", '"a"', "x", "y", "true", "null", "[", "]", "(", ")", "{", "}", ",", ":", "..",
    ".", "+", "-", "*", "/", "**", "=", "!=", "<", ">=", "and", "or", "in", "between",
    "instance of", "number", "list<number>", "if", "then", "else", "for", "return", "some",
    "every", "satisfies", "function", "item", "?", '@"2020-01-01"', "not", "abs", "count",
    "date and time", "a b", "x.y", "partial", "external", "->", "'", "[1..3]", "<=",
]  # fmt: skip

_VARIABLES = {"x": [Decimal(1), Decimal(2)], "y": {"z": Decimal(1)}, "a b": None}

texts = st.lists(st.sampled_from(_ATOMS), min_size=1, max_size=9).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_expressions_fail_only_with_syntax_errors(text: str) -> None:
    try:
        expression = compile_expression(text, list(_VARIABLES))
    except FeelSyntaxError as error:
        assert 0 <= error.position <= len(text)
        return
    errors: list[str] = []
    expression.evaluate(_VARIABLES, errors)
    assert all(isinstance(message, str) and message for message in errors)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_unary_tests_fail_only_with_syntax_errors(text: str) -> None:
    try:
        tests = compile_unary_tests(text, list(_VARIABLES))
    except FeelSyntaxError:
        return
    assert tests.test(Decimal(1), _VARIABLES, []) in (True, False, None)
