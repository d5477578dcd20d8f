"""The shipped reference models against figures the government published — not the engine's own output.

Sources (see ``src/opgave/rules/reference/SOURCES.md``):

* Dienst Toeslagen, maximum zorgtoeslag 2025: € 131 per month alone, € 250 with a toeslagpartner
  (published November 2024; the platform's issue quotes the exact € 131,12); 2024: € 123 and € 236
  (published November 2023).
* The 2025 amounts by income published with them (reported by Zorgwijzer and Metro, November 2024):
  alone € 28.000 → € 131, € 30.000 → € 112, € 35.000 → € 55, € 39.000 → € 10, € 40.000 → none;
  with a toeslagpartner € 28.000 → € 250, € 40.000 → € 118.
* Income limits (2025: € 39.719 / € 50.206; 2024: € 37.496 / € 47.368) and asset limits (2025:
  € 141.896 / € 179.429).
* The 2024 percentages 1,879% / 4,256% / 13,670% of Wzt art. 2 lid 3 as in force on 1 January 2024.

Published amounts are whole euros, cut off: those tests compare the whole-euro part.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.rules.conftest import SYSTEM

from opgave.rules import evaluation
from opgave.rules.models import RuleSet
from opgave.rules.reference import INKOMENSTOESLAG


def per_month(
    item: RuleSet,
    day: dt.date,
    income: int,
    partner: bool,
    output: str = "Zorgtoeslag per maand",
    **extra: object,
) -> Decimal:
    inputs = {
        "leeftijd": 40,
        "verzekerd": True,
        "toeslagpartner": partner,
        "toetsingsinkomen": income,
        "vermogen": 0,
    }
    result = evaluation.evaluate(item, actor=SYSTEM, inputs={**inputs, **extra}, day=day, decisions=[output])
    return Decimal(result.outputs[output])


Y2024, Y2025 = dt.date(2024, 7, 1), dt.date(2025, 7, 1)


@pytest.mark.parametrize(
    ("income", "partner", "published"),
    [
        (28000, False, 131),
        (30000, False, 112),
        (35000, False, 55),
        (39000, False, 10),
        (40000, False, 0),
        (28000, True, 250),
        (40000, True, 118),
    ],
)
def test_zorgtoeslag_2025_matches_the_published_table(
    zorgtoeslag: RuleSet, income: int, partner: bool, published: int
) -> None:
    assert int(per_month(zorgtoeslag, Y2025, income, partner)) == published


def test_the_2025_maximum_alone_is_the_published_131_12(zorgtoeslag: RuleSet) -> None:
    assert per_month(zorgtoeslag, Y2025, 20000, False) == Decimal("131.12")


@pytest.mark.parametrize(("partner", "published"), [(False, 123), (True, 236)])
def test_zorgtoeslag_2024_maxima_are_the_published_amounts_cut_off(
    zorgtoeslag: RuleSet, partner: bool, published: int
) -> None:
    # Whole euros, cut off as in the 2025 table: € 123,59 and € 236,05 a month.
    assert int(per_month(zorgtoeslag, Y2024, 20000, partner)) == published


def test_the_2024_maximum_alone_follows_the_2024_percentages(zorgtoeslag: RuleSet) -> None:
    # Wzt art. 2 lid 3 (text of 1 January 2024): 1,879% of € 26.819 = € 503,93; € 1.987 - € 503,93.
    assert per_month(zorgtoeslag, Y2024, 20000, False, output="Zorgtoeslag per jaar") == Decimal("1483.07")


def test_the_published_income_limits_leave_the_same_remainder_in_2024_and_2025(zorgtoeslag: RuleSet) -> None:
    """Dienst Toeslagen puts the income limit where the yearly amount drops below about € 23,50. With
    each year's own percentages the four published limits leave that same remainder; the 2025
    percentages applied to 2024 leave € 15,76 and € 12,81 instead."""
    limits = [(Y2025, 39719, False), (Y2025, 50206, True), (Y2024, 37496, False), (Y2024, 47368, True)]
    remainders = [
        per_month(zorgtoeslag, day, limit, partner, output="Zorgtoeslag per jaar")
        for day, limit, partner in limits
    ]
    assert all(Decimal("23") < r < Decimal("24") for r in remainders), remainders


@pytest.mark.parametrize(
    ("day", "income", "partner"),
    [(Y2025, 39720, False), (Y2025, 50207, True), (Y2024, 37497, False), (Y2024, 47369, True)],
)
def test_no_zorgtoeslag_just_above_the_published_income_limit(
    zorgtoeslag: RuleSet, day: dt.date, income: int, partner: bool
) -> None:
    assert per_month(zorgtoeslag, day, income, partner) == 0
    assert per_month(zorgtoeslag, day, income - 1, partner) > 0


@pytest.mark.parametrize(
    ("vermogen", "partner", "expected_zero"),
    [(141896, False, False), (141897, False, True), (179430, True, True)],
)
def test_the_published_asset_limits_of_2025(
    zorgtoeslag: RuleSet, vermogen: int, partner: bool, expected_zero: bool
) -> None:
    assert (per_month(zorgtoeslag, Y2025, 25000, partner, vermogen=vermogen) == 0) is expected_zero


def test_no_zorgtoeslag_under_18_or_without_insurance(zorgtoeslag: RuleSet) -> None:
    assert per_month(zorgtoeslag, Y2025, 20000, False, leeftijd=17) == 0
    assert per_month(zorgtoeslag, Y2025, 20000, False, verzekerd=False) == 0


def test_the_inkomenstoeslag_model_checks_clean_and_declares_its_open_terms_as_inputs() -> None:
    from opgave.dmn import load_model

    model = load_model(INKOMENSTOESLAG["file"])
    assert model.check() == []
    assert {t["name"] for t in INKOMENSTOESLAG["open_terms"]} <= set(model.input_names)
