"""Reads of the learning pillar, with the visibility rules applied (deny by default).

Lessons: :func:`opgave.learning.permissions.lesson_filter` — a collaboration-only lesson never
reaches another user's search results, facet counts or "like yours" lists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, Q, QuerySet

from opgave.collaborations.design import PRINCIPLE_LABELS
from opgave.collaborations.models import Collaboration, DesignVersion, Lesson
from opgave.core.actors import Actor
from opgave.core.exceptions import NotFound, PermissionDenied
from opgave.core.models import Organisation, Person
from opgave.learning import permissions, similarity
from opgave.learning.models import (
    CircleMeeting,
    CircleMember,
    CircleMemberStatus,
    CirclePost,
    CircleThread,
    Evaluation,
    Friction,
    KnowledgeCircle,
    LessonDocument,
    OrganisationProfile,
    Overlap,
    Twinning,
    TwinningForm,
    TwinningProposal,
)
from opgave.learning.search import STEP_LABELS as STEP_LABELS
from opgave.learning.search import FacetValue as FacetValue
from opgave.learning.search import RankedLessons as RankedLessons
from opgave.learning.search import SearchFilters as SearchFilters
from opgave.learning.search import SearchResult as SearchResult
from opgave.learning.search import search as search


def _signed_in(actor: Actor) -> None:
    if not permissions.is_known(actor):
        raise PermissionDenied("Log in om dit te bekijken.")


def _by_uuid(qs: QuerySet[Any], value: Any, message: str) -> Any:
    try:
        return qs.get(uuid=value)
    except (qs.model.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound(message) from None


# -- lessons and the academy --------------------------------------------------------------------


def lessons(actor: Actor) -> QuerySet[Lesson]:
    """Every lesson ``actor`` may see (anonymous: the public ones)."""
    return (
        Lesson.objects.filter(permissions.lesson_filter(actor))
        .select_related("collaboration", "collaboration__theme", "twinning_source__twinning", "created_by")
        .distinct()
    )


def lesson(actor: Actor, value: Any) -> Lesson:
    found: Lesson = _by_uuid(lessons(actor), value, "Deze les bestaat niet of is niet zichtbaar voor u.")
    return found


@dataclass(frozen=True)
class Overview:
    """The figures of the Leren landing page; the last three only for a signed-in user."""

    lessons: int
    circles: int | None = None
    twinnings: int | None = None
    collaborations: int | None = None


def overview(actor: Actor) -> Overview:
    """How many lessons ``actor`` may see, and (signed in) how many circles, twinnings and
    collaborations the platform holds — counted, never built."""
    visible = LessonDocument.objects.filter(permissions.lesson_filter(actor, id_field="lesson_id")).count()
    if not permissions.is_known(actor):
        return Overview(lessons=visible)
    return Overview(
        lessons=visible,
        circles=KnowledgeCircle.objects.count(),
        twinnings=Twinning.objects.count(),
        collaborations=Collaboration.objects.count(),
    )


# -- the registry (public part of every collaboration) -------------------------------------------


def _perspectives(ids: list[int]) -> dict[int, str]:
    """The leading governance perspective of each collaboration, from its latest agreed version."""
    found: dict[int, str] = {}
    for version in DesignVersion.objects.filter(collaboration_id__in=ids).order_by(
        "collaboration_id", "-number"
    ):
        if version.collaboration_id in found:
            continue
        step3 = (version.data or {}).get("step3") or {}
        found[version.collaboration_id] = (
            step3.get("chosen_principle") or step3.get("proposed_principle") or ""
        )
    return found


@dataclass
class Entry:
    """A collaboration as the registry shows it."""

    collaboration: Collaboration
    facts: similarity.Facts
    owners: list[Organisation]
    parties: list[Organisation]
    region: list[Organisation]

    @property
    def perspective_label(self) -> str:
        return self.facts.perspective_label


def registry(actor: Actor, *, theme: str = "", region: str = "", query: str = "") -> list[Entry]:
    """Every collaboration's public part (signed-in users)."""
    _signed_in(actor)
    qs = Collaboration.objects.select_related("theme").prefetch_related(
        "owners", "region", "participations__organisation"
    )
    if theme:
        qs = qs.filter(theme__name=theme)
    if region:
        qs = qs.filter(Q(region__name=region) | Q(is_national=True))
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(opgave__icontains=query))
    items = list(qs.distinct().order_by("name"))
    perspectives = _perspectives([c.id for c in items])
    entries = []
    for item in items:
        owners = list(item.owners.all())
        participants = [p.organisation for p in item.participations.all() if p.left_at is None]
        parties = sorted({o.id: o for o in owners + participants}.values(), key=lambda o: o.name)
        region_orgs = list(item.region.all())
        perspective = perspectives.get(item.id, "")
        facts = similarity.Facts(
            id=item.id,
            name=item.name,
            opgave=item.opgave,
            region=frozenset(o.name for o in region_orgs),
            is_national=item.is_national,
            parties=frozenset(o.name for o in parties),
            perspective=perspective,
            perspective_label=PRINCIPLE_LABELS.get(perspective, ""),
        )
        entries.append(Entry(item, facts, owners, parties, region_orgs))
    return entries


