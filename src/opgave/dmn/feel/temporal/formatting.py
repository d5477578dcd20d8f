"""Formatting FEEL values: temporal values in their lexical form, and ``string()`` of any value."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import zoneinfo
from typing import Any

from opgave.dmn.feel.temporal.extended import nanos_of
from opgave.dmn.feel.values import DaysTimeDuration, FeelFunction, Range, YearsMonthsDuration


def format_date(value: dt.date) -> str:
    sign = "-" if value.year < 0 else ""
    return f"{sign}{abs(value.year):04d}-{value.month:02d}-{value.day:02d}"


def _format_offset(offset: dt.timedelta) -> str:
    if not offset:
        return "Z"
    sign = "-" if offset < dt.timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text


def format_zone(zone: dt.tzinfo | None, reference: dt.datetime | None = None) -> str:
    """The zone suffix: ``""`` (local), ``Z``, ``+01:00`` or ``@Europe/Paris``."""
    if zone is None:
        return ""
    if isinstance(zone, zoneinfo.ZoneInfo):
        return f"@{zone.key}"
    offset = zone.utcoffset(reference)
    return "" if offset is None else _format_offset(offset)


def _format_clock(value: dt.time | dt.datetime) -> str:
    text = f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    nanos = value.microsecond * 1000 + nanos_of(value)
    if nanos:
        text += f".{nanos:09d}".rstrip("0")
    return text


def format_time(value: dt.time) -> str:
    return _format_clock(value) + format_zone(value.tzinfo)


def format_date_and_time(value: dt.datetime) -> str:
    return f"{format_date(value)}T{_format_clock(value)}{format_zone(value.tzinfo, value)}"


def format_number(value: decimal.Decimal) -> str:
    """A number without exponent and without insignificant trailing zeros (``1.50`` → ``1.5``)."""
    if value.is_nan():
        return "NaN"
    if value.is_infinite():
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def _format_name(name: str) -> str:
    return name if re.fullmatch(r"[^\W\d][\w ?']*", name) and not name.endswith(" ") else _quote(name)


def to_string(value: Any) -> str:
    """The FEEL ``string()`` form of a value (a string stays as it is; nested strings are quoted)."""
    if isinstance(value, str):
        return value
    return _literal(value)


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format_number(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, dt.datetime):
        return format_date_and_time(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, (DaysTimeDuration, YearsMonthsDuration)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        entries = (f"{_format_name(str(key))}: {_literal(item)}" for key, item in value.items())
        return "{" + ", ".join(entries) + "}"
    if isinstance(value, Range):
        return _format_range(value)
    if isinstance(value, FeelFunction):
        return f"function {value.name}({', '.join(value.params)})"
    return str(value)


def _format_range(value: Range) -> str:
    if value.start is None and value.end is not None:
        return ("<= " if value.end_included else "< ") + _literal(value.end)
    if value.end is None and value.start is not None:
        return (">= " if value.start_included else "> ") + _literal(value.start)
    opening = "[" if value.start_included else "("
    closing = "]" if value.end_included else ")"
    return f"{opening}{_literal(value.start)}..{_literal(value.end)}{closing}"
