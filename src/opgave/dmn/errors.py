"""Errors raised by the DMN layer (model loading, compilation, invocation).

Every error names the model element it is about, so a modeller can find it:
``Decision 'Approval' (id _d1): ...``. FEEL syntax errors keep their position.
"""

from __future__ import annotations


class DmnError(Exception):
    """Base class of every error the DMN layer raises to a caller."""


class DmnModelError(DmnError):
    """A model that cannot be read or compiled: malformed XML, unknown names, unsupported constructs."""

    def __init__(
        self,
        message: str,
        *,
        element: str | None = None,
        position: int | None = None,
        severity: str = "error",
    ) -> None:
        self.message = message
        self.element = element
        self.position = position
        #: "error" (the element cannot work as written) or "warning" (it evaluates, but will give
        #: null or surprise: a type that cannot conform, a dashed name read as a subtraction).
        self.severity = severity
        prefix = f"{element}: " if element else ""
        super().__init__(prefix + message)


class DmnEvaluationError(DmnError):
    """A request that cannot be evaluated at all, e.g. an unknown decision name."""


def describe(kind: str, name: str | None, element_id: str | None) -> str:
    """A readable reference to a model element: ``Decision 'Approval' (id _d1)``."""
    text = kind
    if name:
        text += f" '{name}'"
    if element_id:
        text += f" (id {element_id})"
    return text
