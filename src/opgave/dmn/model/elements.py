"""The DMN model as plain, immutable Python objects (one class per DMN concept).

These objects are the result of reading DMN XML (:mod:`opgave.dmn.model.reader`);
they hold the model's text (FEEL expressions as strings) and structure but no
behaviour. The runtime compiles them into closures.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Href:
    """A reference to a DRG element: ``#id`` (same model) or ``namespace#id``."""

    namespace: str | None
    id: str

    @classmethod
    def parse(cls, text: str) -> Href:
        namespace, _, element_id = text.strip().rpartition("#")
        return cls(namespace or None, element_id)


@dataclass(frozen=True, slots=True)
class InformationItem:
    """A named, optionally typed variable (a decision's variable, a parameter, a context entry name)."""

    name: str
    type_ref: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class FunctionItem:
    """The signature of a function-typed item definition."""

    output_type_ref: str | None
    parameters: tuple[InformationItem, ...]


@dataclass(frozen=True, slots=True)
class ItemDefinition:
    """A data type: a reference to another type, a structure of components, or a function signature."""

    name: str
    id: str | None = None
    type_ref: str | None = None
    is_collection: bool = False
    allowed_values: str | None = None
    type_constraint: str | None = None
    components: tuple[ItemDefinition, ...] = ()
    function_item: FunctionItem | None = None


# ---------------------------------------------------------------- boxed expressions


@dataclass(frozen=True, slots=True)
class Expression:
    """Base class of every boxed expression."""

    id: str | None
    type_ref: str | None


@dataclass(frozen=True, slots=True)
class LiteralExpression(Expression):
    text: str


@dataclass(frozen=True, slots=True)
class ContextEntry:
    variable: InformationItem | None
    value: Expression | None


@dataclass(frozen=True, slots=True)
class Context(Expression):
    entries: tuple[ContextEntry, ...]


@dataclass(frozen=True, slots=True)
class ListExpression(Expression):
    items: tuple[Expression, ...]


@dataclass(frozen=True, slots=True)
class Relation(Expression):
    columns: tuple[InformationItem, ...]
    rows: tuple[tuple[Expression, ...], ...]


@dataclass(frozen=True, slots=True)
class Binding:
    parameter: InformationItem
    value: Expression | None


@dataclass(frozen=True, slots=True)
class Invocation(Expression):
    callee: Expression
    bindings: tuple[Binding, ...]


@dataclass(frozen=True, slots=True)
class FunctionDefinition(Expression):
    kind: str
    parameters: tuple[InformationItem, ...]
    body: Expression | None


@dataclass(frozen=True, slots=True)
class DecisionTableInput:
    id: str | None
    label: str | None
    expression: LiteralExpression
    input_values: str | None


@dataclass(frozen=True, slots=True)
class DecisionTableOutput:
    id: str | None
    name: str | None
    label: str | None
    type_ref: str | None
    output_values: str | None
    default_output: str | None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str | None
    input_entries: tuple[str, ...]
    output_entries: tuple[str, ...]
    annotations: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class DecisionTable(Expression):
    hit_policy: str
    aggregation: str | None
    inputs: tuple[DecisionTableInput, ...]
    outputs: tuple[DecisionTableOutput, ...]
    rules: tuple[Rule, ...]
    annotations: tuple[str, ...] = ()
    output_label: str | None = None


@dataclass(frozen=True, slots=True)
class Conditional(Expression):
    condition: Expression
    then: Expression
    otherwise: Expression


@dataclass(frozen=True, slots=True)
class Iterator(Expression):
    """The boxed ``for``, ``some`` and ``every`` expressions (``kind`` says which)."""

    kind: str
    variable: str
    source: Expression
    body: Expression


@dataclass(frozen=True, slots=True)
class Filter(Expression):
    source: Expression
    match: Expression


# ---------------------------------------------------------------- DRG elements


@dataclass(frozen=True, slots=True)
class InputData:
    id: str | None
    name: str
    variable: InformationItem


@dataclass(frozen=True, slots=True)
class Decision:
    id: str | None
    name: str
    variable: InformationItem
    required_decisions: tuple[Href, ...]
    required_inputs: tuple[Href, ...]
    required_knowledge: tuple[Href, ...]
    expression: Expression | None


@dataclass(frozen=True, slots=True)
class BusinessKnowledgeModel:
    id: str | None
    name: str
    variable: InformationItem
    required_knowledge: tuple[Href, ...]
    logic: FunctionDefinition | None


@dataclass(frozen=True, slots=True)
class DecisionService:
    id: str | None
    name: str
    variable: InformationItem
    output_decisions: tuple[Href, ...]
    encapsulated_decisions: tuple[Href, ...]
    input_decisions: tuple[Href, ...]
    input_data: tuple[Href, ...]


@dataclass(frozen=True, slots=True)
class Import:
    namespace: str
    name: str
    import_type: str
    location_uri: str | None = None


@dataclass(frozen=True, slots=True)
class Definitions:
    """One DMN file: its namespace, data types, DRG elements and imports."""

    namespace: str
    name: str
    id: str | None = None
    dmn_version: str = "1.5"
    item_definitions: tuple[ItemDefinition, ...] = ()
    input_data: tuple[InputData, ...] = ()
    decisions: tuple[Decision, ...] = ()
    bkms: tuple[BusinessKnowledgeModel, ...] = ()
    services: tuple[DecisionService, ...] = ()
    imports: tuple[Import, ...] = ()
    source: str | None = field(default=None, compare=False)
    #: Made for Camunda 7 (the Camunda namespace or exporter): a required decision's single
    #: table output is also visible under its output name (the compatibility mode in docs/dmn.md).
    camunda: bool = False
