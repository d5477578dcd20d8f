"""Function definitions (``function(a, b) a + b``) and invocation with positional or named arguments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import ast
from .closures import OPERATION_ERRORS, Fn, describe
from .errors import FeelError
from .java import java_function
from .scope import Scope
from .temporal import date_to_datetime
from .types import ANY, FeelType, FunctionType, ListType, parse_type
from .values import FeelFunction, is_date, type_name

if TYPE_CHECKING:
    from .compiler import Compiler


#: A date and time to test whether a type accepts dates and times.
_MIDNIGHT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class UserFunction(FeelFunction):
    """A function defined in FEEL; it closes over the scope it was defined in."""

    __slots__ = ("feel_type",)

    def __init__(self, name: str, params: Sequence[str], call: Any, feel_type: FunctionType) -> None:
        super().__init__(name, params, call)
        self.feel_type = feel_type


def coerce_argument(value: Any, expected: FeelType, name: str) -> Any:
    """Check an argument against a declared parameter type, applying the conversions of DMN 1.5
    §10.3.2.9.4: a singleton list to its item, an item to a singleton list, a date to a date
    and time at midnight UTC."""
    if value is None or expected.conforms(value):
        return value
    if isinstance(value, list) and len(value) == 1 and expected.conforms(value[0]):
        return value[0]
    if isinstance(expected, ListType) and expected.item.conforms(value):
        return [value]
    if is_date(value) and expected.conforms(_MIDNIGHT):
        return date_to_datetime(value, dt.UTC)
    raise FeelError(f"parameter '{name}' expects {expected}, not {type_name(value)}")


def external_call_or_raise(mapping: Any, names: Sequence[str]) -> Any:
    """The call of an external function (a Java method on the allow-list); FeelError otherwise."""
    if isinstance(mapping, dict) and "java" in mapping:
        return java_function(mapping["java"], names)
    if isinstance(mapping, dict) and "pmml" in mapping:
        raise FeelError("external PMML functions are not supported")
    raise FeelError("an external function needs a context with a 'java' or 'pmml' entry")


def external_call(mapping: Any, names: Sequence[str]) -> Any:
    """Like :func:`external_call_or_raise`, but the error comes when the function is invoked."""
    try:
        return external_call_or_raise(mapping, names)
    except FeelError as exc:
        reason = str(exc)

    def unsupported(*args: Any) -> Any:
        raise FeelError(reason)

    return unsupported


def compile_function_definition(compiler: Compiler, node: ast.FunctionDef) -> Fn:
    names = tuple(name for name, _ in node.params)
    declared = [parse_type(text, compiler.resolve_type) if text else None for _, text in node.params]
    feel_type = FunctionType(tuple(t or ANY for t in declared), ANY)
    where = compiler.where(node)
    if node.external:
        assert node.body is not None
        mapping = compiler.compile(node.body)

        def external(scope: Scope) -> Any:
            return UserFunction("external function", names, external_call(mapping(scope), names), feel_type)

        return external
    assert node.body is not None
    body = compiler.compile(node.body)
    typed = any(t is not None for t in declared)

    def define(scope: Scope) -> Any:
        def call(*args: Any) -> Any:
            if len(args) != len(names):
                raise FeelError(f"the function {where} takes {len(names)} argument(s), not {len(args)}")
            if typed:
                args = tuple(
                    coerce_argument(arg, t, name) if t is not None else arg
                    for arg, t, name in zip(args, declared, names, strict=True)
                )
            return body(scope.child(dict(zip(names, args, strict=True))))

        return UserFunction("anonymous function", names, call, feel_type)

    return define


def bind_named(function: FeelFunction, named: Mapping[str, Any]) -> Any:
    """Invoke ``function`` with named arguments; unknown names are an error, missing ones null."""
    call_named = getattr(function, "call_named", None)
    if call_named is not None:
        return call_named(named)
    unknown = [name for name in named if name not in function.params]
    if unknown:
        raise FeelError(f"{function.name} has no parameter named {', '.join(repr(n) for n in unknown)}")
    return function(*(named.get(param) for param in function.params))


def compile_call(compiler: Compiler, node: ast.Call) -> Fn:
    callee = compiler.compile(node.callee)
    args = [compiler.compile(arg) for arg in node.args]
    named = [(name, compiler.compile(arg)) for name, arg in node.named] if node.named else None
    where = compiler.where(node)
    callee_text = compiler.text[node.callee.start : node.callee.end]

    # The first two argument closures (the callee's where there are fewer: then never called).
    first = args[0] if len(args) > 0 else callee
    second = args[1] if len(args) > 1 else callee
    count = len(args) if named is None else -1

    def invoke(scope: Scope) -> Any:
        function = callee(scope)
        if not isinstance(function, FeelFunction):
            kind = "null" if function is None else f"a {type_name(function)}"
            scope.error(f"'{callee_text}' is {kind}, not a function {where}")
            return None
        try:
            # ``_call`` is what ``FeelFunction.__call__`` runs; one or two arguments go without a list.
            if count == 1:
                return function._call(first(scope))
            if count == 2:
                return function._call(first(scope), second(scope))
            if named is not None:
                return bind_named(function, {name: arg(scope) for name, arg in named})
            return function._call(*[arg(scope) for arg in args])
        except OPERATION_ERRORS as exc:
            scope.error(f"{describe(exc)} {where}")
            return None
        except TypeError as exc:
            scope.error(f"invalid call of {function.name}: {exc} {where}")
            return None
        except RecursionError:
            scope.error(f"the call of {function.name} recurses too deeply {where}")
            return None

    return invoke
