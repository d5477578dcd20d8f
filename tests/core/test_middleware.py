"""Request middleware: W3C trace context and security headers."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


def test_an_incoming_trace_is_continued_with_a_new_span(client: Client) -> None:
    incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    response = client.get("/inloggen/", headers={"traceparent": incoming})
    match = TRACEPARENT.match(response["traceparent"])
    assert match is not None
    assert match.group(1) == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert match.group(2) != "00f067aa0ba902b7" and match.group(3) == "01"
    request = response.wsgi_request
    assert request.parent_span_id == "00f067aa0ba902b7"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "header",
    [
        "",
        "rubbish",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f35-00f067aa0ba902b7-01",
    ],
)
def test_a_missing_or_invalid_trace_starts_a_new_one(client: Client, header: str) -> None:
    response = client.get("/inloggen/", headers={"traceparent": header} if header else {})
    match = TRACEPARENT.match(response["traceparent"])
    assert match is not None and match.group(1) != "0" * 32
    assert response.wsgi_request.parent_span_id == ""  # type: ignore[attr-defined]


def test_security_headers_are_set(client: Client) -> None:
    response = client.get("/inloggen/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
