"""Reading DMN XML: namespaces of DMN 1.1-1.5, and clear errors for bad models."""

from __future__ import annotations

from decimal import Decimal

import pytest
from dmn_builders import ModelFactory, decision_xml, definitions, literal

from opgave.dmn import DmnModelError, load_model
from opgave.dmn.model.reader import read_definitions

NAMESPACES = [
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd",
    "http://www.omg.org/spec/DMN/20180521/MODEL/",
    "https://www.omg.org/spec/DMN/20191111/MODEL/",
    "https://www.omg.org/spec/DMN/20211108/MODEL/",
    "https://www.omg.org/spec/DMN/20230324/MODEL/",
]


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_dmn_version_is_read(namespace: str) -> None:
    model = load_model(definitions(decision_xml("Answer", literal("6 * 7")), namespace=namespace))
    assert model.evaluate("Answer").value == Decimal(42)


def test_dmn_11_qualified_type_refs_are_understood() -> None:
    body = (
        '<decision id="d" name="D"><variable name="D" typeRef="feel:string"/>'
        + literal('"x"')
        + "</decision>"
    )
    text = definitions(body, namespace=NAMESPACES[0]).replace(
        "<definitions ", '<definitions xmlns:feel="urn:feel" '
    )
    assert load_model(text).evaluate("D").value == "x"


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(DmnModelError, match="malformed XML at line 1"):
        load_model("<definitions><decision></definitions>")


def test_a_dtd_is_refused_so_no_entity_can_be_expanded() -> None:
    text = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><definitions>&x;</definitions>'
    with pytest.raises(DmnModelError, match="DTD"):
        read_definitions(text)


def test_a_document_that_is_not_dmn_is_refused() -> None:
    with pytest.raises(DmnModelError, match="not a DMN model"):
        load_model('<html xmlns="http://www.w3.org/1999/xhtml"></html>')


def test_a_feel_syntax_error_names_the_decision_and_position(make_model: ModelFactory) -> None:
    model = make_model(decision_xml("Broken", literal("1 + * 2")) + decision_xml("Fine", literal("1")))
    problems = model.check()
    assert len(problems) == 1
    assert "Decision 'Broken'" in str(problems[0]) and "position" in str(problems[0])
    assert problems[0].position is not None
    assert model.evaluate("Fine").value == Decimal(1)
    broken = model.evaluate("Broken")
    assert broken.value is None and "syntax error" in broken.messages[0]


def test_unknown_types_and_requirements_are_problems(make_model: ModelFactory) -> None:
    body = decision_xml("Typed", literal("1"), type_ref="tMissing")
    body += '<decision id="x" name="Orphan"><variable name="Orphan"/><informationRequirement>'
    body += '<requiredDecision href="#nowhere"/></informationRequirement>' + literal("1") + "</decision>"
    messages = [str(p) for p in make_model(body).check()]
    assert any("unknown type 'tMissing'" in m for m in messages)
    assert any("Decision 'Orphan'" in m and "#nowhere" in m for m in messages)


def test_unsupported_expression_elements_are_named(make_model: ModelFactory) -> None:
    body = '<decision id="d" name="Odd"><variable name="Odd"/><mystery id="m1"/></decision>'
    with pytest.raises(
        DmnModelError, match=r"Decision 'Odd' \(id d\), mystery \(id m1\): unsupported expression"
    ):
        make_model(body)
    with pytest.raises(DmnModelError, match="mystery"):
        read_definitions(
            definitions(
                '<businessKnowledgeModel id="b" name="B"><encapsulatedLogic>'
                "<mystery/></encapsulatedLogic></businessKnowledgeModel>"
            )
        )


def test_a_java_function_without_class_and_signature_is_reported(make_model: ModelFactory) -> None:
    body = """<decision id="d" name="Max"><variable name="Max"/><context>
      <contextEntry><variable name="max"/><functionDefinition kind="Java">
        <formalParameter name="a"/><context/></functionDefinition></contextEntry>
      <contextEntry><literalExpression><text>max(1)</text></literalExpression></contextEntry>
    </context></decision>"""
    model = make_model(body)
    assert any("'class' and 'method signature'" in str(p) for p in model.check())
    result = model.evaluate("Max")
    assert result.value is None
    assert any("'class' and 'method signature'" in m for m in result.messages)


def test_two_elements_with_one_name_are_a_problem(make_model: ModelFactory) -> None:
    body = '<inputData id="i1" name="Age"><variable name="Age"/></inputData>'
    body += '<decision id="d1" name="Age"><variable name="Age"/>' + literal("1") + "</decision>"
    problems = [str(p) for p in make_model(body).check()]
    assert problems == ["Decision 'Age' (id d1): has the same name as Input data 'Age' (id i1)"]
