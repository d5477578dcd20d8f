"""ETag and If-Match: optimistic concurrency for every mutable resource.

Convention (every pillar):

* Every model the API changes has a ``revision`` integer that its service increments
  on every change. :func:`etag` turns it into a strong ETag; GET, POST (201), PATCH and
  PUT responses of a single resource carry it in the ``ETag`` header (use
  :func:`with_etag`).
* PATCH, PUT and DELETE **require** ``If-Match`` with the ETag the client last saw:
  absent → 428, different → 412. ``If-Match: *`` matches any current version.
* The check is the service's: :func:`if_match` reads the revision the client saw from
  ``If-Match`` (``None`` when the header is absent) and the endpoint passes it to the
  service as ``expected_revision``. The service first decides whether the actor may act
  at all, then locks the row (``select_for_update``) and compares inside its transaction,
  raising :class:`opgave.core.exceptions.RevisionRequired` (428) for ``None`` and
  :class:`opgave.core.exceptions.RevisionConflict` (412) for a stale revision. Two
  concurrent PATCHes with the same ETag: one 200, one 412.
"""

from __future__ import annotations

import hashlib
from typing import Any, Protocol

from django.http import HttpRequest, HttpResponse

from opgave.api.problems import PRECONDITION_FAILED, ProblemError


class Versioned(Protocol):
    uuid: Any
    revision: int


def etag(obj: Versioned) -> str:
    """A strong ETag for the current revision of ``obj``: ``"<revision>-<8 hex>"``."""
    digest = hashlib.sha256(f"{type(obj).__name__}:{obj.uuid}".encode()).hexdigest()[:8]
    return f'"{obj.revision}-{digest}"'


def with_etag(response: HttpResponse, obj: Versioned) -> HttpResponse:
    response["ETag"] = etag(obj)
    return response


def _tags(header: str) -> list[str]:
    return [part.strip() for part in header.split(",") if part.strip()]


def precondition_failed(current: str) -> ProblemError:
    return ProblemError(
        PRECONDITION_FAILED,
        "Iemand anders heeft dit intussen gewijzigd. Haal de actuele versie op (GET) en probeer het opnieuw "
        "met de nieuwe ETag in If-Match.",
        headers={"ETag": current},
    )


def if_match(request: HttpRequest, obj: Versioned) -> int | None:
    """The revision the client's ``If-Match`` refers to, for the service's ``expected_revision``.

    ``None`` when the header is absent (the service answers 428 after its permission check),
    the current revision for ``*`` or the current ETag, and ``-1`` for any other tag (stale
    or not this object's: the service answers 412).
    """
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        return None
    tags = _tags(header)
    if "*" in tags or etag(obj) in tags:
        return obj.revision
    return -1
