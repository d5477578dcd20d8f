"""Compile FEEL and boxed expressions to columnar :class:`~opgave.dmn.vector.columns.Col` values.

The compiler follows the per-case engine (``opgave.dmn.feel.compiler``,
``opgave.dmn.runtime.tables``) construct by construct; whatever it cannot
express exactly raises :class:`Unsupported` with a reason, and the decision is
then evaluated per case. Rows on which the per-case engine would add a message
are flagged (see :mod:`opgave.dmn.vector.columns`).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from opgave.dmn.feel import ast
from opgave.dmn.model import elements as el
from opgave.dmn.runtime.types import (
    ANY,
    BuiltinType,
    ConstrainedType,
    DmnType,
    LazyType,
    StructureType,
)
from opgave.dmn.vector import columns as c
from opgave.dmn.vector.columns import (
    BOOLEAN,
    CONTEXT,
    DATE,
    LIST,
    NULL,
    NUMBER,
    STRING,
    Col,
    Unsupported,
    any_of,
    when_flag,
)

#: Nesting depth of BKM invocations the compiler inlines.
MAX_DEPTH = 12


@dataclass(frozen=True)
class FunctionRef:
    """A BKM or decision service visible in an environment (it is compiled inline where invoked)."""

    node: Any
    kind: str  # "bkm" or "service"


Env = dict[str, Any]


def requirement_target(getter: Any) -> Any:
    """The node a requirement's getter reads (a bound method of the node, or a closure over it)."""
    target = getattr(getter, "__self__", None)
    if target is not None:
        return target
    for cell in getattr(getter, "__closure__", None) or ():
        contents = cell.cell_contents
        if hasattr(contents, "function") and hasattr(contents, "where"):
            return contents
    return None


def function_ref(node: Any) -> FunctionRef:
    from opgave.dmn.runtime.nodes import BkmNode

    return FunctionRef(node, "bkm" if isinstance(node, BkmNode) else "service")


def _parse(text: str, names: frozenset[str]) -> ast.Node:
    from opgave.dmn.feel import _builtin_names
    from opgave.dmn.feel.parser import parse_expression

    table, _ = _builtin_names()
    return parse_expression(text, names, table)


def _parse_tests(text: str, names: frozenset[str]) -> ast.UnaryTests:
    from opgave.dmn.feel import _builtin_names
    from opgave.dmn.feel.parser import parse_unary_tests

    table, _ = _builtin_names()
    return parse_unary_tests(text, [*names, "?"], table)


def is_true(col: Col) -> pl.Expr:
    """Rows where a boolean value is true (never null)."""
    if col.kind == NULL:
        return pl.lit(False)
    if col.kind != BOOLEAN:
        raise Unsupported(f"a {col.kind} where a boolean is needed")
    return col.expr.fill_null(False)


def not_null(col: Col) -> pl.Expr:
    if col.kind == NULL:
        return pl.lit(False)
    return col.expr.is_not_null()


def is_null(col: Col) -> pl.Expr:
    if col.kind == NULL:
        return pl.lit(True)
    return col.expr.is_null()


def unify(cols: list[Col]) -> list[Col]:
    """Values that will share one column (branches, rule outputs): same kind and scale."""
    kinds = {col.kind for col in cols} - {NULL}
    if len(kinds) > 1:
        raise Unsupported(f"values of different kinds in one place ({', '.join(sorted(kinds))})")
    if not kinds:
        return cols
    kind = kinds.pop()
    if kind == NUMBER:
        exacts = [c.exact(col) if col.kind == NUMBER else col for col in cols]
        scale = max(col.scale for col in exacts if col.kind == NUMBER)
        return [
            c.rescale(col, scale) if col.kind == NUMBER else Col(NUMBER, pl.lit(None, c.INT), scale, bound=0)
            for col in exacts
        ]
    if kind == CONTEXT:
        names = [tuple(col.fields) for col in cols if col.kind == CONTEXT]
        if len(set(names)) > 1:
            raise Unsupported("contexts with different entries in one place")
        keys = names[0]
        per_field = {
            key: unify([col.fields[key] if col.kind == CONTEXT else c.null() for col in cols]) for key in keys
        }
        result = []
        for index, col in enumerate(cols):
            fields = {key: per_field[key][index] for key in keys}
            present = col.expr if col.kind == CONTEXT else pl.lit(False)
            plain = col.plain if col.kind == CONTEXT else True
            result.append(Col(CONTEXT, present, fields=fields, flag=col.flag, plain=plain))
        return result
    if kind == LIST:
        raise Unsupported("lists in one place")
    return cols


