"""Run TCK test folders in process: load each folder's models once, run every test case."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opgave.dmn.api import Model, load_models
from opgave.dmn.errors import DmnError
from opgave.dmn.tck.compare import describe, values_match
from opgave.dmn.tck.testcases import ResultNode, TestCase, TestFile, read_test_file

SUCCESS = "SUCCESS"
ERROR = "ERROR"
IGNORED = "IGNORED"


@dataclass(frozen=True)
class CaseResult:
    folder: str
    file: str
    case_id: str
    status: str
    message: str = ""


@dataclass
class TckReport:
    results: list[CaseResult] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.status == SUCCESS)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if r.status == ERROR)

    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if r.status == ERROR]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for r in self.results:
            writer.writerow([r.folder, r.file, r.case_id, r.status, r.message])
        return out.getvalue()


def _test_files(root: Path, level: int | None) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*.xml")):
        parts = path.relative_to(root).parts if path.is_relative_to(root) else path.parts
        if "non-compliant" in parts and "non-compliant" not in root.parts:
            continue
        if level is not None and not any(p == f"compliance-level-{level}" for p in path.parts):
            continue
        if "-test" not in path.name and not path.name.startswith("test"):
            continue
        yield path


def run_tck(root: str | Path, *, level: int | None = None) -> TckReport:
    """Run every test file under ``root`` (a TCK ``TestCases`` folder, a level folder or one test folder)."""
    report = TckReport()
    models: dict[tuple[Path, str], Model | DmnError] = {}
    for path in _test_files(Path(root), level):
        folder = path.parent.name
        try:
            test_file = read_test_file(path)
        except DmnError as exc:
            report.results.append(CaseResult(folder, path.name, "-", ERROR, str(exc)))
            continue
        model = _model_for(test_file, models)
        for case in test_file.cases:
            if isinstance(model, DmnError):
                report.results.append(CaseResult(folder, path.name, case.id, ERROR, f"model: {model}"))
                continue
            status, message = run_case(model, case)
            report.results.append(CaseResult(folder, path.name, case.id, status, message))
    return report


def _model_for(test_file: TestFile, cache: dict[tuple[Path, str], Model | DmnError]) -> Model | DmnError:
    folder = test_file.path.parent
    name = test_file.model_name or ""
    key = (folder, name)
    if key not in cache:
        dmn_files = sorted(folder.glob("*.dmn"))
        main = folder / name if name else (dmn_files[0] if dmn_files else None)
        try:
            if main is None:
                raise DmnError(f"no model in {folder}")
            cache[key] = load_models([main, *[f for f in dmn_files if f != main]], main=main)
        except DmnError as exc:
            cache[key] = exc
    return cache[key]


def _inputs(case: TestCase) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    main: dict[str, Any] = {}
    imported: dict[str, dict[str, Any]] = {}
    for node in case.inputs:
        if node.namespace:
            imported.setdefault(node.namespace, {})[node.name] = node.value
        else:
            main[node.name] = node.value
    return main, imported


def run_case(model: Model, case: TestCase) -> tuple[str, str]:
    """Run one test case: SUCCESS when every result node matches, else ERROR with the reasons."""
    try:
        return _run_case(model, case)
    except DmnError as exc:
        return ERROR, str(exc)
    except Exception as exc:  # an engine bug must not stop the run; report it as this case's failure
        return ERROR, f"internal error: {type(exc).__name__}: {exc}"


def _run_case(model: Model, case: TestCase) -> tuple[str, str]:
    main, imported = _inputs(case)
    problems: list[str] = []
    if case.type in ("decisionService", "bkm") and case.invocable_name:
        if case.type == "bkm":
            result = model.invoke(case.invocable_name, main, convert=False)
            outcome: dict[str, Any] | None = None
        else:
            result = model.evaluate_service(
                case.invocable_name, main, imported_inputs=imported, convert=False
            )
            outcome = result.value if isinstance(result.value, dict) else {}
        for node in case.results:
            if outcome is None or node.name == case.invocable_name:
                actual = result.value
            else:
                actual = outcome.get(node.name)
            _check(node, actual, result.messages, problems)
    else:
        for node in case.results:
            result = model.evaluate(node.name, main, imported_inputs=imported, convert=False)
            _check(node, result.value, result.messages, problems)
    if problems:
        return ERROR, "; ".join(problems)
    return SUCCESS, ""


def _check(node: ResultNode, actual: Any, messages: list[str], problems: list[str]) -> None:
    name, expected = node.name, node.expected
    if values_match(expected, actual):
        if node.error_result and actual is None and not messages:
            # The TCK marks an expected error; a null without a message would leave a user guessing.
            problems.append(f"{name}: null without a message where the TCK expects an error")
        return
    text = f"{name}: expected {describe(expected)}, got {describe(actual)}"
    if messages:
        text += f" ({messages[0]})"
    problems.append(text)
