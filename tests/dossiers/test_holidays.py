"""Working days of obligation deadlines skip the algemeen erkende feestdagen of the Algemene
termijnenwet (art. 3), incl. Goede Vrijdag and 5 May every year; checked against known dates."""

from __future__ import annotations

import datetime as dt

import pytest

from opgave.dossiers import constraints, holidays

D = dt.date


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (1818, D(1818, 3, 22)),  # the earliest possible date
        (1943, D(1943, 4, 25)),  # the latest possible date
        (2000, D(2000, 4, 23)),
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_sunday_is_computed_right(year: int, sunday: dt.date) -> None:
    assert holidays.easter(year) == sunday


def test_the_holidays_of_2026() -> None:
    assert holidays.holidays(2026) == {
        D(2026, 1, 1): "Nieuwjaarsdag",
        D(2026, 4, 3): "Goede Vrijdag",
        D(2026, 4, 5): "Eerste Paasdag",
        D(2026, 4, 6): "Tweede Paasdag",
        D(2026, 4, 27): "Koningsdag",
        D(2026, 5, 5): "Bevrijdingsdag",
        D(2026, 5, 14): "Hemelvaartsdag",
        D(2026, 5, 24): "Eerste Pinksterdag",
        D(2026, 5, 25): "Tweede Pinksterdag",
        D(2026, 12, 25): "Eerste Kerstdag",
        D(2026, 12, 26): "Tweede Kerstdag",
    }


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2014, D(2014, 4, 26)),  # 27 April a Sunday: the Saturday before
        (2025, D(2025, 4, 26)),
        (2026, D(2026, 4, 27)),
        (2006, D(2006, 4, 29)),  # Koninginnedag: 30 April a Sunday, the Saturday before
        (2013, D(2013, 4, 30)),
    ],
)
def test_kings_day_moves_to_saturday_when_it_falls_on_a_sunday(year: int, day: dt.date) -> None:
    found = [d for d, name in holidays.holidays(year).items() if name in ("Koningsdag", "Koninginnedag")]
    assert found == [day]


@pytest.mark.parametrize(
    ("start", "days", "due", "why"),
    [
        (D(2026, 4, 2), 1, D(2026, 4, 7), "Goede Vrijdag, the weekend and Tweede Paasdag"),
        (D(2026, 4, 1), 5, D(2026, 4, 10), "five working days across Easter"),
        (D(2026, 4, 24), 1, D(2026, 4, 28), "Koningsdag on a Monday"),
        (D(2026, 5, 4), 1, D(2026, 5, 6), "Bevrijdingsdag in a year that is not a lustrum"),
        (D(2025, 5, 2), 1, D(2025, 5, 6), "Bevrijdingsdag 2025 (a lustrum) on a Monday"),
        (D(2026, 5, 13), 1, D(2026, 5, 15), "Hemelvaartsdag"),
        (D(2026, 5, 22), 1, D(2026, 5, 26), "Tweede Pinksterdag"),
        (D(2026, 12, 24), 1, D(2026, 12, 28), "Christmas on Friday and Saturday"),
        (D(2025, 12, 31), 1, D(2026, 1, 2), "Nieuwjaarsdag"),
        (D(2026, 11, 27), 5, D(2026, 12, 4), "an ordinary week: only the weekend"),
    ],
)
def test_working_days_skip_weekends_and_public_holidays(
    start: dt.date, days: int, due: dt.date, why: str
) -> None:
    assert constraints.add_working_days(start, days) == due, why


def test_a_holiday_is_no_working_day_but_the_day_after_ascension_is() -> None:
    assert not holidays.is_working_day(D(2026, 5, 14))
    # the Friday after Ascension Day is equated only by a royal decree (art. 3 lid 3), not computed
    assert holidays.is_working_day(D(2026, 5, 15))
