"""Range relations (DMN 1.5 §10.3.4.12) and range(from)."""

from __future__ import annotations

from typing import Any

import pytest

from opgave.dmn.feel.builtins import BUILTINS, BuiltinFunction
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.temporal import parse_temporal
from opgave.dmn.feel.values import Range, number


def r(text: str) -> Range:
    result = BUILTINS["range"](text)
    assert isinstance(result, Range)
    return result


def call(name: str, a: Any, b: Any) -> Any:
    return BUILTINS[name](a, b)


ONE, FIVE, TEN, FIFTEEN = number(1), number(5), number(10), number(15)


@pytest.mark.parametrize(
    ("name", "a", "b", "expected"),
    [
        ("before", ONE, TEN, True),
        ("before", TEN, ONE, False),
        ("before", ONE, "(1..10]", True),
        ("before", ONE, "[1..10]", False),
        ("before", "[1..10)", TEN, True),
        ("before", "[1..10]", TEN, False),
        ("before", "[1..10)", "[10..20]", True),
        ("before", "[1..10]", "[10..20]", False),
        ("after", TEN, ONE, True),
        ("after", "(10..20]", TEN, True),
        ("after", "[11..20]", "[1..10]", True),
        ("after", "[10..20]", "[1..10]", False),
        ("meets", "[1..5]", "[5..10]", True),
        ("meets", "[1..5)", "[5..10]", False),
        ("met by", "[5..10]", "[1..5]", True),
        ("overlaps", "[1..5]", "[3..8]", True),
        ("overlaps", "[1..5)", "[5..8]", False),
        ("overlaps", "[5..8]", "[1..5]", True),
        ("overlaps before", "[1..5]", "[3..8]", True),
        ("overlaps before", "[3..8]", "[1..5]", False),
        ("overlaps before", "[1..5]", "(1..5]", True),
        ("overlaps after", "[3..8]", "[1..5]", True),
        ("finishes", TEN, "[1..10]", True),
        ("finishes", TEN, "[1..10)", False),
        ("finishes", "[3..10]", "[1..10]", True),
        ("finishes", "[1..10]", "(1..10]", False),
        ("finished by", "[1..10]", TEN, True),
        ("finished by", "[1..10]", "[3..10]", True),
        ("includes", "[1..10]", FIVE, True),
        ("includes", "(1..10]", ONE, False),
        ("includes", "[1..10]", "[4..6]", True),
        ("includes", "(1..10]", "[1..6]", False),
        ("during", FIVE, "[1..10]", True),
        ("during", "[4..6]", "[1..10]", True),
        ("during", "[1..10]", "[4..6]", False),
        ("starts", ONE, "[1..10]", True),
        ("starts", ONE, "(1..10]", False),
        ("starts", "[1..5]", "[1..10]", True),
        ("starts", "(1..5]", "[1..10]", False),
        ("started by", "[1..10]", ONE, True),
        ("started by", "[1..10]", "[1..5]", True),
        ("coincides", FIVE, FIVE, True),
        ("coincides", "[1..5]", "[1..5]", True),
        ("coincides", "[1..5]", "[1..5)", False),
    ],
)
def test_range_relations(name: str, a: Any, b: Any, expected: bool) -> None:
    left = r(a) if isinstance(a, str) else a
    right = r(b) if isinstance(b, str) else b
    assert call(name, left, right) is expected


def test_open_ended_ranges_are_unbounded() -> None:
    below_ten = Range(None, TEN, False, False)
    assert call("includes", below_ten, number(-1000)) is True
    assert call("before", below_ten, TEN) is True
    assert call("after", Range(TEN, None, False, False), FIFTEEN) is False
    assert call("overlaps", below_ten, r("[5..20]")) is True


def test_named_invocation_picks_the_matching_signature() -> None:
    before = BUILTINS["before"]
    assert isinstance(before, BuiltinFunction)
    assert before.call_named({"point": ONE, "range": r("[5..10]")}) is True
    # before(point, range) and before(range, point) share their names; named, the first one wins.
    assert before.call_named({"range": r("[1..2]"), "point": TEN}) is False
    assert before.call_named({"range1": r("[1..2]"), "range2": r("[5..10]")}) is True
    assert before.call_named({"point1": ONE, "point2": TEN}) is True


def test_relations_reject_wrong_kinds_and_nulls() -> None:
    with pytest.raises(FeelError):
        call("meets", ONE, r("[1..2]"))
    with pytest.raises(FeelError):
        call("before", None, ONE)
    with pytest.raises(FeelError):
        call("before", ONE, "a")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1..3]", Range(number(1), number(3), True, True)),
        (" ( 1 .. 3 [ ", Range(number(1), number(3), False, False)),
        ("]18..21]", Range(number(18), number(21), False, True)),
        ('["a".."c"]', Range("a", "c", True, True)),
        ('[@"P1D"..@"P2D"]', Range(parse_temporal("P1D"), parse_temporal("P2D"), True, True)),
        (
            '[date("1970-01-01")..date("1970-01-02")]',
            Range(parse_temporal("1970-01-01"), parse_temporal("1970-01-02"), True, True),
        ),
        ("[null..3]", Range(None, number(3), True, True)),
    ],
)
def test_range_from_text(text: str, expected: Range) -> None:
    assert r(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "[..2]",
        "[1..]",
        ">=10",
        '[1.."b"]',
        "[3..1]",
        '["z".."a"]',
        "[null..null]",
        '[@"1970-01-01"..@"1970-01-02T00:00:00"]',
        '[date(string("1970-01-01"))..date("1970-01-02")]',
    ],
)
def test_invalid_range_text(text: str) -> None:
    with pytest.raises(FeelError):
        BUILTINS["range"](text)
