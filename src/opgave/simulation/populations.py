"""Reading and checking a population file (CSV or Parquet) against the inputs of a rule set.

:func:`read` returns a typed Polars frame or raises :class:`~opgave.core.exceptions.Invalid`
whose ``errors`` name the **column** and the **row** (1 = the first data row; in a CSV that is
line 2) of each problem, at most :data:`MAX_ERRORS` of them. Nothing is stored here; the service
stores the checked frame in one transaction, so a refused file leaves nothing behind.

What is checked, per input of the JSON schema of the versions to simulate (open terms excepted):
the column exists; every value has the type (number, yes/no, text, date) and stays within the
allowed values (``minimum``/``maximum``/``enum``); an empty value only where the schema allows
null. Only the input columns and the known grouping columns (:data:`GROUPING`) are kept: any other
column (a name, a citizen service number) is dropped before anything is stored.
"""

from __future__ import annotations

import io
from typing import Any

import polars as pl

from opgave.core.exceptions import Invalid, TooLarge

MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 5_000_000
MAX_ERRORS = 20
GROUPING = (
    "huishouden",
    "huishoudtype",
    "inkomensdecile",
    "gemeentecode",
    "gemeente",
    "provincie",
    "aanvrager",
)
_TRUE = {"true", "ja", "j", "1", "waar", "yes"}
_FALSE = {"false", "nee", "n", "0", "onwaar", "no"}