def registry_entry(actor: Actor, value: Any) -> Entry:
    _signed_in(actor)
    item = _by_uuid(Collaboration.objects.all(), value, "Deze samenwerking bestaat niet.")
    for entry in registry(actor):
        if entry.collaboration.pk == item.pk:
            return entry
    raise NotFound("Deze samenwerking bestaat niet.")


@dataclass
class OverlapView:
    other: Collaboration
    score: float
    reasons: list[str]
    strong: bool


def overlaps_for(actor: Actor, value: Any) -> tuple[Entry, list[OverlapView]]:
    """Collaborations that overlap with one collaboration, computed now over the whole registry."""
    entries = registry(actor)
    target = next((e for e in entries if str(e.collaboration.uuid) == str(value)), None)
    if target is None:
        raise NotFound("Deze samenwerking bestaat niet.")
    by_id = {e.collaboration.id: e.collaboration for e in entries}
    found = []
    for match in similarity.overlaps([e.facts for e in entries]):
        if target.collaboration.id in (match.a, match.b):
            other = match.b if match.a == target.collaboration.id else match.a
            found.append(OverlapView(by_id[other], match.score, match.reasons, match.strong))
    return target, found


def stored_overlaps(actor: Actor) -> QuerySet[Overlap]:
    _signed_in(actor)
    return Overlap.objects.select_related("a", "b").order_by("-score")


@dataclass
class LikeYours:
    collaboration: Collaboration
    score: float
    reasons: list[str]
    lessons: list[Lesson]


def lessons_like_yours(actor: Actor, value: Any, *, limit: int = 5) -> tuple[Entry, list[LikeYours]]:
    """For one collaboration: lessons (visible to ``actor``) from others with a similar design."""
    entries = registry(actor)
    target = next((e for e in entries if str(e.collaboration.uuid) == str(value)), None)
    if target is None:
        raise NotFound("Deze samenwerking bestaat niet.")
    visible = lessons(actor).exclude(collaboration=target.collaboration).filter(collaboration__isnull=False)
    per_collaboration: dict[int, list[Lesson]] = defaultdict(list)
    for item in visible.order_by("-recorded_at"):
        assert item.collaboration_id is not None
        per_collaboration[item.collaboration_id].append(item)
    others = [e for e in entries if e.collaboration.id in per_collaboration]
    by_id = {e.collaboration.id: e.collaboration for e in others}
    found = [
        LikeYours(by_id[m.b], m.score, m.reasons, per_collaboration[m.b][:3])
        for m in similarity.alike(target.facts, [e.facts for e in others])
    ]
    return target, found[:limit]


# -- network -------------------------------------------------------------------------------------


