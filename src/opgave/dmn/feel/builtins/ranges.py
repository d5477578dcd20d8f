"""Range built-ins (DMN 1.5 §10.3.4.11-12): before, after, meets, met by, overlaps, overlaps before,
overlaps after, finishes, finished by, includes, during, starts, started by, coincides, and range(from).

Each relation takes points or ranges; the signatures name them as the standard does
(``before(point1, point2)``, ``before(point, range)``, ``before(range, point)``,
``before(range1, range2)``). An open range end (``None``) is unbounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from opgave.dmn.feel import semantics, temporal
from opgave.dmn.feel.builtins import arguments as arg
from opgave.dmn.feel.builtins.signature import BuiltinFunction, builtin
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import DECIMAL128, Range, type_name

_LOW, _HIGH = object(), object()


def _cmp(a: Any, b: Any) -> int:
    """Compare endpoints where ``_LOW``/``_HIGH`` stand for minus/plus infinity."""
    if a is b and a in (_LOW, _HIGH):
        return 0
    if a is _LOW or b is _HIGH:
        return -1
    if a is _HIGH or b is _LOW:
        return 1
    return semantics.compare_strict(a, b)


def _start(r: Range) -> Any:
    return _LOW if r.start is None else r.start


def _end(r: Range) -> Any:
    return _HIGH if r.end is None else r.end


def _point_before_range(p: Any, r: Range) -> bool:
    order = _cmp(p, _start(r))
    return order < 0 or (order == 0 and not r.start_included)


def _range_before_point(r: Range, p: Any) -> bool:
    order = _cmp(_end(r), p)
    return order < 0 or (order == 0 and not r.end_included)


def _ranges_before(r1: Range, r2: Range) -> bool:
    order = _cmp(_end(r1), _start(r2))
    return order < 0 or (order == 0 and not (r1.end_included and r2.start_included))


def _before(a: Any, b: Any) -> bool:
    if isinstance(a, Range) and isinstance(b, Range):
        return _ranges_before(a, b)
    if isinstance(a, Range):
        return _range_before_point(a, b)
    if isinstance(b, Range):
        return _point_before_range(a, b)
    return _cmp(a, b) < 0


def _includes_point(r: Range, p: Any) -> bool:
    low, high = _cmp(_start(r), p), _cmp(p, _end(r))
    return (low < 0 or (low == 0 and r.start_included)) and (high < 0 or (high == 0 and r.end_included))


def _includes_range(r1: Range, r2: Range) -> bool:
    low, high = _cmp(_start(r1), _start(r2)), _cmp(_end(r1), _end(r2))
    starts_ok = low < 0 or (low == 0 and (r1.start_included or not r2.start_included))
    ends_ok = high > 0 or (high == 0 and (r1.end_included or not r2.end_included))
    return starts_ok and ends_ok


def _includes(a: Any, b: Any) -> bool:
    return _includes_range(a, b) if isinstance(b, Range) else _includes_point(a, b)


def _overlaps(r1: Range, r2: Range) -> bool:
    end_start, start_end = _cmp(_end(r1), _start(r2)), _cmp(_start(r1), _end(r2))
    return (end_start > 0 or (end_start == 0 and r1.end_included and r2.start_included)) and (
        start_end < 0 or (start_end == 0 and r1.start_included and r2.end_included)
    )


def _overlaps_before(r1: Range, r2: Range) -> bool:
    starts, end_start, ends = (
        _cmp(_start(r1), _start(r2)),
        _cmp(_end(r1), _start(r2)),
        _cmp(_end(r1), _end(r2)),
    )
    return (
        (starts < 0 or (starts == 0 and r1.start_included and not r2.start_included))
        and (end_start > 0 or (end_start == 0 and r1.end_included and r2.start_included))
        and (ends < 0 or (ends == 0 and (not r1.end_included or r2.end_included)))
    )


def _finishes(a: Any, b: Range) -> bool:
    if not isinstance(a, Range):
        return b.end_included and _cmp(a, _end(b)) == 0
    starts = _cmp(_start(a), _start(b))
    return (
        a.end_included == b.end_included
        and _cmp(_end(a), _end(b)) == 0
        and (starts > 0 or (starts == 0 and (not a.start_included or b.start_included)))
    )


def _starts(a: Any, b: Range) -> bool:
    if not isinstance(a, Range):
        return b.start_included and _cmp(a, _start(b)) == 0
    ends = _cmp(_end(a), _end(b))
    return (
        a.start_included == b.start_included
        and _cmp(_start(a), _start(b)) == 0
        and (ends < 0 or (ends == 0 and (not a.end_included or b.end_included)))
    )


def _coincides(a: Any, b: Any) -> bool:
    if isinstance(a, Range) and isinstance(b, Range):
        return (
            a.start_included == b.start_included
            and a.end_included == b.end_included
            and _cmp(_start(a), _start(b)) == 0
            and _cmp(_end(a), _end(b)) == 0
        )
    if isinstance(a, Range) or isinstance(b, Range):
        raise FeelError("coincides(): compare two points or two ranges")
    return _cmp(a, b) == 0


def _relation(
    name: str,
    signatures: tuple[str, ...],
    kinds: tuple[tuple[bool, bool], ...],
    test: Callable[[Any, Any], bool],
) -> BuiltinFunction:
    """A range relation; ``kinds`` lists the allowed (first is range, second is range) pairs."""

    def impl(a: Any, b: Any) -> bool:
        if a is None or b is None:
            raise FeelError(f"{name}(): the arguments must not be null")
        if (isinstance(a, Range), isinstance(b, Range)) not in kinds:
            raise FeelError(f"{name}() is not defined for a {type_name(a)} and a {type_name(b)}")
        return test(a, b)

    return builtin(name, *signatures)(impl)


_ALL = ((False, False), (False, True), (True, False), (True, True))
_RANGES = ((True, True),)
_POINT_OR_RANGE_FIRST = ((False, True), (True, True))
_RANGE_THEN_ANY = ((True, False), (True, True))
_FOUR = ("point1, point2", "point, range", "range, point", "range1, range2")

FUNCTIONS: tuple[BuiltinFunction, ...] = (
    _relation("before", _FOUR, _ALL, _before),
    _relation("after", _FOUR, _ALL, lambda a, b: _before(b, a)),
    _relation(
        "meets",
        ("range1, range2",),
        _RANGES,
        lambda a, b: bool(a.end_included and b.start_included and _cmp(_end(a), _start(b)) == 0),
    ),
    _relation(
        "met by",
        ("range1, range2",),
        _RANGES,
        lambda a, b: bool(a.start_included and b.end_included and _cmp(_start(a), _end(b)) == 0),
    ),
    _relation("overlaps", ("range1, range2",), _RANGES, _overlaps),
    _relation("overlaps before", ("range1, range2",), _RANGES, _overlaps_before),
    _relation("overlaps after", ("range1, range2",), _RANGES, lambda a, b: _overlaps_before(b, a)),
    _relation("finishes", ("point, range", "range1, range2"), _POINT_OR_RANGE_FIRST, _finishes),
    _relation(
        "finished by", ("range, point", "range1, range2"), _RANGE_THEN_ANY, lambda a, b: _finishes(b, a)
    ),
    _relation("includes", ("range, point", "range1, range2"), _RANGE_THEN_ANY, _includes),
    _relation(
        "during", ("point, range", "range1, range2"), _POINT_OR_RANGE_FIRST, lambda a, b: _includes(b, a)
    ),
    _relation("starts", ("point, range", "range1, range2"), _POINT_OR_RANGE_FIRST, _starts),
    _relation("started by", ("range, point", "range1, range2"), _RANGE_THEN_ANY, lambda a, b: _starts(b, a)),
    _relation("coincides", ("point1, point2", "range1, range2"), ((False, False), (True, True)), _coincides),
)


# ---------------------------------------------------------------------------
# range(from): a range from its FEEL literal text
# ---------------------------------------------------------------------------

_ENDPOINT = r"""
    (?:-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)       # number
  | "(?:[^"\\]|\\.)*"                                   # string
  | @"[^"]*"                                            # temporal literal
  | (?:date\ and\ time|date|time|duration)\s*\(\s*"[^"]*"\s*\)
  | null
