"""The built-in function library, called directly as FEEL function values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from opgave.dmn.feel.builtins import BUILTINS, BuiltinFunction
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.temporal import parse_temporal, to_string
from opgave.dmn.feel.values import FeelFunction, number


def n(text: str | int) -> Decimal:
    return number(text)


def t(text: str) -> Any:
    return parse_temporal(text)


def call(name: str, *args: Any) -> Any:
    return BUILTINS[name](*args)


def gives_null_with_a_reason(name: str, *args: Any) -> bool:
    """Invoked from FEEL, the built-in is null with a message: it raises FeelError here."""
    try:
        BUILTINS[name](*args)
    except FeelError:
        return True
    return False


def named(name: str, **kwargs: Any) -> Any:
    function = BUILTINS[name]
    assert isinstance(function, BuiltinFunction)
    return function.call_named({key.replace("_", " "): value for key, value in kwargs.items()})


def test_every_builtin_is_a_function_with_spec_parameter_names() -> None:
    expected = {
        "substring": ("string", "start position", "length"),
        "string join": ("list", "delimiter"),
        "round half up": ("n", "scale"),
        "sort": ("list", "precedes"),
        "list replace": ("list", "position", "newItem"),
        "context put": ("context", "key", "value"),
        "range": ("from",),
        "years and months duration": ("from", "to"),
    }
    for name, params in expected.items():
        assert BUILTINS[name].params == params
    assert all(isinstance(function, FeelFunction) for function in BUILTINS.values())


def test_the_library_is_complete() -> None:
    names = """date; date and time; time; number; string; duration; years and months duration; context;
    decimal; floor; ceiling; round up; round down; round half up; round half down; abs; modulo; sqrt; log; exp;
    odd; even; substring; string length; upper case; lower case; substring before; substring after; replace;
    contains; starts with; ends with; matches; split; string join; list contains; count; min; max; sum; mean;
    all; any; sublist; append; concatenate; insert before; remove; reverse; index of; union; distinct values;
    flatten; product; median; stddev; mode; sort; list replace; is; day of year; day of week; month of year;
    week of year; now; today; before; after; meets; met by; overlaps; overlaps before; overlaps after;
    finishes; finished by; includes; during; starts; started by; coincides; range; get value; get entries;
    context put; context merge; not"""
    missing = {name.strip() for name in names.split(";")} - set(BUILTINS)
    assert not missing


# --- binding ------------------------------------------------------------------------


def test_positional_arity_selects_the_signature() -> None:
    assert call("date", "2017-08-30") == dt.date(2017, 8, 30)
    assert call("date", n(2017), n(8), n(30)) == dt.date(2017, 8, 30)
    with pytest.raises(FeelError, match="does not take 2 argument"):
        call("date", n(2017), n(8))


def test_named_arguments_select_the_signature() -> None:
    assert named("date", year=n(2017), month=n(8), day=n(30)) == dt.date(2017, 8, 30)
    assert named("date", **{"from": "2012-12-25"}) == dt.date(2012, 12, 25)
    result = named("date and time", date=t("2017-01-01"), time=t("23:59:01"))
    assert to_string(result) == "2017-01-01T23:59:01"
    assert named("substring", string="foobar", start_position=n(3)) == "obar"


def test_unknown_parameter_names_are_errors() -> None:
    with pytest.raises(FeelError, match="no parameters named"):
        named("floor", n=n(1), scal=n(1))


def test_a_missing_required_named_parameter_is_null() -> None:
    assert named("is", value1=t("2021-02-13")) is False
    with pytest.raises(FeelError):
        named("round up", n=n("5.5"))


def test_variadic_functions_take_a_list_or_items() -> None:
    assert call("min", [n(3), n(1)]) == n(1)
    assert call("min", n(3), n(1), n(2)) == n(1)
    assert named("max", list=[n(3), n(1)]) == n(3)
    assert call("concatenate", [n(1)], [n(2), n(3)]) == [n(1), n(2), n(3)]
    assert call("concatenate", [n(1), n(2)]) == [n(1), n(2)]
    assert call("append", [n(1)], n(2), n(3)) == [n(1), n(2), n(3)]


# --- numeric ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("decimal", ("1.5", "0"), "2"),
        ("decimal", ("2.5", "0"), "2"),
        ("decimal", ("0.515", "2"), "0.52"),
        ("decimal", ("0.333333", "2.5"), "0.33"),
        ("floor", ("-1.5",), "-2"),
        ("floor", ("-1.56", "1"), "-1.6"),
        ("ceiling", ("-1.5",), "-1"),
        ("ceiling", ("1.56", "1"), "1.6"),
        ("round up", ("-5.5", "0"), "-6"),
        ("round up", ("1.121", "2"), "1.13"),
        ("round down", ("-1.126", "2"), "-1.12"),
        ("round half up", ("-5.5", "0"), "-6"),
        ("round half down", ("5.5", "0"), "5"),
        ("round half down", ("1.126", "2"), "1.13"),
        ("round up", ("5.5", "6176"), "5.5"),
        ("abs", ("-1",), "1"),
        ("modulo", ("10", "-4"), "-2"),
        ("modulo", ("-10", "4"), "2"),
        ("modulo", ("-10.1", "4.5"), "3.4"),
        ("sqrt", ("4",), "2"),
    ],
)
def test_numeric_functions(name: str, args: tuple[str, ...], expected: str) -> None:
    assert call(name, *(n(a) for a in args)) == n(expected)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("round up", ("5.5", "1.1")),
        ("round up", ("5.5", "6177")),
        ("modulo", ("10", "0")),
        ("sqrt", ("-1",)),
        ("log", ("0",)),
        ("odd", ("1.5",)),
    ],
)
def test_numeric_errors(name: str, args: tuple[str, ...]) -> None:
    with pytest.raises(FeelError):
        call(name, *(n(a) for a in args))


def test_numeric_functions_reject_other_types() -> None:
    with pytest.raises(FeelError, match="must be a number"):
        call("floor", "1.5")
    with pytest.raises(FeelError):
        call("even", True)


def test_log_exp_parity_and_abs_of_durations() -> None:
    assert abs(call("log", n(4)) - Decimal("1.38629436")) < Decimal("1e-8")
    assert abs(call("exp", n(4)) - Decimal("54.59815003")) < Decimal("1e-8")
    assert call("odd", n(-1)) is True
    assert call("even", n(0)) is True
    assert to_string(call("abs", t("-P1Y"))) == "P1Y"


# --- conversion -------------------------------------------------------------------------


def test_temporal_constructors() -> None:
    assert to_string(call("time", n(11), n(59), n(45), t("-PT2H45M55S"))) == "11:59:45-02:45:55"
    assert to_string(call("time", n(11), n(59), n(45), t("PT0H"))) == "11:59:45Z"
    assert to_string(call("time", t("2017-08-10"))) == "00:00:00Z"
    assert to_string(call("time", t("2017-08-10T10:20:00@Europe/Paris"))) == "10:20:00@Europe/Paris"
    assert call("date", t("2017-08-14T14:25:00")) == dt.date(2017, 8, 14)
    combined = call("date and time", t("2017-08-10T10:20:00+02:00"), t("23:59:01"))
    assert to_string(combined) == "2017-08-10T23:59:01"
    with pytest.raises(FeelError):
        call("time", n(24), n(59), n(45), None)
    with pytest.raises(FeelError):
        call("date", n(2017), n(13), n(31))


def test_number_with_separators() -> None:
    assert call("number", "1.000.000,01", ".", ",") == n("1000000.01")
    assert call("number", "1 000 000.01", " ", ".") == n("1000000.01")
    assert call("number", "1000000.01", None, ".") == n("1000000.01")
    assert call("number", "-1.5e3") == n(-1500)
    for bad in (("1,000,000.01", " ", "."), ("1,000,000.00", ",", ","), ("1,000", ":", ".")):
        with pytest.raises(FeelError):
            call("number", *bad)


def test_string_and_duration_functions() -> None:
    assert call("string", n("1.10")) == "1.1"
    assert gives_null_with_a_reason("string", None)
    assert call("string", [n(1), "a"]) == '[1, "a"]'
    assert to_string(call("duration", "PT1000M0.999999999S")) == "PT16H40M0.999999999S"
    assert to_string(call("years and months duration", t("2011-12-22"), t("2013-08-24"))) == "P1Y8M"
    assert to_string(call("years and months duration", t("2016-01-21"), t("2015-01-21"))) == "-P1Y"


def test_context_from_entries() -> None:
    assert call("context", [{"key": "a", "value": n(1)}, {"key": "b", "value": None}]) == {
        "a": n(1),
        "b": None,
    }
    assert call("context", {"key": "a", "value": n(1), "ignored": "x"}) == {"a": n(1)}
    for bad in ([{"key": "a", "value": 1}, {"key": "a", "value": 2}], {"value": 1}, {"key": "a"}, "foo"):
        with pytest.raises(FeelError):
            call("context", bad)


# --- strings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("foobar", "3"), "obar"),
        (("foobar", "3", "3"), "oba"),
        (("foobar", "-2", "1"), "a"),
        (("foobar", "3", "3.8"), "oba"),
        (("foo\U0001f40ebar", "4", "1"), "\U0001f40e"),
    ],
)
def test_substring(args: tuple[str, ...], expected: str) -> None:
    text, *numbers = args
    assert call("substring", text, *(n(a) for a in numbers)) == expected


def test_string_functions() -> None:
    assert call("string length", "a\U0001f600") == n(2)
    assert call("upper case", "xyZ ") == "XYZ "
    assert call("lower case", "ABC") == "abc"
    assert call("substring before", "foobar", "bar") == "foo"
    assert call("substring after", "abc", "") == "abc"
    assert call("contains", "", "") is True
    assert call("starts with", "foobar", "fo") is True
    assert call("ends with", "foobar", "r") is True
    assert call("upper case", ["bob"]) == "BOB"


def test_string_join() -> None:
    assert call("string join", ["a", None, "c"], "X") == "aXc"
    assert call("string join", ["a", "b"]) == "ab"
    assert call("string join", ["a", "b"], None) == "ab"
    assert call("string join", "a", "X") == "a"
    with pytest.raises(FeelError):
        call("string join", [n(1)], "X")


def test_split_uses_regular_expressions() -> None:
    assert call("split", "John Doe", "\\s") == ["John", "Doe"]
    assert call("split", "a;b;c;;", ";") == ["a", "b", "c", "", ""]
    assert call("split", "a1b22c", "([0-9]+)") == ["a", "b", "c"]


# --- lists -------------------------------------------------------------------------------------


def test_list_functions() -> None:
    items = [n(1), n(2), n(3)]
    assert call("list contains", [n(1), None], None) is True
    assert call("count", items) == n(3)
    assert call("sublist", items, n(-1), n(1)) == [n(3)]
    assert call("sublist", items, n(2)) == [n(2), n(3)]
    assert call("insert before", items, n(2), "x") == [n(1), "x", n(2), n(3)]
    assert call("remove", items, n(-1)) == [n(1), n(2)]
    assert call("reverse", items) == [n(3), n(2), n(1)]
    assert call("index of", [n(1), n(2), n(1)], n(1)) == [n(1), n(3)]
    assert call("union", [n(1), n(2)], [n(2), n(3)]) == items
    assert call("distinct values", [n(1), n(1), [n(1)], [n(1)]]) == [n(1), [n(1)]]
    assert call("flatten", [[n(1), [n(2)]], n(3)]) == items
    assert items == [n(1), n(2), n(3)]  # not modified


def test_positions_outside_the_list_are_errors() -> None:
    for name, args in (
        ("remove", (n(0),)),
        ("remove", (n(4),)),
        ("sublist", (n(4),)),
        ("list replace", (n(-4), n(1))),
    ):
        with pytest.raises(FeelError):
            call(name, [n(1), n(2), n(3)], *args)


def test_list_replace_by_position_and_by_match() -> None:
    assert call("list replace", [n(1), n(2), n(3)], n(-1), n(4)) == [n(1), n(2), n(4)]
    assert call("list replace", [n(1), n(2), n(3)], n("2.5"), n(4)) == [n(1), n(4), n(3)]
    less = FeelFunction("less", ("item", "newItem"), lambda item, new: item < new)
    assert call("list replace", [n(2), n(4), n(7)], less, n(5)) == [n(5), n(5), n(7)]
    one_param = FeelFunction("f", ("item",), lambda item: True)
    with pytest.raises(FeelError, match="two parameters"):
        call("list replace", [n(2)], one_param, n(5))
    not_boolean = FeelFunction("f", ("item", "newItem"), lambda item, new: item)
    with pytest.raises(FeelError, match="true or false"):
        call("list replace", [n(2)], not_boolean, n(5))


def test_sort() -> None:
    assert call("sort", [n(3), n(1), n(2)]) == [n(1), n(2), n(3)]
    descending = FeelFunction("gt", ("x", "y"), lambda x, y: x > y)
    assert call("sort", [n(3), n(1), n(2)], descending) == [n(3), n(2), n(1)]
    assert named("sort", list=["b", "a"]) == ["a", "b"]
    with pytest.raises(FeelError):
        call("sort", [n(1), "a"])


def test_aggregates() -> None:
    assert call("sum", [n(1), n(2)]) == n(3)
    assert gives_null_with_a_reason("sum", [])
    assert call("mean", n(1), n(2), n(3), n(4)) == n("2.5")
    assert call("product", n(2), n(3), n(4)) == n(24)
    assert call("median", [n(6), n(1), n(2), n(3)]) == n("2.5")
    assert call("median", n(8), n(2), n(5), n(3), n(4)) == n(4)
    assert call("mode", [n(3), n(6), n(1), n(9), n(6), n(1), n(3)]) == [n(1), n(3), n(6)]
    assert call("mode", []) == []
    assert abs(call("stddev", [n(2), n(4), n(7), n(5)]) - Decimal("2.0816659994661")) < Decimal("1e-12")
    assert gives_null_with_a_reason("stddev", [n(47)])
    assert call("max", "a", "c", "b") == "c"
    assert gives_null_with_a_reason("min", [])
    with pytest.raises(FeelError):
        call("sum", [n(1), "foo"])


def test_all_and_any_three_valued() -> None:
    assert call("all", [True, False, None]) is False
    assert gives_null_with_a_reason("all", [True, None])
    assert call("all", []) is True
    assert call("all", True) is True
    assert gives_null_with_a_reason("any", [False, None])
    assert call("any", [n(123), True]) is True
    assert call("any", []) is False


# --- dates -------------------------------------------------------------------------------------


def test_calendar_functions() -> None:
    assert call("day of year", t("2020-12-31")) == n(366)
    assert call("day of week", t("2019-09-17T10:10:10")) == "Tuesday"
    assert call("month of year", t("2019-09-17")) == "September"
    assert call("week of year", t("2003-12-29")) == n(1)
    assert call("week of year", t("2010-01-01")) == n(53)
    with pytest.raises(FeelError):
        call("day of year", "foo")


def test_now_and_today_read_the_clock() -> None:
    before = dt.datetime.now(dt.UTC)
    now = call("now")
    assert isinstance(now, dt.datetime) and now.tzinfo is not None and now >= before
    assert call("today") in (before.date(), dt.datetime.now(dt.UTC).date())


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("23:00:50Z", "23:00:50+00:00", True),
        ("23:00:50", "23:00:50Z", False),
        ("23:00:50@Australia/Melbourne", "23:00:50+10:00", False),
        ("23:00:50@Etc/GMT", "23:00:50Z", False),
        ("2002-04-02T12:00:00-01:00", "2002-04-02T17:00:00+04:00", False),
        ("2012-12-25", "2012-12-25T00:00:00Z", False),
        ("P1D", "PT24H", True),
        ("P0Y", "P0D", False),
    ],
)
def test_is(a: str, b: str, expected: bool) -> None:
    assert call("is", t(a), t(b)) is expected


# --- contexts ----------------------------------------------------------------------------------


def test_context_functions() -> None:
    assert call("get value", {"a": n(1)}, "a") == n(1)
    assert call("get value", {"a": n(1)}, "b") is None
    assert call("get entries", {"a": n(1)}) == [{"key": "a", "value": n(1)}]
    nested = {"x": n(1), "y": {"a": n(0)}}
    assert call("context put", nested, ["y", "a"], n(2)) == {"x": n(1), "y": {"a": n(2)}}
    assert call("context put", nested, "z", None) == {"x": n(1), "y": {"a": n(0)}, "z": None}
    assert nested == {"x": n(1), "y": {"a": n(0)}}
    assert named("context put", context={}, keys=["a"], value=n(1)) == {"a": n(1)}
    with pytest.raises(FeelError):
        named("context put", context=nested, key=["y", "a"], value=n(2))
    with pytest.raises(FeelError):
        call("context put", nested, ["y", "a", "b"], n(2))
    assert call("context merge", [{"a": n(1)}, {"a": n(2), "b": n(3)}]) == {"a": n(2), "b": n(3)}
    assert call("not", True) is False
    assert gives_null_with_a_reason("not", n(1))
