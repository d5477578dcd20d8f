"""Writes on a collaboration: create, update public fields, edit the draft design, agree a version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError as PydanticError

from opgave.collaborations import permissions, questionnaire
from opgave.collaborations.design import Design, parse_design, step_answered
from opgave.collaborations.models import (
    Activity,
    ActivityKind,
    Collaboration,
    DesignVersion,
    NationalRelation,
    Participation,
    Programme,
    Status,
    Theme,
)
from opgave.collaborations.services._common import Actor, check_revision, deny, record
from opgave.core.exceptions import Invalid
from opgave.core.models import Organisation, OrganisationKind

PUBLIC_FIELDS = ("name", "opgave", "is_national", "status", "national_relation", "review_interval_days")


def _pydantic_errors(error: PydanticError) -> list[dict[str, str]]:
    return [
        {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
        for e in error.errors(include_url=False)
    ]


def validate_design(data: dict[str, Any]) -> Design:
    """Validate a design and apply the step 3 rules (proposed principle; override needs a reason)."""
    try:
        design = parse_design(data)
    except PydanticError as error:
        raise Invalid("Het ontwerp bevat ongeldige waarden.", _pydantic_errors(error)) from None
    s3 = design.step3
    try:  # the proposal always follows from the answers; a client cannot set it
        s3.proposed_principle = questionnaire.score(s3.answers).proposed
    except ValueError as error:
        raise Invalid(f"De vragenlijst is ongeldig: {error}") from None
    overridden = (
        s3.chosen_principle and s3.proposed_principle and s3.chosen_principle != s3.proposed_principle
    )
    if overridden and not s3.override_reason:
        raise Invalid(
            "Je kiest een ander leidend principe dan de vragenlijst voorstelt; geef aan waarom.",
            [
                {
                    "field": "step3.override_reason",
                    "message": "Reden is verplicht bij afwijken van het voorstel.",
                }
            ],
        )
    return design


def _validate_public(fields: dict[str, Any]) -> None:
    errors = []
    if "name" in fields and not str(fields["name"]).strip():
        errors.append({"field": "name", "message": "Geef de samenwerking een naam."})
    if "opgave" in fields and not str(fields["opgave"]).strip():
        errors.append({"field": "opgave", "message": "Beschrijf de opgave in een paar woorden."})
    if "status" in fields and fields["status"] not in Status.values:
        errors.append({"field": "status", "message": "Kies verkennend, actief, cruisend of beëindigd."})
    if fields.get("national_relation") and fields["national_relation"] not in NationalRelation.values:
        errors.append({"field": "national_relation", "message": "Kies boven, naast, onder of toeschouwer."})
    if "review_interval_days" in fields and not 7 <= int(fields["review_interval_days"]) <= 1095:
        errors.append(
            {"field": "review_interval_days", "message": "Kies een termijn tussen 7 en 1095 dagen."}
        )
    if errors:
        raise Invalid("Niet alle velden zijn goed ingevuld.", errors)


def _set_region(collaboration: Collaboration, region: list[Organisation] | None) -> None:
    if region is None:
        return
    wrong = [o.name for o in region if o.kind not in (OrganisationKind.GEMEENTE, OrganisationKind.PROVINCIE)]
    if wrong:
        raise Invalid(f"Een regio bestaat uit gemeenten en provincies; dit zijn ze niet: {', '.join(wrong)}.")
    collaboration.region.set(region)


def create_collaboration(
    *,
    actor: Actor,
    name: str,
    opgave: str,
    owners: list[Organisation],
    region: list[Organisation] | None = None,
    is_national: bool = False,
    status: str = Status.VERKENNEND,
    national_relation: str = "",
    review_interval_days: int = 180,
    programme: Programme | None = None,
    theme: Theme | None = None,
) -> Collaboration:
    """Create a collaboration; the creator must be a member of at least one owner and becomes facilitator."""
    my_orgs = permissions.organisation_ids(actor.principal)
    if not owners or not my_orgs & {o.id for o in owners}:
        raise deny(
            actor,
            "collaboration.create",
            None,
            "Je kunt alleen een samenwerking starten namens een eigen organisatie.",
        )
    fields = {
        "name": name,
        "opgave": opgave,
        "status": status,
        "national_relation": national_relation,
        "review_interval_days": review_interval_days,
    }
    _validate_public(fields)
    if theme is not None and theme.programme_id != getattr(programme, "id", None):
        raise Invalid("Dit thema hoort niet bij het gekozen programma.")
    now = timezone.now()
    with transaction.atomic():
        item = Collaboration.objects.create(
            name=name.strip(),
            opgave=opgave.strip(),
            is_national=is_national,
            status=status,
            national_relation=national_relation,
            review_interval_days=review_interval_days,
            programme=programme,
            theme=theme,
            created_by=actor.person,
            draft=Design().to_json(),
        )
        item.owners.set(owners)
        _set_region(item, region)
        if actor.person is not None:
            item.facilitators.add(actor.person)
        for org in owners:
            Participation.objects.create(collaboration=item, organisation=org, joined_at=now)
        record(actor, "collaboration.create", item, {"name": item.name})
    return item


GOVERNANCE_FIELDS = ("owners", "region", "programme", "theme", "share_diagnostics_with_programme")


def _orgs(orgs: Any) -> list[dict[str, str]]:
    return [{"id": str(o.uuid), "name": o.name} for o in sorted(orgs, key=lambda o: o.name)]


def _ref(obj: Any) -> dict[str, str] | None:
    return {"id": str(obj.uuid), "name": obj.name} if obj is not None else None


def update_collaboration(
    collaboration: Collaboration,
    *,
    actor: Actor,
    expected_revision: int | None,
    region: list[Organisation] | None = None,
    owners: list[Organisation] | None = None,
    programme: Programme | bool | None = False,
    theme: Theme | bool | None = False,
    share_diagnostics_with_programme: bool | None = None,
    **fields: Any,
) -> Collaboration:
    """Change the public fields and, for owner administrators, the governance fields.

    Public fields (:data:`PUBLIC_FIELDS`): owner members and facilitators
    (:func:`~opgave.collaborations.permissions.can_manage`). Owners, region, programme, theme and
    the consent to share diagnostics with the programme's owners: owner administrators
    (:func:`~opgave.collaborations.permissions.can_govern`); an owner organisation is removed only
    by its own administrator. ``programme=False``/``theme=False``/``None`` mean *unchanged*.
    A new programme withdraws the consent to share diagnostics (it was given for the old one).
    Every changed field is in the audit record, with its old and new value.
    """
    action = "collaboration.update"
    if not permissions.can_manage(actor.principal, collaboration):
        raise deny(actor, action, collaboration, "Alleen eigenaren en facilitatoren wijzigen deze gegevens.")
    unknown = set(fields) - set(PUBLIC_FIELDS)
    if unknown:
        raise Invalid(f"Onbekende velden: {', '.join(sorted(unknown))}.")
    _validate_public(fields)
    if owners is not None and not owners:
        raise Invalid(
            "Een samenwerking heeft minstens één eigenaar.", [{"field": "owners", "message": "Verplicht."}]
        )
    try:
        return _apply_update(
            collaboration,
            actor,
            expected_revision,
            region,
            owners,
            programme,
            theme,
            share_diagnostics_with_programme,
            fields,
        )
    except _Refused as refusal:
        raise deny(actor, action, collaboration, str(refusal)) from None


class _Refused(Exception):
    """Raised inside the write's transaction (so it rolls back); recorded outside it."""


