"""The per-case evaluation's cost stays constant, and its per-process cache never serves old state.

The evaluate endpoint is the pillar's hot path (issue 10: p50 ≤ 5 ms at 200 requests/s). Of the
rules tables it reads one row per request — the rule set, for visibility and its revision — and
writes one processing record; the published versions, open terms and variants come from the
per-process cache of :mod:`opgave.rules.published`, kept by ``(rule set, revision)``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.api.conftest import ApiClient, make_token
from tests.rules.conftest import SYSTEM, World, rule_set
from tests.rules.dmn_text import times_model

from opgave.core.models import ProcessingActivity, ProcessingLogRecord
from opgave.rules import evaluation, published, selectors, services
from opgave.rules.errors import NotFound

D = dt.date
URL = "/api/v1/rulesets/{}/evaluate"
TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?([a-z_]+)"?', re.IGNORECASE)


def _tables(queries: list[dict[str, Any]]) -> list[str]:
    return [m.group(1) for q in queries for m in [TABLE.search(q["sql"])] if m]


def _evaluate_queries(client: ApiClient, item: Any, **extra: Any) -> list[dict[str, Any]]:
    client.post(URL.format(item.uuid), {"inputs": {"x": 3}, "datum": "2024-06-01", **extra})  # warm
    with CaptureQueriesContext(connection) as queries:
        reply = client.post(URL.format(item.uuid), {"inputs": {"x": 4}, "datum": "2024-06-01", **extra})
    assert reply.status == 200, reply.body
    return list(queries.captured_queries)


def _big(world: World) -> Any:
    """A rule set with six published versions, two open terms and three variants."""
    item = rule_set(
        world.ministerie,
        title="Groot",
        periods=tuple((D(y, 1, 1), D(y, 12, 31)) for y in range(2020, 2026)),
    )
    services.declare_open_term(
        item,
        actor=SYSTEM,
        name="drempel",
        label="Drempel",
        minimum=0,
        maximum=5,
        default=1,
        law_title="Testwet",
        law_article="9",
        law_url="https://wetten.overheid.nl/BWBR0015703",
    )
    for org in (world.arnhem, world.ede, world.ministerie):
        services.publish_variant(
            item,
            actor=SYSTEM,
            organisation=org,
            values={"factor": 3},
            geldig_van=D(2024, 1, 1),
            regulation_title="Verordening",
            regulation_url="https://lokaleregelgeving.overheid.nl/CVDR1",
        )
    return item


def test_an_evaluation_reads_one_rules_row_whatever_the_size_of_the_rule_set(world: World) -> None:
    _, token = make_token(world.ede, ["rules:evaluate"])
    client = ApiClient(token=token)
    small = _evaluate_queries(client, rule_set(world.ministerie))
    big_set = _big(world)
    big = _evaluate_queries(client, big_set)
    variant = selectors.variants(big_set).first()
    with_variant = _evaluate_queries(client, big_set, variant=str(variant.uuid))
    assert len(small) == len(big) == len(with_variant)
    for queries in (small, big, with_variant):
        rules = [t for t in _tables(queries) if t.startswith("rules_")]
        assert rules == ["rules_ruleset"], rules
        assert _tables(queries).count("core_processinglogrecord") == 1
        assert "core_processingactivity" not in _tables(queries)


def test_the_evaluation_service_itself_reads_nothing_of_the_rules_tables(world: World) -> None:
    item = rule_set(world.ministerie)
    evaluation.evaluate(item, actor=SYSTEM, inputs={"x": 1}, day=D(2024, 6, 1))
    with CaptureQueriesContext(connection) as queries:
        evaluation.evaluate(item, actor=SYSTEM, inputs={"x": 2}, day=D(2024, 6, 1))
    tables = _tables(queries.captured_queries)
    assert [t for t in tables if not t.startswith("core_")] == []
    assert tables.count("core_processinglogrecord") == 1


def test_a_version_published_later_is_seen_at_once_also_through_an_old_object(world: World) -> None:
    item = rule_set(world.ministerie)
    assert evaluation.evaluate(item, actor=SYSTEM, inputs={"x": 1}, day=D(2024, 6, 1)).version.number == 1
    with pytest.raises(NotFound):
        evaluation.evaluate(item, actor=SYSTEM, inputs={"x": 1}, day=D(2025, 6, 1))
    newer = services.add_version(item, actor=SYSTEM, dmn=times_model("x * 7"), geldig_van=D(2025, 1, 1))
    services.publish_version(newer, actor=SYSTEM)
    result = evaluation.evaluate(
        item, actor=SYSTEM, inputs={"x": 1}, day=D(2025, 6, 1), decisions=["uitkomst"]
    )
    assert result.version.number == 2 and result.outputs == {"uitkomst": 7}


def _as_other_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process does not see this one's writes drop its cache: only the revision tells it."""
    monkeypatch.setattr(published, "_forget", lambda rule_set_id: None)


