"""What ``opgave serve`` checks before it says "running at": each failure is one Dutch sentence.

The checks run in the order an operator would fix them: the port, (in production) the
deploy checks, the database and its schema. :class:`NotReady` carries the message;
the command prints it and exits with code 1 before any server starts.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path


class NotReady(Exception):
    """The server cannot start; ``str(exc)`` says why and what to do, in Dutch."""


def check_port(host: str, port: int) -> None:
    """Fail when something already listens on ``host:port`` (the server binds the same way)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise NotReady(
                    f"poort {port} op {host} is al in gebruik. Stop het andere programma of kies een "
                    f"andere poort met --port."
                ) from None
            if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
                raise NotReady(f"adres {host} bestaat niet op deze machine; kies een ander --host.") from None
            if exc.errno == errno.EACCES:
                raise NotReady(
                    f"geen rechten om op poort {port} te luisteren; kies een poort boven 1024."
                ) from None
            raise NotReady(f"kan niet luisteren op {host}:{port}: {exc.strerror or exc}.") from None


def check_database() -> None:
    """Fail when the database does not exist or cannot be reached."""
    from django.db import OperationalError, connection

    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings_dict["NAME"])
        if name != ":memory:" and not name.startswith("file:") and not Path(name).exists():
            raise NotReady(
                f"de database {name} bestaat nog niet. Maak haar aan met `opgave migrate` "
                "(of zet DATABASE_URL naar een bestaande database)."
            )
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotReady(
            f"de database is niet bereikbaar ({first_line}). Controleer DATABASE_URL en of de "
            "databaseserver draait."
        ) from None


def pending_migrations() -> list[str]:
    """The migrations the database still lacks, as ``app.name`` labels."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [f"{migration.app_label}.{migration.name}" for migration, _ in executor.migration_plan(targets)]


def check_migrations() -> None:
    pending = pending_migrations()
    if pending:
        shown = ", ".join(pending[:3]) + (" …" if len(pending) > 3 else "")
        raise NotReady(
            f"de database heeft nog niet het nieuwste schema: {len(pending)} migratie(s) ontbreken "
            f"({shown}). Voer eerst `opgave migrate` uit."
        )


def check_deploy_settings() -> None:
    """In production: every deploy check of level ERROR (keys, HTTPS, cookies, ...) must pass."""
    from django.conf import settings
    from django.core import checks

    if not settings.PRODUCTION:
        return
    problems = [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.level >= checks.ERROR and not message.is_silenced()
    ]
    if problems:
        lines = "\n".join(f"  - {problem.id}: {problem.msg}" for problem in problems)
        raise NotReady("de productie-instellingen zijn niet in orde (zie `opgave check --deploy`):\n" + lines)


def run_all(host: str, port: int) -> None:
    check_port(host, port)
    check_deploy_settings()
    check_database()
    check_migrations()
    from django.db import connections

    connections.close_all()  # the server's workers open their own connections
