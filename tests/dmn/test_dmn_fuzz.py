"""Fuzzing: whatever the model, the inputs or the command line, no Python exception escapes.

Evaluation always ends in a value (or null plus a message); loading fails only with a
DmnError; the command line prints one error line, never a traceback. The number of
examples is modest by default; set ``OPGAVE_DMN_FUZZ_EXAMPLES`` for a longer run.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from opgave.dmn import DmnError, Model, load_model
from opgave.dmn.cli import app
from opgave.dmn.feel import FeelSyntaxError, compile_expression
from opgave.dmn.feel.builtins import BUILTINS
from opgave.dmn.jsonvalues import dumps

MODELS = Path(__file__).with_name("models")
CORPUS = sorted(MODELS.rglob("*.dmn"))
LOADED: dict[Path, Model] = {path: load_model(path) for path in CORPUS}
TEXTS = {path: path.read_text(encoding="utf-8") for path in CORPUS}

FUZZ = settings(
    max_examples=int(os.environ.get("OPGAVE_DMN_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
runner = CliRunner()

# --- values ---------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        ["", "abc", "2020-01-01", "10:00:00", "2020-01-01T10:00:00Z", "P1D", "P1Y2M", "-PT1S", "x y"]
    ),
    st.text(max_size=8),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "name", "age", "x"]), inner, max_size=3)
    ),
    max_leaves=8,
)

FEEL_VALUES = [
    "null", "0", "-1", "1.5", "1e30", '""', '"abc"', '"a.b*"', '"("', "true", "false", "[]", "[1, 2]",
    "[null]", '["a", 1]', "[[1], [2]]", "{}", "{a: 1}", '[{key: "a", value: 1}]', 'date("2020-02-29")',
    'time("23:59:59")', 'time("10:00:00@Europe/Amsterdam")', 'date and time("2020-01-01T00:00:00Z")',
    'duration("P1Y")', 'duration("-PT1S")', "[1..10]", "(1..5]", "> 5", "function(x) x",
    "function(x, y) x < y", '"P1D"', '"2020-01-01"', "-1000000", "10000000000",
]  # fmt: skip

# --- FEEL -----------------------------------------------------------------------------------


@FUZZ
@given(st.sampled_from(sorted(BUILTINS)), st.lists(st.sampled_from(FEEL_VALUES), max_size=4))
def test_every_builtin_answers_any_arguments_with_a_value_or_null(name: str, arguments: list[str]) -> None:
    text = f"{name}({', '.join(arguments)})"
    try:
        expression = compile_expression(text)
    except FeelSyntaxError as error:
        assert 0 <= error.position <= len(text)
        return
    errors: list[str] = []
    value = expression.evaluate({}, errors)
    assert all(isinstance(message, str) and message for message in errors)
    assert "<class" not in " ".join(errors)
    string_of = compile_expression("string(v)", ["v"]).evaluate({"v": value}, [])
    assert string_of is None or isinstance(string_of, str)


@FUZZ
@given(
    st.sampled_from(["+", "-", "*", "/", "**", "=", "!=", "<", ">=", "and", "or", "in", "instance of"]),
    st.sampled_from(FEEL_VALUES),
    st.sampled_from(FEEL_VALUES),
)
def test_every_operator_answers_any_operands(operator: str, left: str, right: str) -> None:
    right = "number" if operator == "instance of" else right
    try:
        expression = compile_expression(f"({left}) {operator} ({right})")
    except FeelSyntaxError:
        return
    errors: list[str] = []
    expression.evaluate({}, errors)
    assert "<class" not in " ".join(errors)


@FUZZ
@given(st.dictionaries(st.sampled_from(["x", "y", "a b"]), json_values, max_size=3), st.text(max_size=30))
def test_any_text_compiles_or_fails_with_a_positioned_syntax_error(
    variables: dict[str, Any], text: str
) -> None:
    try:
        expression = compile_expression(text, list(variables))
    except FeelSyntaxError as error:
        assert 0 <= error.position <= len(text)
        return
    expression.evaluate(variables, [])


# --- models ---------------------------------------------------------------------------------


@FUZZ
@given(st.sampled_from(CORPUS), st.data())
def test_any_json_inputs_evaluate_to_a_value_or_null_with_messages(path: Path, data: st.DataObject) -> None:
    model = LOADED[path]
    names = model.input_names or ["season", "guestCount", "income"]
    inputs = data.draw(st.dictionaries(st.sampled_from(names), json_values, max_size=len(names)))
    for decision in model.decision_names:
        result = model.evaluate(decision, inputs, explain=True)
        assert all(isinstance(message, str) for message in result.messages)
        json.loads(dumps(result.to_json()))
    for service in model.service_names:
        model.evaluate_service(service, inputs)
    for name in model.bkm_names + model.service_names:
        model.invoke(
            name, data.draw(st.dictionaries(st.sampled_from(["a", "x", "amount"]), json_values, max_size=2))
        )


def _mutate(text: str, data: st.DataObject) -> str:
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = min(len(text), start + data.draw(st.integers(min_value=1, max_value=40)))
    how = data.draw(st.sampled_from(["cut", "repeat", "insert"]))
    if how == "cut":
        return text[:start] + text[end:]
    if how == "repeat":
        return text[:end] + text[start:end] + text[end:]
    junk = data.draw(
        st.sampled_from(['"', "<", ">", "&amp;", "..", "?", "(", "]", "null", "not(", "**", "@", "#", "é"])
    )
    return text[:start] + junk + text[end:]


@FUZZ
@given(st.sampled_from(CORPUS), st.data())
def test_a_damaged_model_fails_to_load_with_a_dmn_error_or_still_evaluates(
    path: Path, data: st.DataObject
) -> None:
    text = _mutate(TEXTS[path], data)
    try:
        model = load_model(text)
    except DmnError as error:
        assert str(error)
        return
    for problem in model.check():
        assert problem.message
    for decision in model.decision_names:
        model.evaluate(decision, {name: Decimal(1) for name in model.input_names}, convert=False)


# --- command line ---------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_eval_never_prints_a_traceback_for_any_model_file(tmp_path_factory: Any, content: bytes) -> None:
    folder = tmp_path_factory.mktemp("model")
    model = folder / "model.dmn"
    model.write_bytes(content)
    result = runner.invoke(app, ["eval", str(model), "--decision", "D"])
    assert result.exit_code in (1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@FUZZ
@given(
    st.sampled_from(CORPUS),
    st.binary(max_size=100) | json_values.map(lambda v: json.dumps(v).encode()),
    st.text(max_size=12),
)
def test_eval_never_prints_a_traceback_for_any_input_or_decision(
    tmp_path_factory: Any, path: Path, content: bytes, decision: str
) -> None:
    source = tmp_path_factory.mktemp("input") / "input.json"
    source.write_bytes(content)
    names = [decision, *LOADED[path].decision_names[:1]]
    for name in names:
        result = runner.invoke(app, ["eval", str(path), "--decision", name, "--input", str(source)])
        assert result.exit_code in (0, 1, 2)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
