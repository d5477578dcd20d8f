"""The ``dmn`` command line: run the TCK, evaluate a decision, check a model.

Mounted by the project CLI as ``opgave dmn``; also runs on its own as
``python -m opgave.dmn``. Needs neither Django nor a database.

Exit codes: 0 success, 1 the model or the run has problems (failing TCK cases,
model errors, an unknown decision), 2 the command was used wrongly (a missing
file, unreadable JSON).
"""

from __future__ import annotations

import json
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from opgave.dmn.api import Model, load_model
from opgave.dmn.errors import DmnError
from opgave.dmn.explain import render
from opgave.dmn.jsonvalues import dumps, show

app = typer.Typer(
    name="dmn",
    help="DMN 1.5 engine: evaluate decisions, check models, run the DMN TCK.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    json = "json"
    text = "text"


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@app.command()
def tck(
    path: Annotated[
        Path, typer.Argument(help="The TCK TestCases folder, a compliance-level folder or one test folder.")
    ],
    level: Annotated[int | None, typer.Option(help="Run only compliance level 2 or 3.", min=2, max=3)] = None,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="Write every result to this CSV file (TCK format).")
    ] = None,
) -> None:
    """Run DMN TCK test cases; print each failing case and a summary."""
    from opgave.dmn.tck import run_tck

    if not path.exists():
        raise _fail(f"{path} does not exist", 2)
    report = run_tck(path, level=level)
    for failure in report.failures():
        typer.echo(f"FAIL {failure.folder}/{failure.file} #{failure.case_id}: {_one_line(failure.message)}")
    if csv is not None:
        try:
            csv.parent.mkdir(parents=True, exist_ok=True)
            csv.write_text(report.csv(), encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {csv}: {exc.strerror}", 2) from None
    typer.echo(f"{report.passed} passed, {report.failed} failed")
    if report.failed:
        raise typer.Exit(1)


def _load(model: Path) -> Model:
    if not model.is_file():
        raise _fail(f"{model} is not a file", 2)
    try:
        return load_model(model)
    except DmnError as exc:
        raise _fail(str(exc), 1) from None
    except Exception as exc:  # an engine bug: still one clear line, not a traceback
        raise _fail(f"internal error while loading {model}: {type(exc).__name__}: {exc}", 1) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _read_inputs(source: Path | None) -> dict[str, Any]:
    if source is None:
        return {}
    try:
        text = (
            typer.get_text_stream("stdin").read()
            if str(source) == "-"
            else source.read_text(encoding="utf-8")
        )
    except OSError as exc:
        raise _fail(f"cannot read {source}: {exc.strerror}", 2) from None
    except UnicodeDecodeError:
        raise _fail(f"{source} is not UTF-8 text", 2) from None
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise _fail(
            f"{source} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", 2
        ) from None
    except ValueError as exc:  # NaN or Infinity, which JSON does not have
        raise _fail(f"{source} is not valid JSON: {exc}", 2) from None
    if not isinstance(data, dict):
        raise _fail(f"{source} must hold a JSON object mapping input names to values", 2)
    return data


@app.command("eval")
def evaluate(
    model: Annotated[Path, typer.Argument(help="The DMN model file (.dmn).")],
    decision: Annotated[
        str | None, typer.Option("--decision", "-d", help="The decision to evaluate.")
    ] = None,
    service: Annotated[
        str | None, typer.Option("--service", help="Evaluate this decision service instead.")
    ] = None,
    input_file: Annotated[
        Path | None, typer.Option("--input", "-i", help="A JSON file with the input data ('-' for stdin).")
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Include the explanation trace.")] = False,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="Print JSON or readable text.")
    ] = OutputFormat.json,
) -> None:
    """Evaluate one decision (or decision service) of a model with JSON input data."""
    if (decision is None) == (service is None):
        raise _fail("give exactly one of --decision or --service", 2)
    loaded = _load(model)
    inputs = _read_inputs(input_file)
    try:
        if service is not None:
            result = loaded.evaluate_service(service, inputs, explain=explain)
        else:
            assert decision is not None
            result = loaded.evaluate(decision, inputs, explain=explain)
    except DmnError as exc:
        raise _fail(str(exc), 1) from None
    except Exception as exc:  # an engine bug: still one clear line, not a traceback
        raise _fail(f"internal error while evaluating: {type(exc).__name__}: {exc}", 1) from None
    if output is OutputFormat.text:
        typer.echo(f"{decision or service} = {show(result.value)}")
        for message in result.messages:
            typer.echo(f"! {message}")
        if result.trace is not None:
            typer.echo(render(result.trace))
    else:
        typer.echo(dumps(result.to_json()))


@app.command()
def check(
    model: Annotated[Path, typer.Argument(help="The DMN model file (.dmn).")],
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text (one problem a line) or json (for pipelines).")
    ] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    vectorised: Annotated[
        bool,
        typer.Option(
            "--vectorised",
            help="Also list which decisions evaluate_frame runs columnar, and why the others run per case.",
        ),
    ] = False,
) -> None:
    """Read and compile a model; list every problem found.

    Errors stop an element from working; warnings mark what evaluates but turns into null or
    surprises (a literal that cannot conform to its type, a dashed name read as a subtraction).
    With --vectorised, also how a population is evaluated (docs/dmn.md, "Evaluating a population").
    Exit 0: no errors (and no warnings with --strict); 1: problems; 2: the file cannot be read.
    """
    loaded = _load(model)
    problems = loaded.check()
    report = _vectorised(loaded) if vectorised else None
    errors = [p for p in problems if p.severity == "error"]
    failing = problems if strict else errors
    if output is OutputFormat.json:
        typer.echo(
            dumps(
                {
                    "model": str(model),
                    "ok": not failing,
                    "errors": len(errors),
                    "warnings": len(problems) - len(errors),
                    "problems": [p.to_json() for p in problems],
                    **({"vectorised": report} if report is not None else {}),
                }
            )
        )
    else:
        for problem in problems:
            typer.echo(f"- {problem.severity}: {problem}")
        if problems:
            typer.echo(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s) in {model}")
        else:
            typer.echo(
                f"{model}: OK ({len(loaded.decision_names)} decisions, {len(loaded.input_names)} input data)"
            )
        if report is not None:
            typer.echo(
                f"vectorised: {len(report['columnar'])} of {len(loaded.decision_names)} decision(s) columnar"
            )
            for item in report["per_case"]:
                typer.echo(f"- per case: {item['decision']}: {item['reason']}")
            for item in report["inputs"]:
                typer.echo(f"- input read per case: {item['input']}: {item['reason']}")
    if failing:
        raise typer.Exit(1)


