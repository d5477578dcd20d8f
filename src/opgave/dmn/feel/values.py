"""FEEL values as Python values: the one representation every part of the engine shares.

=============================  =======================================================
FEEL type                      Python representation
=============================  =======================================================
null                           ``None``
boolean                        ``bool``
number                         ``decimal.Decimal`` (decimal128: 34 digits, half-even)
string                         ``str``
date                           ``datetime.date`` (never a ``datetime.datetime``)
time                           ``datetime.time`` (tzinfo: None, fixed offset or ZoneInfo)
date and time                  ``datetime.datetime`` (naive or aware)
days and time duration         :class:`DaysTimeDuration`
years and months duration      :class:`YearsMonthsDuration`
list                           ``list``
context                        ``dict[str, object]`` (insertion ordered)
range                          :class:`Range`
function                       :class:`FeelFunction`
=============================  =======================================================

Python's ``bool`` is a subclass of ``int`` and ``datetime`` of ``date``; use
:func:`is_number` and :func:`is_date` rather than bare ``isinstance``.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: Arithmetic context for FEEL numbers: IEEE 754-2008 decimal128.
DECIMAL128 = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-6143,
    Emax=6144,
    capitals=1,
    clamp=1,
    flags=[],
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def number(value: int | str | decimal.Decimal) -> decimal.Decimal:
    """Return ``value`` as a FEEL number, rounded to 34 significant digits."""
    return DECIMAL128.create_decimal(value)


@dataclass(frozen=True, slots=True, order=True)
class DaysTimeDuration:
    """A FEEL days and time duration, held as a (signed) number of seconds."""

    seconds: decimal.Decimal

    @classmethod
    def of(cls, *, days: int = 0, hours: int = 0, minutes: int = 0, seconds: Any = 0) -> DaysTimeDuration:
        total = decimal.Decimal(days) * 86400 + decimal.Decimal(hours) * 3600
        total += decimal.Decimal(minutes) * 60 + decimal.Decimal(seconds)
        return cls(total)

    def __str__(self) -> str:
        total = self.seconds
        if total == 0:
            return "PT0S"
        sign = "-" if total < 0 else ""
        total = abs(total)
        whole = int(total)
        fraction = total - whole
        days, rest = divmod(whole, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        out = [sign, "P"]
        if days:
            out.append(f"{days}D")
        if hours or minutes or secs or fraction:
            out.append("T")
            if hours:
                out.append(f"{hours}H")
            if minutes:
                out.append(f"{minutes}M")
            if secs or fraction:
                seconds_text = format((secs + fraction).normalize(), "f") if fraction else str(secs)
                out.append(f"{seconds_text}S")
        return "".join(out)


@dataclass(frozen=True, slots=True, order=True)
class YearsMonthsDuration:
    """A FEEL years and months duration, held as a (signed) number of months."""

    months: int

    def __str__(self) -> str:
        if self.months == 0:
            return "P0M"
        sign = "-" if self.months < 0 else ""
        years, months = divmod(abs(self.months), 12)
        out = [sign, "P"]
        if years:
            out.append(f"{years}Y")
        if months:
            out.append(f"{months}M")
        return "".join(out)


@dataclass(frozen=True, slots=True)
class Range:
    """A FEEL range. An open end has ``None`` as its endpoint (``< 10`` is ``Range(None, 10, False, False)``)."""

    start: Any
    end: Any
    start_included: bool
    end_included: bool
    #: ``"="`` or ``"!="`` for the single-value forms ``=10`` and ``!=10``: they are ranges of their
    #: own kind, so ``(=10) = [10..10]`` is false while ``(=10) = (=10)`` is true.
    operator: str = ""


class FeelFunction:
    """A FEEL function value: a built-in, a user-defined ``function(...)`` or a BKM.

    ``params`` are the declared parameter names (used for named invocation);
    ``variadic`` is true when the last parameter takes the remaining arguments.
    ``call`` receives the positional arguments after named ones are bound.
    """

    __slots__ = ("_call", "name", "params", "variadic")

    def __init__(
        self,
        name: str,
        params: Sequence[str],
        call: Callable[..., Any],
        *,
        variadic: bool = False,
    ) -> None:
        self.name = name
        self.params = tuple(params)
        self.variadic = variadic
        self._call = call

    def __call__(self, *args: Any) -> Any:
        return self._call(*args)

    def __repr__(self) -> str:
        return f"<function {self.name}({', '.join(self.params)})>"


def is_number(value: object) -> bool:
    return isinstance(value, decimal.Decimal)


def is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def type_name(value: object) -> str:
    """The FEEL name of a value's type, as used in messages and ``instance of``."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, decimal.Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        return "date and time"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    if isinstance(value, DaysTimeDuration):
        return "days and time duration"
    if isinstance(value, YearsMonthsDuration):
        return "years and months duration"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "context"
    if isinstance(value, Range):
        return "range"
    if isinstance(value, FeelFunction):
        return "function"
    return type(value).__name__
