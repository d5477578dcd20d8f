"""RFC 9457 *problem details* for every error the API returns.

Every error response of ``/api/v1/`` — whatever its cause — has the content type
``application/problem+json`` and this shape::

    {
      "type": "https://opgave.overheid.example/problemen/validatie",
      "title": "De invoer is niet geldig",          # Dutch, short, stable per type
      "status": 422,
      "detail": "Controleer de gemarkeerde velden.",  # Dutch, about this occurrence
      "instance": "/api/v1/organisaties/…",          # the request path (never a query string)
      "errors": [{"field": "naam", "message": "Dit veld is verplicht."}]   # only for validation
    }

How to use it in an endpoint (every pillar):

* raise one of the exception classes below (:class:`NotFound`, :class:`Forbidden`,
  :class:`Conflict`, :class:`UnprocessableEntity` …) or :class:`ProblemError` directly;
* or build a response with :func:`problem` when you must return rather than raise.

Anything else that escapes a view — Ninja's own errors, pydantic validation errors,
Django's ``Http404``/``PermissionDenied`` and any unexpected exception — is turned into a
problem by the handlers that :func:`install_problem_handlers` registers on the NinjaAPI.
An unexpected exception becomes a generic 500 problem; the traceback goes to the log,
never to the client.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

from opgave.api.validation import field_errors
from opgave.core.exceptions import ServiceError

logger = logging.getLogger("opgave.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://opgave.overheid.example/problemen/"


@dataclass(frozen=True)
class ProblemType:
    """A kind of problem: its URI slug, HTTP status and Dutch title."""

    slug: str
    status: int
    title: str

    @property
    def uri(self) -> str:
        return PROBLEM_TYPE_BASE + self.slug


# The catalogue of problem types. ``docs/reference/api.md`` lists them for integrators.
BAD_REQUEST = ProblemType("ongeldig-verzoek", 400, "Het verzoek is ongeldig")
MALFORMED_JSON = ProblemType("ongeldige-json", 400, "De inhoud is geen geldige JSON")
INVALID_CURSOR = ProblemType("ongeldige-cursor", 400, "De paginacursor is ongeldig")
UNAUTHENTICATED = ProblemType("niet-aangemeld", 401, "Aanmelden is vereist")
FORBIDDEN = ProblemType("geen-toegang", 403, "Geen toegang")
NOT_FOUND = ProblemType("niet-gevonden", 404, "Niet gevonden")
METHOD_NOT_ALLOWED = ProblemType("methode-niet-toegestaan", 405, "Deze methode is hier niet toegestaan")
NOT_ACCEPTABLE = ProblemType("niet-aanvaardbaar", 406, "Dit antwoordformaat wordt niet ondersteund")
CONFLICT = ProblemType("conflict", 409, "Conflict met de huidige toestand")
PRECONDITION_FAILED = ProblemType("versie-gewijzigd", 412, "De gegevens zijn intussen gewijzigd")
PAYLOAD_TOO_LARGE = ProblemType("te-groot", 413, "Het verzoek is te groot")
UNSUPPORTED_MEDIA_TYPE = ProblemType(
    "niet-ondersteund-formaat", 415, "Dit inhoudsformaat wordt niet ondersteund"
)
VALIDATION = ProblemType("validatie", 422, "De invoer is niet geldig")
IDEMPOTENCY_MISMATCH = ProblemType(
    "idempotentiesleutel-hergebruikt", 422, "Deze Idempotency-Key is al gebruikt"
)
PRECONDITION_REQUIRED = ProblemType("if-match-vereist", 428, "De kop If-Match is verplicht")
TOO_MANY_REQUESTS = ProblemType("te-veel-verzoeken", 429, "Te veel verzoeken")
SERVER_ERROR = ProblemType("serverfout", 500, "Er ging iets mis aan onze kant")

CATALOGUE: tuple[ProblemType, ...] = (
    BAD_REQUEST,
    MALFORMED_JSON,
    INVALID_CURSOR,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    CONFLICT,
    PRECONDITION_FAILED,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION,
    IDEMPOTENCY_MISMATCH,
    PRECONDITION_REQUIRED,
    TOO_MANY_REQUESTS,
    SERVER_ERROR,
)


# The service errors (opgave.core.exceptions), by status.
_SERVICE_KINDS: dict[int, ProblemType] = {
    400: BAD_REQUEST,
    403: FORBIDDEN,
    404: NOT_FOUND,
    409: CONFLICT,
    412: PRECONDITION_FAILED,
    413: PAYLOAD_TOO_LARGE,
    422: VALIDATION,
    428: PRECONDITION_REQUIRED,
}


class ProblemError(Exception):
    """Raise this (or a subclass) anywhere below a view to answer with a problem."""

    def __init__(
        self,
        kind: ProblemType,
        detail: str,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{kind.status} {kind.title}: {detail}")
        self.kind = kind
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


class _PresetProblem(ProblemError):
    preset: ClassVar[ProblemType]
    default_detail: ClassVar[str]

    def __init__(
        self,
        detail: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(self.preset, detail or self.default_detail, errors, headers)


class BadRequest(_PresetProblem):
    preset = BAD_REQUEST
    default_detail = "Het verzoek kan niet worden verwerkt."


class Unauthenticated(_PresetProblem):
    preset = UNAUTHENTICATED
    default_detail = "Meld je aan met een sessie of een geldig API-token."


class Forbidden(_PresetProblem):
    preset = FORBIDDEN
    default_detail = "Je hebt geen toestemming voor deze handeling."


class NotFound(_PresetProblem):
    preset = NOT_FOUND
    default_detail = "Het gevraagde bestaat niet of is niet zichtbaar voor jou."


class Conflict(_PresetProblem):
    preset = CONFLICT
    default_detail = "Dit botst met de huidige gegevens."


class UnprocessableEntity(_PresetProblem):
    preset = VALIDATION
    default_detail = "Controleer de velden in 'errors'."


def problem(
    kind: ProblemType,
    detail: str,
    *,
    request: HttpRequest | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """Build an ``application/problem+json`` response."""
    body: dict[str, Any] = {
        "type": kind.uri,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=kind.status, content_type=PROBLEM_CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def from_exception(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """Map any exception to a problem response (the single place that decides)."""
    if isinstance(exc, ProblemError):
        return problem(exc.kind, exc.detail, request=request, errors=exc.errors, headers=exc.headers)
    if isinstance(exc, ServiceError):
        headers = {}
        current = getattr(exc, "obj", None)
        if current is not None and hasattr(current, "uuid"):
            from opgave.api.conditional import etag

            headers["ETag"] = etag(current)
        return problem(
            _SERVICE_KINDS[exc.status],
            exc.detail,
            request=request,
            errors=exc.errors or None,
            headers=headers,
        )
    if isinstance(exc, ValidationError):
        return problem(
            VALIDATION,
            "Controleer de velden in 'errors'.",
            request=request,
            errors=field_errors(exc.errors),
        )
    if isinstance(exc, HttpError):
        return _from_http_error(request, exc)
    if isinstance(exc, DjangoValidationError):
        return problem(
            VALIDATION, "Controleer de velden in 'errors'.", request=request, errors=_django_errors(exc)
        )
    if isinstance(exc, RequestDataTooBig):
        return too_large(request)
    if isinstance(exc, Http404):
        return problem(
            NOT_FOUND, "Het gevraagde bestaat niet of is niet zichtbaar voor jou.", request=request
        )
    if isinstance(exc, PermissionDenied):
        return problem(FORBIDDEN, "Je hebt geen toestemming voor deze handeling.", request=request)
    logger.exception("Onverwachte fout in de API", exc_info=exc)
    return problem(
        SERVER_ERROR,
        "Probeer het later opnieuw. Blijft het misgaan, noem dan het trace-id uit de kop 'traceparent'.",
        request=request,
    )


def _django_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": "(inhoud)" if name == NON_FIELD_ERRORS else name, "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "(inhoud)", "message": message} for message in exc.messages]


def too_large(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    from django.conf import settings

    return problem(
        PAYLOAD_TOO_LARGE,
        f"Een verzoek mag hoogstens {limit or settings.API_MAX_BODY_BYTES} bytes groot zijn.",
        request=request,
    )


def _from_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, ProblemError):
        return from_exception(request, cause)
    if isinstance(cause, RequestDataTooBig):
        return too_large(request)
    if isinstance(exc, Throttled):
        headers = {"Retry-After": str(max(1, math.ceil(exc.wait)))} if exc.wait is not None else {}
        return problem(
            TOO_MANY_REQUESTS,
            "Je doet te veel verzoeken kort na elkaar. Wacht even.",
            request=request,
            headers=headers,
        )
    if isinstance(exc, AuthenticationError):
        return problem(
            UNAUTHENTICATED, "Meld je aan met een sessie of een geldig API-token.", request=request
        )
    if isinstance(exc, AuthorizationError) or exc.status_code == 403:
        return problem(FORBIDDEN, "Je hebt geen toestemming voor deze handeling.", request=request)
    if exc.status_code == 400:
        return problem(BAD_REQUEST, "Het verzoek kan niet worden verwerkt.", request=request)
    for kind in CATALOGUE:
        if kind.status == exc.status_code:
            return problem(kind, kind.title + ".", request=request)
    return problem(BAD_REQUEST, "Het verzoek kan niet worden verwerkt.", request=request)


def install_problem_handlers(api: Any) -> None:
    """Register :func:`from_exception` on the NinjaAPI for every exception class."""
    for exc_class in (
        Exception,
        ProblemError,
        ValidationError,
        HttpError,
        Http404,
        PermissionDenied,
        DjangoValidationError,
        ServiceError,
    ):
        api.add_exception_handler(exc_class, from_exception)
