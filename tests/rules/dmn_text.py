"""Small DMN models for the rules tests, written out in full so a test shows what it evaluates."""

from __future__ import annotations

NS = "https://www.omg.org/spec/DMN/20230324/MODEL/"


def times_model(expression: str = "x * factor", *, name: str = "Vermenigvuldiging", rules: str = "") -> str:
    """Inputs ``x`` (number, ``[0..1000]``) and ``factor`` (number; an open term in the tests),
    a literal decision ``uitkomst`` and a decision table ``klasse`` on ``uitkomst``."""
    table_rules = rules or (
        '<rule id="k1"><inputEntry id="k1i"><text>&lt; 10</text></inputEntry>'
        '<outputEntry id="k1o"><text>"laag"</text></outputEntry></rule>'
        '<rule id="k2"><inputEntry id="k2i"><text>&gt;= 10</text></inputEntry>'
        '<outputEntry id="k2o"><text>"hoog"</text></outputEntry></rule>'
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{NS}" id="m" name="{name}" namespace="urn:opgave:test:{name}">
  <itemDefinition name="tX"><typeRef>number</typeRef><allowedValues><text>[0..1000]</text></allowedValues></itemDefinition>
  <inputData id="i_x" name="x"><variable name="x" typeRef="tX"/></inputData>
  <inputData id="i_f" name="factor"><variable name="factor" typeRef="number"/></inputData>
  <decision id="d_u" name="uitkomst">
    <variable name="uitkomst" typeRef="number"/>
    <informationRequirement><requiredInput href="#i_x"/></informationRequirement>
    <informationRequirement><requiredInput href="#i_f"/></informationRequirement>
    <literalExpression id="le_u"><text>{expression}</text></literalExpression>
  </decision>
  <decision id="d_k" name="klasse">
    <variable name="klasse" typeRef="string"/>
    <informationRequirement><requiredDecision href="#d_u"/></informationRequirement>
    <decisionTable id="dt_k" hitPolicy="UNIQUE">
      <input id="ki" label="Uitkomst"><inputExpression id="kie" typeRef="number"><text>uitkomst</text></inputExpression></input>
      <output id="ko" name="klasse" typeRef="string"/>
      {table_rules}
    </decisionTable>
  </decision>
</definitions>
"""


BROKEN_FEEL = times_model("x * * factor")
