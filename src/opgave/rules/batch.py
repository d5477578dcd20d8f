"""Evaluating many cases at once (the batch endpoint), in chunks, columnar where the engine can.

A batch evaluates every row with the one version (and variant version) valid on the batch's date.
Rows arrive as ``(row number, inputs or an error text)`` and leave in chunks of
:data:`CHUNK_ROWS`, in order:

1. each row is checked against the version's input schema — a fast check for flat schemas
   (:func:`opgave.rules.inputschema.quick_check`), the full validator only for rows it does not
   pass, to name the field; a bad row becomes an error row, never a failed batch;
2. the good rows of a chunk are evaluated together with
   :meth:`opgave.dmn.Model.evaluate_frame` (columnar; every value equals the per-case engine's).
   When a column cannot be built exactly (a number beyond 38 digits, mixed types, nested inputs),
   an output is not a plain number, text or boolean, or the columnar evaluation fails, the chunk
   is evaluated case by case instead — same results, slower;
3. every good row gets its own signed receipt (:class:`opgave.rules.receipts.Issuer`: the same
   receipt :func:`opgave.rules.receipts.issue` makes, one HMAC per row);
4. before a chunk is handed on, **one** processing-log record is appended for it: the processing
   activity, the caller, and as data subject the SHA-256 over the chunk's receipt signatures in
   row order — never an input. A client that stops reading halfway leaves a record for every
   chunk it was sent.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from django.http import HttpRequest
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.dmn.jsonvalues import to_json
from opgave.rules import evaluation, inputschema, receipts
from opgave.rules.models import RuleSet

CHUNK_ROWS = 5000
logger = logging.getLogger(__name__)


class Row(NamedTuple):
    """One row of the answer: an error, or the receipt parts of one evaluation."""

    number: int
    error: str = ""
    receipt_id: str = ""
    inputs_hash: str = ""
    outputs: dict[str, Any] | None = None  # numbers as normalised text (receipts.plain)
    outputs_json: str = ""  # the canonical JSON of ``outputs``, as signed
    signature: str = ""


class Batch:
    """A batch for one rule set, date and variant. Creating it checks the permission and picks the
    version (so "no version on this date" is a 404 before anything streams); :meth:`chunks`
    evaluates."""

    def __init__(
        self,
        rule_set: RuleSet,
        *,
        actor: Actor,
        day: dt.date | None = None,
        variant_id: str | None = None,
        request: HttpRequest | None = None,
        chunk_rows: int = CHUNK_ROWS,
    ) -> None:
        evaluation.check(actor, rule_set)
        self.rule_set, self.actor, self.request = rule_set, actor, request
        self.day = day or timezone.localdate()
        self.version, self.variant, self.variant_version = evaluation.resolve(
            rule_set, day=self.day, variant_id=variant_id
        )
        self.terms, _ = evaluation.open_term_values(rule_set, self.variant_version)
        self.prepared = evaluation.prepare(self.version, self.terms)
        self.decisions = list(self.prepared.top)
        self.inputs = list(self.prepared.schema.get("properties", {}))
        self.chunk_rows = max(1, chunk_rows)
        self.columnar_rows = 0  # how many rows the columnar path answered (for tests and benchmarks)

    def _issuer(self) -> receipts.Issuer:
        return receipts.Issuer(
            rule_set_id=str(self.rule_set.uuid),
            version=self.version.number,
            model_hash=self.version.model_hash,
            variant_id=str(self.variant.uuid) if self.variant else None,
            variant_version=self.variant_version.number if self.variant_version else None,
            day=self.day,
            decisions=self.decisions,
            at=timezone.now(),
        )

    def receipt_json(self, issuer: receipts.Issuer, row: Row) -> str:
        return issuer.receipt_json(row.receipt_id, row.inputs_hash, row.outputs_json, row.signature)

    def chunks(self, rows: Iterable[tuple[int, Any]]) -> Iterator[tuple[receipts.Issuer, list[Row]]]:
        """Evaluate ``rows`` and yield ``(issuer, rows)`` per chunk, in order (the issuer renders
        the receipts of that chunk)."""
        chunk: list[tuple[int, Any]] = []
        for item in rows:
            chunk.append(item)
            if len(chunk) >= self.chunk_rows:
                yield self._chunk(chunk)
                chunk = []
        if chunk:
            yield self._chunk(chunk)

    # -------------------------------------------------------------------------------- a chunk

    def _valid(self, inputs: Any) -> str:
        """'' when ``inputs`` fits the schema, else the Dutch problems for the error row."""
        if self.prepared.quick is not None and self.prepared.quick(inputs):
            return ""
        problems = inputschema.field_errors(self.prepared.schema, inputs, self.prepared.validator)
        return "; ".join(f"{p['field']}: {p['message']}" for p in problems)

    def _chunk(self, chunk: list[tuple[int, Any]]) -> tuple[receipts.Issuer, list[Row]]:
        answers: list[Row | None] = []
        good: list[tuple[int, dict[str, Any]]] = []
        for number, inputs in chunk:
            problem = inputs if isinstance(inputs, str) else self._valid(inputs)
            if problem:
                answers.append(Row(number, error=problem))
            else:
                answers.append(None)
                good.append((len(answers) - 1, inputs))
        outputs = self._columnar([inputs for _, inputs in good]) if good else []
        if outputs is None:
            outputs = [self._per_case(inputs) for _, inputs in good]
        else:
            self.columnar_rows += len(good)
        issuer = self._issuer()
        digest = hashlib.sha256()
        ids = _receipt_ids(len(good))
        for (place, inputs), result, receipt_id in zip(good, outputs, ids, strict=True):
            number = chunk[place][0]
            if isinstance(result, str):
                answers[place] = Row(number, error=result)
                continue
            inputs_hash = _inputs_hash(inputs)
            outputs_json = issuer.outputs_json(result)
            signature = issuer.sign(receipt_id, inputs_hash, outputs_json)
            digest.update(signature.encode())
            answers[place] = Row(number, "", receipt_id, inputs_hash, result, outputs_json, signature)
        done = [row for row in answers if row is not None]
        evaluated = sum(1 for row in done if not row.error)
        if evaluated:
            first, last = done[0].number, done[-1].number
            evaluation.log(
                self.actor,
                self.request,
                digest.hexdigest(),
                f"regels.evalueren batch: {evaluated} bonnen (rij {first} tot en met {last})",
            )
        return issuer, done

    def _per_case(self, inputs: dict[str, Any]) -> dict[str, Any] | str:
        given = {**evaluation.exact(inputs), **self.terms}
        try:
            return {
                name: receipts.plain(
                    to_json(self.prepared.model.evaluate(name, given, convert=True).value, exact=True)
                )
                for name in self.decisions
            }
        except Exception:  # an engine failure on one row must not end the batch
            logger.exception("rules batch: evaluating one row failed")
            return "de engine kon deze rij niet evalueren"

    def _columnar(self, rows: list[dict[str, Any]]) -> list[dict[str, Any] | str] | None:
        """The plain outputs of every row via ``evaluate_frame``, or None to go case by case."""
        try:
            import polars as pl

            columns: dict[str, Any] = {}
            for name in self.inputs:
                series = _series(name, [row.get(name) for row in rows])
                if series is None:
                    return None
                columns[name] = series
            for name, value in self.terms.items():
                series = _series(name, [value] * len(rows))
                if series is None:
                    return None
                columns[name] = series
            result = self.prepared.model.evaluate_frame(pl.DataFrame(columns), self.decisions)
            if any(not _plain_column(result.schema[name]) for name in self.decisions):
                return None
            names = self.decisions
            values = [_plain_texts(result[name]) for name in names]
            return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]
        except Exception:  # a columnar failure costs speed, never a result
            logger.warning("rules batch: columnar evaluation failed, evaluating case by case", exc_info=True)
            return None


_EXACT_INT = receipts._EXACT_INT  # the same bound and encoder as receipts.plain and canonical
_CANONICAL = receipts._CANONICAL


def _inputs_hash(inputs: dict[str, Any]) -> str:
    """:func:`receipts.sha256` of a row's inputs; a flat row (text, booleans, null, integers: what
    CSV and most JSON Lines hold) without a call of :func:`receipts.plain` per value."""
    flat: dict[str, Any] = {}
    for name, value in inputs.items():
        kind = type(value)
        if kind is str or kind is bool or value is None:
            flat[name] = value
        elif kind is int and -_EXACT_INT < value < _EXACT_INT:
            flat[name] = str(value)
        else:
            return receipts.sha256(inputs)
    return hashlib.sha256(_CANONICAL.encode(flat).encode("utf-8")).hexdigest()


def _receipt_ids(count: int) -> list[str]:
    """``count`` random version-4 UUIDs as text (uuid.uuid4() one at a time costs more than the
    rest of a receipt)."""
    hexes = os.urandom(16 * count).hex()
    ids = []
    for start in range(0, 32 * count, 32):
        h = hexes[start : start + 32]
        variant = "89ab"[int(h[16], 16) & 3]
        ids.append(f"{h[0:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}")
    return ids


def _series(name: str, values: list[Any]) -> Any:
    """A Polars column holding ``values`` exactly as the per-case engine reads them, or None."""
    import polars as pl

    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return pl.Series(name, values, dtype=pl.Null)
    if kinds == {bool}:
        return pl.Series(name, values, dtype=pl.Boolean)
    if kinds == {str}:
        return pl.Series(name, values, dtype=pl.String)
    if kinds == {int} and all(v is None or -(2**63) <= v < 2**63 for v in values):
        return pl.Series(name, values, dtype=pl.Int64)
    if kinds <= {int, float, decimal.Decimal}:
        exact = [
            v if v is None else evaluation.exact(v) if type(v) is float else decimal.Decimal(v)
            for v in values
        ]
        return pl.Series(name, exact)
    return None


def _plain_texts(column: Any) -> list[Any]:
    """The values of an output column as :func:`receipts.plain` writes them: a decimal column at
    once in Polars (normalised text: no trailing zeros, "0" for zero) when every value has at
    most 28 significant digits (where ``Decimal.normalize`` is exact), otherwise value by value."""
    import polars as pl

    dtype = column.dtype
    if isinstance(dtype, pl.Decimal) and column.null_count() < len(column):
        scale = dtype.scale or 0
        largest = column.abs().max()
        if largest is not None and largest < decimal.Decimal(10) ** (27 - scale):
            text = column.cast(pl.String).str.replace(r"(\.\d*?)0+$", "${1}").str.replace(r"\.$", "")
            return text.str.replace(r"^-0$", "0").to_list()
    plain = receipts.plain
    return [plain(value) for value in column.to_list()]


def _plain_column(dtype: Any) -> bool:
    """Output columns whose values :func:`receipts.plain` renders as the per-case path does."""
    import polars as pl

    return bool(
        dtype == pl.Boolean or dtype == pl.String or dtype == pl.Null or isinstance(dtype, pl.Decimal)
    ) or (dtype.is_integer())
