"""The production application servers behind ``opgave serve``: gunicorn (default) or granian.

Both serve ``opgave.wsgi:application`` with a number of worker processes and threads
per worker (ADR 0013 has the measurements behind the default). Static files are served
by WhiteNoise inside the application; :func:`collect_static` refreshes the hashed,
compressed copies only when the sources changed, so a restart does not pay for it.

Shutdown: SIGTERM (what an orchestrator sends) stops accepting connections and lets the
requests in flight finish within ``graceful_timeout`` seconds; a second signal or the
timeout ends them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SERVERS = ("gunicorn", "granian")


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int
    threads: int
    server: str = "gunicorn"
    graceful_timeout: int = 30
    access_log: bool = False


def collect_static(*, force: bool = False) -> bool:
    """Run ``collectstatic`` when the sources changed since the last run; True when it ran.

    Any ``collectstatic`` into the manifest storage records the sources' fingerprint
    (:class:`opgave.web.staticfiles.OpgaveStaticFilesStorage`), also one run by hand."""
    from django.conf import settings
    from django.core.management import call_command

    from opgave.web.staticfiles import collected_fingerprint, source_fingerprint

    collected = (Path(settings.STATIC_ROOT) / "staticfiles.json").exists()
    if not force and collected and collected_fingerprint() == source_fingerprint():
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    return True


def start_worker_process() -> subprocess.Popen[bytes]:
    """``opgave worker`` as a child process (``make run`` serves and works in one command)."""
    return subprocess.Popen([sys.executable, "-m", "opgave.ops.worker_main"])


def stop_process(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_gunicorn(options: ServeOptions, on_ready: Callable[[], None]) -> None:
    from gunicorn.app.base import BaseApplication

    config: dict[str, Any] = {
        "bind": [
            f"[{options.host}]:{options.port}" if ":" in options.host else f"{options.host}:{options.port}"
        ],
        "workers": options.workers,
        "threads": options.threads,
        "worker_class": "gthread",
        "graceful_timeout": options.graceful_timeout,
        "timeout": 60,
        "keepalive": 5,
        "preload_app": True,
        "accesslog": "-" if options.access_log else None,
        "errorlog": "-",
        "loglevel": "info",  # start, stop and signals ("Handling signal: term")
        "proc_name": "opgave",
        "when_ready": lambda _server: on_ready(),
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in config.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from opgave.wsgi import application

            return application

    Application().run()


def run_granian(options: ServeOptions, on_ready: Callable[[], None]) -> None:
    from granian.constants import Interfaces
    from granian.server import Server

    on_ready()
    Server(
        "opgave.wsgi:application",
        address=options.host,
        port=options.port,
        interface=Interfaces.WSGI,
        workers=options.workers,
        blocking_threads=options.threads,
        workers_kill_timeout=options.graceful_timeout,
        log_access=options.access_log,
    ).serve()


RUNNERS: dict[str, Callable[[ServeOptions, Callable[[], None]], None]] = {
    "gunicorn": run_gunicorn,
    "granian": run_granian,
}
