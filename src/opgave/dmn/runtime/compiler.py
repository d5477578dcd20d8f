"""Compile a set of DMN models (a main model and the models it imports) into nodes."""

from __future__ import annotations

from typing import Any, TypeVar

from opgave.dmn.errors import DmnModelError, describe
from opgave.dmn.feel.extensions import feel_dialect
from opgave.dmn.model.elements import DecisionTable, Definitions, Href, LiteralExpression
from opgave.dmn.runtime.boxed import ExpressionCompiler
from opgave.dmn.runtime.nodes import BkmNode, DecisionNode, InputNode, Requirement, ServiceNode
from opgave.dmn.runtime.state import EvalState
from opgave.dmn.runtime.typeresolver import TypeResolver
from opgave.dmn.runtime.types import ANY, DmnType, LazyType

Node = InputNode | DecisionNode | BkmNode | ServiceNode
_N = TypeVar("_N", InputNode, DecisionNode)


class CompiledModel:
    """One DMN model with its compiled DRG elements."""

    def __init__(self, definitions: Definitions) -> None:
        self.definitions = definitions
        self.namespace = definitions.namespace
        self.name = definitions.name
        self.types = TypeResolver(definitions.item_definitions)
        self.imports: dict[str, CompiledModel] = {}
        self.nodes: dict[str, Node] = {}
        self.inputs: dict[str, InputNode] = {}
        self.decisions: dict[str, DecisionNode] = {}
        self.bkms: dict[str, BkmNode] = {}
        self.services: dict[str, ServiceNode] = {}
        self.problems: list[DmnModelError] = []

    def type_of(self, type_ref: str | None, where: str) -> DmnType:
        try:
            return self.types.resolve(type_ref, where)
        except DmnModelError as exc:
            self.problems.append(exc)
            return ANY

    def import_name(self, namespace: str) -> str | None:
        for name, model in self.imports.items():
            if model.namespace == namespace:
                return name
        return None


def _key(element_id: str | None, name: str) -> str:
    return element_id or name


