"""Schemathesis against the committed openapi.json: no 5xx, responses as documented.

Runs through Django's WSGI application in-process (no network), signed in as a platform
administrator (session cookie + CSRF token), so generated requests reach validation and
the services instead of stopping at 401. Every path parameter is pointed at a real resource
(:func:`real_ids`: organisations, memberships, tokens, collaborations, versions, sessions,
tensions, goals, programmes, rule sets, variants), and PATCH/PUT/DELETE get the current ETag in
``If-Match``, so bodies are fuzzed against real resources instead of stopping at a 404.
``FUZZ_FIGURES=<file>`` appends the status counts per operation (for the notes).

Profiles (env ``FUZZ_PROFILE``): ``quick`` (default, inside ``make test``): a few examples
per operation; ``long`` (``make fuzz``): at least 1,000 examples per operation.
"""

from __future__ import annotations

import json
import os
from collections import Counter
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


def real_ids(cast: Cast) -> dict[str, str]:
    """A real resource of every kind the API addresses, so fuzzed requests reach validation and the
    services instead of stopping at a 404: an organisation, a membership, a token, a collaboration
    with two versions, a session, a tension, a goal, a programme, a rule set and a variant."""
    from tests.core.factories import act
    from tests.rules.api_matrix import private

    from opgave.collaborations import services

    owner = act(cast.org_admin)
    item = services.create_collaboration(name="Fuzz", opgave="Echte ids.", owners=[cast.org], actor=owner)
    for text in ("Eerste", "Tweede"):
        item = services.save_draft(
            item,
            expected_revision=item.revision,
            step=1,
            data={"opgave": text, "bedoeling": "x"},
            actor=owner,
        )
        services.agree_version(item, expected_revision=item.revision, actor=owner)
        item.refresh_from_db()
    session = services.open_session(
        item, title="Fuzz", participants=[cast.member, cast.org_admin], actor=owner
    )
    tension = services.add_tension(item, kind="waarden", title="Spanning", actor=owner)
    goal = services.add_goal(item, title="Doel", indicator="aantal", target=10, actor=owner)
    programme = services.create_programme(
        name="Fuzzprogramma", description="", owners=[cast.org], actor=owner
    )
    rule_set = private(cast)
    token = ApiToken.objects.filter(organisation=cast.org).order_by("pk").first()
    assert token is not None
    return {
        "organisation_id": str(cast.org.uuid),
        "membership_id": str(Membership.objects.get(person=cast.member, organisation=cast.org).uuid),
        "token_id": str(token.uuid),
        "collaboration_id": str(item.uuid),
        "session_id": str(session.uuid),
        "tension_id": str(tension.uuid),
        "goal_id": str(goal.uuid),
        "programme_id": str(programme.uuid),
        "rule_set_id": str(rule_set.uuid),
        "variant_id": str(rule_set.variants.get().uuid),
        "number": "1",
        "old": "1",
        "new": "2",
        "step": "1",
    }


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class Identity:
    """A signed-in administrator of ``cast.org`` who is also a platform administrator (so every
    operation is within reach: the register, the organisation's members and tokens, and — as an
    owner administrator — its collaborations), plus real ids to aim at."""

    def __init__(self, cast: Cast) -> None:
        cast.org_admin.is_staff = True
        cast.org_admin.save(update_fields=["is_staff"])
        client = make_client()
        client.force_login(cast.org_admin)
        request = RequestFactory().get("/")
        csrf = get_token(request)
        # Werkzeug's test client (schemathesis' WSGI transport) ignores a raw Cookie header:
        # cookies go in ``cookies``, the CSRF token in a header.
        self.cookies = {
            "sessionid": client.cookies["sessionid"].value,
            "csrftoken": request.META["CSRF_COOKIE"],
        }
        self.headers = {"X-CSRFToken": csrf}
        # path parameters as openapi.json names them (lowerCamelCase)
        self.ids = {_camel(name): value for name, value in real_ids(cast).items()}
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
    """Point every path parameter at a real resource (its type comes from the document: ints stay
    ints), strip generated credentials, and send the current ETag for PATCH/PUT/DELETE."""
    for name in list(case.path_parameters or {}):
        value = identity.ids.get(name)
        if value is not None:
            case.path_parameters[name] = int(value) if value.isdigit() else value
    if case.headers:
        case.headers.pop("X-Processing-Purpose", None)
        case.headers.pop("Authorization", None)  # generated bearer tokens: we fuzz as the session
    if case.method.upper() in {"PATCH", "PUT", "DELETE"}:
        current = identity.etag_client.get(API_ROOT + case.formatted_path)
        if current.status_code == 200 and current.has_header("ETag"):
            case.headers = {**(case.headers or {}), "If-Match": current["ETag"]}


OPERATIONS = [result.ok() for result in schema.get_all_operations()]
FIGURES: Counter[str] = Counter()


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
        FIGURES[str(response.status_code // 100) + "xx"] += 1
        FIGURES["examples"] += 1
        case.validate_response(response, checks=CHECKS, headers=identity.headers)

    check()
    FIGURES["operations"] += 1
    figures = os.environ.get("FUZZ_FIGURES")
    if figures:  # one line per operation, summed for the notes (works under xdist too)
        with open(figures, "a", encoding="utf-8") as out:
            out.write(json.dumps({"operation": operation.label, **FIGURES}) + "\n")
    FIGURES.clear()
