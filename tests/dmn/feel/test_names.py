"""Names with spaces, symbols and keywords inside them, resolved against the names in scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opgave.dmn.feel import compile_expression


def feel(text: str, variables: dict[str, Any], names: list[str] | None = None) -> Any:
    errors: list[str] = []
    result = compile_expression(text, names if names is not None else list(variables)).evaluate(
        variables, errors
    )
    return result


def test_multi_word_names() -> None:
    assert feel("Monthly Income * 12", {"Monthly Income": Decimal(100)}) == Decimal(1200)


def test_whitespace_inside_a_name_is_normalised() -> None:
    assert feel("Monthly   Income", {"Monthly Income": Decimal(1)}) == Decimal(1)


@pytest.mark.parametrize("name", ["Date-Time", "a/b", "Customer's Age", "x+y", "is valid?", "Item 2", "a.b"])
def test_names_with_special_characters(name: str) -> None:
    assert feel(f"{name} + 1", {name: Decimal(1)}) == Decimal(2)


def test_longest_known_name_wins_over_operators() -> None:
    variables = {"Date": Decimal(10), "Time": Decimal(3), "Date-Time": Decimal(100)}
    assert feel("Date-Time", variables) == Decimal(100)
    assert feel("Date - Time", variables) == Decimal(7)


def test_names_containing_keywords() -> None:
    assert feel("for each item in stock + 1", {"for each item in stock": Decimal(1)}) == Decimal(2)
    assert feel("Is Income and Age ok", {"Is Income and Age ok": True}) is True


def test_unknown_multi_word_names_are_joined() -> None:
    # Not passed as a known name: consecutive words still form one name.
    assert feel("first name", {"first name": "Ada"}, names=[]) == "Ada"


def test_context_entries_become_names_for_later_entries() -> None:
    result = feel('{"monthly pay": 10, yearly pay: monthly pay * 12, total + tax: yearly pay}', {})
    assert result == {"monthly pay": Decimal(10), "yearly pay": Decimal(120), "total + tax": Decimal(120)}


def test_path_with_multi_word_component() -> None:
    variables = {"Applicant": {"Monthly Income": Decimal(5), "time offset": "x"}}
    assert feel("Applicant.Monthly Income", variables) == Decimal(5)
    assert feel("Applicant.time offset", variables) == "x"


def test_qualified_name_falls_back_to_a_path() -> None:
    variables = {"model": {"decision one": Decimal(3)}}
    assert feel("model.decision one", variables, names=["model", "model.decision one"]) == Decimal(3)


def test_builtin_names_with_spaces() -> None:
    assert feel('string length("abc") + 1', {}) == Decimal(4)
    assert feel('date and time("2020-01-01T10:00:00").hour', {}) == Decimal(10)


def test_function_parameters_and_iteration_variables_with_spaces() -> None:
    assert feel("(function(unit price, qty) unit price * qty)(2, 3)", {}) == Decimal(6)
    assert feel("for unit price in [1, 2] return unit price * 2", {}) == [Decimal(2), Decimal(4)]


def test_named_arguments_with_spaces() -> None:
    assert feel('substring(string: "abcdef", start position: 2, length: 3)', {}) == "bcd"


def test_known_dotted_name_after_a_path_is_walked_step_by_step() -> None:
    variables = {"loan": {"applicant": {"age": Decimal(40)}}}
    assert feel("loan.applicant.age", variables, names=["loan", "applicant.age"]) == Decimal(40)


def test_names_sharing_their_first_words() -> None:
    variables = {"Monthly": Decimal(1), "Monthly Income": Decimal(10), "Monthly Income Tax": Decimal(100)}
    assert feel("Monthly Income Tax + Monthly Income + Monthly", variables) == Decimal(111)


_FIRST_WORDS = ["Monthly", "income", "x", "Age", "date", "is", "string", "tax", "Applicant"]
_WORDS = [
    "Monthly",
    "income",
    "x",
    "and",
    "in",
    "of",
    "or",
    "for",
    "date",
    "time",
    "not",
    "2",
    "item",
    "then",
    "return",
]
_SEPARATORS = [" ", "  ", "-", "/", "'", "+", "*", "."]


@st.composite
def _names(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(_FIRST_WORDS))]
    for _ in range(draw(st.integers(0, 4))):
        parts += [draw(st.sampled_from(_SEPARATORS)), draw(st.sampled_from(_WORDS))]
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_names())
def test_any_known_name_is_read_as_one_name(name: str) -> None:
    # Keywords, symbols, numbers and doubled spaces inside: the known name still wins.
    assert feel(f"{name} + 1", {name: Decimal(1)}) == Decimal(2)


@settings(max_examples=200, deadline=None)
@given(_names())
def test_declared_names_are_read_back_as_one_name(name: str) -> None:
    # Context keys, parameters and path steps with the same random names.
    assert feel(f"{{{name}: 1, r: {name} + 1}}.r", {}) == Decimal(2)
    assert feel(f"{{{name}: 1}}.{name} + 1", {}) == Decimal(2)
    assert feel(f"(function({name}) {name} + 1)(1)", {}) == Decimal(2)
    assert feel(f"ctx.{name} + 1", {"ctx": {name: Decimal(1)}}, names=["ctx", name]) == Decimal(2)