def choose(branches: list[tuple[pl.Expr, Col]], otherwise: Col) -> Col:
    """``when(cond1) then v1 … else otherwise`` for unified values; flags count only where chosen."""
    cols = unify([v for _, v in branches] + [otherwise])
    values, rest = cols[:-1], cols[-1]
    taken: list[pl.Expr] = []
    flags: list[pl.Expr | None] = []
    remaining = pl.lit(True)
    for (condition, _), value in zip(branches, values, strict=True):
        condition = c.let(condition)
        chosen = remaining & condition
        flags.append(when_flag(chosen, value.flag))
        taken.append(condition)
        remaining = remaining & ~condition
    flags.append(when_flag(remaining, rest.flag))
    flag = any_of(*flags)
    if rest.kind == NULL and all(v.kind == NULL for v in values):
        return c.null().with_flag(flag)
    template = next(v for v in [*values, rest] if v.kind != NULL)

    def chain(get: Callable[[Col], pl.Expr]) -> pl.Expr:
        expr: Any = pl
        for condition, value in zip(taken, values, strict=True):
            expr = expr.when(condition).then(get(value))
        result: pl.Expr = expr.otherwise(get(rest))
        return result

    if template.kind == CONTEXT:
        keys = list(template.fields)
        fields = {}
        for key in keys:
            sub = [(cond, v.fields[key]) for cond, v in zip(taken, values, strict=True)]
            picked = choose(sub, rest.fields[key])
            fields[key] = replace(picked, flag=None)
        present = chain(lambda v: v.expr)
        plain = all(v.kind == NULL or v.plain for v in [*values, rest])
        return Col(CONTEXT, present, fields=fields, flag=flag, plain=plain)
    dtype = {NUMBER: c.INT, BOOLEAN: pl.Boolean, STRING: pl.String, DATE: pl.Date}.get(template.kind)

    def get(value: Col) -> pl.Expr:
        if value.kind == NULL:
            return pl.lit(None, dtype)
        return value.expr

    return Col(template.kind, chain(get), template.scale, flag=flag, bound=_max_bound([*values, rest]))


def _max_bound(cols: list[Col]) -> int | None:
    bounds = [col.bound for col in cols if col.kind == NUMBER]
    if any(b is None for b in bounds):
        return None
    return max((b for b in bounds if b is not None), default=0)


