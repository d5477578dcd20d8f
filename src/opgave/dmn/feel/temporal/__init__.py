"""Parsing and formatting of FEEL temporal values, and the ``string()`` form of any value.

Lexical forms follow DMN 1.5 §10.3.4.1 (which borrows XML Schema's):

* date: ``yyyy-mm-dd``; years of five to nine digits and negative years are valid
  FEEL; as Python's :class:`datetime.date` stops at 1–9999 they become an
  :class:`ExtendedDate` / :class:`ExtendedDateTime` (a subclass that keeps the
  calendar day 400·k years away, where the calendar is the same);
* time: ``hh:mm:ss[.fraction][zone]`` with zone ``Z``, ``±hh:mm[:ss]`` or
  ``@IANA/Zone``; ``24:00:00`` is the end of the day (midnight);
* date and time: ``date 'T' time``, or a date alone (midnight);
* durations: ``[-]P[nY][nM]`` (years and months) or ``[-]P[nD][T[nH][nM][n[.f]S]]``
  (days and time); mixing the two kinds is not a FEEL duration.

Fractions of seconds keep nine digits (nanoseconds; digits past nine are dropped).

Modules: ``parsing`` (text to values), ``formatting`` (values to text, ``to_string``),
``arithmetic`` (durations, month shifts), ``extended`` (years outside 1..9999).
Import from this package, not from the modules.
"""

from opgave.dmn.feel.temporal.arithmetic import (
    add_months,
    date_to_datetime,
    duration_of,
    months_between,
    timedelta_of,
)
from opgave.dmn.feel.temporal.extended import (
    MAX_YEAR,
    ExtendedDate,
    ExtendedDateTime,
    ExtendedTime,
    combine,
    date_from_ordinal,
    instant,
    make_date,
    make_datetime,
    make_time,
    nanos_of,
    shift,
    shift_exactly,
)
from opgave.dmn.feel.temporal.formatting import (
    format_date,
    format_date_and_time,
    format_number,
    format_time,
    format_zone,
    to_string,
)
from opgave.dmn.feel.temporal.parsing import (
    UTC,
    offset_zone,
    parse_date,
    parse_date_and_time,
    parse_duration,
    parse_temporal,
    parse_time,
    zone_from_text,
)

__all__ = [
    "MAX_YEAR",
    "UTC",
    "ExtendedDate",
    "ExtendedDateTime",
    "ExtendedTime",
    "add_months",
    "combine",
    "date_from_ordinal",
    "date_to_datetime",
    "duration_of",
    "format_date",
    "format_date_and_time",
    "format_number",
    "format_time",
    "format_zone",
    "instant",
    "make_date",
    "make_datetime",
    "make_time",
    "months_between",
    "nanos_of",
    "offset_zone",
    "parse_date",
    "parse_date_and_time",
    "parse_duration",
    "parse_temporal",
    "parse_time",
    "shift",
    "shift_exactly",
    "timedelta_of",
    "to_string",
    "zone_from_text",
]
