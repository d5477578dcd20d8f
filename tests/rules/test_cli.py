"""``opgave rules list|publish|evaluate|diff`` through the real Typer app: output and exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.rules.conftest import World, rule_set
from tests.rules.dmn_text import times_model
from typer.testing import CliRunner

from opgave.cli import app
from opgave.rules.models import Status

runner = CliRunner()


def test_list_shows_rule_sets_and_versions(world: World) -> None:
    item = rule_set(world.ministerie)
    result = runner.invoke(app, ["rules", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == str(item.uuid) and rows[0]["versies"][0]["status"] == "gepubliceerd"


def test_publish_a_file_and_refuse_an_overlap_with_exit_code_1(world: World, tmp_path: Path) -> None:
    item = rule_set(world.ministerie, periods=())
    model = tmp_path / "model.dmn"
    model.write_text(times_model())
    ok = runner.invoke(app, ["rules", "publish", str(item.uuid), str(model), "--geldig-van", "2024-01-01"])
    assert ok.exit_code == 0, ok.output
    assert item.versions.get().status == Status.PUBLISHED
    refused = runner.invoke(
        app, ["rules", "publish", str(item.uuid), str(model), "--geldig-van", "2030-01-01"]
    )
    assert refused.exit_code == 1
    assert "overlapt met gepubliceerde versie 1" in " ".join(refused.output.split())


def test_publish_refuses_a_dtd_and_wrong_use_is_exit_code_2(world: World, tmp_path: Path) -> None:
    item = rule_set(world.ministerie, periods=())
    evil = tmp_path / "evil.dmn"
    evil.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    refused = runner.invoke(
        app, ["rules", "publish", str(item.uuid), str(evil), "--geldig-van", "2024-01-01"]
    )
    assert refused.exit_code == 1 and "DTD" in refused.output
    assert not item.versions.exists()
    bad_date = runner.invoke(app, ["rules", "publish", str(item.uuid), str(evil), "--geldig-van", "1-1-2024"])
    assert bad_date.exit_code == 2 and "JJJJ-MM-DD" in bad_date.output
    missing = runner.invoke(
        app, ["rules", "publish", str(item.uuid), str(tmp_path / "nope.dmn"), "--geldig-van", "2024-01-01"]
    )
    assert missing.exit_code == 2


def test_evaluate_prints_outputs_and_a_receipt(world: World, tmp_path: Path) -> None:
    item = rule_set(world.ministerie)
    inputs = tmp_path / "in.json"
    inputs.write_text(json.dumps({"x": 6}))
    result = runner.invoke(
        app, ["rules", "evaluate", str(item.uuid), "--invoer", str(inputs), "--datum", "2024-02-01"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["uitkomsten"] == {"klasse": "hoog"} and data["bon"]["versie"] == 1
    wrong = runner.invoke(
        app,
        ["rules", "evaluate", str(item.uuid), "--invoer", "-", "--datum", "2024-02-01"],
        input='{"x": "zes"}',
    )
    assert wrong.exit_code == 1 and "inputs.x: Verwacht een getal" in wrong.output
    unknown = runner.invoke(
        app, ["rules", "evaluate", "00000000-0000-0000-0000-000000000000", "--invoer", str(inputs)]
    )
    assert unknown.exit_code == 1 and "bestaat niet" in unknown.output


def test_diff_names_the_changed_expression(world: World) -> None:
    item = rule_set(world.ministerie, periods=((dt.date(2024, 1, 1), dt.date(2024, 12, 31)),))
    from tests.rules.conftest import SYSTEM

    from opgave.rules import services

    services.add_version(
        item, actor=SYSTEM, dmn=times_model("x * factor + 1"), geldig_van=dt.date(2025, 1, 1)
    )
    result = runner.invoke(app, ["rules", "diff", str(item.uuid), "1", "2"])
    assert result.exit_code == 0, result.output
    assert "uitkomst (gewijzigd)" in result.output and "x * factor  →  x * factor + 1" in result.output