class Compiler:
    """Compiles the expressions of one model against an environment of columnar values."""

    def __init__(self, model: Any, types: Any) -> None:
        self.model = model
        self.types = types
        self.depth = 0

    # ------------------------------------------------------------------ FEEL

    def feel(self, text: str, env: Env) -> Col:
        if not text.strip():
            return c.null()
        node = _parse(text, frozenset(env) | self.model_names())
        return self.node(node, env)

    def model_names(self) -> frozenset[str]:
        return self.extra_names

    extra_names: frozenset[str] = frozenset()

    def node(self, node: ast.Node, env: Env) -> Col:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise Unsupported(f"FEEL {type(node).__name__.lower()} expressions")
        result: Col = method(node, env)
        return result

    def _Literal(self, node: ast.Literal, env: Env) -> Col:
        value = node.value
        if value is None:
            return c.null()
        if isinstance(value, bool):
            return Col(BOOLEAN, pl.lit(value, pl.Boolean))
        if isinstance(value, decimal.Decimal):
            return c.number_literal(value)
        if isinstance(value, str):
            return Col(STRING, pl.lit(value, pl.String))
        raise Unsupported(f"the literal {value!r}")

    def _TemporalLiteral(self, node: ast.TemporalLiteral, env: Env) -> Col:
        from opgave.dmn.feel.temporal import parse_date

        try:
            value = parse_date(node.text)
        except Exception as exc:
            raise Unsupported(f"the temporal literal @{node.text!r}") from exc
        if type(value) is not dt.date:
            raise Unsupported(f"the temporal literal @{node.text!r}")
        return Col(DATE, pl.lit(value, pl.Date))

    def _Name(self, node: ast.Name, env: Env) -> Col:
        name = node.name
        if name in env:
            found = env[name]
            if not isinstance(found, Col):
                raise Unsupported(f"the function '{name}' used as a value")
            return found
        if "." in name:
            parts = [p.strip() for p in name.split(".")]
            start = env.get(parts[0])
            if isinstance(start, Col):
                for part in parts[1:]:
                    start = self._step(start, part)
                return start
        raise Unsupported(f"the name '{name}' (not a value the columnar compiler knows)")

    def _Path(self, node: ast.Path, env: Env) -> Col:
        return self._step(self.node(node.target, env), node.name)

    def _step(self, target: Col, name: str) -> Col:
        if target.kind == CONTEXT:
            if name in target.fields:
                value = target.fields[name]
                # Reading an entry of a null context is null with a message.
                present = target.expr
                if target.plain:
                    expr = value.expr
                else:
                    expr = pl.when(present).then(value.expr).otherwise(pl.lit(None, _dtype(value)))
                if value.kind == CONTEXT:
                    expr = present & value.expr
                    return replace(value, expr=expr, flag=any_of(target.flag, ~present))
                return replace(value, expr=expr, flag=any_of(target.flag, value.flag, ~present))
            if "." in name:
                for part in name.split("."):
                    target = self._step(target, part.strip())
                return target
            return c.null().with_flag(target.flag, pl.lit(True))
        if target.kind == NULL:
            return c.null().with_flag(target.flag, pl.lit(True))
        if target.kind == DATE and name in ("year", "month", "day"):
            part = getattr(target.expr.dt, name)()
            value = part.cast(c.INT)
            return Col(NUMBER, value, 0, flag=any_of(target.flag, target.expr.is_null()), bound=10**6)
        raise Unsupported(f"the property '{name}' of a {target.kind}")

    def _Unary(self, node: ast.Unary, env: Env) -> Col:
        operand = self.node(node.operand, env)
        if operand.kind == NUMBER:
            return c.negate(operand).with_flag(operand.expr.is_null())
        if operand.kind == NULL:
            return c.null().with_flag(operand.flag, pl.lit(True))
        raise Unsupported(f"'-' of a {operand.kind}")

    def _Binary(self, node: ast.Binary, env: Env) -> Col:
        op = node.op
        left = self.node(node.left, env)
        right = self.node(node.right, env)
        if op in ("and", "or"):
            return _logic(op, left, right)
        if op in ("+", "-", "*", "/"):
            return _arithmetic(op, left, right)
        if op in ("=", "!="):
            return _equality(op == "!=", left, right)
        if op in ("<", "<=", ">", ">="):
            return _comparison(op, left, right)
        raise Unsupported(f"the operator '{op}'")

    def _If(self, node: ast.If, env: Env) -> Col:
        condition = self.node(node.condition, env)
        if condition.kind not in (BOOLEAN, NULL):
            raise Unsupported(f"an if whose condition is a {condition.kind}")
        test = is_true(condition)
        result = choose([(test, self.node(node.then, env))], self.node(node.otherwise, env))
        return result.with_flag(condition.flag)

    def _Between(self, node: ast.Between, env: Env) -> Col:
        value, low, high = self.node(node.value, env), self.node(node.low, env), self.node(node.high, env)
        below, first = _compare(">", low, value)
        above, second = _compare(">", value, high)
        known_false = below.fill_null(False) | above.fill_null(False)
        unknown = is_null(value) | is_null(low) | is_null(high)
        chained = pl.when(known_false).then(pl.lit(False)).when(unknown).then(pl.lit(None, pl.Boolean))
        expr = chained.otherwise(pl.lit(True))
        flag = any_of(value.flag, low.flag, high.flag, first, second, ~known_false & unknown)
        return Col(BOOLEAN, expr, flag=flag)

    def _In(self, node: ast.In, env: Env) -> Col:
        value = self.node(node.value, env)
        result = self.tests_any(node.tests, value, env)
        return Col(BOOLEAN, result.expr, flag=any_of(value.flag, result.flag, result.expr.is_null()))

    def _ContextNode(self, node: ast.ContextNode, env: Env) -> Col:
        inner = dict(env)
        fields: dict[str, Col] = {}
        for key, value in node.entries:
            col = self.node(value, inner)
            fields[key] = col
            inner[key] = col
        flag = any_of(*(f.flag for f in fields.values()))
        clean = {k: replace(v, flag=None) for k, v in fields.items()}
        return Col(CONTEXT, pl.lit(True), fields=clean, flag=flag)

    def _Call(self, node: ast.Call, env: Env) -> Col:
        if not isinstance(node.callee, ast.Name):
            raise Unsupported("calling a computed function")
        name = node.callee.name
        if node.named:
            raise Unsupported(f"named arguments in a call of '{name}'")
        target = env.get(name)
        if isinstance(target, FunctionRef):
            args = [self.node(arg, env) for arg in node.args]
            return self.invoke(target, args)
        if target is not None:
            raise Unsupported(f"calling the value '{name}'")
        builtin = _BUILTINS.get(name)
        if builtin is None:
            raise Unsupported(f"the function {name}()")
        return builtin(self, node.args, env)

    # ------------------------------------------------------------------ unary tests

    def tests_text(self, text: str, value: Col, env: Env) -> Col:
        """Compiled input entry: a boolean Col (null where the per-case test is null)."""
        parsed = _parse_tests(text, frozenset(env) | self.extra_names)
        if parsed.any:
            return Col(BOOLEAN, pl.lit(True))
        result = self.tests_any(parsed.tests, value, env)
        if parsed.negated:
            return Col(BOOLEAN, ~result.expr, flag=result.flag)
        return result

    def tests_any(self, tests: list[ast.UnaryTest], value: Col, env: Env) -> Col:
        outcomes = [self.unary_test(test, value, env) for test in tests]
        if len(outcomes) == 1:
            return outcomes[0]
        any_true = pl.lit(False)
        any_null = pl.lit(False)
        for outcome in outcomes:
            any_true = any_true | outcome.expr.fill_null(False)
            any_null = any_null | outcome.expr.is_null()
        expr = pl.when(any_true).then(pl.lit(True)).when(any_null).then(pl.lit(None, pl.Boolean))
        return Col(BOOLEAN, expr.otherwise(pl.lit(False)), flag=any_of(*(o.flag for o in outcomes)))

    def unary_test(self, test: ast.UnaryTest, value: Col, env: Env) -> Col:
        if _mentions_input(test.operand):
            inner = {**env, "?": value}
            result = self.node(test.operand, inner)
            if result.kind != BOOLEAN:
                raise Unsupported("a test with '?' that does not give a boolean")
            return Col(BOOLEAN, result.expr, flag=any_of(result.flag, result.expr.is_null()))
        if test.op in ("<", "<=", ">", ">="):
            endpoint = self.node(test.operand, env)
            expr, flag = _compare(test.op, value, endpoint)
            return Col(BOOLEAN, expr, flag=any_of(flag, endpoint.flag))
        if test.op in ("=", "!="):
            endpoint = self.node(test.operand, env)
            equal = _equal_values(value, endpoint)
            expr = ~equal.expr if test.op == "!=" else equal.expr
            return Col(BOOLEAN, expr, flag=any_of(equal.flag, endpoint.flag))
        operand = test.operand
        if isinstance(operand, ast.RangeNode):
            return self._range_test(operand, value, env)
        if isinstance(operand, ast.ListNode):
            hits = []
            flags = []
            for item in operand.items:
                if isinstance(item, ast.RangeNode):
                    hit = self._range_test(item, value, env)
                else:
                    hit = _equal_values(value, self.node(item, env))
                hits.append(hit.expr.fill_null(False))
                flags.append(hit.flag)
            expr = pl.lit(False)
            for hit_expr in hits:
                expr = expr | hit_expr
            return Col(BOOLEAN, expr, flag=any_of(*flags))
        target = self.node(operand, env)
        if target.kind == BOOLEAN and value.kind not in (BOOLEAN, NULL):
            # A boolean test that does not use '?' decides on its own for a non-boolean input.
            expr = pl.when(not_null(value)).then(target.expr.fill_null(False)).otherwise(is_null(target))
            return Col(BOOLEAN, expr, flag=target.flag)
        if target.kind in (CONTEXT, LIST):
            raise Unsupported(f"a unary test against a {target.kind}")
        return _equal_values(value, target)

    def _range_test(self, node: ast.RangeNode, value: Col, env: Env) -> Col:
        if node.low is node.high:
            raise Unsupported("a single-value range")
        low = self.node(node.low, env) if node.low is not None else None
        high = self.node(node.high, env) if node.high is not None else None
        flags: list[pl.Expr | None] = []
        for end in (low, high):
            if end is not None:
                flags.append(end.flag)
                if end.kind == NULL or end.const is None:
                    flags.append(is_null(end))  # "a range endpoint is null" (a message)
        if (
            low is not None
            and high is not None
            and NULL not in (low.kind, high.kind)
            and low.kind != high.kind
        ):
            raise Unsupported("a range with endpoints of different kinds")
        if value.kind == NULL:
            return Col(BOOLEAN, pl.lit(None, pl.Boolean), flag=any_of(*flags))
        checks: list[tuple[pl.Expr, pl.Expr | None]] = []
        if low is not None:
            checks.append(_compare(">=" if node.low_included else ">", value, low))
        if high is not None:
            checks.append(_compare("<=" if node.high_included else "<", value, high))
        flags.extend(flag for _, flag in checks)
        constant_ends = all(
            end is None or end.const is not None or (end.kind in (STRING, DATE) and end.flag is None)
            for end in (low, high)
        )
        if constant_ends and all(end is None or end.const is not None for end in (low, high)):
            # Both ends known: Kleene 'and' gives null exactly where the value is null.
            expr: Any = pl.lit(True)
            for check, _ in checks:
                expr = expr & check
            return Col(BOOLEAN, expr, flag=any_of(*flags))
        null_bool = pl.lit(None, pl.Boolean)
        expr = pl.when(value.expr.is_null()).then(null_bool)
        for (check, _), end in zip(checks, [e for e in (low, high) if e is not None], strict=True):
            expr = expr.when(is_null(end)).then(null_bool).when(~check).then(pl.lit(False))
        return Col(BOOLEAN, expr.otherwise(pl.lit(True)), flag=any_of(*flags))

    # ------------------------------------------------------------------ invocation

    def invoke(self, function: FunctionRef, args: list[Col]) -> Col:
        if function.kind != "bkm":
            raise Unsupported("invoking a decision service from an expression")
        node = function.node
        if node.problem is not None or node.body is None:
            raise Unsupported(f"the business knowledge model '{node.name}' has a problem")
        if len(args) != len(node.parameters):
            raise Unsupported(f"a call of '{node.name}' with the wrong number of arguments")
        if self.depth >= MAX_DEPTH:
            raise Unsupported("business knowledge models nested too deeply (recursion?)")
        logic = self.bkm_logic(node)
        env: Env = {}
        flags: list[pl.Expr | None] = []
        for _prefix, name, getter in node.requirements:
            env[name] = function_ref(requirement_target(getter))
        for (parameter, declared), arg in zip(node.parameters, args, strict=True):
            flags.append(arg.flag)
            flags.append(self.conforms(arg, declared))
            env[parameter] = replace(arg, flag=None)
        self.depth += 1
        try:
            body = self.boxed(logic.body, env)
        finally:
            self.depth -= 1
        if node.result_type is not ANY:
            body = body.with_flag(self.conforms(body, node.result_type))
        return body.with_flag(*flags)

    def bkm_logic(self, node: Any) -> el.FunctionDefinition:
        for bkm in self.definitions.bkms:
            if (bkm.id or bkm.name) == node.id and bkm.logic is not None:
                return bkm.logic
        raise Unsupported(f"the logic of '{node.name}'")

    definitions: el.Definitions

    # ------------------------------------------------------------------ boxed expressions

    def boxed(self, expression: el.Expression | None, env: Env, where_type: bool = True) -> Col:
        if expression is None:
            return c.null()
        if isinstance(expression, el.LiteralExpression):
            result = self.feel(expression.text, env)
        elif isinstance(expression, el.DecisionTable):
            from opgave.dmn.vector.tables import compile_table

            result = compile_table(self, expression, env)
        elif isinstance(expression, el.Context):
            result = self._boxed_context(expression, env)
        elif isinstance(expression, el.Conditional):
            condition = self.boxed(expression.condition, env)
            if condition.kind not in (BOOLEAN, NULL):
                raise Unsupported("a conditional whose condition is not a boolean")
            result = choose(
                [(is_true(condition), self.boxed(expression.then, env))],
                self.boxed(expression.otherwise, env),
            ).with_flag(condition.flag)
        elif isinstance(expression, el.Invocation):
            result = self._boxed_invocation(expression, env)
        else:
            raise Unsupported(f"the boxed {type(expression).__name__.lower()}")
        if where_type and expression.type_ref and not isinstance(expression, el.FunctionDefinition):
            declared = self.types.resolve(expression.type_ref, "")
            result = result.with_flag(self.conforms(result, declared))
        return result

    def _boxed_context(self, expression: el.Context, env: Env) -> Col:
        inner = dict(env)
        fields: dict[str, Col] = {}
        flags: list[pl.Expr | None] = []
        for entry in expression.entries:
            if entry.value is not None and isinstance(entry.value, el.FunctionDefinition):
                raise Unsupported("a function definition in a context")
            col = self.boxed(entry.value, inner)
            if entry.variable is None:
                return col.with_flag(*flags)
            if entry.variable.type_ref:
                col = col.with_flag(self.conforms(col, self.types.resolve(entry.variable.type_ref, "")))
            flags.append(col.flag)
            col = replace(col, flag=None)
            fields[entry.variable.name] = col
            inner[entry.variable.name] = col
        return Col(CONTEXT, pl.lit(True), fields=fields, flag=any_of(*flags))

    def _boxed_invocation(self, expression: el.Invocation, env: Env) -> Col:
        callee = expression.callee
        if not isinstance(callee, el.LiteralExpression):
            raise Unsupported("an invocation of a computed function")
        name = callee.text.strip()
        target = env.get(name)
        if not isinstance(target, FunctionRef) or target.kind != "bkm":
            raise Unsupported(f"the invocation of '{name}'")
        params = [p for p, _ in target.node.parameters]
        given = {b.parameter.name: self.boxed(b.value, env) for b in expression.bindings}
        args = [given.get(p, c.null()) for p in params]
        return self.invoke(target, args)

    # ------------------------------------------------------------------ types

    def conforms(self, col: Col, declared: DmnType) -> pl.Expr | None:
        """Rows where ``col`` is not null and does not conform to ``declared`` (a message and null per case)."""
        while isinstance(declared, LazyType):
            declared = declared.target
        if declared is ANY or col.kind == NULL:
            return None
        if isinstance(declared, ConstrainedType):
            flags = [self.conforms(col, declared.base)]
            if declared.base.is_collection:
                raise Unsupported(f"the constrained list type '{declared.name}'")
            for constraint in (declared.allowed, declared.constraint):
                if constraint is not None:
                    outcome = self.tests_text(constraint.text, replace(col, flag=None), {})
                    flags.append(outcome.flag)
                    flags.append(not_null(col) & ~outcome.expr.fill_null(False))
            return any_of(*flags)
        if isinstance(declared, BuiltinType):
            expected = {
                "number": NUMBER,
                "string": STRING,
                "boolean": BOOLEAN,
                "date": DATE,
                "context": CONTEXT,
            }.get(declared.name)
            if expected is None:
                raise Unsupported(f"values of type '{declared.name}'")
            if expected == col.kind:
                return None
            return not_null(col)
        if isinstance(declared, StructureType):
            if col.kind != CONTEXT:
                return not_null(col)
            flags = []
            for key, component in declared.components.items():
                if key not in col.fields:
                    return not_null(col)
                flags.append(self.conforms(col.fields[key], component))
            combined = any_of(*flags)
            return None if combined is None else col.expr & combined
        raise Unsupported(f"values of type '{declared.name}'")


