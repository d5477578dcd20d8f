"""Writes on entries: purpose-bound, with a confidentiality level, encrypted at rest.

An organisation writes only under one of its own active purposes in the dossier, and never at a
confidentiality level above its own clearance (so it can always read what it wrote). Every write
is logged in the processing log (one record per subject) and in the audit log.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.models import ProcessingActivity
from opgave.dossiers import crypto, documents, permissions
from opgave.dossiers.errors import invalid
from opgave.dossiers.models import Confidentiality, Dossier, Entry, EntryKind
from opgave.dossiers.services._common import deny, log_processing, record

_TERM = re.compile(r"(\d+)\s*(jaar|jaren|maand|maanden|week|weken|dag|dagen)", re.IGNORECASE)


def retention_days(activity: ProcessingActivity) -> int:
    """Days to keep an entry, read from the register entry's retention ('15 jaar', '12 maanden')."""
    match = _TERM.search(activity.retention or "")
    if match:
        number, unit = int(match.group(1)), match.group(2).lower()
        factor = (
            365
            if unit.startswith("ja")
            else 30
            if unit.startswith("maand")
            else 7
            if unit.startswith("we")
            else 1
        )
        return number * factor
    return int(settings.DOSSIER_RETENTION_DAYS) or 15 * 365


def add_entry(
    *,
    actor: Actor,
    dossier: Dossier,
    kind: str,
    title: str,
    body: str = "",
    purpose: str,
    confidentiality: int = Confidentiality.NORMAAL,
    category: str = "",
    safety_level: int | None = None,
    document: bytes | None = None,
    document_name: str = "",
    created_at: dt.datetime | None = None,
) -> Entry:
    part = permissions.participation(actor, dossier, permissions.WRITE)
    if part is None:
        raise deny(actor, "entry.create", dossier, "Alleen actieve deelnemers schrijven in dit dossier.")
    if kind not in EntryKind.values:
        raise invalid("kind", "Kies een bestaande soort dossierstuk.")
    own = {p.code: p for p in part.purposes.all()}
    if purpose not in own:
        raise invalid("purpose", "Kies een van de doelen waarvoor je organisatie aan dit dossier deelneemt.")
    if confidentiality not in Confidentiality.values:
        raise invalid("confidentiality", "Kies een bestaand vertrouwelijkheidsniveau.")
    if confidentiality > part.clearance:
        raise invalid("confidentiality", "Je kunt niet vertrouwelijker schrijven dan je eigen niveau.")
    if not title.strip() or len(title) > 200:
        raise invalid("title", "Geef een titel van hoogstens 200 tekens.")
    if len(body) > 20000:
        raise invalid("body", "De tekst is te lang (hoogstens 20.000 tekens).")
    if kind == EntryKind.SIGNAL:
        if safety_level not in (1, 2, 3):
            raise invalid("safety_level", "Geef bij een signaal het veiligheidsniveau: 1, 2 of 3.")
    else:
        safety_level = None
    content_type, path, size = "", "", 0
    if kind == EntryKind.DOCUMENT:
        if document is None:
            raise invalid("document", "Voeg een bestand toe.")
        content_type = documents.check(document, document_name or "document")
        size = len(document)
    elif document is not None:
        raise invalid("document", "Alleen een dossierstuk van de soort document heeft een bestand.")
    activity = own[purpose]
    now = created_at or timezone.now()
    try:
        with transaction.atomic():
            if document is not None:
                path = documents.store(document)
            entry = Entry.objects.create(
                dossier=dossier,
                kind=kind,
                category=category.strip()[:60],
                author_organisation=part.organisation,
                author=actor.person,
                purpose=activity,
                confidentiality=confidentiality,
                safety_level=safety_level,
                title=crypto.encrypt(title.strip()),
                body=crypto.encrypt(body),
                document=path,
                document_name=crypto.encrypt(document_name) if document_name else "",
                content_type=content_type,
                size=size,
                created_at=now,
                retain_until=timezone.localdate(now) + dt.timedelta(days=retention_days(activity)),
            )
            record(actor, "entry.create", entry, {"dossier": str(dossier.uuid), "kind": kind})
            log_processing(actor, dossier, [activity], "dossierstuk-vastleggen")
            from opgave.dossiers.services.dossiers import _touch

            _touch(dossier)
    except BaseException:
        documents.remove(path)
        raise
    return entry


def remove_expired(*, actor: Actor, today: dt.date | None = None) -> int:
    """Remove entries past their retention date (the scheduled job); each removal is logged."""
    today = today or timezone.localdate()
    removed = 0
    for entry in Entry.objects.filter(retain_until__lt=today).select_related("dossier", "purpose").iterator():
        with transaction.atomic():
            dossier, path, activity = entry.dossier, entry.document, entry.purpose
            record(
                actor,
                "entry.retention.remove",
                entry,
                {"dossier": str(dossier.uuid), "retain_until": entry.retain_until.isoformat()},
                organisation=entry.author_organisation,
            )
            log_processing(actor, dossier, [activity], "dossierstuk-vernietigen")
            entry.delete()
            transaction.on_commit(functools.partial(documents.remove, path))
        removed += 1
    return removed


def reencrypt_all() -> int:
    """Rewrite every encrypted column and document under the current key (key rotation)."""
    from opgave.dossiers.models import PlanItem, Subject

    count = 0
    for entry in Entry.objects.all().iterator():
        entry.title = crypto.rotate(entry.title)
        entry.body = crypto.rotate(entry.body)
        entry.document_name = crypto.rotate(entry.document_name)
        Entry.objects.filter(pk=entry.pk).update(
            title=entry.title, body=entry.body, document_name=entry.document_name
        )
        if entry.document:
            documents.rewrite(entry.document)
        count += 1
    for item in PlanItem.objects.all().iterator():
        PlanItem.objects.filter(pk=item.pk).update(text=crypto.rotate(item.text))
        count += 1
    for subject in Subject.objects.all().iterator():
        Subject.objects.filter(pk=subject.pk).update(details=crypto.rotate(subject.details))
        count += 1
    return count
