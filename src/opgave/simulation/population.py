"""A synthetic Dutch population, drawn from published CBS figures (deterministic for a seed).

Pure library code (NumPy + Polars, no Django), so the CLI, the background job, the demo loader
and the benchmarks share it. The figures live in ``data/`` next to this module, with their
CBS table ids and reference dates in ``data/SOURCES.md`` (CC BY 4.0, "Bron: CBS").

How a population is drawn (ADR 0039):

1. **Households per municipality** in proportion to the municipality's inhabitants
   (``gemeenten_2025.csv``, 1 January 2023).
2. **Household type** (one person, couple without / with children, one parent, other) from the
   national composition on 1 January 2024, with the share of one-person households set per
   municipality from the Wijk- en buurtkaart 2021 (the other types keep their national ratio).
3. **Children** per household with children, derived from the household sizes on 1 January 2024
   (see SOURCES.md, "afgeleid").
4. **Age** of adults from the national age distribution (1 January 2019) above 20, uniform within
   a band; children are 0–19 and at least 18 years younger than their parent.
5. **Gross household income** by inverse transform of the CBS decile boundaries of 2022
   (linear between boundaries; below the 10th percentile from 0; above the 90th an exponential
   tail with the mean gap of the upper deciles) — so the income decile of every household is
   known exactly. Partners share the household income as their *toetsingsinkomen*; a child of
   18 or older living at home has an own income below the 10th percentile; in an "other"
   household each adult has an equal share.
6. **Assets** (*vermogen*): CBS publishes no distribution we could read, so this is an
   **assumption**, labelled as such: a household's assets are its income times a uniform factor
   between 0 and 2, and one household in twenty has assets of 3 to 6 times its income.
7. Everybody is **insured** under the Zvw, except children under 18 (who are insured but never
   entitled; the column is the same for them).

Every draw comes from one ``numpy.random.Generator(PCG64(seed))`` in a fixed order, so a seed
and a size always give the same population, on every machine.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

DATA = Path(__file__).resolve().parent / "data"
MAX_SIZE = 50_000_000

HOUSEHOLD_TYPES = (
    "eenpersoonshuishouden",
    "paar_zonder_kinderen",
    "paar_met_kinderen",
    "eenouderhuishouden",
    "overig_meerpersoonshuishouden",
)
HOUSEHOLD_LABELS = {
    "eenpersoonshuishouden": "Alleenstaand",
    "paar_zonder_kinderen": "Paar zonder kinderen",
    "paar_met_kinderen": "Paar met kinderen",
    "eenouderhuishouden": "Eenoudergezin",
    "overig_meerpersoonshuishouden": "Overig meerpersoonshuishouden",
}
ADULTS = np.array([1, 2, 2, 1, 3], dtype=np.int64)

#: The columns of a generated population, in order, with their meaning (docs, import checks).
COLUMNS: dict[str, str] = {
    "persoon": "volgnummer van de persoon (1, 2, …)",
    "huishouden": "volgnummer van het huishouden",
    "gemeentecode": "CBS-code van de woongemeente (GMxxxx, indeling 2025)",
    "gemeente": "naam van de woongemeente",
    "provincie": "provincie van de woongemeente",
    "huishoudtype": "soort huishouden (CBS-indeling)",
    "inkomensdecile": "10%-groep van het bruto huishoudinkomen (1 = laagste)",
    "huishoudinkomen": "bruto huishoudinkomen in euro per jaar",
    "leeftijd": "leeftijd in jaren",
    "kind": "kind dat thuis woont",
    "toeslagpartner": "heeft een toeslagpartner",
    "aanvrager": "vraagt de toeslag aan (nee voor de tweede partner: die telt niet dubbel)",
    "verzekerd": "verzekerd voor de Zorgverzekeringswet",
    "toetsingsinkomen": "toetsingsinkomen in euro per jaar (samen met de partner)",
    "vermogen": "vermogen in euro op 1 januari (samen met de partner; aanname)",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


@dataclass(frozen=True)
class Figures:
    """The CBS figures the generator draws from (read once from ``data/``)."""

    codes: np.ndarray
    names: np.ndarray
    provinces: np.ndarray
    inhabitants: np.ndarray
    type_shares: np.ndarray  # per municipality × household type, rows sum to 1
    one_parent_one_child: float
    couple_children: np.ndarray  # P(1, 2, 3 children) for couples with children
    age_bands: np.ndarray  # (low, high) per adult band
    age_shares: np.ndarray
    income_bounds: np.ndarray  # 0, P10 … P90 in euro


@cache
def figures() -> Figures:
    municipalities = _rows("gemeenten_2025.csv")
    codes = np.array([m["code"] for m in municipalities])
    national = {
        r["samenstelling"]: int(r["aantal_huishoudens"]) for r in _rows("nl_huishoudsamenstelling_2024.csv")
    }
    counts = np.array([national[t] for t in HOUSEHOLD_TYPES], dtype=np.float64)
    shares = counts / counts.sum()
    # Share of one-person households per 2025 municipality (2021, weighted by households).
    single: dict[str, list[float]] = {}
    for row in _rows("gemeenten_kwb2021.csv"):
        households = float(row["huishoudens"] or 0)
        pct = row["pct_eenpersoonshuishoudens"]
        if households and pct:
            item = single.setdefault(row["code_2025"], [0.0, 0.0])
            item[0] += households * float(pct) / 100
            item[1] += households
    type_shares = np.empty((len(codes), len(HOUSEHOLD_TYPES)))
    for i, code in enumerate(codes):
        found = single.get(str(code))
        one = found[0] / found[1] if found and found[1] else shares[0]
        rest = shares[1:] / shares[1:].sum() * (1 - one)
        type_shares[i] = [one, *rest]
    sizes = {
        r["personen_per_huishouden"]: int(r["aantal_huishoudens"])
        for r in _rows("nl_huishoudgrootte_2024.csv")
    }
    # Afgeleid (SOURCES.md): two-person households that are not a couple without children are one
    # parent with one child; the other one-parent households have two children and "other"
    # households three persons; the rest of each size are couples with 1, 2 or 3+ children.
    one_parent_one = sizes["2"] - national["paar_zonder_kinderen"]
    one_parent_two = national["eenouderhuishouden"] - one_parent_one
    couples = np.array(
        [
            sizes["3"] - one_parent_two - national["overig_meerpersoonshuishouden"],
            sizes["4"],
            sizes["5_of_meer"],
        ],
        dtype=np.float64,
    )
    ages = {r["leeftijdsgroep"]: int(r["aantal_personen"]) for r in _rows("nl_leeftijd_2019.csv")}
    bands = np.array([(20, 39), (40, 64), (65, 79), (80, 95)])
    age_counts = np.array([ages["20_39"], ages["40_64"], ages["65_79"], ages["80_plus"]], dtype=np.float64)
    bounds = [
        float(r["bruto_inkomen_k_eur"]) * 1000
        for r in _rows("nl_inkomen_percentielen_2022.csv")
        if r["populatie"] == "incl_studenten"
    ]
    return Figures(
        codes=codes,
        names=np.array([m["naam"] for m in municipalities]),
        provinces=np.array([m["provincie"] for m in municipalities]),
        inhabitants=np.array([int(m["inwoners"]) for m in municipalities], dtype=np.float64),
        type_shares=type_shares,
        one_parent_one_child=one_parent_one / national["eenouderhuishouden"],
        couple_children=couples / couples.sum(),
        age_bands=bands,
        age_shares=age_counts / age_counts.sum(),
        income_bounds=np.array([0.0, *bounds]),
    )


def _pick(rng: np.random.Generator, cumulative: np.ndarray, size: int) -> np.ndarray:
    return np.searchsorted(cumulative, rng.random(size), side="right").clip(0, len(cumulative) - 1)


def _income(rng: np.random.Generator, bounds: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Gross household income and its decile (1–10), by inverse transform of the decile bounds."""
    decile = rng.integers(0, 10, size)  # each decile holds 10 % of households by construction
    within = rng.random(size)
    tail = float(np.diff(bounds[-4:]).mean())
    low = bounds[np.minimum(decile, 9)]
    high = np.where(decile < 9, bounds[np.minimum(decile + 1, 9)], 0.0)
    income = np.where(decile < 9, low + within * (high - low), bounds[9] - tail * np.log1p(-within * 0.999))
    return np.round(income), decile + 1