def _vectorised(loaded: Model) -> dict[str, Any]:
    from opgave.dmn.vector import explain

    found = explain(loaded)
    return {
        "columnar": list(found.columnar),
        "per_case": [{"decision": name, "reason": reason} for name, reason in found.per_case.items()],
        "inputs": [{"input": name, "reason": reason} for name, reason in found.inputs.items()],
    }


@app.command()
def batch(
    model: Annotated[Path, typer.Argument(help="The DMN model file (.dmn).")],
    input_path: Annotated[
        Path,
        typer.Option(
            "--input", "-i", help="The population: .parquet (a file or a folder of parts), .csv or .jsonl."
        ),
    ],
    output_path: Annotated[
        Path, typer.Option("--output", "-o", help="The results: .parquet, .csv or .jsonl (replaced whole).")
    ],
    decision: Annotated[
        list[str] | None,
        typer.Option("--decision", "-d", help="A decision to evaluate (repeat it; default: all)."),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", min=1, help="Rows read, evaluated and written at a time.")
    ] = 100_000,
    messages: Annotated[
        str | None,
        typer.Option("--messages", help="Add a column with this name holding each row's messages."),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask", help="Run on this Dask scheduler (e.g. tcp://10.0.0.5:8786); the input must be Parquet."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Evaluate a model for every row of a population file, in chunks, and write one column per decision.

    Numbers stay exact: CSV and JSONL numbers are read and written as decimal text, Parquet
    results are Decimal columns. A missing column, a wrong type or an unparsable value stops the
    run with the column and the data row (1-based, header not counted); the output file is only
    written when every row succeeded. See docs/dmn.md, "Evaluating a population file".
    Exit 0: done; 1: a problem in the model or the population; 2: wrong use.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from opgave.dmn.batch import BatchError, run_batch

    loaded = _load(model)
    console = Console(stderr=True)
    columns = (TextColumn("[bold]Evalueren"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=quiet, transient=False) as bar:
        task = bar.add_task("rijen", total=None)

        def advance(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        try:
            summary = run_batch(
                loaded,
                input_path,
                output_path,
                decision,
                chunk_size=chunk_size,
                messages=messages,
                dask_address=dask,
                model_source=model.read_bytes() if dask else None,
                progress=advance,
            )
        except BatchError as exc:
            bar.stop()
            typer.echo(f"fout: {exc}", err=True)
            raise typer.Exit(1) from None
        except DmnError as exc:
            bar.stop()
            typer.echo(f"fout: {exc}", err=True)
            raise typer.Exit(1) from None
        except Exception as exc:  # an engine or Polars bug: still one clear line, not a traceback
            bar.stop()
            typer.echo(f"fout: interne fout tijdens het evalueren: {type(exc).__name__}: {exc}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"{summary.rows} rijen geëvalueerd in {summary.chunks} delen; resultaat in {summary.output}")
