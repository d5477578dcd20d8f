"""One way of writing dates: Europe/Amsterdam, in Dutch, "26 november 2026" (with "om 14:05"
where the time matters). Templates use the ``datum`` and ``datumtijd`` filters of
``{% load opgave_web %}``; Python code (messages, diagnostics, documents) calls these functions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _coerce(value: Any) -> date | datetime | None:
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return None
    return None


def local(value: datetime) -> datetime:
    """A moment in Amsterdam time (a naive value is taken to be Amsterdam time already)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def nl_date(value: Any, *, with_time: bool = False) -> str:
    """``26 november 2026`` (or ``26 november 2026 om 14:05``); ``""`` for nothing; a date, a
    datetime or an ISO string. A moment is first converted to Europe/Amsterdam."""
    found = _coerce(value)
    if found is None:
        return "" if value in (None, "") else str(value)
    if isinstance(found, datetime):
        moment = local(found)
        text = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
        return f"{text} om {moment:%H:%M}" if with_time else text
    return f"{found.day} {MONTHS[found.month - 1]} {found.year}"


def nl_datetime(value: Any) -> str:
    return nl_date(value, with_time=True)
