"""Resolve ``typeRef`` names of one model: its item definitions, imported ones, FEEL types."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from opgave.dmn.errors import DmnModelError, describe
from opgave.dmn.model.elements import ItemDefinition
from opgave.dmn.runtime.feelbridge import feel_unary_tests
from opgave.dmn.runtime.types import (
    ANY,
    BuiltinType,
    CollectionType,
    ConstrainedType,
    Constraint,
    DmnType,
    FeelTypeExpression,
    FunctionItemType,
    LazyType,
    StructureType,
    is_builtin_name,
)

_LIST_TYPE = re.compile(r"^list\s*<(.*)>$", re.DOTALL)

#: XML Schema types without a FEEL type of the same name (DMN 1.1 ``xsd:decimal``, Camunda's
#: ``integer``/``long``/``double``), mapped as in the DMN spec's XML Schema table.
_XSD_TYPES = {
    **dict.fromkeys(
        (
            "decimal", "integer", "int", "long", "short", "byte", "double", "float",
            "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
            "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        ),
        "number",
    ),
    "normalizedString": "string",
    "token": "string",
    "anyURI": "string",
}  # fmt: skip


class TypeResolver:
    """Types known in one model; ``imports`` maps an import name to the imported model's resolver."""

    def __init__(
        self, items: tuple[ItemDefinition, ...], imports: Mapping[str, TypeResolver] | None = None
    ) -> None:
        self._items = {item.name: item for item in items}
        self._imports = dict(imports or {})
        self._cache: dict[str, DmnType] = {}
        self.problems: list[DmnModelError] = []

    def add_import(self, name: str, resolver: TypeResolver) -> None:
        self._imports[name] = resolver

    def materialize(self) -> list[DmnModelError]:
        """Build every item definition now (so evaluation never compiles); return the problems found."""
        problems: list[DmnModelError] = []
        for name in self._items:
            found = self.resolve(name, "")
            if isinstance(found, LazyType):
                _ = found.target
                if found.problem is not None:
                    problems.append(found.problem)
        return problems

    def feel_type(self, name: str) -> Any:
        """The FEEL-core view of the type ``name`` (for ``instance of``), or None when unknown."""
        from opgave.dmn.runtime.feeltypes import as_feel_type

        try:
            return as_feel_type(self.resolve(name, "type lookup"))
        except DmnModelError:
            return None

    def component_names(self) -> set[str]:
        """All item component names (nested), so FEEL can parse paths such as ``Applicant.Monthly Income``."""
        names: set[str] = set()

        def walk(item: ItemDefinition) -> None:
            for component in item.components:
                names.add(component.name)
                walk(component)

        for item in self._items.values():
            walk(item)
        return names

    def resolve(self, type_ref: str | None, where: str) -> DmnType:
        """The type named ``type_ref`` (``Any`` when absent); unknown names raise a model error."""
        if type_ref is None or not type_ref.strip():
            return ANY
        name = type_ref.strip()
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        found = self._lookup(name, where)
        self._cache[name] = found
        return found

    def _lookup(self, name: str, where: str) -> DmnType:
        if name in self._items:
            item = self._items[name]
            return LazyType(name, lambda: self.build(item, describe("Item definition", item.name, item.id)))
        if name == "Any":
            return ANY
        if is_builtin_name(name):
            return BuiltinType(name)
        if name in _XSD_TYPES:
            return BuiltinType(_XSD_TYPES[name])
        prefix, dot, rest = name.partition(".")
        if dot and prefix in self._imports:
            return self._imports[prefix].resolve(rest, where)
        for import_name, resolver in self._imports.items():
            if name.startswith(import_name + "."):
                return resolver.resolve(name[len(import_name) + 1 :], where)
        match = _LIST_TYPE.match(name)
        if match:
            return CollectionType(name, self.resolve(match.group(1), where))
        if "<" in name or name.startswith("function"):
            try:
                return FeelTypeExpression(name, self.feel_type)
            except Exception as exc:  # the FEEL core reports unreadable type expressions
                raise DmnModelError(f"cannot read type '{name}': {exc}", element=where) from None
        raise DmnModelError(f"unknown type '{name}'", element=where)

    def build(self, item: ItemDefinition, where: str) -> DmnType:
        base: DmnType
        if item.function_item is not None:
            base = FunctionItemType(item.name, self.resolve(item.function_item.output_type_ref, where))
        elif item.components:
            structure = StructureType(item.name)
            for component in item.components:
                structure.components[component.name] = self.build(
                    component, f"{where}, component '{component.name}'"
                )
            base = structure
        elif item.type_ref:
            base = self.resolve(item.type_ref, where)
        else:
            base = ANY
        if item.is_collection:
            base = CollectionType(item.name, base)
        if item.allowed_values is None and item.type_constraint is None:
            return base
        return ConstrainedType(
            item.name,
            base,
            allowed=self._constraint(item.allowed_values, where, "allowed values"),
            constraint=self._constraint(item.type_constraint, where, "type constraint"),
        )

    def _constraint(self, text: str | None, where: str, what: str) -> Constraint | None:
        if text is None or not text.strip():
            return None
        tests = feel_unary_tests(text, (), where, what, self.feel_type)
        empty: dict[str, Any] = {}

        def check(value: Any, _tests: Any = tests) -> bool | None:
            result: bool | None = _tests.test(value, empty, None)
            return result

        test: Callable[[Any], bool | None] = check
        return Constraint(text, test, pure=tests.pure)
