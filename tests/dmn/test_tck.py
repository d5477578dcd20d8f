"""The whole DMN TCK (compliance levels 2 and 3), in process, against a pass-count floor.

The floor in ``tck_floor.txt`` only ever goes up. The TCK lives in ``shared/``
beside the repository (``OPGAVE_DMN_TCK`` overrides the location).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from opgave.dmn.tck import run_tck
from opgave.dmn.tck.runner import ERROR, SUCCESS

REPO = Path(__file__).resolve().parents[2]
TCK = Path(os.environ.get("OPGAVE_DMN_TCK", REPO.parent / "shared" / "dmn-tck" / "TestCases"))
FLOOR = int((Path(__file__).with_name("tck_floor.txt")).read_text().strip())


def require_tck() -> None:
    """A missing TCK fails the run: a conformance test that silently skips cannot guard anything."""
    if not TCK.is_dir():
        pytest.fail(f"De DMN TCK staat niet op {TCK}; zet OPGAVE_DMN_TCK op de map TestCases.")


def test_the_tck_pass_count_does_not_drop_below_the_floor() -> None:
    require_tck()
    report = run_tck(TCK)
    failures = "\n".join(f"{r.folder} {r.case_id}: {r.message[:200]}" for r in report.failures())
    assert report.passed + report.failed >= 3391
    assert report.passed >= FLOOR, f"{report.passed} passed (floor {FLOOR}); failures:\n{failures}"


def test_one_level_and_the_csv_format() -> None:
    require_tck()
    report = run_tck(TCK / "compliance-level-2" / "0004-simpletable-U")
    assert report.passed == 3 and report.failed == 0
    first = report.csv().splitlines()[0].split(",")
    assert first == ["0004-simpletable-U", "0004-simpletable-U-test-01.xml", "001", SUCCESS, ""]


def test_a_wrong_expectation_fails_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "m.dmn").write_text(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="m" namespace="urn:m">'
        '<inputData id="i" name="n"><variable name="n" typeRef="number"/></inputData>'
        '<decision id="d" name="double"><variable name="double" typeRef="number"/>'
        '<informationRequirement><requiredInput href="#i"/></informationRequirement>'
        "<literalExpression><text>n * 2</text></literalExpression></decision></definitions>"
    )
    (tmp_path / "m-test-01.xml").write_text(
        '<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        "<modelName>m.dmn</modelName>"
        '<testCase id="ok"><inputNode name="n"><value xsi:type="xsd:decimal">2</value></inputNode>'
        '<resultNode name="double"><expected><value xsi:type="xsd:decimal">4</value></expected></resultNode></testCase>'
        '<testCase id="wrong"><inputNode name="n"><value xsi:type="xsd:decimal">2</value></inputNode>'
        '<resultNode name="double"><expected><value xsi:type="xsd:decimal">5</value></expected></resultNode></testCase>'
        '<testCase id="nil"><inputNode name="n"><value xsi:nil="true"/></inputNode>'
        '<resultNode name="double"><expected><value xsi:nil="true"/></expected></resultNode></testCase>'
        "</testCases>"
    )
    report = run_tck(tmp_path)
    statuses = {r.case_id: r.status for r in report.results}
    assert statuses == {"ok": SUCCESS, "wrong": ERROR, "nil": SUCCESS}
    assert "expected 5, got 4" in report.failures()[0].message
