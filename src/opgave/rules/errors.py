"""Domain errors of the rules pillar; the API maps them to problem+json, pages to a message.

Messages are Dutch and reach the user. ``errors`` lists field-level problems
(``{"field": ..., "message": ...}``), e.g. every problem the DMN engine found, with its element
and position.
"""

from __future__ import annotations


class RulesError(Exception):
    status = 400

    def __init__(self, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class NotFound(RulesError):
    status = 404


class Forbidden(RulesError):
    status = 403


class Invalid(RulesError):
    status = 422


class Conflict(RulesError):
    status = 409


class TooLarge(RulesError):
    status = 413
