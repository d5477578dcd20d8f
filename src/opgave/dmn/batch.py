"""Evaluate a DMN model over a population file, chunk by chunk: ``opgave dmn batch``.

A population (Parquet, CSV or JSON Lines) is read in chunks of ``chunk_size`` rows, each chunk is
checked against the model's input data (a missing column, a wrong type or an unparsable value is a
:class:`BatchError` that names the column and the 1-based data row), evaluated with
``Model.evaluate_frame`` and appended to a temporary output, which is renamed to the requested
name only when every chunk succeeded. So a population larger than memory works, and a failed run
leaves no half-written file behind.

Numbers stay exact end to end: CSV cells and JSON numbers are read as decimal text (never via a
binary float), and are written back as decimal text (CSV, JSONL) or as a Parquet ``Decimal(38, s)``
column (``s`` the largest scale of that decision over all chunks). A float column in a Parquet input
is read through each float's shortest text, as ``Model.evaluate`` reads a JSON float.

With ``dask_address`` the same evaluation runs on a Dask cluster (``dask.distributed``): the
Parquet input is split into pieces of ``chunk_size`` rows, every piece is evaluated by a worker,
and the results are written here, in the input's row order. Free of Django (import-linter).
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import glob
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import polars as pl

from opgave.dmn.jsonvalues import dumps

if TYPE_CHECKING:
    from opgave.dmn.api import Model

#: Rows per chunk when the caller does not say.
DEFAULT_CHUNK_SIZE = 100_000

FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

_NUMBER = r"^[+-]?[0-9]+(\.[0-9]+)?$"
_BOOLEANS = {"true": True, "false": False}


class BatchError(Exception):
    """A problem with the population or the output, with a Dutch message for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Summary:
    rows: int
    chunks: int
    output: Path


def file_format(path: Path) -> str:
    """``parquet``, ``csv`` or ``jsonl`` from the file name (a directory holds Parquet parts)."""
    if path.is_dir():
        return "parquet"
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise BatchError(
            f"'{path.name}' heeft een onbekend formaat; gebruik .parquet, .csv of .jsonl (of .ndjson)"
        )
    return found


def input_kinds(model: Model) -> dict[str, str | None]:
    """Each input data name with its base type (number, string, boolean, date) or None (any other)."""
    from opgave.dmn.runtime.types import BuiltinType, ConstrainedType, LazyType

    kinds: dict[str, str | None] = {}
    for node in model._main.inputs.values():
        declared = node.type
        while isinstance(declared, (LazyType, ConstrainedType)):
            declared = declared.target if isinstance(declared, LazyType) else declared.base
        name = declared.name if isinstance(declared, BuiltinType) else None
        kinds[node.name] = name if name in ("number", "string", "boolean", "date") else None
    return kinds


# ------------------------------------------------------------------------------ reading


def _row(offset: int, index: int) -> int:
    return offset + index + 1


def _first(mask: pl.Series) -> int:
    return int(mask.arg_true()[0])


def _wrong_type(column: str, series: pl.Series, offset: int, expected: str) -> BatchError:
    present = series.is_not_null()
    row = _row(offset, _first(present)) if present.any() else offset + 1
    return BatchError(
        f"kolom '{column}', rij {row}: verwacht {expected}, maar de kolom heeft type {series.dtype}"
    )


def _numbers(column: str, series: pl.Series, offset: int) -> pl.Series:
    """Decimal text (or float) to an exact Decimal column; an unparsable cell is a BatchError."""
    if series.dtype.is_float():
        finite = series.is_null() | series.is_finite()
        if not finite.all():
            row = _row(offset, _first(~finite))
            raise BatchError(f"kolom '{column}', rij {row}: '{series[row - offset - 1]}' is geen getal")
        series = series.map_elements(
            lambda x: format(decimal.Decimal(repr(x)), "f"), return_dtype=pl.String, skip_nulls=True
        )
    text = series.str.strip_chars()
    bad = text.is_not_null() & ~text.str.contains(_NUMBER)
    if bad.any():
        index = _first(bad)
        raise BatchError(
            f"kolom '{column}', rij {_row(offset, index)}: '{series[index]}' is geen getal "
            "(schrijf een decimaal getal met een punt, zoals 1234.56)"
        )
    fraction = text.str.extract(r"\.([0-9]+)$").str.len_chars().fill_null(0)
    digits = text.str.replace(r"^[+-]?0*", "").str.replace(".", "", literal=True).str.len_chars()
    scale = int(fraction.max() or 0)  # type: ignore[arg-type]
    too_long = (digits - fraction + scale) > 38
    if too_long.any():
        index = _first(too_long.fill_null(False))
        raise BatchError(
            f"kolom '{column}', rij {_row(offset, index)}: '{series[index]}' heeft meer dan 38 cijfers"
        )
    return text.cast(pl.Decimal(38, scale)).alias(column)


