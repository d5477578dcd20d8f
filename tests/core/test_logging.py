"""Log lines are structured and carry no personal data."""

from __future__ import annotations

import io
import json
import logging

import structlog

from opgave.core import logging as core_logging


def test_the_elfproef() -> None:
    assert core_logging.passes_elfproef("999993653")
    assert not core_logging.passes_elfproef("123456789")
    assert not core_logging.passes_elfproef("000000000")


def test_sensitive_keys_are_dropped_and_text_is_scrubbed() -> None:
    event = core_logging.redact_personal_data(
        None,
        "info",
        {
            "event": "aanvraag van sanne@proef.example met bsn 999993653 en zaak 123456789",
            "email": "sanne@proef.example",
            "BSN": "999993653",
            "detail": {"password": "geheim", "count": 3},
        },
    )
    assert event["email"] == event["BSN"] == core_logging.REDACTED
    assert event["detail"] == {"password": core_logging.REDACTED, "count": 3}
    assert "sanne@" not in event["event"] and "999993653" not in event["event"]
    assert "123456789" in event["event"]  # not a BSN: fails the elfproef


def test_the_formatter_renders_json_without_personal_data() -> None:
    formatter = core_logging.formatter(json=True)
    record = logging.LogRecord("opgave", logging.INFO, __file__, 1, "inlog door eva@ede.example", None, None)
    line = json.loads(formatter.format(record))
    assert line["event"] == "inlog door [e-mailadres]" and line["level"] == "info"


def test_structlog_events_pass_the_redaction() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(core_logging.formatter(json=True))
    logger = logging.getLogger("opgave.test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        structlog.stdlib.get_logger("opgave.test.redaction").info(
            "login", email="eva@ede.example", result="ok"
        )
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["email"] == core_logging.REDACTED and line["result"] == "ok" and line["event"] == "login"
