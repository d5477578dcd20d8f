"""Every read of the shared dossier, with the access rule applied here and nowhere else.

An organisation sees an entry only when one of its *active* purposes in the dossier is the
entry's purpose and its clearance reaches the entry's confidentiality level
(:func:`opgave.dossiers.permissions.entry_filter`). The rule is part of each query, so an
invisible entry is absent from every list, search, count, export and obligation — not hidden
afterwards. Reading entries writes the processing log (one record per subject and purpose).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.models import Organisation
from opgave.core.rows import Reader
from opgave.dossiers import crypto, documents, permissions
from opgave.dossiers.errors import NotFound
from opgave.dossiers.models import (
    Dossier,
    Entry,
    Obligation,
    Participation,
    PlanItem,
    Signal,
    SignalMatch,
    Subject,
)
from opgave.dossiers.services._common import deny, log_processing

# -- value objects (decrypted, never stored) ---------------------------------------------------


@dataclass(frozen=True)
class SubjectView:
    uuid: Any
    kind: str
    relation: str
    relation_label: str
    name: str
    birth_date: str
    address: str


@dataclass(frozen=True)
class EntryView:
    uuid: Any
    kind: str
    kind_label: str
    category: str
    title: str
    body: str
    author_organisation: Organisation
    purpose_code: str
    purpose_name: str
    confidentiality: int
    confidentiality_label: str
    safety_level: int | None
    created_at: dt.datetime
    retain_until: dt.date
    has_document: bool
    document_name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class PlanItemView:
    uuid: Any
    section: str
    section_label: str
    text: str
    owner: Organisation | None
    deadline: dt.date | None
    status: str
    status_label: str
    revision: int
    goal_uuid: Any = None
    overdue: bool = False


@dataclass
class Plan:
    strengths: list[PlanItemView] = field(default_factory=list)
    concerns: list[PlanItemView] = field(default_factory=list)
    goals: list[PlanItemView] = field(default_factory=list)
    actions: list[PlanItemView] = field(default_factory=list)
    reviewed_at: dt.datetime | None = None

    @property
    def items(self) -> list[PlanItemView]:
        return [*self.strengths, *self.concerns, *self.goals, *self.actions]


def subject_view(subject: Subject) -> SubjectView:
    details = json.loads(crypto.decrypt(subject.details) or "{}")
    address = ""
    if subject.kind == Subject.Kind.ADDRESS:
        address = f"{details.get('postcode', '')} {details.get('huisnummer', '')}".strip()
    return SubjectView(
        uuid=subject.uuid,
        kind=subject.kind,
        relation=subject.relation,
        relation_label=subject.get_relation_display(),
        name=str(details.get("naam", "")),
        birth_date=str(details.get("geboortedatum", "")),
        address=address,
    )


def entry_view(entry: Entry) -> EntryView:
    return EntryView(
        uuid=entry.uuid,
        kind=entry.kind,
        kind_label=entry.get_kind_display(),
        category=entry.category,
        title=crypto.decrypt(entry.title),
        body=crypto.decrypt(entry.body),
        author_organisation=entry.author_organisation,
        purpose_code=entry.purpose.code,
        purpose_name=entry.purpose.name,
        confidentiality=entry.confidentiality,
        confidentiality_label=entry.get_confidentiality_display(),
        safety_level=entry.safety_level,
        created_at=entry.created_at,
        retain_until=entry.retain_until,
        has_document=bool(entry.document),
        document_name=crypto.decrypt(entry.document_name),
        content_type=entry.content_type,
        size=entry.size,
    )


def plan_item_view(item: PlanItem, today: dt.date) -> PlanItemView:
    open_ = item.status in (PlanItem.Status.OPEN, PlanItem.Status.BUSY)
    goal_uuid = item.goal.uuid if item.goal_id and item.goal is not None else None
    return PlanItemView(
        uuid=item.uuid,
        section=item.section,
        section_label=item.get_section_display(),
        text=crypto.decrypt(item.text),
        owner=item.owner,
        deadline=item.deadline,
        status=item.status,
        status_label=item.get_status_display(),
        revision=item.revision,
        goal_uuid=goal_uuid,
        overdue=bool(open_ and item.deadline and item.deadline < today),
    )


# -- dossiers --------------------------------------------------------------------------------


def _uuid_lookup(queryset: QuerySet[Any], uuid: Any) -> Any:
    try:
        return queryset.filter(uuid=uuid).first()
    except (ValueError, TypeError, ValidationError):
        return None


def my_dossiers(actor: Actor) -> QuerySet[Dossier]:
    """Dossiers in which the actor's organisation actively takes part."""
    organisation = permissions.acting_organisation(actor)
    if organisation is None:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(
            participations__organisation=organisation, participations__status=Participation.Status.ACTIVE
        )
        .distinct()
        .order_by("-updated_at", "-id")
    )


