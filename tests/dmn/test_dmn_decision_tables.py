"""Decision tables: every hit policy, input/output values, defaults, multiple outputs, annotations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from dmn_builders import ModelFactory, decision_xml, input_xml, table_xml

from opgave.dmn import Model


def table_model(make_model: ModelFactory, table: str, inputs: tuple[str, ...] = ("x",)) -> Model:
    body = "".join(input_xml(name) for name in inputs) + decision_xml("Result", table, inputs=inputs)
    return make_model(body)


RULES = [(["< 10"], ['"low"']), (["< 20"], ['"medium"']), (["-"], ['"high"'])]


@pytest.mark.parametrize(
    ("policy", "aggregation", "x", "expected"),
    [
        ("FIRST", None, 5, "low"),
        ("FIRST", None, 15, "medium"),
        ("FIRST", None, 25, "high"),
        ("RULE ORDER", None, 5, ["low", "medium", "high"]),
        ("RULE ORDER", None, 15, ["medium", "high"]),
        ("COLLECT", None, 15, ["medium", "high"]),
    ],
)
def test_single_and_multi_hit_policies(
    make_model: ModelFactory, policy: str, aggregation: str | None, x: int, expected: object
) -> None:
    model = table_model(make_model, table_xml(policy, RULES, aggregation=aggregation))
    assert model.evaluate("Result", {"x": x}).value == expected


def test_unique_with_one_match_gives_that_output(make_model: ModelFactory) -> None:
    rules = [(["< 10"], ['"low"']), (["[10..20)"], ['"medium"']), ([">= 20"], ['"high"'])]
    model = table_model(make_model, table_xml("UNIQUE", rules))
    assert [model.evaluate("Result", {"x": x}).value for x in (5, 10, 20)] == ["low", "medium", "high"]


def test_unique_with_overlapping_rules_is_null_with_a_message(make_model: ModelFactory) -> None:
    model = table_model(make_model, table_xml("UNIQUE", RULES))
    result = model.evaluate("Result", {"x": 5})
    assert result.value is None
    assert any("UNIQUE" in m and "1, 2, 3" in m for m in result.messages)


def test_any_accepts_equal_outputs_and_rejects_different_ones(make_model: ModelFactory) -> None:
    rules = [(["< 10"], ['"yes"']), (["< 20"], ['"yes"']), (["> 100"], ['"no"']), (["> 50"], ['"maybe"'])]
    model = table_model(make_model, table_xml("ANY", rules))
    assert model.evaluate("Result", {"x": 5}).value == "yes"
    result = model.evaluate("Result", {"x": 200})
    assert result.value is None
    assert any("ANY" in m for m in result.messages)


def test_priority_uses_the_order_of_the_output_values(make_model: ModelFactory) -> None:
    rules = [(["> 0"], ['"low"']), (["> 10"], ['"high"']), (["> 5"], ['"medium"'])]
    table = table_xml("PRIORITY", rules, output_values=['"high", "medium", "low"'])
    model = table_model(make_model, table)
    assert model.evaluate("Result", {"x": 20}).value == "high"
    assert model.evaluate("Result", {"x": 7}).value == "medium"
    assert model.evaluate("Result", {"x": 1}).value == "low"


def test_output_order_sorts_all_matches_by_priority(make_model: ModelFactory) -> None:
    rules = [(["> 0"], ['"low"']), (["> 10"], ['"high"']), (["> 5"], ['"medium"'])]
    table = table_xml("OUTPUT ORDER", rules, output_values=['"high", "medium", "low"'])
    model = table_model(make_model, table)
    assert model.evaluate("Result", {"x": 20}).value == ["high", "medium", "low"]
    assert model.evaluate("Result", {"x": 7}).value == ["medium", "low"]


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [("SUM", Decimal(60)), ("COUNT", Decimal(3)), ("MIN", Decimal(10)), ("MAX", Decimal(30))],
)
def test_collect_aggregations(make_model: ModelFactory, aggregation: str, expected: Decimal) -> None:
    rules = [(["> 0"], ["10"]), (["> 1"], ["20"]), (["> 2"], ["30"]), (["> 100"], ["1000"])]
    model = table_model(make_model, table_xml("COLLECT", rules, aggregation=aggregation))
    assert model.evaluate("Result", {"x": 5}).value == expected


def test_collect_without_matches(make_model: ModelFactory) -> None:
    rules = [(["> 100"], ["1"])]
    assert table_model(make_model, table_xml("COLLECT", rules)).evaluate("Result", {"x": 5}).value == []
    counted = table_model(make_model, table_xml("COLLECT", rules, aggregation="COUNT"))
    assert counted.evaluate("Result", {"x": 5}).value == Decimal(0)
    summed = table_model(make_model, table_xml("COLLECT", rules, aggregation="SUM"))
    assert summed.evaluate("Result", {"x": 5}).value is None


def test_no_match_gives_the_default_output_or_null(make_model: ModelFactory) -> None:
    rules = [(["< 10"], ['"low"'])]
    assert table_model(make_model, table_xml("UNIQUE", rules)).evaluate("Result", {"x": 50}).value is None
    with_default = table_model(make_model, table_xml("UNIQUE", rules, defaults=['"unknown"']))
    assert with_default.evaluate("Result", {"x": 50}).value == "unknown"


def test_multiple_outputs_give_a_context(make_model: ModelFactory) -> None:
    rules = [(["< 10"], ['"low"', "1"]), (["-"], ['"high"', "2"])]
    model = table_model(make_model, table_xml("FIRST", rules, outputs=("level", "code")))
    assert model.evaluate("Result", {"x": 5}).value == {"level": "low", "code": Decimal(1)}
    collected = table_model(make_model, table_xml("RULE ORDER", rules, outputs=("level", "code")))
    assert collected.evaluate("Result", {"x": 5}).value == [
        {"level": "low", "code": Decimal(1)},
        {"level": "high", "code": Decimal(2)},
    ]


def test_several_inputs_all_have_to_match(make_model: ModelFactory) -> None:
    rules = [(["< 10", '"a"'], ['"low a"']), (["< 10", '"b", "c"'], ['"low b/c"']), (["-", "-"], ['"other"'])]
    model = table_model(make_model, table_xml("FIRST", rules, inputs=("x", "y")), inputs=("x", "y"))
    assert model.evaluate("Result", {"x": 1, "y": "a"}).value == "low a"
    assert model.evaluate("Result", {"x": 1, "y": "c"}).value == "low b/c"
    assert model.evaluate("Result", {"x": 11, "y": "a"}).value == "other"


def test_an_input_outside_its_input_values_makes_the_table_null(make_model: ModelFactory) -> None:
    rules = [(["-"], ['"ok"'])]
    model = table_model(make_model, table_xml("UNIQUE", rules, input_values=["[0..10]"]))
    assert model.evaluate("Result", {"x": 5}).value == "ok"
    result = model.evaluate("Result", {"x": 50})
    assert result.value is None
    assert any("input values" in m for m in result.messages)


def test_an_output_outside_its_output_values_is_an_error(make_model: ModelFactory) -> None:
    rules = [(["-"], ['"maybe"'])]
    model = table_model(make_model, table_xml("UNIQUE", rules, output_values=['"yes", "no"']))
    result = model.evaluate("Result", {"x": 5})
    assert result.value is None
    assert any("output values" in m for m in result.messages)


def test_the_input_can_be_referred_to_with_a_question_mark(make_model: ModelFactory) -> None:
    rules = [(["? > 3 and ? < 8"], ['"inside"']), (["-"], ['"outside"'])]
    model = table_model(make_model, table_xml("FIRST", rules))
    assert model.evaluate("Result", {"x": 5}).value == "inside"
    assert model.evaluate("Result", {"x": 9}).value == "outside"


def test_the_twenty_rule_table_with_a_bkm(schuldhulp: Model) -> None:
    inputs = {
        "leeftijd": 42,
        "totaleSchuld": 32000,
        "aantalSchuldeisers": 12,
        "woonsituatie": "huur",
        "eerderSchuldsanering": False,
        "nettoMaandinkomen": 1850,
    }
    assert schuldhulp.evaluate("afloscapaciteit", inputs).value == Decimal("92.5")
    assert schuldhulp.evaluate("traject", inputs).value == {"soort": "stabilisatie", "termijn": Decimal(18)}
    young = schuldhulp.evaluate("traject", {**inputs, "leeftijd": 16}).value
    assert young == {"soort": "jeugdhulp", "termijn": Decimal(0)}