def network(actor: Actor, *, theme: str = "", region: str = "") -> dict[str, Any]:
    """Organisations and collaborations as a graph: which organisations connect many
    collaborations, and which collaborations stand alone (share no organisation with another)."""
    entries = registry(actor, theme=theme, region=region)
    organisations: dict[int, Organisation] = {}
    links: dict[int, set[int]] = defaultdict(set)
    edges = []
    for entry in entries:
        for org in entry.parties:
            organisations[org.id] = org
            links[org.id].add(entry.collaboration.id)
            edges.append({"source": f"o{org.id}", "target": f"c{entry.collaboration.id}"})
    shared_orgs = {oid for oid, cids in links.items() if len(cids) > 1}
    nodes = []
    for entry in entries:
        c = entry.collaboration
        alone = not any(o.id in shared_orgs for o in entry.parties)
        nodes.append(
            {
                "id": f"c{c.id}",
                "kind": "collaboration",
                "label": c.name,
                "theme": c.theme.name if c.theme else "",
                "region": sorted(o.name for o in entry.region) or (["landelijk"] if c.is_national else []),
                "connections": len(entry.parties),
                "alone": alone,
                "uuid": str(c.uuid),
            }
        )
    for org in sorted(organisations.values(), key=lambda o: o.name):
        nodes.append(
            {
                "id": f"o{org.id}",
                "kind": "organisation",
                "label": org.name,
                "connections": len(links[org.id]),
                "alone": False,
            }
        )
    return {"nodes": nodes, "edges": edges}


# -- twinning ------------------------------------------------------------------------------------


def twinnings(actor: Actor) -> QuerySet[Twinning]:
    """Every twinning's public part (signed-in users), with its forms over time read along."""
    _signed_in(actor)
    return (
        Twinning.objects.select_related("partner_a", "partner_b", "commissioned_by")
        .prefetch_related(Prefetch("forms", queryset=TwinningForm.objects.select_related("master")))
        .order_by("-started_on")
    )


def twinning(actor: Actor, value: Any) -> Twinning:
    found: Twinning = _by_uuid(twinnings(actor), value, "Deze twinning bestaat niet.")
    return found


def public_twinning(value: Any) -> Twinning:
    """The public results page: anyone may read partners, goals and results."""
    found: Twinning = _by_uuid(
        Twinning.objects.select_related("partner_a", "partner_b", "commissioned_by"),
        value,
        "Deze twinning bestaat niet.",
    )
    return found


def require_partner(actor: Actor, item: Twinning) -> None:
    if not permissions.is_partner(actor, item):
        raise PermissionDenied(
            "Alleen medewerkers van de twee partnerorganisaties zien dit deel van de twinning."
        )


def proposal(actor: Actor, value: Any) -> TwinningProposal:
    found: TwinningProposal = _by_uuid(
        TwinningProposal.objects.select_related("twinning", "organisation"),
        value,
        "Dit voorstel bestaat niet.",
    )
    require_partner(actor, found.twinning)
    return found


def partner_suggestions(
    actor: Actor, organisation: Organisation
) -> list[tuple[Organisation, similarity.Match]]:
    _signed_in(actor)
    profiles = {p.organisation_id: p for p in OrganisationProfile.objects.select_related("organisation")}
    mine = profiles.get(organisation.id)
    if mine is None:
        return []

    def as_profile(p: OrganisationProfile) -> similarity.Profile:
        return similarity.Profile(
            p.organisation_id,
            p.organisation.name,
            frozenset(p.core_processes),
            frozenset(p.strengths),
            frozenset(p.weaknesses),
        )

    matches = similarity.partner_fit(as_profile(mine), [as_profile(p) for p in profiles.values()])
    return [(profiles[m.b].organisation, m) for m in matches]


def profile(organisation: Organisation) -> OrganisationProfile | None:
    return OrganisationProfile.objects.filter(organisation=organisation).first()


