"""The evaluation scope: a chain of variable frames plus the list that collects error messages.

A scope is created per evaluation, so compiled expressions share no mutable state
between evaluations and can be used from several threads at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: Returned by :meth:`Scope.lookup` for a name that is not in scope.
MISSING: Final = _Missing()


#: The most messages one evaluation records (each distinct message is recorded once).
MAX_ERRORS = 100


class Scope:
    __slots__ = ("errors", "frame", "parent")

    def __init__(
        self, frame: Mapping[str, Any], parent: Scope | None = None, errors: list[str] | None = None
    ) -> None:
        self.frame = frame
        self.parent = parent
        self.errors: list[str] = (
            errors if errors is not None else (parent.errors if parent is not None else [])
        )

    def child(self, frame: Mapping[str, Any]) -> Scope:
        return Scope(frame, self, self.errors)

    def lookup(self, name: str) -> Any:
        scope: Scope | None = self
        while scope is not None:
            frame = scope.frame
            if name in frame:
                return frame[name]
            scope = scope.parent
        return MISSING

    def error(self, message: str) -> None:
        """Record a message once; a runaway evaluation stops adding after :data:`MAX_ERRORS`."""
        errors = self.errors
        if message in errors:
            return
        if len(errors) < MAX_ERRORS:
            errors.append(message)
        elif len(errors) == MAX_ERRORS:
            errors.append("(further errors are left out)")
