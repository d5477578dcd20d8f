"""Read boxed expressions (literal, context, list, relation, invocation, function
definition, decision table, conditional, for/some/every, filter) from DMN XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from opgave.dmn.errors import DmnModelError, describe
from opgave.dmn.model.elements import (
    Binding,
    Conditional,
    Context,
    ContextEntry,
    DecisionTable,
    DecisionTableInput,
    DecisionTableOutput,
    Expression,
    Filter,
    FunctionDefinition,
    InformationItem,
    Invocation,
    Iterator,
    ListExpression,
    LiteralExpression,
    Relation,
    Rule,
)
from opgave.dmn.model.xmlnames import DMN_NAMESPACES, local_name, strip_type_prefix

_HIT_POLICIES = {
    "UNIQUE": "U",
    "ANY": "A",
    "PRIORITY": "P",
    "FIRST": "F",
    "RULE ORDER": "R",
    "OUTPUT ORDER": "O",
    "COLLECT": "C",
}
_AGGREGATIONS = {"SUM", "COUNT", "MIN", "MAX"}


def _kind(element: ET.Element) -> str:
    return local_name(element.tag)[1]


def _dmn_children(element: ET.Element) -> list[ET.Element]:
    return [c for c in element if local_name(c.tag)[0] in DMN_NAMESPACES]


def _child(element: ET.Element, kind: str) -> ET.Element | None:
    for c in element:
        if _kind(c) == kind:
            return c
    return None


def text_of(element: ET.Element) -> str:
    """The FEEL text of an element: its ``<text>`` child, or its own text (DMN 1.1 style)."""
    text_element = _child(element, "text")
    if text_element is not None:
        return text_element.text or ""
    return element.text.strip() if element.text else ""


def read_information_item(element: ET.Element) -> InformationItem:
    return InformationItem(
        name=element.get("name") or "",
        type_ref=strip_type_prefix(element.get("typeRef")),
        id=element.get("id"),
    )


def _where(element: ET.Element, owner: str) -> str:
    label = element.get("label") or element.get("name")
    element_id = element.get("id")
    if element_id or label:
        return f"{owner}, {describe(_kind(element), label, element_id)}"
    return owner


def read_expression(element: ET.Element, owner: str, *, as_kind: str | None = None) -> Expression:
    """Read the boxed expression ``element``; ``owner`` names the DRG element for errors."""
    kind = as_kind or _kind(element)
    element_id = element.get("id")
    type_ref = strip_type_prefix(element.get("typeRef"))
    reader = _READERS.get(kind)
    if reader is None:
        raise DmnModelError(f"unsupported expression element <{kind}>", element=_where(element, owner))
    return reader(element, owner, element_id, type_ref)


def _only_expression(element: ET.Element, owner: str, *, required: bool = True) -> Expression | None:
    for child in _dmn_children(element):
        if _kind(child) in _READERS:
            return read_expression(child, owner)
        if _kind(child) not in (
            "description",
            "extensionElements",
            "variable",
            "parameter",
            "formalParameter",
        ):
            raise DmnModelError(
                f"unsupported expression element <{_kind(child)}>", element=_where(child, owner)
            )
    if required:
        raise DmnModelError(f"<{_kind(element)}> has no expression", element=_where(element, owner))
    return None


def _literal(element: ET.Element, owner: str, element_id: str | None, type_ref: str | None) -> Expression:
    language = element.get("expressionLanguage")
    if language and "feel" not in language.lower():
        raise DmnModelError(
            f"expression language '{language}' is not supported (only FEEL)", element=_where(element, owner)
        )
    return LiteralExpression(element_id, type_ref, text_of(element))


def _context(element: ET.Element, owner: str, element_id: str | None, type_ref: str | None) -> Expression:
    entries: list[ContextEntry] = []
    for entry in _dmn_children(element):
        if _kind(entry) != "contextEntry":
            continue
        variable_element = _child(entry, "variable")
        variable = read_information_item(variable_element) if variable_element is not None else None
        entries.append(ContextEntry(variable, _only_expression(entry, owner, required=False)))
    return Context(element_id, type_ref, tuple(entries))


def _list(element: ET.Element, owner: str, element_id: str | None, type_ref: str | None) -> Expression:
    items = tuple(read_expression(c, owner) for c in _dmn_children(element) if _kind(c) in _READERS)
    return ListExpression(element_id, type_ref, items)


def _relation(element: ET.Element, owner: str, element_id: str | None, type_ref: str | None) -> Expression:
    columns = tuple(read_information_item(c) for c in _dmn_children(element) if _kind(c) == "column")
    rows: list[tuple[Expression, ...]] = []
    for row in _dmn_children(element):
        if _kind(row) == "row":
            cells = tuple(read_expression(c, owner) for c in _dmn_children(row) if _kind(c) in _READERS)
            if len(cells) != len(columns):
                raise DmnModelError(
                    f"relation row has {len(cells)} cells for {len(columns)} columns",
                    element=_where(row, owner),
                )
            rows.append(cells)
    return Relation(element_id, type_ref, columns, tuple(rows))


def _invocation(element: ET.Element, owner: str, element_id: str | None, type_ref: str | None) -> Expression:
    callee: Expression | None = None
    bindings: list[Binding] = []
    for child in _dmn_children(element):
        kind = _kind(child)
        if kind == "binding":
            parameter_element = _child(child, "parameter")
            if parameter_element is None:
                raise DmnModelError("binding without parameter", element=_where(child, owner))
            bindings.append(
                Binding(
                    read_information_item(parameter_element), _only_expression(child, owner, required=False)
                )
            )
        elif kind in _READERS and callee is None:
            callee = read_expression(child, owner)
    if callee is None:
        raise DmnModelError("invocation without the function to invoke", element=_where(element, owner))
    return Invocation(element_id, type_ref, callee, tuple(bindings))


def _function(element: ET.Element, owner: str, element_id: str | None, type_ref: str | None) -> Expression:
    kind = (element.get("kind") or "FEEL").strip()
    parameters = tuple(
        read_information_item(p) for p in _dmn_children(element) if _kind(p) == "formalParameter"
    )
    body = _only_expression(element, owner, required=False)
    return FunctionDefinition(element_id, type_ref, kind, parameters, body)


def _decision_table(
    element: ET.Element, owner: str, element_id: str | None, type_ref: str | None
) -> Expression:
    where = _where(element, owner)
    policy_text = (element.get("hitPolicy") or "UNIQUE").strip()
    hit_policy = _HIT_POLICIES.get(policy_text)
    if hit_policy is None:
        raise DmnModelError(f"unknown hit policy '{policy_text}'", element=where)
    aggregation = element.get("aggregation")
    if aggregation is not None:
        aggregation = aggregation.strip()
        if aggregation not in _AGGREGATIONS:
            raise DmnModelError(f"unknown aggregation '{aggregation}'", element=where)
    inputs: list[DecisionTableInput] = []
    outputs: list[DecisionTableOutput] = []
    annotations: list[str] = []
    rules: list[Rule] = []
    for child in _dmn_children(element):
        kind = _kind(child)
        if kind == "input":
            expression_element = _child(child, "inputExpression")
            if expression_element is None:
                raise DmnModelError("input clause without inputExpression", element=_where(child, owner))
            values = _child(child, "inputValues")
            inputs.append(
                DecisionTableInput(
                    id=child.get("id"),
                    label=child.get("label"),
                    expression=LiteralExpression(
                        expression_element.get("id"),
                        strip_type_prefix(expression_element.get("typeRef")),
                        text_of(expression_element),
                    ),
                    input_values=text_of(values) if values is not None else None,
                )
            )
        elif kind == "output":
            values = _child(child, "outputValues")
            default = _child(child, "defaultOutputEntry")
            outputs.append(
                DecisionTableOutput(
                    id=child.get("id"),
                    name=child.get("name"),
                    label=child.get("label"),
                    type_ref=strip_type_prefix(child.get("typeRef")),
                    output_values=text_of(values) if values is not None else None,
                    default_output=text_of(default) if default is not None else None,
                )
            )
        elif kind == "annotation":
            annotations.append(child.get("name") or "")
        elif kind == "rule":
            rules.append(_rule(child, owner))
    for index, rule in enumerate(rules, start=1):
        if len(rule.input_entries) != len(inputs) or len(rule.output_entries) != len(outputs):
            raise DmnModelError(
                f"rule {index} has {len(rule.input_entries)} input and {len(rule.output_entries)} output entries; "
                f"the table has {len(inputs)} inputs and {len(outputs)} outputs",
                element=where,
            )
    if not outputs:
        raise DmnModelError("decision table without output clause", element=where)
    return DecisionTable(
        element_id,
        type_ref,
        hit_policy,
        aggregation,
        tuple(inputs),
        tuple(outputs),
        tuple(rules),
        tuple(annotations),
        element.get("outputLabel"),
    )


def _rule(element: ET.Element, owner: str) -> Rule:
    inputs: list[str] = []
    outputs: list[str] = []
    annotations: list[str] = []
    description = None
    for child in _dmn_children(element):
        kind = _kind(child)
        if kind == "inputEntry":
            inputs.append(text_of(child))
        elif kind == "outputEntry":
            outputs.append(text_of(child))
        elif kind == "annotationEntry":
            annotations.append(text_of(child))
        elif kind == "description":
            description = (child.text or "").strip()
    return Rule(element.get("id"), tuple(inputs), tuple(outputs), tuple(annotations), description)


def _part(element: ET.Element, kind: str, owner: str) -> Expression:
    part = _child(element, kind)
    if part is None:
        raise DmnModelError(f"<{_kind(element)}> without <{kind}>", element=_where(element, owner))
    expression = _only_expression(part, owner)
    assert expression is not None
    return expression


def _conditional(element: ET.Element, owner: str, element_id: str | None, type_ref: str | None) -> Expression:
    return Conditional(
        element_id,
        type_ref,
        _part(element, "if", owner),
        _part(element, "then", owner),
        _part(element, "else", owner),
    )


def _iterator(element: ET.Element, owner: str, element_id: str | None, type_ref: str | None) -> Expression:
    kind = _kind(element)
    variable = element.get("iteratorVariable")
    if not variable:
        raise DmnModelError(f"<{kind}> without iteratorVariable", element=_where(element, owner))
    body = _part(element, "return" if kind == "for" else "satisfies", owner)
    return Iterator(element_id, type_ref, kind, variable, _part(element, "in", owner), body)


def _filter(element: ET.Element, owner: str, element_id: str | None, type_ref: str | None) -> Expression:
    return Filter(element_id, type_ref, _part(element, "in", owner), _part(element, "match", owner))


_READERS = {
    "literalExpression": _literal,
    "context": _context,
    "list": _list,
    "relation": _relation,
    "invocation": _invocation,
    "functionDefinition": _function,
    "encapsulatedLogic": _function,
    "decisionTable": _decision_table,
    "conditional": _conditional,
    "for": _iterator,
    "some": _iterator,
    "every": _iterator,
    "filter": _filter,
}