def test_another_process_sees_a_withdrawn_version_by_the_revision(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = rule_set(world.ministerie)
    assert evaluation.evaluate(item, actor=SYSTEM, inputs={"x": 1}, day=D(2024, 6, 1)).version.number == 1
    _as_other_process(monkeypatch)
    services.withdraw_version(selectors.version(item, 1), actor=SYSTEM)
    fresh = selectors.rule_set(SYSTEM, item.uuid)
    with pytest.raises(NotFound, match="er is nog geen versie gepubliceerd"):
        evaluation.evaluate(fresh, actor=SYSTEM, inputs={"x": 1}, day=D(2024, 6, 1))


def test_another_process_sees_a_new_variant_and_open_term_by_the_revision(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = rule_set(world.ministerie)
    result = evaluation.evaluate(
        item, actor=SYSTEM, inputs={"x": 4}, day=D(2024, 6, 1), decisions=["uitkomst"]
    )
    assert result.outputs == {"uitkomst": 8}
    _as_other_process(monkeypatch)
    services.publish_variant(
        item,
        actor=SYSTEM,
        organisation=world.arnhem,
        values={"factor": 5},
        geldig_van=D(2024, 1, 1),
        regulation_title="Verordening Arnhem",
        regulation_url="https://lokaleregelgeving.overheid.nl/CVDR2",
    )
    fresh = selectors.rule_set(SYSTEM, item.uuid)
    variant = selectors.variants(fresh).get()
    result = evaluation.evaluate(
        fresh,
        actor=SYSTEM,
        inputs={"x": 4},
        day=D(2024, 6, 1),
        decisions=["uitkomst"],
        variant_id=str(variant.uuid),
    )
    assert result.outputs == {"uitkomst": 20}
    assert [s["bron"] for s in result.sources] == ["variant"]


def test_a_register_entry_lost_since_start_is_put_back(world: World) -> None:
    item = rule_set(world.ministerie)
    ProcessingActivity.objects.filter(code=evaluation.ACTIVITY).delete()  # as a flush of the database does
    evaluation.evaluate(item, actor=SYSTEM, inputs={"x": 1}, day=D(2024, 6, 1))
    assert ProcessingLogRecord.objects.get().activity.code == evaluation.ACTIVITY


# -- the whole request: statements, and the token read fresh every time (ADR 0047) ---------------

_TRANSACTION = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")


def test_a_token_evaluation_sends_a_fixed_short_list_of_statements(world: World) -> None:
    # The failed-authentication counter of the address, the token (with its organisation and issuer),
    # the rule set row, the head of the processing log and the record (with the new head hash on
    # PostgreSQL). Without the API rate limit: that adds one counter upsert.
    _, token = make_token(world.ede, ["rules:evaluate"])
    queries = _evaluate_queries(ApiClient(token=token), rule_set(world.ministerie))
    statements = [q["sql"] for q in queries if not q["sql"].startswith(_TRANSACTION)]
    tables = _tables([{"sql": s} for s in statements])
    rated = ["api_ratecounter"] if "api_ratecounter" in tables[1:] else []
    head = tables[: 3 + len(rated)]
    assert head == ["api_ratecounter", *rated, "core_apitoken", "rules_ruleset"] or head == [
        "api_ratecounter",
        "core_apitoken",
        *rated,
        "rules_ruleset",
    ], tables
    if connection.vendor == "postgresql":
        assert len(statements) == 5 + len(rated), statements
        assert statements[-1].startswith('WITH ins AS (INSERT INTO "core_processinglogrecord"')
    else:
        assert len(statements) == 6 + len(rated), statements


def test_a_revoked_token_is_refused_at_once(world: World) -> None:
    from opgave.core.services import tokens

    api_token, token = make_token(world.ede, ["rules:evaluate"])
    client = ApiClient(token=token)
    item = rule_set(world.ministerie)
    assert client.post(URL.format(item.uuid), {"inputs": {"x": 1}, "datum": "2024-06-01"}).status == 200
    # revoked by another object (as another process would): the next request is refused
    other = type(api_token).objects.get(pk=api_token.pk)
    tokens.revoke_token(other, actor=SYSTEM, expected_revision=other.revision)
    assert client.post(URL.format(item.uuid), {"inputs": {"x": 1}, "datum": "2024-06-01"}).status == 401


def test_a_changed_scope_and_expiry_apply_at_once_even_when_written_in_bulk(world: World) -> None:
    api_token, token = make_token(world.ede, ["rules:evaluate"])
    client = ApiClient(token=token)
    item = rule_set(world.ministerie)
    body = {"inputs": {"x": 1}, "datum": "2024-06-01"}
    assert client.post(URL.format(item.uuid), body).status == 200
    type(api_token).objects.filter(pk=api_token.pk).update(scopes=["rules:read"])  # no signal, no revision
    assert client.post(URL.format(item.uuid), body).status == 403
    type(api_token).objects.filter(pk=api_token.pk).update(
        scopes=["rules:evaluate"], expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    assert client.post(URL.format(item.uuid), body).status == 401


def test_the_token_read_without_the_query_compiler_is_the_orm_token(world: World) -> None:
    from opgave.core.models import ApiToken
    from opgave.core.services import tokens

    api_token, token = make_token(world.ede, ["rules:evaluate", "rules:read"])
    expected = ApiToken.objects.select_related("organisation", "created_by").get(pk=api_token.pk)
    found = tokens.authenticate_token(token)
    assert found is not None
    with CaptureQueriesContext(connection) as queries:
        assert found.organisation == expected.organisation
        assert found.organisation.name == expected.organisation.name
        assert found.created_by == expected.created_by
    assert queries.captured_queries == []
    for field in ApiToken._meta.concrete_fields:
        if field.attname != "last_used_at":
            assert getattr(found, field.attname) == getattr(expected, field.attname), field.attname
    assert found.scopes == ["rules:evaluate", "rules:read"] and found.is_active
    assert tokens.authenticate_token(token + "x") is None
