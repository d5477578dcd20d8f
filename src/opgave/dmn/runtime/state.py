"""Per-evaluation state: collected messages, the optional trace and the decision cache.

One :class:`EvalState` exists per call to ``Model.evaluate``; compiled closures are
shared and immutable, so many evaluations can run at the same time in different
threads. Functions that are invoked from FEEL (BKMs, decision services, boxed
function definitions) find the state of the running evaluation through a
:class:`contextvars.ContextVar`, which is local to each thread and task.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opgave.dmn.explain import Tracer


class EvalState:
    """The mutable state of one evaluation."""

    __slots__ = ("cache", "errors", "free", "inputs", "overrides", "trace")

    def __init__(
        self,
        inputs: dict[str, dict[str, Any]],
        *,
        errors: list[str] | None = None,
        trace: Tracer | None = None,
        overrides: dict[tuple[str, str], Any] | None = None,
        free: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        #: Input data values per model namespace.
        self.inputs = inputs
        self.errors: list[str] = [] if errors is None else errors
        self.trace = trace
        #: Decision results already computed, per (namespace, id).
        self.cache: dict[tuple[str, str], Any] = {}
        #: Decision values given from outside (decision service input decisions).
        self.overrides: dict[tuple[str, str], Any] = overrides or {}
        #: Given values that the model does not declare as input data, per model namespace.
        #: Models written for engines without input data elements (Camunda style) refer to
        #: such values by name; every decision of that model can see them, below what it requires.
        self.free: dict[str, dict[str, Any]] = free or {}

    def child(self, inputs: dict[str, dict[str, Any]], overrides: dict[tuple[str, str], Any]) -> EvalState:
        """A fresh scope (for a decision service invocation) sharing messages and trace."""
        return EvalState(inputs, errors=self.errors, trace=self.trace, overrides=overrides, free=self.free)


CURRENT: ContextVar[EvalState | None] = ContextVar("opgave_dmn_state", default=None)


def current_state() -> EvalState:
    """The state of the running evaluation (a throw-away one outside any evaluation)."""
    state = CURRENT.get()
    if state is None:
        return EvalState({})
    return state
