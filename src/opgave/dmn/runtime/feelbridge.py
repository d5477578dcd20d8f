"""Compile FEEL text through the FEEL core, turning syntax errors into model errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from opgave.dmn.errors import DmnModelError
from opgave.dmn.feel.errors import FeelError, FeelSyntaxError


class CompiledExpression(Protocol):
    #: The names the expression reads from its scope (built-in functions left out).
    free_names: frozenset[str]
    #: The variable read, when the expression is one plain name; else None.
    name: str | None
    #: Whether the expression is a literal, and then its value.
    is_constant: bool
    constant: Any

    @property
    def function(self) -> Callable[[Any], Any]: ...

    def evaluate(self, variables: Mapping[str, Any], errors: list[str] | None = None) -> Any: ...


class CompiledTests(Protocol):
    #: The names the tests read from their scope (``?`` and built-in functions left out).
    free_names: frozenset[str]
    #: Whether the outcome depends on the tested value alone.
    pure: bool

    def test(
        self, input_value: Any, variables: Mapping[str, Any], errors: list[str] | None = None
    ) -> bool | None: ...

    def test_in(self, input_value: Any, scope: Any) -> bool | None: ...

    #: ``test_in`` with fewer steps where the tests allow it (same results and messages).
    @property
    def predicate(self) -> Callable[[Any, Any], bool | None]: ...


def _error(exc: FeelError, text: str, where: str, what: str) -> DmnModelError:
    if isinstance(exc, FeelSyntaxError):
        return DmnModelError(
            f"FEEL syntax error in {what} {text.strip()!r} at position {exc.position + 1}: {exc.message}",
            element=where,
            position=exc.position,
        )
    return DmnModelError(f"cannot compile {what} {text.strip()!r}: {exc}", element=where)


TypeLookup = Callable[[str], Any]


def feel_expression(
    text: str,
    names: Iterable[str],
    where: str,
    what: str = "expression",
    resolve_type: TypeLookup | None = None,
) -> CompiledExpression:
    from opgave.dmn.feel import compile_expression

    try:
        compiled: CompiledExpression = compile_expression(text, names, resolve_type=resolve_type)
    except FeelError as exc:
        raise _error(exc, text, where, what) from None
    except RecursionError:
        raise DmnModelError(f"{what} {text.strip()!r} is nested too deeply", element=where) from None
    return compiled


def feel_unary_tests(
    text: str,
    names: Iterable[str],
    where: str,
    what: str = "unary tests",
    resolve_type: TypeLookup | None = None,
) -> CompiledTests:
    from opgave.dmn.feel import compile_unary_tests

    try:
        compiled: CompiledTests = compile_unary_tests(text, names, resolve_type=resolve_type)
    except FeelError as exc:
        raise _error(exc, text, where, what) from None
    except RecursionError:
        raise DmnModelError(f"{what} {text.strip()!r} is nested too deeply", element=where) from None
    return compiled