def _dtype(col: Col) -> pl.DataType:
    return {NUMBER: c.INT, BOOLEAN: pl.Boolean(), STRING: pl.String(), DATE: pl.Date()}.get(
        col.kind, pl.Null()
    )  # type: ignore[return-value]


def _mentions_input(node: ast.Node) -> bool:
    from opgave.dmn.feel.compiler import _mentions_input as mentions

    return mentions(node)


# ---------------------------------------------------------------------- operators


def _logic(op: str, left: Col, right: Col) -> Col:
    for side in (left, right):
        if side.kind not in (BOOLEAN, NULL):
            raise Unsupported(f"'{op}' of a {side.kind}")
    a = left.expr if left.kind == BOOLEAN else pl.lit(None, pl.Boolean)
    b = right.expr if right.kind == BOOLEAN else pl.lit(None, pl.Boolean)
    if op == "and":
        evaluated = a.fill_null(True)  # the right side is evaluated unless the left is false
        return Col(BOOLEAN, a & b, flag=any_of(left.flag, when_flag(evaluated, right.flag)))
    evaluated = ~a.fill_null(False)
    return Col(BOOLEAN, a | b, flag=any_of(left.flag, when_flag(evaluated, right.flag)))


def _arithmetic(op: str, left: Col, right: Col) -> Col:
    flags = [left.flag, right.flag]
    if NULL in (left.kind, right.kind):
        return c.null().with_flag(*flags, pl.lit(True))
    nulls = left.expr.is_null() | right.expr.is_null()
    if left.kind == NUMBER and right.kind == NUMBER:
        if op == "+":
            result = c.add(left, right, False)
        elif op == "-":
            result = c.add(left, right, True)
        elif op == "*":
            result = c.multiply(left, right)
        else:
            result = c.divide(left, right)
        return result.with_flag(nulls)
    if left.kind == STRING and right.kind == STRING and op == "+":
        return Col(STRING, left.expr + right.expr, flag=any_of(*flags, nulls))
    raise Unsupported(f"'{op}' of a {left.kind} and a {right.kind}")


