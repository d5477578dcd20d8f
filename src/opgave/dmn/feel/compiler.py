"""Compile a FEEL syntax tree into nested Python closures.

Each node becomes a function ``Scope -> value``; evaluation is then a chain of
plain calls with no tree walking. Operators catch :class:`FeelError` where they
apply a value-level operation, record a message naming the position, and yield
null, so an error stays local to the smallest expression that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import ast, semantics
from .closures import OPERATION_ERRORS, Fn, TestFn, describe
from .control import compile_filter, compile_for, compile_quantified
from .functions import compile_call, compile_function_definition
from .lookup import builtin_table
from .predicates import DIRECT_ORDER, ORDER_TESTS, constant_order_test, constant_test, matches
from .properties import property_of
from .scope import MISSING, Scope
from .temporal import parse_temporal
from .types import TypeResolver, parse_type
from .values import DECIMAL128, Range, type_name

_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": semantics.add,
    "-": semantics.subtract,
    "*": semantics.multiply,
    "/": semantics.divide,
    "**": semantics.power,
}


class Compiler:
    def __init__(self, text: str, resolve_type: TypeResolver | None = None) -> None:
        self.text = text
        self.resolve_type = resolve_type
        self.builtins = builtin_table()

    def where(self, node: ast.Node) -> str:
        snippet = " ".join(self.text[node.start : node.end].split())
        if len(snippet) > 60:
            snippet = snippet[:57] + "..."
        return f"(at {node.start + 1}: {snippet})"

    def compile(self, node: ast.Node) -> Fn:
        method: Callable[[Any], Fn] = getattr(self, "_" + type(node).__name__)
        return method(node)

    # -- leaves ----------------------------------------------------------------------

    def _Literal(self, node: ast.Literal) -> Fn:
        value = node.value
        return lambda scope: value

    def _TemporalLiteral(self, node: ast.TemporalLiteral) -> Fn:
        try:
            value = parse_temporal(node.text)
        except OPERATION_ERRORS as exc:
            message = f"{describe(exc)} {self.where(node)}"

            def invalid(scope: Scope) -> Any:
                scope.error(message)
                return None

            return invalid
        return lambda scope: value

    def _Name(self, node: ast.Name) -> Fn:
        name = node.name
        builtin = self.builtins.get(name)
        where = self.where(node)
        parts = name.split(".") if "." in name else None

        def lookup(scope: Scope) -> Any:
            frame = scope.frame  # the innermost frame first, without a call (Scope.lookup, unrolled)
            if name in frame:
                return frame[name]
            parent = scope.parent
            value = parent.lookup(name) if parent is not None else MISSING
            if value is not MISSING:
                return value
            if builtin is not None:
                return builtin
            if parts is not None:
                return _dotted(scope, parts, where)
            scope.error(f"no variable named '{name}' {where}")
            return None

        return lookup

    # -- collections -----------------------------------------------------------------

    def _ListNode(self, node: ast.ListNode) -> Fn:
        items = [self.compile(item) for item in node.items]
        return lambda scope: [item(scope) for item in items]

    def _ContextNode(self, node: ast.ContextNode) -> Fn:
        entries = [(key, self.compile(value)) for key, value in node.entries]

        def context(scope: Scope) -> Any:
            result: dict[str, Any] = {}
            inner = scope.child(result)
            for key, value in entries:
                result[key] = value(inner)
            return result

        return context

    def _RangeNode(self, node: ast.RangeNode) -> Fn:
        low = self.compile(node.low) if node.low is not None else None
        high = self.compile(node.high) if node.high is not None else None
        low_included, high_included = node.low_included, node.high_included
        where = self.where(node)
        single_value = node.low is node.high  # ``=x``

        def make_range(scope: Scope) -> Any:
            start = low(scope) if low is not None else None
            end = high(scope) if high is not None else None
            if (start is None and low is not None) or (end is None and high is not None):
                scope.error(f"a range endpoint is null {where}")
                return None
            if (
                not single_value
                and start is not None
                and end is not None
                and semantics.compare(start, end) is None
            ):
                scope.error(f"range endpoints {type_name(start)} and {type_name(end)} do not match {where}")
                return None
            if single_value:
                return Range(start, end, low_included, high_included, "=" if low_included else "!=")
            return Range(start, end, low_included, high_included)

        return make_range

    # -- operators -------------------------------------------------------------------

    def _Unary(self, node: ast.Unary) -> Fn:
        operand = self.compile(node.operand)
        where = self.where(node)

        def negate(scope: Scope) -> Any:
            known = len(scope.errors)
            value = operand(scope)
            try:
                result = semantics.negate(value)
            except OPERATION_ERRORS as exc:
                scope.error(f"{describe(exc)} {where}")
                return None
            if result is None and len(scope.errors) == known:
                scope.error(f"'-' gives null because its operand is {type_name(value)} {where}")
            return result

        return negate

    def _Binary(self, node: ast.Binary) -> Fn:
        left = self.compile(node.left)
        right = self.compile(node.right)
        op = node.op
        if op == "and":
            return _conjunction(left, right)
        if op == "or":
            return _disjunction(left, right)
        where = self.where(node)
        if op in _ARITHMETIC:
            operation = _ARITHMETIC[op]
            if op in _DECIMAL_OPERATIONS:
                return _decimal_arithmetic(op, left, right, operation, where)

            def arithmetic(scope: Scope) -> Any:
                known = len(scope.errors)
                a, b = left(scope), right(scope)
                try:
                    result = operation(a, b)
                except OPERATION_ERRORS as exc:
                    scope.error(f"{describe(exc)} {where}")
                    return None
                if result is None and len(scope.errors) == known:
                    scope.error(_null_operation(op, a, b, where))
                return result

            return arithmetic
        if op in ("=", "!="):
            negated = op == "!="

            def equality(scope: Scope) -> Any:
                known = len(scope.errors)
                a, b = left(scope), right(scope)
                kind = type(a)
                if kind is type(b) and (kind is Decimal or kind is str):  # semantics.equal's first case
                    try:
                        same: bool = a == b
                    except ArithmeticError:
                        pass  # a signalling NaN: the general path says so
                    else:
                        return not same if negated else same
                try:
                    result = semantics.equal(a, b)
                except OPERATION_ERRORS as exc:
                    scope.error(f"{describe(exc)} {where}")
                    return None
                if result is None:
                    if len(scope.errors) == known:
                        scope.error(_null_operation(op, a, b, where))
                    return None
                return not result if negated else result

            return equality
        test = ORDER_TESTS[op]

        direct = DIRECT_ORDER[op]

        def comparison(scope: Scope) -> Any:
            known = len(scope.errors)
            a = left(scope)
            b = right(scope)
            kind = type(a)
            if kind is type(b) and (kind is Decimal or kind is str):  # semantics.compare's first case
                try:
                    return direct(a, b)
                except ArithmeticError:
                    pass  # a NaN: the general path says so
            try:
                order = semantics.compare(a, b)
            except OPERATION_ERRORS as exc:
                scope.error(f"{describe(exc)} {where}")
                return None
            if order is None:
                if len(scope.errors) == known:
                    scope.error(_null_operation(op, a, b, where))
                return None
            return test(order)

        return comparison

    def _Between(self, node: ast.Between) -> Fn:
        value, low, high = self.compile(node.value), self.compile(node.low), self.compile(node.high)
        where = self.where(node)

        def between(scope: Scope) -> Any:
            # ``v between lo and hi`` is ``v >= lo and v <= hi``, with three-valued 'and'.
            v, lo, hi = value(scope), low(scope), high(scope)
            first, second = semantics.compare(lo, v), semantics.compare(v, hi)
            if (first is not None and first > 0) or (second is not None and second > 0):
                return False
            if first is None or second is None:
                if v is not None and lo is not None and hi is not None:
                    scope.error(f"cannot compare {type_name(v)} with its bounds {where}")
                else:
                    scope.error(f"'between' has a null value or bound {where}")
                return None
            return True

        return between

    def _InstanceOf(self, node: ast.InstanceOf) -> Fn:
        feel_type = parse_type(node.type_text, self.resolve_type)
        value = self.compile(node.value)
        return lambda scope: feel_type.conforms(value(scope))

    def _In(self, node: ast.In) -> Fn:
        value = self.compile(node.value)
        tests = [self.unary_test(test) for test in node.tests]
        where = self.where(node)

        def membership(scope: Scope) -> Any:
            known = len(scope.errors)
            tested = value(scope)
            result = tests[0](tested, scope) if len(tests) == 1 else any_test(tests, tested, scope)
            if result is None and len(scope.errors) == known:
                reason = "is null" if tested is None else f"({type_name(tested)}) cannot be tested so"
                scope.error(f"the value tested with 'in' {reason} {where}")
            return result

        return membership

    # -- unary tests -----------------------------------------------------------------

    def unary_test(self, test: ast.UnaryTest) -> TestFn:
        operand = self.compile(test.operand)
        where = self.where(test)
        if test.op is not None:
            op = test.op
            if op in ("=", "!="):
                negated = op == "!="
                if isinstance(test.operand, ast.Literal) and type(test.operand.value) in (Decimal, str):
                    constant = test.operand.value
                    kind = type(constant)

                    def constant_equal_test(value: Any, scope: Scope) -> bool | None:
                        if type(value) is kind:  # the common case: no dispatch on types
                            return (value != constant) if negated else (value == constant)
                        result = semantics.equal(value, constant)
                        if result is None:
                            return None
                        return not result if negated else result

                    return constant_equal_test

                def equal_test(value: Any, scope: Scope) -> bool | None:
                    result = semantics.equal(value, operand(scope))
                    if result is None:
                        return None
                    return not result if negated else result

                return equal_test
            check = ORDER_TESTS[op]
            if isinstance(test.operand, ast.Literal) and type(test.operand.value) in (Decimal, str):
                return constant_order_test(op, test.operand.value, where)

            def order_test(value: Any, scope: Scope) -> bool | None:
                endpoint = operand(scope)
                order = semantics.compare(value, endpoint)
                if order is None:
                    if value is not None and endpoint is not None:
                        scope.error(f"cannot compare {type_name(value)} with {type_name(endpoint)} {where}")
                    return None
                return check(order)

            return order_test
        constant = constant_test(test.operand)
        if constant is not None:
            return constant
        uses_input = _mentions_input(test.operand)
        is_range = isinstance(test.operand, ast.RangeNode)

        def expression_test(value: Any, scope: Scope) -> bool | None:
            try:
                result = operand(scope.child({"?": value}) if uses_input else scope)
            except OPERATION_ERRORS as exc:
                scope.error(f"{describe(exc)} {where}")
                return None
            if uses_input:
                if isinstance(result, bool):
                    return result
                scope.error(f"a test that uses '?' must give a boolean, not {type_name(result)} {where}")
                return None
            if result is None and is_range:
                return None
            return matches(value, result)

        return expression_test

    # -- control flow, iteration (control.py), functions (functions.py) ----------------

    def _If(self, node: ast.If) -> Fn:
        condition, then, otherwise = (
            self.compile(node.condition),
            self.compile(node.then),
            self.compile(node.otherwise),
        )
        where = self.where(node.condition)

        def conditional(scope: Scope) -> Any:
            test = condition(scope)
            if test is True:
                return then(scope)
            if test is False or test is None:
                return otherwise(scope)
            scope.error(f"the condition of 'if' must be a boolean, not {type_name(test)} {where}")
            return None

        return conditional

    def _For(self, node: ast.For) -> Fn:
        return compile_for(self, node)

    def _Quantified(self, node: ast.Quantified) -> Fn:
        return compile_quantified(self, node)

    def _Filter(self, node: ast.Filter) -> Fn:
        return compile_filter(self, node)

    def _Path(self, node: ast.Path) -> Fn:
        target = self.compile(node.target)
        name = node.name
        where = self.where(node)
        return lambda scope: path_step(target(scope), name, scope, where)

    def _Call(self, node: ast.Call) -> Fn:
        return compile_call(self, node)

    def _FunctionDef(self, node: ast.FunctionDef) -> Fn:
        return compile_function_definition(self, node)


def _null_operation(op: str, a: Any, b: Any, where: str) -> str:
    """Why ``a op b`` is null: a null operand, or two values the operator does not combine."""
    if a is None or b is None:
        side = "both operands are" if a is None and b is None else "an operand is"
        return f"'{op}' gives null because {side} null {where}"
    if op in ("=", "!=", "<", "<=", ">", ">="):
        return f"cannot compare {type_name(a)} with {type_name(b)} {where}"
    return f"'{op}' cannot combine {type_name(a)} with {type_name(b)} {where}"


#: The decimal operations behind ``+ - * /`` on two numbers (what ``semantics`` applies to them).
_DECIMAL_OPERATIONS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": DECIMAL128.add,
    "-": DECIMAL128.subtract,
    "*": DECIMAL128.multiply,
    "/": DECIMAL128.divide,
}


def _decimal_arithmetic(op: str, left: Fn, right: Fn, operation: Callable[[Any, Any], Any], where: str) -> Fn:
    """``a + b`` and friends: two numbers with a finite result go straight through the decimal
    context; anything else (other types, null, an error, an infinite result) takes the general
    path, which gives the same value or the same message as it always does."""
    direct = _DECIMAL_OPERATIONS[op]

    def arithmetic(scope: Scope) -> Any:
        known = len(scope.errors)
        a, b = left(scope), right(scope)
        if type(a) is Decimal and type(b) is Decimal:
            try:
                value = direct(a, b)
            except ArithmeticError:
                pass
            else:
                if value.is_finite():
                    return value
        try:
            result = operation(a, b)
        except OPERATION_ERRORS as exc:
            scope.error(f"{describe(exc)} {where}")
            return None
        if result is None and len(scope.errors) == known:
            scope.error(_null_operation(op, a, b, where))
        return result

    return arithmetic


def _conjunction(left: Fn, right: Fn) -> Fn:
    def conjunction(scope: Scope) -> Any:
        a = left(scope)
        if a is False:
            return False
        b = right(scope)
        if b is False:
            return False
        return True if a is True and b is True else None

    return conjunction


def _disjunction(left: Fn, right: Fn) -> Fn:
    def disjunction(scope: Scope) -> Any:
        a = left(scope)
        if a is True:
            return True
        b = right(scope)
        if b is True:
            return True
        return False if a is False and b is False else None

    return disjunction


def any_test(tests: list[TestFn], value: Any, scope: Scope) -> bool | None:
    """True if one test holds, False if all fail, otherwise null."""
    unknown = False
    for test in tests:
        result = test(value, scope)
        if result is True:
            return True
        if result is None:
            unknown = True
    return None if unknown else False


def _mentions_input(node: ast.Node) -> bool:
    """Whether an expression refers to the input value ``?`` anywhere inside it."""
    if isinstance(node, ast.Name):
        return node.name == "?"
    return any(_mentions_input(value) for value in _children(node))


def _children(node: ast.Node) -> list[ast.Node]:
    found: list[ast.Node] = []
    for slot in type(node).__slots__:
        value = getattr(node, slot, None)
        if isinstance(value, ast.Node):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ast.Node):
                    found.append(item)
                elif isinstance(item, tuple):
                    found.extend(part for part in item if isinstance(part, ast.Node))
                elif isinstance(item, ast.Iteration):
                    found.append(item.source)
                    if item.upper is not None:
                        found.append(item.upper)
    return found


def path_step(value: Any, name: str, scope: Scope, where: str, *, quiet: bool = False) -> Any:
    """``value.name``: a context entry, a property, or the same over each item of a list.

    A missing entry is null with a message, except for the items of a list (``quiet``), where
    a missing entry is the ordinary way to say "not there" (``[{a: 1}, {}].a`` is ``[1, null]``).
    """
    if value is None:
        if not quiet:
            scope.error(f"cannot read '{name}' of null {where}")
        return None
    if isinstance(value, dict):
        if name in value:
            return value[name]
        if "." in name:  # a known name such as ``b.c`` read after ``a.``: walk it step by step
            for part in name.split("."):
                value = path_step(value, part.strip(), scope, where, quiet=quiet)
            return value
        if not quiet:
            scope.error(f"the context has no entry '{name}' {where}")
        return None
    if isinstance(value, list):
        return [path_step(item, name, scope, where, quiet=True) for item in value]
    found, result = property_of(value, name)
    if found:
        return result
    scope.error(f"{type_name(value)} has no property '{name}' {where}")
    return None


def _dotted(scope: Scope, parts: list[str], where: str) -> Any:
    """A name containing dots that is not itself in scope, read as a path (``model.decision``)."""
    for split in range(len(parts) - 1, 0, -1):
        head = scope.lookup(".".join(parts[:split]))
        if head is not MISSING:
            value = head
            for part in parts[split:]:
                value = path_step(value, part.strip(), scope, where)
            return value
    scope.error(f"no variable named '{'.'.join(parts)}' {where}")
    return None
