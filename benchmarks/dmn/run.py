"""DMN/FEEL benchmark: this engine side by side with the Python DMN engines on PyPI and feelin.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/dmn/run.py [--seconds 2] [--no-peers] [--no-node]

Cases: (a) a 20-rule decision table with a BKM (``models/schuldhulp.dmn``), (a2) the
same table alone for engines without BKMs/DRG (``models/schuldhulp-tabel.dmn``),
(b) a FEEL-heavy boxed context (``models/lening.dmn``), (c) the TCK model
``0004-lending``, and FEEL-only expressions compared with ``@bpmn-io/feelin``.
Each figure is the median single-evaluation latency and the evaluations per
second over repeated evaluations in one process. The peers are installed on
first use: Python engines into ``benchmarks/.venv-peers`` (``peers/requirements.txt``),
feelin into ``benchmarks/node_modules`` (``benchmarks/package.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCHMARKS = HERE.parent
REPO = BENCHMARKS.parent
sys.path.insert(0, str(REPO / "src"))

from timing import timed  # noqa: E402  (benchmarks/dmn, the script's own folder)

from opgave.dmn import load_model  # noqa: E402
from opgave.dmn.feel import compile_expression  # noqa: E402
from opgave.dmn.jsonvalues import to_json  # noqa: E402
from opgave.dmn.runtime.types import plain_from_json  # noqa: E402
from opgave.dmn.tck.testcases import read_test_file  # noqa: E402

TCK = Path(os.environ.get("OPGAVE_DMN_TCK", REPO.parent / "shared" / "dmn-tck" / "TestCases"))
PEERS_VENV = BENCHMARKS / ".venv-peers"

SCHULDHULP = {
    "leeftijd": 42,
    "totaleSchuld": 32000,
    "aantalSchuldeisers": 12,
    "woonsituatie": "huur",
    "eerderSchuldsanering": False,
    "nettoMaandinkomen": 1850,
}
TABEL = {**{k: v for k, v in SCHULDHULP.items() if k != "nettoMaandinkomen"}, "afloscapaciteit": 92.5}
LENING = {"hoofdsom": 250000, "rentePercentage": 4.1, "looptijdJaren": 30, "startdatum": "2025-01-01"}


@dataclass
class Case:
    key: str
    title: str
    model: Path
    decision: str
    decision_id: str
    inputs: dict[str, Any]
    peers: list[str] = field(default_factory=lambda: ["spiff", "pydmnrules"])
    feel_inputs: bool = False


@dataclass
class Row:
    case: str
    engine: str
    median_us: float | None
    per_second: float | None
    note: str = ""


def tck_case() -> Case | None:
    folder = TCK / "compliance-level-3" / "0004-lending"
    tests = sorted(folder.glob("*test*.xml"))
    if not tests:
        return None
    first = read_test_file(tests[0]).cases[0]
    decision = first.results[-1].name
    model = load_model(folder / "0004-lending.dmn")
    decision_id = next(d.id for d in model.definitions.decisions if d.name == decision) or decision
    inputs = {node.name: node.value for node in first.inputs}
    return Case(
        "c",
        "(c) TCK 0004-lending",
        folder / "0004-lending.dmn",
        decision,
        decision_id,
        inputs,
        feel_inputs=True,
    )


def cases() -> list[Case]:
    found = [
        Case(
            "a",
            "(a) 20-rule table + BKM",
            HERE / "models" / "schuldhulp.dmn",
            "traject",
            "d_traject",
            SCHULDHULP,
        ),
        Case(
            "a2",
            "(a2) the same table alone",
            HERE / "models" / "schuldhulp-tabel.dmn",
            "traject",
            "d_traject",
            TABEL,
            ["spiff", "spiff-python-cells", "pydmnrules"],
        ),
        Case(
            "b", "(b) FEEL-heavy boxed context", HERE / "models" / "lening.dmn", "lening", "d_lening", LENING
        ),
    ]
    lending = tck_case()
    if lending is not None:
        found.append(lending)
    return found


FEEL_CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "f1": (
        "FEEL: annuity arithmetic",
        "hoofdsom * (rentePercentage / 100 / 12) / (1 - (1 + rentePercentage / 100 / 12) ** -(looptijdJaren * 12))",
        LENING,
    ),
    "f2": (
        "FEEL: lists and filters",
        "sum(for i in 1..100 return i * i) + count([1, 2, 3, 4, 5][item > 2])",
        {},
    ),
    "f3": ("FEEL: the (b) context as one expression", (HERE / "feel" / "lening.feel").read_text(), LENING),
}


def ours(case: Case, seconds: float, *, explain: bool = False) -> Row:
    model = load_model(case.model)
    inputs = case.inputs if case.feel_inputs else plain_from_json(case.inputs)
    engine = "opgave.dmn (explain=True)" if explain else "opgave.dmn"
    result = model.evaluate(case.decision, inputs, convert=False)
    if result.messages:
        return Row(case.title, engine, None, None, "error: " + result.messages[0][:100])
    median, rate = timed(
        lambda: model.evaluate(case.decision, inputs, convert=False, explain=explain), seconds
    )
    return Row(case.title, engine, median, rate)


def ensure_peers() -> Path | None:
    python = PEERS_VENV / "bin" / "python"
    if python.exists():
        return python
    print(f"installing the Python peers into {PEERS_VENV} ...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        requirements = str(HERE / "peers" / "requirements.txt")
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", requirements], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"cannot install the Python peers: {exc}", file=sys.stderr)
        return None
    return python


def ensure_node() -> str | None:
    node = shutil.which("node")
    if node is None:
        return None
    if not (BENCHMARKS / "node_modules" / "@bpmn-io" / "feelin").exists():
        npm = shutil.which("npm")
        if npm is None:
            return None
        print("installing @bpmn-io/feelin into benchmarks/node_modules ...", file=sys.stderr)
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=BENCHMARKS, check=False)
        if done.returncode != 0:
            return None
    return node


PEER_NAMES = {
    "spiff": "SpiffWorkflow {SpiffWorkflow}",
    "spiff-python-cells": "SpiffWorkflow {SpiffWorkflow} (Python cells)",
    "pydmnrules": "pyDMNrules {pyDMNrules}",
}


def peers(python: Path, all_cases: list[Case], seconds: float) -> list[Row]:
    request = {
        "seconds": seconds,
        "cases": {
            c.key: {
                "path": str(c.model),
                "decision": c.decision_id,
                "data": json.loads(json.dumps(to_json(c.inputs), default=float)),
                "engines": c.peers,
            }
            for c in all_cases
        },
    }
    done = subprocess.run(
        [str(python), str(HERE / "peers" / "runner.py")],
        input=json.dumps(request, default=float),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return [Row("all", "Python peers", None, None, f"runner failed: {done.stderr.strip()[-160:]}")]
    report = json.loads(done.stdout)
    rows = []
    titles = {c.key: c.title for c in all_cases}
    for key, engines in report["cases"].items():
        for engine, outcome in engines.items():
            name = PEER_NAMES[engine].format(**report["versions"])
            if outcome["ok"]:
                rows.append(Row(titles[key], name, outcome["median_us"], outcome["per_second"]))
            else:
                rows.append(Row(titles[key], name, None, None, "cannot run this model: " + outcome["reason"]))
    return rows


def feel_rows(node: str | None, seconds: float) -> list[Row]:
    rows: list[Row] = []
    for title, text, variables in FEEL_CASES.values():
        values = plain_from_json(variables)
        compiled = compile_expression(text, list(values))
        median, rate = timed(lambda c=compiled, v=values: c.evaluate(v), seconds)  # type: ignore[misc]
        rows.append(Row(title, "opgave.dmn FEEL (compiled once)", median, rate))
        median, rate = timed(lambda t=text, v=values: compile_expression(t, list(v)).evaluate(v), seconds)  # type: ignore[misc]
        rows.append(Row(title, "opgave.dmn FEEL (parse every call)", median, rate))
    if node is None:
        rows.append(Row("FEEL", "@bpmn-io/feelin", None, None, "node/npm not available"))
        return rows
    request = {
        "seconds": seconds,
        "cases": {k: {"expression": t, "context": c} for k, (_, t, c) in FEEL_CASES.items()},
    }
    done = subprocess.run(
        [node, str(HERE / "feel" / "feelin_bench.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=BENCHMARKS,
        check=False,
    )
    if done.returncode != 0:
        rows.append(Row("FEEL", "@bpmn-io/feelin", None, None, f"failed: {done.stderr.strip()[-160:]}"))
        return rows
    version = json.loads((BENCHMARKS / "node_modules" / "@bpmn-io" / "feelin" / "package.json").read_text())[
        "version"
    ]
    for key, outcome in json.loads(done.stdout).items():
        title = FEEL_CASES[key][0]
        name = f"@bpmn-io/feelin {version} (parses every call)"
        if outcome["ok"]:
            rows.append(Row(title, name, outcome["median_us"], outcome["per_second"]))
        else:
            rows.append(Row(title, name, None, None, "cannot run: " + outcome["reason"]))
    return rows


def print_table(rows: list[Row]) -> None:
    order = {}
    for row in rows:
        order.setdefault(row.case, len(order))
    rows = sorted(rows, key=lambda r: order[r.case])
    widths = (38, 44, 12, 12)
    header = ("case", "engine", "median µs", "evals/s")
    print(
        " ".join(
            h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True))
        ),
        "note",
    )
    print("-" * (sum(widths) + 10))
    last = None
    for row in rows:
        case = row.case if row.case != last else ""
        last = row.case
        median = f"{row.median_us:,.1f}" if row.median_us is not None else "—"
        rate = f"{row.per_second:,.0f}" if row.per_second is not None else "—"
        print(f"{case[:38]:<38} {row.engine[:44]:<44} {median:>12} {rate:>12} {row.note}")


def verdict(rows: list[Row]) -> str:
    ours_a = next((r for r in rows if r.case.startswith("(a)") and r.engine == "opgave.dmn"), None)
    if ours_a is None or ours_a.median_us is None:
        return "target: not measured"
    table_rows = [
        r
        for r in rows
        if r.case.startswith("(a") and r.median_us is not None and not r.engine.startswith("opgave")
    ]
    fastest_peer = min((r.median_us for r in table_rows if r.median_us is not None), default=None)
    met = ours_a.median_us <= 50 and (fastest_peer is None or ours_a.median_us < fastest_peer)
    peer_text = (
        f"fastest Python peer on the table: {fastest_peer:,.1f} µs"
        if fastest_peer
        else "no Python peer ran it"
    )
    status = "met" if met else "NOT met"
    text = f"target (20-rule table median ≤ 50 µs and ahead of every Python engine): {status}; ours {ours_a.median_us:,.1f} µs, {peer_text}"
    explained = next((r for r in rows if r.case.startswith("(a)") and "explain" in r.engine), None)
    if explained is not None and explained.median_us is not None:
        ratio = explained.median_us / ours_a.median_us
        text += (
            f"\nissue #14: median ≤ 15 µs: {'met' if ours_a.median_us <= 15 else 'NOT met'}; "
            f"explain within 2x: {'met' if ratio <= 2 else 'NOT met'} ({ratio:.1f}x); wall-clock medians "
            "depend on the machine's load, see benchmarks/dmn/instructions.py for a figure that does not"
        )
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per case and engine")
    parser.add_argument("--no-peers", action="store_true", help="skip the Python DMN engines")
    parser.add_argument("--no-node", action="store_true", help="skip @bpmn-io/feelin")
    args = parser.parse_args()
    all_cases = cases()
    rows = [ours(case, args.seconds) for case in all_cases]
    rows.append(ours(all_cases[0], args.seconds, explain=True))
    if not args.no_peers:
        python = ensure_peers()
        if python is None:
            rows.append(Row("all", "Python peers", None, None, "could not be installed"))
        else:
            rows += peers(python, all_cases, args.seconds)
    rows += feel_rows(None if args.no_node else ensure_node(), args.seconds)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.seconds:g} s per measurement")
    print_table(rows)
    print(verdict(rows))


if __name__ == "__main__":
    main()