def _typed(frame: pl.DataFrame, kinds: dict[str, str | None], offset: int) -> pl.DataFrame:
    """The chunk's input columns as the engine expects them; errors name the column and the row."""
    missing = [name for name in kinds if name not in frame.columns]
    if missing:
        raise BatchError(
            f"kolom '{missing[0]}' ontbreekt (vanaf rij {offset + 1}): het model heeft dit invoergegeven nodig"
        )
    columns: list[pl.Series] = []
    for name, kind in kinds.items():
        series = frame.get_column(name)
        dtype = series.dtype
        if dtype == pl.Null or kind is None:
            columns.append(series)
        elif kind == "number":
            if dtype.is_integer() or isinstance(dtype, pl.Decimal):
                columns.append(series)
            elif dtype == pl.String or dtype.is_float():
                columns.append(_numbers(name, series, offset))
            else:
                raise _wrong_type(name, series, offset, "een getal")
        elif kind == "boolean":
            if dtype == pl.Boolean:
                columns.append(series)
            elif dtype == pl.String:
                text = series.str.strip_chars().str.to_lowercase()
                bad = text.is_not_null() & ~text.is_in(list(_BOOLEANS))
                if bad.any():
                    index = _first(bad)
                    raise BatchError(
                        f"kolom '{name}', rij {_row(offset, index)}: '{series[index]}' is geen "
                        "waar/onwaar (schrijf true of false)"
                    )
                columns.append((text == "true").alias(name))
            else:
                raise _wrong_type(name, series, offset, "true of false")
        elif kind == "date":
            if dtype == pl.Date:
                columns.append(series)
            elif dtype == pl.String:
                text = series.str.strip_chars()
                parsed = text.str.to_date("%Y-%m-%d", strict=False)
                bad = text.is_not_null() & (parsed.is_null() | (parsed.dt.to_string("%Y-%m-%d") != text))
                if bad.fill_null(True).any():
                    index = _first(bad.fill_null(True))
                    raise BatchError(
                        f"kolom '{name}', rij {_row(offset, index)}: '{series[index]}' is geen datum "
                        "(schrijf JJJJ-MM-DD)"
                    )
                columns.append(parsed.alias(name))
            else:
                raise _wrong_type(name, series, offset, "een datum")
        elif dtype == pl.String:
            columns.append(series)
        else:
            raise _wrong_type(name, series, offset, "tekst")
    return pl.DataFrame(columns, height=frame.height)


def _polars_error(path: Path, exc: Exception) -> BatchError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return BatchError(f"'{path.name}' is niet te lezen: {first}")


def _frames(path: Path, kind: str, chunk_size: int, kinds: dict[str, str | None]) -> Iterator[pl.DataFrame]:
    if kind == "jsonl":
        yield from _jsonl_frames(path, chunk_size, kinds)
        return
    try:
        if kind == "csv":
            lazy = pl.scan_csv(path, infer_schema=False)
        else:
            lazy = pl.scan_parquet(_parquet_files(path) if path.is_dir() else path)
        yield from lazy.collect_batches(chunk_size=chunk_size)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise _polars_error(path, exc) from None


