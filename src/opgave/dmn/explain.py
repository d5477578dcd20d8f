"""The explanation trace: which decisions, BKMs and decision services ran, with what.

The trace is plain JSON data (``json.dumps`` works on it): numbers in it are JSON
numbers, dates and durations ISO 8601 text. The exact value of the result is
``Result.value``.

An evaluation with ``explain=True`` records a tree of :class:`TraceNode` objects:
for each decision its inputs (the values it could see) and its output; for each
decision table the rules that matched (index, id, annotations, outputs); for each
BKM or decision service invocation its arguments and result. :meth:`TraceNode.to_json`
gives plain JSON data; :func:`render` gives an indented text a person can read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opgave.dmn.jsonvalues import LooseJson, show


@dataclass(slots=True)
class MatchedRule:
    """A decision-table rule that matched."""

    index: int
    id: str | None
    annotations: dict[str, str]
    outputs: Any

    def to_json(self, convert: LooseJson | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.index,
            "id": self.id,
            "output": (convert or LooseJson()).value(self.outputs),
        }
        if self.annotations:
            data["annotations"] = dict(self.annotations)
        return data


@dataclass(slots=True)
class TraceNode:
    """One evaluated element: a decision, a decision table, a BKM or a decision service."""

    kind: str
    name: str
    id: str | None
    inputs: dict[str, Any] = field(default_factory=dict)
    output: Any = None
    hit_policy: str | None = None
    matched: list[MatchedRule] = field(default_factory=list)
    children: list[TraceNode] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def to_json(self, convert: LooseJson | None = None) -> dict[str, Any]:
        """Plain JSON data; ``convert`` is shared by the nodes of one trace."""
        if convert is None:
            convert = LooseJson()
        data: dict[str, Any] = {"kind": self.kind, "name": self.name}
        if self.id:
            data["id"] = self.id
        if self.inputs:
            data["inputs"] = convert.entries(self.inputs)
        data["output"] = convert.value(self.output)
        if self.hit_policy:
            data["hitPolicy"] = self.hit_policy
            data["matchedRules"] = [rule.to_json(convert) for rule in self.matched]
        if self.messages:
            data["messages"] = list(self.messages)
        if self.children:
            data["children"] = [child.to_json(convert) for child in self.children]
        return data


class Tracer:
    """Builds the trace tree while an evaluation runs (one tracer per evaluation)."""

    def __init__(self) -> None:
        self.roots: list[TraceNode] = []
        self._stack: list[TraceNode] = []

    def begin(
        self, kind: str, name: str, element_id: str | None, inputs: dict[str, Any] | None = None
    ) -> TraceNode:
        node = TraceNode(kind, name, element_id, dict(inputs or {}))
        (self._stack[-1].children if self._stack else self.roots).append(node)
        self._stack.append(node)
        return node

    def end(self, node: TraceNode, output: Any, messages: list[str] | None = None) -> None:
        node.output = output
        if messages:
            node.messages.extend(messages)
        while self._stack:
            if self._stack.pop() is node:
                break

    def to_json(self) -> list[dict[str, Any]]:
        convert = LooseJson()
        return [node.to_json(convert) for node in self.roots]


def render(trace: list[dict[str, Any]]) -> str:
    """A readable, indented text of a JSON trace."""
    lines: list[str] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        pad = "  " * depth
        lines.append(f"{pad}{node['kind']} '{node['name']}' -> {show(node.get('output'))}")
        for key, value in node.get("inputs", {}).items():
            if not isinstance(value, str) or not value.startswith("function "):
                lines.append(f"{pad}    given {key} = {show(value)}")
        if "hitPolicy" in node:
            rules = node.get("matchedRules", [])
            matched = ", ".join(str(r["rule"]) for r in rules) or "none"
            lines.append(f"{pad}    hit policy {node['hitPolicy']}, matched rules: {matched}")
            for rule in rules:
                for column, text in rule.get("annotations", {}).items():
                    lines.append(f"{pad}      rule {rule['rule']} {column}: {text}")
        for message in node.get("messages", []):
            lines.append(f"{pad}    ! {message}")
        for child in node.get("children", []):
            walk(child, depth + 1)

    for root in trace:
        walk(root, 0)
    return "\n".join(lines)