def _comparable(a: Col, b: Col) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    """Two expressions Polars compares as FEEL orders them (null where either is null), and the flags."""
    if a.kind != b.kind:
        raise Unsupported(f"comparing a {a.kind} with a {b.kind}")
    if a.kind == NUMBER:
        x, y = c.align(a, b)
        return x.expr, y.expr, any_of(x.flag, y.flag)
    if a.kind in (STRING, DATE):
        return a.expr, b.expr, any_of(a.flag, b.flag)
    raise Unsupported(f"ordering {a.kind} values")


_COMPARE = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
}


def _compare(op: str, a: Col, b: Col) -> tuple[pl.Expr, pl.Expr | None]:
    if a.kind == NULL or b.kind == NULL:
        return pl.lit(None, pl.Boolean), any_of(a.flag, b.flag)
    x, y, flag = _comparable(a, b)
    return _COMPARE[op](x, y), flag


def _comparison(op: str, left: Col, right: Col) -> Col:
    expr, flag = _compare(op, left, right)
    # A null operand gives null and a message.
    return Col(BOOLEAN, expr, flag=any_of(flag, is_null(left) | is_null(right)))


def _equal_values(a: Col, b: Col) -> Col:
    """FEEL ``=``: null = null is true, a value = null false; different kinds have no answer."""
    flags = any_of(a.flag, b.flag)
    if a.kind == NULL and b.kind == NULL:
        return Col(BOOLEAN, pl.lit(True), flag=flags)
    if a.kind == NULL:
        return Col(BOOLEAN, b.expr.is_null() if b.kind != CONTEXT else ~b.expr, flag=flags)
    if b.kind == NULL:
        return Col(BOOLEAN, a.expr.is_null() if a.kind != CONTEXT else ~a.expr, flag=flags)
    if a.kind != b.kind:
        raise Unsupported(f"comparing a {a.kind} with a {b.kind}")
    if a.kind == NUMBER:
        x, y = c.align(a, b)
        return Col(BOOLEAN, x.expr.eq_missing(y.expr), flag=any_of(x.flag, y.flag))
    if a.kind in (STRING, BOOLEAN, DATE):
        return Col(BOOLEAN, a.expr.eq_missing(b.expr), flag=flags)
    raise Unsupported(f"comparing {a.kind} values")


