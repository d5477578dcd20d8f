"""Iteration forms: ``for ... return``, ``some/every ... satisfies`` and filters ``list[...]``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import ast, semantics
from .closures import OPERATION_ERRORS, Fn, describe, is_integral
from .errors import FeelError
from .scope import Scope
from .values import Range, is_date, type_name

if TYPE_CHECKING:
    from .compiler import Compiler

#: (variable name, function giving the values to iterate over)
CompiledIteration = tuple[str, Callable[[Scope], Iterable[Any]]]

_ONE_DAY = dt.timedelta(days=1)


def _step_values(low: Any, high: Any, low_included: bool = True, high_included: bool = True) -> Iterable[Any]:
    """The members of ``low..high``, produced lazily: integers, or dates day by day;
    descending when low > high. ``low_included``/``high_included`` drop an end."""
    if is_integral(low) and is_integral(high):
        start, end = int(low), int(high)
        step = 1 if end >= start else -1
        if not low_included:
            start += step
        if not high_included:
            end -= step
        if (end - start) * step < 0:
            return ()
        return map(Decimal, range(start, end + step, step))
    if is_date(low) and is_date(high):
        step_days = _ONE_DAY if high >= low else -_ONE_DAY
        first = low if low_included else low + step_days
        last = high if high_included else high - step_days
        return _days(first, last, step_days)
    raise FeelError(f"cannot iterate from {type_name(low)} to {type_name(high)}; use integers or dates")


def _days(first: dt.date, last: dt.date, step: dt.timedelta) -> Iterator[dt.date]:
    forward = step > dt.timedelta(0)
    current = first
    while (current <= last) if forward else (current >= last):
        yield current
        current += step


def _compile_iterations(compiler: Compiler, iterations: list[ast.Iteration]) -> list[CompiledIteration]:
    compiled: list[CompiledIteration] = []
    for iteration in iterations:
        source = compiler.compile(iteration.source)
        if iteration.upper is not None:
            compiled.append((iteration.name, _between_values(source, compiler.compile(iteration.upper))))
        else:
            compiled.append((iteration.name, _source_values(source)))
    return compiled


def _between_values(source: Fn, upper: Fn) -> Callable[[Scope], Iterable[Any]]:
    return lambda scope: _step_values(source(scope), upper(scope))


def iteration_values(value: Any) -> Iterable[Any]:
    """What ``for``/``some``/``every`` iterate over: a list's items, a range's integers or
    dates, or a single value as a singleton. Raises FeelError for null and open ranges."""
    if isinstance(value, list):
        return value
    if isinstance(value, Range):
        if value.start is None or value.end is None:
            raise FeelError("cannot iterate over a range without both ends")
        order = semantics.compare(value.start, value.end)
        if order is None or order > 0:
            raise FeelError("cannot iterate over a range whose start is after its end")
        return _step_values(value.start, value.end, value.start_included, value.end_included)
    if value is None:
        raise FeelError("cannot iterate over null")
    return [value]


def _source_values(source: Fn) -> Callable[[Scope], Iterable[Any]]:
    return lambda scope: iteration_values(source(scope))


def _bindings(iterations: list[CompiledIteration], scope: Scope, extra: dict[str, Any]) -> Iterator[Scope]:
    """Every combination of the iteration variables, as a scope; later sources see earlier variables."""

    def walk(index: int, current: Scope) -> Iterator[Scope]:
        if index == len(iterations):
            yield current
            return
        name, values = iterations[index]
        for value in values(current):
            yield from walk(index + 1, current.child({name: value, **extra}))

    return walk(0, scope)


def compile_for(compiler: Compiler, node: ast.For) -> Fn:
    iterations = _compile_iterations(compiler, node.iterations)
    body = compiler.compile(node.body)
    where = compiler.where(node)

    def for_loop(scope: Scope) -> Any:
        results: list[Any] = []
        try:
            for inner in _bindings(iterations, scope, {"partial": results}):
                results.append(body(inner))
        except OPERATION_ERRORS as exc:
            scope.error(f"{describe(exc)} {where}")
            return None
        return results

    return for_loop


def compile_quantified(compiler: Compiler, node: ast.Quantified) -> Fn:
    iterations = _compile_iterations(compiler, node.iterations)
    condition = compiler.compile(node.condition)
    where = compiler.where(node)
    every = node.every

    def quantified(scope: Scope) -> Any:
        # some: true when an element satisfies the test; every: false as soon as one does
        # not. null counts as not satisfied (so it decides 'every'); a result that is not
        # a boolean makes the whole expression null unless it is decided.
        decided = not every
        invalid: Any = None
        try:
            for inner in _bindings(iterations, scope, {}):
                result = condition(inner)
                if result is decided or (every and result is None):
                    return decided
                if result is not None and not isinstance(result, bool):
                    invalid = result
        except OPERATION_ERRORS as exc:
            scope.error(f"{describe(exc)} {where}")
            return None
        if invalid is not None:
            scope.error(f"'satisfies' must give a boolean, not {type_name(invalid)} {where}")
            return None
        return every

    return quantified


def _item_frame(item: Any) -> dict[str, Any]:
    if isinstance(item, dict):
        return {"item": item, **item}
    return {"item": item}


def _index(items: list[Any], position: Decimal, scope: Scope, where: str) -> Any:
    if not is_integral(position):
        scope.error(f"the index {position} is not a whole number {where}")
        return None
    index = int(position)
    if index > 0 and index <= len(items):
        return items[index - 1]
    if index < 0 and -index <= len(items):
        return items[index]
    scope.error(f"the index {index} is outside a list of {len(items)} item(s) {where}")
    return None


def compile_filter(compiler: Compiler, node: ast.Filter) -> Fn:
    target = compiler.compile(node.target)
    condition = compiler.compile(node.condition)
    where = compiler.where(node)

    def filtered(scope: Scope) -> Any:
        value = target(scope)
        if value is None:
            scope.error(f"cannot filter null {where}")
            return None
        items = value if isinstance(value, list) else [value]
        if not items:
            probe = condition(Scope({}, scope, []))
            if isinstance(probe, Decimal):
                return _index(items, probe, scope, where)
            return []
        kept: list[Any] = []
        for position, item in enumerate(items):
            result = condition(scope.child(_item_frame(item)))
            if position == 0 and isinstance(result, Decimal):
                return _index(items, result, scope, where)
            if result is True:
                kept.append(item)
            elif result is not None and not isinstance(result, bool):
                scope.error(f"a filter must be a boolean or a number, not {type_name(result)} {where}")
                return None
        return kept

    return filtered
