"""The one NinjaAPI instance (``opgave.api.router.api``), mounted at ``/api/v1/``.

It assembles the routers of the platform and of every pillar. A pillar adds its
endpoints in ``opgave/api/<pillar>.py`` as a ``router = Router(...)`` and lists the
module in :data:`PILLAR_MODULES`; the shared conventions (problem+json, auth and
scopes, ETag/If-Match, Idempotency-Key, cursor pagination) live next to this file —
see ``docs/reference/api.md``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from opgave.api.auth import scoped
from opgave.api.denials import record_denial
from opgave.api.design_rules import API_VERSION
from opgave.api.openapi import OpgaveOpenAPISchema
from opgave.api.platform import me, memberships, organisations, tokens
from opgave.api.problems import install_problem_handlers
from opgave.api.throttling import CallerThrottle
from opgave.api.transport import JsonParser, guard, not_found

# Pillar API modules (each exposes ``router``), in the order they are mounted. A module
# that does not exist yet is skipped (a pillar lands in its own issue), and so is a
# package without ``__init__.py`` (work in progress); anything else must import.
PILLAR_MODULES = (
    "opgave.api.collaborations",
    "opgave.api.rules",
    "opgave.api.notifications",
    "opgave.api.learning",
    "opgave.api.dossiers",
    "opgave.api.simulation",
)
# Routes that answer in another format than JSON (streamed JSON Lines/CSV): no Accept check.
NON_JSON_ROUTES = frozenset({"openapi-view", "ruleset-evaluate-batch"})
# Routes with a body limit of their own, which they read incrementally (ADR 0042).
BODY_LIMITS: dict[str, Callable[[], int]] = {
    "ruleset-evaluate-batch": lambda: int(settings.RULES_BATCH_MAX_BODY_BYTES),
}


class OpgaveAPI(NinjaAPI):
    """NinjaAPI with the opgave conventions wired in (see :mod:`opgave.api.transport`)."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns: list[URLResolver | URLPattern] = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern):
                pattern.callback = guard(
                    pattern.callback,
                    html=pattern.name in NON_JSON_ROUTES,
                    public=pattern.name == "openapi-json",
                    body_limit=BODY_LIMITS.get(str(pattern.name)),
                )
            patterns.append(pattern)
        patterns.append(re_path(r"^(?P<rest>.*)$", guard(not_found), name="not-found"))
        return patterns

    def on_exception(self, request: HttpRequest, exc: Any) -> HttpResponse:
        response = super().on_exception(request, exc)
        if response.status_code in (401, 403) and not _decided_by_core(exc):
            record_denial(request, response.status_code, str(exc))
        return response

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpgaveOpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return OpgaveOpenAPISchema(api=self, path_prefix=path_prefix)

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__


def _decided_by_core(exc: Exception) -> bool:
    """A service refused and recorded the refusal itself (``opgave.core.services.audit.refuse``)."""
    return bool(getattr(exc, "audited", False))


api = OpgaveAPI(
    title="opgave API",
    version=API_VERSION,
    description=(
        "REST-API van opgave: samenwerken als één overheid. Conventies (aanmelden, scopes, "
        "foutmeldingen, ETag/If-Match, Idempotency-Key, paginering, verwerkingsdoel): zie docs/reference/api.md."
    ),
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    auth=scoped(None),
    throttle=[CallerThrottle()],
    parser=JsonParser(),
)
install_problem_handlers(api)

for _module in (me, organisations, memberships, tokens):
    api.add_router("", _module.router)

for _name in PILLAR_MODULES:
    _spec = importlib.util.find_spec(_name)
    if _spec is not None and _spec.origin is not None:
        api.add_router("", importlib.import_module(_name).router)