def _apply_update(
    collaboration: Collaboration,
    actor: Actor,
    expected_revision: int | None,
    region: list[Organisation] | None,
    owners: list[Organisation] | None,
    programme: Programme | bool | None,
    theme: Theme | bool | None,
    share_diagnostics_with_programme: bool | None,
    fields: dict[str, Any],
) -> Collaboration:
    action = "collaboration.update"
    with transaction.atomic():
        locked = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
        check_revision(locked, expected_revision)
        changes: dict[str, Any] = {}
        for key, value in fields.items():
            value = value.strip() if isinstance(value, str) else value
            if getattr(locked, key) != value:
                changes[key] = {"oud": getattr(locked, key), "nieuw": value}
                setattr(locked, key, value)
        old_owners = list(locked.owners.all())
        if owners is not None and {o.pk for o in owners} != {o.pk for o in old_owners}:
            changes["owners"] = {"oud": _orgs(old_owners), "nieuw": _orgs(owners)}
        old_region = list(locked.region.all())
        if region is not None and {o.pk for o in region} != {o.pk for o in old_region}:
            changes["region"] = {"oud": _orgs(old_region), "nieuw": _orgs(region)}
        if programme is not False and programme != locked.programme:
            changes["programme"] = {"oud": _ref(locked.programme), "nieuw": _ref(programme)}
            locked.programme = programme  # type: ignore[assignment]
            if locked.share_diagnostics_with_programme and share_diagnostics_with_programme is None:
                share_diagnostics_with_programme = False
        if theme is not False and theme != locked.theme:
            changes["theme"] = {"oud": _ref(locked.theme), "nieuw": _ref(theme)}
            locked.theme = theme  # type: ignore[assignment]
        share = share_diagnostics_with_programme
        if share is not None and bool(share) != locked.share_diagnostics_with_programme:
            changes["share_diagnostics_with_programme"] = {
                "oud": locked.share_diagnostics_with_programme,
                "nieuw": bool(share),
            }
            locked.share_diagnostics_with_programme = bool(share)
        governed = sorted(set(changes) & set(GOVERNANCE_FIELDS))
        if governed and not permissions.can_govern(actor.principal, locked):
            raise _Refused(
                "Alleen beheerders van een eigenaar wijzigen de eigenaren, de regio, het programma, het "
                "thema en het delen van de diagnose."
            )
        removed = {o.pk for o in old_owners} - {o.pk for o in owners or old_owners}
        if any(not permissions.can_remove_owner(actor.principal, pk) for pk in removed):
            raise _Refused("Een eigenaar kan alleen door een eigen beheerder worden weggehaald.")
        if locked.theme is not None and locked.theme.programme_id != locked.programme_id:
            raise Invalid("Dit thema hoort niet bij het gekozen programma.")
        if "region" in changes:
            _set_region(locked, region)
        if "owners" in changes:
            locked.owners.set(owners or [])
        if changes:
            locked.revision += 1
            locked.save()
            record(actor, action, locked, {"changes": changes})
    return locked


