"""FEEL (Friendly Enough Expression Language, DMN 1.5 chapter 10): parse once, evaluate many times::

    expression = compile_expression("Monthly Income * 12", names=["Monthly Income"])
    expression.evaluate({"Monthly Income": Decimal("1000")})  # Decimal('12000')
    compile_unary_tests("[18..65)").test(Decimal("30"), {})      # True

Compiled expressions hold no mutable state and may be evaluated from several
threads at once. A runtime error makes (part of) the expression null and adds a
message naming the position to ``errors``; a syntax error raises
:class:`FeelSyntaxError` at compile time.

How the pieces fit (each module is one concept):

* ``lexer`` — tokens with positions; names are lexed word by word.
* ``names`` — multi-word names (``Monthly Income``, ``Date-Time``, ``day of week``):
  the longest run of tokens spelling a name known in scope wins; a run of plain
  words is one (unknown) name; declared names (context keys, parameters,
  iteration variables) become known as the parser meets them.
* ``parser`` / ``ast`` — recursive descent over the whole chapter-10 grammar.
* ``compiler`` (+ ``control`` for for/some/every/filters, ``functions`` for
  definitions and invocation, ``properties`` for ``date.year`` and friends) —
  the tree becomes closures ``Scope -> value`` (``closures``, ``scope``).
* ``types`` — type syntax, ``instance of`` and conforms-to between types.
* Value behaviour lives in ``semantics`` (arithmetic, equality, order), ``temporal``
  and the built-in library in ``builtins``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import ast
from .closures import OPERATION_ERRORS, Fn, TestFn
from .compiler import Compiler, any_test
from .errors import FeelError, FeelSyntaxError
from .extensions import CAMUNDA_BUILTINS, DIALECT, feel_dialect
from .freenames import free_names
from .lookup import builtin_table
from .names import NameTable
from .parser import parse_expression, parse_unary_tests
from .predicates import is_pure, predicate
from .scope import Scope
from .types import FeelType, TypeResolver, parse_type

__all__ = [
    "Expression",
    "FeelError",
    "FeelSyntaxError",
    "FeelType",
    "TypeResolver",
    "UnaryTests",
    "compile_expression",
    "compile_unary_tests",
    "feel_dialect",
    "parse_type",
]


#: The built-in function names, shared (read-only) by every parse: standard, and with the
#: Camunda extensions for the ``camunda`` dialect.
_BUILTIN_FUNCTIONS = builtin_table()
_BUILTIN_NAMES = NameTable(_BUILTIN_FUNCTIONS)
_CAMUNDA_NAMES = NameTable(CAMUNDA_BUILTINS)


def _builtin_names() -> tuple[NameTable, Mapping[str, Any]]:
    if DIALECT.get() == "camunda":
        return _CAMUNDA_NAMES, CAMUNDA_BUILTINS
    return _BUILTIN_NAMES, _BUILTIN_FUNCTIONS


def _run(fn: Fn, scope: Scope) -> Any:
    try:
        return fn(scope)
    except OPERATION_ERRORS as exc:
        scope.error(str(exc))
    except RecursionError:
        scope.error("the expression recurses too deeply")
    return None


class Expression:
    """A compiled FEEL expression.

    Besides :meth:`evaluate`, it tells callers that evaluate it very often what shape it
    has, so that they can skip the general machinery where that changes nothing:
    ``name`` is the variable name when the whole expression is one plain name (``Age``),
    and ``is_constant``/``constant`` give the value of a literal (``"koop"``, ``12``,
    ``true``, ``null``), which is the same object on every evaluation.
    """

    __slots__ = ("_fn", "constant", "free_names", "is_constant", "name", "text")

    def __init__(
        self,
        text: str,
        fn: Fn,
        free: frozenset[str] = frozenset(),
        *,
        name: str | None = None,
        is_constant: bool = False,
        constant: Any = None,
    ) -> None:
        self.text = text
        self._fn = fn
        #: The names the expression reads from its scope (built-in functions left out).
        self.free_names = free
        #: The variable read, when the expression is nothing but one name without dots.
        self.name = name
        #: Whether the expression is a literal; its value is then :attr:`constant`.
        self.is_constant = is_constant
        self.constant = constant

    def evaluate(self, variables: Mapping[str, Any], errors: list[str] | None = None) -> Any:
        """The value of the expression with ``variables`` in scope; errors give null plus a message."""
        return _run(self._fn, Scope(variables, None, errors if errors is not None else []))

    def evaluate_in(self, scope: Scope) -> Any:
        """:meth:`evaluate` in a scope the caller made (one call less on a hot path)."""
        return _run(self._fn, scope)

    @property
    def function(self) -> Fn:
        """The compiled closure ``Scope -> value``; it may raise, so call it the way :meth:`evaluate_in` does."""
        return self._fn

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def _matches_anything(input_value: Any, scope: Scope) -> bool | None:
    return True


class UnaryTests:
    """Compiled unary tests (a decision-table input entry): ``< 10``, ``[1..5]``, ``"a", "b"``, ``-``."""

    __slots__ = ("_any", "_negated", "_tests", "free_names", "predicate", "pure", "text")

    def __init__(
        self,
        text: str,
        tests: list[TestFn],
        negated: bool,
        matches_any: bool,
        free: frozenset[str] = frozenset(),
        single: TestFn | None = None,
        pure: bool = False,
    ) -> None:
        self.text = text
        self._tests = tests
        self._negated = negated
        self._any = matches_any
        #: The names the tests read from their scope (``?`` and built-in functions left out).
        self.free_names = free
        #: :meth:`test_in` with fewer steps where the tests allow it (same results, same messages).
        self.predicate: TestFn = _matches_anything if matches_any else (single or self.test_in)
        #: Whether the outcome depends on the tested value alone (literals and operators, no
        #: names, no calls): the same value always gets the same answer.
        self.pure = pure

    def test(
        self, input_value: Any, variables: Mapping[str, Any], errors: list[str] | None = None
    ) -> bool | None:
        """Whether ``input_value`` satisfies the tests: True, False, or None when that cannot be known."""
        if self._any:
            return True
        scope = Scope(variables, None, errors if errors is not None else [])
        try:
            result = any_test(self._tests, input_value, scope)
        except OPERATION_ERRORS as exc:
            scope.error(str(exc))
            return None
        if self._negated and result is not None:
            return not result
        return result

    def test_in(self, input_value: Any, scope: Scope) -> bool | None:
        """:meth:`test` in a scope the caller made once (a decision table makes one per evaluation)."""
        if self._any:
            return True
        try:
            result = any_test(self._tests, input_value, scope)
        except OPERATION_ERRORS as exc:
            scope.error(str(exc))
            return None
        if self._negated and result is not None:
            return not result
        return result

    def __repr__(self) -> str:
        return f"UnaryTests({self.text!r})"


def compile_expression(
    text: str, names: Iterable[str] = (), *, resolve_type: TypeResolver | None = None
) -> Expression:
    """Compile a FEEL expression; ``names`` are the (multi-word) names in scope.

    ``resolve_type`` maps type names FEEL does not define (item definitions) to an
    object with ``conforms(value) -> bool`` (a :class:`FeelType` or a DMN type), used
    by ``instance of`` and typed function parameters; unresolved names conform to nothing.
    """
    table, functions = _builtin_names()
    try:
        node = parse_expression(text, names, table)
        free = frozenset(name for name in free_names(node) if name not in functions)
        fn = Compiler(text, resolve_type).compile(node)
    except RecursionError:
        raise FeelSyntaxError("the expression is nested too deeply", text, 0) from None
    if isinstance(node, ast.Literal):
        return Expression(text, fn, free, is_constant=True, constant=node.value)
    if isinstance(node, ast.Name) and "." not in node.name:
        return Expression(text, fn, free, name=node.name)
    return Expression(text, fn, free)


def compile_unary_tests(
    text: str, names: Iterable[str] = (), *, resolve_type: TypeResolver | None = None
) -> UnaryTests:
    """Compile unary tests (``-``, ``not(...)``, comma-separated tests, expressions using ``?``)."""
    table, functions = _builtin_names()
    try:
        node = parse_unary_tests(text, [*names, "?"], table)
        compiler = Compiler(text, resolve_type)
        tests = [compiler.unary_test(test) for test in node.tests]
    except RecursionError:
        raise FeelSyntaxError("the unary tests are nested too deeply", text, 0) from None
    free = frozenset(name for test in node.tests for name in free_names(test) if name not in functions)
    single = predicate(node.tests[0], tests[0]) if len(tests) == 1 and not node.negated else None
    return UnaryTests(text, tests, node.negated, node.any, free, single, is_pure(node))
