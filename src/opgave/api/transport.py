"""What happens to a request before and around an endpoint: size, media types, methods.

* **Body size** — a request whose body is larger than ``settings.API_MAX_BODY_BYTES``
  is answered with 413 before anything reads it. A route registered with a larger limit of its
  own (``body_limit``: the batch evaluation, ADR 0042) is checked against that limit instead and
  reads its body itself, incrementally; its handler never touches ``request.body``.
* **Media types** — request bodies are JSON (``application/json`` or any ``+json``
  type); anything else is 415. Malformed JSON is 400 with the position of the error.
  An ``Accept`` header that rules out JSON is 406.
* **Text and numbers** — a NUL character or a lone surrogate anywhere in a JSON body is 422,
  in a query string 422 too (PostgreSQL cannot store NUL, no UTF-8 encoder takes a lone
  surrogate); ``NaN``, ``Infinity`` and numbers that overflow a double (``1e309``) are 422,
  so they are never stored nor emitted as non-standard JSON. A form body
  (``multipart/form-data``, ``application/x-www-form-urlencoded``) to an endpoint that takes
  JSON is 415, decided from the content type before the raw body is read (the CSRF check may
  already have consumed it as a form).
* **Methods** — a known path with an unsupported method is 405 with ``Allow``; an
  unknown path under ``/api/v1/`` is 404. Both as problem+json, like every error.
* **Failed authentication** — an IP address that has had ``API_UNAUTHENTICATED_LIMIT``
  401s in the current window gets 429 for the rest of it, before authentication.
* **Unexpected exceptions** that escape even Ninja's handlers become a generic 500
  problem; the traceback is logged, never returned.

:class:`OpgaveAPI` (the NinjaAPI subclass used in :mod:`opgave.api.router`) wraps every
URL pattern of the API with :func:`guard` and appends the catch-all 404 route.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from ninja.parser import Parser

from opgave.api import throttling
from opgave.api.design_rules import API_VERSION, API_VERSION_HEADER
from opgave.api.problems import (
    MALFORMED_JSON,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    NOT_FOUND,
    TOO_MANY_REQUESTS,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION,
    ProblemError,
    from_exception,
    problem,
    too_large,
)
from opgave.api.validation import (
    NUMBER_MESSAGE,
    NonFiniteNumber,
    finite_float,
    refuse_constant,
    text_problem,
    unstorable,
)

View = Callable[..., HttpResponseBase]

_ACCEPTABLE = ("*/*", "application/*", "application/json", "application/problem+json")


class JsonParser(Parser):
    """Ninja's parser, stricter: JSON only, and a Dutch message that points at the error."""

    def parse_body(self, request: HttpRequest) -> Any:
        content_type = _content_type(request)
        if content_type in _FORM_TYPES:
            raise ProblemError(UNSUPPORTED_MEDIA_TYPE, _form_message(content_type))
        body = request.body
        if not body:
            raise ProblemError(MALFORMED_JSON, "Het verzoek heeft geen inhoud; verwacht een JSON-object.")
        if content_type and content_type != "application/json" and not content_type.endswith("+json"):
            raise ProblemError(
                UNSUPPORTED_MEDIA_TYPE,
                f"Stuur de inhoud als application/json, niet als {content_type}.",
            )
        try:
            data = json.loads(body, parse_float=finite_float, parse_constant=refuse_constant)
        except NonFiniteNumber as exc:
            raise ProblemError(
                VALIDATION,
                NUMBER_MESSAGE,
                errors=[{"field": "(inhoud)", "message": f"{NUMBER_MESSAGE} ({exc})"}],
            ) from exc
        except UnicodeDecodeError as exc:
            raise ProblemError(MALFORMED_JSON, "De inhoud is geen geldige UTF-8-tekst.") from exc
        except json.JSONDecodeError as exc:
            raise ProblemError(
                MALFORMED_JSON,
                f"De JSON is ongeldig bij regel {exc.lineno}, kolom {exc.colno}: {_dutch_json_error(exc.msg)}.",
            ) from exc
        errors = unstorable(data)
        if errors:
            raise ProblemError(VALIDATION, "Controleer de velden in 'errors'.", errors=errors)
        return data


