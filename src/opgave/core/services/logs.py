"""The processing log (*Logboek Dataverwerkingen*): one record per processing per data subject.

Every record names its processing activity (a register entry with purpose,
legal basis, data categories and retention), the W3C trace it belongs to (trace
id, its own span id, the parent span) and the data subject — **pseudonymised**
with an HMAC keyed by ``settings.PSEUDONYM_KEY``; the raw identifier (such as a
BSN) is never stored. Use :func:`processing` around the work, or
:func:`log_processing` afterwards::

    with logs.processing(activity="schuldhulp-intake", name="dossier-inzien",
                         data_subject=bsn, request=request, organisation=org):
        ...
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ParamSpec

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from opgave.core.models import Organisation, Person, ProcessingActivity, ProcessingLogRecord
from opgave.core.services import chain

P = ParamSpec("P")


def pseudonymise(identifier: str, kind: str = "bsn") -> str:
    """A stable pseudonym for a data subject: HMAC-SHA-256 over ``kind:identifier``.

    The same person gets the same pseudonym in every record (so a data subject's
    request for their records can be answered by computing it again), while the
    log itself cannot be read back to the identifier without the key.
    """
    message = f"{kind}:{identifier.strip()}".encode()
    return hmac.new(settings.PSEUDONYM_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()


#: Register entries by code → primary key: the register changes rarely and a processing record
#: only needs the key, so a hot read path does not look the entry up on every request. An entry
#: is never deleted while records point to it (the foreign key protects it).
_ACTIVITY_IDS: dict[str, int] = {}


@receiver([post_save, post_delete], sender=ProcessingActivity)
def _forget_activity_ids(**_: Any) -> None:
    _ACTIVITY_IDS.clear()


def _activity_id(activity: ProcessingActivity | str) -> int:
    if isinstance(activity, ProcessingActivity):
        return activity.pk
    if activity not in _ACTIVITY_IDS:
        found = ProcessingActivity.objects.filter(code=activity).values_list("pk", flat=True).first()
        if found is None:
            raise LookupError(
                f"Processing activity {activity!r} is not in the register; add it first (ProcessingActivity)."
            )
        _ACTIVITY_IDS[activity] = found
    return _ACTIVITY_IDS[activity]


def _trace(request: HttpRequest | None, trace_id: str | None, parent_span_id: str | None) -> tuple[str, str]:
    if request is not None:
        trace_id = trace_id or getattr(request, "trace_id", None)
        parent_span_id = parent_span_id if parent_span_id is not None else getattr(request, "span_id", "")
    return trace_id or secrets.token_hex(16), parent_span_id or ""


def processing_record(
    *,
    activity: ProcessingActivity | str,
    name: str,
    data_subject: str,
    data_subject_kind: str = "bsn",
    status: str = ProcessingLogRecord.Status.OK,
    started_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
    request: HttpRequest | None = None,
    trace_id: str | None = None,
    span_id: str | None = None,
    parent_span_id: str | None = None,
    organisation: Organisation | None = None,
    actor: Person | None = None,
    pseudonymised: bool = False,
) -> ProcessingLogRecord:
    """One processing record, not yet appended (:func:`log_processing` appends one, :func:`log_processings`
    several at once). ``data_subject`` is the raw identifier; only its pseudonym is kept.

    ``pseudonymised=True`` says ``data_subject`` already is a keyed pseudonym (an app that never
    holds the raw identifier, such as the shared dossier); it is then stored as given.

    Trace context comes from ``request`` (set by ``TraceContextMiddleware``):
    the record is a new span whose parent is the request's span.
    """
    if status not in ProcessingLogRecord.Status.values:
        raise ValueError(
            f"processing status must be one of {ProcessingLogRecord.Status.values}, not {status!r}"
        )
    if not data_subject.strip():
        raise ValueError("a processing record needs a data subject")
    now = timezone.now()
    trace, parent = _trace(request, trace_id, parent_span_id)
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if isinstance(request.user, Person) else None
    entry = ProcessingLogRecord(
        trace_id=trace,
        span_id=span_id or secrets.token_hex(8),
        parent_span_id=parent,
        name=name[:200],
        status=status,
        started_at=started_at or now,
        ended_at=ended_at or now,
        activity_id=_activity_id(activity),
        data_subject=data_subject if pseudonymised else pseudonymise(data_subject, data_subject_kind),
        data_subject_type=data_subject_kind[:32],
        organisation=organisation or getattr(request, "organisation", None),
        actor=actor,
    )
    return entry


def _appending(build: Callable[P, ProcessingLogRecord]) -> Callable[P, ProcessingLogRecord]:
    def append(*args: P.args, **kwargs: P.kwargs) -> ProcessingLogRecord:
        return chain.append(build(*args, **kwargs))

    append.__doc__ = "Append one processing record; takes the arguments of :func:`processing_record`."
    return append


#: Append one record; typed with :func:`processing_record`'s keywords, so mypy checks every caller.
log_processing = _appending(processing_record)


def log_processings(records: Iterable[ProcessingLogRecord]) -> list[ProcessingLogRecord]:
    """Append several records of :func:`processing_record` in one step (one lock, one insert): what a
    read that touches several data subjects or purposes should use."""
    return chain.append_many(list(records))


@dataclass
class Span:
    """The running processing inside :func:`processing`; set ``status`` to mark an error yourself."""

    span_id: str = field(default_factory=lambda: secrets.token_hex(8))
    status: str = ProcessingLogRecord.Status.OK
    record: ProcessingLogRecord | None = None


@contextmanager
def processing(
    *,
    activity: ProcessingActivity | str,
    name: str,
    data_subject: str,
    data_subject_kind: str = "bsn",
    request: HttpRequest | None = None,
    organisation: Organisation | None = None,
    actor: Person | None = None,
) -> Iterator[Span]:
    """Time a processing and log it when the block ends (status ``error`` when it raises)."""
    span = Span()
    started = timezone.now()
    try:
        yield span
    except BaseException:
        span.status = ProcessingLogRecord.Status.ERROR
        raise
    finally:
        span.record = log_processing(
            activity=activity,
            name=name,
            data_subject=data_subject,
            data_subject_kind=data_subject_kind,
            status=span.status,
            started_at=started,
            ended_at=timezone.now(),
            request=request,
            span_id=span.span_id,
            organisation=organisation,
            actor=actor,
        )
