"""The DMN 1.5 built-in function library: ``BUILTINS`` maps each FEEL name to its function.

How the evaluator invokes a built-in (every value in ``BUILTINS`` is a
:class:`~opgave.dmn.feel.builtins.signature.BuiltinFunction`, a subclass of
:class:`~opgave.dmn.feel.values.FeelFunction`):

* **Positional** ``f(a, b)``: call ``fn(a, b)``. The function picks the first of
  its signatures whose arity fits (``date("2020-01-01")`` vs ``date(2020, 1, 1)``)
  and packs variadic arguments itself (``min(1, 2, 3)`` and ``min([1, 2, 3])``).
* **Named** ``f(x: a, y: b)``: call ``fn.call_named({"x": a, "y": b})``. It picks
  the signature whose parameter names match (``date and time(date: d, time: t)``);
  a missing required parameter is null, a missing optional one is left out, and an
  unknown name is an error.
* A generic evaluator can test ``hasattr(fn, "call_named")`` and otherwise bind
  by ``fn.params`` (user-defined functions and BKMs).

``fn.params`` is the first signature's parameter names (``fn.signatures`` has
them all). Invalid arguments, including a wrong number of them, raise
:class:`~opgave.dmn.feel.errors.FeelError`; the evaluator turns that into null
plus a message. Built-ins keep no state: they are safe to share between threads.
"""

from __future__ import annotations

from opgave.dmn.feel.builtins import (
    aggregates,
    calendar,
    contexts,
    conversion,
    lists,
    numeric,
    ranges,
    strings,
)
from opgave.dmn.feel.builtins.signature import NOT_GIVEN, BuiltinFunction, Signature
from opgave.dmn.feel.values import FeelFunction


def _collect() -> dict[str, FeelFunction]:
    table: dict[str, FeelFunction] = {}
    groups = (
        conversion.FUNCTIONS,
        numeric.FUNCTIONS,
        strings.FUNCTIONS,
        lists.FUNCTIONS,
        aggregates.FUNCTIONS,
        calendar.FUNCTIONS,
        contexts.FUNCTIONS,
        ranges.FUNCTIONS,
        (ranges.RANGE_FUNCTION,),
    )
    for group in groups:
        for function in group:
            if function.name in table:
                raise RuntimeError(f"built-in '{function.name}' is defined twice")
            table[function.name] = function
    return table


#: Every built-in function by its FEEL name (treat as read-only).
BUILTINS: dict[str, FeelFunction] = _collect()

__all__ = ["BUILTINS", "NOT_GIVEN", "BuiltinFunction", "Signature"]
