"""Item definitions, typed input data and the DMN 1.5 conversion rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dmn_builders import ModelFactory, decision_xml, input_xml, literal

from opgave.dmn.feel.values import DaysTimeDuration

TYPES = """
<itemDefinition name="tPerson">
  <itemComponent name="name"><typeRef>string</typeRef></itemComponent>
  <itemComponent name="age"><typeRef>number</typeRef></itemComponent>
</itemDefinition>
<itemDefinition name="tScore"><typeRef>number</typeRef><allowedValues><text>[0..10]</text></allowedValues></itemDefinition>
<itemDefinition name="tScores" isCollection="true"><typeRef>tScore</typeRef></itemDefinition>
<itemDefinition name="tNames" isCollection="true"><typeRef>string</typeRef></itemDefinition>
"""


def test_input_data_is_checked_against_its_item_definition(make_model: ModelFactory) -> None:
    body = TYPES + input_xml("score", "tScore") + decision_xml("Echo", literal("score"), inputs=["score"])
    model = make_model(body)
    assert model.evaluate("Echo", {"score": 7}).value == Decimal(7)
    result = model.evaluate("Echo", {"score": 11})
    assert result.value is None
    assert any("tScore" in m for m in result.messages)


def test_allowed_values_apply_to_each_element_of_a_collection(make_model: ModelFactory) -> None:
    body = TYPES + input_xml("scores", "tScores") + decision_xml("Echo", literal("scores"), inputs=["scores"])
    model = make_model(body)
    assert model.evaluate("Echo", {"scores": [1, 2]}).value == [Decimal(1), Decimal(2)]
    assert model.evaluate("Echo", {"scores": [1, 20]}).value is None


def test_a_structure_needs_all_its_components(make_model: ModelFactory) -> None:
    body = TYPES + decision_xml("Person", literal('{name: "Ann"}'), type_ref="tPerson")
    body += decision_xml("Full", literal('{name: "Ann", age: 30, extra: true}'), type_ref="tPerson")
    model = make_model(body)
    assert model.evaluate("Person").value is None
    assert model.evaluate("Full").value == {"name": "Ann", "age": Decimal(30), "extra": True}


def test_singleton_lists_and_elements_convert(make_model: ModelFactory) -> None:
    body = TYPES + decision_xml("Unwrapped", literal('["only"]'), type_ref="string")
    body += decision_xml("Wrapped", literal('"only"'), type_ref="tNames")
    body += decision_xml("Mismatch", literal("42"), type_ref="string")
    model = make_model(body)
    assert model.evaluate("Unwrapped").value == "only"
    assert model.evaluate("Wrapped").value == ["only"]
    mismatch = model.evaluate("Mismatch")
    assert mismatch.value is None
    assert any("does not conform to type 'string'" in m for m in mismatch.messages)


def test_json_inputs_become_feel_values_guided_by_the_type(make_model: ModelFactory) -> None:
    body = input_xml("when", "date") + input_xml("label") + input_xml("wait", "days and time duration")
    body += decision_xml("Next", literal("when + wait"), inputs=["when", "wait"])
    body += decision_xml("Label", literal("label"), inputs=["label"])
    model = make_model(body)
    assert model.evaluate("Next", {"when": "2024-01-30", "wait": "P2D"}).value == dt.date(2024, 2, 1)
    assert model.evaluate("Label", {"label": "2024-01-30"}).value == "2024-01-30"
    assert isinstance(
        model.evaluate("Next", {"when": "2024-01-30", "wait": "PT1H"}).value, dt.datetime | dt.date
    )
    assert DaysTimeDuration(Decimal(3600)).seconds == Decimal(3600)


def test_numbers_from_json_are_decimals(make_model: ModelFactory) -> None:
    body = input_xml("x", "number") + decision_xml("Half", literal("x / 2"), inputs=["x"])
    model = make_model(body)
    assert model.evaluate("Half", {"x": 0.3}).value == Decimal("0.15")
    assert model.evaluate("Half", {"x": 3}).value == Decimal("1.5")


def test_instance_of_knows_item_definitions(make_model: ModelFactory) -> None:
    body = TYPES + decision_xml("Check", literal('{name: "a", age: 1} instance of tPerson'))
    body += decision_xml("Constraint", literal("42 instance of tScore"))
    model = make_model(body)
    assert model.evaluate("Check").value is True
    assert model.evaluate("Constraint").value is True


def test_bkm_arguments_of_the_wrong_type_make_the_invocation_null(make_model: ModelFactory) -> None:
    body = (
        TYPES
        + """
    <businessKnowledgeModel id="bkm" name="greet"><variable name="greet"/>
      <encapsulatedLogic><formalParameter name="p" typeRef="tPerson"/>
        <literalExpression><text>"Hello " + p.name</text></literalExpression></encapsulatedLogic>
    </businessKnowledgeModel>
    <decision id="d1" name="Good"><variable name="Good"/>
      <knowledgeRequirement><requiredKnowledge href="#bkm"/></knowledgeRequirement>
      <literalExpression><text>greet({name: "Ann", age: 3})</text></literalExpression></decision>
    <decision id="d2" name="Bad"><variable name="Bad"/>
      <knowledgeRequirement><requiredKnowledge href="#bkm"/></knowledgeRequirement>
      <literalExpression><text>greet("Ann")</text></literalExpression></decision>
    """
    )
    model = make_model(body)
    assert model.evaluate("Good").value == "Hello Ann"
    bad = model.evaluate("Bad")
    assert bad.value is None
    assert any("does not conform" in m for m in bad.messages)


def test_a_broken_item_definition_is_a_problem_not_a_crash(make_model: ModelFactory) -> None:
    body = '<itemDefinition name="tOdd"><typeRef>number</typeRef><allowedValues><text>[1..</text></allowedValues>'
    body += "</itemDefinition>" + input_xml("v", "tOdd") + decision_xml("Echo", literal("v"), inputs=["v"])
    model = make_model(body)
    assert any("Item definition 'tOdd'" in str(p) and "allowed values" in str(p) for p in model.check())
    assert model.evaluate("Echo", {"v": 3}).value == Decimal(3)


def test_invoking_a_bkm_converts_json_arguments_by_parameter_type(make_model: ModelFactory) -> None:
    body = """<businessKnowledgeModel id="b" name="next day"><variable name="next day"/>
      <encapsulatedLogic><formalParameter name="d" typeRef="date"/>
        <literalExpression><text>d + duration("P1D")</text></literalExpression></encapsulatedLogic>
    </businessKnowledgeModel>"""
    assert make_model(body).invoke("next day", {"d": "2024-02-28"}).value == dt.date(2024, 2, 29)
