"""The DRG: scoping, BKMs, decision services, imports, boxed expressions, thread safety."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from dmn_builders import ModelFactory, decision_xml, definitions, input_xml, literal

from opgave.dmn import DmnEvaluationError, Model, load_model, load_models


def test_a_decision_sees_only_what_it_requires(make_model: ModelFactory) -> None:
    body = input_xml("a", "number") + input_xml("b", "number")
    body += decision_xml("UsesA", literal("a + 1"), inputs=["a"])
    body += decision_xml("UsesB", literal("b + 1"))
    model = make_model(body)
    assert model.evaluate("UsesA", {"a": 1, "b": 2}).value == Decimal(2)
    hidden = model.evaluate("UsesB", {"a": 1, "b": 2})
    assert hidden.value is None
    assert hidden.messages and hidden.messages[0].startswith("Decision 'UsesB' (id d_UsesB): ")


def test_required_decisions_are_evaluated_once_and_chained(make_model: ModelFactory) -> None:
    body = input_xml("x", "number") + decision_xml("Double", literal("x * 2"), inputs=["x"])
    body += (
        '<decision id="d_Quad" name="Quad"><variable name="Quad"/><informationRequirement>'
        '<requiredDecision href="#d_Double"/></informationRequirement>'
        + literal("Double * 2")
        + "</decision>"
    )
    assert make_model(body).evaluate("Quad", {"x": 3}).value == Decimal(12)


BKM_AND_SERVICE = """
<inputData id="i_rate" name="rate"><variable name="rate" typeRef="number"/></inputData>
<businessKnowledgeModel id="bkm_fee" name="fee"><variable name="fee"/>
  <encapsulatedLogic><formalParameter name="amount" typeRef="number"/>
    <literalExpression><text>amount * 0.1</text></literalExpression></encapsulatedLogic>
</businessKnowledgeModel>
<decision id="d_base" name="base"><variable name="base" typeRef="number"/>
  <literalExpression><text>100</text></literalExpression></decision>
<decision id="d_total" name="total"><variable name="total" typeRef="number"/>
  <informationRequirement><requiredDecision href="#d_base"/></informationRequirement>
  <informationRequirement><requiredInput href="#i_rate"/></informationRequirement>
  <knowledgeRequirement><requiredKnowledge href="#bkm_fee"/></knowledgeRequirement>
  <invocation><literalExpression><text>fee</text></literalExpression>
    <binding><parameter name="amount"/><literalExpression><text>base * rate</text></literalExpression></binding>
  </invocation></decision>
<decisionService id="ds" name="pricing"><variable name="pricing"/>
  <outputDecision href="#d_total"/><inputDecision href="#d_base"/><inputData href="#i_rate"/>
</decisionService>
<decision id="d_call" name="call"><variable name="call"/>
  <knowledgeRequirement><requiredKnowledge href="#ds"/></knowledgeRequirement>
  <literalExpression><text>pricing(2, 50)</text></literalExpression></decision>
