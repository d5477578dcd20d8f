"""The public API of the DMN engine: load models, evaluate decisions, check models."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opgave.dmn.errors import DmnError, DmnEvaluationError, DmnModelError
from opgave.dmn.explain import Tracer
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.model.elements import Definitions
from opgave.dmn.model.reader import read_definitions, read_definitions_file
from opgave.dmn.runtime.compiler import CompiledModel, ModelSet
from opgave.dmn.runtime.state import CURRENT, EvalState
from opgave.dmn.runtime.types import ANY, DmnType

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class Problem:
    """Something wrong in a model, found while loading it."""

    message: str
    element: str | None = None
    position: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.element}: {self.message}" if self.element else self.message

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "element": self.element,
            "position": self.position,
            "message": self.message,
        }


@dataclass
class Result:
    """The outcome of one evaluation: the value, the messages, and the trace when asked for."""

    value: Any
    messages: list[str] = field(default_factory=list)
    trace: list[dict[str, Any]] | None = None

    def to_json(self) -> dict[str, Any]:
        from opgave.dmn.jsonvalues import to_json

        data: dict[str, Any] = {"value": to_json(self.value), "messages": list(self.messages)}
        if self.trace is not None:
            data["trace"] = self.trace
        return data


class Model:
    """A loaded, compiled DMN model (with the models it imports). Thread-safe to evaluate."""

    def __init__(self, models: ModelSet, main: CompiledModel) -> None:
        self._models = models
        self._main = main
        # What every evaluation asks of the model, worked out once (the model never changes).
        self._own_inputs = frozenset(node.name for node in main.inputs.values())
        self._import_prefixes = {i.name: i.namespace for i in main.definitions.imports if i.name}
        self._camunda_known = (
            None if main.definitions.input_data else frozenset(node.name for node in main.nodes.values())
        )
        self._input_types: dict[int, dict[str, DmnType]] = {}
        #: Decisions by name (and by id, where no decision has that name), for evaluate().
        self._decisions_by_name: dict[str, Any] = {}
        for node in main.decisions.values():
            self._decisions_by_name.setdefault(node.name, node)
        for key, node in main.decisions.items():
            self._decisions_by_name.setdefault(key, node)

    @property
    def name(self) -> str:
        return self._main.name

    @property
    def namespace(self) -> str:
        return self._main.namespace

    @property
    def definitions(self) -> Definitions:
        return self._main.definitions

    @property
    def decision_names(self) -> list[str]:
        return [node.name for node in self._main.decisions.values()]

    @property
    def input_names(self) -> list[str]:
        return [node.name for node in self._main.inputs.values()]

    @property
    def input_types(self) -> dict[str, str | None]:
        """Each input data name with its ``typeRef`` (None when untyped), e.g. to build a form."""
        return {data.name: data.variable.type_ref for data in self._main.definitions.input_data}

    @property
    def service_names(self) -> list[str]:
        return [node.name for node in self._main.services.values()]

    @property
    def bkm_names(self) -> list[str]:
        return [node.name for node in self._main.bkms.values()]

    def check(self) -> list[Problem]:
        """Problems found while compiling the model and the models it imports."""
        problems: list[Problem] = []
        seen: set[str] = set()
        for model in [self._main, *[m for m in self._models.models.values() if m is not self._main]]:
            for error in model.problems:
                text = str(error)
                if text not in seen:
                    seen.add(text)
                    problems.append(Problem(error.message, error.element, error.position, error.severity))
        return problems

    def _find(self, table: Mapping[str, Any], name: str, kind: str) -> Any:
        for node in table.values():
            if node.name == name:
                return node
        if name in table:
            return table[name]
        known = ", ".join(sorted(node.name for node in table.values())) or "none"
        raise DmnEvaluationError(f"the model '{self.name}' has no {kind} named '{name}' (known: {known})")

    def _state(
        self,
        inputs: Mapping[str, Any] | None,
        imported_inputs: Mapping[str, Mapping[str, Any]] | None,
        explain: bool,
        convert: bool,
    ) -> EvalState:
        main: dict[str, Any] = dict(inputs) if inputs else {}
        prefixed: dict[str, dict[str, Any]] = {}
        if self._import_prefixes:
            main, prefixed = self._split_prefixed(main)
        if convert:
            main = self._convert(self._main, main)
        given: dict[str, dict[str, Any]] = {self.namespace: main, "": main}
        if prefixed or imported_inputs:
            for namespace, values in [*prefixed.items(), *(imported_inputs or {}).items()]:
                model = self._models.models.get(namespace)
                converted = (
                    self._convert(model, dict(values)) if convert and model is not None else dict(values)
                )
                given.setdefault(namespace, {}).update(converted)
        free: dict[str, Any] = {}
        known = self._camunda_known
        if known is not None:
            # Camunda style: no input data elements, decisions read the caller's variables.
            # Only then, so that stray keys never shadow names (or built-ins) in other models.
            free = {k: v for k, v in main.items() if k not in known}
        return EvalState(
            given, trace=Tracer() if explain else None, free={self.namespace: free} if free else None
        )

    def _split_prefixed(self, inputs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """Move inputs named ``Import Name.Input`` to the imported model's namespace.

        A name that is an input data of the main model itself always stays there.
        """
        prefixes = self._import_prefixes
        if not prefixes:
            return inputs, {}
        own = self._own_inputs
        main: dict[str, Any] = {}
        imported: dict[str, dict[str, Any]] = {}
        for key, value in inputs.items():
            prefix, dot, rest = key.partition(".")
            if dot and key not in own and prefix.strip() in prefixes:
                imported.setdefault(prefixes[prefix.strip()], {})[rest.strip()] = value
            else:
                main[key] = value
        return main, imported

    def _convert(self, model: CompiledModel, values: dict[str, Any]) -> dict[str, Any]:
        """JSON values to FEEL values, guided by the types of the model's input data."""
        types = self._input_types.get(id(model))
        if types is None:
            types = self._input_types[id(model)] = {node.name: node.type for node in model.inputs.values()}
        return {k: types.get(k, ANY).from_json(v) for k, v in values.items()}

    def _run(self, state: EvalState, action: Callable[..., Any], *args: Any) -> Result:
        token = CURRENT.set(state)
        try:
            value = action(*args)
        except FeelError as exc:
            state.errors.append(str(exc))
            value = None
        except RecursionError:
            state.errors.append("the evaluation recursed too deeply")
            value = None
        finally:
            CURRENT.reset(token)
        trace = state.trace.to_json() if state.trace is not None else None
        return Result(value, list(state.errors), trace)

    def evaluate(
        self,
        decision: str,
        inputs: Mapping[str, Any] | None = None,
        *,
        explain: bool = False,
        imported_inputs: Mapping[str, Mapping[str, Any]] | None = None,
        convert: bool = True,
    ) -> Result:
        """Evaluate the decision named ``decision`` (or with that id).

        ``inputs`` map input data names to values; JSON values are converted
        (numbers to Decimal, ISO strings to dates/times/durations when the input's
        type says so) unless ``convert`` is false. ``imported_inputs`` give input
        data of imported models, per model namespace.
        """
        node = self._decisions_by_name.get(decision)
        if node is None:
            node = self._find(self._main.decisions, decision, "decision")  # raises, naming the known ones
        state = self._state(inputs, imported_inputs, explain, convert)
        return self._run(state, node.evaluate, state)

    def evaluate_frame(
        self,
        frame: Any,
        decisions: Sequence[str] | str | None = None,
        *,
        messages: str | None = None,
        columnar: bool = True,
    ) -> pl.DataFrame:
        """Evaluate decisions for every row of a population at once (see docs/dmn.md).

        ``frame`` is a Polars DataFrame (or an Arrow table, a pandas frame, anything
        ``polars.DataFrame`` accepts) with one column per input data, named after it;
        structured inputs are struct columns. The result is a Polars DataFrame with one
        column per requested decision (default: all), rows in the order of ``frame``,
        each value equal to ``evaluate(decision, row).value``. With ``messages`` set, a
        list-of-strings column of that name holds each row's messages. ``columnar=False``
        evaluates every row with the per-case engine (the reference).
        """
        from opgave.dmn.vector import evaluate_frame

        return evaluate_frame(self, frame, decisions, messages=messages, columnar=columnar)

    def evaluate_service(
        self,
        service: str,
        inputs: Mapping[str, Any] | None = None,
        *,
        explain: bool = False,
        imported_inputs: Mapping[str, Mapping[str, Any]] | None = None,
        convert: bool = True,
    ) -> Result:
        """Evaluate a decision service directly; the value is a context of its output decisions."""
        node = self._find(self._main.services, service, "decision service")
        state = self._state(inputs, imported_inputs, explain, convert)
        given = state.inputs[self.namespace]
        return self._run(state, node.run, state, given)

    def invoke(
        self,
        name: str,
        arguments: Mapping[str, Any] | None = None,
        *,
        explain: bool = False,
        convert: bool = True,
    ) -> Result:
        """Invoke a BKM or decision service as a function, binding ``arguments`` by parameter name."""
        table = {**self._main.bkms, **self._main.services}
        node = self._find(table, name, "business knowledge model or decision service")
        args = dict(arguments or {})
        if convert:
            types = dict(node.parameter_types())
            args = {k: types.get(k, ANY).from_json(v) for k, v in args.items()}
        state = self._state({}, None, explain, False)
        function = node.function
        return self._run(state, lambda: function(*[args.get(p) for p in function.params]))


