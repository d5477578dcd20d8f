"""Fixtures for the operations tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ops.processes import environment, run


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var directory with a migrated SQLite database, shared by the subprocess tests."""
    var_dir = tmp_path_factory.mktemp("migrated")
    result = run("migrate", env=environment(var_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    return var_dir