def my_organisations(actor: Actor) -> QuerySet[Organisation]:
    return Organisation.objects.filter(id__in=permissions.organisation_ids(actor)).order_by("name")


# -- knowledge circles ---------------------------------------------------------------------------


def circles(actor: Actor) -> QuerySet[KnowledgeCircle]:
    _signed_in(actor)
    return KnowledgeCircle.objects.annotate(
        member_count=Count("members", filter=Q(members__status=CircleMemberStatus.ACTIVE), distinct=True)
    ).order_by("name")


def circle(actor: Actor, value: Any) -> KnowledgeCircle:
    found: KnowledgeCircle = _by_uuid(circles(actor), value, "Deze kenniskring bestaat niet.")
    return found


def require_circle_member(actor: Actor, item: KnowledgeCircle) -> None:
    if not permissions.is_circle_member(actor, item):
        raise PermissionDenied("Alleen leden van de kenniskring zien de bijeenkomsten en discussies.")


def my_circle_membership(actor: Actor, item: KnowledgeCircle) -> CircleMember | None:
    person = actor.person
    if person is None:
        return None
    return CircleMember.objects.filter(circle=item, person=person).first()


def circle_members(actor: Actor, item: KnowledgeCircle) -> QuerySet[CircleMember]:
    require_circle_member(actor, item)
    qs = CircleMember.objects.filter(circle=item).select_related("person", "organisation")
    if not permissions.is_circle_lead(actor, item):
        qs = qs.filter(status=CircleMemberStatus.ACTIVE)
    return qs


def circle_lessons(actor: Actor, item: KnowledgeCircle) -> QuerySet[Lesson]:
    return lessons(actor).filter(circles=item)


def thread_posts(actor: Actor, item: CircleThread) -> QuerySet[CirclePost]:
    """The opening message and the replies of a thread, oldest first (active members)."""
    require_circle_member(actor, item.circle)
    return CirclePost.objects.filter(thread=item).select_related("created_by").order_by("created_at", "id")


def thread(actor: Actor, value: Any) -> CircleThread:
    found: CircleThread = _by_uuid(
        CircleThread.objects.select_related("circle"), value, "Deze discussie bestaat niet."
    )
    require_circle_member(actor, found.circle)
    return found


def circle_member(actor: Actor, item: KnowledgeCircle, value: Any) -> CircleMember:
    """One member record of a circle (for the trekkers: a request to decide)."""
    require_circle_member(actor, item)
    found: CircleMember = _by_uuid(
        CircleMember.objects.filter(circle=item), value, "Deze aanmelding bestaat niet."
    )
    return found


def invitable_people(actor: Actor, item: KnowledgeCircle) -> list[tuple[str, str]]:
    """People a trekker can invite: active people of any organisation, not yet (invited) members."""
    if not permissions.is_circle_lead(actor, item):
        return []
    taken = (
        CircleMember.objects.filter(circle=item)
        .exclude(status=CircleMemberStatus.DECLINED)
        .values("person_id")
    )
    people = Person.objects.filter(is_active=True, memberships__isnull=False).exclude(id__in=taken).distinct()
    return [
        (str(p.uuid), p.get_full_name() or p.get_username())
        for p in people.order_by("last_name", "first_name")
    ]


def person(value: Any) -> Person:
    found: Person = _by_uuid(Person.objects.filter(is_active=True), value, "Deze persoon bestaat niet.")
    return found


def evaluation(actor: Actor, item: Twinning, value: Any) -> Evaluation:
    require_partner(actor, item)
    found: Evaluation = _by_uuid(item.evaluations.all(), value, "Deze evaluatie bestaat niet.")
    return found


def friction(actor: Actor, value: Any) -> Friction:
    found: Friction = _by_uuid(
        Friction.objects.select_related("twinning"), value, "Deze frictie bestaat niet."
    )
    require_partner(actor, found.twinning)
    return found


@dataclass
class TwinningPicture:
    """Everything the partners see of a twinning."""

    forms: list[Any]
    activities: list[Any]
    proposals: list[Any]
    frictions: list[Any]
    evaluations: list[Any]
    lessons: list[Lesson]