def my_requests(actor: Actor) -> QuerySet[Participation]:
    """The actor's organisation's pending requests to join (the dossier's reference only)."""
    organisation = permissions.acting_organisation(actor)
    if organisation is None:
        return Participation.objects.none()
    return Participation.objects.filter(
        organisation=organisation, status=Participation.Status.REQUESTED
    ).select_related("dossier")


def find_dossier(uuid: Any) -> Dossier:
    found = _uuid_lookup(Dossier.objects.all(), uuid)
    if found is None:
        raise NotFound("Dit dossier bestaat niet.")
    return found


def dossier(actor: Actor, uuid: Any, *, scope: str = permissions.READ) -> tuple[Dossier, Participation]:
    """The dossier and the actor's active participation; a refusal is audited."""
    part = permissions.participation_by_dossier_uuid(actor, uuid, scope)
    if part is None:
        found = find_dossier(uuid)  # 404 when there is no such dossier, else a refusal
        raise deny(actor, "dossier.view", found, "Je organisatie neemt niet (meer) deel aan dit dossier.")
    return part.dossier, part


def dossier_for_management(actor: Actor, uuid: Any) -> Dossier:
    """For the regisseur or a platform administrator (who sees no content)."""
    found = find_dossier(uuid)
    if not permissions.can_manage_participants(actor, found):
        raise deny(actor, "dossier.manage", found, "Alleen de regisseur beheert de deelnemers.")
    return found


_SUBJECT_ROWS = Reader(Subject)


def subject_rows(dossier: Dossier) -> list[Subject]:
    """The dossier's subjects, loaded once per dossier object (the view and the processing log share
    them). One hand-written query: the query compiler cost more CPU than the query itself."""
    cached: list[Subject] | None = getattr(dossier, "_subject_rows", None)
    if cached is None:
        cached = _SUBJECT_ROWS.all('t."dossier_id" = %s', [dossier.pk], 'ORDER BY t."id"')
        dossier._subject_rows = cached  # type: ignore[attr-defined]
    return cached


def subjects(part: Participation) -> list[SubjectView]:
    return [subject_view(s) for s in subject_rows(part.dossier)]


def participations(dossier: Dossier, *, include_closed: bool = False) -> QuerySet[Participation]:
    statuses = [Participation.Status.ACTIVE, Participation.Status.REQUESTED]
    if include_closed:
        statuses += [Participation.Status.LEFT, Participation.Status.REFUSED]
    return (
        dossier.participations.filter(status__in=statuses)
        .select_related("organisation", "contact")
        .prefetch_related("purposes")
    )


def participation(dossier: Dossier, uuid: Any) -> Participation:
    found = _uuid_lookup(dossier.participations.select_related("organisation", "dossier"), uuid)
    if found is None:
        raise NotFound("Deze deelname bestaat niet.")
    return found


# -- entries ---------------------------------------------------------------------------------


def visible_entries(part: Participation) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(permissions.entry_filter(part))
        .select_related("author_organisation", "purpose")
        .order_by("-created_at", "-id")
    )


_ENTRY_ROWS = Reader(Entry, "author_organisation", "purpose")
TIMELINE_ORDER = ("-created_at", "pk")


def timeline_rows(part: Participation, *, after: Sequence[Any] | None, limit: int) -> list[Entry]:
    """Up to ``limit`` visible entries in :data:`TIMELINE_ORDER` (newest first), those after the
    entry with sort key ``after`` (its ``created_at`` and id) only: the API timeline's keyset page.

    :func:`visible_entries` with the cursor and the limit, in hand-written SQL built once per process:
    the timeline is the dossier's hot path, and compiling its ORM query cost more CPU than running
    it (ADR 0052). The access rule is :func:`permissions.entry_condition`, held to
    :func:`permissions.entry_filter` by a test."""
    where, params = permissions.entry_condition(part)
    if after is not None:
        created_at = _ENTRY_ROWS.prep("created_at", after[0])
        where += ' AND (t."created_at" < %s OR (t."created_at" = %s AND t."id" > %s))'
        params += [created_at, created_at, int(after[1])]
    rows: list[Entry] = _ENTRY_ROWS.all(
        where, [*params, limit], 'ORDER BY t."created_at" DESC, t."id" LIMIT %s'
    )
    return rows


TIMELINE_PAGE = 25


