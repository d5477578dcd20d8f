"""The ``opgave`` command line (Typer + Rich)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

import opgave

app = typer.Typer(
    name="opgave",
    help="opgave: samenwerken als één overheid. Beheer, demo, audit en regels vanaf de opdrachtregel.",
    no_args_is_help=True,
    add_completion=False,
)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")
    import django

    django.setup()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"opgave {opgave.__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Toon het versienummer.")
    ] = False,
) -> None:
    """opgave: samenwerken als één overheid."""


@app.command()
def migrate() -> None:
    """Breng de database op het nieuwste schema."""
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Voer een Django-beheeropdracht uit (bijvoorbeeld: opgave manage check)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["opgave manage", *ctx.args])


def main() -> None:
    app()
