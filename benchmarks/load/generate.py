"""Generate the load benchmark's data: the demo scenario plus N collaborations of realistic size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_load python benchmarks/load/generate.py 10000

The collaborations are inserted in bulk (one statement per 1,000 rows per table), with
names, opgave texts and a five-step design draft of the lengths real ones have (about 2 KB
of JSON each), owners and regions spread over the demo organisations, and a participation
per region member. Audit records are not written for them: they are fixtures, not actions.
"""

from __future__ import annotations

import os
import random
import sys
import uuid

WORDS = [
    "schulden",
    "armoede",
    "wonen",
    "jeugd",
    "zorg",
    "werk",
    "inkomen",
    "energie",
    "armoedeval",
    "wijkaanpak",
    "preventie",
    "bestaanszekerheid",
    "mantelzorg",
    "onderwijs",
    "veiligheid",
    "leefbaarheid",
    "regio",
    "samenwerking",
    "gemeenten",
    "provincie",
    "rijk",
    "uitvoering",
    "dienstverlening",
    "toegang",
    "participatie",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")
    os.environ.setdefault("OPGAVE_DEMO", "true")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from opgave.collaborations.models import Collaboration, Participation
    from opgave.core import demo_loader
    from opgave.core.models import Organisation, OrganisationKind, Person

    call_command("migrate", interactive=False, verbosity=0)
    context = demo_loader.DemoContext()
    for label, module in demo_loader.demo_modules():
        try:
            with transaction.atomic():
                module.load(context)
        except Exception as exc:  # one pillar's broken demo need not stop the benchmark
            print(f"demo {label}: {type(exc).__name__}: {exc}", flush=True)
    existing = Collaboration.objects.filter(name__startswith="Last ").count()
    if existing >= count:
        print(f"{existing} generated collaborations already present")
        return
    rng = random.Random(8)
    regional = list(
        Organisation.objects.filter(kind__in=[OrganisationKind.GEMEENTE, OrganisationKind.PROVINCIE])
    )
    everyone = list(Organisation.objects.all())
    author = Person.objects.filter(is_demo=True).order_by("pk").first()
    Through = Collaboration.region.through
    Owners = Collaboration.owners.through
    now = timezone.now()
    for start in range(existing, count, 1000):
        batch = []
        for i in range(start, min(count, start + 1000)):
            draft = {
                f"step{n}": {
                    "opgave": sentence(rng, 25),
                    "bedoeling": sentence(rng, 40),
                    "toelichting": sentence(rng, 60),
                }
                for n in range(1, 6)
            }
            batch.append(
                Collaboration(
                    uuid=uuid.uuid4(),
                    name=f"Last {i:05d} " + sentence(rng, 4)[:-1],
                    opgave=sentence(rng, 30),
                    draft=draft,
                    created_by=author,
                )
            )
        with transaction.atomic():
            created = Collaboration.objects.bulk_create(batch)
            owners, regions, parties = [], [], []
            for item in created:
                owner = rng.choice(everyone)
                owners.append(Owners(collaboration_id=item.pk, organisation_id=owner.pk))
                members = rng.sample(regional, k=min(3, len(regional)))
                for member in members:
                    regions.append(Through(collaboration_id=item.pk, organisation_id=member.pk))
                for member in {owner, *members}:
                    parties.append(Participation(collaboration=item, organisation=member, joined_at=now))
            Owners.objects.bulk_create(owners)
            Through.objects.bulk_create(regions)
            Participation.objects.bulk_create(parties)
        print(f"{start + len(batch)} / {count}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
