"""Academy search over a large corpus of lessons: latency percentiles (not a test; no limits).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_learning_bench \\
        PYTHONPATH=src .venv/bin/python benchmarks/learning/academy_search.py [--lessons 100000] [--searches 300]

Without ``DATABASE_URL`` it runs on an SQLite file under ``var/`` (the embedded default, FTS5).
The database is migrated and filled once (reused when it already holds the corpus). Each search is
what the academy page does: visibility filter, Dutch full-text match, ranking, the first page of
20 results *and* the five facet counts, as a signed-in person of one organisation that takes part
in a few collaborations (so collaboration-only lessons must be filtered out).

Above 1,000 matches the search counts up to the cap (ADR 0049): ``--per-query`` writes such a
total as ``1000+``. ``--explain`` prints each statement of a few typical searches with the
execution time and buffers PostgreSQL reports (EXPLAIN ANALYZE), which the machine's load
disturbs less than the wall-clock percentiles.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-academy.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from opgave.collaborations.models import Collaboration, Lesson, Participation, Programme, Theme  # noqa: E402
from opgave.core.actors import Actor  # noqa: E402
from opgave.core.models import Membership, Organisation, Person  # noqa: E402
from opgave.learning import search_index, selectors  # noqa: E402

SUBJECTS = [
    "huishoudens met schulden",
    "de schuldhulpverlening",
    "jongeren",
    "gezinnen",
    "de gemeente",
    "het waterschap",
    "woningcorporaties",
    "het wijkteam",
    "de provincie",
    "uitvoeringsorganisaties",
    "statushouders",
    "ouderen",
    "mantelzorgers",
    "bewonersinitiatieven",
    "de raad",
    "het ministerie",
    "de regisseur",
    "samenwerkingen",
]
VERBS = [
    "bereiken",
    "helpen",
    "betrekken",
    "financieren",
    "informeren",
    "ondersteunen",
    "vinden",
    "begeleiden",
    "verbinden",
]
OBJECTS = [
    "betalingsachterstanden",
    "een convenant",
    "gegevensdeling",
    "jeugdzorg",
    "de energietransitie",
    "laaggeletterdheid",
    "wateroverlast",
    "hittestress",
    "betaalbare woningen",
    "de beslagvrije voet",
    "incasso",
    "een gezamenlijk budget",
    "de taakstelling",
    "prestatie-indicatoren",
    "vroegsignalering",
    "een huisbezoek",
    "één plan per gezin",
    "de omgevingswet",
    "toeslagen",
    "ondermijning",
    "dakloosheid",
    "werk en inkomen",
    "klachtenbehandeling",
]
LINKS = ["omdat", "zodat", "terwijl", "want", "maar"]
QUERIES = [
    "schulden",
    "huishoudens",
    "samenwerkingen",
    "convenant gegevensdeling",
    "jeugdzorg",
    "woningcorporaties",
    "betalingsachterstanden",
    "huisbezoek",
    "wateroverlast gemeente",
    "budget",
    "statushouders werk",
    "beslagvrije voet",
    "raad",
    "laaggeletterdheid",
    "energietransitie",
    "incasso schulden",
    "ouderen wonen",
    "regisseur gezin",
    "klachten",
    "prestatie indicatoren",
]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(LINKS)} {rng.choice(SUBJECTS)} {rng.choice(OBJECTS)} {rng.choice(VERBS)}."


def build(lessons: int) -> None:
    rng = random.Random(2005)
    call_command("migrate", verbosity=0)
    if Lesson.objects.count() >= lessons:
        return
    print(f"Corpus opbouwen: {lessons} lessen ...", flush=True)
    started = time.perf_counter()
    with transaction.atomic():
        orgs = [
            Organisation.objects.get_or_create(name=f"Bench-organisatie {i}", defaults={"kind": "gemeente"})[
                0
            ]
            for i in range(60)
        ]
        programme, _ = Programme.objects.get_or_create(name="Bench-programma")
        themes = [
            Theme.objects.get_or_create(programme=programme, name=n)[0]
            for n in ("Schulden", "Wonen", "Klimaat", "Zorg")
        ]
        collaborations = []
        for i in range(300):
            item = Collaboration.objects.create(
                name=f"Bench-samenwerking {i}",
                opgave=sentence(rng),
                theme=rng.choice(themes),
                programme=programme,
            )
            owners = rng.sample(orgs, 3)
            item.owners.set(owners[:1])
            item.region.set(owners)
            Participation.objects.bulk_create(
                [Participation(collaboration=item, organisation=o, joined_at=timezone.now()) for o in owners]
            )
            collaborations.append(item)
        person, _ = Person.objects.get_or_create(username="bench-lezer")
        Membership.objects.get_or_create(person=person, organisation=orgs[0])
        now = timezone.now()
        batch: list[Lesson] = []
        for _ in range(lessons - Lesson.objects.count()):
            order = rng.choice([1, 1, 2, 3])
            batch.append(
                Lesson(
                    collaboration=rng.choice(collaborations),
                    title=sentence(rng)[:200],
                    description=" ".join(sentence(rng) for _ in range(rng.randint(2, 5))),
                    order=order,
                    instrument=rng.choice(["financieel", "juridisch", "institutioneel", "democratisch"])
                    if order == 2
                    else "",
                    step=rng.choice([None, 1, 2, 3, 4, 5]),
                    perspective=rng.choice(
                        [
                            "",
                            "meerlaags_bestuur",
                            "meerlaags_management",
                            "netwerkende_samenwerking",
                            "maatschappelijke_samenwerking",
                        ]
                    ),
                    tags=rng.sample(["schulden", "wonen", "zorg", "klimaat", "data", "geld"], 2),
                    visibility=rng.choice(["platform", "platform", "platform", "public", "collaboration"]),
                    recorded_at=now,
                )
            )
            if len(batch) == 5000:
                Lesson.objects.bulk_create(batch)  # bulk_create sends no signals: indexed below
                batch = []
        Lesson.objects.bulk_create(batch)
    print(f"  lessen aangemaakt in {time.perf_counter() - started:.0f} s; indexeren ...", flush=True)
    started = time.perf_counter()
    search_index.index_lessons(Lesson.objects.filter(document__isnull=True).iterator(chunk_size=5000))
    settle()
    print(f"  geïndexeerd in {time.perf_counter() - started:.0f} s", flush=True)


def settle() -> None:
    """Clean and analyse the search table, as autovacuum would after a bulk load."""
    if search_index.is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE learning_lessondocument")


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


EXPLAINED = [
    ("common word", selectors.SearchFilters(query="schulden")),
    ("two words", selectors.SearchFilters(query="statushouders werk")),
    ("rare combination", selectors.SearchFilters(query="huisbezoek schulden jeugdzorg woningcorporaties")),
    ("common word and facet filter", selectors.SearchFilters(query="schulden", order=2, step=3)),
    ("no words", selectors.SearchFilters()),
]


def explain(actor: Actor) -> None:
    """Each statement of a search with its execution time and buffers, as PostgreSQL reports it."""
    for label, filters in EXPLAINED:
        selectors.search(actor, filters)  # warm
        with CaptureQueriesContext(connection) as captured:
            result = selectors.search(actor, filters)
            list(result.lessons[:20])
        print(f"== {label}: {filters.query!r} — {result.total}{'' if result.total_exact else '+'} treffers")
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query['sql']}")
                plan = cursor.fetchone()[0][0]
                top = plan["Plan"]
                print(
                    f"   {plan['Execution Time']:7.2f} ms  {top.get('Shared Hit Blocks', 0) + top.get('Shared Read Blocks', 0):>6} buffers"
                    f"  {query['sql'][:90]}"
                )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--per-query", action="store_true", help="also the median per query, by matches")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="EXPLAIN (ANALYZE, BUFFERS) of every statement of a few searches (PostgreSQL; less noisy than wall-clock)",
    )
    args = parser.parse_args()
    build(args.lessons)
    settle()
    actor = Actor.for_person(Person.objects.get(username="bench-lezer"))
    if args.explain:
        explain(actor)
        return
    rng = random.Random(7)
    samples, cpu, queries = [], [], []
    per_query: dict[str, list[float]] = {}
    totals: dict[str, str] = {}
    for i in range(args.searches + 20):
        query = QUERIES[i % len(QUERIES)]
        filters = selectors.SearchFilters(query=query, order=rng.choice([None, None, 2]))
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = selectors.search(actor, filters)
            page = list(result.lessons[:20])
            elapsed = (time.perf_counter() - started) * 1000
            elapsed_cpu = (time.process_time() - started_cpu) * 1000
        assert len(page) <= 20 and result.total >= len(page)
        if i >= 20:  # warm-up
            samples.append(elapsed)
            per_query.setdefault(query, []).append(elapsed)
            totals[query] = f"{result.total}{'' if result.total_exact else '+'}"
            cpu.append(elapsed_cpu)
            queries.append(len(captured.captured_queries))
    if args.per_query:
        for query, times in sorted(per_query.items(), key=lambda item: statistics.median(item[1])):
            print(f"  {query!r:28} {totals[query]:>6} treffers  p50 {statistics.median(times):7.1f} ms")
    print(
        f"{connection.vendor}: {Lesson.objects.count()} lessen, {args.searches} zoekvragen — "
        f"p50 {statistics.median(samples):.1f} ms, p95 {percentile(samples, 95):.1f} ms, "
        f"p99 {percentile(samples, 99):.1f} ms, max {max(samples):.1f} ms; "
        f"Python-CPU p50 {statistics.median(cpu):.1f} ms; queries per search {min(queries)}–{max(queries)}; "
        f"loadavg {Path('/proc/loadavg').read_text().split()[:3] if Path('/proc/loadavg').exists() else '?'}"
    )


if __name__ == "__main__":
    main()