def _equality(negated: bool, left: Col, right: Col) -> Col:
    equal = _equal_values(left, right)
    return Col(BOOLEAN, ~equal.expr if negated else equal.expr, flag=equal.flag)


# ---------------------------------------------------------------------- built-in functions

Builtin = Callable[[Compiler, list[ast.Node], Env], Col]
_BUILTINS: dict[str, Builtin] = {}


def _builtin(*names: str) -> Callable[[Builtin], Builtin]:
    def register(function: Builtin) -> Builtin:
        for name in names:
            _BUILTINS[name] = function
        return function

    return register


def _static_int(compiler: Compiler, node: ast.Node, truncate: bool) -> int:
    if isinstance(node, ast.Unary) and node.op == "-" and isinstance(node.operand, ast.Literal):
        return -_static_int(compiler, node.operand, truncate)
    if not isinstance(node, ast.Literal) or not isinstance(node.value, decimal.Decimal):
        raise Unsupported("a rounding scale that is not a number literal")
    value = node.value
    if not truncate and value != value.to_integral_value():
        raise Unsupported("a rounding scale that is not whole")
    places = int(value)
    if abs(places) > 30:
        raise Unsupported("a rounding scale beyond 30")
    return places


def _number_arg(compiler: Compiler, node: ast.Node, env: Env) -> Col:
    value = compiler.node(node, env)
    if value.kind == NULL:
        return value.with_flag(pl.lit(True))
    if value.kind != NUMBER:
        raise Unsupported(f"a {value.kind} where a number is needed")
    return value.with_flag(value.expr.is_null())


