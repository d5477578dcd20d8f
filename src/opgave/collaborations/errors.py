"""Domain errors raised by the services and selectors; the API maps them to problem+json and the
web views to a message. Messages are Dutch: they reach the user."""

from __future__ import annotations


class CollaborationError(Exception):
    status = 400
    title = "Ongeldig verzoek"

    def __init__(self, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class NotFound(CollaborationError):
    status = 404
    title = "Niet gevonden"


class Forbidden(CollaborationError):
    status = 403
    title = "Geen toegang"


class Invalid(CollaborationError):
    status = 422
    title = "Ongeldige invoer"


class Conflict(CollaborationError):
    """The object changed since the caller read it (If-Match / revision mismatch), or a state conflict."""

    status = 409
    title = "Conflict"


class PreconditionFailed(CollaborationError):
    status = 412
    title = "Versie klopt niet"
