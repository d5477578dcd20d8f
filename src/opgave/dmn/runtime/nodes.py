"""Compiled DRG elements: input data, decisions, BKMs and decision services.

Each node is created once per model and evaluated many times. A decision sees
only what it requires (DRG scoping): its required input data and decisions as
values, its required BKMs and decision services as functions; elements of an
imported model are visible under the import's name (``Model B.Some Decision``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import FeelFunction
from opgave.dmn.runtime.binding import bind_arguments
from opgave.dmn.runtime.boxed import Evaluator
from opgave.dmn.runtime.state import CURRENT, EvalState, current_state
from opgave.dmn.runtime.types import ANY, DmnType

Getter = Callable[[EvalState], Any]
#: A requirement: (import prefix or None, visible name, how to get its value).
Requirement = tuple[str | None, str, Getter]

_IN_PROGRESS = object()


def build_env(requirements: list[Requirement], state: EvalState) -> dict[str, Any]:
    env: dict[str, Any] = {}
    for prefix, name, getter in requirements:
        if prefix is None:
            env[name] = getter(state)
        else:
            _nest(env, prefix, name, getter(state))
    return env


def _nest(env: dict[str, Any], prefix: str, name: str, value: Any) -> None:
    """Put an element of an imported model under the import's name (``Model B.Some Decision``)."""
    scope = env.get(prefix)
    if not isinstance(scope, dict):
        scope = env[prefix] = {}
    scope[name] = value


_ELEMENT_KINDS = (
    "Decision ",
    "Business knowledge model ",
    "Decision service ",
    "Input data ",
    "Item definition ",
)


def name_element(errors: list[str], start: int, where: str) -> None:
    """Prefix the messages added since ``start`` with the element they arose in, unless they name one."""
    for index in range(start, len(errors)):
        if not errors[index].startswith(_ELEMENT_KINDS):
            errors[index] = f"{where}: {errors[index]}"


class InputNode:
    """An input data element: its value comes from the evaluation's inputs, converted to its type."""

    def __init__(self, namespace: str, element_id: str, name: str, declared: DmnType, where: str) -> None:
        self.namespace = namespace
        self.key = (namespace, element_id)
        self.name = name
        self.type = declared
        self.where = where
        #: The Python types that conform as they are, and the type's conformance check, worked
        #: out on the first evaluation (an item definition is resolved by then).
        self._exact: frozenset[type] | None = None
        self._conforms: Callable[[Any], bool] | None = None

    def value(self, state: EvalState) -> Any:
        name = self.name
        given = state.inputs.get(self.namespace)
        if given is None or name not in given:
            given = state.inputs.get("")
            if given is None or name not in given:
                return None
        value = given[name]
        if value is None:
            return value
        exact = self._exact
        if exact is None:
            exact = self._prepare()
        if type(value) in exact:
            return value
        conforms = self._conforms
        if conforms is None or conforms(value):
            return value
        return self.type.coerce(value, state.errors, self.where)

    def _prepare(self) -> frozenset[type]:
        declared = self.type
        self._conforms = None if declared is ANY else declared.resolved().conforms
        self._exact = exact = declared.exact_types
        return exact


class DecisionNode:
    """A decision: evaluates its expression once per evaluation (results are cached in the state)."""

    def __init__(self, namespace: str, element_id: str, name: str, declared: DmnType, where: str) -> None:
        self.key = (namespace, element_id)
        self.id = element_id
        self.name = name
        self.type = declared
        self.where = where
        self.requirements: list[Requirement] = []
        self.body: Evaluator | None = None
        self.problem: str | None = None

    def evaluate(self, state: EvalState) -> Any:
        key = self.key
        overrides = state.overrides
        if overrides and key in overrides:
            return overrides[key]
        cache = state.cache
        cached = cache.get(key, cache)
        if cached is not cache:
            if cached is _IN_PROGRESS:
                state.errors.append(
                    f"{self.where}: the decision requires itself (a cycle in the requirements)"
                )
                return None
            return cached
        body = self.body
        if self.problem is not None or body is None:
            state.errors.append(
                self.problem or f"{self.where}: the decision has no decision logic; its value is null"
            )
            cache[key] = None
            return None
        cache[key] = _IN_PROGRESS
        trace = state.trace
        node = trace.begin("decision", self.name, self.id) if trace is not None else None
        env: dict[str, Any] = {}  # build_env, unrolled: it runs for every decision of every evaluation
        for prefix, name, getter in self.requirements:
            if prefix is None:
                env[name] = getter(state)
            else:
                _nest(env, prefix, name, getter(state))
        if state.free:
            free = state.free.get(key[0])
            if free:
                env = {**free, **env}
        if node is not None:
            node.inputs = dict(env)
        errors = state.errors
        before = len(errors)
        try:
            value = body(env, state)
        except FeelError as exc:
            errors.append(f"{self.where}: {exc}")
            value = None
        except RecursionError:
            errors.append(f"{self.where}: the evaluation recursed too deeply")
            value = None
        declared = self.type
        if declared is not ANY and value is not None and type(value) not in declared.exact_types:
            value = declared.coerce(value, errors, self.where)
        if len(errors) > before:
            name_element(errors, before, self.where)
        cache[key] = value
        if node is not None and trace is not None:
            trace.end(node, value, errors[before:])
        return value


