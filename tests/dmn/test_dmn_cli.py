"""The dmn command line: eval, check and tck, with exit codes 0/1/2 and no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opgave.dmn.cli import app

MODEL = Path(__file__).resolve().parents[2] / "benchmarks" / "dmn" / "models" / "schuldhulp.dmn"
INPUTS = {
    "leeftijd": 42,
    "totaleSchuld": 32000,
    "aantalSchuldeisers": 12,
    "woonsituatie": "huur",
    "eerderSchuldsanering": False,
    "nettoMaandinkomen": 1850,
}

runner = CliRunner()


@pytest.fixture
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(INPUTS))
    return path


def test_eval_prints_the_result_as_json(input_file: Path) -> None:
    result = runner.invoke(app, ["eval", str(MODEL), "--decision", "traject", "--input", str(input_file)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"value": {"soort": "stabilisatie", "termijn": 18}, "messages": []}


def test_eval_with_explain_as_text(input_file: Path) -> None:
    args = ["eval", str(MODEL), "-d", "traject", "-i", str(input_file), "--explain", "--format", "text"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert 'traject = {soort: "stabilisatie", termijn: 18}' in result.output
    assert "matched rules: 17" in result.output


def test_eval_errors_have_exit_codes_and_no_traceback(tmp_path: Path, input_file: Path) -> None:
    unknown = runner.invoke(app, ["eval", str(MODEL), "-d", "Nope", "-i", str(input_file)])
    assert unknown.exit_code == 1
    assert "no decision named 'Nope'" in unknown.output
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    unreadable = runner.invoke(app, ["eval", str(MODEL), "-d", "traject", "-i", str(bad_json)])
    assert unreadable.exit_code == 2
    assert "not valid JSON" in unreadable.output
    missing = runner.invoke(app, ["eval", str(tmp_path / "none.dmn"), "-d", "traject"])
    assert missing.exit_code == 2
    for outcome in (unknown, unreadable, missing):
        assert "Traceback" not in outcome.output


def test_check_reports_ok_or_problems(tmp_path: Path) -> None:
    ok = runner.invoke(app, ["check", str(MODEL)])
    assert ok.exit_code == 0 and "OK (2 decisions, 6 input data)" in ok.output
    broken = tmp_path / "broken.dmn"
    broken.write_text(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="b" namespace="urn:b">'
        '<decision id="d1" name="Oops"><variable name="Oops"/>'
        "<literalExpression><text>1 +</text></literalExpression></decision></definitions>"
    )
    result = runner.invoke(app, ["check", str(broken)])
    assert result.exit_code == 1
    assert "Decision 'Oops' (id d1)" in result.output and "1 error(s), 0 warning(s)" in result.output
    malformed = tmp_path / "malformed.dmn"
    malformed.write_text("<definitions")
    assert runner.invoke(app, ["check", str(malformed)]).exit_code == 1


def test_tck_prints_failures_and_a_summary(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "m.dmn").write_text(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="m" namespace="urn:m">'
        '<decision id="d" name="one"><variable name="one"/><literalExpression><text>1</text></literalExpression>'
        "</decision></definitions>"
    )
    (folder / "m-test-01.xml").write_text(
        '<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        "<modelName>m.dmn</modelName>"
        '<testCase id="a"><resultNode name="one"><expected><value xsi:type="xsd:decimal">1</value></expected>'
        "</resultNode></testCase>"
        '<testCase id="b"><resultNode name="one"><expected><value xsi:type="xsd:decimal">2</value></expected>'
        "</resultNode></testCase></testCases>"
    )
    csv_path = tmp_path / "results.csv"
    result = runner.invoke(app, ["tck", str(tmp_path), "--csv", str(csv_path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "1 passed, 1 failed"
    assert lines[0].startswith("FAIL case/m-test-01.xml #b: one: expected 2, got 1")
    assert csv_path.read_text().splitlines() == [
        "case,m-test-01.xml,a,SUCCESS,",
        'case,m-test-01.xml,b,ERROR,"one: expected 2, got 1"',
    ]


def test_python_dash_m_runs_without_django(input_file: Path) -> None:
    src = str(Path(__file__).resolve().parents[2] / "src")
    code = (
        "import runpy, sys; sys.argv = ['dmn', 'eval', sys.argv[1], '-d', 'traject', '-i', sys.argv[2]]; "
        "runpy.run_module('opgave.dmn', run_name='__main__')"
    )
    env = {**os.environ, "PYTHONPATH": src}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", code + "; assert 'django' not in sys.modules", str(MODEL), str(input_file)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["value"]["soort"] == "stabilisatie"


def test_tck_level_option_filters_folders(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tck", str(tmp_path), "--level", "2"])
    assert result.exit_code == 0
    assert result.output.strip() == "0 passed, 0 failed"
    assert runner.invoke(app, ["tck", str(tmp_path), "--level", "4"]).exit_code == 2
    assert runner.invoke(app, ["tck", str(tmp_path / "missing")]).exit_code == 2
