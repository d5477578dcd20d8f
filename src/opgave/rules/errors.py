"""The rules pillar raises the platform's one error vocabulary (:mod:`opgave.core.exceptions`).

The names below are kept so the pillar's code reads as before: ``RulesError`` is the common
:class:`~opgave.core.exceptions.ServiceError`, ``Forbidden`` is
:class:`~opgave.core.exceptions.PermissionDenied`. Messages are Dutch and reach the user;
``errors`` lists field-level problems (``{"field": ..., "message": ...}``), e.g. every problem
the DMN engine found, with its element and position.
"""

from __future__ import annotations

from opgave.core.exceptions import Conflict, Invalid, NotFound, ServiceError, TooLarge
from opgave.core.exceptions import PermissionDenied as Forbidden

RulesError = ServiceError

__all__ = ["Conflict", "Forbidden", "Invalid", "NotFound", "RulesError", "TooLarge"]