def _kind(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "string" and schema.get("format") == "date":
        return "date"
    return str(kind or "string")


def _raw(content: bytes, filename: str) -> pl.DataFrame:
    name = filename.lower()
    try:
        if name.endswith(".parquet"):
            frame = pl.read_parquet(io.BytesIO(content))
            return frame.with_columns(pl.all().cast(pl.String))
        if name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            first = text.split("\n", 1)[0]
            separator = ";" if first.count(";") > first.count(",") else ","
            return pl.read_csv(io.StringIO(text), infer_schema_length=0, separator=separator)
    except UnicodeDecodeError:
        raise Invalid(
            "Het bestand is geen UTF-8-tekst.",
            [{"field": "bestand", "message": "Sla het CSV-bestand op als UTF-8."}],
        ) from None
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise Invalid(
            "Het bestand kan niet worden gelezen.",
            [
                {
                    "field": "bestand",
                    "message": f"Geen geldig {'Parquet' if name.endswith('.parquet') else 'CSV'}-bestand ({str(exc).splitlines()[0][:200]}).",
                }
            ],
        ) from None
    raise Invalid(
        "Alleen CSV- en Parquet-bestanden kunnen worden ingelezen.",
        [{"field": "bestand", "message": "Gebruik een bestand dat eindigt op .csv of .parquet."}],
    )


def _column(
    raw: pl.Series, name: str, schema: dict[str, Any], nullable: bool, errors: list[dict[str, str]]
) -> pl.Series:
    kind = _kind(schema)
    text = raw.str.strip_chars()
    empty = text.is_null() | (text == "")
    if kind == "number":
        value = text.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        integers = text.cast(pl.Int64, strict=False)
        bad = ~empty & value.is_null()
        message = "is geen getal"
    elif kind == "boolean":
        lowered = text.str.to_lowercase()
        value = pl.select(
            pl.when(lowered.is_in(list(_TRUE)))
            .then(True)
            .when(lowered.is_in(list(_FALSE)))
            .then(False)
            .otherwise(None)
        ).to_series()
        bad = ~empty & value.is_null()
        message = "is geen ja of nee (gebruik true/false, ja/nee of 1/0)"
    elif kind == "date":
        value = text.str.to_date("%Y-%m-%d", strict=False)
        bad = ~empty & value.is_null()
        message = "is geen datum (JJJJ-MM-DD)"
    else:
        value = raw
        bad = pl.Series([False] * len(raw))
        message = ""
    for index in bad.arg_true().head(MAX_ERRORS).to_list():
        errors.append(
            {
                "field": name,
                "row": str(index + 1),
                "message": f"Rij {index + 1}, kolom '{name}': '{raw[index]}' {message}.",
            }
        )
    if not nullable:
        for index in empty.arg_true().head(MAX_ERRORS).to_list():
            errors.append(
                {
                    "field": name,
                    "row": str(index + 1),
                    "message": f"Rij {index + 1}, kolom '{name}' is leeg; een waarde is verplicht.",
                }
            )
    if kind == "number":
        checks = [
            ("minimum", lambda v, b: v < b, "kleiner dan het minimum"),
            ("exclusiveMinimum", lambda v, b: v <= b, "niet groter dan"),
            ("maximum", lambda v, b: v > b, "groter dan het maximum"),
            ("exclusiveMaximum", lambda v, b: v >= b, "niet kleiner dan"),
        ]
        for key, test, words in checks:
            if key in schema:
                for index in test(value, schema[key]).fill_null(False).arg_true().head(MAX_ERRORS).to_list():
                    errors.append(
                        {
                            "field": name,
                            "row": str(index + 1),
                            "message": f"Rij {index + 1}, kolom '{name}': {raw[index]} is {words} {schema[key]}.",
                        }
                    )
        exact = (integers.is_not_null() | empty).all()
        return (integers if exact else value).alias(name)
    if kind == "string" and "enum" in schema:
        outside = ~empty & ~text.is_in(schema["enum"])
        for index in outside.arg_true().head(MAX_ERRORS).to_list():
            errors.append(
                {
                    "field": name,
                    "row": str(index + 1),
                    "message": f"Rij {index + 1}, kolom '{name}': '{raw[index]}' is niet toegestaan ({', '.join(schema['enum'])}).",
                }
            )
    return value.alias(name)


def read(content: bytes, filename: str, schemas: list[dict[str, Any]]) -> pl.DataFrame:
    """The checked, typed population; ``schemas`` are the input schemas of the versions it must fit."""
    if len(content) > MAX_BYTES:
        raise TooLarge(
            f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB; gebruik de opdrachtregel (opgave simulate)."
        )
    raw = _raw(content, filename)
    if raw.height == 0:
        raise Invalid(
            "Het bestand bevat geen rijen.",
            [{"field": "bestand", "message": "Geen enkele persoon gevonden."}],
        )
    if raw.height > MAX_ROWS:
        raise TooLarge(f"Het bestand heeft meer dan {MAX_ROWS:,} rijen.".replace(",", "."))
    raw = raw.rename({c: c.strip() for c in raw.columns})
    properties: dict[str, dict[str, Any]] = {}
    required: set[str] = set()
    for schema in schemas:
        properties.update(schema.get("properties", {}))
        required |= set(schema.get("required", []))
    errors: list[dict[str, str]] = []
    missing = [name for name in properties if name in required and name not in raw.columns]
    for name in missing:
        errors.append({"field": name, "row": "", "message": f"De kolom '{name}' ontbreekt."})
    columns: list[pl.Series] = []
    for name, schema in properties.items():
        if name in raw.columns:
            columns.append(_column(raw.get_column(name), name, schema, name not in required, errors))
    if errors:
        shown = errors[:MAX_ERRORS]
        more = f" (en meer; de eerste {MAX_ERRORS} staan hieronder)" if len(errors) > MAX_ERRORS else ""
        raise Invalid(
            f"Het bestand past niet bij de invoer van de regelset: {len(errors)} {'probleem' if len(errors) == 1 else 'problemen'}{more}. "
            + shown[0]["message"],
            shown,
        )
    extra: list[pl.Series] = []
    for name in GROUPING:
        if name in raw.columns and name not in properties:
            series = raw.get_column(name)
            if name in ("huishouden", "inkomensdecile"):
                series = series.cast(pl.Int64, strict=False)
            elif name == "aanvrager":
                series = series.str.to_lowercase().is_in(list(_TRUE))
            extra.append(series.alias(name))
    return pl.DataFrame([*columns, *extra])


def to_parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd")
    return buffer.getvalue()


def from_parquet(data: bytes) -> pl.DataFrame:
    return pl.read_parquet(io.BytesIO(data))
