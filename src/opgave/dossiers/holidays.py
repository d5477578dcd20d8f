"""Dutch public holidays as legal deadlines count them (Algemene termijnenwet, art. 3).

A deadline "within N working days" skips Saturdays, Sundays and the *algemeen erkende
feestdagen* of the Algemene termijnenwet (Atw), the law that Dutch statutory deadlines use:

- art. 3 lid 1: Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag, both
  Christmas days, the day the King's birthday is celebrated (Koningsdag) and **5 May every
  year** (Bevrijdingsdag; the Atw names "de vijfde mei" without a lustrum condition — the
  once-in-five-years day off is a collective-agreement matter, not a deadline matter);
- art. 3 lid 2: **Goede Vrijdag** is treated the same.

Eerste Paasdag and eerste Pinksterdag are Sundays and already skipped. Koningsdag is 27 April,
or Saturday 26 April when the 27th is a Sunday (Wet van 2013 on the King's birthday); until
2013 it was Koninginnedag on 30 April, or Saturday 29 April when the 30th was a Sunday.

Not included: the days a royal decree equates with a holiday for a few years at a time under
art. 3 lid 3 (such as the Friday after Ascension Day) — they are not computable and are
published in the Staatscourant; see ADR 0040. Easter is computed here (the Gregorian
computus, "Anonymous Gregorian algorithm"), without a dependency.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

__all__ = ["add_working_days", "easter", "holidays", "is_working_day"]


def easter(year: int) -> dt.date:
    """Easter Sunday of ``year`` in the Gregorian calendar (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _kings_day(year: int) -> dt.date:
    day = dt.date(year, 4, 27) if year >= 2014 else dt.date(year, 4, 30)
    return day - dt.timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=64)
def holidays(year: int) -> dict[dt.date, str]:
    """The algemeen erkende feestdagen of ``year`` (incl. Goede Vrijdag), with their Dutch names."""
    sunday = easter(year)
    days = {
        dt.date(year, 1, 1): "Nieuwjaarsdag",
        sunday - dt.timedelta(days=2): "Goede Vrijdag",
        sunday: "Eerste Paasdag",
        sunday + dt.timedelta(days=1): "Tweede Paasdag",
        _kings_day(year): "Koningsdag" if year >= 2014 else "Koninginnedag",
        dt.date(year, 5, 5): "Bevrijdingsdag",
        sunday + dt.timedelta(days=39): "Hemelvaartsdag",
        sunday + dt.timedelta(days=49): "Eerste Pinksterdag",
        sunday + dt.timedelta(days=50): "Tweede Pinksterdag",
        dt.date(year, 12, 25): "Eerste Kerstdag",
        dt.date(year, 12, 26): "Tweede Kerstdag",
    }
    return days


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day ``days`` working days after ``start`` (not counting ``start`` itself)."""
    current = start
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            added += 1
    return current
