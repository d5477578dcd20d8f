"""Schemathesis against the committed openapi.json: no 5xx, responses as documented.

Runs through Django's WSGI application in-process (no network), signed in as a platform
administrator (session cookie + CSRF token), so generated requests reach validation and
the services instead of stopping at 401. Known ids are put into the path for
``organisationId``, ``membershipId`` and ``tokenId``, and PATCH/PUT/DELETE get the
current ETag in ``If-Match``, so bodies are fuzzed against real resources.

Profiles (env ``FUZZ_PROFILE``): ``quick`` (default, inside ``make test``): a few examples
per operation; ``long`` (``make fuzz``): at least 1,000 examples per operation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import RequestFactory
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from opgave.core.models import ApiToken, Membership

from .conftest import Cast, make_client
from .fuzz_strategies import spike
from .openapi_check import DOCUMENT_PATH

PROFILES = {"quick": 10, "long": 1000}
PROFILE = os.environ.get("FUZZ_PROFILE", "quick")
if PROFILE not in PROFILES:
    raise ValueError(f"FUZZ_PROFILE must be one of {sorted(PROFILES)}, not {PROFILE!r}")
EXAMPLES = PROFILES[PROFILE]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_path(DOCUMENT_PATH)
API_ROOT = "/api/v1"  # openapi.json's server: its paths are relative to it
_django_wsgi = get_wsgi_application()


class Identity:
    """A signed-in platform administrator, plus real ids to aim at."""

    def __init__(self, cast: Cast) -> None:
        client = make_client()
        client.force_login(cast.platform_admin)
        request = RequestFactory().get("/")
        csrf = get_token(request)
        # Werkzeug's test client (schemathesis' WSGI transport) ignores a raw Cookie header:
        # cookies go in ``cookies``, the CSRF token in a header.
        self.cookies = {
            "sessionid": client.cookies["sessionid"].value,
            "csrftoken": request.META["CSRF_COOKIE"],
        }
        self.headers = {"X-CSRFToken": csrf}
        self.ids = {  # path parameters as openapi.json names them (lowerCamelCase)
            "organisationId": str(cast.org.uuid),
            "membershipId": str(Membership.objects.get(person=cast.member, organisation=cast.org).uuid),
            "tokenId": str(ApiToken.objects.filter(organisation=cast.org).order_by("pk").first().uuid),  # type: ignore[union-attr]
        }
        self.etag_client = client


@pytest.fixture
def identity(cast: Cast, settings: Any) -> Identity:
    settings.API_RATE_LIMIT = 0  # fuzzing is not abuse: reach the endpoints, not the throttle
    settings.API_UNAUTHENTICATED_LIMIT = 0
    return Identity(cast)


def wsgi(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Django's WSGI application, but — like Django's test client — without closing the
    test's database connection when a request ends (that would end the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = _django_wsgi(environ, start_response)
        body = b"".join(result)
        close = getattr(result, "close", None)
        if close is not None:
            close()
        return [body]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def aim(case: Any, identity: Identity) -> None:
    for name, value in identity.ids.items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    if case.headers:
        case.headers.pop("X-Processing-Purpose", None)
        case.headers.pop("Authorization", None)  # generated bearer tokens: we fuzz as the session
    if case.method.upper() in {"PATCH", "PUT", "DELETE"}:
        current = identity.etag_client.get(API_ROOT + case.formatted_path)
        if current.status_code == 200 and current.has_header("ETag"):
            case.headers = {**(case.headers or {}), "If-Match": current["ETag"]}


OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.label for operation in OPERATIONS])
def test_api_never_fails_and_answers_as_documented(operation: Any, identity: Identity) -> None:
    # One pytest item per operation, with its own id (schemathesis' own collector gives every
    # item the same node id, which pytest-xdist's group scheduling then runs only once).
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=PROFILE == "quick",
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate]
        if PROFILE == "quick"
        else [Phase.explicit, Phase.generate, Phase.shrink],
    )
    @given(case=operation.as_strategy(), data=st.data())
    def check(case: Any, data: st.DataObject) -> None:
        aim(case, identity)
        spike(case, data)  # hostile text and numbers (fuzz_strategies.py)
        response = case.call(app=wsgi, headers=identity.headers, cookies=identity.cookies)
        assert response.status_code != 401, (
            f"the fuzzing identity must be signed in: {case.headers} {response.text}"
        )
        case.validate_response(response, checks=CHECKS, headers=identity.headers)

    check()
