"""Access to the built-in function library from the evaluator."""

from __future__ import annotations

from collections.abc import Mapping

from .builtins import BUILTINS
from .values import FeelFunction


def builtin_table() -> Mapping[str, FeelFunction]:
    """The built-in functions by name (``date and time``, ``substring``...), with the Camunda
    extensions when the ``camunda`` dialect is in force (:mod:`opgave.dmn.feel.extensions`)."""
    from .extensions import CAMUNDA_BUILTINS, DIALECT

    return CAMUNDA_BUILTINS if DIALECT.get() == "camunda" else BUILTINS
