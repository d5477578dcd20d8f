"""Structured logging with structlog, configured once in ``CoreConfig.ready``.

Log lines never carry personal data: :func:`redact_personal_data` removes
values under sensitive keys (e-mail, BSN, password, token, ...) and masks
e-mail addresses and BSN-shaped numbers (nine digits passing the *elfproef*)
wherever they appear in a line. Refer to people by their ``uuid``.

``settings.LOGGING`` should use :func:`formatter` so that Django's own log
records pass the same redaction::

    "formatters": {"structlog": {"()": "opgave.core.logging.formatter", "json": PRODUCTION}}
"""

from __future__ import annotations

import contextvars
import logging
import re
from collections.abc import MutableMapping
from typing import Any

import structlog

REDACTED = "[verwijderd]"
SENSITIVE_KEYS = frozenset(
    {
        "email",
        "e-mail",
        "e_mail",
        "bsn",
        "password",
        "wachtwoord",
        "token",
        "secret",
        "authorization",
        "cookie",
        "username",
        "name",
        "first_name",
        "last_name",
        "phone",
        "address",
        "data_subject",
    }
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def passes_elfproef(digits: str) -> bool:
    """The BSN check: weighted sum 9..2 minus the last digit is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def scrub(text: str) -> str:
    """Mask e-mail addresses and BSN-shaped numbers in free text."""
    text = _EMAIL.sub("[e-mailadres]", text)
    return _NINE_DIGITS.sub(lambda m: "[bsn]" if passes_elfproef(m.group(0)) else m.group(0), text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: REDACTED if str(k).lower() in SENSITIVE_KEYS else _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(v) for v in value)
    return value


def redact_personal_data(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: drop sensitive keys, scrub strings (including the event itself)."""
    for key in list(event_dict):
        if key.lower() in SENSITIVE_KEYS:
            event_dict[key] = REDACTED
        elif key not in {"_record", "_from_structlog"}:
            event_dict[key] = _clean(event_dict[key])
    return event_dict


#: The request being handled on this thread (set by ``TraceContextMiddleware``), for :func:`add_identity`.
CURRENT_REQUEST: contextvars.ContextVar[Any] = contextvars.ContextVar("opgave_request", default=None)


def add_identity(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: the acting person's and token's uuid (never a name), read at log time."""
    request = CURRENT_REQUEST.get()
    if request is None:
        return event_dict
    context = getattr(request, "auth_context", None)
    token = getattr(context, "token", None)
    if token is not None and "token_id" not in event_dict:
        event_dict["token_id"] = str(token.uuid)
    user = getattr(request, "_cached_user", None) or getattr(context, "person", None)
    if user is not None and getattr(user, "is_authenticated", False) and "user_id" not in event_dict:
        event_dict["user_id"] = str(user.uuid)
    return event_dict


SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    add_identity,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure() -> None:
    """Configure structlog to hand its events to the standard logging handlers (``settings.LOGGING``)."""
    structlog.configure(
        processors=[
            *SHARED_PROCESSORS,
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            redact_personal_data,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def formatter(json: bool = False) -> logging.Formatter:
    """A logging formatter that renders structlog and plain ``logging`` records alike, redacted."""
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if json
        # plain traceback: never the local variables of every frame (they may hold personal data)
        else structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*SHARED_PROCESSORS, structlog.stdlib.ExtraAdder(), redact_personal_data],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # A stack trace is one text field ("exception"), also for Django's own error records.
            structlog.processors.format_exc_info,
            redact_personal_data,
            renderer,
        ],
    )


def get_logger(name: str) -> Any:
    return structlog.stdlib.get_logger(name)


class StandardErrorHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the moment of writing, not at start-up: a stream
    swapped out since (a test runner's capture, a daemonised worker) is never written to closed."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> Any:
        import sys

        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass
