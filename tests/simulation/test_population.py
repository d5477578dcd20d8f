"""The synthetic population: deterministic for a seed, exactly the asked size, close to the CBS
figures it is drawn from, and written by ``opgave population generate``."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from opgave.cli import app
from opgave.simulation.population import COLUMNS, HOUSEHOLD_TYPES, figures, generate


def test_the_same_seed_gives_the_same_population_and_another_seed_another() -> None:
    one = generate(20_000, seed=42)
    assert one.equals(generate(20_000, seed=42))
    assert not one.equals(generate(20_000, seed=43))
    assert one.height == 20_000 and one.columns == list(COLUMNS)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1001])
def test_the_size_is_exact_and_households_are_whole(size: int) -> None:
    frame = generate(size, seed=1)
    assert frame.height == size
    assert frame["persoon"].to_list() == list(range(1, size + 1))
    assert frame["huishouden"].min() == 1


def test_the_population_follows_the_cbs_figures() -> None:
    frame = generate(300_000, seed=5)
    households = frame.unique("huishouden")
    shares = households.group_by("huishoudtype").len().with_columns(pl.col("len") / households.height)
    by_type = dict(zip(shares["huishoudtype"].cast(pl.String), shares["len"], strict=True))
    assert set(by_type) == set(HOUSEHOLD_TYPES)
    assert 0.35 < by_type["eenpersoonshuishouden"] < 0.45  # CBS 2024: 39.9 % (municipal mix)
    assert 0.20 < by_type["paar_met_kinderen"] < 0.28  # CBS 2024: 24.2 %
    deciles = households.group_by("inkomensdecile").len()
    assert deciles.height == 10 and deciles["len"].min() > 0.09 * households.height
    assert frame["gemeentecode"].n_unique() > 330  # nearly all 342 municipalities at this size
    adults = frame.filter(~pl.col("kind"))
    assert adults["leeftijd"].min() >= 18
    partners = frame.filter(pl.col("toeslagpartner"))
    assert partners.group_by("huishouden").len()["len"].max() == 2
    assert frame.filter(pl.col("toeslagpartner") & ~pl.col("aanvrager")).height == partners.height // 2
    assert len(figures().codes) == 342


def test_a_size_out_of_range_is_refused_in_dutch() -> None:
    with pytest.raises(ValueError, match="tussen 1 en"):
        generate(0)


def test_the_cli_writes_parquet_and_refuses_a_wrong_extension(tmp_path: Path) -> None:
    target = tmp_path / "populatie.parquet"
    result = CliRunner().invoke(
        app, ["population", "generate", "--size", "500", "--seed", "3", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "Bron: CBS" in result.output
    assert pl.read_parquet(target).equals(generate(500, 3))
    wrong = CliRunner().invoke(
        app, ["population", "generate", "--size", "5", "--output", str(tmp_path / "x.txt")]
    )
    assert wrong.exit_code == 2 and "eindigen op .parquet of .csv" in wrong.output
