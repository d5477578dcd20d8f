"""Health probes, Prometheus metrics, JSON logs with identities, and OpenTelemetry in the log's trace."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from tests.core.factories import ApiTokenFactory, PersonFactory, ProcessingActivityFactory

from opgave.core import logging as core_logging
from opgave.core.middleware import TraceContextMiddleware
from opgave.core.services import audit, logs
from opgave.ops import tracing
from opgave.ops.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db
METRICS_TOKEN = "een-lang-metrics-token-voor-de-proef-0123"


def test_live_answers_without_database_session_or_known_host(client: Client) -> None:
    response = client.get("/health/live", HTTP_HOST="10.244.1.7:8000")  # a pod IP, not in ALLOWED_HOSTS
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


@override_settings(READY_REQUIRES_WORKER=True, API_RATE_LIMIT=1)
def test_ready_needs_a_worker_heartbeat_and_is_never_throttled(client: Client) -> None:
    for _ in range(3):
        response = client.get("/health/ready", HTTP_HOST="10.244.1.7")
        assert response.status_code == 503
    assert response.json() == {
        "status": "niet-klaar",
        "checks": {"database": "ok", "migrations": "ok", "worker": "geen recente hartslag"},
    }
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w1", started_at=now, seen_at=now)
    response = client.get("/health/ready")
    assert response.status_code == 200 and response.json()["status"] == "ok"


@override_settings(READY_REQUIRES_WORKER=False)
def test_ready_can_leave_the_worker_out(client: Client) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "geen recente hartslag"


def test_metrics_are_off_without_a_token_and_refused_with_a_wrong_one(client: Client) -> None:
    with override_settings(METRICS_TOKEN=""):
        assert client.get("/metrics").status_code == 404
    with override_settings(METRICS_TOKEN=METRICS_TOKEN):
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer fout").status_code == 401


@override_settings(METRICS_TOKEN=METRICS_TOKEN)
def test_metrics_count_requests_per_route_queries_tasks_and_log_appends(client: Client) -> None:
    from tests.ops import tasks

    client.get("/inloggen/")
    client.get("/api/v1/organisations")
    tasks.plain.enqueue(3)
    audit.record(actor=None, action="proef", result="success")
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {METRICS_TOKEN}")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'opgave_http_requests_total{method="GET",route="/inloggen/",status="200"}' in text
    assert 'route="/api/v1/organisations",status="401"' in text
    assert 'opgave_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/inloggen/"}' in text
    assert 'opgave_http_request_db_queries_count{method="GET",route="/inloggen/"}' in text
    assert 'opgave_tasks{queue="default",status="READY"} 1.0' in text
    assert 'opgave_log_append_duration_seconds_count{log="audit"}' in text
    assert "opgave_workers_alive 0.0" in text


def _json_line(record: logging.LogRecord) -> dict[str, Any]:
    return json.loads(core_logging.formatter(json=True).format(record))


def test_json_logs_carry_request_ids_and_uuids_and_the_stack_trace_as_text() -> None:
    person = PersonFactory(username="eva", email="eva@ede.example")
    token = ApiTokenFactory()
    request = RequestFactory().get("/")
    request._cached_user = person  # type: ignore[attr-defined]
    request.auth_context = type("Context", (), {"token": token, "person": person})()  # type: ignore[attr-defined]
    marker = core_logging.CURRENT_REQUEST.set(request)
    try:
        try:
            raise ValueError("kapot bij eva@ede.example")
        except ValueError:
            import sys

            record = logging.LogRecord(
                "django.request", logging.ERROR, __file__, 1, "Fout", None, sys.exc_info()
            )
        line = _json_line(record)
    finally:
        core_logging.CURRENT_REQUEST.reset(marker)
    assert line["user_id"] == str(person.uuid) and line["token_id"] == str(token.uuid)
    assert "Traceback (most recent call last)" in line["exception"]
    assert "ValueError: kapot bij [e-mailadres]" in line["exception"]
    assert "eva" not in json.dumps(line).replace("level", "")


def test_the_request_id_is_bound_for_every_line_of_a_request() -> None:
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        import structlog

        seen.update(structlog.contextvars.get_contextvars())
        return HttpResponse("ok")

    response = TraceContextMiddleware(view)(RequestFactory().get("/"))
    assert seen["request_id"] == seen["span_id"] and len(seen["request_id"]) == 16
    assert response["traceparent"].split("-")[1] == seen["trace_id"]


@pytest.fixture(scope="module")
def spans() -> Any:
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    tracing.configure(exporter=exporter)
    return exporter


@override_settings(OTEL_ENABLED=True)
def test_the_request_span_is_in_the_processing_log_trace(spans: Any) -> None:
    ProcessingActivityFactory(code="proef-traceren")
    written: list[Any] = []

    def view(request: HttpRequest) -> HttpResponse:
        written.append(
            logs.log_processing(
                activity="proef-traceren", name="inzien", data_subject="999993653", request=request
            )
        )
        return HttpResponse("ok")

    handler = TraceContextMiddleware(tracing.TracingMiddleware(view))
    caller_trace, caller_span = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
    response = handler(RequestFactory().get("/x", HTTP_TRACEPARENT=f"00-{caller_trace}-{caller_span}-01"))
    (span,) = [s for s in spans.get_finished_spans() if s.name == "GET /x"]
    context = span.get_span_context()
    record = written[0]
    assert format(context.trace_id, "032x") == record.trace_id == caller_trace
    assert format(context.span_id, "016x") == record.parent_span_id
    assert span.parent is not None and format(span.parent.span_id, "016x") == caller_span
    assert response["traceparent"] == f"00-{caller_trace}-{record.parent_span_id}-01"
    # Without a caller's traceparent the new trace id is still the log's.
    spans.clear()
    handler(RequestFactory().get("/x"))
    (fresh,) = spans.get_finished_spans()
    assert format(fresh.get_span_context().trace_id, "032x") == written[1].trace_id
    assert fresh.parent is None
