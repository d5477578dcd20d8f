"""Signals and matching, as the national Verwijsindex risicojongeren does it.

A signal says only *this organisation is concerned about this person* (pseudonym of the BSN),
with a contact person; no content. When a second organisation's active signal has the same
pseudonym, a match is made and both contacts are told of each other's organisation and contact,
nothing more. Signals expire after ``DOSSIER_SIGNAL_DAYS`` (default two years).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.models import ProcessingActivity
from opgave.dossiers import crypto, permissions
from opgave.dossiers.errors import invalid
from opgave.dossiers.identifiers import is_valid_bsn, normalise_bsn
from opgave.dossiers.models import Signal, SignalMatch
from opgave.dossiers.services._common import deny, record


def active_signals() -> object:
    now = timezone.now()
    return Signal.objects.filter(withdrawn_at__isnull=True, expires_at__gt=now)


def register_signal(*, actor: Actor, bsn: str, purpose: str, now: dt.datetime | None = None) -> Signal:
    organisation = permissions.acting_organisation(actor, permissions.WRITE)
    if organisation is None:
        raise deny(actor, "signal.create", None, "Kies eerst de organisatie waarvoor je werkt.")
    if not is_valid_bsn(bsn):
        raise invalid("bsn", "Dit is geen geldig burgerservicenummer (de elfproef klopt niet).")
    activity = ProcessingActivity.objects.filter(code=purpose).first()
    if activity is None or not permissions.may_claim_purpose(organisation, activity):
        raise invalid("purpose", "Kies een doel van je eigen organisatie uit het register.")
    digits = normalise_bsn(bsn)
    candidates = crypto.pseudonym_candidates(digits)
    key_id, pseudonym = crypto.pseudonym(digits)
    now = now or timezone.now()
    with transaction.atomic():
        # re-pseudonymise older signals of this subject to the current key while we hold the BSN
        Signal.objects.filter(pseudonym__in=list(candidates)).exclude(key_id=key_id).update(
            pseudonym=pseudonym, key_id=key_id
        )
        from opgave.dossiers.models import Subject

        Subject.objects.filter(pseudonym__in=list(candidates)).exclude(key_id=key_id).update(
            pseudonym=pseudonym, key_id=key_id
        )
        existing = (
            Signal.objects.filter(
                organisation=organisation, pseudonym=pseudonym, withdrawn_at__isnull=True, expires_at__gt=now
            )
            .select_for_update()
            .first()
        )
        expires = now + dt.timedelta(days=int(settings.DOSSIER_SIGNAL_DAYS))
        if existing is not None:
            existing.expires_at = expires
            existing.contact = actor.person or existing.contact
            existing.save(update_fields=["expires_at", "contact"])
            record(actor, "signal.renew", existing)
            return existing
        signal = Signal.objects.create(
            organisation=organisation,
            contact=actor.person,
            pseudonym=pseudonym,
            key_id=key_id,
            purpose=activity,
            registered_at=now,
            expires_at=expires,
        )
        record(actor, "signal.create", signal)
        others = (
            Signal.objects.filter(pseudonym=pseudonym, withdrawn_at__isnull=True, expires_at__gt=now)
            .exclude(organisation=organisation)
            .select_related("organisation", "contact")
        )
        matches = [SignalMatch.objects.create(first=other, second=signal) for other in others]
        for match in matches:
            record(actor, "signal.match", match, {"organisations": 2})
    for match in matches:
        transaction.on_commit(functools.partial(_tell, match))
    return signal


def _tell(match: SignalMatch) -> None:
    from opgave.dossiers.notify import notify

    for mine, theirs in ((match.first, match.second), (match.second, match.first)):
        if mine.contact is not None:
            notify(
                recipient=mine.contact,
                kind="dossier.signal.match",
                title="Match op een signaal",
                body=f"{theirs.organisation.name} heeft een signaal over dezelfde persoon afgegeven.",
                url="/dossiers/signalen/",
            )


def withdraw_signal(*, actor: Actor, signal: Signal) -> Signal:
    organisation = permissions.acting_organisation(actor, permissions.WRITE)
    if organisation is None or organisation.pk != signal.organisation_id:
        raise deny(
            actor, "signal.withdraw", signal, "Alleen de organisatie die het signaal gaf, trekt het in."
        )
    with transaction.atomic():
        signal.withdrawn_at = timezone.now()
        signal.save(update_fields=["withdrawn_at"])
        record(actor, "signal.withdraw", signal)
    return signal


def rekey(bsns: list[str]) -> int:
    """Rewrite pseudonyms made under older keys to the current key, for the BSNs given."""
    changed = 0
    from opgave.dossiers.models import Subject

    for raw in bsns:
        if not is_valid_bsn(raw):
            continue
        digits = normalise_bsn(raw)
        key_id, pseudonym = crypto.pseudonym(digits)
        old = [p for p, k in crypto.pseudonym_candidates(digits).items() if k != key_id]
        with transaction.atomic():
            changed += Signal.objects.filter(pseudonym__in=old).update(pseudonym=pseudonym, key_id=key_id)
            changed += Subject.objects.filter(pseudonym__in=old).update(pseudonym=pseudonym, key_id=key_id)
    return changed
