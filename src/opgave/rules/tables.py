"""Decision tables as plain data: the text alternative of the model viewer, and the keyboard-usable
cell editor (change cells by position and write the model back, keeping its namespace prefixes)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any

from opgave.dmn.model.elements import DecisionTable, LiteralExpression
from opgave.dmn.model.reader import read_definitions


def describe(model_xml: str) -> list[dict[str, Any]]:
    """Per decision: its kind, and for a table the columns, hit policy and rules with annotations."""
    out: list[dict[str, Any]] = []
    index = 0
    for decision in read_definitions(model_xml).decisions:
        item: dict[str, Any] = {"decision": decision.name, "kind": "anders"}
        expression = decision.expression
        if isinstance(expression, DecisionTable):
            inputs = [i.label or i.expression.text for i in expression.inputs]
            outputs = [o.label or o.name or "uitkomst" for o in expression.outputs]
            item.update(
                kind="beslistabel",
                index=index,
                hit_policy=expression.hit_policy,
                inputs=inputs,
                outputs=outputs,
                columns=[*inputs, *outputs],
                rules=[
                    {
                        "cells": [*r.input_entries, *r.output_entries],
                        "annotations": " ".join(a for a in r.annotations if a),
                    }
                    for r in expression.rules
                ],
            )
            index += 1
        elif isinstance(expression, LiteralExpression):
            item.update(kind="expressie", text=expression.text)
        out.append(item)
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def set_cells(model_xml: str, cells: dict[tuple[int, int, int], str]) -> str:
    """The model with cell ``(table, rule, column)`` set to text (columns: inputs, then outputs)."""
    for _event, (prefix, uri) in ET.iterparse(io.StringIO(model_xml), events=("start-ns",)):  # noqa: S314
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(model_xml)  # noqa: S314 - only stored, already checked models come here
    tables = [el for el in root.iter() if _local(el.tag) == "decisionTable"]
    for (t, r, c), text in cells.items():
        rules = [el for el in tables[t] if _local(el.tag) == "rule"]
        entries = [el for el in rules[r] if _local(el.tag) in {"inputEntry", "outputEntry"}]
        target = next(el for el in entries[c] if _local(el.tag) == "text")
        target.text = text
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# dmn-js (17) reads DMN 1.1-1.3; the engine reads up to 1.5. Models of 1.4/1.5 that use nothing
# newer open in dmn-js when their namespaces are those of 1.3 (saving then writes DMN 1.3).
_DMN_JS_NAMESPACES = {
    "https://www.omg.org/spec/DMN/20230324/MODEL/": "https://www.omg.org/spec/DMN/20191111/MODEL/",
    "https://www.omg.org/spec/DMN/20211108/MODEL/": "https://www.omg.org/spec/DMN/20191111/MODEL/",
    "https://www.omg.org/spec/DMN/20230324/DMNDI/": "https://www.omg.org/spec/DMN/20191111/DMNDI/",
    "https://www.omg.org/spec/DMN/20211108/DMNDI/": "https://www.omg.org/spec/DMN/20191111/DMNDI/",
}


def for_dmn_js(model_xml: str) -> str:
    """The model with DMN 1.4/1.5 namespaces replaced by those of DMN 1.3, for the dmn-js viewer."""
    for newer, older in _DMN_JS_NAMESPACES.items():
        model_xml = model_xml.replace(f'"{newer}"', f'"{older}"')
    return model_xml
