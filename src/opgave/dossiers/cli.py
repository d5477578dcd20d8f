"""``opgave dossiers ...``: key rotation, re-pseudonymisation, the daily jobs by hand.

Mounted by :mod:`opgave.cli` as a Typer sub-app (this module never imports the CLI layer).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

app = typer.Typer(
    help="Gemeenschappelijke dossiers: sleutels, pseudoniemen en dagelijkse taken.", no_args_is_help=True
)
F = TypeVar("F", bound=Callable[..., Any])


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")
    import django

    django.setup()


def _friendly(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _setup()
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            typer.echo(f"Fout: {exc}", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@app.command()
@_friendly
def reencrypt() -> None:
    """Versleutel alle dossierinhoud opnieuw met de eerste sleutel van OPGAVE_DOSSIER_ENCRYPTION_KEYS."""
    from opgave.dossiers import services

    count = services.reencrypt_all()
    typer.echo(f"{count} versleutelde velden en documenten opnieuw versleuteld met de huidige sleutel.")


@app.command()
@_friendly
def rekey() -> None:
    """Lees BSN's (één per regel) van standaardinvoer en zet hun pseudoniemen om naar de huidige sleutel."""
    from opgave.dossiers import crypto, services

    lines = [line.strip() for line in sys.stdin if line.strip()]
    changed = services.rekey(lines)
    typer.echo(f"{changed} pseudoniemen omgezet naar sleutel {crypto.current_key_id()}.")


@app.command("pseudonyms")
@_friendly
def pseudonym_status() -> None:
    """Toon per sleutel-id hoeveel betrokkenen en signalen er nog onder vallen."""
    from django.db.models import Count

    from opgave.dossiers import crypto
    from opgave.dossiers.models import Signal, Subject

    typer.echo(f"Huidige sleutel: {crypto.current_key_id()}")
    for model, label in ((Subject, "betrokkenen"), (Signal, "signalen")):
        for row in model.objects.values("key_id").annotate(n=Count("id")).order_by("key_id"):
            typer.echo(f"  {label} onder {row['key_id']}: {row['n']}")


@app.command()
@_friendly
def daily() -> None:
    """Voer de dagelijkse taken nu uit: verplichtingen afleiden en verlopen stukken verwijderen."""
    from opgave.dossiers.tasks import derive_obligations, remove_expired_entries

    derived = derive_obligations.call()
    removed = remove_expired_entries.call()
    typer.echo(f"Verplichtingen afgeleid voor {derived} dossiers; {removed} verlopen stukken verwijderd.")
