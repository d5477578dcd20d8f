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

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SERVERS = ("gunicorn", "granian")
FINGERPRINT_FILE = ".bron-vingerafdruk"


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int
    threads: int
    server: str = "gunicorn"
    graceful_timeout: int = 30
    access_log: bool = False


def _static_fingerprint() -> str:
    """A hash over every static source file's path, size and modification time."""
    from django.contrib.staticfiles import finders

    from opgave.web.staticfiles import IGNORE_PATTERNS

    digest = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in finder.list(IGNORE_PATTERNS):
            stat = os.stat(storage.path(path))
            digest.update(
                f"{getattr(storage, 'prefix', '') or ''}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()


def collect_static(*, force: bool = False) -> bool:
    """Run ``collectstatic`` when the sources changed since the last run; True when it ran."""
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    marker = root / FINGERPRINT_FILE
    fingerprint = _static_fingerprint()
    manifest = root / "staticfiles.json"
    if not force and manifest.exists() and marker.exists() and marker.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    marker.write_text(fingerprint)
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
