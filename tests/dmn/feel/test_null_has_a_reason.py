"""A null result always carries a message, so a modeller can see why.

Systematic rather than anecdotal: every binary operator over every pair of a zoo of FEEL
values (null included), every built-in function called with each zoo value and with none,
path and filter steps, and the cases the issue named (``5 in ? < 10``, ``5 in ?``). The
TCK run adds the cases it marks ``errorResult`` (the runner fails a silent null there).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from opgave.dmn.feel import compile_expression
from opgave.dmn.feel.builtins import BUILTINS

ZOO = [
    "null",
    "1",
    "-2.5",
    '"text"',
    "true",
    'date("2024-02-29")',
    'time("10:30:00")',
    'date and time("2024-02-29T10:30:00@Europe/Amsterdam")',
    'duration("P1DT2H")',
    'duration("P1Y2M")',
    "[1, 2, 3]",
    "[]",
    "{a: 1}",
    "[1..10]",
    "function(x) x",
]
OPERATORS = ["+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">="]


def evaluate(text: str) -> tuple[Any, list[str]]:
    errors: list[str] = []
    try:
        compiled = compile_expression(text, {})
    except Exception:  # a parse error is a message of its own, not a silent null
        return "not an expression", ["parse error"]
    return compiled.evaluate({}, errors), errors


def silent_nulls(texts: list[str]) -> list[str]:
    silent = []
    for text in texts:
        value, errors = evaluate(text)
        if value is None and not errors:
            silent.append(text)
    return silent


def test_every_operator_over_every_pair_of_values() -> None:
    texts = [f"({a}) {op} ({b})" for op in OPERATORS for a, b in itertools.product(ZOO, ZOO)]
    texts += [f"({a}) between ({b}) and ({c})" for a, b, c in itertools.product(ZOO[:5], repeat=3)]
    texts += [f"({a}) in ({b})" for a, b in itertools.product(ZOO, ZOO)]
    texts += [f"-({a})" for a in ZOO]
    assert silent_nulls(texts) == []


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_every_builtin_with_each_value_and_with_none(name: str) -> None:
    function = BUILTINS[name]
    arity = max(1, len(function.params))
    texts = [f"{name}()"]
    texts += [f"{name}({', '.join([value] * arity)})" for value in ZOO]
    texts += [f"{name}({value})" for value in ZOO]
    # A value that is null on purpose, with no operation having failed, is not "silent":
    # e.g. `get value({a: null}, "a")` — no built-in is called with such arguments here.
    assert silent_nulls(texts) == []


@pytest.mark.parametrize(
    "text",
    [
        "5 in ? < 10",
        "5 in ?",
        "{a: 1}.b",
        "null.b",
        "null()",
        "1()",
        '"a"[2]',
        "[1, 2][item > 5][1]",
        'time("22:10:12+15:00")',
        'date and time("2024-01-01T00:00:00-14:30")',
    ],
)
def test_named_paths_to_null_give_a_reason(text: str) -> None:
    value, errors = evaluate(text)
    assert value is None
    assert errors, f"{text} is null without a message"
