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
