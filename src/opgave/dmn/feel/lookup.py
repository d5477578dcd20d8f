"""Access to the built-in function library from the evaluator."""

from __future__ import annotations

from collections.abc import Mapping

from .values import FeelFunction


def builtin_table() -> Mapping[str, FeelFunction]:
    """The built-in functions by name (``date and time``, ``substring``...)."""
    try:
        from . import builtins
    except ImportError:  # the library is still being assembled
        return {}
    table: Mapping[str, FeelFunction] = getattr(builtins, "BUILTINS", {})
    return table
