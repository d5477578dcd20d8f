"""Benchmark the Python DMN engines on PyPI (run inside ``benchmarks/.venv-peers``).

Reads a JSON request on stdin: ``{"seconds": s, "cases": {key: {"path", "decision",
"data", "engines": [...]}}}`` and prints, per case and engine, either the
median latency and evaluations per second, or why the engine cannot run the
model. Engines:

* ``spiff``: SpiffWorkflow's DMN engine. One decision table per file, cells are
  Python expressions (not FEEL), no BKMs, contexts or DRG.
* ``spiff-python-cells``: the same, after rewriting the FEEL literals ``true`` and
  ``false`` in the cells to Python's ``True``/``False`` (a dialect adjustment, shown
  separately so that the table still gets a SpiffWorkflow figure).
* ``pydmnrules``: pyDMNrules reading DMN XML (``loadXML``) and ``decide``.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

# The shared timing helper lives one folder up (benchmarks/dmn/timing.py, standard library only).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing import timed


def _spiff(path: str, decision: str, data: dict[str, Any], python_cells: bool) -> Callable[[], Any]:
    from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
    from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
    from SpiffWorkflow.dmn.parser.BpmnDmnParser import BpmnDmnParser

    source = Path(path)
    if python_cells:
        text = re.sub(r"<text>\s*true\s*</text>", "<text>True</text>", source.read_text())
        text = re.sub(r"<text>\s*false\s*</text>", "<text>False</text>", text)
        with tempfile.NamedTemporaryFile("w", suffix=".dmn", delete=False) as handle:
            handle.write(text)
        source = Path(handle.name)
    parser = BpmnDmnParser()
    parser.add_dmn_file(str(source))
    dmn = parser.dmn_parsers.get(decision) or next(iter(parser.dmn_parsers.values()))
    count = len(dmn.xpath(".//dmn:decision"))
    if count > 1:
        raise ValueError(f"one decision per DMN file is supported; this model has {count}")
    dmn.parse()
    if not dmn.decision.decisionTables:
        raise ValueError("only decision tables are supported (this decision is a boxed expression)")
    engine = DMNEngine(dmn.decision.decisionTables[0])
    spec = SimpleNamespace(bpmn_id="benchmark", bpmn_name="benchmark", name="benchmark", description="")
    workflow = SimpleNamespace(script_engine=PythonScriptEngine(), spec=SimpleNamespace(file=path))
    task = SimpleNamespace(data=dict(data), workflow=workflow, task_spec=spec, id="benchmark")
    return lambda: engine.result(task)


def _pydmnrules(path: str, decision: str, data: dict[str, Any]) -> Callable[[], Any]:
    import pyDMNrules

    dmn = pyDMNrules.DMN()
    status = dmn.loadXML(path)
    if status and "errors" in status:
        raise ValueError("; ".join(str(e) for e in status["errors"])[:200])

    def run() -> Any:
        status, result = dmn.decide(dict(data))
        if status and "errors" in status:
            raise ValueError("; ".join(str(e) for e in status["errors"])[:200])
        return result

    return run


def _root_cause(exc: BaseException) -> BaseException:
    """The first error in the chain (a peer's error reporting sometimes fails on our stand-in task)."""
    seen = {id(exc)}
    while True:
        inner = exc.__cause__ or getattr(exc, "exception", None) or exc.__context__
        if not isinstance(inner, BaseException) or id(inner) in seen:
            return exc
        seen.add(id(inner))
        exc = inner


def measure(engine: str, case: dict[str, Any], seconds: float) -> dict[str, Any]:
    try:
        if engine == "pydmnrules":
            run = _pydmnrules(case["path"], case["decision"], case["data"])
        else:
            run = _spiff(case["path"], case["decision"], case["data"], engine == "spiff-python-cells")
        value = run()
    except Exception as exc:  # the point is to report which models a peer cannot run, and why
        cause = _root_cause(exc)
        message = str(cause).splitlines()[0] if str(cause) else ""
        return {"ok": False, "reason": f"{type(cause).__name__}: {message}"[:160]}
    median_us, per_second = timed(run, seconds, warmup=20)
    result = {"median_us": median_us, "per_second": per_second}
    result.update(
        ok=True, value=json.loads(json.dumps(value, default=str))[:1] if isinstance(value, list) else value
    )
    return result


if __name__ == "__main__":
    request = json.loads(sys.stdin.read())
    report = {
        key: {engine: measure(engine, case, request["seconds"]) for engine in case["engines"]}
        for key, case in request["cases"].items()
    }
    from importlib.metadata import PackageNotFoundError, version

    versions: dict[str, str] = {}
    for package in ("SpiffWorkflow", "pyDMNrules"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    print(json.dumps({"versions": versions, "cases": report}, default=str))
