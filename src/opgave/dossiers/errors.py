"""Domain errors of the dossier services and selectors; the API maps them to problem+json and the
pages to a message. Messages are Dutch: they reach the user."""

from __future__ import annotations


class DossierError(Exception):
    status = 400
    title = "Ongeldig verzoek"

    def __init__(self, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class NotFound(DossierError):
    status = 404
    title = "Niet gevonden"


class Forbidden(DossierError):
    status = 403
    title = "Geen toegang"


class Invalid(DossierError):
    status = 422
    title = "Ongeldige invoer"


class Conflict(DossierError):
    status = 409
    title = "Conflict"


class PreconditionFailed(DossierError):
    status = 412
    title = "Versie klopt niet"


def invalid(field: str, message: str) -> Invalid:
    return Invalid(message, [{"field": field, "message": message}])
