"""The evaluation API: receipts, schema validation, the processing log, anonymous and hidden rule sets."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import override_settings
from tests.api.conftest import ApiClient, make_token
from tests.rules.conftest import SYSTEM, World, rule_set
from tests.rules.dmn_text import times_model

from opgave.core.models import AuditRecord, ProcessingLogRecord
from opgave.rules import services

D = dt.date
URL = "/api/v1/rulesets/{}"
SECRET_INPUT = 987.654321  # a value that must never reach the processing log


def _evaluate(client: ApiClient, item: Any, inputs: dict[str, Any], **extra: Any) -> Any:
    return client.post(URL.format(item.uuid) + "/evaluate", {"inputs": inputs, **extra})


def test_anonymous_callers_evaluate_a_public_rule_set(world: World) -> None:
    item = rule_set(world.ministerie)
    reply = _evaluate(ApiClient(), item, {"x": 3}, datum="2024-03-01", explain=True)
    assert reply.status == 200, reply.body
    assert reply.body["outputs"] == {"klasse": "laag"}
    assert reply.body["explanation"][0]["name"] == "klasse"
    receipt = reply.body["receipt"]
    assert receipt["versie"] == 1 and receipt["datum"] == "2024-03-01" and len(receipt["model_hash"]) == 64


def test_a_token_without_a_person_evaluates_with_the_evaluate_scope(world: World) -> None:
    item = rule_set(world.ministerie)
    _, token = make_token(world.ede, ["rules:evaluate"])
    assert _evaluate(ApiClient(token=token), item, {"x": 3}, datum="2024-03-01").status == 200
    _, reader = make_token(world.ede, ["rules:read"])
    assert _evaluate(ApiClient(token=reader), item, {"x": 3}, datum="2024-03-01").status == 403


def test_a_receipt_reproduces_after_a_newer_version_is_published(world: World) -> None:
    item = rule_set(world.ministerie, periods=((D(2024, 1, 1), D(2024, 12, 31)),))
    reply = _evaluate(ApiClient(), item, {"x": 4}, datum="2024-06-01", decisions=["uitkomst"])
    receipt = reply.body["receipt"]
    newer = services.add_version(
        item, actor=SYSTEM, dmn=times_model("x * factor * 100"), geldig_van=D(2025, 1, 1)
    )
    services.publish_version(newer, actor=SYSTEM)
    assert _evaluate(ApiClient(), item, {"x": 4}, datum="2025-06-01", decisions=["uitkomst"]).body[
        "outputs"
    ] == {"uitkomst": 800}
    check = ApiClient().post("/api/v1/receipts/verify", {"receipt": receipt, "inputs": {"x": 4}})
    assert check.status == 200
    assert check.body | {"reproduceert": True, "handtekening_geldig": True, "verschillen": []} == check.body


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r, i: (r | {"uitkomsten": {"uitkomst": "9"}}, i),
        lambda r, i: (r | {"versie": 2}, i),
        lambda r, i: (r | {"handtekening": "0" * 64}, i),
        lambda r, i: (r, {"x": 5}),
    ],
    ids=["outputs", "version", "signature", "inputs"],
)
def test_a_tampered_receipt_fails_verification(world: World, tamper: Any) -> None:
    item = rule_set(world.ministerie, periods=((D(2024, 1, 1), D(2024, 12, 31)), (D(2025, 1, 1), None)))
    receipt = _evaluate(ApiClient(), item, {"x": 4}, datum="2024-06-01", decisions=["uitkomst"]).body[
        "receipt"
    ]
    changed, inputs = tamper(dict(receipt), {"x": 4})
    check = ApiClient().post("/api/v1/receipts/verify", {"receipt": changed, "inputs": inputs})
    assert check.status == 200 and check.body["reproduceert"] is False and check.body["verschillen"]


def test_receipts_verify_with_a_rotated_key(world: World) -> None:
    item = rule_set(world.ministerie)
    with override_settings(RULES_RECEIPT_KEYS="oud:geheim-1"):
        receipt = _evaluate(ApiClient(), item, {"x": 4}, datum="2024-06-01").body["receipt"]
    assert receipt["sleutel"] == "oud"
    with override_settings(RULES_RECEIPT_KEYS="nieuw:geheim-2,oud:geheim-1"):
        assert (
            ApiClient()
            .post("/api/v1/receipts/verify", {"receipt": receipt, "inputs": {"x": 4}})
            .body["reproduceert"]
        )
    with override_settings(RULES_RECEIPT_KEYS="nieuw:geheim-2"):
        assert (
            not ApiClient()
            .post("/api/v1/receipts/verify", {"receipt": receipt, "inputs": {"x": 4}})
            .body["handtekening_geldig"]
        )


@pytest.mark.parametrize(
    ("inputs", "field", "message"),
    [
        ({"x": "drie"}, "inputs.x", "Verwacht een getal."),
        ({"x": 3, "y": 1}, "inputs.y", "Dit veld kent het model niet."),
        ({}, "inputs.x", "Dit veld is verplicht."),
        ({"x": 5000}, "inputs.x", "De waarde mag hoogstens 1000 zijn."),
    ],
    ids=["wrong-type", "unknown-field", "missing", "out-of-allowed-values"],
)
def test_inputs_are_validated_against_the_schema(
    world: World, inputs: dict, field: str, message: str
) -> None:
    item = rule_set(world.ministerie)
    reply = _evaluate(ApiClient(), item, inputs, datum="2024-06-01")
    assert reply.status == 422
    assert reply.body["type"].endswith("/validatie")
    assert {"field": field, "message": message} in reply.body["errors"]


def test_the_schema_is_typed_from_the_item_definitions(world: World) -> None:
    item = rule_set(world.ministerie)
    schema = ApiClient().get(URL.format(item.uuid) + "/schema?datum=2024-06-01").body
    assert schema["inputs"]["properties"] == {"x": {"type": "number", "minimum": 0, "maximum": 1000}}
    assert schema["inputs"]["additionalProperties"] is False
    assert schema["outputs"]["properties"]["klasse"] == {"type": ["string", "null"]}
    assert schema["decisions"] == ["klasse"]
    assert schema["open_terms"][0]["name"] == "factor"


def test_no_version_on_the_date_is_a_404_naming_the_periods(world: World) -> None:
    item = rule_set(world.ministerie)
    reply = _evaluate(ApiClient(), item, {"x": 3}, datum="2023-06-01")
    assert reply.status == 404 and "1 januari 2024 tot en met 31 december 2024" in reply.body["detail"]


def test_the_processing_log_records_activity_receipt_and_caller_never_the_inputs(world: World) -> None:
    from opgave.core.services.logs import pseudonymise
    from opgave.rules.receipts import receipt_hash

    item = rule_set(world.ministerie)
    _, token = make_token(world.ede, ["rules:evaluate"])
    before = ProcessingLogRecord.objects.count()
    reply = _evaluate(ApiClient(token=token), item, {"x": SECRET_INPUT}, datum="2024-06-01")
    assert reply.status == 200
    records = list(ProcessingLogRecord.objects.order_by("seq")[before:])
    assert len(records) == 1
    record = records[0]
    receipt = reply.body["receipt"]
    assert record.activity.code == "regels-evalueren" and record.organisation == world.ede
    assert record.name == f"regels.evalueren bon {receipt['id']}"
    assert (
        record.data_subject == pseudonymise(receipt_hash(receipt), "bon")
        and record.data_subject_type == "bon"
    )
    dumped = json.dumps({f.attname: str(getattr(record, f.attname)) for f in record._meta.concrete_fields})
    assert str(SECRET_INPUT) not in dumped and str(SECRET_INPUT).replace(".", "") not in dumped


def test_a_rule_set_for_the_own_organisation_is_invisible_to_others(world: World) -> None:
    item = rule_set(world.ministerie, title="Geheim beleid", visibility="eigen")
    outsider = ApiClient(person=world.sanne)
    owner = ApiClient(person=world.amira)
    assert [r["title"] for r in outsider.get("/api/v1/rulesets?q=Geheim").body["items"]] == []
    assert [r["title"] for r in owner.get("/api/v1/rulesets?q=Geheim").body["items"]] == ["Geheim beleid"]
    for client, status in ((outsider, 404), (ApiClient(), 404), (owner, 200)):
        assert client.get(URL.format(item.uuid)).status == status
        assert client.get(URL.format(item.uuid) + "/schema?datum=2024-06-01").status == status
        assert _evaluate(client, item, {"x": 1}, datum="2024-06-01").status == status


@override_settings(RULES_BATCH_CHUNK_ROWS=500)
def test_batch_streams_rows_with_a_receipt_each_and_error_rows_for_bad_input(world: World) -> None:
    item = rule_set(world.ministerie)
    lines = "\n".join(json.dumps({"x": n % 900}) for n in range(1500)) + "\n{kapot\n" + json.dumps({"x": "a"})
    client = ApiClient()
    before = ProcessingLogRecord.objects.count()
    response = client.client.post(
        URL.format(item.uuid) + "/evaluate-batch?datum=2024-06-01", lines, content_type="application/x-ndjson"
    )
    assert response.status_code == 200 and response.streaming
    rows = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert len(rows) == 1502
    assert rows[0]["uitkomsten"] == {"klasse": "laag"} and rows[0]["bon_id"] == rows[0]["bon"]["id"]
    assert len({r["bon_id"] for r in rows[:1500]}) == 1500
    assert rows[1500] == {"rij": 1501, "fout": "geen geldige JSON (kolom 2)"}
    assert rows[1501]["fout"] == "inputs.x: Verwacht een getal."
    # one processing record per chunk of 500 rows that evaluated anything (the last holds only errors)
    assert ProcessingLogRecord.objects.count() - before == 3


def test_batch_reads_and_writes_csv(world: World) -> None:
    item = rule_set(world.ministerie)
    response = ApiClient().client.post(
        URL.format(item.uuid) + "/evaluate-batch?datum=2024-06-01", "x\n3\n7\nabc\n", content_type="text/csv"
    )
    lines = response.content.decode().splitlines()
    assert lines[0] == "rij,bon_id,handtekening,fout,klasse"
    assert lines[1].startswith("1,") and lines[1].endswith(",laag") and lines[2].endswith(",hoog")
    assert lines[3].startswith("3,,,inputs.x: Verwacht een getal.")


def test_uploading_through_the_api_reports_engine_problems_and_stores_nothing(world: World) -> None:
    item = rule_set(world.ministerie, periods=())
    client = ApiClient(person=world.amira)
    bad = client.post(URL.format(item.uuid) + "/versions", {"dmn": "<a><b></a>", "geldig_van": "2024-01-01"})
    assert bad.status == 422 and "geen geldige XML" in bad.body["detail"]
    good = client.post(
        URL.format(item.uuid) + "/versions", {"dmn": times_model(), "geldig_van": "2024-01-01"}
    )
    assert good.status == 201 and good.body["status"] == "concept"
    published = client.post(URL.format(item.uuid) + "/versions/1/publish", {})
    assert published.status == 200 and published.body["status"] == "gepubliceerd"


def test_a_refusal_the_service_decides_is_audited_once(world: World) -> None:
    """The service records the refusal with its own action; the API adds no second ``api.denied``."""
    denied = AuditRecord.objects.filter(result="denied").count()
    reply = ApiClient(person=world.sanne).post(
        "/api/v1/rulesets", {"owner": str(world.ministerie.uuid), "title": "Niet van Arnhem"}
    )
    assert reply.status == 403 and reply.body["detail"].startswith("Je mag alleen regelsets")
    records = list(AuditRecord.objects.filter(result="denied").order_by("seq")[denied:])
    assert [r.action for r in records] == ["ruleset.create"]
    assert records[0].actor == world.sanne and records[0].origin
