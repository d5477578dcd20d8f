"""``opgave dmn batch``: a population file in, one column per decision out, exact, in chunks.

Every result is compared with the per-case engine (``Model.evaluate``) row by row; errors name
the column and the data row, exit 1 without a traceback and leave no output file behind.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from opgave.dmn import Model, load_model
from opgave.dmn.cli import app

ROOT = Path(__file__).resolve().parents[2]
ZORGTOESLAG = ROOT / "src" / "opgave" / "rules" / "reference" / "zorgtoeslag" / "zorgtoeslag-2025.dmn"
INPUTS = ["leeftijd", "verzekerd", "toeslagpartner", "toetsingsinkomen", "vermogen"]

# A small model with one input of every simple type, to check exact numbers, dates and text.
ECHO = """<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="echo" namespace="urn:echo" id="defs">
  <inputData id="i_bedrag" name="bedrag"><variable name="bedrag" typeRef="number"/></inputData>
  <inputData id="i_datum" name="datum"><variable name="datum" typeRef="date"/></inputData>
  <inputData id="i_naam" name="naam"><variable name="naam" typeRef="string"/></inputData>
  <inputData id="i_actief" name="actief"><variable name="actief" typeRef="boolean"/></inputData>
  <decision id="d_bedrag" name="Bedrag plus"><variable name="Bedrag plus" typeRef="number"/>
    <informationRequirement><requiredInput href="#i_bedrag"/></informationRequirement>
    <literalExpression><text>bedrag + 0.000000000000000001</text></literalExpression></decision>
  <decision id="d_jaar" name="Jaar"><variable name="Jaar" typeRef="number"/>
    <informationRequirement><requiredInput href="#i_datum"/></informationRequirement>
    <literalExpression><text>datum.year</text></literalExpression></decision>
  <decision id="d_groet" name="Groet"><variable name="Groet" typeRef="string"/>
    <informationRequirement><requiredInput href="#i_naam"/></informationRequirement>
    <informationRequirement><requiredInput href="#i_actief"/></informationRequirement>
    <literalExpression><text>if actief then "hallo " + naam else "weg"</text></literalExpression></decision>
