"""The shapes of compiled FEEL: closures from a scope to a value, and what they may raise."""

from __future__ import annotations

import decimal
from collections.abc import Callable
from typing import Any

from .errors import FeelError
from .scope import Scope

#: A compiled expression: evaluates in a scope to a FEEL value.
Fn = Callable[[Scope], Any]
#: A compiled unary test: (input value, scope) -> true, false or null.
TestFn = Callable[[Any, Scope], "bool | None"]

#: Errors an operation may raise besides FeelError (decimal traps, odd inputs).
OPERATION_ERRORS = (FeelError, ArithmeticError, ValueError, OverflowError)


def is_integral(value: Any) -> bool:
    return isinstance(value, decimal.Decimal) and value.is_finite() and value == value.to_integral_value()


def describe(exc: BaseException) -> str:
    """A readable message for an error raised while evaluating (decimal signals have no text of their own)."""
    if isinstance(exc, decimal.DecimalException):
        if isinstance(exc, decimal.DivisionByZero):
            return "division by zero"
        if isinstance(exc, decimal.Overflow):
            return "the result is too large for a FEEL number"
        if isinstance(exc, decimal.InvalidOperation):
            return "the operation is undefined for these numbers"
    return str(exc) or type(exc).__name__