def _rounding(name: str, mode: str, default_scale: bool) -> Builtin:
    def compile_rounding(compiler: Compiler, args: list[ast.Node], env: Env) -> Col:
        if len(args) == 1 and default_scale:
            places = 0
        elif len(args) == 2:
            places = _static_int(compiler, args[1], truncate=name == "decimal")
        else:
            raise Unsupported(f"{name}() with {len(args)} arguments")
        value = _number_arg(compiler, args[0], env)
        if value.kind == NULL:
            return value
        return c.round_to(value, places, mode)

    return compile_rounding


_builtin("decimal")(_rounding("decimal", "half even", False))
_builtin("floor")(_rounding("floor", "floor", True))
_builtin("ceiling")(_rounding("ceiling", "ceiling", True))
_builtin("round up")(_rounding("round up", "up", False))
_builtin("round down")(_rounding("round down", "down", False))
_builtin("round half up")(_rounding("round half up", "half up", False))
_builtin("round half down")(_rounding("round half down", "half down", False))


@_builtin("abs")
def _abs(compiler: Compiler, args: list[ast.Node], env: Env) -> Col:
    if len(args) != 1:
        raise Unsupported("abs() with other than one argument")
    value = _number_arg(compiler, args[0], env)
    if value.kind == NULL:
        return value
    value = c.exact(value)
    return replace(value, expr=value.expr.abs())