</definitions>
"""

runner = CliRunner()


def _population(size: int = 41) -> list[dict[str, Any]]:
    """Rows with boundary ages, nulls, a partner or not, incomes around the limits, long decimals."""
    rows = []
    for n in range(size):
        rows.append(
            {
                "leeftijd": None if n % 13 == 5 else [17, 18, 19, 45, 67, 0][n % 6],
                "verzekerd": None if n % 17 == 3 else n % 5 != 0,
                "toeslagpartner": n % 2 == 0,
                "toetsingsinkomen": None
                if n % 11 == 4
                else Decimal(12000 + 997 * n) + Decimal("0.01") * (n % 7),
                "vermogen": Decimal(4000 * n) + Decimal("0.5") if n % 3 else Decimal(0),
            }
        )
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_population(rows: list[dict[str, Any]], path: Path, columns: list[str] = INPUTS) -> None:
    if path.suffix == ".csv":
        lines = [",".join(columns)] + [",".join(_text(row[c]) for c in columns) for row in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif path.suffix == ".jsonl":
        # Numbers as JSON numbers with all their digits (not via float).
        def value(v: Any) -> str:
            return str(v) if isinstance(v, Decimal) else json.dumps(v)

        path.write_text(
            "".join("{" + ", ".join(f'"{c}": {value(row[c])}' for c in columns) + "}\n" for row in rows),
            encoding="utf-8",
        )
    else:
        frame = pl.DataFrame(
            {
                "leeftijd": pl.Series([r["leeftijd"] for r in rows], dtype=pl.Int64),
                "verzekerd": pl.Series([r["verzekerd"] for r in rows], dtype=pl.Boolean),
                "toeslagpartner": pl.Series([r["toeslagpartner"] for r in rows], dtype=pl.Boolean),
                "toetsingsinkomen": pl.Series([r["toetsingsinkomen"] for r in rows], dtype=pl.Decimal(38, 2)),
                "vermogen": pl.Series([r["vermogen"] for r in rows], dtype=pl.Decimal(38, 1)),
            }
        )
        frame.select(columns).write_parquet(path)


def _same(expected: Any, got: Any) -> bool:
    """A FEEL value equals a value read back from an output file (Decimal, JSON text, struct)."""
    if isinstance(got, str) and not isinstance(expected, str):
        if got == "":
            return expected is None
        if isinstance(expected, bool):
            return got == ("true" if expected else "false")
        if isinstance(expected, Decimal):
            return Decimal(got) == expected
        return _same(expected, json.loads(got, parse_float=Decimal))
    if expected is None or got is None:
        return expected is None and (got is None or got == "")
    if isinstance(expected, dict):
        return (
            isinstance(got, dict)
            and set(expected) == set(got)
            and all(_same(expected[k], got[k]) for k in expected)
        )
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, Decimal):
        return isinstance(got, (int, Decimal)) and Decimal(got) == expected
    return bool(expected == got)


def _read_output(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".parquet":
        return pl.read_parquet(path).to_dicts()
    if path.suffix == ".csv":
        return pl.read_csv(path, infer_schema=False).to_dicts()
    return [json.loads(line, parse_float=Decimal) for line in path.read_text(encoding="utf-8").splitlines()]


def _assert_per_case(
    model: Model, rows: list[dict[str, Any]], out: list[dict[str, Any]], names: list[str]
) -> None:
    assert len(out) == len(rows)
    for number, (row, got) in enumerate(zip(rows, out, strict=True), start=1):
        assert list(got) == names
        for name in names:
            expected = model.evaluate(name, row).value
            assert _same(expected, got[name]), (number, name, expected, got[name])


def _batch(*args: str) -> Any:
    return runner.invoke(app, ["batch", *args, "--quiet"])


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("csv", "csv"),
        ("csv", "parquet"),
        ("jsonl", "jsonl"),
        ("jsonl", "csv"),
        ("parquet", "parquet"),
        ("parquet", "jsonl"),
    ],
)
def test_every_row_equals_the_per_case_engine(tmp_path: Path, source: str, target: str) -> None:
    rows = _population()
    population = tmp_path / f"pop.{source}"
    _write_population(rows, population)
    output = tmp_path / f"uit.{target}"
    result = _batch(
        str(ZORGTOESLAG), "--input", str(population), "--output", str(output), "--chunk-size", "7"
    )
    assert result.exit_code == 0, result.output
    assert f"{len(rows)} rijen" in result.output
    model = load_model(ZORGTOESLAG)
    _assert_per_case(model, rows, _read_output(output), model.decision_names)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([population.name, output.name])


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_a_tiny_chunk_size_gives_the_one_shot_output(tmp_path: Path, fmt: str) -> None:
    population = tmp_path / f"pop.{fmt}"
    _write_population(_population(23), population)
    outputs = []
    for size in ("1", "4", "1000"):
        output = tmp_path / f"uit-{size}.{fmt}"
        result = _batch(str(ZORGTOESLAG), "-i", str(population), "-o", str(output), "--chunk-size", size)
        assert result.exit_code == 0, result.output
        outputs.append(output)
    if fmt == "parquet":
        frames = [pl.read_parquet(p) for p in outputs]
        assert frames[0].schema == frames[2].schema
        assert frames[0].equals(frames[2]) and frames[1].equals(frames[2])
    else:
        texts = [p.read_bytes() for p in outputs]
        assert texts[0] == texts[1] == texts[2]


def test_numbers_stay_exact_through_csv_jsonl_and_parquet(tmp_path: Path) -> None:
    model_path = tmp_path / "echo.dmn"
    model_path.write_text(ECHO, encoding="utf-8")
    big = "1234567890123.123456789"  # a float keeps about 16 digits of this
    (tmp_path / "pop.csv").write_text(
        f"bedrag,datum,naam,actief\n{big},2025-01-31,Sam,true\n0.1,1999-12-31,Noor,false\n,,,\n",
        encoding="utf-8",
    )
    (tmp_path / "pop.jsonl").write_text(
        f'{{"bedrag": {big}, "datum": "2025-01-31", "naam": "Sam", "actief": true}}\n'
        '{"bedrag": 0.1, "datum": "1999-12-31", "naam": "Noor", "actief": false}\n'
        '{"bedrag": null, "datum": null, "naam": null, "actief": null}\n',
        encoding="utf-8",
    )
    wanted = Decimal("1234567890123.123456789000000001")  # 31 digits: within FEEL's 34
    for source in ("csv", "jsonl"):
        for target in ("csv", "jsonl", "parquet"):
            output = tmp_path / f"uit-{source}.{target}"
            result = _batch(str(model_path), "-i", str(tmp_path / f"pop.{source}"), "-o", str(output))
            assert result.exit_code == 0, result.output
            out = _read_output(output)
            first = out[0]["Bedrag plus"]
            assert load_model(model_path).evaluate("Bedrag plus", {"bedrag": Decimal(big)}).value == wanted
            assert Decimal(first) == wanted, (source, target, first)
            assert Decimal(out[1]["Bedrag plus"]) == Decimal("0.100000000000000001")
            assert _same(Decimal(2025), out[0]["Jaar"]) and _same("hallo Sam", out[0]["Groet"])
            assert _same("weg", out[1]["Groet"]) and _same(None, out[2]["Bedrag plus"])
    assert "1234567890123.123456789000000001" in (tmp_path / "uit-csv.csv").read_text()
    assert "1234567890123.123456789000000001" in (tmp_path / "uit-jsonl.jsonl").read_text()
    assert pl.read_parquet_schema(tmp_path / "uit-csv.parquet")["Bedrag plus"] == pl.Decimal(38, 18)


def test_decision_selection_keeps_the_given_order(tmp_path: Path) -> None:
    rows = _population(9)
    population = tmp_path / "pop.csv"
    _write_population(rows, population)
    output = tmp_path / "uit.csv"
    names = ["Zorgtoeslag per maand", "Recht op zorgtoeslag"]
    result = _batch(
        str(ZORGTOESLAG), "-i", str(population), "-o", str(output), "-d", names[0], "-d", names[1]
    )
    assert result.exit_code == 0, result.output
    _assert_per_case(load_model(ZORGTOESLAG), rows, _read_output(output), names)


def test_a_messages_column_holds_each_rows_messages(tmp_path: Path) -> None:
    rows = _population(12)
    population = tmp_path / "pop.jsonl"
    _write_population(rows, population)
    output = tmp_path / "uit.jsonl"
    name = "Zorgtoeslag per maand"
    result = _batch(
        str(ZORGTOESLAG), "-i", str(population), "-o", str(output), "-d", name, "--messages", "meldingen"
    )
    assert result.exit_code == 0, result.output
    model = load_model(ZORGTOESLAG)
    out = _read_output(output)
    assert [r["meldingen"] for r in out] == [model.evaluate(name, row).messages for row in rows]
    assert any(r["meldingen"] for r in out)


def _assert_fails(tmp_path: Path, args: list[str], *needles: str) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    result = _batch(*args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output
    # Nothing half-written: no output file, no temporary files.
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    population = tmp_path / "pop.csv"
    _write_population(_population(5), population, columns=[c for c in INPUTS if c != "vermogen"])
    args = [str(ZORGTOESLAG), "-i", str(population), "-o", str(tmp_path / "uit.parquet")]
    _assert_fails(tmp_path, args, "kolom 'vermogen' ontbreekt", "rij 1")


def test_an_unparsable_number_names_column_and_row_past_the_first_chunk(tmp_path: Path) -> None:
    rows = _population(30)
    population = tmp_path / "pop.csv"
    _write_population(rows, population)
    lines = population.read_text().splitlines()
    lines[24] = ",".join([*lines[24].split(",")[:3], "1e5", "0"])  # data row 24 (line 0 is the header)
    population.write_text("\n".join(lines) + "\n")
    (tmp_path / "uit.csv").write_text("old results\n")  # an existing output stays as it was
    args = [str(ZORGTOESLAG), "-i", str(population), "-o", str(tmp_path / "uit.csv"), "--chunk-size", "5"]
    _assert_fails(tmp_path, args, "kolom 'toetsingsinkomen', rij 24", "'1e5' is geen getal")
    assert (tmp_path / "uit.csv").read_text() == "old results\n"


@pytest.mark.parametrize(
    ("cell", "column", "needle"),
    [("ja", "verzekerd", "'ja' is geen waar/onwaar"), ("12,5", "leeftijd", "is geen getal")],
)
def test_unparsable_values_name_column_and_row(tmp_path: Path, cell: str, column: str, needle: str) -> None:
    population = tmp_path / "pop.csv"
    _write_population(_population(6), population)
    lines = population.read_text().splitlines()
    cells = lines[3].split(",")
    cells[INPUTS.index(column)] = f'"{cell}"'
    lines[3] = ",".join(cells)
    population.write_text("\n".join(lines) + "\n")
    args = [str(ZORGTOESLAG), "-i", str(population), "-o", str(tmp_path / "uit.jsonl")]
    _assert_fails(tmp_path, args, f"kolom '{column}', rij 3", needle)


def test_an_unparsable_date_names_column_and_row(tmp_path: Path) -> None:
    model_path = tmp_path / "echo.dmn"
    model_path.write_text(ECHO, encoding="utf-8")
    population = tmp_path / "pop.csv"
    population.write_text("bedrag,datum,naam,actief\n1,2025-01-31,a,true\n2,2025-02-30,b,true\n")
    args = [str(model_path), "-i", str(population), "-o", str(tmp_path / "uit.csv")]
    _assert_fails(tmp_path, args, "kolom 'datum', rij 2", "'2025-02-30' is geen datum")


def test_a_wrong_type_in_jsonl_names_column_and_row(tmp_path: Path) -> None:
    population = tmp_path / "pop.jsonl"
    rows = _population(4)
    rows[2]["leeftijd"] = "45"
    _write_population(rows, population)
    args = [str(ZORGTOESLAG), "-i", str(population), "-o", str(tmp_path / "uit.csv"), "--chunk-size", "2"]
    _assert_fails(tmp_path, args, "kolom 'leeftijd', rij 3", "verwacht een getal, maar de waarde is tekst")


def test_a_wrong_column_type_in_parquet_names_column_and_row(tmp_path: Path) -> None:
    population = tmp_path / "pop.parquet"
    pl.DataFrame(
        {
            "leeftijd": [None, True, False],  # booleans where the model wants a number
            "verzekerd": [True, True, True],
            "toeslagpartner": [False, False, False],
            "toetsingsinkomen": [1000, 2000, 3000],
            "vermogen": [0, 0, 0],
        }
    ).write_parquet(population)
    args = [str(ZORGTOESLAG), "-i", str(population), "-o", str(tmp_path / "uit.parquet")]
    _assert_fails(tmp_path, args, "kolom 'leeftijd', rij 2", "verwacht een getal")


def test_wrong_use_gives_a_clear_message(tmp_path: Path) -> None:
    population = tmp_path / "pop.csv"
    _write_population(_population(3), population)
    _assert_fails(
        tmp_path,
        [str(ZORGTOESLAG), "-i", str(population), "-o", str(tmp_path / "uit.csv"), "-d", "Bestaat niet"],
        "geen beslissing 'Bestaat niet'",
    )
    _assert_fails(
        tmp_path,
        [str(ZORGTOESLAG), "-i", str(population), "-o", str(tmp_path / "uit.xlsx")],
        "onbekend formaat",
    )
    _assert_fails(
        tmp_path,
        [str(ZORGTOESLAG), "-i", str(tmp_path / "weg.csv"), "-o", str(tmp_path / "uit.csv")],
        "bestaat niet",
    )


def test_dask_on_a_two_worker_cluster_equals_the_single_machine_run(tmp_path: Path) -> None:
    from distributed import LocalCluster

    parts = tmp_path / "bevolking"
    parts.mkdir()
    rows = _population(60)
    for number in range(3):
        _write_population(rows[number * 20 : (number + 1) * 20], parts / f"deel-{number}.parquet")
    single = tmp_path / "enkel.parquet"
    result = _batch(str(ZORGTOESLAG), "-i", str(parts), "-o", str(single), "--chunk-size", "8")
    assert result.exit_code == 0, result.output
    spread = tmp_path / "dask.parquet"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        result = _batch(
            str(ZORGTOESLAG),
            "-i",
            str(parts),
            "-o",
            str(spread),
            "--chunk-size",
            "7",
            "--dask",
            cluster.scheduler_address,
        )
        assert result.exit_code == 0, result.output
        # Both workers took part.
        assert len(cluster.workers) == 2
        # An error on a worker still names the column and the row of the whole population.
        bad = tmp_path / "fout"
        bad.mkdir()
        _write_population(rows[:20], bad / "a.parquet")
        broken = pl.read_parquet(parts / "deel-1.parquet").with_columns(
            pl.when(pl.int_range(pl.len()) == 4)
            .then(pl.lit("veel"))
            .otherwise(pl.col("vermogen").cast(pl.String))
            .alias("vermogen")
        )
        broken.write_parquet(bad / "b.parquet")
        failed = _batch(
            str(ZORGTOESLAG),
            "-i",
            str(bad),
            "-o",
            str(tmp_path / "fout.csv"),
            "--dask",
            cluster.scheduler_address,
        )
    assert pl.read_parquet(spread).equals(pl.read_parquet(single))
    _assert_per_case(
        load_model(ZORGTOESLAG),
        rows,
        pl.read_parquet(spread).to_dicts(),
        load_model(ZORGTOESLAG).decision_names,
    )
    assert failed.exit_code == 1 and "kolom 'vermogen', rij 25" in failed.output, failed.output
    assert not (tmp_path / "fout.csv").exists()