"""


def test_bkm_invocation_and_decision_services(make_model: ModelFactory) -> None:
    model = make_model(BKM_AND_SERVICE)
    assert model.evaluate("total", {"rate": 3}).value == Decimal(30)
    # Parameters: input data first, then input decisions; the input decision is not evaluated.
    assert model.evaluate("call").value == Decimal(10)
    direct = model.evaluate_service("pricing", {"rate": 1, "base": 7})
    assert direct.value == {"total": Decimal("0.7")}
    assert model.invoke("fee", {"amount": 5}).value == Decimal("0.5")


def test_boxed_expressions(make_model: ModelFactory) -> None:
    body = decision_xml(
        "Ctx",
        """<context>
          <contextEntry><variable name="items"/><list>
            <literalExpression><text>1</text></literalExpression>
            <literalExpression><text>2</text></literalExpression>
            <literalExpression><text>3</text></literalExpression></list></contextEntry>
          <contextEntry><variable name="doubled"/><for iteratorVariable="n">
            <in><literalExpression><text>items</text></literalExpression></in>
            <return><literalExpression><text>n * 2</text></literalExpression></return></for></contextEntry>
          <contextEntry><variable name="big"/><filter>
            <in><literalExpression><text>doubled</text></literalExpression></in>
            <match><literalExpression><text>item > 2</text></literalExpression></match></filter></contextEntry>
          <contextEntry><variable name="all positive"/><every iteratorVariable="n">
            <in><literalExpression><text>items</text></literalExpression></in>
            <satisfies><literalExpression><text>n > 0</text></literalExpression></satisfies></every></contextEntry>
          <contextEntry><variable name="label"/><conditional>
            <if><literalExpression><text>count(big) = 2</text></literalExpression></if>
            <then><literalExpression><text>"two"</text></literalExpression></then>
            <else><literalExpression><text>"other"</text></literalExpression></else></conditional></contextEntry>
          <contextEntry><variable name="square"/><functionDefinition>
            <formalParameter name="v" typeRef="number"/>
            <literalExpression><text>v * v</text></literalExpression></functionDefinition></contextEntry>
          <contextEntry><variable name="table"/><relation>
            <column name="k"/><column name="v"/>
            <row><literalExpression><text>"a"</text></literalExpression><literalExpression><text>square(3)</text></literalExpression></row>
          </relation></contextEntry>
        </context>""",
    )
    value = make_model(body).evaluate("Ctx").value
    assert value["doubled"] == [Decimal(2), Decimal(4), Decimal(6)]
    assert value["big"] == [Decimal(4), Decimal(6)]
    assert value["all positive"] is True
    assert value["label"] == "two"
    assert value["table"] == [{"k": "a", "v": Decimal(9)}]


def test_unknown_decisions_raise_a_clear_error(make_model: ModelFactory) -> None:
    model = make_model(decision_xml("Known", literal("1")))
    with pytest.raises(DmnEvaluationError, match="no decision named 'Unknown' \\(known: Known\\)"):
        model.evaluate("Unknown")


def test_a_cycle_is_reported_not_looped(make_model: ModelFactory) -> None:
    body = (
        '<decision id="a" name="A"><variable name="A"/><informationRequirement><requiredDecision href="#b"/>'
        "</informationRequirement>" + literal("B") + "</decision>"
        '<decision id="b" name="B"><variable name="B"/><informationRequirement><requiredDecision href="#a"/>'
        "</informationRequirement>" + literal("A") + "</decision>"
    )
    result = make_model(body).evaluate("A")
    assert result.value is None
    assert any("cycle" in m for m in result.messages)


def test_imports_expose_names_under_the_import_name(tmp_path: Path) -> None:
    library = definitions(
        '<itemDefinition name="tAmount"><typeRef>number</typeRef></itemDefinition>'
        '<inputData id="i_n" name="n"><variable name="n" typeRef="number"/></inputData>'
        '<decision id="d_twice" name="Twice"><variable name="Twice"/><informationRequirement>'
        '<requiredInput href="#i_n"/></informationRequirement>' + literal("n * 2") + "</decision>"
        '<businessKnowledgeModel id="b_inc" name="Increment"><variable name="Increment"/><encapsulatedLogic>'
        '<formalParameter name="v"/><literalExpression><text>v + 1</text></literalExpression>'
        "</encapsulatedLogic></businessKnowledgeModel>",
        name="lib",
        model_ns="urn:lib",
    )
    main = definitions(
        '<import name="my lib" namespace="urn:lib" importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>'
        '<decision id="d_use" name="Use"><variable name="Use" typeRef="my lib.tAmount"/>'
        '<informationRequirement><requiredDecision href="urn:lib#d_twice"/></informationRequirement>'
        '<knowledgeRequirement><requiredKnowledge href="urn:lib#b_inc"/></knowledgeRequirement>'
        + literal("my lib.Increment(my lib.Twice)")
        + "</decision>",
        name="main",
    )
    (tmp_path / "lib.dmn").write_text(library)
    (tmp_path / "main.dmn").write_text(main)
    model = load_model(tmp_path / "main.dmn")
    assert model.check() == []
    assert model.evaluate("Use", imported_inputs={"urn:lib": {"n": 20}}).value == Decimal(41)
    together = load_models([tmp_path / "main.dmn", tmp_path / "lib.dmn"])
    assert together.evaluate("Use", {"n": 1}).value == Decimal(3)


def test_many_threads_evaluate_one_model(schuldhulp: Model) -> None:
    base = {
        "leeftijd": 42,
        "totaleSchuld": 800,
        "aantalSchuldeisers": 1,
        "woonsituatie": "huur",
        "eerderSchuldsanering": False,
        "nettoMaandinkomen": 1850,
    }

    def run(debt: int) -> object:
        return schuldhulp.evaluate("traject", {**base, "totaleSchuld": debt}, explain=True).value

    debts = [500, 3000, 32000, 80000] * 50
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, debts))
    assert results == [run(d) for d in debts]


def test_the_model_describes_its_elements(make_model: ModelFactory) -> None:
    model = make_model(BKM_AND_SERVICE)
    assert model.input_types == {"rate": "number"}
    assert model.decision_names == ["base", "total", "call"]
    assert model.service_names == ["pricing"] and model.bkm_names == ["fee"]
    from_bytes = load_model(definitions(BKM_AND_SERVICE).encode("utf-8"))
    assert from_bytes.evaluate("total", {"rate": 1}).value == Decimal(10)
