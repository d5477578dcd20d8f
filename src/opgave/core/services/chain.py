"""Hash chains for the append-only logs: append a record, verify a whole chain.

``hash = SHA-256(prev_hash + canonical JSON of the record's fields)``, where the
fields are every concrete column except the primary key, ``prev_hash`` and
``hash`` itself (so ``seq`` is covered, and reordering is detected). The first
record's ``prev_hash`` is :data:`GENESIS`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, transaction

from opgave.core.models import AuditRecord, LogHead, ProcessingLogRecord
from opgave.core.models.logs import ChainedRecord

GENESIS = "0" * 64
CHAINS: dict[str, type[ChainedRecord]] = {
    AuditRecord.LOG_NAME: AuditRecord,
    ProcessingLogRecord.LOG_NAME: ProcessingLogRecord,
}
_SKIP = {"id", "prev_hash", "hash"}

R = TypeVar("R", bound=ChainedRecord)

#: Called after every append with the log's name and the seconds it took (metrics hook in ``opgave.ops``).
APPEND_OBSERVERS: list[Callable[[str, float], None]] = []


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


def canonical_fields(record: ChainedRecord) -> dict[str, Any]:
    """The record's hashed content: every concrete column by its database name."""
    return {
        field.attname: _plain(getattr(record, field.attname))
        for field in record._meta.concrete_fields
        if field.attname not in _SKIP
    }


def compute_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def append(record: R) -> R:
    """Give ``record`` the next place in its chain and insert it (see :func:`append_many`)."""
    return append_many([record])[0]


def _advance_head(log: str, count: int) -> tuple[int, str]:
    """Move the head of ``log`` on by ``count`` places; return the new ``seq`` and the old hash.

    One ``UPDATE … RETURNING``: it takes the row lock on PostgreSQL (the write lock on SQLite)
    *before* anything is read, so concurrent appends queue up behind each other instead of
    computing the same ``seq``, and the lock is taken and read in one round trip.
    """
    table = connection.ops.quote_name(LogHead._meta.db_table)
    sql = f"UPDATE {table} SET seq = seq + %s WHERE log = %s RETURNING seq, hash"  # noqa: S608 - our own table name
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, log])
        row = cursor.fetchone()
        if row is None:
            LogHead.objects.get_or_create(log=log)
            cursor.execute(sql, [count, log])
            row = cursor.fetchone()
    return int(row[0]), str(row[1])


def _insert(records: Sequence[ChainedRecord], log: str, head_hash: str) -> None:
    """Insert ``records`` and store the new head hash. On PostgreSQL one statement (the insert and
    the head update in one ``WITH``) in plain SQL, without the query compiler: every evaluation of a
    rule set appends one record (ADR 0047). Elsewhere ``bulk_create`` and an update."""
    model = type(records[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(records)
        LogHead.objects.filter(log=log).update(hash=head_hash)
        return
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pk = model._meta.pk
    assert pk is not None
    columns = ", ".join(quote(str(f.column)) for f in fields)
    key = quote(str(pk.column))
    sql = (
        f"WITH ins AS (INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608 - our own tables
        f"VALUES {', '.join([row] * len(records))} RETURNING {key}, seq), "
        f"head AS (UPDATE {quote(LogHead._meta.db_table)} SET hash = %s WHERE log = %s) "
        f"SELECT {key}, seq FROM ins"
    )
    params = [f.get_db_prep_save(f.pre_save(record, True), connection) for record in records for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, head_hash, log])
        ids = {seq: found for found, seq in cursor.fetchall()}
    for record in records:
        record.pk = ids[record.seq]
        record._state.adding = False
        record._state.db = connection.alias


def append_many(records: Sequence[R]) -> list[R]:
    """Give ``records`` (all of one log) the next places in their chain, in order, and insert them.

    Three statements whatever the number of records: advance the head (the lock), insert the
    records in one go, store the new head hash (on PostgreSQL the last two are one statement). Runs in the caller's transaction (a savepoint),
    so a failed append rolls the caller back with it; the head stays locked until the caller's
    transaction ends, so keep appends at the end of a transaction where you can.
    """
    if not records:
        return []
    log = records[0].LOG_NAME
    if any(type(record) is not type(records[0]) for record in records):
        raise ValueError("append_many takes the records of one log at a time")
    started = time.perf_counter()
    with transaction.atomic():
        last_seq, prev_hash = _advance_head(log, len(records))
        prev_hash = prev_hash or GENESIS
        for seq, record in enumerate(records, start=last_seq - len(records) + 1):
            record.seq = seq
            record.prev_hash = prev_hash
            record.hash = prev_hash = compute_hash(prev_hash, canonical_fields(record))
        _insert(records, log, prev_hash)
    for observe in APPEND_OBSERVERS:
        observe(log, time.perf_counter() - started)
    return list(records)


@dataclass(frozen=True)
class Verification:
    log: str
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def _records(model: type[ChainedRecord]) -> Iterator[ChainedRecord]:
    return model.objects.order_by("seq").iterator(chunk_size=2000)


def verify(log: str) -> Verification:
    """Recompute the chain of ``log`` and return the first broken record, if any."""
    model = CHAINS[log]
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    for record in _records(model):
        if record.seq != expected_seq:
            if record.seq < expected_seq:
                reason = f"volgnummer {record.seq} komt dubbel of in de verkeerde volgorde voor"
            elif record.seq == expected_seq + 1:
                reason = f"record {expected_seq} ontbreekt (verwijderd?)"
            else:
                reason = f"records {expected_seq} tot en met {record.seq - 1} ontbreken (verwijderd?)"
            return Verification(log, checked, expected_seq, reason)
        if record.prev_hash != prev_hash:
            return Verification(
                log,
                checked,
                record.seq,
                "de verwijzing naar het vorige record klopt niet (records verwijderd, ingevoegd of verwisseld)",
            )
        if compute_hash(record.prev_hash, canonical_fields(record)) != record.hash:
            return Verification(log, checked, record.seq, "de inhoud is gewijzigd: de hash klopt niet meer")
        checked += 1
        prev_hash = record.hash
        expected_seq += 1
    head = LogHead.objects.filter(log=log).first()
    last_seq = expected_seq - 1
    if head is None:
        if last_seq:
            return Verification(log, checked, last_seq, "de kop van de keten ontbreekt")
        return Verification(log, checked)
    if head.seq != last_seq:
        if head.seq > last_seq:
            missing = (
                f"record {head.seq} ontbreekt"
                if head.seq == last_seq + 1
                else f"records {last_seq + 1} tot en met {head.seq} ontbreken"
            )
            return Verification(log, checked, last_seq + 1, f"{missing} aan het eind (verwijderd?)")
        return Verification(
            log, checked, head.seq + 1, "er staan records na de kop van de keten (ingevoegd?)"
        )
    if head.seq and head.hash != prev_hash:
        return Verification(
            log, checked, head.seq, "het laatste record is vervangen: de hash wijkt af van de kop"
        )
    return Verification(log, checked)