class ModelSet:
    """All models loaded together; imports are resolved by namespace among them."""

    def __init__(self, definitions: list[Definitions]) -> None:
        self.models: dict[str, CompiledModel] = {}
        for item in definitions:
            self.models.setdefault(item.namespace, CompiledModel(item))
        for model in self.models.values():
            self._link_imports(model)
        for model in self.models.values():
            self._create_nodes(model)
        names: set[str] = set()
        for model in self.models.values():
            names |= model.types.component_names()
            names |= {node.name for node in model.nodes.values()}
            names |= set(model.imports)
        self.extra_names = frozenset(n for n in names if n)
        for model in self.models.values():
            model.problems.extend(model.types.materialize())
            self._compile(model)

    # ------------------------------------------------------------ structure

    def _link_imports(self, model: CompiledModel) -> None:
        for item in model.definitions.imports:
            target = self.models.get(item.namespace)
            if target is None:
                if "dmn" in item.import_type.lower() or not item.import_type:
                    model.problems.append(
                        DmnModelError(
                            f"imported model with namespace '{item.namespace}' was not found among the loaded models",
                            element=describe("Import", item.name, None),
                        )
                    )
                continue
            model.imports[item.name] = target
            model.types.add_import(item.name, target.types)

    def _create_nodes(self, model: CompiledModel) -> None:
        ns = model.namespace
        self._check_unique_names(model)
        for data in model.definitions.input_data:
            where = describe("Input data", data.name, data.id)
            node = InputNode(
                ns, _key(data.id, data.name), data.name, model.type_of(data.variable.type_ref, where), where
            )
            model.inputs[node.key[1]] = node
            model.nodes[node.key[1]] = node
        for decision in model.definitions.decisions:
            where = describe("Decision", decision.name, decision.id)
            key = _key(decision.id, decision.name)
            dnode = DecisionNode(
                ns, key, decision.name, model.type_of(decision.variable.type_ref, where), where
            )
            model.decisions[key] = dnode
            model.nodes[key] = dnode
        for bkm in model.definitions.bkms:
            key = _key(bkm.id, bkm.name)
            bnode = BkmNode(key, bkm.name, describe("Business knowledge model", bkm.name, bkm.id))
            model.bkms[key] = bnode
            model.nodes[key] = bnode
        for service in model.definitions.services:
            key = _key(service.id, service.name)
            snode = ServiceNode(key, service.name, describe("Decision service", service.name, service.id))
            model.services[key] = snode
            model.nodes[key] = snode

    @staticmethod
    def _check_unique_names(model: CompiledModel) -> None:
        """DRG elements are referred to by name in FEEL, so two elements with one name are ambiguous."""
        definitions = model.definitions
        seen: dict[str, str] = {}
        elements = [
            *(("Input data", e.name, e.id) for e in definitions.input_data),
            *(("Decision", e.name, e.id) for e in definitions.decisions),
            *(("Business knowledge model", e.name, e.id) for e in definitions.bkms),
            *(("Decision service", e.name, e.id) for e in definitions.services),
        ]
        for kind, name, element_id in elements:
            where = describe(kind, name, element_id)
            if name in seen:
                model.problems.append(DmnModelError(f"has the same name as {seen[name]}", element=where))
            else:
                seen[name] = where

    def _resolve(self, model: CompiledModel, href: Href, where: str) -> tuple[str | None, Node]:
        if href.namespace is None or href.namespace == model.namespace:
            node = model.nodes.get(href.id)
            if node is None:
                raise DmnModelError(f"requires '#{href.id}', which is not in the model", element=where)
            return None, node
        target = self.models.get(href.namespace)
        if target is None:
            raise DmnModelError(f"requires an element of the unknown model '{href.namespace}'", element=where)
        node = target.nodes.get(href.id)
        if node is None:
            raise DmnModelError(
                f"requires '{href.namespace}#{href.id}', which is not in that model", element=where
            )
        prefix = model.import_name(href.namespace)
        if prefix is None:
            raise DmnModelError(
                f"requires an element of '{href.namespace}', which the model does not import", element=where
            )
        return prefix, node

    def _requirements(
        self, model: CompiledModel, hrefs: tuple[Href, ...], where: str, expected: tuple[type, ...]
    ) -> list[Requirement]:
        found: list[Requirement] = []
        for href in hrefs:
            prefix, node = self._resolve(model, href, where)
            if not isinstance(node, expected):
                raise DmnModelError(
                    f"requirement '{href.id}' points at {node.name!r}, which has the wrong kind",
                    element=where,
                )
            found.append((prefix, node.name, _getter(node)))
        return found

    # ------------------------------------------------------------ compilation

    def _compile(self, model: CompiledModel) -> None:
        # Camunda-style models may use the Camunda FEEL extensions (docs/dmn.md); others never see them.
        dialect = "camunda" if model.definitions.camunda else "standard"
        with feel_dialect(dialect):
            self._compile_elements(model)

    def _compile_elements(self, model: CompiledModel) -> None:
        compiler = ExpressionCompiler(
            model.types, self.extra_names, model.problems, check_names=bool(model.definitions.input_data)
        )
        definitions = model.definitions
        for decision in definitions.decisions:
            node = model.decisions[_key(decision.id, decision.name)]
            try:
                requirements = self._requirements(
                    model, decision.required_decisions, node.where, (DecisionNode,)
                )
                requirements += self._requirements(model, decision.required_inputs, node.where, (InputNode,))
                requirements += self._requirements(
                    model, decision.required_knowledge, node.where, (BkmNode, ServiceNode)
                )
                if definitions.camunda:
                    requirements += _camunda_output_names(model, decision.required_decisions, requirements)
                node.requirements = requirements
                node.body = compiler.compile(decision.expression, _visible(requirements), node.where)
                _check_decision_type(compiler, decision.expression, node, _visible(requirements))
            except DmnModelError as exc:
                node.problem = str(exc)
                model.problems.append(exc)
        for bkm in definitions.bkms:
            bnode = model.bkms[_key(bkm.id, bkm.name)]
            try:
                bnode.requirements = self._requirements(
                    model, bkm.required_knowledge, bnode.where, (BkmNode, ServiceNode)
                )
                logic = bkm.logic
                if logic is None:
                    continue
                parameters = [(p.name, model.type_of(p.type_ref, bnode.where)) for p in logic.parameters]
                bnode.set_parameters(parameters)
                if logic.kind.upper() != "FEEL":
                    raise DmnModelError(
                        f"functions of kind {logic.kind} are not supported (only FEEL)", element=bnode.where
                    )
                bnode.result_type = model.type_of(logic.type_ref, bnode.where)
                names = _visible(bnode.requirements) | {p for p, _ in parameters}
                bnode.body = compiler.compile(logic.body, names, bnode.where)
            except DmnModelError as exc:
                bnode.problem = str(exc)
                model.problems.append(exc)
        for service in definitions.services:
            snode = model.services[_key(service.id, service.name)]
            try:
                snode.outputs = [
                    self._node(model, h, snode.where, DecisionNode) for h in service.output_decisions
                ]
                snode.input_decisions = [
                    self._node(model, h, snode.where, DecisionNode) for h in service.input_decisions
                ]
                snode.input_data = [self._node(model, h, snode.where, InputNode) for h in service.input_data]
                declared = model.type_of(service.variable.type_ref, snode.where)
                if isinstance(declared, LazyType):
                    snode.output_type = declared.function_output()
                snode.finish()
            except DmnModelError as exc:
                snode.problem = str(exc)
                model.problems.append(exc)

    def _node(self, model: CompiledModel, href: Href, where: str, kind: type[_N]) -> _N:
        _, node = self._resolve(model, href, where)
        if not isinstance(node, kind):
            raise DmnModelError(
                f"'{href.id}' is not a {kind.__name__.removesuffix('Node').lower()}", element=where
            )
        return node


