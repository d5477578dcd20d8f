"""CPU instructions per DMN evaluation, counted by valgrind's callgrind: a figure that does not
depend on the load of the machine (wall-clock medians do, a lot, on a shared machine).

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/dmn/instructions.py [--evaluations 2000]

For each case the script runs a child process under ``valgrind --tool=callgrind`` twice:
once loading the model and warming up, once doing the same plus ``--evaluations`` more
evaluations. The difference of the two instruction totals, divided by the number of
evaluations, is the cost of one evaluation (model loading and start-up cancel out).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

#: (label, model file, decision, inputs, explain, share of --evaluations to run)
CASES: dict[str, tuple[str, str, str, str, bool, float]] = {
    "a": ("(a) 20-rule table + BKM", "schuldhulp.dmn", "traject", "SCHULDHULP", False, 1),
    "a-explain": ("(a) with explain=True", "schuldhulp.dmn", "traject", "SCHULDHULP", True, 1),
    "a2": ("(a2) the table alone", "schuldhulp-tabel.dmn", "traject", "TABEL", False, 1),
    "b": ("(b) FEEL-heavy boxed context", "lening.dmn", "lening", "LENING", False, 0.1),
}

_CHILD = """
import sys
sys.path.insert(0, {here!r})
sys.path.insert(0, {src!r})
import run
from opgave.dmn import load_model
from opgave.dmn.runtime.types import plain_from_json
model = load_model(run.HERE / "models" / {model!r})
inputs = plain_from_json(getattr(run, {inputs!r}))
evaluate = model.evaluate
for _ in range(50):
    evaluate({decision!r}, inputs, convert=False, explain={explain!r})
for _ in range({count}):
    evaluate({decision!r}, inputs, convert=False, explain={explain!r})
"""

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(key: str, count: int) -> int:
    _, model, decision, inputs, explain, _ = CASES[key]
    code = _CHILD.format(
        here=str(HERE),
        src=str(REPO / "src"),
        model=model,
        inputs=inputs,
        decision=decision,
        explain=explain,
        count=count,
    )
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind failed for {key}: {done.stderr.strip()[-400:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=2000)
    parser.add_argument("cases", nargs="*", default=list(CASES), help=f"any of {', '.join(CASES)}")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    print(f"Python {sys.version.split()[0]}, callgrind, {args.evaluations} evaluations per case (b: a tenth)")
    for key in args.cases:
        count = max(1, int(args.evaluations * CASES[key][5]))
        base = instructions(key, 0)
        total = instructions(key, count)
        per = (total - base) / count
        print(f"{CASES[key][0]:<34} {per:>12,.0f} instructions per evaluation")


if __name__ == "__main__":
    main()
