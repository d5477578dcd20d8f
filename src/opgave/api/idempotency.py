"""``Idempotency-Key`` on POST: a retried request creates nothing twice.

Convention (every POST endpoint of every pillar is decorated with :func:`idempotent`,
directly under the route decorator, and returns an ``HttpResponse`` — use
:func:`opgave.api.responses.created`)::

    @router.post("/organisations", response={201: OrganisationOut})
    @idempotent()
    def create_organisation(request, payload: OrganisationIn) -> HttpResponse: ...

* The client sends ``Idempotency-Key: <1–255 visible ASCII characters>`` (a UUID is a
  good choice). Without the header, the POST behaves normally.
* The first successful (2xx) response is stored with the key, the caller (person or
  token) and a hash of method, path and body — in the **same transaction** as the
  change itself, so either both are stored or neither.
* A repeat with the same key and the same request returns the stored response (same
  status, body, ``Location`` and ``ETag``) with ``Idempotent-Replayed: true``, and
  changes nothing. Two concurrent requests with one key: the second waits for the
  first (unique indexes), fails, finds the first one's record and answers with the replay.
* The same key with a different request is 422 (``idempotentiesleutel-hergebruikt``).
* Errors are not stored: after a 4xx the client may fix the request and retry with the
  same key. Keys are remembered for ``API_IDEMPOTENCY_TTL_HOURS`` (default 24 hours).
* Fields named in ``redact`` (a freshly issued token's plaintext) are never stored; a
  replay returns them as ``null``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils import timezone

from opgave.api.auth import context_of
from opgave.api.models import IdempotencyRecord
from opgave.api.problems import BAD_REQUEST, IDEMPOTENCY_MISMATCH, ProblemError

HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"
_KEPT_HEADERS = ("Content-Type", "Location", "ETag")

View = Callable[..., HttpResponse]


def ttl() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "API_IDEMPOTENCY_TTL_HOURS", 24)))


def _valid_key(raw: str) -> str:
    key = raw.strip()
    if not 1 <= len(key) <= 255 or not all(33 <= ord(ch) <= 126 for ch in key):
        raise ProblemError(
            BAD_REQUEST,
            f"De kop {HEADER} moet 1 tot 255 zichtbare ASCII-tekens bevatten, bijvoorbeeld een UUID.",
            errors=[{"field": HEADER, "message": "Ongeldige sleutel."}],
        )
    return key


def request_hash(request: HttpRequest) -> str:
    body: Any
    try:
        raw = request.body
    except RawPostDataException:  # a form body the CSRF check already read; the endpoint answers 415
        raw = repr(sorted(request.POST.lists())).encode()
    try:
        body = json.loads(raw or b"null")
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (ValueError, UnicodeDecodeError):
        canonical = raw.hex()
    return hashlib.sha256(f"{request.method}\n{request.path}\n{canonical}".encode()).hexdigest()


def _redacted(content: bytes, redact: Sequence[str]) -> str:
    text = content.decode("utf-8")
    if not redact:
        return text
    data = json.loads(text)
    if isinstance(data, dict):
        for name in redact:
            if name in data:
                data[name] = None
    return json.dumps(data, ensure_ascii=False)


def _lookup(actor_key: str, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord._default_manager.filter(
        actor_key=actor_key, key=key, created_at__gte=timezone.now() - ttl()
    ).first()


def _replay(record: IdempotencyRecord, digest: str) -> HttpResponse:
    if record.request_hash != digest:
        raise ProblemError(
            IDEMPOTENCY_MISMATCH,
            f"Deze {HEADER} is al gebruikt voor een ander verzoek. Gebruik voor elk nieuw verzoek een nieuwe sleutel.",
            errors=[{"field": HEADER, "message": "Sleutel al gebruikt voor een ander verzoek."}],
        )
    response = HttpResponse(record.body, status=record.status)
    for name, value in record.headers.items():
        response[name] = value
    response[REPLAY_HEADER] = "true"
    return response


def _store(
    actor_key: str, key: str, digest: str, request: HttpRequest, response: HttpResponse, redact: Sequence[str]
) -> None:
    IdempotencyRecord._default_manager.filter(
        actor_key=actor_key, key=key, created_at__lt=timezone.now() - ttl()
    ).delete()
    IdempotencyRecord._default_manager.create(
        actor_key=actor_key,
        key=key,
        method=str(request.method),
        path=request.path[:500],
        request_hash=digest,
        status=response.status_code,
        body=_redacted(response.content, redact),
        headers={name: response[name] for name in _KEPT_HEADERS if response.has_header(name)},
    )


def idempotent(*, redact: Sequence[str] = ()) -> Callable[[View], View]:
    """Decorate a POST view (below the route decorator) to honour ``Idempotency-Key``."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            raw = request.headers.get(HEADER)
            if raw is None:
                return view(request, *args, **kwargs)
            key = _valid_key(raw)
            actor_key = context_of(request).actor_key
            digest = request_hash(request)
            existing = _lookup(actor_key, key)
            if existing is not None:
                return _replay(existing, digest)
            try:
                with transaction.atomic():
                    response = view(request, *args, **kwargs)
                    if not isinstance(response, HttpResponse):
                        raise TypeError(
                            "An @idempotent view must return an HttpResponse (see api.responses)."
                        )
                    if 200 <= response.status_code < 300:
                        _store(actor_key, key, digest, request, response, redact)
                    return response
            except Exception:
                # A concurrent request with the same key may have committed first (we then
                # failed on a unique constraint or on validation): answer with its response.
                existing = _lookup(actor_key, key)
                if existing is None:
                    raise
                return _replay(existing, digest)

        # Ninja reads the signature; give it the view's, with annotations resolved in the
        # view's own module (works with ``from __future__ import annotations`` there too).
        wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        wrapper.__opgave_idempotent__ = True  # type: ignore[attr-defined]
        return wrapper

    return decorate
