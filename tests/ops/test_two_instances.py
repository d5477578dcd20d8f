"""Two server processes on one PostgreSQL database: no state lives in a process.

Sessions, the If-Match check, Idempotency-Keys, the API rate limit and the login
throttle must hold across instances. The test starts two ``opgave serve`` processes on
its own freshly migrated database and races requests across them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from tests.ops.processes import environment, free_port, run, started

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.xdist_group("ops-processes"),
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite is one file on one machine",
    ),
]
PASSWORD = "twee-instanties-wachtwoord-42"
RATE_LIMIT = 12
SETUP = """
import json
from opgave.collaborations import services
from opgave.core.actors import Actor
from opgave.core.models import Membership, Organisation, OrganisationKind, Person
org = Organisation.objects.create(name="Gemeente Twee", kind=OrganisationKind.GEMEENTE)
people = {}
for name in ("anna", "bram", "carla"):
    person = Person.objects.create_user(username=name, email=name + "@twee.example", password=__PASSWORD__)
    Membership.objects.create(person=person, organisation=org)
    people[name] = person
item = services.create_collaboration(actor=Actor.for_person(people["anna"]), name="Samen", opgave="Eén opgave", owners=[org], region=[org])
print(json.dumps({"org": str(org.uuid), "collaboration": str(item.uuid)}))
""".replace("__PASSWORD__", repr(PASSWORD))


def _database_url(name: str) -> str:
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    import psycopg

    # A name of its own per set-up: pytest may set this module fixture up twice on one worker (when
    # xdist interleaves another module), and the first set-up's clean-up must never drop the second's.
    name = (urlsplit(DATABASE_URL).path.lstrip("/") or "opgave") + f"_twee_{secrets.token_hex(4)}"
    admin = _database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = environment(
        tmp_path_factory.mktemp("twee"),
        DATABASE_URL=_database_url(name),
        OPGAVE_API_RATE_LIMIT=str(RATE_LIMIT),
        OPGAVE_API_RATE_WINDOW="86400",
        OPGAVE_LOGIN_RATE_LIMIT="5",
    )
    migrated = run("migrate", env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    made = run("manage", "shell", "--verbosity", "0", "-c", SETUP, env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    ids = json.loads(made.stdout.strip().splitlines()[-1])
    yield env, ids
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def servers(database: tuple[dict[str, str], dict[str, str]]) -> Iterator[list[str]]:
    env, _ = database
    ports = [free_port(), free_port()]
    with (
        started(
            "serve",
            "--port",
            str(ports[0]),
            "--workers",
            "1",
            "--threads",
            "8",
            "--no-collectstatic",
            env=env,
        ) as first,
        started(
            "serve",
            "--port",
            str(ports[1]),
            "--workers",
            "1",
            "--threads",
            "8",
            "--no-collectstatic",
            env=env,
        ) as second,
    ):
        first.wait_for("draait op")
        second.wait_for("draait op")
        yield [f"http://127.0.0.1:{port}" for port in ports]


def _login(base: str, username: str, password: str) -> requests.Response:
    session = requests.Session()
    page = session.get(f"{base}/inloggen/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    return session.post(
        f"{base}/inloggen/",
        data={"csrfmiddlewaretoken": token.group(1), "login": username, "password": password},
        allow_redirects=False,
    )


def _session(servers: list[str], username: str) -> dict[str, str]:
    """Log in on the first instance; the cookies (session, CSRF) as a dict."""
    response = _login(servers[0], username, PASSWORD)
    assert response.status_code == 302, response.text[:500]
    cookies = response.cookies.get_dict()
    cookies.setdefault(
        "csrftoken", re.sub(r".*csrftoken=([^;]+).*", r"\1", response.request.headers["Cookie"])
    )
    return cookies


def _race(count: int, call: Callable[[int], requests.Response]) -> list[requests.Response]:
    """``count`` calls at once (a barrier releases them together), alternating instances via ``call(i)``."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def one(i: int) -> None:
        barrier.wait()
        results[i] = call(i)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _headers(cookies: dict[str, str], **extra: str) -> dict[str, str]:
    return {"X-CSRFToken": cookies["csrftoken"], "Content-Type": "application/json", **extra}


def test_a_session_made_on_one_instance_works_on_the_other(servers: list[str]) -> None:
    cookies = _session(servers, "anna")
    for base in servers:
        response = requests.get(f"{base}/api/v1/me", cookies=cookies)
        assert response.status_code == 200, response.text


def test_one_winner_per_if_match_race_across_instances(
    servers: list[str], database: tuple[dict[str, str], dict[str, str]]
) -> None:
    _, ids = database
    cookies = _session(servers, "anna")
    design = f"/api/v1/collaborations/{ids['collaboration']}/design"
    tag = requests.get(f"{servers[1]}{design}", cookies=cookies).headers["ETag"]
    responses = _race(
        8,
        lambda i: requests.put(
            f"{servers[i % 2]}{design}/steps/1",
            json={"opgave": f"Formulering {i}", "bedoeling": "Samen"},
            headers=_headers(cookies, **{"If-Match": tag}),
            cookies=cookies,
        ),
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [412] * 7, [r.text[:200] for r in responses]
    winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
    stored = requests.get(f"{servers[0]}{design}", cookies=cookies).json()["design"]["step1"]["opgave"]
    assert stored == f"Formulering {winner}"


def test_one_resource_per_idempotency_key_across_instances(
    servers: list[str], database: tuple[dict[str, str], dict[str, str]]
) -> None:
    _, ids = database
    cookies = _session(servers, "bram")
    key = str(uuid.uuid4())
    body = {"name": "Eén keer", "opgave": "Niet dubbel", "owners": [ids["org"]], "region": [ids["org"]]}
    responses = _race(
        8,
        lambda i: requests.post(
            f"{servers[i % 2]}/api/v1/collaborations",
            json=body,
            headers=_headers(cookies, **{"Idempotency-Key": key}),
            cookies=cookies,
        ),
    )
    assert [r.status_code for r in responses] == [201] * 8, [r.text[:200] for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 7
    listed = requests.get(f"{servers[1]}/api/v1/collaborations?limit=100", cookies=cookies).json()
    assert sum(item["name"] == "Eén keer" for item in listed["items"]) == 1


def test_the_rate_limit_counts_requests_on_both_instances(servers: list[str]) -> None:
    cookies = _session(servers, "carla")
    statuses = [
        requests.get(f"{servers[i % 2]}/api/v1/me", cookies=cookies).status_code
        for i in range(RATE_LIMIT + 2)
    ]
    # Each instance saw only half of them: a per-process counter would never reach the limit.
    assert statuses == [200] * RATE_LIMIT + [429, 429]


def test_failed_logins_are_counted_across_instances(servers: list[str]) -> None:
    for i in range(5):
        assert _login(servers[i % 2], "anna", "fout-wachtwoord").status_code == 200
    refused = _login(servers[1], "anna", PASSWORD)
    assert refused.status_code == 200 and "Te veel mislukte inlogpogingen" in refused.text
