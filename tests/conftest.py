"""Suite-wide fixtures. App-specific fixtures live next to their tests (tests/<app>/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _light_password_hashing(settings: pytest.FixtureRequest) -> None:
    """Still Argon2, with parameters light enough for a suite that logs in a lot."""
    settings.PASSWORD_HASHERS = ["tests.core.conftest.LightArgon2PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The API's rate counters live in the (per-process) cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
