"""External Java functions: the allow-list of JDK static methods, with Java's semantics.

Expected values are what the JDK answers (``Math.round(-2.5)`` is -2, ``(int) 3.9`` is 3,
``Float.toString(456.78f)`` is ``456.78``), not what this engine happens to compute.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from opgave.dmn.feel import compile_expression
from opgave.dmn.feel.java import allowed_methods


def feel_with_errors(text: str) -> tuple[object, list[str]]:
    errors: list[str] = []
    return compile_expression(text, {}).evaluate({}, errors), errors


def java(cls: str, signature: str, *args: str) -> tuple[object, list[str]]:
    params = ", ".join(f"a{i}" for i in range(len(args)))
    text = (
        f'(function({params}) external {{java: {{class: "{cls}", method signature: "{signature}"}}}})'
        f"({', '.join(args)})"
    )
    return feel_with_errors(text)


@pytest.mark.parametrize(
    ("cls", "signature", "args", "expected"),
    [
        ("java.lang.Math", "max(double, double)", ("1.5", "-2"), D("1.5")),
        ("java.lang.Math", "max(int, int)", ("3.9", "2"), D(3)),  # (int) 3.9 == 3
        ("java.lang.Math", "round(double)", ("-2.5",), D(-2)),  # floor(x + 0.5)
        ("java.lang.Math", "round(double)", ("2.5",), D(3)),
        ("java.lang.Math", "abs(int)", ("-2147483648",), D(-2147483648)),  # overflow as in Java
        ("java.lang.Math", "floorMod(int, int)", ("-7", "3"), D(2)),
        ("java.lang.Math", "sqrt(double)", ("2",), D("1.4142135623730951")),
        ("java.lang.Math", "max(float, float)", ("123.46", "456.78"), D("456.78")),
        ("java.lang.Integer", "valueOf(java.lang.String)", ('"-42"',), D(-42)),
        ("java.lang.Short", "valueOf(short)", ("70000",), D(4464)),  # (short) 70000
        ("java.lang.Double", "valueOf(java.lang.String)", ('"1e3"',), D("1000.0")),
        ("java.lang.String", "valueOf(char)", ('"x"',), "x"),
        ("java.lang.String", "valueOf(double)", ("1",), "1.0"),
        (
            "java.lang.String",
            "format(java.lang.String, [Ljava.lang.Object;)",
            ('"%s-%05d|%.2f"', '"a"', "42", "3.14159"),
            "a-00042|3.14",
        ),
    ],
)
def test_jdk_methods_answer_as_the_jdk_does(
    cls: str, signature: str, args: tuple[str, ...], expected: object
) -> None:
    result, errors = java(cls, signature, *args)
    assert errors == []
    assert result == expected


@pytest.mark.parametrize(
    ("cls", "signature", "args", "reason"),
    [
        ("java.lang.String", "valueOf(char)", ('"abc"',), "one character"),
        ("java.lang.Integer", "valueOf(java.lang.String)", ('"12x"',), "NumberFormatException"),
        ("java.lang.Math", "sqrt(double)", ("-1",), "not a FEEL number"),  # NaN
        ("java.lang.Math", "floorDiv(int, int)", ("1", "0"), "by zero"),
        ("java.lang.System", "exit(int)", ("0",), "allow-list"),
        ("java.lang.Math", "max(java.lang.String, java.lang.String)", ('"1"', '"2"'), "allow-list"),
        ("java.lang.Math", "max(double, double)", ("null", "1"), "cannot be null"),
    ],
)
def test_what_java_would_refuse_is_null_with_a_message(
    cls: str, signature: str, args: tuple[str, ...], reason: str
) -> None:
    result, errors = java(cls, signature, *args)
    assert result is None
    assert errors and reason in errors[0]


def test_the_allow_list_holds_only_java_lang_classes() -> None:
    methods = allowed_methods()
    assert "java.lang.Math.max(double, double)" in methods
    assert all(m.startswith("java.lang.") for m in methods)
    assert not any(
        m.startswith(("java.lang.System", "java.lang.Runtime", "java.lang.Class")) for m in methods
    )
