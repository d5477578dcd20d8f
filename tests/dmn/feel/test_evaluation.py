"""FEEL evaluation: logic, null propagation, filters, paths, iteration, contexts and functions."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest

from opgave.dmn.feel import compile_expression
from opgave.dmn.feel.values import DaysTimeDuration, FeelFunction, YearsMonthsDuration

D = Decimal


def feel(text: str, **variables: Any) -> Any:
    return compile_expression(text, variables).evaluate(variables, [])


def feel_with_errors(text: str, **variables: Any) -> tuple[Any, list[str]]:
    errors: list[str] = []
    return compile_expression(text, variables).evaluate(variables, errors), errors


# -- logic -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true and null", None),
        ("false and null", False),
        ("null and false", False),
        ("true or null", True),
        ("null or false", None),
        ('true and "yes"', None),
        ('"yes" or true', True),
    ],
)
def test_three_valued_logic(text: str, expected: Any) -> None:
    assert feel(text) is expected


def test_if_treats_null_as_false_and_rejects_other_values() -> None:
    assert feel("if null then 1 else 2") == D(2)
    result, errors = feel_with_errors('if "x" then 1 else 2')
    assert result is None
    assert "must be a boolean" in errors[0]


# -- null and errors -----------------------------------------------------------------------


def test_runtime_error_gives_null_and_a_message_with_the_position() -> None:
    result, errors = feel_with_errors('1 + (2 + "a")')
    assert result is None
    assert len(errors) == 1
    assert '(at 6: 2 + "a")' in errors[0]


def test_unknown_variable_gives_null_and_names_it() -> None:
    result, errors = feel_with_errors("missing + 1")
    assert result is None
    assert "no variable named 'missing'" in errors[0]


def test_comparison_of_different_types_is_null() -> None:
    assert feel('1 < "a"') is None
    assert feel('1 = "a"') is None
    assert feel("null = null") is True
    assert feel("1 != null") is True


def test_between() -> None:
    assert feel("5 between 1 and 10") is True
    assert feel("5 between 6 and 10") is False
    assert feel('5 between "a" and 10') is None


# -- in --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 in [2, 3, 1]", True),
        ("1 in [[2..4], [1..3]]", True),
        ("5 in <= 10", True),
        ("10 in (1, < 5, >= 10)", True),
        ("10 in (!= 10)", False),
        ('"b" in ("a".."c")', True),
        ("1 in 1", True),
        ("5 in (null..10]", None),
        ("[1, 2] in [[1, 2], [3]]", True),
    ],
)
def test_in(text: str, expected: Any) -> None:
    assert feel(text) is expected


# -- filters and paths ----------------------------------------------------------------------


def test_filters_with_boolean_conditions() -> None:
    assert feel("[1, 2, 3, 4][item > 2]") == [D(3), D(4)]
    people = [{"name": "Ann", "age": D(30)}, {"name": "Bob", "age": D(20)}]
    assert feel("people[age > 25].name", people=people) == ["Ann"]
    assert feel("people[item.age < 25]", people=people) == [people[1]]


def test_filters_with_numeric_index() -> None:
    assert feel("[1, 2, 3][1]") == D(1)
    assert feel("[1, 2, 3][-1]") == D(3)
    assert feel("[1, 2, 3][4]") is None
    assert feel("[][1]") is None
    assert feel("5[1]") == D(5)


def test_filter_on_a_non_list_treats_it_as_a_singleton() -> None:
    assert feel("5[item > 2]") == [D(5)]


def test_path_over_a_list_of_contexts() -> None:
    assert feel("[{a: 1}, {a: 2}, {b: 3}].a") == [D(1), D(2), None]


def test_properties_of_temporal_values_and_ranges() -> None:
    assert feel('@"2021-03-04T10:20:30+02:00".time offset') == DaysTimeDuration(D(7200))
    assert feel('@"2021-03-04".weekday') == D(4)
    assert feel('@"P1Y5M".months') == D(5)
    assert feel('@"P2DT3H".hours') == D(3)
    assert feel("[1..5).end included") is False
    assert feel('@"10:20:30@Europe/Amsterdam".timezone') == "Europe/Amsterdam"


# -- iteration ------------------------------------------------------------------------------


def test_for_with_several_iteration_contexts() -> None:
    assert feel("for x in [1, 2], y in [10, 20] return x * y") == [D(10), D(20), D(20), D(40)]


def test_for_over_integer_ranges_in_both_directions() -> None:
    assert feel("for i in 1..3 return i") == [D(1), D(2), D(3)]
    assert feel("for i in 3..1 return i") == [D(3), D(2), D(1)]


def test_for_over_dates() -> None:
    result = feel('for d in @"2021-01-30"..@"2021-02-01" return d.day')
    assert result == [D(30), D(31), D(1)]


def test_for_can_refer_to_partial_results() -> None:
    assert feel("for i in 1..5 return if i = 1 then 1 else partial[-1] * i") == [
        D(1),
        D(2),
        D(6),
        D(24),
        D(120),
    ]


def test_later_iteration_sources_see_earlier_variables() -> None:
    assert feel("for x in [[1, 2], [3]], y in x return y") == [D(1), D(2), D(3)]


def test_for_over_a_descending_range_value_is_null() -> None:
    assert feel("for i in [2..1] return i") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("some x in [1, 2, 3] satisfies x > 2", True),
        ("some x in [1, 2, 3] satisfies x > 3", False),
        ("every x in [1, 2, 3] satisfies x > 0", True),
        ("every x in [1, 2, 3] satisfies x > 1", False),
        ("every x in [] satisfies false", True),
        ("some x in [1, 2], y in [3, 4] satisfies x + y = 6", True),
        ('some x in [1, 2] satisfies if x = 1 then false else "no"', None),
    ],
)
def test_quantified_expressions(text: str, expected: Any) -> None:
    assert feel(text) is expected


# -- contexts and functions -------------------------------------------------------------------


def test_context_entries_refer_to_earlier_entries_and_nest() -> None:
    result = feel("{a: 1, b: a + 1, c: {d: b * 2}}")
    assert result == {"a": D(1), "b": D(2), "c": {"d": D(4)}}


def test_user_defined_functions_close_over_their_scope() -> None:
    assert feel("{rate: 2, f: function(x) x * rate, r: f(5)}.r") == D(10)
    assert feel("{fac: function(n) if n <= 1 then 1 else n * fac(n - 1), r: fac(5)}.r") == D(120)


def test_functions_are_values() -> None:
    function = feel("function(a, b) a - b")
    assert isinstance(function, FeelFunction)
    assert function(D(5), D(2)) == D(3)
    assert feel("{apply: function(f, x) f(x), r: apply(function(y) y + 1, 1)}.r") == D(2)


def test_named_arguments_for_user_functions() -> None:
    assert feel("(function(a, b) a - b)(b: 1, a: 5)") == D(4)


def test_wrong_arity_gives_null_and_a_message() -> None:
    result, errors = feel_with_errors("(function(a, b) a)(1)")
    assert result is None
    assert "takes 2 argument(s), not 1" in errors[0]


def test_typed_parameters_are_checked_with_singleton_rules() -> None:
    assert feel("(function(a: number) a + 1)([1])") == D(2)
    assert feel('(function(a: number) a + 1)("x")') is None


def test_a_java_method_outside_the_allow_list_is_null_with_the_reason() -> None:
    result, errors = feel_with_errors(
        '(function(x) external {java: {class: "java.lang.Runtime", method signature: "exec(java.lang.String)"}})("ls")'
    )
    assert result is None
    assert "allow-list" in errors[0]


def test_pmml_functions_are_not_supported() -> None:
    result, errors = feel_with_errors('(function(x) external {pmml: {document: "d", model: "m"}})(1)')
    assert result is None
    assert "PMML" in errors[0]


def test_calling_a_non_function_is_an_error() -> None:
    result, errors = feel_with_errors("x(1)", x=D(1))
    assert result is None
    assert "not a function" in errors[0]


def test_builtins_are_called_and_can_be_shadowed() -> None:
    assert feel("abs(-2)") == D(2)
    assert feel("{abs: function(x) x, r: abs(-2)}.r") == D(-2)


# -- temporal arithmetic goes through the value semantics ----------------------------------------


def test_temporal_arithmetic() -> None:
    assert feel('@"2021-01-31" + @"P1M"') == dt.date(2021, 2, 28)
    assert feel('@"P1Y" + @"P2M"') == YearsMonthsDuration(14)


# -- concurrency --------------------------------------------------------------------------------


def test_one_compiled_expression_serves_many_threads() -> None:
    expression = compile_expression("for i in 1..n return i * k", ["n", "k"])
    failures: list[str] = []

    def work(k: int) -> None:
        for _ in range(50):
            result = expression.evaluate({"n": D(20), "k": D(k)})
            if result != [D(i * k) for i in range(1, 21)]:
                failures.append(f"k={k}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_in_with_parenthesised_single_value_tests() -> None:
    assert feel("true in (=true)") is True
    assert feel("[1, 2, 3] in (=[1, 2, 3])") is True
    assert feel("3 in (1 + 2)") is True


def test_a_repeated_error_is_recorded_once() -> None:
    result, errors = feel_with_errors('[1, 2, 3][item > "a"]')
    assert result == []
    assert errors == ['cannot compare number with string (at 11: item > "a")']


def test_errors_stop_growing_after_a_limit() -> None:
    text = "[" + ", ".join(f"missing{i}" for i in range(150)) + "]"
    _, errors = feel_with_errors(text)
    assert len(errors) == 101
    assert errors[-1] == "(further errors are left out)"


def test_second_keeps_fractions_down_to_nanoseconds() -> None:
    assert feel('@"2020-01-01T10:00:01.5".second') == D("1.5")
    assert feel('@"10:00:01.123456789".second') == D("1.123456789")


def test_a_date_passed_for_a_date_and_time_parameter_becomes_midnight_utc() -> None:
    result = feel('(function(moment: date and time) moment)(@"2021-05-06")')
    assert result == dt.datetime(2021, 5, 6, tzinfo=dt.UTC)


def test_between_is_false_when_one_bound_already_fails() -> None:
    assert feel('5 between 10 and "x"') is False
    assert feel('5 between "a" and 1') is False
    assert feel('5 between 1 and "x"') is None


def test_ranges_are_iterated_lazily() -> None:
    assert feel("some i in 1..1000000000 satisfies i = 5") is True
    assert feel("for i in (1..3] return i") == [D(2), D(3)]
    assert feel("for i in (1..1) return i") == []
