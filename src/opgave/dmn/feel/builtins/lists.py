"""List built-ins (DMN 1.5 §10.3.4.4) other than aggregates. Positions start at 1; negative ones count from the end."""

from __future__ import annotations

import functools
from typing import Any

from opgave.dmn.feel import semantics
from opgave.dmn.feel.builtins import arguments as arg
from opgave.dmn.feel.builtins.signature import NOT_GIVEN, BuiltinFunction, builtin
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import FeelFunction, number


def _index(function: str, items: list[Any], position: Any, param: str = "position") -> int:
    """The 0-based index of an existing item at a 1-based (or negative) position."""
    place = arg.truncated(function, param, position)
    index = place - 1 if place > 0 else len(items) + place
    if place == 0 or not 0 <= index < len(items):
        raise FeelError(f"{function}(): position {place} is outside the list of {len(items)} item(s)")
    return index


def _contains(items: list[Any], element: Any) -> bool:
    return any(semantics.equal(item, element) is True for item in items)


def _distinct(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if not _contains(out, item):
            out.append(item)
    return out


@builtin("list contains", "list, element")
def list_contains(list: Any, element: Any) -> bool:
    return _contains(arg.as_list("list contains", "list", list), element)


@builtin("sublist", "list, start position, [length]")
def sublist(list: Any, start_position: Any, length: Any) -> list[Any]:
    items = arg.as_list("sublist", "list", list)
    start = _index("sublist", items, start_position, "start position")
    if length is NOT_GIVEN:
        return items[start:]
    count = arg.truncated("sublist", "length", length)
    if count < 0 or start + count > len(items):
        raise FeelError(f"sublist(): length {count} runs past the end of the list")
    return items[start : start + count]


@builtin("append", "list, item...")
def append(list: Any, item: Any) -> list[Any]:
    return [*arg.as_list("append", "list", list), *item]


def _concatenate(function: str, parts: list[Any]) -> list[Any]:
    out: list[Any] = []
    for part in parts:
        out.extend(arg.as_list(function, "list", part))
    return out


@builtin("concatenate", "list...")
def concatenate(list: Any) -> list[Any]:
    return _concatenate("concatenate", list)


@builtin("insert before", "list, position, newItem")
def insert_before(list: Any, position: Any, newItem: Any) -> list[Any]:
    items = [*arg.as_list("insert before", "list", list)]
    items.insert(_index("insert before", items, position), newItem)
    return items


@builtin("remove", "list, position")
def remove(list: Any, position: Any) -> list[Any]:
    items = [*arg.as_list("remove", "list", list)]
    del items[_index("remove", items, position)]
    return items


@builtin("reverse", "list")
def reverse(list: Any) -> list[Any]:
    return arg.as_list("reverse", "list", list)[::-1]


@builtin("index of", "list, match")
def index_of(list: Any, match: Any) -> list[Any]:
    items = arg.as_list("index of", "list", list)
    return [number(place) for place, item in enumerate(items, 1) if semantics.equal(item, match) is True]


@builtin("union", "list...")
def union(list: Any) -> list[Any]:
    return _distinct(_concatenate("union", list))


@builtin("distinct values", "list")
def distinct_values(list: Any) -> list[Any]:
    return _distinct(arg.as_list("distinct values", "list", list))


def _flatten(items: list[Any], out: list[Any]) -> list[Any]:
    for item in items:
        if isinstance(item, list):
            _flatten(item, out)
        else:
            out.append(item)
    return out


@builtin("flatten", "list")
def flatten(list: Any) -> list[Any]:
    return _flatten(arg.as_list("flatten", "list", list), [])


def _precedes_order(precedes: FeelFunction) -> Any:
    def order(a: Any, b: Any) -> int:
        before = precedes(a, b)
        if not isinstance(before, bool):
            raise FeelError(
                f"sort(): the precedes function must return true or false, not {arg.shown(before)}"
            )
        if before:
            return -1
        return 1 if precedes(b, a) is True else 0

    return functools.cmp_to_key(order)


@builtin("sort", "list, [precedes]")
def sort(list: Any, precedes: Any) -> list[Any]:
    items = arg.as_list("sort", "list", list)
    if precedes is NOT_GIVEN or precedes is None:
        return sorted(items, key=functools.cmp_to_key(semantics.compare_strict))
    function = arg.function_value("sort", "precedes", precedes)
    return sorted(items, key=_precedes_order(function))


def _matcher(match: FeelFunction) -> FeelFunction:
    if not match.variadic and len(match.params) != 2:
        raise FeelError(
            "list replace(): the match function must take two parameters (item, newItem), "
            f"not {len(match.params)}"
        )
    return match


@builtin("list replace", "list, position, newItem", "list, match, newItem")
def list_replace(list: Any, position: Any, newItem: Any) -> list[Any]:
    items = [*arg.as_list("list replace", "list", list)]
    if isinstance(position, FeelFunction):
        match = _matcher(position)
        out = []
        for item in items:
            hit = match(item, newItem)
            if not isinstance(hit, bool):
                raise FeelError(
                    f"list replace(): the match function must return true or false, not {arg.shown(hit)}"
                )
            out.append(newItem if hit else item)
        return out
    items[_index("list replace", items, position)] = newItem
    return items


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    list_contains,
    sublist,
    append,
    concatenate,
    insert_before,
    remove,
    reverse,
    index_of,
    union,
    distinct_values,
    flatten,
    sort,
    list_replace,
)
