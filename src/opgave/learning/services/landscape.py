"""Writes of the landscape: store the overlaps found and notify both sides of a new strong one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from opgave.collaborations.design import parse_design
from opgave.collaborations.models import Collaboration
from opgave.core.actors import Actor
from opgave.core.exceptions import PermissionDenied
from opgave.core.models import Person
from opgave.learning import notices, selectors, similarity
from opgave.learning.models import Overlap
from opgave.learning.services._common import record


@dataclass(frozen=True)
class RefreshReport:
    found: int
    new_strong: int
    notified: int


def regisseurs(collaboration: Collaboration) -> list[Person]:
    """Who hears of a new overlap: the contact persons of parties with the role *regisseur* in
    the current design, and the facilitators."""
    people = {p.pk: p for p in collaboration.facilitators.filter(is_active=True)}
    try:
        design = parse_design(collaboration.draft or {})
    except Exception:  # an unreadable draft must not stop the landscape
        design = None
    contacts = (
        [p.contact_person for p in design.step2.parties if p.role == "regisseur" and p.contact_person]
        if design
        else []
    )
    for person in Person.objects.filter(uuid__in=contacts, is_active=True):
        people[person.pk] = person
    return sorted(people.values(), key=lambda p: p.pk)


def refresh_overlaps(*, actor: Actor) -> RefreshReport:
    """Recompute every overlap of the registry; tell both collaborations' regisseurs and
    facilitators about each *new* strong overlap (once)."""
    if not actor.is_system:
        raise PermissionDenied("Alleen het platform zelf berekent de overlappen opnieuw.")
    entries = selectors.registry(actor)
    matches = similarity.overlaps([e.facts for e in entries])
    by_id = {e.collaboration.id: e.collaboration for e in entries}
    now = timezone.now()
    new_strong = notified = 0
    with transaction.atomic():
        keep = []
        for match in matches:
            overlap, _ = Overlap.objects.update_or_create(
                a_id=match.a,
                b_id=match.b,
                defaults={"score": match.score, "reasons": match.reasons, "detected_at": now},
            )
            keep.append(overlap.pk)
            if match.strong and overlap.notified_at is None:
                new_strong += 1
                a, b = by_id[match.a], by_id[match.b]
                for mine, other in ((a, b), (b, a)):
                    for person in regisseurs(mine):
                        notices.notify(
                            recipient=person,
                            kind="landscape.overlap",
                            title=f"Overlap gevonden: {mine.name} en {other.name}",
                            body=(
                                f"{other.name} werkt aan een opgave die sterk overlapt met die van {mine.name} "
                                f"(score {match.score:.2f}). "
                                + " ".join(match.reasons)
                                + " Bespreek in stap 5 of u wilt samenwerken, concurreren of afstand houden."
                            ),
                            url=reverse("learning:entry", args=[mine.uuid]),
                            actor=actor,
                        )
                        notified += 1
                overlap.notified_at = now
                overlap.save(update_fields=["notified_at"])
        Overlap.objects.exclude(pk__in=keep).delete()
        record(actor, "landscape.overlaps.refresh", None, {"found": len(matches), "new_strong": new_strong})
    return RefreshReport(len(matches), new_strong, notified)
