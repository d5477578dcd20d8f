"""Fixtures for the DMN tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from dmn_builders import ModelFactory, definitions

from opgave.dmn import Model, load_model


@pytest.fixture
def make_model() -> ModelFactory:
    def build(body: str, **options: str) -> Model:
        return load_model(definitions(body, **options))

    return build


@pytest.fixture
def schuldhulp() -> Model:
    return load_model(
        Path(__file__).resolve().parents[2] / "benchmarks" / "dmn" / "models" / "schuldhulp.dmn"
    )
