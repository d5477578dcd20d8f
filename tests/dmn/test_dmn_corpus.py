"""The independent model corpus in ``tests/dmn/models`` (written from the DMN 1.5 spec, not the TCK).

The TCK-format files (``*-test-01.xml``) run through the TCK runner; the other
models are checked here through the public API with hand-derived expectations.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from opgave.dmn import Model, load_model
from opgave.dmn.tck import run_tck

MODELS = Path(__file__).with_name("models")


def model(name: str) -> Model:
    return load_model(MODELS / name)


#: Decisions written to show a type that cannot conform (``check`` warns, evaluation gives null).
DELIBERATE_WARNINGS = {"item-definitions.dmn": {"Bad Grade", "Wrong Type", "Address Missing Component"}}


def test_every_corpus_model_loads_without_problems() -> None:
    paths = sorted(MODELS.rglob("*.dmn"))
    assert len(paths) >= 10
    for path in paths:
        problems = load_model(path).check()
        assert [p for p in problems if p.severity == "error"] == [], path
        warned = {str(p.element).split("'")[1] for p in problems}
        assert warned == DELIBERATE_WARNINGS.get(path.name, set()), path


def test_the_tck_format_files_of_the_corpus_pass() -> None:
    report = run_tck(MODELS)
    failures = "\n".join(f"{r.folder}/{r.file} {r.case_id}: {r.message}" for r in report.failures())
    assert report.passed >= 38 and report.failed == 0, failures


# --- item definitions and type conversion -------------------------------------------------

APPLICANT = {
    "name": "Ann",
    "age": 40,
    "address": {"street": "Kade", "house number": 3},
    "nicknames": ["an"],
    "birthday": "1986-02-03",
}


@pytest.mark.parametrize(
    ("decision", "inputs", "expected"),
    [
        ("Greeting", {"Applicant": APPLICANT}, "Hello Ann of Kade 3"),
        ("Is Person", {"Applicant": APPLICANT}, True),
        ("Is Person", {}, False),
        ("Grade Echo", {"Grade": "B"}, "B"),
        ("Grade Count", {"Grades": ["A", "C"]}, Decimal(2)),
        ("Age Next Year", {"Age": 149}, Decimal(150)),
        ("Small Positive", {"Amount": 9}, Decimal(9)),
        ("Scores", {"Amount": 3}, [Decimal(1), Decimal(2), Decimal(3)]),
        ("Scores", {"Amount": -1}, [Decimal(1), Decimal(0), Decimal(-1)]),
        ("Percentages", {"Amount": 5}, [Decimal(0), Decimal(50), Decimal(100)]),
        ("Singleton To Number", {"Amount": 4}, Decimal(4)),
        ("Number To List", {"Amount": 4}, [Decimal(4)]),
        ("Use Adder", {}, Decimal(5)),
        ("Person With Extra", {}, {"street": "Main", "house number": Decimal(1), "extra": True}),
    ],
)
def test_item_definitions_accept_conforming_values(decision: str, inputs: dict, expected: object) -> None:
    result = model("item-definitions.dmn").evaluate(decision, inputs)
    assert result.value == expected
    assert result.messages == []


@pytest.mark.parametrize(
    ("decision", "inputs"),
    [
        ("Grade Echo", {"Grade": "Q"}),  # not an allowed value of the input data
        ("Bad Grade", {}),  # not an allowed value of the decision's type
        ("Age Next Year", {"Age": 150}),  # 151 is outside [0..150]
        ("Small Positive", {"Amount": 12}),  # the base type allows it, the derived one does not
        ("Small Positive", {"Amount": -1}),  # the derived type allows it, the base one does not
        ("Scores", {"Amount": 4}),  # the type constraint limits the whole list to 3 items
        ("Percentages", {"Amount": 12}),  # allowed values apply to each element
        ("Wrong Type", {}),
        ("Address Missing Component", {}),
        ("Greeting", {"Applicant": {**APPLICANT, "age": 200}}),  # a nested component out of range
    ],
)
def test_non_conforming_values_become_null_with_a_message(decision: str, inputs: dict) -> None:
    result = model("item-definitions.dmn").evaluate(decision, inputs)
    assert result.value is None
    assert any("does not conform" in message for message in result.messages), result.messages


def test_a_date_assigned_to_a_date_and_time_becomes_midnight_utc() -> None:
    result = model("item-definitions.dmn").evaluate("Day Start", {"Day": "2026-01-02"})
    assert result.value.isoformat() == "2026-01-02T00:00:00+00:00"


# --- vendor-style models --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("season", "guests", "dish"),
    [
        ("Winter", 3, "Roastbeef"),
        ("Spring", 10, "Stew"),
        ("Fall", 4, "Spareribs"),
        ("Summer", 2, "Light salad and a nice steak"),
        ("Spring", 3, None),
    ],
)
def test_camunda_models_without_input_data_see_the_given_variables(
    season: str, guests: int, dish: str | None
) -> None:
    result = model("vendors/camunda7-dish.dmn").evaluate("Dish", {"season": season, "guestCount": guests})
    assert result.value == dish
    assert result.messages == []


@pytest.mark.parametrize(
    ("income", "band", "eligible"),
    [(500, "A", True), (1500, "B", True), (2500, "B", False), (5000, "C", False)],
)
def test_a_camunda_8_model_with_dmndi(income: int, band: str, eligible: bool) -> None:
    loaded = model("vendors/camunda8-eligibility.dmn")
    assert loaded.evaluate("band", {"income": income}).value == band
    assert loaded.evaluate("Eligible", {"income": income}).value is eligible


@pytest.mark.parametrize(
    ("customer", "discount"),
    [
        ({"Customer Type": "Business", "Order Size": 9}, "0.10"),
        ({"Customer Type": "Business", "Order Size": 10}, "0.15"),
        ({"Customer Type": "Private", "Order Size": 1}, "0.05"),
    ],
)
def test_a_trisotech_model_with_prefixed_elements(customer: dict, discount: str) -> None:
    result = model("vendors/trisotech-discount.dmn").evaluate(
        "Discount", {"Customer": customer}, explain=True
    )
    assert result.value == Decimal(discount)
    assert result.trace is not None


@pytest.mark.parametrize(
    ("priority", "hours", "route"),
    [("normal", 50, "team lead"), ("normal", 5, "queue"), ("urgent", 1, "team lead"), ("low", 48, "queue")],
)
def test_a_kie_model_with_a_bkm_decision_table(priority: str, hours: int, route: str) -> None:
    result = model("vendors/kie-routing.dmn").evaluate(
        "Route", {"Priority": priority, "Waiting Hours": hours}
    )
    assert result.value == route


# --- DMN versions ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["11", "12", "13", "14", "15"])
@pytest.mark.parametrize(
    ("rating", "limit", "message"),
    [("good", 30000, "limit 30000"), ("fair", 15000, "limit 15000"), ("poor", 0, "no credit")],
)
def test_the_same_model_in_every_dmn_version(version: str, rating: str, limit: int, message: str) -> None:
    loaded = model(f"versions/dmn{version}-loan.dmn")
    inputs = {"Applicant": {"Monthly Salary": 3000, "Rating": rating}}
    assert loaded.evaluate("Credit Limit", inputs).value == limit
    assert loaded.evaluate("Message", inputs).value == message


# --- imports --------------------------------------------------------------------------------

BASE = "urn:opgave:corpus:base-rules"


@pytest.mark.parametrize(("age", "ending"), [(36, "you qualify"), (17, "you do not qualify")])
def test_an_imported_model_by_namespace(age: int, ending: str) -> None:
    loaded = model("imports/benefits.dmn")
    citizen = {"full name": "Ada Lovelace", "age": age}
    by_namespace = loaded.evaluate("Letter", {}, imported_inputs={BASE: {"Citizen": citizen}})
    by_prefix = loaded.evaluate("Letter", {"Base Rules.Citizen": citizen})
    assert by_namespace.value == by_prefix.value == f"Dear Ada Lovelace, {ending}"


def test_an_imported_type_and_decision_service() -> None:
    applicants = [{"full name": "A", "age": 17}, {"full name": "B", "age": 18}, {"full name": "C", "age": 80}]
    result = model("imports/benefits.dmn").evaluate("Adult Names", {"Applicants": applicants})
    assert result.value == ["B", "C"]


# --- the command line on corpus models ------------------------------------------------------


def _cli(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from opgave.dmn.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_cli_check_accepts_every_corpus_model() -> None:
    for path in sorted(MODELS.rglob("*.dmn")):
        code, output = _cli("check", str(path))
        assert code == 0 and (": OK (" in output or "0 error(s)" in output), output


def test_cli_evaluates_a_decision_service_directly(tmp_path: Path) -> None:
    source = tmp_path / "input.json"
    source.write_text('{"Gross Income": 30000, "Child Credit": 500}')
    code, output = _cli(
        "eval", str(MODELS / "services.dmn"), "--service", "Net Income Service", "-i", str(source)
    )
    assert code == 0
    assert json.loads(output)["value"] == {"Net Income": 19400, "Summary": "net 19400"}


def test_cli_evaluates_an_importing_model_with_prefixed_inputs(tmp_path: Path) -> None:
    source = tmp_path / "input.json"
    source.write_text('{"Base Rules.Citizen": {"full name": "Ada", "age": 17}}')
    code, output = _cli("eval", str(MODELS / "imports" / "benefits.dmn"), "-d", "Letter", "-i", str(source))
    assert code == 0
    assert json.loads(output) == {"value": "Dear Ada, you do not qualify", "messages": []}


def test_cli_explains_a_decision_table_with_rule_annotations(tmp_path: Path) -> None:
    source = tmp_path / "input.json"
    source.write_text('{"Quantity": 15}')
    code, output = _cli(
        "eval", str(MODELS / "table-features.dmn"), "-d", "Offer", "-i", str(source), "--explain"
    )
    assert code == 0
    table = json.loads(output)["trace"][0]["children"][0]
    assert table["hitPolicy"] == "PRIORITY"
    assert [rule["annotations"]["Reason"] for rule in table["matchedRules"]] == ["ten or more", "ten, bulk"]


def test_cli_reports_a_missing_input_as_null_with_the_type_problem(tmp_path: Path) -> None:
    source = tmp_path / "input.json"
    source.write_text('{"Grade": "Q"}')
    code, output = _cli(
        "eval",
        str(MODELS / "item-definitions.dmn"),
        "-d",
        "Grade Echo",
        "-i",
        str(source),
        "--format",
        "text",
    )
    assert code == 0
    assert output.splitlines()[0] == "Grade Echo = null"
    assert "does not conform to type 'tGrade'" in output


def test_a_time_with_an_offset_does_not_compare_with_local_opening_times() -> None:
    """XML Schema order (which FEEL follows): a zoned and a local time are not ordered; no rule matches."""
    result = model("temporal-rules.dmn").evaluate("Service Slot", {"Arrival": "2026-11-23T11:30:00+01:00"})
    assert result.value == "closed"