def _check_decision_type(
    compiler: ExpressionCompiler, expression: Any, node: DecisionNode, names: frozenset[str]
) -> None:
    """Warn where the decision's result can never conform to its variable's typeRef."""
    declared = node.type
    if declared is ANY:
        return
    if isinstance(expression, LiteralExpression):
        compiler.check_conformance(expression.text, declared, names, node.where, "the literal expression")
    elif (
        isinstance(expression, DecisionTable)
        and expression.hit_policy in ("C", "R", "O")
        and not expression.aggregation
        and not declared.is_collection
    ):
        compiler.warn(
            f"the table collects a list of results (hit policy {expression.hit_policy}), but the "
            f"decision is declared as '{declared.name}', which is not a list; a result of more than "
            "one item evaluates to null",
            node.where,
        )


def _camunda_output_names(
    model: CompiledModel, hrefs: tuple[Href, ...], requirements: list[Requirement]
) -> list[Requirement]:
    """Camunda 7 compatibility: a required decision whose table has one named output is also
    visible under that output name (the Dish example reads ``season`` from decision "Season").
    A name that a requirement already uses keeps its standard meaning."""
    taken = _visible(requirements)
    extra: list[Requirement] = []
    elements = {d.id: d for d in model.definitions.decisions}
    for href in hrefs:
        if href.namespace:
            continue
        element = elements.get(href.id)
        expression = element.expression if element is not None else None
        if not isinstance(expression, DecisionTable) or len(expression.outputs) != 1:
            continue
        name = expression.outputs[0].name
        node = model.decisions.get(_key(element.id, element.name)) if element is not None else None
        if name and node is not None and name not in taken:
            extra.append((None, name, node.evaluate))
            taken = taken | {name}
    return extra


def _visible(requirements: list[Requirement]) -> frozenset[str]:
    return frozenset(prefix if prefix is not None else name for prefix, name, _ in requirements)


def _getter(node: Node) -> Any:
    if isinstance(node, DecisionNode):
        return node.evaluate
    if isinstance(node, InputNode):
        return node.value
    function = node

    def get(state: EvalState) -> Any:
        return function.function

    return get
