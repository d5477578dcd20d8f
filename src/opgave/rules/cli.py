"""``opgave rules …``: list rule sets, publish a model, evaluate a case, diff two versions.

Registered in :mod:`opgave.cli` with one line. Self-contained (a domain app never imports the
CLI layer): it sets Django up itself and turns every refusal into one readable line on stderr.
Exit codes: 0 success; 1 the platform refused (invalid model, overlap, unknown rule set, invalid
input); 2 wrong use (missing file, unreadable JSON, a malformed date).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Regelsets: tonen, publiceren, evalueren en vergelijken.", no_args_is_help=True)
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)
F = TypeVar("F", bound=Callable[..., Any])


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")
    import django

    django.setup()


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]Fout:[/] {message}")
    return typer.Exit(code)


def _friendly(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _setup()
        from opgave.rules.errors import RulesError

        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except RulesError as exc:
            details = [
                f"  - {e.get('field', '')}: {e['message']}"
                + (f" ({e['element']})" if e.get("element") else "")
                for e in exc.errors
            ]
            raise _fail("\n".join([exc.detail, *details]), 1) from None
        except Exception as exc:  # never a traceback
            raise _fail(str(exc) or type(exc).__name__, 1) from None

    return wrapper  # type: ignore[return-value]


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(f"{option}: '{text}' is geen datum; gebruik JJJJ-MM-DD.", 2) from None


def _actor() -> Any:
    from opgave.core.actors import Actor

    return Actor.system(origin="cli")


@app.command("list")
@_friendly
def list_rule_sets(
    zoek: Annotated[str, typer.Option("--zoek", help="Zoek in titel en omschrijving.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON in plaats van een tabel.")] = False,
) -> None:
    """Toon de regelsets met hun versies en geldigheid."""
    from opgave.rules import selectors

    items: list[dict[str, Any]] = []
    for item in selectors.rule_sets(_actor(), query=zoek):
        versions = [
            {
                "versie": v.number,
                "status": v.status,
                "geldig_van": v.geldig_van.isoformat(),
                "geldig_tot": v.geldig_tot.isoformat() if v.geldig_tot else None,
            }
            for v in selectors.versions(item)
        ]
        items.append(
            {
                "id": str(item.uuid),
                "titel": item.title,
                "eigenaar": item.owner.name,
                "zichtbaarheid": item.visibility,
                "versies": versions,
            }
        )
    if as_json:
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    table = Table(title="Regelsets")
    for column in ("id", "titel", "eigenaar", "zichtbaarheid", "versies"):
        table.add_column(column)
    for row in items:
        text = "; ".join(
            f"{v['versie']} {v['status']} {v['geldig_van']}–{v['geldig_tot'] or '…'}" for v in row["versies"]
        )
        table.add_row(row["id"], row["titel"], row["eigenaar"], row["zichtbaarheid"], text or "geen")
    console.print(table)


@app.command()
@_friendly
def publish(
    rule_set: Annotated[str, typer.Argument(help="Id (uuid) van de regelset.")],
    model: Annotated[
        Path | None, typer.Argument(help="Een DMN-bestand om als nieuwe versie te publiceren.")
    ] = None,
    geldig_van: Annotated[
        str | None, typer.Option("--geldig-van", help="Begin van de geldigheid (JJJJ-MM-DD).")
    ] = None,
    geldig_tot: Annotated[
        str | None, typer.Option("--geldig-tot", help="Einde van de geldigheid (JJJJ-MM-DD).")
    ] = None,
    versie: Annotated[
        int | None, typer.Option("--versie", help="Publiceer deze bestaande conceptversie.")
    ] = None,
    toelichting: Annotated[str, typer.Option("--toelichting", help="Toelichting bij de versie.")] = "",
) -> None:
    """Publiceer een DMN-bestand als nieuwe versie, of een bestaande conceptversie (--versie)."""
    from opgave.rules import selectors, services

    start, end = _date(geldig_van, "--geldig-van"), _date(geldig_tot, "--geldig-tot")
    item = selectors.rule_set(_actor(), rule_set)
    if versie is not None:
        found = selectors.version(item, versie)
    else:
        if model is None or start is None:
            raise _fail(
                "Geef een DMN-bestand en --geldig-van, of --versie voor een bestaande conceptversie.", 2
            )
        if not model.is_file():
            raise _fail(f"Het bestand {model} bestaat niet.", 2)
        found = services.add_version(
            item, actor=_actor(), dmn=model.read_bytes(), geldig_van=start, geldig_tot=end, note=toelichting
        )
    published = services.publish_version(found, actor=_actor())
    console.print(
        f"Versie {published.number} van '{item.title}' is gepubliceerd ({published.period_text}); "
        f"modelhash {published.model_hash}."
    )


@app.command()
@_friendly
def evaluate(
    rule_set: Annotated[str, typer.Argument(help="Id (uuid) van de regelset.")],
    invoer: Annotated[str, typer.Option("--invoer", help="JSON-bestand met de invoer, of - voor stdin.")],
    datum: Annotated[str | None, typer.Option("--datum", help="Peildatum (standaard vandaag).")] = None,
    variant: Annotated[str | None, typer.Option("--variant", help="Id van een variant.")] = None,
    beslissing: Annotated[
        list[str] | None, typer.Option("--beslissing", help="Alleen deze beslissing(en).")
    ] = None,
    uitleg: Annotated[bool, typer.Option("--uitleg", help="Ook de uitleg (trace).")] = False,
) -> None:
    """Neem een beslissing voor één geval; toont uitkomsten en de bon als JSON."""
    from opgave.dmn.jsonvalues import dumps
    from opgave.rules import evaluation, selectors

    try:
        text = sys.stdin.read() if invoer == "-" else Path(invoer).read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(f"De invoer kon niet worden gelezen: {exc.strerror or exc}.", 2) from None
    try:
        inputs = json.loads(text, parse_float=__import__("decimal").Decimal)
    except ValueError as exc:
        raise _fail(f"De invoer is geen geldige JSON: {exc}.", 2) from None
    item = selectors.rule_set(_actor(), rule_set)
    result = evaluation.evaluate(
        item,
        actor=_actor(),
        inputs=inputs,
        day=_date(datum, "--datum"),
        variant_id=variant,
        decisions=beslissing or None,
        explain=uitleg,
    )
    out: dict[str, Any] = {
        "uitkomsten": result.outputs,
        "meldingen": result.messages,
        "open_normen": result.sources,
        "bon": result.receipt,
    }
    if uitleg:
        out["uitleg"] = result.trace
    typer.echo(dumps(out))


@app.command()
@_friendly
def diff(
    rule_set: Annotated[str, typer.Argument(help="Id (uuid) van de regelset.")],
    van: Annotated[int, typer.Argument(help="Oude versie.")],
    naar: Annotated[int, typer.Argument(help="Nieuwe versie.")],
    as_json: Annotated[bool, typer.Option("--json", help="Het volledige verschil als JSON.")] = False,
) -> None:
    """Het inhoudelijke verschil tussen twee versies (per beslissing; geen XML-diff)."""
    from opgave.rules import diff as semantic
    from opgave.rules import selectors

    item = selectors.rule_set(_actor(), rule_set)
    result = semantic.versions(selectors.version(item, van), selectors.version(item, naar))
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console.print(f"{item.title}: versie {van} → {naar}: {result['samenvatting']}.")
    for d in result["beslissingen"]:
        if d["status"] == "gelijk":
            continue
        console.print(f"- {d['naam']} ({d['status']})")
        if "expressie" in d:
            console.print(f"    expressie: {d['expressie']['oud']}  →  {d['expressie']['nieuw']}")
        for rule in d.get("tabel", {}).get("regels", []):
            for cell in rule.get("cellen", []):
                console.print(f"    regel {rule['regel']}, {cell['kolom']}: {cell['oud']} → {cell['nieuw']}")
            if rule["status"] != "gewijzigd":
                console.print(f"    regel {rule['regel']} {rule['status']}")
