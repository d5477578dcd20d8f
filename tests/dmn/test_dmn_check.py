"""`check` finds what evaluation would silently turn into null: types that cannot conform,
names that cannot be seen (in filters, input values and output values), and dashed names in
models without input data. Each case states the model a user would bring, not engine output."""

from __future__ import annotations

import json
from pathlib import Path

from dmn_builders import ModelFactory, decision_xml, input_xml, literal
from typer.testing import CliRunner

from opgave.dmn.cli import app


def warnings_of(model: object) -> list[str]:
    return [str(p) for p in model.check() if p.severity == "warning"]  # type: ignore[attr-defined]


def errors_of(model: object) -> list[str]:
    return [str(p) for p in model.check() if p.severity == "error"]  # type: ignore[attr-defined]


def test_a_string_output_with_numeric_entries_is_a_warning_naming_the_rule(make_model: ModelFactory) -> None:
    table = (
        '<decisionTable id="dt" hitPolicy="FIRST">'
        '<input id="i1"><inputExpression typeRef="number"><text>age</text></inputExpression></input>'
        '<output id="o1" name="category" typeRef="string"/>'
        '<rule id="r1"><inputEntry><text>&lt; 18</text></inputEntry><outputEntry><text>"minor"</text></outputEntry></rule>'
        '<rule id="r2"><inputEntry><text>&gt;= 18</text></inputEntry><outputEntry><text>2</text></outputEntry></rule>'
        "</decisionTable>"
    )
    model = make_model(input_xml("age", "number") + decision_xml("Category", table, inputs=["age"]))
    warnings = warnings_of(model)
    assert len(warnings) == 1
    assert "rule 2 (id r2)" in warnings[0] and "'2' is number" in warnings[0] and "'string'" in warnings[0]
    assert model.evaluate("Category", {"age": 30}).value is None  # what the warning foretold


def test_a_collect_table_into_a_string_decision_is_a_warning(make_model: ModelFactory) -> None:
    table = (
        '<decisionTable id="dt" hitPolicy="COLLECT">'
        '<input id="i1"><inputExpression><text>x</text></inputExpression></input>'
        '<output id="o1" name="tag"/>'
        '<rule id="r1"><inputEntry><text>&gt; 0</text></inputEntry><outputEntry><text>"positive"</text></outputEntry></rule>'
        '<rule id="r2"><inputEntry><text>&gt; 10</text></inputEntry><outputEntry><text>"large"</text></outputEntry></rule>'
        "</decisionTable>"
    )
    model = make_model(
        input_xml("x", "number") + decision_xml("Tags", table, inputs=["x"], type_ref="string")
    )
    assert any("collects a list" in w and "'string'" in w for w in warnings_of(model))


def test_a_literal_expression_of_the_wrong_type_is_a_warning(make_model: ModelFactory) -> None:
    model = make_model(decision_xml("Amount", literal('"twelve"'), type_ref="number"))
    assert any("'\"twelve\"' is string" in w for w in warnings_of(model))


def test_conforming_literals_raise_no_warning(make_model: ModelFactory) -> None:
    model = make_model(decision_xml("Amount", literal("12.50"), type_ref="number"))
    assert model.check() == []


def test_unknown_names_in_a_filter_over_a_literal_list(make_model: ModelFactory) -> None:
    text = "[{a: 1}, {a: 2}][b > 1]"
    # A model with input data: names are checked (Camunda-style models read the caller's variables).
    model = make_model(input_xml("x", "number") + decision_xml("Filtered", literal(text)))
    assert any("'b'" in e for e in errors_of(model))
    fine = make_model(
        input_xml("x", "number") + decision_xml("Filtered", literal("[{a: 1}, {a: 2}][a > 1 and item.a < 5]"))
    )
    assert fine.check() == []


def test_unknown_names_in_input_and_output_values(make_model: ModelFactory) -> None:
    table = (
        '<decisionTable id="dt" hitPolicy="UNIQUE">'
        '<input id="i1"><inputExpression><text>x</text></inputExpression>'
        '<inputValues><text>"a", limit</text></inputValues></input>'
        '<output id="o1" name="out"><outputValues><text>"yes", answer</text></outputValues></output>'
        '<rule id="r1"><inputEntry><text>"a"</text></inputEntry><outputEntry><text>"yes"</text></outputEntry></rule>'
        "</decisionTable>"
    )
    model = make_model(input_xml("x", "string") + decision_xml("Answer", table, inputs=["x"]))
    errors = errors_of(model)
    assert any("'limit'" in e for e in errors)
    assert any("'answer'" in e for e in errors)


def test_a_dashed_name_in_a_camunda_style_model_is_explained(make_model: ModelFactory) -> None:
    # No input data elements: the decision reads the caller's variables, as in Camunda 7.
    model = make_model(decision_xml("Greeting", literal('"Dear " + Last-Name')))
    warnings = warnings_of(model)
    assert len(warnings) == 1
    assert "'Last-Name' is read by FEEL as 'Last' minus 'Name'" in warnings[0]


def test_check_reports_json_and_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "m.dmn"
    path.write_text(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="m" namespace="urn:m">'
        + decision_xml("Amount", literal('"twelve"'), type_ref="number")
        + "</definitions>",
        encoding="utf-8",
    )
    runner = CliRunner()
    plain = runner.invoke(app, ["check", str(path)])
    assert plain.exit_code == 0 and "warning:" in plain.output
    strict = runner.invoke(app, ["check", str(path), "--strict", "--format", "json"])
    assert strict.exit_code == 1
    report = json.loads(strict.output)
    assert report["ok"] is False and report["warnings"] == 1 and report["errors"] == 0
    assert report["problems"][0]["severity"] == "warning"
    missing = runner.invoke(app, ["check", str(tmp_path / "absent.dmn")])
    assert missing.exit_code == 2
