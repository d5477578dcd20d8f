"""The whole DMN TCK (compliance levels 2 and 3), in process, as an exact contract.

``tck_expected_failures.txt`` holds the exact set of cases expected to fail (empty today) and
the TCK commit it was made against; the test fails when the failing set differs in either
direction. The TCK lives in ``shared/`` beside the repository (``OPGAVE_DMN_TCK`` overrides the
location); its ``SOURCE.txt`` names the commit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from opgave.dmn.tck import run_tck
from opgave.dmn.tck.runner import ERROR, SUCCESS

REPO = Path(__file__).resolve().parents[2]
TCK = Path(os.environ.get("OPGAVE_DMN_TCK", REPO.parent / "shared" / "dmn-tck" / "TestCases"))
CONTRACT = Path(__file__).with_name("tck_expected_failures.txt")


def require_tck() -> None:
    """A missing TCK fails the run: a conformance test that silently skips cannot guard anything."""
    if not TCK.is_dir():
        pytest.fail(f"De DMN TCK staat niet op {TCK}; zet OPGAVE_DMN_TCK op de map TestCases.")


def contract() -> tuple[str, set[str]]:
    text = CONTRACT.read_text(encoding="utf-8")
    commit = re.search(r"^# tck-commit: ([0-9a-f]{40})$", text, re.MULTILINE)
    assert commit is not None, "tck_expected_failures.txt names no tck-commit"
    cases = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return commit.group(1), cases


def test_the_tck_is_the_commit_the_contract_was_made_against() -> None:
    require_tck()
    source = (TCK.parent / "SOURCE.txt").read_text(encoding="utf-8")
    commit, _ = contract()
    assert commit in source, f"De TCK is een andere versie dan {commit}: werk het contract bij."


def test_exactly_the_expected_tck_cases_fail() -> None:
    require_tck()
    report = run_tck(TCK)
    _, expected = contract()
    failing = {f"{r.folder} {r.case_id}" for r in report.failures()}
    reasons = {f"{r.folder} {r.case_id}": r.message[:200] for r in report.failures()}
    assert report.passed + report.failed == 3391
    new = "\n".join(f"{case}: {reasons[case]}" for case in sorted(failing - expected))
    assert not failing - expected, f"newly failing TCK cases:\n{new}"
    assert not expected - failing, f"now passing, remove from the contract: {sorted(expected - failing)}"


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