def _extreme_of(largest: bool) -> Builtin:
    def compile_extreme(compiler: Compiler, args: list[ast.Node], env: Env) -> Col:
        items = args
        if len(args) == 1 and isinstance(args[0], ast.ListNode):
            items = args[0].items
        if not items:
            raise Unsupported("min()/max() of nothing")
        cols = [compiler.node(item, env) for item in items]
        if any(col.kind == NULL for col in cols):
            return c.null().with_flag(*(col.flag for col in cols), pl.lit(True))
        kinds = {col.kind for col in cols}
        if len(kinds) != 1 or kinds & {CONTEXT, LIST, BOOLEAN}:
            raise Unsupported("min()/max() of values that are not all numbers, strings or dates")
        # Any null item cannot be compared: null with a message.
        nulls = pl.lit(False)
        for col in cols:
            nulls = nulls | col.expr.is_null()
        if cols[0].kind == NUMBER:
            cols = unify(cols)
        exprs = [col.expr for col in cols]
        value = pl.max_horizontal(exprs) if largest else pl.min_horizontal(exprs)
        return Col(
            cols[0].kind,
            value,
            cols[0].scale,
            flag=any_of(*(col.flag for col in cols), nulls),
            bound=_max_bound(cols),
        )

    return compile_extreme


_BUILTINS["min"] = _extreme_of(False)
_BUILTINS["max"] = _extreme_of(True)


@_builtin("not")
def _not(compiler: Compiler, args: list[ast.Node], env: Env) -> Col:
    if len(args) != 1:
        raise Unsupported("not() with other than one argument")
    value = compiler.node(args[0], env)
    if value.kind == NULL:
        return c.null().with_flag(value.flag, pl.lit(True))
    if value.kind != BOOLEAN:
        raise Unsupported(f"not() of a {value.kind}")
    return Col(BOOLEAN, ~value.expr, flag=any_of(value.flag, value.expr.is_null()))


def _string_args(compiler: Compiler, args: list[ast.Node], env: Env, count: int, name: str) -> list[Col]:
    if len(args) != count:
        raise Unsupported(f"{name}() with {len(args)} arguments")
    cols = [compiler.node(arg, env) for arg in args]
    for col in cols:
        if col.kind not in (STRING, NULL):
            raise Unsupported(f"{name}() of a {col.kind}")
    return cols


def _string_result(kind: str, expr: pl.Expr, cols: list[Col]) -> Col:
    if any(col.kind == NULL for col in cols):
        return c.null().with_flag(*(col.flag for col in cols), pl.lit(True))
    nulls = pl.lit(False)
    for col in cols:
        nulls = nulls | col.expr.is_null()
    return Col(kind, expr, flag=any_of(*(col.flag for col in cols), nulls))


@_builtin("string length")
def _string_length(compiler: Compiler, args: list[ast.Node], env: Env) -> Col:
    cols = _string_args(compiler, args, env, 1, "string length")
    if cols[0].kind == NULL:
        return _string_result(NUMBER, pl.lit(None), cols)
    return replace(_string_result(NUMBER, cols[0].expr.str.len_chars().cast(c.INT), cols), bound=10**15)


def _string_predicate(name: str, method: str) -> Builtin:
    def compile_predicate(compiler: Compiler, args: list[ast.Node], env: Env) -> Col:
        cols = _string_args(compiler, args, env, 2, name)
        if any(col.kind == NULL for col in cols):
            return _string_result(BOOLEAN, pl.lit(None), cols)
        text, part = cols[0].expr, cols[1].expr
        if method == "contains":
            expr = text.str.contains(part, literal=True)
        elif method == "starts":
            expr = text.str.starts_with(part)
        else:
            expr = text.str.ends_with(part)
        return _string_result(BOOLEAN, expr, cols)

    return compile_predicate


_BUILTINS["contains"] = _string_predicate("contains", "contains")
_BUILTINS["starts with"] = _string_predicate("starts with", "starts")
_BUILTINS["ends with"] = _string_predicate("ends with", "ends")