def _is_path(source: str | bytes | Path) -> bool:
    if isinstance(source, Path):
        return True
    if isinstance(source, bytes):
        return False
    return "<" not in source and len(source) < 4096


def load_model(source: str | bytes | Path, *, related: Iterable[str | Path] | None = None) -> Model:
    """Load a model from a file path or from XML text (``str`` or ``bytes``).

    When loading from a file that imports other models, the other ``.dmn`` files of
    the same folder are loaded too (imports are matched by namespace); ``related``
    adds further files.
    """
    if _is_path(source):
        assert not isinstance(source, bytes)
        main = read_definitions_file(source)
        others = [read_definitions_file(p) for p in related or ()]
        if main.imports:
            folder = Path(source).resolve().parent
            known = {Path(source).resolve()} | {Path(p).resolve() for p in related or ()}
            for candidate in sorted(folder.glob("*.dmn")):
                if candidate.resolve() not in known:
                    try:
                        others.append(read_definitions_file(candidate))
                    except DmnModelError:
                        continue
    else:
        main = read_definitions(source if isinstance(source, bytes) else str(source))
        others = [read_definitions_file(p) for p in related or ()]
    return _assemble(main, others)


def load_models(paths: Iterable[str | Path], *, main: str | Path | None = None) -> Model:
    """Load several models that import each other; ``main`` (default: the first) is the one to evaluate."""
    files = [Path(p) for p in paths]
    if not files:
        raise DmnError("no model files given")
    main_path = Path(main) if main is not None else files[0]
    definitions = [read_definitions_file(p) for p in files]
    main_definitions = next(
        (d for d, p in zip(definitions, files, strict=True) if p.resolve() == main_path.resolve()), None
    )
    if main_definitions is None:
        main_definitions = read_definitions_file(main_path)
    return _assemble(main_definitions, [d for d in definitions if d is not main_definitions])


def _assemble(main: Definitions, others: list[Definitions]) -> Model:
    needed = _imported(main, others)
    models = ModelSet([main, *needed])
    return Model(models, models.models[main.namespace])


def _imported(main: Definitions, others: list[Definitions]) -> list[Definitions]:
    by_namespace = {d.namespace: d for d in others if d.namespace != main.namespace}
    found: dict[str, Definitions] = {}
    pending = [i.namespace for i in main.imports]
    while pending:
        namespace = pending.pop()
        if namespace in found or namespace not in by_namespace:
            continue
        found[namespace] = by_namespace[namespace]
        pending.extend(i.namespace for i in by_namespace[namespace].imports)
    return list(found.values())