class BkmNode:
    """A business knowledge model: a FEEL function whose body sees its parameters and required knowledge."""

    def __init__(self, element_id: str, name: str, where: str) -> None:
        self.id = element_id
        self.name = name
        self.where = where
        self.requirements: list[Requirement] = []
        self.parameters: list[tuple[str, DmnType]] = []
        self.result_type: DmnType = ANY
        self.body: Evaluator | None = None
        self.problem: str | None = None
        self.function = FeelFunction(name, [], self._call)

    def parameter_types(self) -> list[tuple[str, DmnType]]:
        return list(self.parameters)

    def set_parameters(self, parameters: list[tuple[str, DmnType]]) -> None:
        self.parameters = parameters
        self.function = FeelFunction(self.name, [p for p, _ in parameters], self._call)

    def _call(self, *args: Any) -> Any:
        state = CURRENT.get() or current_state()
        if self.problem is not None:
            raise FeelError(self.problem)
        if self.body is None:
            state.errors.append(f"{self.where}: the business knowledge model has no logic; its value is null")
            return None
        env = build_env(self.requirements, state) if self.requirements else {}
        parameters = self.parameters
        if len(args) == len(parameters):
            for (parameter, declared), value in zip(parameters, args, strict=True):
                if value is None or declared is ANY or type(value) in declared.exact_types:
                    env[parameter] = value  # conforms as it is, as bind_arguments would find
                else:
                    env.update(bind_arguments(self.where, parameters, args))
                    break
        else:
            bind_arguments(self.where, parameters, args)  # raises: the wrong number of arguments
        trace = state.trace
        node = (
            trace.begin(
                "business knowledge model", self.name, self.id, {p: env[p] for p, _ in self.parameters}
            )
            if trace is not None
            else None
        )
        before = len(state.errors)
        value = self.body(env, state)
        declared = self.result_type
        if declared is not ANY and value is not None and type(value) not in declared.exact_types:
            value = declared.coerce(value, state.errors, f"{self.where}, result")
        if len(state.errors) > before:
            name_element(state.errors, before, self.where)
        if node is not None and trace is not None:
            trace.end(node, value, state.errors[before:])
        return value


class ServiceNode:
    """A decision service: a function of its input data and input decisions returning its output decisions."""

    def __init__(self, element_id: str, name: str, where: str) -> None:
        self.id = element_id
        self.name = name
        self.where = where
        self.input_data: list[InputNode] = []
        self.input_decisions: list[DecisionNode] = []
        self.outputs: list[DecisionNode] = []
        #: The declared result type (from a function item type on the service's variable).
        self.output_type: DmnType = ANY
        self.problem: str | None = None
        self.function = FeelFunction(name, [], self._call)

    def parameter_types(self) -> list[tuple[str, DmnType]]:
        """Input data first, then input decisions, each with its declared type."""
        return [(node.name, node.type) for node in self.input_data] + [
            (node.name, node.type) for node in self.input_decisions
        ]

    def finish(self) -> None:
        params = [node.name for node in self.input_data] + [node.name for node in self.input_decisions]
        self.function = FeelFunction(self.name, params, self._call)

    def _call(self, *args: Any) -> Any:
        given = bind_arguments(self.where, self.parameter_types(), args)
        results = self.run(current_state(), given)
        if len(self.outputs) == 1:
            return results[self.outputs[0].name]
        return results

    def run(self, state: EvalState, given: dict[str, Any]) -> dict[str, Any]:
        """Evaluate the output decisions with ``given`` values for the service's inputs (missing ones are null)."""
        if self.problem is not None:
            raise FeelError(self.problem)
        inputs = {namespace: dict(values) for namespace, values in state.inputs.items()}
        for data in self.input_data:
            inputs.setdefault(data.namespace, {})[data.name] = given.get(data.name)
        overrides: dict[tuple[str, str], Any] = {}
        for decision in self.input_decisions:
            value = given.get(decision.name)
            if decision.type is not ANY:
                value = decision.type.coerce(
                    value, state.errors, f"{self.where}, input decision '{decision.name}'"
                )
            overrides[decision.key] = value
        child = state.child(inputs, overrides)
        trace = state.trace
        node = trace.begin("decision service", self.name, self.id, given) if trace is not None else None
        token = CURRENT.set(child)
        try:
            results = {decision.name: decision.evaluate(child) for decision in self.outputs}
        finally:
            CURRENT.reset(token)
        if self.output_type is not ANY:
            if len(self.outputs) == 1:
                name = self.outputs[0].name
                results[name] = self.output_type.coerce(results[name], state.errors, f"{self.where}, output")
            else:
                checked = self.output_type.coerce(results, state.errors, f"{self.where}, output")
                results = checked if isinstance(checked, dict) else dict.fromkeys(results)
        if node is not None and trace is not None:
            trace.end(node, results)
        return results
