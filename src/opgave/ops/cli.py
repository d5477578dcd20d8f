"""``opgave serve``, ``opgave dev`` and ``opgave worker`` (registered by ``opgave.cli``)."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the operating commands to the ``opgave`` command line."""
    from opgave import cli as base

    @app.command()
    @base._friendly
    def serve(
        host: Annotated[
            str, typer.Option(help="Adres om op te luisteren.", envvar="OPGAVE_HOST")
        ] = "127.0.0.1",
        port: Annotated[
            int, typer.Option(help="Poort om op te luisteren.", min=1, max=65535, envvar="OPGAVE_PORT")
        ] = 8000,
        workers: Annotated[
            int, typer.Option(help="Aantal serverprocessen.", min=1, envvar="OPGAVE_WEB_WORKERS")
        ] = 2,
        threads: Annotated[
            int, typer.Option(help="Aantal threads per serverproces.", min=1, envvar="OPGAVE_WEB_THREADS")
        ] = 4,
        server: Annotated[
            str, typer.Option(help="Applicatieserver: gunicorn of granian.", envvar="OPGAVE_WEB_SERVER")
        ] = "gunicorn",
        graceful_timeout: Annotated[
            int, typer.Option(help="Seconden die lopende verzoeken krijgen na SIGTERM.", min=1)
        ] = 30,
        with_worker: Annotated[
            bool,
            typer.Option("--with-worker", help="Start ook `opgave worker` en stop die samen met de server."),
        ] = False,
        collectstatic: Annotated[
            bool,
            typer.Option(
                "--collectstatic/--no-collectstatic",
                help="Werk de statische bestanden bij als de bronnen veranderd zijn (uit in een image).",
            ),
        ] = True,
        access_log: Annotated[bool, typer.Option("--access-log", help="Log elk verzoek.")] = False,
    ) -> None:
        """Start de webapplicatie op een productieserver (gunicorn of granian), met statische bestanden."""
        from opgave.ops import preflight, serving

        if server not in serving.SERVERS:
            raise base.fail(f"onbekende server {server!r}; kies gunicorn of granian.")
        os.environ.setdefault("OPGAVE_STATIC_MANIFEST", "true")
        metrics_dir, own_metrics_dir = _metrics_dir()
        base.setup_django()
        from django.conf import settings

        try:
            preflight.run_all(host, port)
        except preflight.NotReady as exc:
            raise base.fail(str(exc)) from None
        if collectstatic and settings.STATIC_MANIFEST and serving.collect_static():
            base.console.print("Statische bestanden bijgewerkt.")
        options = serving.ServeOptions(
            host=host,
            port=port,
            workers=workers,
            threads=threads,
            server=server,
            graceful_timeout=graceful_timeout,
            access_log=access_log,
        )
        master = os.getpid()

        def ready() -> None:
            shown = f"[{host}]" if ":" in host else host
            base.console.print(
                f"opgave draait op [bold]http://{shown}:{port}/[/] ({server}, {workers} processen × "
                f"{threads} threads; stoppen: Ctrl+C)",
                soft_wrap=True,
            )
            if settings.DEMO_MODE:
                base.console.print("Demomodus staat aan: zie de demo-accounts op de inlogpagina.")

        worker = serving.start_worker_process() if with_worker else None
        try:
            serving.RUNNERS[server](options, ready)
        finally:
            if os.getpid() == master:  # not in a forked server process
                if worker is not None:
                    serving.stop_process(worker)
                if own_metrics_dir:
                    shutil.rmtree(metrics_dir, ignore_errors=True)

    @app.command()
    @base._friendly
    def dev(
        host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Poort om op te luisteren.", min=1, max=65535)] = 8000,
    ) -> None:
        """Start Django's ontwikkelserver met automatisch herladen (alleen voor ontwikkeling)."""
        from opgave.ops import preflight

        base.setup_django()
        from django.core.management import call_command

        try:
            preflight.check_port(host, port)
            preflight.check_database()
            preflight.check_migrations()
        except preflight.NotReady as exc:
            raise base.fail(str(exc)) from None
        base.console.print(f"Ontwikkelserver op [bold]http://{host}:{port}/[/] (herlaadt bij wijzigingen)")
        call_command("runserver", f"{host}:{port}", use_reloader=True, use_threading=True)

    @app.command()
    @base._friendly
    def worker(
        queue: Annotated[str, typer.Option(help="Wachtrij(en), kommagescheiden; '*' voor alle.")] = "*",
        interval: Annotated[
            float, typer.Option(help="Seconden wachten als er geen taak klaarstaat.", min=0.05)
        ] = 1.0,
        batch: Annotated[
            bool, typer.Option("--batch", help="Voer de klaarstaande taken uit en stop dan.")
        ] = False,
        no_schedule: Annotated[
            bool, typer.Option("--no-schedule", help="Plan geen periodieke taken in vanuit deze worker.")
        ] = False,
    ) -> None:
        """Voer achtergrondtaken uit (met herhaalpogingen, hartslag en periodieke taken)."""
        base.setup_django()
        from opgave.ops import preflight
        from opgave.ops.worker import run_worker

        try:
            preflight.check_database()
            preflight.check_migrations()
        except preflight.NotReady as exc:
            raise base.fail(str(exc)) from None
        run_worker(queues=queue.split(","), interval=interval, batch=batch, schedule=not no_schedule)


def _metrics_dir() -> tuple[str, bool]:
    """The directory for prometheus-client's multi-process mode, and whether this run made it."""
    existing = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if existing:
        return existing, False
    path = tempfile.mkdtemp(prefix="opgave-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    return path, True