def twinning_picture(actor: Actor, item: Twinning) -> TwinningPicture:
    require_partner(actor, item)
    return TwinningPicture(
        forms=list(item.forms.select_related("master")),
        activities=list(item.activities.select_related("presented_by")),
        proposals=list(item.proposals.select_related("organisation", "submitted_by", "reviewed_by")),
        frictions=list(item.frictions.all()),
        evaluations=list(item.evaluations.all()),
        lessons=list(lessons(actor).filter(twinning_source__twinning=item)),
    )


def public_results(item: Twinning) -> dict[str, Any]:
    """What the public results page shows: counts and the public lessons, never internal texts."""
    return {
        "forms": list(item.forms.select_related("master")),
        "activity_counts": list(item.activities.values("kind").annotate(n=Count("id")).order_by("kind")),
        "approved_proposals": item.proposals.filter(status__in=["goedgekeurd", "uitgevoerd"]).count(),
        "lessons": list(
            Lesson.objects.filter(visibility="public", twinning_source__twinning=item).order_by(
                "-recorded_at"
            )
        ),
        "evaluations": list(item.evaluations.exclude(outcome="").order_by("held_on")),
    }


def organisation(value: Any, field: str = "organisation") -> Organisation:
    """An organisation named in a request; a readable error when it does not exist."""
    from opgave.core.exceptions import Invalid

    try:
        return Organisation.objects.get(uuid=value)
    except (Organisation.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise Invalid(
            "Deze organisatie bestaat niet.", [{"field": field, "message": "Onbekende organisatie."}]
        ) from None


def collaboration(actor: Actor, value: Any) -> Collaboration:
    _signed_in(actor)
    found: Collaboration = _by_uuid(Collaboration.objects.all(), value, "Deze samenwerking bestaat niet.")
    return found


def meeting(actor: Actor, value: Any) -> CircleMeeting:
    found: CircleMeeting = _by_uuid(
        CircleMeeting.objects.select_related("circle"), value, "Deze bijeenkomst bestaat niet."
    )
    require_circle_member(actor, found.circle)
    return found


def member_record(actor: Actor, value: Any) -> CircleMember:
    """A membership record: the invitee sees their own, the circle's members see the others."""
    found: CircleMember = _by_uuid(
        CircleMember.objects.select_related("circle"), value, "Dit lidmaatschap bestaat niet."
    )
    if actor.person is not None and found.person_id == actor.person.pk:
        return found
    require_circle_member(actor, found.circle)
    return found


def twinning_evaluation(actor: Actor, value: Any) -> Evaluation:
    found: Evaluation = _by_uuid(
        Evaluation.objects.select_related("twinning"), value, "Deze evaluatie bestaat niet."
    )
    require_partner(actor, found.twinning)
    return found


def decidable_proposal(actor: Actor, value: Any) -> TwinningProposal:
    """A proposal ``actor`` may decide on (before any revision check, so a refusal is a refusal)."""
    found = proposal(actor, value)
    if not permissions.can_decide_proposal(actor, found):
        raise PermissionDenied(
            "Een beheerder van een van de partners beslist over een voorstel, niet de indiener zelf."
        )
    return found


def evaluable(actor: Actor, value: Any) -> Evaluation:
    """An evaluation ``actor`` may record the outcome of."""
    found = twinning_evaluation(actor, value)
    if not permissions.can_evaluate(actor, found.twinning):
        raise PermissionDenied("Een beheerder van een van de partners legt de evaluatie vast.")
    return found


def circle_meetings(actor: Actor, item: KnowledgeCircle) -> QuerySet[CircleMeeting]:
    require_circle_member(actor, item)
    return item.meetings.all()


def circle_threads(actor: Actor, item: KnowledgeCircle) -> QuerySet[CircleThread]:
    require_circle_member(actor, item)
    return item.threads.all()