def generate(size: int, seed: int = 0) -> pl.DataFrame:
    """``size`` persons (exactly) in households across all municipalities; see the module docs."""
    if size < 1 or size > MAX_SIZE:
        raise ValueError(f"de omvang moet tussen 1 en {MAX_SIZE:_} personen liggen".replace("_", "."))
    if seed < 0:
        raise ValueError("het zaadgetal (seed) mag niet negatief zijn")
    fig = figures()
    rng = np.random.Generator(np.random.PCG64(seed))
    average = 2.11  # persons per household, refined by drawing more households than needed
    count = int(size / average * 1.1) + 10
    municipality = _pick(rng, np.cumsum(fig.inhabitants / fig.inhabitants.sum()), count)
    u = rng.random(count)
    kind = (u[:, None] > np.cumsum(fig.type_shares, axis=1)[municipality][:, :-1]).sum(axis=1)
    children = np.zeros(count, dtype=np.int64)
    couples = kind == 2
    children[couples] = _pick(rng, np.cumsum(fig.couple_children), int(couples.sum())) + 1
    parents = kind == 3
    children[parents] = np.where(rng.random(int(parents.sum())) < fig.one_parent_one_child, 1, 2)
    adults = ADULTS[kind]
    members = adults + children
    # Trim to exactly ``size`` persons: whole households, the last one cut short if needed.
    cumulative = np.cumsum(members)
    last = int(np.searchsorted(cumulative, size))
    if last >= count:
        raise RuntimeError("too few households drawn")  # pragma: no cover - 10 % margin
    municipality, kind, children, adults = (
        municipality[: last + 1],
        kind[: last + 1],
        children[: last + 1],
        adults[: last + 1],
    )
    members = adults + children
    members[-1] -= int(cumulative[last] - size)
    adults[-1] = min(int(adults[-1]), int(members[-1]))
    children[-1] = members[-1] - adults[-1]
    households = last + 1
    income, decile = _income(rng, fig.income_bounds, households)
    band = _pick(rng, np.cumsum(fig.age_shares), households)
    lows, highs = fig.age_bands[band, 0], fig.age_bands[band, 1]
    head_age = lows + np.floor(rng.random(households) * (highs - lows + 1)).astype(np.int64)
    with_children = children > 0
    head_age = np.where(with_children, np.minimum(head_age, 64), head_age)
    head_age = np.where(with_children, np.maximum(head_age, 20), head_age)
    usual = income * rng.random(households) * 2
    rich = rng.random(households) < 0.05
    assets = np.round(np.where(rich, income * (3 + rng.random(households) * 3), usual))

    # One row per person.
    household = np.repeat(np.arange(households), members)
    position = np.arange(size) - np.repeat(cumulative[:households] - members, members)
    is_child = position >= adults[household]
    age_noise = rng.integers(-3, 4, size)
    child_age = np.floor(rng.random(size) * np.minimum(20, head_age[household] - 17)).astype(np.int64)
    age = np.where(
        is_child, child_age, np.clip(head_age[household] + np.where(position > 0, age_noise, 0), 18, 105)
    )
    hkind = kind[household]
    partner = ~is_child & (hkind == 1) | ~is_child & (hkind == 2)
    adult_child = is_child & (age >= 18)
    own_income = np.round(rng.random(size) * fig.income_bounds[1])
    share = np.where(hkind == 4, income[household] / np.maximum(adults[household], 1), income[household])
    toetsingsinkomen = np.where(is_child, np.where(adult_child, own_income, 0.0), share)
    vermogen = np.where(is_child, 0.0, np.where(hkind == 4, assets[household] / 3, assets[household]))
    where = municipality[household]

    def enum(values: np.ndarray, index: np.ndarray) -> pl.Series:
        categories = list(dict.fromkeys(str(v) for v in values))
        return pl.Series(values, dtype=pl.Enum(categories)).gather(index)

    return pl.DataFrame(
        {
            "persoon": np.arange(1, size + 1, dtype=np.int64),
            "huishouden": household.astype(np.int64) + 1,
            "gemeentecode": enum(fig.codes, where),
            "gemeente": enum(fig.names, where),
            "provincie": enum(fig.provinces, where),
            "huishoudtype": enum(np.array(HOUSEHOLD_TYPES), hkind),
            "inkomensdecile": decile[household].astype(np.int8),
            "huishoudinkomen": income[household].astype(np.int64),
            "leeftijd": age.astype(np.int64),
            "kind": is_child,
            "toeslagpartner": partner,
            "aanvrager": ~(partner & (position == 1)),
            "verzekerd": np.ones(size, dtype=bool),
            "toetsingsinkomen": np.round(toetsingsinkomen).astype(np.int64),
            "vermogen": np.round(vermogen).astype(np.int64),
        }
    )
