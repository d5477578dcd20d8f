"""Read DMN 1.1–1.6 XML into :mod:`opgave.dmn.model.elements` objects.

The reader accepts every DMN model namespace, refuses documents with a DTD
(so external entities and entity expansion can never happen), ignores diagram
interchange and vendor extensions, and names the element in every error.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from xml.parsers import expat

from opgave.dmn.errors import DmnModelError, describe
from opgave.dmn.model.boxed_reader import read_expression, read_information_item, text_of
from opgave.dmn.model.elements import (
    BusinessKnowledgeModel,
    Decision,
    DecisionService,
    Definitions,
    FunctionDefinition,
    FunctionItem,
    Href,
    Import,
    InformationItem,
    InputData,
    ItemDefinition,
)
from opgave.dmn.model.xmlnames import (
    DMN_NAMESPACES,
    local_name,
    looks_like_dmn,
    strip_type_prefix,
    supported_versions,
)


class _DtdFound(Exception):
    """Raised from the expat handler when a document declares a DTD."""


def _refuse_dtd(*_: Any) -> None:
    raise _DtdFound


def _declares_dtd(text: str | bytes) -> bool:
    """Whether the document has a DOCTYPE, found by expat itself (so in any encoding, UTF-16 too)."""
    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = _refuse_dtd
    scanner.EntityDeclHandler = _refuse_dtd
    try:
        scanner.Parse(text, True)
    except _DtdFound:
        return True
    except expat.ExpatError:
        return False  # malformed: ElementTree reports where
    return False


def parse_xml(text: str | bytes, source: str | None = None) -> ET.Element:
    """Parse XML safely: no DTD, hence no entities, external or internal."""
    where = f"{source}: " if source else ""
    if _declares_dtd(text):
        raise DmnModelError(f"{where}documents with a DTD or entity declarations are refused")
    try:
        return ET.fromstring(text)  # noqa: S314 - documents with a DTD were refused above
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise DmnModelError(f"{where}malformed XML at line {line}, column {column + 1}: {reason}") from None


def read_definitions(text: str | bytes, source: str | None = None) -> Definitions:
    """Read one DMN document."""
    root = parse_xml(text, source)
    namespace, tag = local_name(root.tag)
    if tag == "definitions" and namespace not in DMN_NAMESPACES and looks_like_dmn(namespace):
        raise DmnModelError(
            f"{source or 'document'}: DMN version with namespace '{namespace}' is not supported "
            f"(supported: {supported_versions()})"
        )
    if tag != "definitions" or namespace not in DMN_NAMESPACES:
        raise DmnModelError(
            f"{source or 'document'}: not a DMN model (root element is '{tag}' in namespace '{namespace}')"
        )
    version = DMN_NAMESPACES[namespace]
    model_namespace = root.get("namespace") or ""
    name = root.get("name") or ""
    items: list[ItemDefinition] = []
    inputs: list[InputData] = []
    decisions: list[Decision] = []
    bkms: list[BusinessKnowledgeModel] = []
    services: list[DecisionService] = []
    imports: list[Import] = []
    for child in root:
        child_ns, kind = local_name(child.tag)
        if child_ns not in DMN_NAMESPACES:
            continue
        if kind == "itemDefinition":
            items.append(read_item_definition(child))
        elif kind == "inputData":
            inputs.append(_read_input_data(child))
        elif kind == "decision":
            decisions.append(_read_decision(child))
        elif kind == "businessKnowledgeModel":
            bkms.append(_read_bkm(child))
        elif kind == "decisionService":
            services.append(_read_service(child))
        elif kind == "import":
            imports.append(
                Import(
                    namespace=child.get("namespace") or "",
                    name=child.get("name") or "",
                    import_type=child.get("importType") or "",
                    location_uri=child.get("locationURI"),
                )
            )
    return Definitions(
        namespace=model_namespace,
        name=name,
        id=root.get("id"),
        dmn_version=version,
        item_definitions=tuple(items),
        input_data=tuple(inputs),
        decisions=tuple(decisions),
        bkms=tuple(bkms),
        services=tuple(services),
        imports=tuple(imports),
        source=source,
        camunda=_is_camunda(root),
    )


_CAMUNDA_NAMESPACE = "http://camunda.org/schema/1.0/dmn"


def _is_camunda(root: ET.Element) -> bool:
    """Made with Camunda Modeler or carrying Camunda 7 attributes (``camunda:historyTimeToLive``...)."""
    if "camunda" in (root.get("exporter") or "").lower():
        return True
    return any(key.startswith("{" + _CAMUNDA_NAMESPACE) for element in root.iter() for key in element.attrib)


def read_definitions_file(path: str | Path) -> Definitions:
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise DmnModelError(f"cannot read {file}: {exc.strerror}") from None
    return read_definitions(data, str(file))


def _children(element: ET.Element, kind: str) -> list[ET.Element]:
    return [c for c in element if local_name(c.tag)[1] == kind]


def _child(element: ET.Element, kind: str) -> ET.Element | None:
    for c in element:
        if local_name(c.tag)[1] == kind:
            return c
    return None


def read_item_definition(element: ET.Element) -> ItemDefinition:
    name = element.get("name") or ""
    type_ref_element = _child(element, "typeRef")
    type_ref = element.get("typeRef")
    if type_ref_element is not None:
        type_ref = (type_ref_element.text or "").strip()
    allowed = _child(element, "allowedValues")
    constraint = _child(element, "typeConstraint")
    function_item = _child(element, "functionItem")
    function: FunctionItem | None = None
    if function_item is not None:
        function = FunctionItem(
            output_type_ref=strip_type_prefix(function_item.get("outputTypeRef")),
            parameters=tuple(read_information_item(p) for p in _children(function_item, "parameters")),
        )
    return ItemDefinition(
        name=name,
        id=element.get("id"),
        type_ref=strip_type_prefix(type_ref),
        is_collection=(element.get("isCollection") or "false").strip() == "true",
        allowed_values=text_of(allowed) if allowed is not None else None,
        type_constraint=text_of(constraint) if constraint is not None else None,
        components=tuple(read_item_definition(c) for c in _children(element, "itemComponent")),
        function_item=function,
    )


def _variable(element: ET.Element, name: str) -> InformationItem:
    variable = _child(element, "variable")
    if variable is None:
        return InformationItem(name=name)
    item = read_information_item(variable)
    return InformationItem(name=item.name or name, type_ref=item.type_ref, id=item.id)


def _hrefs(element: ET.Element, requirement: str, kind: str) -> tuple[Href, ...]:
    found: list[Href] = []
    for req in _children(element, requirement):
        for ref in _children(req, kind):
            href = ref.get("href")
            if href:
                found.append(Href.parse(href))
    return tuple(found)


def _direct_hrefs(element: ET.Element, kind: str) -> tuple[Href, ...]:
    return tuple(Href.parse(r.get("href") or "") for r in _children(element, kind) if r.get("href"))


def _read_input_data(element: ET.Element) -> InputData:
    name = element.get("name") or ""
    return InputData(id=element.get("id"), name=name, variable=_variable(element, name))


def _read_decision(element: ET.Element) -> Decision:
    name = element.get("name") or ""
    where = describe("Decision", name, element.get("id"))
    expression = None
    for child in element:
        child_ns, kind = local_name(child.tag)
        if child_ns in DMN_NAMESPACES and kind not in _NON_EXPRESSION_CHILDREN:
            expression = read_expression(child, where)
            break
    return Decision(
        id=element.get("id"),
        name=name,
        variable=_variable(element, name),
        required_decisions=_hrefs(element, "informationRequirement", "requiredDecision"),
        required_inputs=_hrefs(element, "informationRequirement", "requiredInput"),
        required_knowledge=_hrefs(element, "knowledgeRequirement", "requiredKnowledge"),
        expression=expression,
    )


_NON_EXPRESSION_CHILDREN = frozenset(
    {
        "description",
        "extensionElements",
        "variable",
        "question",
        "allowedAnswers",
        "informationRequirement",
        "knowledgeRequirement",
        "authorityRequirement",
        "supportedObjective",
        "impactedPerformanceIndicator",
        "decisionMaker",
        "decisionOwner",
        "usingProcess",
        "usingTask",
    }
)


def _read_bkm(element: ET.Element) -> BusinessKnowledgeModel:
    name = element.get("name") or ""
    where = describe("Business knowledge model", name, element.get("id"))
    logic_element = _child(element, "encapsulatedLogic")
    logic: FunctionDefinition | None = None
    if logic_element is not None:
        read = read_expression(logic_element, where, as_kind="functionDefinition")
        assert isinstance(read, FunctionDefinition)
        logic = read
    return BusinessKnowledgeModel(
        id=element.get("id"),
        name=name,
        variable=_variable(element, name),
        required_knowledge=_hrefs(element, "knowledgeRequirement", "requiredKnowledge"),
        logic=logic,
    )


def _read_service(element: ET.Element) -> DecisionService:
    name = element.get("name") or ""
    return DecisionService(
        id=element.get("id"),
        name=name,
        variable=_variable(element, name),
        output_decisions=_direct_hrefs(element, "outputDecision"),
        encapsulated_decisions=_direct_hrefs(element, "encapsulatedDecision"),
        input_decisions=_direct_hrefs(element, "inputDecision"),
        input_data=_direct_hrefs(element, "inputData"),
    )
