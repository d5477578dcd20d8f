"""Model.evaluate_frame: a population in, one column per decision out, equal to Model.evaluate per row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from opgave.dmn import DmnEvaluationError, load_model

REFERENCE = Path(__file__).resolve().parents[3] / "src" / "opgave" / "rules" / "reference"


@pytest.fixture(scope="module")
def zorgtoeslag():
    return load_model(REFERENCE / "zorgtoeslag" / "zorgtoeslag-2025.dmn")


POPULATION = {
    "leeftijd": [17, 30, 45, None, 200, 67],
    "verzekerd": [True, True, True, True, True, False],
    "toeslagpartner": [False, False, True, None, False, True],
    "toetsingsinkomen": [
        Decimal("1000"),
        Decimal("30000.50"),
        Decimal("45000"),
        Decimal("0"),
        None,
        Decimal("1"),
    ],
    "vermogen": [Decimal("0"), Decimal("5000"), Decimal("200000"), Decimal("0"), Decimal("0"), Decimal("0")],
}


@pytest.mark.parametrize("columnar", [True, False])
def test_every_row_equals_the_per_case_engine(zorgtoeslag, columnar):
    frame = pl.DataFrame(POPULATION)
    result = zorgtoeslag.evaluate_frame(frame, messages="messages", columnar=columnar)
    assert result.columns == [*zorgtoeslag.decision_names, "messages"]
    assert result.height == frame.height
    for index, row in enumerate(frame.to_dicts()):
        for name in zorgtoeslag.decision_names:
            expected = zorgtoeslag.evaluate(name, row)
            assert result[name][index] == expected.value, (index, name)
        expected_all = zorgtoeslag.evaluate("Zorgtoeslag per maand", row)
        assert set(expected_all.messages) <= set(result["messages"][index])


def test_known_amounts(zorgtoeslag):
    frame = pl.DataFrame(POPULATION)
    result = zorgtoeslag.evaluate_frame(frame, ["Zorgtoeslag per maand", "Recht op zorgtoeslag"])
    assert result.columns == ["Zorgtoeslag per maand", "Recht op zorgtoeslag"]
    # 2112 - (0.01896 * 28406 + 0.137 * 1594.50) = 1354.97574 -> 1354.98 a year; / 12 = 112.915 exactly,
    # which rounds half to even: 112.92.
    assert result["Zorgtoeslag per maand"].to_list()[:3] == [Decimal("0"), Decimal("112.92"), Decimal("0")]
    assert result["Recht op zorgtoeslag"][0] == {"recht": False, "reden": "je jonger dan 18 jaar bent"}
    # An age outside [0..130] is null with a message, as per case.
    assert result["Zorgtoeslag per maand"][4] == Decimal("0")


def test_mapping_lazy_and_arrow_in(zorgtoeslag):
    frame = pl.DataFrame(POPULATION)
    expected = zorgtoeslag.evaluate_frame(frame, "Zorgtoeslag per jaar")
    assert zorgtoeslag.evaluate_frame(frame.lazy(), "Zorgtoeslag per jaar").equals(expected)
    assert zorgtoeslag.evaluate_frame(dict(POPULATION), "Zorgtoeslag per jaar").equals(expected)


def test_unknown_decision_is_a_clear_error(zorgtoeslag):
    with pytest.raises(DmnEvaluationError, match="no decision named 'Onbekend'"):
        zorgtoeslag.evaluate_frame(pl.DataFrame(POPULATION), ["Onbekend"])


def test_empty_frame(zorgtoeslag):
    result = zorgtoeslag.evaluate_frame(pl.DataFrame(POPULATION).head(0), "Zorgtoeslag per jaar")
    assert result.height == 0
    assert result.columns == ["Zorgtoeslag per jaar"]


def test_arrow_in(zorgtoeslag):
    pytest.importorskip("pyarrow")
    frame = pl.DataFrame(POPULATION)
    expected = zorgtoeslag.evaluate_frame(frame, "Zorgtoeslag per jaar")
    assert zorgtoeslag.evaluate_frame(frame.to_arrow(), "Zorgtoeslag per jaar").equals(expected)


def test_check_vectorised_lists_the_per_case_decisions() -> None:
    import json

    from typer.testing import CliRunner

    from opgave.dmn.cli import app

    runner = CliRunner()
    shipped = runner.invoke(
        app, ["check", "--vectorised", str(REFERENCE / "zorgtoeslag" / "zorgtoeslag-2025.dmn")]
    )
    assert shipped.exit_code == 0, shipped.output
    assert "vectorised: 7 of 7 decision(s) columnar" in shipped.output
    boxed = Path(__file__).resolve().parents[1] / "models" / "boxed-logic.dmn"
    text = runner.invoke(app, ["check", "--vectorised", str(boxed)])
    assert text.exit_code == 0, text.output
    assert "- per case: Payment: the operator '**'" in text.output
    as_json = runner.invoke(app, ["check", "--vectorised", "--format", "json", str(boxed)])
    report = json.loads(as_json.output)["vectorised"]
    assert {"decision": "Squares", "reason": "the boxed iterator"} in report["per_case"]
    assert "Income Class" in report["columnar"]
    # Without the option the output stays as it was.
    plain = runner.invoke(app, ["check", str(boxed)])
    assert "vectorised" not in plain.output


def test_only_rows_with_messages_go_per_case(zorgtoeslag):
    """Clean rows are answered columnar; a row with an invalid input is redone per case, with its message."""
    from opgave.dmn.vector.plan import Report, plan_for

    clean = pl.DataFrame(
        {
            "leeftijd": list(range(0, 100)),
            "verzekerd": [True] * 100,
            "toeslagpartner": [i % 2 == 0 for i in range(100)],
            "toetsingsinkomen": [Decimal(i * 517) for i in range(100)],
            "vermogen": [Decimal(i * 1000) for i in range(100)],
        }
    )
    report = Report()
    plan_for(zorgtoeslag).run(clean, zorgtoeslag.decision_names, "messages", report)
    assert report.rows_per_case == 0
    assert report.per_case == {}
    dirty = clean.with_columns(
        pl.when(pl.int_range(pl.len()) == 7).then(200).otherwise(pl.col("leeftijd")).alias("leeftijd")
    )
    result = plan_for(zorgtoeslag).run(dirty, ["Zorgtoeslag per maand"], "messages", report)
    assert report.rows_per_case == 1
    messages = result["messages"].to_list()
    assert messages[7] == zorgtoeslag.evaluate("Zorgtoeslag per maand", dirty.row(7, named=True)).messages
    assert "does not conform to type 'tLeeftijd'" in messages[7][0]
    assert all(not m for i, m in enumerate(messages) if i != 7)
