"""``opgave population generate`` and ``opgave simulate``: populations and simulations from the shell.

Registered in :mod:`opgave.cli`. Self-contained (a domain app never imports the CLI layer): it sets
Django up itself and turns every refusal into one readable Dutch line on stderr. Exit codes: 0
success; 1 the platform refused (unknown rule set or version, a population that does not fit);
2 wrong use (a file that does not exist, an unknown file type).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

population_app = typer.Typer(help="Synthetische populaties uit CBS-cijfers.", no_args_is_help=True)
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]Fout:[/] {message}")
    return typer.Exit(code)


@population_app.command("generate")
def generate_command(
    size: Annotated[int, typer.Option("--size", help="Aantal personen.")],
    output: Annotated[Path, typer.Option("--output", help="Doelbestand (.parquet of .csv).")],
    seed: Annotated[
        int, typer.Option("--seed", help="Zaadgetal: zelfde zaad en omvang = zelfde populatie.")
    ] = 0,
) -> None:
    """Genereer een synthetische Nederlandse populatie (personen in huishoudens in alle gemeenten)."""
    from opgave.simulation.population import generate

    if output.suffix.lower() not in (".parquet", ".csv"):
        raise _fail("Het doelbestand moet eindigen op .parquet of .csv.", 2)
    started = time.perf_counter()
    try:
        frame = generate(size, seed)
    except ValueError as exc:
        raise _fail(str(exc).capitalize() + ".", 2) from None
    if output.suffix.lower() == ".parquet":
        frame.write_parquet(output, compression="zstd")
    else:
        frame.write_csv(output)
    households = frame.get_column("huishouden").n_unique()
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    console.print(
        f"{_n(frame.height)} personen in {_n(households)} huishoudens geschreven naar {output} "
        f"in {seconds} s. Bron: CBS, CC BY 4.0."
    )


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def simulate(
    rule_set: Annotated[str, typer.Argument(help="Id of titel van de regelset.")],
    base: Annotated[int, typer.Option("--base", help="Versienummer van de basis.")],
    proposal: Annotated[int, typer.Option("--proposal", help="Versienummer van het voorstel.")],
    decision: Annotated[str, typer.Option("--decision", help="De beslissing (een getal) die je vergelijkt.")],
    population: Annotated[
        Path | None, typer.Option("--population", help="Populatie (.parquet of .csv).")
    ] = None,
    size: Annotated[int | None, typer.Option("--size", help="Of: genereer zoveel personen.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Zaadgetal van de gegenereerde populatie.")] = 0,
    output: Annotated[
        Path | None, typer.Option("--output", help="Rapport als JSON (of CSV bij .csv).")
    ] = None,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Adres van een Dask-scheduler (tcp://host:8786).")
    ] = None,
) -> None:
    """Reken versie --base en --proposal van een regelset door over een populatie en toon wie erop
    vooruit- en achteruitgaat en wat het kost."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")
    import django

    django.setup()
    from opgave.core.actors import Actor
    from opgave.core.exceptions import ServiceError
    from opgave.rules import selectors as rule_selectors
    from opgave.rules.models import RuleSet
    from opgave.simulation import populations, report, services, tasks
    from opgave.simulation.population import generate

    actor = Actor.system()
    try:
        try:
            item = rule_selectors.rule_set(actor, str(uuid.UUID(rule_set)))
        except (ServiceError, ValueError):
            found = RuleSet.objects.filter(title=rule_set).first()
            if found is None:
                raise _fail(f"Regelset '{rule_set}' bestaat niet.", 1) from None
            item = found
        versions = [rule_selectors.version(item, base), rule_selectors.version(item, proposal)]
        if (population is None) == (size is None):
            raise _fail("Geef precies één van --population en --size.", 2)
        if population is not None:
            if not population.is_file():
                raise _fail(f"Bestand {population} bestaat niet.", 2)
            names = [t.name for t in item.open_terms.all()]
            schemas = [tasks.rule_evaluation.prepare(v, names).schema for v in versions]
            frame = populations.read(population.read_bytes(), population.name, schemas)
        else:
            frame = generate(int(size or 0), seed)
        client = None
        if dask:
            from distributed import Client

            client = Client(dask)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            console=err,
        ) as bar:
            job = bar.add_task("Simuleren", total=100)
            built = tasks.report_of(
                item,
                (versions[0], None),
                (versions[1], None),
                decision,
                frame,
                progress=lambda p: bar.update(job, completed=p),
                client=client,
            )
            bar.update(job, completed=100)
        if client is not None:
            client.close()
    except ServiceError as exc:
        details = "; ".join(e.get("message", "") for e in exc.errors[:5])
        raise _fail(f"{exc.detail} {details}".strip(), 1) from None
    _ = services
    total = built["totaal"]
    table = Table(title=f"{item.title}: versie {base} tegen versie {proposal} ({decision})")
    for column in ("", "basis", "voorstel", "verschil"):
        table.add_column(column)
    table.add_row(
        "totaal", report.euro(total["basis"]), report.euro(total["voorstel"]), report.euro(total["verschil"])
    )
    console.print(table)
    console.print(
        f"Personen meegeteld: {total['personen']}; erop vooruit {total['vooruit']}, erop achteruit "
        f"{total['achteruit']}, gelijk {total['gelijk']}."
    )
    if output is not None:
        if output.suffix.lower() == ".csv":
            import csv

            with output.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(report.csv_rows(built))
        else:
            output.write_text(
                json.dumps(built, ensure_ascii=False, indent=2, default=_plain), encoding="utf-8"
            )
        console.print(f"Rapport geschreven naar {output}.")


def _plain(value: Any) -> Any:
    return str(value)
