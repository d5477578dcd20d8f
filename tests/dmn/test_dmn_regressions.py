"""Bugs found while hardening the engine on models outside the TCK; each test is named after what broke."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opgave.dmn.cli import app
from opgave.dmn.feel import compile_expression

MODELS = Path(__file__).with_name("models")
runner = CliRunner()


def evaluate(text: str, variables: dict | None = None) -> tuple[object, list[str]]:
    errors: list[str] = []
    value = compile_expression(text, list(variables or {})).evaluate(variables or {}, errors)
    return value, errors


def test_zero_to_a_negative_power_was_infinity_instead_of_null() -> None:
    for text in ("0 ** -1", "0.0 ** -2"):
        value, errors = evaluate(text)
        assert value is None
        assert "division by zero" in errors[0]


def test_zero_to_the_power_zero_was_null_instead_of_one() -> None:
    assert evaluate("0 ** 0") == (Decimal(1), [])
    assert evaluate("5 ** 0") == (Decimal(1), [])


def test_number_of_a_huge_exponent_gave_an_unreadable_decimal_signal() -> None:
    value, errors = evaluate('number("1e9999")')
    assert value is None
    assert "too large" in errors[0] and "class" not in errors[0]


def test_a_nan_operand_from_outside_gave_an_unreadable_decimal_signal() -> None:
    for text in ("x + 1", "x < 1"):
        value, errors = evaluate(text, {"x": Decimal("NaN")})
        assert value is None
        assert errors and "<class" not in errors[0]


def test_a_non_utf8_input_file_printed_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "input.json"
    source.write_bytes(b"\xff\xfe{")
    result = runner.invoke(
        app, ["eval", str(MODELS / "hit-policies.dmn"), "-d", "Unique Band", "-i", str(source)]
    )
    assert result.exit_code == 2
    assert "not UTF-8" in result.output and "Traceback" not in result.output


def test_nan_in_the_input_json_reached_the_engine(tmp_path: Path) -> None:
    source = tmp_path / "input.json"
    source.write_text('{"Score": NaN}')
    result = runner.invoke(
        app, ["eval", str(MODELS / "hit-policies.dmn"), "-d", "Unique Band", "-i", str(source)]
    )
    assert result.exit_code == 2
    assert "NaN is not a JSON number" in result.output


def test_long_json_numbers_lost_digits_through_float(tmp_path: Path) -> None:
    source = tmp_path / "input.json"
    source.write_text('{"Score": 49.99999999999999999999}')  # a float would round this to 50.0
    result = runner.invoke(
        app, ["eval", str(MODELS / "hit-policies.dmn"), "-d", "Unique Band", "-i", str(source)]
    )
    assert result.exit_code == 0
    assert '"value": "low"' in result.output


def test_json_numbers_beyond_decimal128_became_infinite_or_unrounded() -> None:
    from opgave.dmn.jsonvalues import from_json_number

    assert from_json_number(float("inf")) is None
    assert from_json_number(Decimal("1e999999")) is None
    assert from_json_number(10**40) == Decimal(10**40)
    assert len(from_json_number(Decimal("0." + "3" * 50)).as_tuple().digits) == 34  # type: ignore[union-attr]


@pytest.mark.parametrize("key", ["Base Rules.Citizen", "Base Rules . Citizen"])
def test_inputs_of_an_imported_model_could_not_be_given_by_prefixed_name(key: str) -> None:
    from opgave.dmn import load_model

    model = load_model(MODELS / "imports" / "benefits.dmn")
    result = model.evaluate("Letter", {key: {"full name": "Ada", "age": 40}})
    assert result.value == "Dear Ada, you qualify"


def test_decisions_of_camunda_models_without_input_data_saw_no_inputs() -> None:
    from opgave.dmn import load_model

    model = load_model(MODELS / "vendors" / "camunda7-dish.dmn")
    result = model.evaluate("Dish", {"season": "Winter", "guestCount": 2})
    assert (result.value, result.messages) == ("Roastbeef", [])


@pytest.mark.parametrize("text", ["²", "x²"])
def test_a_superscript_digit_crashed_the_lexer_with_a_decimal_signal(text: str) -> None:
    value, errors = evaluate(text)
    assert value is None and "no variable named" in errors[0]


@pytest.mark.parametrize(
    "text",
    ['date("٢٠٢٠-01-01")', 'number("١٢")', 'duration("P١D")', 'time("١٠:00:00")', '@"２０２０-01-01"'],
)
def test_unicode_digits_were_accepted_in_literals_and_conversions(text: str) -> None:
    value, errors = evaluate(text)
    assert value is None and errors


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("sum([1, null])", "found null"),
        ('string join(["a", 1])', "found 1"),
        ("sort([1, 2], function(x, y) null)", "not null"),
        ("list replace([1], function(item, new) 1, 2)", "not 1"),
    ],
)
def test_messages_showed_python_reprs_such_as_none(text: str, shown: str) -> None:
    _, errors = evaluate(text)
    assert shown in errors[0] and "None" not in errors[0] and "Decimal" not in errors[0]


def _table_model(policy: str, outputs: str, entry: str = "-") -> str:
    return (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="t" namespace="urn:t">'
        '<decision id="d" name="D"><variable name="D"/>'
        f'<decisionTable {policy}><input id="i"><inputExpression><text>1</text></inputExpression></input>'
        f'{outputs}<rule id="r"><inputEntry><text>{entry}</text></inputEntry>'
        + "<outputEntry><text>1</text></outputEntry>" * outputs.count("<output ")
        + "</rule></decisionTable></decision></definitions>"
    )


def test_check_missed_a_priority_table_without_output_values() -> None:
    from opgave.dmn import load_model

    model = load_model(_table_model('hitPolicy="PRIORITY"', '<output id="o"/>'))
    assert ["needs output values" in p.message for p in model.check()] == [True]


def test_check_missed_an_aggregation_over_several_outputs() -> None:
    from opgave.dmn import load_model

    outputs = '<output id="a" name="a"/><output id="b" name="b"/>'
    model = load_model(_table_model('hitPolicy="COLLECT" aggregation="SUM"', outputs))
    assert ["exactly one output" in p.message for p in model.check()] == [True]


def test_an_input_entry_that_cannot_compare_with_the_input_failed_silently() -> None:
    from opgave.dmn import load_model

    model = load_model(_table_model("", '<output id="o"/>', '&lt; "ten"'))
    result = model.evaluate("D", {})
    assert result.value is None
    assert any("cannot compare number with string" in m for m in result.messages)


@pytest.mark.parametrize(
    ("text", "free"),
    [
        ("{x: 1, y: x + z}", {"z"}),
        ("for i in l, j in i return i + j + partial[1]", {"l"}),
        ("function(p) p + q", {"q"}),
        ("l[age > 18].name", {"l"}),
        ("substring(s, 1)", {"s"}),
        ("some v in V satisfies v > w", {"V", "w"}),
    ],
)
def test_free_names_leave_out_bound_names_and_builtins(text: str, free: set[str]) -> None:
    assert compile_expression(text).free_names == free


def test_check_missed_names_a_decision_reads_but_does_not_require() -> None:
    from opgave.dmn import load_model

    model = load_model(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="n" namespace="urn:n">'
        '<inputData id="i" name="Age"><variable name="Age" typeRef="number"/></inputData>'
        '<decision id="d" name="Not Required"><variable name="Not Required"/>'
        "<literalExpression><text>Age + 1</text></literalExpression></decision>"
        '<decision id="e" name="Typo"><variable name="Typo"/>'
        '<informationRequirement><requiredInput href="#i"/></informationRequirement>'
        '<context><contextEntry><variable name="next"/><literalExpression><text>Age + 1</text></literalExpression>'
        "</contextEntry><contextEntry><literalExpression><text>nxet * 2</text></literalExpression></contextEntry>"
        "</context></decision></definitions>"
    )
    problems = [str(p) for p in model.check()]
    assert len(problems) == 2
    assert "Decision 'Not Required'" in problems[0] and "'Age'" in problems[0]
    assert "Decision 'Typo'" in problems[1] and "'nxet'" in problems[1]


def test_no_module_has_an_invalid_escape_sequence() -> None:
    """Docstrings of the regex built-ins once held ``\\d`` unescaped (a DeprecationWarning, later an error)."""
    import warnings

    source_root = Path(__file__).resolve().parents[2] / "src" / "opgave" / "dmn"
    for path in sorted(source_root.rglob("*.py")):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_check_missed_unknown_names_in_input_entries() -> None:
    from opgave.dmn import load_model

    model = load_model(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="n" namespace="urn:n">'
        '<inputData id="i" name="Age"><variable name="Age" typeRef="number"/></inputData>'
        '<decision id="d" name="D"><variable name="D"/>'
        '<informationRequirement><requiredInput href="#i"/></informationRequirement>'
        '<decisionTable><input id="c"><inputExpression><text>Age</text></inputExpression></input><output id="o"/>'
        '<rule id="r1"><inputEntry><text>&lt; Limit</text></inputEntry><outputEntry><text>1</text></outputEntry></rule>'
        '<rule id="r2"><inputEntry><text>? &gt;= Age</text></inputEntry><outputEntry><text>2</text></outputEntry></rule>'
        "</decisionTable></decision></definitions>"
    )
    problems = [str(p) for p in model.check()]
    assert len(problems) == 1 and "rule 1" in problems[0] and "'Limit'" in problems[0]


@pytest.mark.parametrize("type_ref", ["xsd:decimal", "xsd:integer", "xsd:double", "integer", "long"])
def test_xml_schema_number_types_of_dmn_11_were_unknown(type_ref: str) -> None:
    from opgave.dmn import load_model

    model = load_model(
        '<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="x" namespace="urn:x">'
        f'<inputData id="i" name="A"><variable name="A" typeRef="{type_ref}"/></inputData>'
        '<decision id="d" name="D"><variable name="D"/><informationRequirement><requiredInput href="#i"/>'
        "</informationRequirement><literalExpression><text>A * 2</text></literalExpression></decision></definitions>"
    )
    assert model.check() == []
    assert model.evaluate("D", {"A": 21}).value == 42
    assert model.evaluate("D", {"A": "21"}).value is None


def test_json_objects_that_left_out_optional_components_did_not_conform() -> None:
    from opgave.dmn import load_model

    model = load_model(MODELS / "item-definitions.dmn")
    household = [{"name": "Ann", "age": 40}, {"name": "Bob", "age": 70}]
    result = model.evaluate("Oldest", {"Household": household})
    assert (result.value, result.messages) == ("Bob", [])
    literal = model.evaluate("Address Missing Component", {})  # a FEEL context is still checked strictly
    assert literal.value is None and "does not conform" in literal.messages[0]


def test_an_extra_input_key_shadowed_a_builtin_in_a_model_with_input_data() -> None:
    from opgave.dmn import load_model

    model = load_model(MODELS / "hit-policies.dmn")
    assert model.evaluate("Points Sum", {"Score": 95, "sum": 1, "odd": 2}).value == 25
    assert model.evaluate("Rule Order Tags", {"Score": 95, "odd": 2}).value == ["non-negative", "odd"]


@pytest.mark.parametrize("pattern", ["", "x*", "a?"])
def test_replace_with_a_pattern_matching_the_empty_string_inserted_everywhere(pattern: str) -> None:
    value, errors = evaluate(f'replace("abcd", "{pattern}", "x")')
    assert value is None and "matches an empty string" in errors[0]


def test_a_dtd_in_a_utf16_document_slipped_past_the_refusal(tmp_path: Path) -> None:
    from opgave.dmn import DmnError, load_model

    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE definitions [<!ENTITY a "EXPANDED">]>\n'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="&a;" namespace="urn:x"/>'
    )
    path = tmp_path / "model.dmn"
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(DmnError, match="DTD"):
        load_model(path)


def test_a_boxed_iterator_over_a_range_iterated_once_over_the_range_itself() -> None:
    from opgave.dmn import load_model

    model = load_model(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="x" namespace="urn:x">'
        '<decision id="d" name="Tens"><variable name="Tens"/><for iteratorVariable="v">'
        "<in><literalExpression><text>[1..3]</text></literalExpression></in>"
        "<return><literalExpression><text>v * 10</text></literalExpression></return></for></decision>"
        '<decision id="e" name="Any Day"><variable name="Any Day"/><some iteratorVariable="d">'
        '<in><literalExpression><text>[date("2024-02-28")..date("2024-03-01")]</text></literalExpression></in>'
        "<satisfies><literalExpression><text>d.day = 29</text></literalExpression></satisfies></some></decision>"
        "</definitions>"
    )
    assert model.evaluate("Tens", {}).value == [10, 20, 30]
    assert model.evaluate("Any Day", {}).value is True


def test_every_ignored_an_element_whose_test_was_null() -> None:
    assert evaluate("every x in [1, null] satisfies x > 0")[0] is False
    assert evaluate("some x in [null, 1] satisfies x > 0")[0] is True
    assert evaluate("some x in [null] satisfies x > 0")[0] is False


def test_boxed_some_and_every_made_a_null_test_an_error() -> None:
    from opgave.dmn import load_model

    def quantified(kind: str) -> str:
        return (
            f'<decision id="{kind}" name="{kind}"><variable name="{kind}"/><{kind} iteratorVariable="v">'
            "<in><literalExpression><text>[1, null]</text></literalExpression></in>"
            f"<satisfies><literalExpression><text>v &gt; 0</text></literalExpression></satisfies></{kind}></decision>"
        )

    model = load_model(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="x" namespace="urn:x">'
        + quantified("some")
        + quantified("every")
        + "</definitions>"
    )
    assert model.evaluate("some", {}).value is True
    every = model.evaluate("every", {})
    assert every.value is False and not any("not a boolean" in m for m in every.messages)
