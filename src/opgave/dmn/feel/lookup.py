"""Access to the built-in function library from the evaluator."""

from __future__ import annotations

from collections.abc import Mapping

from .builtins import BUILTINS
from .values import FeelFunction


def builtin_table() -> Mapping[str, FeelFunction]:
    """The built-in functions by name (``date and time``, ``substring``...)."""
    return BUILTINS
