"""Read TCK test files (``testCases.xsd``) into plain objects with FEEL values."""

from __future__ import annotations

import decimal
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opgave.dmn.errors import DmnModelError
from opgave.dmn.feel import temporal
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.model.reader import parse_xml
from opgave.dmn.model.xmlnames import local_name

XSI = "{http://www.w3.org/2001/XMLSchema-instance}"

_NUMBER_TYPES = {
    "decimal",
    "double",
    "float",
    "int",
    "integer",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
}


@dataclass(frozen=True)
class InputNode:
    name: str
    namespace: str | None
    value: Any


@dataclass(frozen=True)
class ResultNode:
    name: str
    namespace: str | None
    expected: Any
    error_result: bool
    type: str | None


@dataclass(frozen=True)
class TestCase:
    id: str
    type: str
    invocable_name: str | None
    inputs: tuple[InputNode, ...]
    results: tuple[ResultNode, ...]
    description: str | None = None


@dataclass(frozen=True)
class TestFile:
    path: Path
    model_name: str | None
    cases: tuple[TestCase, ...] = field(default=())


def _children(element: ET.Element, kind: str) -> list[ET.Element]:
    return [c for c in element if local_name(c.tag)[1] == kind]


def _child(element: ET.Element, kind: str) -> ET.Element | None:
    found = _children(element, kind)
    return found[0] if found else None


def _is_nil(element: ET.Element) -> bool:
    return (element.get(f"{XSI}nil") or "").strip() == "true"


@dataclass(frozen=True)
class Unreadable:
    """A test value this engine cannot represent (e.g. a date before year 1); it never matches."""

    text: str
    type: str
    reason: str

    def __str__(self) -> str:
        return f"unreadable {self.type} {self.text!r} ({self.reason})"


def _simple(element: ET.Element) -> Any:
    try:
        return _read_simple(element)
    except (FeelError, ArithmeticError, ValueError) as exc:
        type_name = (element.get(f"{XSI}type") or "").rpartition(":")[2]
        return Unreadable(element.text or "", type_name, str(exc))


def _read_simple(element: ET.Element) -> Any:
    if _is_nil(element):
        return None
    text = element.text or ""
    type_name = (element.get(f"{XSI}type") or "").rpartition(":")[2]
    if type_name in _NUMBER_TYPES:
        stripped = text.strip()
        if stripped in ("INF", "-INF", "NaN"):
            return decimal.Decimal(stripped.replace("INF", "Infinity"))
        return decimal.Decimal(stripped)
    if type_name == "boolean":
        return text.strip() == "true"
    if type_name == "date":
        return temporal.parse_date(text.strip())
    if type_name == "dateTime":
        return temporal.parse_date_and_time(text.strip())
    if type_name == "time":
        return temporal.parse_time(text.strip())
    if type_name in ("duration", "dayTimeDuration", "yearMonthDuration"):
        return temporal.parse_duration(text.strip())
    return text


def read_value(element: ET.Element) -> Any:
    """The FEEL value of a ``valueType`` element (``value``, ``component``s or ``list``)."""
    if _is_nil(element):
        return None
    value = _child(element, "value")
    if value is not None:
        return _simple(value)
    components = _children(element, "component")
    if components:
        return {c.get("name") or "": read_value(c) for c in components}
    listed = _child(element, "list")
    if listed is not None:
        if _is_nil(listed):
            return None
        return [read_value(item) for item in _children(listed, "item")]
    return None


def read_test_file(path: Path) -> TestFile:
    try:
        root = parse_xml(path.read_bytes(), str(path))
    except OSError as exc:
        raise DmnModelError(f"cannot read {path}: {exc.strerror}") from None
    if local_name(root.tag)[1] != "testCases":
        raise DmnModelError(f"{path}: not a TCK test file")
    model = _child(root, "modelName")
    cases: list[TestCase] = []
    for number, case in enumerate(_children(root, "testCase"), start=1):
        inputs = tuple(
            InputNode(node.get("name") or "", node.get("namespace"), read_value(node))
            for node in _children(case, "inputNode")
        )
        results: list[ResultNode] = []
        for node in _children(case, "resultNode"):
            expected = _child(node, "expected")
            results.append(
                ResultNode(
                    name=node.get("name") or "",
                    namespace=node.get("namespace"),
                    expected=read_value(expected) if expected is not None else None,
                    error_result=(node.get("errorResult") or "false").strip() == "true",
                    type=node.get("type"),
                )
            )
        description = _child(case, "description")
        cases.append(
            TestCase(
                id=case.get("id") or str(number),
                type=case.get("type") or "decision",
                invocable_name=case.get("invocableName"),
                inputs=inputs,
                results=tuple(results),
                description=(description.text or "").strip() if description is not None else None,
            )
        )
    return TestFile(path, (model.text or "").strip() if model is not None else None, tuple(cases))
