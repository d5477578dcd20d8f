"""Models people already have: DMN 1.6, Camunda 7 decision requirements graphs, unknown versions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from opgave.dmn import load_model
from opgave.dmn.errors import DmnModelError
from opgave.dmn.tck import run_tck

MODELS = Path(__file__).with_name("models")


@pytest.mark.parametrize(
    ("temperature", "day", "dish"),
    [
        (30, "Weekday", "Light salad"),
        (5, "Weekday", "Roastbeef"),
        (5, "Weekend", "Stew"),
        (15, "Holiday", "Steak"),
    ],
)
def test_a_camunda_7_drg_reads_required_decisions_by_output_name(
    temperature: int, day: str, dish: str
) -> None:
    model = load_model(MODELS / "vendors" / "camunda7-dish-drg.dmn")
    result = model.evaluate("Dish", {"temperature": temperature, "dayType": day})
    assert result.value == dish, result.messages


def test_the_output_name_is_read_only_in_camunda_models(tmp_path: Path) -> None:
    text = (MODELS / "vendors" / "camunda7-dish-drg.dmn").read_text(encoding="utf-8")
    plain = text.replace(' exporter="Camunda Modeler"', "").replace(' camunda:historyTimeToLive="30"', "")
    (tmp_path / "plain.dmn").write_text(plain, encoding="utf-8")
    result = load_model(tmp_path / "plain.dmn").evaluate("Dish", {"temperature": 30, "dayType": "Weekday"})
    assert result.value is None
    assert result.messages


def test_a_dmn_1_6_model_evaluates() -> None:
    report = run_tck(MODELS / "versions" / "dmn16-loan-test-01.xml")
    assert report.failed == 0 and report.passed >= 3, report.failures()


def test_an_unknown_dmn_version_is_named_with_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "future.dmn"
    path.write_text(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20990101/MODEL/" name="f" namespace="urn:f"/>',
        encoding="utf-8",
    )
    with pytest.raises(DmnModelError) as raised:
        load_model(path)
    assert "is not supported (supported: 1.1–1.6)" in str(raised.value)


def test_something_else_is_still_not_a_dmn_model(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text('<definitions xmlns="urn:other" name="f"/>', encoding="utf-8")
    with pytest.raises(DmnModelError, match="not a DMN model"):
        load_model(path)


def test_numbers_from_a_camunda_table_are_numbers() -> None:
    model = load_model(MODELS / "vendors" / "camunda7-dish-drg.dmn")
    assert model.evaluate("Guest count", {"dayType": "Holiday"}).value == Decimal(10)


def _camunda_model(tmp_path: Path, expression: str, *, camunda: bool = True) -> object:
    exporter = ' exporter="Camunda Modeler"' if camunda else ""
    text = (
        f'<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" name="c8" namespace="urn:c8"{exporter}>'
        f'<decision id="d" name="Result"><literalExpression><text>{expression}</text></literalExpression></decision>'
        "</definitions>"
    )
    path = tmp_path / "c8.dmn"
    path.write_text(text, encoding="utf-8")
    return load_model(path)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('string join(["a", "b"], ", ", "[", "]")', "[a, b]"),
        ('get value({a: {b: 1}}, ["a", "b"])', Decimal(1)),
        ('get value({a: 1}, "a")', Decimal(1)),  # the standard form keeps its meaning
        ("is empty([])", True),
        ('is blank("  ")', True),
        ('trim("  x ")', "x"),
        ("partition([1, 2, 3], 2)", [[Decimal(1), Decimal(2)], [Decimal(3)]]),
        ("duplicate values([1, 2, 1, 1])", [Decimal(1)]),
        ('last day of month(date("2024-02-10"))', __import__("datetime").date(2024, 2, 29)),
    ],
)
def test_camunda_8_extensions_work_in_camunda_models(
    tmp_path: Path, expression: str, expected: object
) -> None:
    result = _camunda_model(tmp_path, expression).evaluate("Result", {})  # type: ignore[attr-defined]
    assert result.value == expected, result.messages


def test_the_extensions_are_unknown_in_a_standard_model(tmp_path: Path) -> None:
    model = _camunda_model(tmp_path, 'trim("  x ")', camunda=False)
    result = model.evaluate("Result", {})  # type: ignore[attr-defined]
    assert result.value is None and result.messages
    standard = _camunda_model(tmp_path, 'string join(["a", "b"], ", ", "[", "]")', camunda=False)
    assert standard.evaluate("Result", {}).value is None  # type: ignore[attr-defined]
