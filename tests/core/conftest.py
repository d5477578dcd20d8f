"""Fixtures for the core tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.test import Client
from tests.core.factories import DEFAULT_PASSWORD, MembershipFactory, OrganisationFactory

from opgave.core.models import Organisation, Person


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory(name="Gemeente Arnhem", cbs_code="GM0202")


@pytest.fixture
def person(organisation: Organisation) -> Person:
    membership = MembershipFactory(
        organisation=organisation, person__username="sanne", person__email="sanne@proef.example"
    )
    return membership.person


@pytest.fixture
def login(client: Client) -> Callable[[str, str], object]:
    def do_login(login: str, password: str = DEFAULT_PASSWORD) -> object:
        return client.post("/inloggen/", {"login": login, "password": password})

    return do_login


@pytest.fixture
def raw_sql() -> Callable[[str, list[object] | None], None]:
    """Run SQL behind the ORM's back, as an attacker with database access would (PostgreSQL: triggers off)."""

    def run(sql: str, params: list[object] | None = None) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params or [])
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = origin")

    return run


class LightArgon2PasswordHasher(Argon2PasswordHasher):
    """Still Argon2 (hashes read ``argon2$...``), with parameters light enough for a test suite."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


@pytest.fixture(autouse=True)
def _test_settings(settings: object) -> None:
    settings.LOGIN_RATE_LIMIT = 3  # type: ignore[attr-defined]
    settings.LOGIN_IP_RATE_LIMIT = 3  # type: ignore[attr-defined]
    settings.LOGIN_RATE_WINDOW = 900  # type: ignore[attr-defined]
    settings.PASSWORD_HASHERS = ["tests.core.conftest.LightArgon2PasswordHasher"]  # type: ignore[attr-defined]
