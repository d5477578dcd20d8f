"""The batch endpoint: columnar results equal the per-case ones, receipts verify, large bodies stream.

What a caller would notice: every row of a batch gets exactly the outcome (and a receipt as good
as) a per-case evaluation gives; a bad row is an error row; a body larger than the API's general
limit is accepted for JSON Lines and CSV up to the batch limit and refused with a 413 beyond it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest
from django.test import override_settings
from tests.api.conftest import ApiClient
from tests.rules.conftest import SYSTEM, World, rule_set

from opgave.core.models import ProcessingLogRecord
from opgave.dmn import Model
from opgave.rules import batch, evaluation, receipts
from opgave.rules.models import RuleSet

URL = "/api/v1/rulesets/{}/evaluate-batch"
D = dt.date


def _people(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [
        {
            "leeftijd": rng.choice([16, 17, 18, 40, 67, 90]),
            "verzekerd": rng.random() < 0.9,
            "toeslagpartner": rng.random() < 0.4,
            # whole euros, cents, and floats such as 28000.5 (read exactly, as JSON floats are)
            "toetsingsinkomen": rng.choice(
                [rng.randint(0, 60_000), rng.randint(0, 6_000_000) / 100, 39_719, 39_720, 50_206]
            ),
            "vermogen": rng.choice([0, rng.randint(0, 200_000), 141_896, 141_897, 179_429, 179_430]),
        }
        for _ in range(count)
    ]


def _post(
    item: RuleSet, body: str | bytes, kind: str = "application/x-ndjson", day: str = "2025-06-01"
) -> Any:
    return ApiClient().client.post(URL.format(item.uuid) + "?datum=" + day, body, content_type=kind)


def _rows(response: Any) -> list[dict[str, Any]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [json.loads(line) for line in content.decode().splitlines()]


@override_settings(RULES_BATCH_CHUNK_ROWS=400)
def test_a_batch_gives_every_row_the_outcome_of_a_per_case_evaluation(zorgtoeslag: RuleSet) -> None:
    people = _people(1000)
    response = _post(zorgtoeslag, "".join(json.dumps(p) + "\n" for p in people))
    assert response.status_code == 200 and response.streaming
    rows = _rows(response)
    assert [r["rij"] for r in rows] == list(range(1, 1001))
    for person, row in zip(people, rows, strict=True):
        alone = evaluation.evaluate(zorgtoeslag, actor=SYSTEM, inputs=person, day=D(2025, 6, 1))
        assert row["uitkomsten"] == receipts.plain(alone.outputs), person
        assert row["bon"]["uitkomsten"] == row["uitkomsten"]
        assert row["bon"]["invoer_hash"] == receipts.sha256(person)


def test_the_columnar_path_answers_the_zorgtoeslag_rows(zorgtoeslag: RuleSet) -> None:
    run = batch.Batch(zorgtoeslag, actor=SYSTEM, day=D(2025, 6, 1))
    people = _people(50)
    chunks = list(run.chunks(enumerate(people, start=1)))
    assert run.columnar_rows == 50
    assert all(not row.error for _, rows in chunks for row in rows)


def test_when_the_columnar_path_fails_the_rows_are_evaluated_case_by_case(
    zorgtoeslag: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("columnar evaluation unavailable")

    monkeypatch.setattr(Model, "evaluate_frame", broken)
    people = _people(30, seed=3)
    run = batch.Batch(zorgtoeslag, actor=SYSTEM, day=D(2025, 6, 1))
    [(_, rows)] = list(run.chunks(enumerate(people, start=1)))
    assert run.columnar_rows == 0
    for person, row in zip(people, rows, strict=True):
        alone = evaluation.evaluate(zorgtoeslag, actor=SYSTEM, inputs=person, day=D(2025, 6, 1))
        assert row.outputs == receipts.plain(alone.outputs)


def test_every_batch_receipt_verifies_and_reproduces(zorgtoeslag: RuleSet) -> None:
    people = _people(40, seed=11)
    rows = _rows(_post(zorgtoeslag, "".join(json.dumps(p) + "\n" for p in people)))
    for row in rows:
        assert receipts.signature_valid(row["bon"])
    for person, row in list(zip(people, rows, strict=True))[:5]:
        check = ApiClient().post("/api/v1/receipts/verify", {"receipt": row["bon"], "inputs": person})
        assert check.status == 200 and check.body["reproduceert"] is True, check.body
    tampered = {**rows[0]["bon"], "uitkomsten": {"Zorgtoeslag per maand": "999"}}
    assert not receipts.signature_valid(tampered)


def test_the_batch_issuer_signs_exactly_as_a_single_receipt_is_signed() -> None:
    at = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
    fields: dict[str, Any] = {
        "rule_set_id": "7a0c1a52-2f1e-4b51-9e5b-2d1b2c3d4e5f",
        "version": 3,
        "model_hash": "ab" * 32,
        "variant_id": None,
        "variant_version": None,
        "day": D(2025, 6, 1),
        "decisions": ["Zorgtoeslag per maand", 'Naam met "aanhalingstekens" en é'],
    }
    issuer = receipts.Issuer(**fields, at=at)
    outputs = {"Zorgtoeslag per maand": receipts.plain(131.12), 'Naam met "aanhalingstekens" en é': True}
    receipt_id, inputs_hash = "f" * 8 + "-0000-4000-8000-" + "0" * 12, "cd" * 32
    signature = issuer.sign(receipt_id, inputs_hash, issuer.outputs_json(outputs))
    shown = json.loads(issuer.receipt_json(receipt_id, inputs_hash, issuer.outputs_json(outputs), signature))
    single = {**fields, "day": fields["day"].isoformat()}
    assert shown["regelset"] == single["rule_set_id"] and shown["beslissingen"] == fields["decisions"]
    assert shown["handtekening"] == signature and receipts.signature_valid(shown)


def test_each_chunk_is_one_processing_record_without_inputs(zorgtoeslag: RuleSet) -> None:
    people = _people(25)
    secret = 12345.678
    people[0]["toetsingsinkomen"] = secret
    before = ProcessingLogRecord.objects.count()
    with override_settings(RULES_BATCH_CHUNK_ROWS=10):
        rows = _rows(_post(zorgtoeslag, "".join(json.dumps(p) + "\n" for p in people)))
    records = list(ProcessingLogRecord.objects.order_by("seq")[before:])
    assert len(rows) == 25 and len(records) == 3
    assert [r.name for r in records] == [
        "regels.evalueren batch: 10 bonnen (rij 1 tot en met 10)",
        "regels.evalueren batch: 10 bonnen (rij 11 tot en met 20)",
        "regels.evalueren batch: 5 bonnen (rij 21 tot en met 25)",
    ]
    dumped = " ".join(str(getattr(r, f.attname)) for r in records for f in r._meta.concrete_fields)
    assert str(secret) not in dumped and "12345" not in dumped


@override_settings(API_MAX_BODY_BYTES=20_000, RULES_BATCH_MAX_BODY_BYTES=200_000)
def test_json_lines_beyond_the_api_limit_are_read_up_to_the_batch_limit(world: World) -> None:
    item = rule_set(world.ministerie)
    body = "".join(json.dumps({"x": n % 900}) + "\n" for n in range(8000))  # ~ 88 kB
    assert 20_000 < len(body) < 200_000
    response = _post(item, body, day="2024-06-01")
    assert response.status_code == 200
    assert len(_rows(response)) == 8000


@override_settings(API_MAX_BODY_BYTES=20_000, RULES_BATCH_MAX_BODY_BYTES=50_000)
def test_a_batch_beyond_its_limit_is_a_clean_413_and_a_large_json_list_is_sent_to_json_lines(
    world: World,
) -> None:
    item = rule_set(world.ministerie)
    lines = "".join(json.dumps({"x": 1}) + "\n" for _ in range(6000))
    response = _post(item, lines, day="2024-06-01")
    assert response.status_code == 413 and response["Content-Type"] == "application/problem+json"
    assert "50000 bytes" in json.loads(response.content)["detail"]
    listed = json.dumps([{"x": 1}] * 3000)
    response = _post(item, listed, kind="application/json", day="2024-06-01")
    assert response.status_code == 413 and "JSON Lines" in json.loads(response.content)["detail"]


@override_settings(RULES_BATCH_MAX_ROWS=3)
def test_rows_beyond_the_row_limit_are_one_error_row(world: World) -> None:
    item = rule_set(world.ministerie)
    rows = _rows(_post(item, "".join(json.dumps({"x": n}) + "\n" for n in range(10)), day="2024-06-01"))
    assert [r.get("fout", "") for r in rows] == ["", "", "", "meer dan 3 rijen; de rest is niet verwerkt"]


def test_bad_rows_get_an_error_row_in_their_place(world: World) -> None:
    item = rule_set(world.ministerie)
    body = '{"x": 1}\n{"x": NaN}\n[1, 2]\n{"x": 1, "factor": 9}\n\n{"x": 2000}\n{"x": 2}\n'
    rows = _rows(_post(item, body, day="2024-06-01"))
    assert [r["rij"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert "fout" not in rows[0] and "fout" not in rows[5]
    assert rows[1]["fout"] == "NaN is geen getal dat JSON kent"
    assert rows[2]["fout"] == "verwacht een JSON-object met invoer"
    assert rows[3]["fout"] == "inputs.factor: Dit veld kent het model niet."
    assert rows[4]["fout"] == "inputs.x: De waarde mag hoogstens 1000 zijn."


def test_csv_with_a_byte_order_mark_and_a_row_with_too_many_cells(world: World) -> None:
    item = rule_set(world.ministerie)
    response = _post(item, "\ufeffx\n3\n4,5\n\n7\n".encode(), kind="text/csv", day="2024-06-01")
    lines = response.content.decode().splitlines()
    assert lines[0] == "rij,bon_id,handtekening,fout,klasse"
    assert lines[1].startswith("1,") and lines[1].endswith(",laag")
    assert lines[2] == '2,,,"2 cellen, maar de kopregel noemt er 1",'
    assert lines[3].startswith("3,") and lines[3].endswith(",hoog")


@pytest.mark.parametrize(
    "inputs",
    [
        {"leeftijd": 40, "verzekerd": True, "toeslagpartner": False, "toetsingsinkomen": 31000},
        {"b": None, "a": 'tekst met "aanhalingstekens", é en \u2028', "c": -0, "d": 10**27 - 1},
        {"groot": 10**27, "klein": -(10**27)},  # beyond the exact-int bound: receipts.plain's own path
        {"kommagetal": 0.1, "geheel": 3},
        {"lijst": [1, 2.5], "genest": {"z": 1, "a": None}},
        {},
    ],
)
def test_the_batch_inputs_hash_is_the_receipt_inputs_hash(inputs: dict[str, Any]) -> None:
    assert batch._inputs_hash(inputs) == receipts.sha256(inputs)


def test_huge_and_non_finite_numbers_in_json_lines_are_error_rows(world: World) -> None:
    item = rule_set(world.ministerie)
    body = '{"x": 1e400}\n{"x": -Infinity}\n{"x": 3}\n'
    rows = _rows(_post(item, body, day="2024-06-01"))
    assert [r["rij"] for r in rows] == [1, 2, 3]
    assert rows[0]["fout"] == "het getal 1e400 is te groot"
    assert rows[1]["fout"] == "-Infinity is geen getal dat JSON kent"
    assert "fout" not in rows[2]
