"""The report of a simulation: who gains, who loses, by how much and what it costs (Polars).

Amounts are whole **cents** (``Int64``), so totals are exact; the pages and the CSV show euros.
Rows of a population with a column ``aanvrager`` that is false (the second partner of a couple,
whose household amount the first partner's row already holds) are evaluated but not counted.
A row for which the engine gave no number counts as "zonder uitkomst" on that side and as 0 in
the sums. The report holds aggregates and row numbers only, never a row's inputs.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from opgave.simulation.population import HOUSEHOLD_LABELS

BREAKDOWNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("huishoudtype", "Huishoudtype", ("huishoudtype",)),
    ("inkomensdecile", "Inkomensgroep (10%-groep van het huishoudinkomen)", ("inkomensdecile",)),
    ("provincie", "Provincie", ("provincie",)),
    ("gemeente", "Gemeente", ("gemeentecode", "gemeente")),
)
LARGEST = 10
BINS = 12


def _label(key: str, value: Any) -> str:
    if key == "huishoudtype":
        return HOUSEHOLD_LABELS.get(str(value), str(value))
    if key == "inkomensdecile":
        return f"{value}e 10%-groep"
    return str(value)


def _sign_counts(diff: pl.Expr) -> list[pl.Expr]:
    return [
        (diff > 0).sum().alias("vooruit"),
        (diff < 0).sum().alias("achteruit"),
        (diff == 0).sum().alias("gelijk"),
    ]


def _histogram(changes: pl.Series) -> list[dict[str, int]]:
    if changes.is_empty():
        return []
    low, high = int(changes.min()), int(changes.max())  # type: ignore[arg-type]
    if low == high:
        return [{"van": low, "tot": high, "aantal": changes.len()}]
    width = max(1, -(-(high - low) // BINS))
    index = ((changes - low) // width).clip(0, BINS - 1)
    counts = index.value_counts().sort(index.name)
    by_bin = dict(zip(counts[index.name].to_list(), counts["count"].to_list(), strict=True))
    return [
        {"van": low + i * width, "tot": low + (i + 1) * width, "aantal": int(by_bin.get(i, 0))}
        for i in range(BINS)
        if low + i * width <= high
    ]


def build(population: pl.DataFrame, base: pl.Series, proposal: pl.Series) -> dict[str, Any]:
    """Every figure of the report, JSON-ready (cents as integers)."""
    frame = population.with_columns(
        basis=base.fill_null(0).cast(pl.Int64),
        voorstel=proposal.fill_null(0).cast(pl.Int64),
        _geen_basis=base.is_null(),
        _geen_voorstel=proposal.is_null(),
        _rij=pl.int_range(1, population.height + 1, dtype=pl.Int64),
    ).with_columns(verschil=pl.col("voorstel") - pl.col("basis"))
    counted = frame.filter(pl.col("aanvrager").fill_null(True)) if "aanvrager" in frame.columns else frame
    diff = pl.col("verschil")
    totals = counted.select(
        pl.len().alias("personen"),
        pl.col("basis").sum().alias("basis"),
        pl.col("voorstel").sum().alias("voorstel"),
        diff.sum().alias("verschil"),
        (pl.col("basis") > 0).sum().alias("ontvangers_basis"),
        (pl.col("voorstel") > 0).sum().alias("ontvangers_voorstel"),
        pl.col("_geen_basis").sum().alias("zonder_uitkomst_basis"),
        pl.col("_geen_voorstel").sum().alias("zonder_uitkomst_voorstel"),
        *_sign_counts(diff),
    ).row(0, named=True)
    households = None
    if "huishouden" in counted.columns:
        per_household = counted.group_by("huishouden").agg(diff.sum())
        households = per_household.select(pl.len().alias("huishoudens"), *_sign_counts(diff)).row(
            0, named=True
        )
    groups: list[dict[str, Any]] = []
    for key, title, columns in BREAKDOWNS:
        if not all(c in counted.columns for c in columns):
            columns = columns[-1:]
            if columns[0] not in counted.columns:
                continue
        table = (
            counted.group_by(list(columns))
            .agg(
                pl.len().alias("personen"),
                pl.col("basis").sum(),
                pl.col("voorstel").sum(),
                diff.sum(),
                *_sign_counts(diff),
            )
            .sort(columns[0])
        )
        rows = []
        for row in table.iter_rows(named=True):
            rows.append(
                {
                    "groep": _label(key, row[columns[-1]]),
                    "code": str(row[columns[0]]),
                    "personen": row["personen"],
                    "basis": row["basis"],
                    "voorstel": row["voorstel"],
                    "verschil": row["verschil"],
                    "gemiddeld": round(row["verschil"] / row["personen"]) if row["personen"] else 0,
                    "vooruit": row["vooruit"],
                    "achteruit": row["achteruit"],
                    "gelijk": row["gelijk"],
                }
            )
        groups.append({"sleutel": key, "titel": title, "rijen": rows})
    changed = counted.filter(diff != 0)
    largest = (
        changed.with_columns(_abs=diff.abs()).sort(["_abs", "_rij"], descending=[True, False]).head(LARGEST)
    )
    keep = [c for c in ("huishoudtype", "gemeente", "leeftijd", "inkomensdecile") if c in largest.columns]
    return {
        "personen_in_populatie": population.height,
        "totaal": {k: int(v) for k, v in totals.items()},
        "huishoudens": {k: int(v) for k, v in households.items()} if households else None,
        "histogram": _histogram(changed.get_column("verschil")),
        "indelingen": groups,
        "grootste": [
            {
                "rij": row["_rij"],
                **{k: (_label(k, row[k]) if k == "huishoudtype" else row[k]) for k in keep},
                "basis": row["basis"],
                "voorstel": row["voorstel"],
                "verschil": row["verschil"],
            }
            for row in largest.iter_rows(named=True)
        ],
    }


def euro(cents: int | None) -> str:
    """``€ 1.234,56`` (also negative), from cents."""
    if cents is None:
        return "onbekend"
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def csv_rows(report: dict[str, Any]) -> list[list[str]]:
    """The report as CSV rows (amounts in euro with a decimal point, for spreadsheets)."""

    def amount(cents: int) -> str:
        sign = "-" if cents < 0 else ""
        whole, rest = divmod(abs(int(cents)), 100)
        return f"{sign}{whole}.{rest:02d}"

    header = [
        "indeling",
        "groep",
        "code",
        "personen",
        "basis_euro",
        "voorstel_euro",
        "verschil_euro",
        "gemiddeld_verschil_euro",
        "erop_vooruit",
        "erop_achteruit",
        "gelijk",
    ]
    total = report["totaal"]
    rows = [
        header,
        [
            "totaal",
            "Alle personen",
            "",
            str(total["personen"]),
            amount(total["basis"]),
            amount(total["voorstel"]),
            amount(total["verschil"]),
            amount(round(total["verschil"] / total["personen"]) if total["personen"] else 0),
            str(total["vooruit"]),
            str(total["achteruit"]),
            str(total["gelijk"]),
        ],
    ]
    for group in report["indelingen"]:
        for row in group["rijen"]:
            rows.append(
                [
                    group["sleutel"],
                    row["groep"],
                    row["code"],
                    str(row["personen"]),
                    amount(row["basis"]),
                    amount(row["voorstel"]),
                    amount(row["verschil"]),
                    amount(row["gemiddeld"]),
                    str(row["vooruit"]),
                    str(row["achteruit"]),
                    str(row["gelijk"]),
                ]
            )
    return rows
