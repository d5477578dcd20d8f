"""An anonymous flood cannot fill the audit log (defect 6): 401s are aggregated and limited per IP."""

from __future__ import annotations

from typing import Any

import pytest

from opgave.core.models import AuditRecord, DenialTally

from .conftest import ApiClient, Cast

pytestmark = pytest.mark.django_db


def test_a_flood_of_anonymous_401s_is_one_audit_record_with_a_count(settings: Any) -> None:
    """Regression: every anonymous 401 used to append its own audit row under the chain-head lock."""
    settings.API_UNAUTHENTICATED_LIMIT = 0  # the per-IP limit is tested below
    client = ApiClient()
    flood = 60
    for n in range(flood):
        headers = {"Authorization": f"Bearer opg_{n:08d}_onzin"} if n % 2 else {}
        assert client.get("/api/v1/organisations", headers=headers).status == 401
    records = AuditRecord.objects.filter(action="api.denied")
    assert records.count() == 1
    record = records.get()
    assert record.result == "denied" and record.actor_label == "anoniem"
    assert record.detail["aggregated"] == {"window_seconds": settings.AUDIT_DENIAL_WINDOW}
    tally = DenialTally.objects.get(action="api.denied")
    assert tally.count == flood and tally.record_seq == record.seq and tally.origin == "127.0.0.1"


def test_a_new_window_opens_a_new_record(settings: Any) -> None:
    settings.API_UNAUTHENTICATED_LIMIT = 0
    client = ApiClient()
    client.get("/api/v1/organisations")
    DenialTally.objects.update(window_start="2000-01-01T00:00:00Z")  # the window has passed
    client.get("/api/v1/organisations")
    client.get("/api/v1/organisations")
    assert AuditRecord.objects.filter(action="api.denied").count() == 2
    assert sorted(DenialTally.objects.values_list("count", flat=True)) == [1, 2]


def test_denials_by_a_known_caller_are_still_recorded_one_by_one(cast: Cast) -> None:
    for _ in range(3):
        assert cast.client("token_none").get("/api/v1/organisations").status == 403
    assert AuditRecord.objects.filter(action="api.denied").count() == 3


def test_an_address_with_too_many_401s_gets_429_before_authentication(cast: Cast, settings: Any) -> None:
    settings.API_UNAUTHENTICATED_LIMIT = 5
    anonymous = ApiClient()
    for _ in range(5):
        assert anonymous.get("/api/v1/organisations").status == 401
    refused = anonymous.get("/api/v1/organisations")
    assert refused.status == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "zonder geldige aanmelding" in refused.body["detail"]
    # before authentication: even a valid token from this address waits, and nothing more is audited
    assert cast.client("token_read").get("/api/v1/me").status == 429
    assert DenialTally.objects.get().count == 5
    assert AuditRecord.objects.filter(action="api.denied").count() == 1


def test_other_addresses_are_not_affected(cast: Cast, settings: Any) -> None:
    settings.API_UNAUTHENTICATED_LIMIT = 2
    anonymous = ApiClient()
    for _ in range(3):
        anonymous.get("/api/v1/organisations")
    other = cast.client("token_read")
    elsewhere = other.client.get(
        "/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {other.token}", REMOTE_ADDR="10.9.8.7"
    )
    assert elsewhere.status_code == 200
    assert other.get("/api/v1/me").status == 429
