"""Real processes for the operations tests: ``opgave serve`` and ``opgave worker`` as subprocesses."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
OPGAVE = [sys.executable, "-c", "from opgave.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a child process: its own var directory, SQLite unless DATABASE_URL is given."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPGAVE_", "DATABASE_URL", "PROMETHEUS_", "PYTEST_", "DJANGO_"))
    }
    env.update(
        {
            "OPGAVE_VAR_DIR": str(var_dir),
            "OPGAVE_STATIC_MANIFEST": "false",
            "COLUMNS": "200",
            "PYTHONPATH": os.pathsep.join([str(PROJECT_DIR / "src"), str(PROJECT_DIR)]),
        }
    )
    env.update(extra)
    return env


def run(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OPGAVE, *args], env=dict(env), capture_output=True, text=True, check=False)


class Running:
    """A child process whose combined output is read line by line on a thread."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)
        self.lines.put("")

    def wait_for(self, text: str) -> str:
        """Block until a line containing ``text`` appears; fail when the process ends first."""
        while True:
            line = self.lines.get()
            if text in line:
                return line
            if line == "" and self.process.poll() is not None:
                raise AssertionError(f"process ended before {text!r}:\n{''.join(self.output)}")

    def text(self) -> str:
        return "".join(self.output)


@contextmanager
def started(*args: str, env: Mapping[str, str]) -> Iterator[Running]:
    process = subprocess.Popen(
        [*OPGAVE, *args], env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    running = Running(process)
    try:
        yield running
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