@dataclass(frozen=True)
class TimelinePage:
    """One page of the timeline: the decrypted views, and the rows the processing log needs."""

    views: list[EntryView]
    rows: list[Entry]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def timeline_page(part: Participation, number: int = 1, size: int = TIMELINE_PAGE) -> TimelinePage:
    """Page ``number`` (1-based) of the visible entries, newest first; only that page is read and
    decrypted. Nothing is logged here: call :func:`log_reading` with ``rows`` once the page is
    built, so the processing log's lock is taken in a short transaction at the end of the read."""
    number = max(1, number)
    start = (number - 1) * size
    rows = list(visible_entries(part)[start : start + size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return TimelinePage(views=[entry_view(e) for e in rows], rows=rows, number=number, has_next=has_next)


def timeline(
    actor: Actor, part: Participation, *, query: str = "", limit: int | None = None
) -> list[EntryView]:
    """The visible entries, newest first, decrypted; searching happens inside the visible set only
    (the texts are encrypted, so a search decrypts the visible entries of this one dossier)."""
    rows = list(visible_entries(part)[:limit] if limit and not query else visible_entries(part))
    views = [entry_view(e) for e in rows]
    if query:
        needle = query.casefold()
        views = [v for v in views if needle in v.title.casefold() or needle in v.body.casefold()]
        if limit:
            views = views[:limit]
    if query:
        from django.db import transaction

        from opgave.dossiers.services._common import record

        with transaction.atomic():
            record(actor, "entry.search", part.dossier, {"found": len(views)})
    found = {v.uuid for v in views}
    log_reading(actor, part, [e for e in rows if e.uuid in found])
    return views


def log_reading(actor: Actor, part: Participation, entries: list[Entry]) -> None:
    """Log that ``entries`` were shown (one record per subject and purpose; constant in their number).

    Call it at the end of the read: the append is one short transaction of its own (the chain's
    head lock is held for three statements, not while decrypting or rendering)."""
    purposes = {e.purpose_id: e.purpose for e in entries}
    if purposes:
        log_processing(
            actor, part.dossier, purposes.values(), "dossier-tijdlijn-inzien", subject_rows(part.dossier)
        )


def entry_count(part: Participation) -> int:
    return visible_entries(part).count()


def entry(actor: Actor, part: Participation, uuid: Any) -> tuple[Entry, EntryView]:
    """One entry; not visible (or not existing) is 404, and a hidden one is logged as a denial."""
    visible = _uuid_lookup(visible_entries(part), uuid)
    if visible is None:
        hidden = _uuid_lookup(Entry.objects.filter(dossier=part.dossier), uuid)
        if hidden is not None:
            deny(actor, "entry.view", hidden, "Geen toegang tot dit dossierstuk.")
        raise NotFound("Dit dossierstuk bestaat niet of je hebt er geen toegang toe.")
    view = entry_view(visible)
    log_processing(actor, part.dossier, [visible.purpose], "dossierstuk-inzien", subject_rows(part.dossier))
    return visible, view


def document(actor: Actor, part: Participation, uuid: Any) -> tuple[EntryView, bytes]:
    found, view = entry(actor, part, uuid)
    if not found.document:
        raise NotFound("Bij dit dossierstuk hoort geen bestand.")
    return view, documents.read(found.document)


# -- plan and obligations ----------------------------------------------------------------------


def plan(part: Participation, today: dt.date | None = None) -> Plan:
    today = today or timezone.localdate()
    result = Plan(reviewed_at=part.dossier.plan_reviewed_at)
    target = {
        PlanItem.Section.STRENGTH: result.strengths,
        PlanItem.Section.CONCERN: result.concerns,
        PlanItem.Section.GOAL: result.goals,
        PlanItem.Section.ACTION: result.actions,
    }
    for item in part.dossier.plan_items.select_related("owner", "goal"):
        target[PlanItem.Section(item.section)].append(plan_item_view(item, today))
    return result


def plan_item(part: Participation, uuid: Any) -> PlanItem:
    found = _uuid_lookup(part.dossier.plan_items.select_related("dossier"), uuid)
    if found is None:
        raise NotFound("Dit onderdeel van het plan bestaat niet.")
    return found


def _visible_obligations(parts: list[Participation]) -> Q:
    condition = Q(pk__in=[])
    for part in parts:
        visible = Entry.objects.filter(permissions.entry_filter(part)).values("pk")
        condition |= Q(dossier_id=part.dossier_id) & (Q(entry__isnull=True) | Q(entry__in=visible))
    return condition


def obligations(part: Participation, *, include_closed: bool = False) -> QuerySet[Obligation]:
    """The dossier's obligations; one tied to an entry only for those who may see that entry."""
    qs = Obligation.objects.filter(_visible_obligations([part])).select_related("responsible", "dossier")
    if not include_closed:
        qs = qs.filter(status=Obligation.Status.OPEN)
    return qs.order_by("due_date", "id")


def obligation(part: Participation, uuid: Any) -> Obligation:
    found = _uuid_lookup(obligations(part, include_closed=True), uuid)
    if found is None:
        raise NotFound("Deze verplichting bestaat niet.")
    return found


def work_list(actor: Actor) -> QuerySet[Obligation]:
    """Open obligations over every dossier the actor's organisation takes part in."""
    organisation = permissions.acting_organisation(actor)
    if organisation is None:
        return Obligation.objects.none()
    parts = list(
        Participation.objects.filter(organisation=organisation, status=Participation.Status.ACTIVE)
        .prefetch_related("purposes")
        .select_related("dossier")
    )
    if not parts:
        return Obligation.objects.none()
    return (
        Obligation.objects.filter(_visible_obligations(parts), status=Obligation.Status.OPEN)
        .select_related("responsible", "dossier")
        .order_by("due_date", "id")
    )


# -- signals ---------------------------------------------------------------------------------


def my_signals(actor: Actor) -> QuerySet[Signal]:
    organisation = permissions.acting_organisation(actor)
    if organisation is None:
        return Signal.objects.none()
    return (
        Signal.objects.filter(organisation=organisation).select_related("purpose").order_by("-registered_at")
    )


def signal(actor: Actor, uuid: Any) -> Signal:
    """One of the actor's organisation's signals; someone else's is refused (and audited)."""
    found = _uuid_lookup(Signal.objects.all(), uuid)
    if found is None:
        raise NotFound("Dit signaal bestaat niet.")
    organisation = permissions.acting_organisation(actor)
    if organisation is None or organisation.pk != found.organisation_id:
        raise deny(actor, "signal.view", found, "Dit signaal is niet van je organisatie.")
    return found


@dataclass(frozen=True)
class MatchView:
    """What a match tells an organisation: the other organisation and its contact, nothing more."""

    uuid: Any
    created_at: dt.datetime
    my_signal: Any
    organisation: Organisation
    contact_name: str
    contact_email: str
    dossier_uuid: Any = None  # a dossier of the other organisation about the same subject, to ask to join
    dossier_reference: str = ""


def _joinable(mine: Signal, theirs: Signal, organisation: Organisation) -> Dossier | None:
    """A dossier the other organisation takes part in, about this subject, that mine does not (yet)."""
    return (
        Dossier.objects.filter(
            subjects__pseudonym=mine.pseudonym,
            participations__organisation_id=theirs.organisation_id,
            participations__status=Participation.Status.ACTIVE,
        )
        .exclude(
            participations__organisation=organisation,
            participations__status__in=[Participation.Status.ACTIVE, Participation.Status.REQUESTED],
        )
        .order_by("-created_at")
        .first()
    )


def matches(actor: Actor) -> list[MatchView]:
    organisation = permissions.acting_organisation(actor)
    if organisation is None:
        return []
    rows = (
        SignalMatch.objects.filter(Q(first__organisation=organisation) | Q(second__organisation=organisation))
        .select_related("first__organisation", "second__organisation", "first__contact", "second__contact")
        .order_by("-created_at", "-id")
    )
    views = []
    for row in rows:
        mine, theirs = (
            (row.first, row.second)
            if row.first.organisation_id == organisation.pk
            else (row.second, row.first)
        )
        contact = theirs.contact
        joinable = _joinable(mine, theirs, organisation)
        views.append(
            MatchView(
                uuid=row.uuid,
                created_at=row.created_at,
                my_signal=mine.uuid,
                organisation=theirs.organisation,
                contact_name=contact.get_full_name() if contact else "",
                contact_email=contact.email if contact else "",
                dossier_uuid=joinable.uuid if joinable else None,
                dossier_reference=joinable.reference if joinable else "",
            )
        )
    return views


def is_match_party(actor: Actor, match_uuid: Any) -> bool:
    return any(m.uuid == match_uuid or str(m.uuid) == str(match_uuid) for m in matches(actor))


def participant_organisation(dossier: Dossier, uuid: Any) -> Organisation:
    """An organisation actively taking part in ``dossier`` (for owners of plan actions)."""
    found = _uuid_lookup(
        Organisation.objects.filter(
            pk__in=dossier.participations.filter(status=Participation.Status.ACTIVE).values("organisation")
        ),
        uuid,
    )
    if found is None:
        from opgave.dossiers.errors import invalid

        raise invalid("owner", "Deze organisatie neemt niet actief deel aan het dossier.")
    return found


def claimable_purposes(actor: Actor) -> QuerySet[Any]:
    """Register entries the actor's organisation may name as its purpose (its own, or shared ones)."""
    from opgave.core.models import ProcessingActivity
    from opgave.dossiers.exports import EXPORT_ACTIVITY

    organisation = permissions.acting_organisation(actor)
    if organisation is None:
        return ProcessingActivity.objects.none()
    return ProcessingActivity.objects.filter(Q(controller__isnull=True) | Q(controller=organisation)).exclude(
        code=EXPORT_ACTIVITY
    )
