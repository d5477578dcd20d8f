"""Unary tests whose operand is known when compiling, and the predicates decision tables call.

``< 18``, ``>= "b"``, ``"koop"``, ``[1..5]`` and ``true`` compare the input value with a
value fixed in the model. When the input has the literal's own Python type (a number with
a number, a string with a string), the comparison is made directly; any other input takes
the general path of FEEL semantics, so the result is always the one the general unary
test gives. :func:`predicate` goes one step further for a decision table's input entry:
one closure that never raises and returns exactly what ``UnaryTests.test_in`` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import ast, semantics
from .closures import OPERATION_ERRORS, TestFn
from .scope import Scope
from .values import Range, type_name

ORDER_TESTS: dict[str, Callable[[int], bool]] = {
    "<": lambda order: order < 0,
    "<=": lambda order: order <= 0,
    ">": lambda order: order > 0,
    ">=": lambda order: order >= 0,
}


DIRECT_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def constant_order_test(op: str, endpoint: Any, where: str) -> TestFn:
    """``< 10`` or ``>= "b"``: the endpoint is known when compiling, so a number against a number
    (or a string against a string) compares directly; anything else takes the general path."""
    kind = type(endpoint)
    direct = DIRECT_ORDER[op]
    check = ORDER_TESTS[op]

    def constant_order_test(value: Any, scope: Scope) -> bool | None:
        if type(value) is kind:
            return direct(value, endpoint)
        order = semantics.compare(value, endpoint)
        if order is None:
            if value is not None:
                scope.error(f"cannot compare {type_name(value)} with {type_name(endpoint)} {where}")
            return None
        return check(order)

    return constant_order_test


def constant_test(operand: ast.Node) -> TestFn | None:
    """A test without an operator whose operand is a literal (``"koop"``, ``true``) or a range
    between two literals (``[1..5]``): its target is known when compiling, so the test does
    not build it on every evaluation, and a value of the literal's own type compares
    directly. Any other value takes the general path; the result is always the one
    :func:`matches` gives."""
    if isinstance(operand, ast.Literal) and type(operand.value) in (Decimal, str, bool):
        target = operand.value
        kind = type(target)
        if kind is bool:

            def constant_boolean_test(value: Any, scope: Scope) -> bool | None:
                if type(value) is bool:
                    return value is target
                return matches(value, target)

            return constant_boolean_test

        def constant_test(value: Any, scope: Scope) -> bool | None:
            if type(value) is kind:
                return bool(value == target)
            return matches(value, target)

        return constant_test
    if isinstance(operand, ast.RangeNode):
        return _constant_range_test(operand)
    return None


def _constant_range_test(node: ast.RangeNode) -> TestFn | None:
    """``[1..5]``, ``("a".."m")``: both endpoints literals of one kind (number or string)."""
    low, high = node.low, node.high
    if not (isinstance(low, ast.Literal) and isinstance(high, ast.Literal)) or low is high:
        return None
    start: Any = low.value
    end: Any = high.value
    kind = type(start)
    if kind not in (Decimal, str) or type(end) is not kind:
        return None
    target = Range(start, end, node.low_included, node.high_included)
    low_included, high_included = node.low_included, node.high_included

    def constant_range_test(value: Any, scope: Scope) -> bool | None:
        if type(value) is kind:
            if value < start or (not low_included and value == start):
                return False
            return not (value > end or (not high_included and value == end))
        return matches(value, target)

    return constant_range_test


def matches(value: Any, target: Any) -> bool | None:
    """Whether ``value`` satisfies a unary test whose expression evaluated to ``target``.

    A range holds the values it contains, a list the values equal to (or contained
    in a range among) its items; a boolean result of a test that does not mention
    ``?`` decides on its own when the input is not a boolean; anything else is
    compared for equality.
    """
    if isinstance(target, Range) and not isinstance(value, Range):
        return semantics.in_range(value, target)
    if isinstance(target, list):
        if isinstance(value, list) and semantics.equal(value, target) is True:
            return True
        return any(_member_matches(value, item) for item in target)
    if isinstance(target, bool) and not isinstance(value, bool) and value is not None:
        return target
    return semantics.equal(value, target)


def _member_matches(value: Any, item: Any) -> bool:
    if isinstance(item, Range) and not isinstance(value, Range):
        return semantics.in_range(value, item) is True
    return semantics.equal(value, item) is True


def safe(test: TestFn) -> TestFn:
    """``test`` run the way ``UnaryTests.test_in`` runs one test: an error is a message and null."""

    def single_test(value: Any, scope: Scope) -> bool | None:
        try:
            result = test(value, scope)
        except OPERATION_ERRORS as exc:
            scope.error(str(exc))
            return None
        return result if result is None else result is True

    return single_test


def predicate(test: ast.UnaryTest, general: TestFn) -> TestFn:
    """The predicate of a decision-table input entry made of the one (not negated) ``test``,
    compiled as ``general``: True, False or None, exactly as ``UnaryTests.test_in`` says.

    For a literal operand and an input of the literal's type it is a single comparison; in
    every other case, and when that comparison raises (a NaN), it defers to ``general``.
    """
    slow = safe(general)
    operand = test.operand
    if isinstance(operand, ast.Literal) and type(operand.value) is bool and test.op is None:
        target = operand.value

        def boolean(value: Any, scope: Scope) -> bool | None:
            if type(value) is bool:
                return value is target
            return slow(value, scope)

        return boolean
    if not isinstance(operand, ast.Literal) or type(operand.value) not in (Decimal, str):
        return slow
    factory = _DIRECT_PREDICATES.get(test.op or "=")
    return slow if factory is None else factory(operand.value, slow)


def _less(endpoint: Any, slow: TestFn) -> TestFn:
    kind = type(endpoint)

    def less(value: Any, scope: Scope) -> bool | None:
        if type(value) is kind:
            try:
                outcome: bool = value < endpoint
                return outcome
            except OPERATION_ERRORS:
                pass  # the general path says why
        return slow(value, scope)

    return less


def _less_or_equal(endpoint: Any, slow: TestFn) -> TestFn:
    kind = type(endpoint)

    def less_or_equal(value: Any, scope: Scope) -> bool | None:
        if type(value) is kind:
            try:
                outcome: bool = value <= endpoint
                return outcome
            except OPERATION_ERRORS:
                pass
        return slow(value, scope)

    return less_or_equal


def _greater(endpoint: Any, slow: TestFn) -> TestFn:
    kind = type(endpoint)

    def greater(value: Any, scope: Scope) -> bool | None:
        if type(value) is kind:
            try:
                outcome: bool = value > endpoint
                return outcome
            except OPERATION_ERRORS:
                pass
        return slow(value, scope)

    return greater


def _greater_or_equal(endpoint: Any, slow: TestFn) -> TestFn:
    kind = type(endpoint)

    def greater_or_equal(value: Any, scope: Scope) -> bool | None:
        if type(value) is kind:
            try:
                outcome: bool = value >= endpoint
                return outcome
            except OPERATION_ERRORS:
                pass
        return slow(value, scope)

    return greater_or_equal


def _equal(endpoint: Any, slow: TestFn) -> TestFn:
    kind = type(endpoint)

    def equal(value: Any, scope: Scope) -> bool | None:
        if type(value) is kind:
            try:
                outcome: bool = value == endpoint
                return outcome
            except OPERATION_ERRORS:
                pass
        return slow(value, scope)

    return equal


def _not_equal(endpoint: Any, slow: TestFn) -> TestFn:
    kind = type(endpoint)

    def not_equal(value: Any, scope: Scope) -> bool | None:
        if type(value) is kind:
            try:
                outcome: bool = value != endpoint
                return outcome
            except OPERATION_ERRORS:
                pass
        return slow(value, scope)

    return not_equal


_DIRECT_PREDICATES: dict[str, Callable[[Any, TestFn], TestFn]] = {
    "<": _less,
    "<=": _less_or_equal,
    ">": _greater,
    ">=": _greater_or_equal,
    "=": _equal,
    "!=": _not_equal,
}


#: Nodes whose value depends on nothing but their children (and the input value ``?``).
_PURE_NODES = (
    ast.Literal,
    ast.TemporalLiteral,
    ast.RangeNode,
    ast.ListNode,
    ast.Unary,
    ast.Binary,
    ast.Between,
    ast.UnaryTest,
)


def is_pure(node: ast.Node) -> bool:
    """Whether unary tests (or an expression) give an outcome that depends on the tested value
    alone: literals, ranges, lists and operators over them, and ``?``; no other name, no call
    (``today()`` changes), nothing else."""
    if isinstance(node, ast.Name):
        return node.name == "?"
    if isinstance(node, ast.UnaryTests):
        return all(is_pure(test) for test in node.tests)
    if not isinstance(node, _PURE_NODES):
        return False
    for slot in type(node).__slots__:
        value = getattr(node, slot, None)
        if isinstance(value, ast.Node) and not is_pure(value):
            return False
        if isinstance(value, list) and not all(is_pure(item) for item in value):
            return False
    return True