"""
_RANGE_TEXT = re.compile(
    rf"\s*(?P<open>[\[(\]])\s*(?P<start>{_ENDPOINT})?\s*\.\.\s*(?P<end>{_ENDPOINT})?\s*(?P<close>[\])\[])\s*",
    re.VERBOSE,
)
_CONSTRUCTORS: dict[str, Callable[[str], Any]] = {
    "date and time": temporal.parse_date_and_time,
    "date": temporal.parse_date,
    "time": temporal.parse_time,
    "duration": temporal.parse_duration,
}


def _endpoint(text: str) -> Any:
    if text == "null":
        return None
    if text.startswith('"'):
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    if text.startswith('@"'):
        return temporal.parse_temporal(text[2:-1])
    call = re.fullmatch(r'(date and time|date|time|duration)\s*\(\s*"([^"]*)"\s*\)', text)
    if call:
        return _CONSTRUCTORS[call.group(1)](call.group(2))
    return DECIMAL128.create_decimal(text)


@builtin("range", "from")
def range_(from_: Any) -> Range:
    text = arg.string("range", "from", from_)
    match = _RANGE_TEXT.fullmatch(text)
    if match is None:
        raise FeelError(f"range(): '{text}' is not a range literal such as '[1..10]'")
    omitted_start, omitted_end = match["start"] is None, match["end"] is None
    # An omitted endpoint is unbounded, so its side must be open: '(..1]', ']..1]' and '[1..)',
    # '[1..[' are ranges; '[..1]' and '[1..]' are not (DMN 1.5 §10.3.2.7, the TCK's 1156).
    if (omitted_start and match["open"] == "[") or (omitted_end and match["close"] == "]"):
        raise FeelError(f"range(): '{text}' leaves out an endpoint on a closed side; use '(' or ')' there")
    start = None if omitted_start else _endpoint(match["start"])
    end = None if omitted_end else _endpoint(match["end"])
    if start is None and end is None:
        raise FeelError("range(): a range needs at least one endpoint")
    if start is not None and end is not None:
        order = semantics.compare(start, end)
        if order is None or type_name(start) != type_name(end):
            raise FeelError(
                f"range(): the endpoints {type_name(start)} and {type_name(end)} are not comparable"
            )
        if order > 0:
            raise FeelError(f"range(): the start of '{text}' lies after its end")
    return Range(start, end, match["open"] == "[", match["close"] == "]")


RANGE_FUNCTION = range_
