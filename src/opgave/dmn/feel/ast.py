"""The FEEL syntax tree the parser builds and the compiler turns into closures.

Every node records ``start``/``end`` offsets into the source so that runtime
messages can point at the part of the expression that failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Node:
    start: int
    end: int


@dataclass(slots=True)
class Literal(Node):
    value: object  # None, bool, Decimal or str


@dataclass(slots=True)
class TemporalLiteral(Node):
    text: str  # the contents of @"..."


@dataclass(slots=True)
class Name(Node):
    name: str


@dataclass(slots=True)
class ListNode(Node):
    items: list[Node]


@dataclass(slots=True)
class ContextNode(Node):
    entries: list[tuple[str, Node]]


@dataclass(slots=True)
class RangeNode(Node):
    low: Node | None
    high: Node | None
    low_included: bool
    high_included: bool


@dataclass(slots=True)
class Unary(Node):
    op: str  # "-"
    operand: Node


@dataclass(slots=True)
class Binary(Node):
    op: str  # arithmetic or comparison operator, "and", "or"
    left: Node
    right: Node


@dataclass(slots=True)
class Between(Node):
    value: Node
    low: Node
    high: Node


@dataclass(slots=True)
class InstanceOf(Node):
    value: Node
    type_text: str


@dataclass(slots=True)
class UnaryTest(Node):
    """One positive unary test: ``< e``, ``[a..b]``, ``e`` (compared with the input ``?``)."""

    op: str | None  # "<", "<=", ">", ">=", "=", "!=" or None for a plain expression
    operand: Node


@dataclass(slots=True)
class In(Node):
    value: Node
    tests: list[UnaryTest]


@dataclass(slots=True)
class If(Node):
    condition: Node
    then: Node
    otherwise: Node


@dataclass(slots=True)
class Iteration:
    """``name in source`` or ``name in low..high`` inside for/some/every."""

    name: str
    source: Node
    upper: Node | None = None


@dataclass(slots=True)
class For(Node):
    iterations: list[Iteration]
    body: Node


@dataclass(slots=True)
class Quantified(Node):
    every: bool
    iterations: list[Iteration]
    condition: Node


@dataclass(slots=True)
class Filter(Node):
    target: Node
    condition: Node


@dataclass(slots=True)
class Path(Node):
    target: Node
    name: str


@dataclass(slots=True)
class Call(Node):
    callee: Node
    args: list[Node]
    named: list[tuple[str, Node]] | None = None


@dataclass(slots=True)
class FunctionDef(Node):
    params: list[tuple[str, str | None]]  # (name, type text or None)
    body: Node | None
    external: bool = False
    return_type: str | None = None


@dataclass(slots=True)
class UnaryTests(Node):
    """A list of unary tests; ``negated`` for ``not(...)``; ``any`` for ``-``."""

    tests: list[UnaryTest] = field(default_factory=list)
    negated: bool = False
    any: bool = False