def save_draft(
    collaboration: Collaboration,
    *,
    actor: Actor,
    expected_revision: int | None,
    data: dict[str, Any],
    step: int | None = None,
) -> Collaboration:
    """Replace the draft design (``step=None``) or one step of it (``data`` is then that step's object).

    Guarded by the collaboration's revision: a stale ``expected_revision`` raises
    :class:`~opgave.collaborations.errors.PreconditionFailed` and nothing is written.
    """
    if not permissions.can_edit(actor.principal, collaboration):
        raise deny(
            actor, "collaboration.design.update", collaboration, "Alleen deelnemers bewerken het ontwerp."
        )
    if step is not None and step not in (1, 2, 3, 4, 5):
        raise Invalid("Er zijn vijf stappen (1 tot en met 5).")
    with transaction.atomic():
        locked = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
        check_revision(locked, expected_revision)
        whole = dict(locked.draft or {}) if step is not None else data
        if step is not None:
            whole[f"step{step}"] = data
        design = validate_design(whole)
        locked.draft = design.to_json()
        locked.revision += 1
        locked.save(update_fields=["draft", "revision", "updated_at"])
        record(actor, "collaboration.design.update", locked, {"step": step})
    return locked


def _sync_participations(collaboration: Collaboration, design: Design, at: datetime) -> None:
    """Keep the visibility index in step with step 2 (owners always stay in)."""
    active = {p.organisation for p in design.step2.parties if p.active and p.organisation}
    orgs = {str(o.uuid): o for o in Organisation.objects.filter(uuid__in=list(active))}
    owners = set(collaboration.owners.values_list("id", flat=True))
    current = {p.organisation_id: p for p in collaboration.participations.all()}
    wanted = {o.id for o in orgs.values()} | owners
    for org_id in wanted:
        row = current.get(org_id)
        if row is None:
            Participation.objects.create(collaboration=collaboration, organisation_id=org_id, joined_at=at)
        elif row.left_at is not None:
            row.left_at = None
            row.joined_at = at
            row.save(update_fields=["left_at", "joined_at"])
    for org_id, row in current.items():
        if org_id not in wanted and row.left_at is None:
            row.left_at = at
            row.save(update_fields=["left_at"])


def create_version(
    collaboration: Collaboration,
    design: Design,
    *,
    agreements: list[dict[str, Any]],
    created_by: Any,
    note: str = "",
    session: Any = None,
    steps: list[int] | None = None,
    at: datetime | None = None,
) -> DesignVersion:
    """Store an immutable version (call inside the caller's transaction; no permission check)."""
    at = at or timezone.now()
    number = (collaboration.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    confirmed = steps if steps is not None else [s for s in range(1, 6) if step_answered(design, s)]
    version = DesignVersion.objects.create(
        collaboration=collaboration,
        number=number,
        data=design.to_json(),
        steps_confirmed=sorted(confirmed),
        note=note,
        agreements=agreements,
        session=session,
        created_by=created_by,
        agreed_at=at,
    )
    _sync_participations(collaboration, design, at)
    Activity.objects.create(
        collaboration=collaboration,
        kind=ActivityKind.VERSION,
        title=f"Versie {number} van het ontwerp vastgesteld",
        occurred_at=at,
        created_by=created_by,
    )
    return version


def agreement_entry(principal: Any, at: datetime) -> dict[str, Any]:
    """Who agreed: a person (with their first organisation) or an API token (with its organisation)."""
    person = permissions.person_of(principal)
    if person is None:
        return {
            "person": "",
            "name": f"API-token {principal.prefix}",
            "organisation": principal.organisation.name,
            "at": at.isoformat(),
        }
    membership = person.memberships.select_related("organisation").first()
    return {
        "person": str(person.uuid),
        "name": str(person),
        "organisation": membership.organisation.name if membership else "",
        "at": at.isoformat(),
    }


def agree_version(
    collaboration: Collaboration, *, actor: Actor, expected_revision: int | None, note: str = ""
) -> DesignVersion:
    """Fix the current draft as a new version (*vaststellen*), agreed by the actor."""
    if not permissions.can_edit(actor.principal, collaboration):
        raise deny(
            actor, "collaboration.version.create", collaboration, "Alleen deelnemers stellen een versie vast."
        )
    with transaction.atomic():
        locked = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
        check_revision(locked, expected_revision)
        design = validate_design(locked.draft)
        now = timezone.now()
        version = create_version(
            locked,
            design,
            agreements=[agreement_entry(actor.principal, now)],
            created_by=actor.person,
            note=note,
            at=now,
        )
        locked.revision += 1
        locked.save(update_fields=["revision", "updated_at"])
        record(actor, "collaboration.version.create", version, {"number": version.number})
    return version
