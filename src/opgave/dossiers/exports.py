"""The subject's access request (AVG art. 15, *inzageverzoek*): everything recorded, and who processed it.

A platform administrator (acting for the platform as processor) gets the complete export over
every dossier; an organisation's administrator gets what their organisation may see under the
access rule (its dossiers, its visible entries, its signals, its own processing). The export is
itself processed and logged. The BSN arrives in a POST body, never in a URL, and is only hashed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from opgave.core import permissions as core_permissions
from opgave.core.actors import Actor
from opgave.core.models import ProcessingLogRecord
from opgave.dossiers import crypto, permissions
from opgave.dossiers.errors import invalid
from opgave.dossiers.identifiers import is_valid_bsn, normalise_bsn
from opgave.dossiers.models import Entry, Participation, Signal, Subject
from opgave.dossiers.selectors import entry_view, plan, subject_view
from opgave.dossiers.services._common import deny, log_processing

EXPORT_ACTIVITY = "avg-inzageverzoek"


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def subject_export(*, actor: Actor, bsn: str) -> dict[str, Any]:
    complete = permissions.is_platform_admin(actor)
    organisation = None if complete else permissions.acting_organisation(actor)
    if not complete and (
        organisation is None
        or actor.token is not None
        or not core_permissions.is_org_admin(actor.person, organisation)
    ):
        raise deny(
            actor,
            "subject.export",
            None,
            "Een inzageverzoek beantwoordt de beheerder van een organisatie of de platformbeheerder.",
        )
    if not is_valid_bsn(bsn):
        raise invalid("bsn", "Dit is geen geldig burgerservicenummer (de elfproef klopt niet).")
    pseudonyms = list(crypto.pseudonym_candidates(normalise_bsn(bsn)))
    subjects = Subject.objects.filter(pseudonym__in=pseudonyms).select_related("dossier")
    dossiers_out: list[dict[str, Any]] = []
    from opgave.dossiers.models import Dossier
    from opgave.dossiers.selectors import visible_entries

    for subject in subjects:
        dossier: Dossier = subject.dossier
        if complete:
            part = None
            entries = list(
                Entry.objects.filter(dossier=dossier).select_related("author_organisation", "purpose")
            )
        else:
            part = (
                Participation.objects.filter(
                    dossier=dossier, organisation=organisation, status=Participation.Status.ACTIVE
                )
                .prefetch_related("purposes")
                .first()
            )
            if part is None:
                continue
            entries = list(visible_entries(part))
        shown_plan = plan(part) if part is not None else None
        if shown_plan is None:
            fake = Participation(dossier=dossier)
            shown_plan = plan(fake)
        dossiers_out.append(
            {
                "dossier": {"id": str(dossier.uuid), "reference": dossier.reference, "kind": dossier.kind},
                "subject": {k: _iso(v) for k, v in subject_view(subject).__dict__.items() if k != "uuid"},
                "participants": [
                    {
                        "organisation": p.organisation.name,
                        "role": p.get_role_display(),
                        "purposes": [a.name for a in p.purposes.all()],
                        "since": _iso(p.accepted_at),
                        "until": _iso(p.left_at),
                    }
                    for p in dossier.participations.filter(
                        status__in=[Participation.Status.ACTIVE, Participation.Status.LEFT]
                    ).select_related("organisation")
                ],
                "entries": [
                    {
                        "kind": v.kind_label,
                        "title": v.title,
                        "body": v.body,
                        "organisation": v.author_organisation.name,
                        "purpose": v.purpose_name,
                        "legal_basis": e.purpose.legal_basis,
                        "recorded_at": _iso(v.created_at),
                        "retain_until": _iso(v.retain_until),
                        "document": v.document_name,
                    }
                    for e, v in ((e, entry_view(e)) for e in entries)
                ],
                "plan": [
                    {"section": i.section_label, "text": i.text, "status": i.status_label}
                    for i in shown_plan.items
                ],
            }
        )
        log_processing(actor, dossier, [_export_activity()], "inzageverzoek", [subject])
    signals = Signal.objects.filter(pseudonym__in=pseudonyms).select_related("organisation", "purpose")
    if not complete:
        signals = signals.filter(organisation=organisation)
    records = ProcessingLogRecord.objects.filter(data_subject__in=pseudonyms).select_related("activity")
    if not complete:
        records = records.filter(Q(organisation=organisation))
    org_names = _organisation_names({r.organisation_id for r in records})
    from django.db import transaction

    from opgave.dossiers.services._common import record

    with transaction.atomic():
        record(
            actor,
            "subject.export",
            None,
            {"dossiers": len(dossiers_out), "scope": "volledig" if complete else "organisatie"},
        )
    return {
        "generated_at": timezone.now().isoformat(),
        "scope": "volledig" if complete else "organisatie",
        "organisation": organisation.name if organisation else None,
        "dossiers": dossiers_out,
        "signals": [
            {
                "organisation": s.organisation.name,
                "purpose": s.purpose.name,
                "registered_at": _iso(s.registered_at),
                "expires_at": _iso(s.expires_at),
                "withdrawn_at": _iso(s.withdrawn_at),
            }
            for s in signals
        ],
        "processing": [
            {
                "when": _iso(r.started_at),
                "what": r.name,
                "activity": r.activity.name,
                "legal_basis": r.activity.legal_basis,
                "organisation": org_names.get(r.organisation_id, ""),
                "trace_id": r.trace_id,
            }
            for r in records.order_by("seq")
        ],
    }


def _export_activity() -> Any:
    from opgave.core.models import ProcessingActivity

    return ProcessingActivity.objects.get(code=EXPORT_ACTIVITY)


def _organisation_names(ids: set[int | None]) -> dict[int | None, str]:
    from opgave.core.models import Organisation

    return dict(Organisation.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))