def _jsonl_frames(path: Path, chunk_size: int, kinds: dict[str, str | None]) -> Iterator[pl.DataFrame]:
    rows: list[dict[str, Any]] = []
    number = 0
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                number += 1
                try:
                    value = json.loads(line, parse_float=decimal.Decimal, parse_constant=_no_constant)
                except ValueError as exc:
                    raise BatchError(f"rij {number}: geen geldige JSON ({exc})") from None
                if not isinstance(value, dict):
                    raise BatchError(f"rij {number}: verwacht een JSON-object per regel")
                rows.append(value)
                if len(rows) == chunk_size:
                    yield _jsonl_frame(rows, number - len(rows), kinds)
                    rows = []
    except OSError as exc:
        raise BatchError(f"'{path.name}' is niet te lezen: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BatchError(f"'{path.name}' is geen UTF-8-tekst") from None
    if rows or number == 0:
        yield _jsonl_frame(rows, number - len(rows), kinds)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is geen JSON-getal")


_JSON_KINDS: dict[str, tuple[tuple[type, ...], str]] = {
    "number": ((int, decimal.Decimal), "een getal"),
    "boolean": ((bool,), "true of false"),
    "string": ((str,), "tekst"),
    "date": ((str,), "een datum als tekst (JJJJ-MM-DD)"),
}


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, decimal.Decimal)):
        return "een getal"
    if isinstance(value, str):
        return "tekst"
    return "een lijst" if isinstance(value, list) else "een object"


def _jsonl_frame(rows: list[dict[str, Any]], offset: int, kinds: dict[str, str | None]) -> pl.DataFrame:
    # Every key becomes a column; numbers become decimal text, checked and converted by _typed.
    from opgave.dmn.vector.frames import to_series

    keys: list[str] = []
    for row in rows:
        for key in row:
            if key not in keys:
                keys.append(key)
    columns: list[pl.Series] = []
    for key in keys:
        values = [row.get(key, _ABSENT) for row in rows]
        for index, value in enumerate(values):
            if value is _ABSENT:
                raise BatchError(
                    f"kolom '{key}', rij {_row(offset, index)}: de waarde ontbreekt (schrijf null)"
                )
            expected = _JSON_KINDS.get(kinds.get(key) or "")
            if (
                expected is not None
                and value is not None
                and (
                    not isinstance(value, expected[0])
                    or (isinstance(value, bool) and bool not in expected[0])
                )
            ):
                raise BatchError(
                    f"kolom '{key}', rij {_row(offset, index)}: verwacht {expected[1]}, maar de waarde is {_json_kind(value)}"
                )
        found = {type(v) for v in values if v is not None}
        if found and found <= {int, decimal.Decimal}:
            columns.append(
                pl.Series(key, [None if v is None else format(decimal.Decimal(v), "f") for v in values])
            )
        elif found <= {str} or found <= {bool}:
            columns.append(pl.Series(key, values))
        elif found & {dict, list}:
            columns.append(to_series(key, values))
        else:  # mixed kinds: as text, so the check names the row that does not fit
            columns.append(
                pl.Series(
                    key,
                    [
                        None if v is None else (json.dumps(v) if isinstance(v, bool) else str(v))
                        for v in values
                    ],
                )
            )
    return pl.DataFrame(columns, height=len(rows))


_ABSENT = object()


def _parquet_files(path: Path) -> list[str]:
    if path.is_dir():
        files = sorted(str(p) for p in path.rglob("*.parquet"))
    elif any(ch in str(path) for ch in "*?["):
        files = sorted(glob.glob(str(path), recursive=True))
    else:
        files = [str(path)]
    if not files:
        raise BatchError(f"'{path}' bevat geen Parquet-bestanden")
    return files


# ------------------------------------------------------------------------------ writing


def _plain(frame: pl.DataFrame, *, text: bool) -> pl.DataFrame:
    """Output columns a file can hold: Object columns (and, for CSV, nested ones) as JSON text."""
    columns: list[pl.Series] = []
    for series in frame.get_columns():
        dtype = series.dtype
        if dtype == pl.Object or (text and isinstance(dtype, (pl.Struct, pl.List))):
            columns.append(
                pl.Series(
                    series.name, [None if v is None else dumps(v, indent=None) for v in series.to_list()]
                )
            )
        elif text and isinstance(dtype, pl.Decimal):
            columns.append(series.cast(pl.String))
        else:
            columns.append(series)
    return pl.DataFrame(columns, height=frame.height)