_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _content_type(request: HttpRequest) -> str:
    return str(request.META.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()


def _form_message(content_type: str) -> str:
    return f"Deze API neemt geen formulieren aan ({content_type}); stuur de inhoud als application/json."


def _query_errors(request: HttpRequest) -> list[dict[str, str]]:
    errors = []
    for key, values in request.GET.lists():
        for text in (key, *values):
            problem = text_problem(text)
            if problem:
                errors.append(
                    {"field": key[:40] if text_problem(key) is None else "(query)", "message": problem}
                )
                break
    return errors


def _dutch_json_error(message: str) -> str:
    known = {
        "Expecting value": "een waarde verwacht",
        "Expecting property name enclosed in double quotes": "een veldnaam tussen dubbele aanhalingstekens verwacht",
        "Expecting ',' delimiter": "een komma verwacht",
        "Expecting ':' delimiter": "een dubbele punt verwacht",
        "Unterminated string starting at": "tekst zonder afsluitend aanhalingsteken",
        "Extra data": "onverwachte tekens na het einde",
        "Invalid control character at": "ongeldig stuurteken",
    }
    for english, dutch in known.items():
        if message.startswith(english):
            return dutch
    return "onverwacht teken"


def _accepts_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    if not accept.strip():
        return True
    for item in accept.split(","):
        media, _, params = item.strip().partition(";")
        media = media.strip().lower()
        if _quality(params) <= 0:
            continue
        if media in _ACCEPTABLE or media.endswith("+json"):
            return True
    return False


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 1.0
    return 1.0


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def guard(
    view: View, *, html: bool = False, public: bool = False, body_limit: Callable[[], int] | None = None
) -> View:
    """Wrap one API URL pattern: size/Accept checks, 405 as a problem, last-resort 500.

    ``html=True`` for the interactive docs page, which answers in HTML (no Accept check);
    ``public=True`` for the OpenAPI document, readable from any origin (CORS ``*``). Every
    response carries the ``API-Version`` header (API Design Rules, ``/core/version-header``).
    ``body_limit`` gives a route its own body limit (in bytes, read per request from the
    settings); such a route streams its body itself, so it is not read here.
    """

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = _guarded(request, *args, **kwargs)
        response[API_VERSION_HEADER] = API_VERSION
        if public:
            response["Access-Control-Allow-Origin"] = "*"
        return response

    def _guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # A signed-in session without a token has nothing left to guess: the per-address limit on
        # failed authentications guards the token and anonymous paths (and saves a query here).
        signed_in = request.user.is_authenticated and "authorization" not in request.headers
        wait = None if signed_in else throttling.unauthenticated_wait(request)
        if wait is not None:
            return problem(
                TOO_MANY_REQUESTS,
                "Te veel verzoeken zonder geldige aanmelding vanaf dit adres. "
                f"Probeer het over {wait} seconden opnieuw, met een geldig token.",
                request=request,
                headers={"Retry-After": str(wait)},
            )
        limit = body_limit() if body_limit is not None else settings.API_MAX_BODY_BYTES
        if _declared_length(request) > limit:
            return too_large(request, limit)
        if _declared_length(request) > 0 and body_limit is None:
            # Read the raw body now (it is bounded above): a later form parse (the CSRF check of a
            # session) then reads from it, and the JSON parser can still refuse a form with 415
            # instead of failing with RawPostDataException.
            _ = request.body
        query_errors = _query_errors(request)
        if query_errors:
            return problem(
                VALIDATION, "Controleer de queryparameters in 'errors'.", request=request, errors=query_errors
            )
        if not html and not _accepts_json(request):
            return problem(
                NOT_ACCEPTABLE,
                "Deze API antwoordt alleen in JSON (application/json of application/problem+json).",
                request=request,
            )
        try:
            response = view(request, *args, **kwargs)
        except Exception as exc:  # the last line of defence: never a traceback
            return from_exception(request, exc)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            return problem(
                METHOD_NOT_ALLOWED,
                f"De methode {request.method} is hier niet toegestaan. Toegestaan: {allowed}.",
                request=request,
                headers={"Allow": allowed},
            )
        return response

    return guarded


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """The catch-all route: an unknown path under ``/api/v1/``."""
    return problem(NOT_FOUND, "Dit adres bestaat niet in de API. Zie /api/v1/docs.", request=request)
