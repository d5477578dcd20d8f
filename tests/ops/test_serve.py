"""``opgave serve``: refuses to start with a clear Dutch message, serves, and shuts down without losing requests."""

from __future__ import annotations

import http.client
import re
import signal
import socket
from pathlib import Path

import pytest
from tests.ops.processes import (
    children,
    cmdline,
    environment,
    free_port,
    run,
    started,
)

pytestmark = pytest.mark.xdist_group("ops-processes")
RUNNING = "draait op"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_port_in_use_is_refused_before_running(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), env=environment(tmp_path))
    output = _flat(result.stdout + result.stderr)
    assert result.returncode == 1
    assert f"poort {port} op 127.0.0.1 is al in gebruik" in output
    assert RUNNING not in output and "Traceback" not in output


def test_a_missing_database_is_refused_before_running(tmp_path: Path) -> None:
    result = run("serve", "--port", str(free_port()), env=environment(tmp_path))
    output = _flat(result.stdout + result.stderr)
    assert result.returncode == 1
    assert "bestaat nog niet" in output and "opgave migrate" in output
    assert RUNNING not in output and not (tmp_path / "opgave.sqlite3").exists()


def test_an_unreachable_database_is_refused_before_running(tmp_path: Path) -> None:
    env = environment(tmp_path, DATABASE_URL=f"postgres://nobody@127.0.0.1:{free_port()}/niets")
    result = run("serve", "--port", str(free_port()), env=env)
    output = _flat(result.stdout + result.stderr)
    assert result.returncode == 1
    assert "de database is niet bereikbaar" in output and "DATABASE_URL" in output
    assert RUNNING not in output


def test_an_unmigrated_database_is_refused_before_running(tmp_path: Path) -> None:
    (tmp_path / "opgave.sqlite3").touch()  # exists, but no schema
    result = run("serve", "--port", str(free_port()), env=environment(tmp_path))
    output = _flat(result.stdout + result.stderr)
    assert result.returncode == 1
    assert "migratie(s) ontbreken" in output and "Voer eerst `opgave migrate` uit" in output
    assert RUNNING not in output


def test_production_settings_are_checked_before_running(migrated: Path) -> None:
    env = environment(
        migrated,
        OPGAVE_ENV="production",
        OPGAVE_SECRET_KEY="een-eigen-geheime-sleutel-voor-deze-proef-" + "x" * 20,
        OPGAVE_PSEUDONYM_KEY="een-eigen-pseudoniemsleutel-voor-deze-proef",
        OPGAVE_DEMO="true",
    )
    result = run("serve", "--port", str(free_port()), env=env)
    output = _flat(result.stdout + result.stderr)
    assert result.returncode == 1
    assert "productie-instellingen zijn niet in orde" in output
    assert "ops.E005" in output and "ops.E007" in output
    assert RUNNING not in output


def _csrf(port: int) -> tuple[str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/inloggen/")
    response = connection.getresponse()
    body = response.read().decode()
    assert response.status == 200
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert cookie and field
    connection.close()
    return cookie.group(1), field.group(1)


def _static_url(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/inloggen/")
    body = connection.getresponse().read().decode()
    connection.close()
    found = re.search(r'href="(/static/web/opgave\.[0-9a-f]{12}\.css)"', body)
    assert found, "the page links the hashed stylesheet"
    return found.group(1)


def _response(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_sigterm_lets_requests_in_flight_finish_and_stops_the_worker(migrated: Path) -> None:
    port = free_port()
    env = environment(migrated, OPGAVE_STATIC_MANIFEST="true")
    with started(
        "serve", "--port", str(port), "--workers", "1", "--threads", "4", "--with-worker", env=env
    ) as server:
        server.wait_for(RUNNING)
        # Static files: hashed names, compressed, cached for a year.
        static = _static_url(port)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", static, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        assert "immutable" in (response.getheader("Cache-Control") or "")
        assert response.getheader("Content-Encoding") == "gzip"
        connection.close()

        worker_pids = [
            pid for pid in children(server.process.pid) if "opgave.ops.worker_main" in cmdline(pid)
        ]
        assert len(worker_pids) == 1

        # Three logins in flight: headers and half of each body sent, the server is reading the rest.
        cookie, token = _csrf(port)
        body = f"csrfmiddlewaretoken={token}&login=niemand&password=geen-geheim".encode()
        sockets = []
        for _ in range(3):
            sock = socket.create_connection(("127.0.0.1", port), timeout=60)
            sock.sendall(
                b"POST /inloggen/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                + f"Cookie: csrftoken={cookie}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                + body[:10]
            )
            sockets.append(sock)
        # Make sure the server took them in before the signal: a complete request answers after them.
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        probe.request("GET", "/health/live")
        assert probe.getresponse().status == 200
        probe.close()

        server.process.send_signal(signal.SIGTERM)
        server.wait_for("Handling signal: term")  # shutting down ...
        for sock in sockets:  # ... but the requests in flight are finished
            sock.sendall(body[10:])
        answers = [_response(sock) for sock in sockets]
        for sock in sockets:
            sock.close()
        assert server.process.wait(120) == 0
    for answer in answers:
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert b"niet juist" in answer or b"onjuist" in answer or b"<form" in answer
    for pid in worker_pids:
        assert not Path(f"/proc/{pid}").exists(), "the worker stopped with the server"