class _Sink:
    """A temporary output, renamed to ``target`` by :meth:`commit`; removed by :meth:`discard`."""

    def __init__(self, target: Path, kind: str) -> None:
        self.target = target
        self.kind = kind
        self.rows = 0
        self.chunks = 0
        directory = target.parent if str(target.parent) else Path(".")
        if not directory.is_dir():
            raise BatchError(f"de map '{directory}' voor de uitvoer bestaat niet")
        self.work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory))
        self.handle: IO[str] | None = None
        if kind in ("csv", "jsonl"):
            self.handle = (self.work / "out").open("w", encoding="utf-8", newline="")

    def write(self, frame: pl.DataFrame) -> None:
        if self.kind == "parquet":
            _plain(frame, text=False).write_parquet(self.work / f"part-{self.chunks:06d}.parquet")
        elif self.kind == "csv":
            assert self.handle is not None
            _plain(frame, text=True).write_csv(self.handle, include_header=self.chunks == 0)
        else:
            assert self.handle is not None
            for row in frame.iter_rows(named=True):
                self.handle.write(dumps(row, indent=None) + "\n")
        self.rows += frame.height
        self.chunks += 1

    def commit(self) -> Path:
        if self.handle is not None:
            self.handle.close()
            os.replace(self.work / "out", self.target)
        else:
            self._combine_parquet()
        shutil.rmtree(self.work, ignore_errors=True)
        return self.target

    def _combine_parquet(self) -> None:
        parts = sorted(self.work.glob("part-*.parquet"))
        if not parts:
            pl.DataFrame().write_parquet(self.work / "out.parquet")
        else:
            schemas = [pl.read_parquet_schema(p) for p in parts]
            names = list(schemas[0])
            target = {name: _unify([s[name] for s in schemas]) for name in names}
            lazy = pl.concat(
                [
                    pl.scan_parquet(p).select(
                        [pl.col(n).cast(target[n]) if s[n] != target[n] else pl.col(n) for n in names]
                    )
                    for p, s in zip(parts, schemas, strict=True)
                ]
            )
            lazy.sink_parquet(self.work / "out.parquet")
        os.replace(self.work / "out.parquet", self.target)

    def discard(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
        shutil.rmtree(self.work, ignore_errors=True)


def _unify(dtypes: list[Any]) -> Any:
    """One Parquet column type for a decision over all chunks (a null-only chunk takes any type)."""
    found = [d for d in dtypes if d != pl.Null]
    if not found:
        return pl.Null()
    if all(isinstance(d, pl.Decimal) for d in found):
        return pl.Decimal(38, max(d.scale or 0 for d in found))
    if all(d == found[0] for d in found):
        return found[0]
    return pl.String()


# ------------------------------------------------------------------------------ running


def _evaluate(
    model: Model,
    frame: pl.DataFrame,
    kinds: dict[str, str | None],
    offset: int,
    decisions: Sequence[str] | None,
    messages: str | None,
) -> pl.DataFrame:
    from opgave.dmn.errors import DmnError

    typed = _typed(frame, kinds, offset)
    try:
        return model.evaluate_frame(typed, decisions, messages=messages)
    except DmnError as exc:
        raise BatchError(str(exc)) from None


def run_batch(
    model: Model,
    source: Path,
    target: Path,
    decisions: Sequence[str] | None = None,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    messages: str | None = None,
    dask_address: str | None = None,
    model_source: bytes | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> Summary:
    """Evaluate ``decisions`` (default all) for every row of ``source``; write ``target`` whole or not at all.

    ``progress(rows_done, rows_total_or_None)`` is called after every chunk. With ``dask_address``,
    the workers load the model from ``model_source`` (the model file's bytes).
    """
    if chunk_size < 1:
        raise BatchError("de chunkgrootte moet minstens 1 zijn")
    in_kind = file_format(source)
    out_kind = file_format(target) if not target.is_dir() else "parquet"
    if target.is_dir():
        raise BatchError(f"'{target}' is een map; geef een bestandsnaam voor de uitvoer")
    if not source.exists() and not any(ch in str(source) for ch in "*?["):
        raise BatchError(f"'{source}' bestaat niet")
    names = None if decisions is None else list(decisions)
    if names is not None:
        known = set(model.decision_names)
        for name in names:
            if name not in known:
                raise BatchError(f"het model heeft geen beslissing '{name}'")
    kinds = input_kinds(model)
    sink = _Sink(target, out_kind)
    try:
        if dask_address is not None:
            if in_kind != "parquet":
                raise BatchError("met --dask moet de invoer Parquet zijn (een bestand of een map met delen)")
            if model_source is None:
                raise BatchError("met --dask is de tekst van het model nodig")
            _run_dask(dask_address, model_source, source, sink, names, messages, chunk_size, progress)
        else:
            total = _parquet_rows(source) if in_kind == "parquet" else None
            offset = 0
            for frame in _frames(source, in_kind, chunk_size, kinds):
                if frame.height == 0 and offset:
                    continue
                sink.write(_evaluate(model, frame, kinds, offset, names, messages))
                offset += frame.height
                if progress is not None:
                    progress(offset, total)
        written = sink.commit()
    except BaseException:
        sink.discard()
        raise
    return Summary(rows=sink.rows, chunks=sink.chunks, output=written)


def _parquet_rows(path: Path) -> int | None:
    try:
        return int(pl.scan_parquet(_parquet_files(path)).select(pl.len()).collect().item())
    except (pl.exceptions.PolarsError, OSError):
        return None


# ------------------------------------------------------------------------------ Dask


@dataclass(frozen=True)
class Piece:
    file: str
    start: int
    length: int
    offset: int  # rows before this piece in the whole population


def pieces(source: Path, chunk_size: int) -> list[Piece]:
    """The population split into pieces of at most ``chunk_size`` rows, file by file, in row order."""
    found: list[Piece] = []
    offset = 0
    for file in _parquet_files(source):
        try:
            rows = int(pl.scan_parquet(file).select(pl.len()).collect().item())
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise _polars_error(Path(file), exc) from None
        for start in range(0, rows, chunk_size):
            length = min(chunk_size, rows - start)
            found.append(Piece(file, start, length, offset + start))
        offset += rows
    return found


@functools.lru_cache(maxsize=4)
def _worker_model(model_source: bytes) -> Model:
    from opgave.dmn.api import load_model

    return load_model(model_source)


def evaluate_piece(
    model_source: bytes, piece: Piece, decisions: list[str] | None, messages: str | None
) -> pl.DataFrame:
    """Run on a Dask worker: read one piece of the Parquet population and evaluate it."""
    model = _worker_model(model_source)
    try:
        frame = pl.scan_parquet(piece.file).slice(piece.start, piece.length).collect()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise _polars_error(Path(piece.file), exc) from None
    result = _evaluate(model, frame, input_kinds(model), piece.offset, decisions, messages)
    return _plain(result, text=False)


def _run_dask(
    address: str,
    model_source: bytes,
    source: Path,
    sink: _Sink,
    decisions: list[str] | None,
    messages: str | None,
    chunk_size: int,
    progress: Callable[[int, int | None], None] | None,
) -> None:
    import distributed

    connect: Any = distributed.Client  # untyped library

    work = pieces(source, chunk_size)
    total = sum(p.length for p in work)
    try:
        client = connect(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise BatchError(f"geen verbinding met de Dask-scheduler op {address}: {exc}") from None
    with client:
        shared = client.scatter(model_source, broadcast=True)
        futures = [
            client.submit(
                evaluate_piece, shared, p, decisions, messages, key=f"opgave-dmn-{i}-{p.offset}", pure=False
            )
            for i, p in enumerate(work)
        ]
        done = 0
        try:
            for future, piece in zip(futures, work, strict=True):
                sink.write(future.result())
                future.release()
                done += piece.length
                if progress is not None:
                    progress(done, total)
        finally:
            client.cancel(futures)
