"""Compile boxed expressions into closures ``(env, state) -> value``.

``env`` is a plain dict of the names in scope; ``state`` is the
:class:`~opgave.dmn.runtime.state.EvalState` of the running evaluation. Compilation
happens once per model; the closures hold no mutable state of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from opgave.dmn.errors import DmnModelError
from opgave.dmn.feel.closures import OPERATION_ERRORS
from opgave.dmn.feel.control import iteration_values
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.functions import external_call, external_call_or_raise
from opgave.dmn.feel.scope import Scope
from opgave.dmn.feel.values import FeelFunction, type_name
from opgave.dmn.jsonvalues import show
from opgave.dmn.model.elements import (
    Conditional,
    Context,
    DecisionTable,
    Expression,
    Filter,
    FunctionDefinition,
    Invocation,
    Iterator,
    ListExpression,
    LiteralExpression,
    Relation,
)
from opgave.dmn.runtime.binding import bind_arguments
from opgave.dmn.runtime.feelbridge import feel_expression
from opgave.dmn.runtime.state import CURRENT, EvalState
from opgave.dmn.runtime.typeresolver import TypeResolver
from opgave.dmn.runtime.types import ANY, NOT_CONFORMING, DmnType

Evaluator = Callable[[dict[str, Any], EvalState], Any]


#: Two or more words joined by '-' (``Last-Name``), not inside a string literal's quotes.
_DASHED = re.compile(r'(?<![\w"])[A-Za-z_]\w*(?:-[A-Za-z_]\w*)+(?![\w"])')


def _null(env: dict[str, Any], state: EvalState) -> Any:
    return None


class ExpressionCompiler:
    """Compiles the boxed expressions of one model."""

    def __init__(
        self,
        types: TypeResolver,
        extra_names: Iterable[str],
        problems: list[DmnModelError] | None = None,
        *,
        check_names: bool = True,
    ) -> None:
        self.types = types
        #: Report names an expression reads but cannot see (off for models without input
        #: data elements, whose decisions read the caller's variables, Camunda style).
        self.check_names = check_names
        #: Problems that do not stop compilation (reported by ``Model.check``).
        self.problems: list[DmnModelError] = [] if problems is None else problems
        #: Names FEEL needs to know to parse paths (item components, imported elements).
        self.extra_names = frozenset(extra_names)

    def warn(self, message: str, where: str) -> None:
        """A problem that does not stop evaluation but will give null or surprise the modeller."""
        self.problems.append(DmnModelError(message, element=where, severity="warning"))

    def static_value(self, text: str, names: frozenset[str], where: str) -> tuple[bool, Any]:
        """``(True, value)`` for an expression that reads no names (a literal); ``(False, None)`` else."""
        if not text.strip():
            return False, None
        try:
            compiled = feel_expression(
                text, names | self.extra_names, where, resolve_type=self.types.feel_type
            )
        except DmnModelError:
            return False, None
        if compiled.free_names:
            return False, None
        errors: list[str] = []
        value = compiled.evaluate({}, errors)
        return (not errors), value

    def check_conformance(
        self, text: str, declared: DmnType, names: frozenset[str], where: str, what: str
    ) -> None:
        """Warn when a literal can never conform to the declared type (it would turn into null)."""
        if declared is ANY:
            return
        known, value = self.static_value(text, names, where)
        if known and value is not None and declared.convert(value) is NOT_CONFORMING:
            self.warn(
                f"{what} {text.strip()!r} is {type_name(value)}, which does not conform to the declared "
                f"type '{declared.name}'; it evaluates to null",
                where,
            )

    def check_free_names(self, text: str, free: frozenset[str], names: frozenset[str], where: str) -> None:
        """Report the names ``text`` reads that are not in ``names`` (when names are checked)."""
        unknown = free - names
        if not self.check_names:
            self._check_dashed_names(text, unknown, where)
        if self.check_names and unknown:
            listed = ", ".join(f"'{name}'" for name in sorted(unknown))
            self.problems.append(
                DmnModelError(
                    f"{text.strip()!r} uses {listed}, which it cannot see (not required, not in scope)",
                    element=where,
                )
            )

    def _check_dashed_names(self, text: str, unknown: frozenset[str], where: str) -> None:
        """In a model without input data (Camunda style), ``Last-Name`` reads as ``Last - Name``."""
        for match in _DASHED.finditer(text):
            parts = [part.strip() for part in match.group(0).split("-")]
            if all(part in unknown for part in parts):
                self.warn(
                    f"{match.group(0)!r} is read by FEEL as {' minus '.join(repr(p) for p in parts)}, "
                    "not as one name: declare it as input data, or rename the variable without '-'",
                    where,
                )

    def type_of(self, type_ref: str | None, where: str) -> DmnType:
        return self.types.resolve(type_ref, where)

    def compile(self, expression: Expression | None, names: frozenset[str], where: str) -> Evaluator:
        """Compile ``expression``; its result is converted to its ``typeRef`` when it has one."""
        evaluator = self._compile(expression, names, where)
        if expression is None or not expression.type_ref or isinstance(expression, FunctionDefinition):
            return evaluator
        declared = self.type_of(expression.type_ref, where)
        if declared is ANY:
            return evaluator
        exact = declared.exact_types

        def typed(env: dict[str, Any], state: EvalState) -> Any:
            value = evaluator(env, state)
            if value is None or type(value) in exact:  # conforms as it is: nothing to convert
                return value
            return declared.coerce(value, state.errors, where)

        return typed

    def _compile(self, expression: Expression | None, names: frozenset[str], where: str) -> Evaluator:
        if expression is None:
            return _null
        if isinstance(expression, LiteralExpression):
            return self.literal(expression.text, names, where)
        if isinstance(expression, Context):
            return self._context(expression, names, where)
        if isinstance(expression, DecisionTable):
            from opgave.dmn.runtime.tables import compile_table

            return compile_table(self, expression, names, where)
        if isinstance(expression, ListExpression):
            return self._list(expression, names, where)
        if isinstance(expression, Relation):
            return self._relation(expression, names, where)
        if isinstance(expression, Invocation):
            return self._invocation(expression, names, where)
        if isinstance(expression, FunctionDefinition):
            return self.function(expression, names, where, "anonymous")
        if isinstance(expression, Conditional):
            return self._conditional(expression, names, where)
        if isinstance(expression, Iterator):
            return self._iterator(expression, names, where)
        if isinstance(expression, Filter):
            return self._filter(expression, names, where)
        raise DmnModelError(f"unsupported expression {type(expression).__name__}", element=where)

    # ------------------------------------------------------------ literal

    def literal(self, text: str, names: frozenset[str], where: str) -> Evaluator:
        return self.literal_parts(text, names, where)[0]

    def literal_parts(
        self, text: str, names: frozenset[str], where: str
    ) -> tuple[Evaluator, tuple[Any] | None]:
        """The evaluator of a FEEL literal expression, and ``(value,)`` when it is a constant.

        A plain name reads the environment directly and a literal returns its value; every
        other expression runs in a scope over the environment, as ``Expression.evaluate``
        does (an error becomes null plus a message).
        """
        if not text.strip():
            return _null, (None,)
        compiled = feel_expression(text, names | self.extra_names, where, resolve_type=self.types.feel_type)
        self.check_free_names(text, compiled.free_names, names, where)
        if compiled.is_constant:
            value = compiled.constant

            def constant(env: dict[str, Any], state: EvalState) -> Any:
                return value

            return constant, (value,)
        fn = compiled.function

        def run(env: dict[str, Any], state: EvalState) -> Any:
            scope = Scope(env, None, state.errors)
            try:
                return fn(scope)
            except OPERATION_ERRORS as exc:
                scope.error(str(exc))
            except RecursionError:
                scope.error("the expression recurses too deeply")
            return None

        name = compiled.name
        if name is None:
            return run, None

        def read(env: dict[str, Any], state: EvalState) -> Any:
            if name in env:
                return env[name]
            return run(env, state)  # not in scope: the general path says so

        return read, None

    # ------------------------------------------------------------ context

    def _context(self, expression: Context, names: frozenset[str], where: str) -> Evaluator:
        entries: list[tuple[str, Evaluator, DmnType]] = []
        result: Evaluator | None = None
        scope = names
        for number, entry in enumerate(expression.entries, start=1):
            if entry.variable is None:
                if number != len(expression.entries):
                    raise DmnModelError(
                        "a context entry without a name must be the last entry", element=where
                    )
                result = self.compile(entry.value, scope, where)
                break
            name = entry.variable.name
            entry_where = f"{where}, context entry '{name}'"
            scope = scope | {name}
            evaluator = (
                self.function(entry.value, scope, entry_where, name)
                if isinstance(entry.value, FunctionDefinition)
                else self.compile(entry.value, scope, entry_where)
            )
            entries.append((name, evaluator, self.type_of(entry.variable.type_ref, entry_where)))
        final = result

        def run(env: dict[str, Any], state: EvalState) -> Any:
            local = dict(env)
            built: dict[str, Any] = {}
            for name, evaluator, declared in entries:
                value = evaluator(local, state)
                if declared is not ANY:
                    value = declared.coerce(value, state.errors, f"context entry '{name}'")
                local[name] = value
                built[name] = value
            if final is not None:
                return final(local, state)
            return built

        return run

    # ------------------------------------------------------------ list and relation

    def _list(self, expression: ListExpression, names: frozenset[str], where: str) -> Evaluator:
        items = [self.compile(item, names, where) for item in expression.items]

        def run(env: dict[str, Any], state: EvalState) -> Any:
            return [item(env, state) for item in items]

        return run

    def _relation(self, expression: Relation, names: frozenset[str], where: str) -> Evaluator:
        columns = [(c.name, self.type_of(c.type_ref, where)) for c in expression.columns]
        rows = [[self.compile(cell, names, where) for cell in row] for row in expression.rows]

        def run(env: dict[str, Any], state: EvalState) -> Any:
            table: list[Any] = []
            for row in rows:
                record: dict[str, Any] = {}
                for (name, declared), cell in zip(columns, row, strict=True):
                    record[name] = declared.coerce(
                        cell(env, state), state.errors, f"relation column '{name}'"
                    )
                table.append(record)
            return table

        return run

    # ------------------------------------------------------------ invocation

    def _invocation(self, expression: Invocation, names: frozenset[str], where: str) -> Evaluator:
        callee = self.compile(expression.callee, names, where)
        callee_text = (
            expression.callee.text if isinstance(expression.callee, LiteralExpression) else "function"
        )
        bindings = [(b.parameter.name, self.compile(b.value, names, where)) for b in expression.bindings]

        def run(env: dict[str, Any], state: EvalState) -> Any:
            function = callee(env, state)
            if not isinstance(function, FeelFunction):
                state.errors.append(f"{where}: '{callee_text.strip()}' is not a function")
                return None
            arguments: list[Any] = [None] * len(function.params)
            for name, value in bindings:
                if name not in function.params:
                    state.errors.append(f"{where}: '{callee_text.strip()}' has no parameter '{name}'")
                    return None
                arguments[function.params.index(name)] = value(env, state)
            try:
                return function(*arguments)
            except FeelError as exc:
                state.errors.append(f"{where}: {exc}")
                return None

        return run

    # ------------------------------------------------------------ function definition

    def function(
        self, expression: Expression | None, names: frozenset[str], where: str, name: str
    ) -> Evaluator:
        if not isinstance(expression, FunctionDefinition):
            return self.compile(expression, names, where)
        parameters = [(p.name, self.type_of(p.type_ref, where)) for p in expression.parameters]
        parameter_names = [p for p, _ in parameters]
        kind = expression.kind.upper()
        if kind == "JAVA":
            return self._java_function(expression, names, where, name, parameter_names)
        if kind != "FEEL":
            message = f"{where}: functions of kind {expression.kind} are not supported (only FEEL)"
            self.problems.append(
                DmnModelError(
                    f"functions of kind {expression.kind} are not supported (only FEEL)", element=where
                )
            )

            def unsupported(env: dict[str, Any], state: EvalState) -> Any:
                def fail(*args: Any) -> Any:
                    raise FeelError(message)

                return FeelFunction(name, parameter_names, fail)

            return unsupported
        body = self.compile(expression.body, names | set(parameter_names), where)
        result_type = self.type_of(expression.type_ref, where)

        def run(env: dict[str, Any], state: EvalState) -> Any:
            captured = env

            def call(*args: Any) -> Any:
                current = CURRENT.get() or state
                local = dict(captured)
                local.update(bind_arguments(f"function '{name}'", parameters, args))
                value = body(local, current)
                if result_type is not ANY:
                    value = result_type.coerce(value, current.errors, f"result of {name}")
                return value

            return FeelFunction(name, parameter_names, call)

        return run

    def _java_function(
        self,
        expression: FunctionDefinition,
        names: frozenset[str],
        where: str,
        name: str,
        parameter_names: list[str],
    ) -> Evaluator:
        """A function of kind Java: its body is a context with 'class' and 'method signature'."""
        mapping = self.compile(expression.body, names, where)
        # A mapping of literal strings (the usual case) is checked once, so `check` reports a
        # method outside the allow-list before anyone evaluates the model.
        static_errors: list[str] = []
        static = mapping({}, EvalState({}, errors=static_errors))
        if not static_errors:
            try:
                external_call_or_raise({"java": static}, parameter_names)
            except FeelError as exc:
                self.problems.append(DmnModelError(str(exc), element=where))

        def run(env: dict[str, Any], state: EvalState) -> Any:
            call = external_call({"java": mapping(env, state)}, parameter_names)

            def invoke(*args: Any) -> Any:
                return call(*args)

            return FeelFunction(name, parameter_names, invoke)

        return run

    # ------------------------------------------------------------ conditional, iterators, filter

    def _conditional(self, expression: Conditional, names: frozenset[str], where: str) -> Evaluator:
        condition = self.compile(expression.condition, names, where)
        then = self.compile(expression.then, names, where)
        otherwise = self.compile(expression.otherwise, names, where)

        def run(env: dict[str, Any], state: EvalState) -> Any:
            test = condition(env, state)
            if test is True:
                return then(env, state)
            if test is False or test is None:
                return otherwise(env, state)
            state.errors.append(f"{where}: the condition of 'if' is {show(test)}, not a boolean")
            return None

        return run

    def _iterator(self, expression: Iterator, names: frozenset[str], where: str) -> Evaluator:
        source = self.compile(expression.source, names, where)
        variable = expression.variable
        body = self.compile(expression.body, names | {variable}, where)
        kind = expression.kind

        def run(env: dict[str, Any], state: EvalState) -> Any:
            value = source(env, state)
            if value is None:
                return None
            try:
                items = iteration_values(value)  # as in FEEL: a range [1..3] gives 1, 2, 3
            except FeelError as exc:
                state.errors.append(f"{where}: {exc}")
                return None
            local = dict(env)
            results = []
            for item in items:
                local[variable] = item
                results.append(body(local, state))
            if kind == "for":
                return results
            # As FEEL's some/every: null counts as not satisfied; another non-boolean is an error.
            if any(r is not None and not isinstance(r, bool) for r in results):
                state.errors.append(f"{where}: the '{kind}' test gave a value that is not a boolean")
                return None
            satisfied = [r is True for r in results]
            return any(satisfied) if kind == "some" else all(satisfied)

        return run

    def _filter(self, expression: Filter, names: frozenset[str], where: str) -> Evaluator:
        source = self.compile(expression.source, names, where)
        match = self.compile(expression.match, names | {"item"}, where)

        def run(env: dict[str, Any], state: EvalState) -> Any:
            items = source(env, state)
            if items is None:
                return None
            if not isinstance(items, list):
                items = [items]
            kept = []
            for item in items:
                local = dict(env)
                if isinstance(item, dict):
                    local.update(item)
                local["item"] = item
                test = match(local, state)
                if test is True:
                    kept.append(item)
                elif test is not False and test is not None:
                    state.errors.append(f"{where}: the filter condition gave {show(test)}, not a boolean")
                    return None
            return kept

        return run
