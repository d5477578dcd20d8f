"""Fill a PostgreSQL database with dossiers for the load benchmark (COPY, not the ORM's save()).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_dossiers_bench \\
        .venv/bin/python benchmarks/dossiers/generate.py [--dossiers 100000] [--entries 1000000] [--jobs 2]

What it writes is what the app's services write, only in bulk:

* the register (``ProcessingActivity``), organisations, the reader and its API token through the
  ORM and :func:`opgave.core.services.tokens.issue_token`, as an administrator would;
* dossiers (kind ``gezin`` or ``persoon``), their subjects — a valid BSN (elfproef) per person,
  stored only as its keyed pseudonym (:func:`opgave.dossiers.crypto.pseudonym`) with the name and
  date of birth encrypted —, participations (accepted, with role, clearance and purposes that the
  organisation may claim) and entries (every title and body its own Fernet token under the
  configured key, ``retain_until`` from the purpose's retention as
  :func:`opgave.dossiers.services.entries.retention_days` computes it, the confidentiality never
  above the author's clearance), each table in one ``COPY``.

The encryption (about 2.2 M Fernet tokens) runs in ``--jobs`` worker processes that each build the
COPY text of a block of dossiers; the main process streams the blocks into the database.
Not generated: the audit and processing-log records the writes would have left, and obligations
(the timeline reads neither).

Participants: ``Bench 0`` (the reader, a municipal youth team) is regisseur of every dossier with
the shared purpose and clearance 3; ``Bench 1`` (school, own purpose, clearance 1) takes part in
every other dossier, ``Bench 2`` (GGZ, own purpose, clearance 2) in every third. Entries per
dossier are skewed: in every block of 100 dossiers one holds 25× the average, so some timelines
run to several pages (the query-count guard needs both). Writes ``var/bench-dossiers.json``:
the reader's API token, the encryption and pseudonym keys (``run.py`` starts the server with
them), a random sample of dossier ids and a sample of the large ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import multiprocessing
import os
import random
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")

ENTRY_COLUMNS = [
    "uuid",
    "dossier_id",
    "kind",
    "category",
    "author_organisation_id",
    "purpose_id",
    "confidentiality",
    "safety_level",
    "title",
    "body",
    "document",
    "document_name",
    "content_type",
    "size",
    "created_at",
    "retain_until",
    "revision",
]
SUBJECT_COLUMNS = ["uuid", "dossier_id", "kind", "pseudonym", "key_id", "relation", "details", "created_at"]

FIRST_NAMES = ["Sanne", "Daan", "Fatima", "Mohammed", "Eva", "Lucas", "Noor", "Sem", "Yara", "Finn"]
LAST_NAMES = ["de Vries", "Jansen", "El Amrani", "Bakker", "Visser", "Yilmaz", "Smit", "Meijer"]
KINDS = [  # (kind, title, category)
    ("notitie", "Gesprek met de ouders", "contact"),
    ("notitie", "Telefonisch overleg met school", "onderwijs"),
    ("taxatie", "Inschatting van de thuissituatie", "veiligheid"),
    ("signaal", "Zorg over verzuim", "onderwijs"),
    ("planonderdeel", "Afspraak over begeleiding", "plan"),
    ("besluit", "Besluit over de inzet van hulp", "besluit"),
    ("notitie", "Huisbezoek", "contact"),
    ("notitie", "Terugkoppeling na overleg", ""),
]
SENTENCES = [
    "Het gesprek verliep rustig en de afspraken zijn samen doorgenomen.",
    "Moeder geeft aan dat de ochtenden zwaar zijn en dat de hulp van de buurvrouw wegvalt.",
    "De mentor ziet vooruitgang in de aanwezigheid, maar het huiswerk blijft achter.",
    "We spreken af over twee weken opnieuw contact te hebben.",
    "Er zijn geen nieuwe zorgen over de veiligheid gemeld.",
    "De jeugdverpleegkundige sluit aan bij het volgende overleg.",
    "Vader wil graag betrokken blijven en vraagt om een eigen gesprek.",
    "De wachttijd voor de specialistische hulp is ongeveer acht weken.",
    "Het plan is aangepast: de begeleiding thuis gaat naar twee keer per week.",
    "Uit het overleg blijkt dat de schulden onder controle zijn.",
]


def valid_bsn(n: int) -> str:
    """A nine-digit number that passes the elfproef; distinct ``n`` give distinct numbers."""
    for step in range(11):  # eleven consecutive prefixes reach every check value, so one fits
        digits = f"{10_000_000 + n * 11 + step:08d}"
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return digits + str(check)
    raise AssertionError("unreachable")


def _line(row: tuple[Any, ...]) -> str:
    return "\t".join("\\N" if v is None else str(v) for v in row) + "\n"


# -- the worker processes: one block of dossiers → COPY text of its subjects and entries ----------------

_STATE: dict[str, Any] = {}


def _init(state: dict[str, Any]) -> None:
    _STATE.update(state)


def _block(task: tuple[int, list[tuple[int, int, str]]]) -> tuple[str, str, int]:
    """``(seed, [(dossier index, dossier id, kind)])`` → COPY text of subjects, of entries, entry count."""
    from opgave.dossiers import crypto

    seed, dossiers = task
    rng = random.Random(seed)
    state = _STATE
    fernet = crypto.fernet()
    now = state["now"]
    subjects, entries = io.StringIO(), io.StringIO()
    count = 0
    for index, dossier_id, kind in dossiers:
        people = [("ouder", 1975), ("kind", 2012)] if kind == "gezin" else [("betrokkene", 1990)]
        if kind == "gezin" and index % 3 == 0:
            people.append(("kind", 2015))
        family = rng.choice(LAST_NAMES)
        for k, (relation, year) in enumerate(people):
            key_id, pseudonym = crypto.pseudonym(valid_bsn(index * 4 + k))
            details = {
                "naam": f"{rng.choice(FIRST_NAMES)} {family}",
                "geboortedatum": f"{year + rng.randrange(5)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            }
            token = fernet.encrypt(json.dumps(details, ensure_ascii=False).encode()).decode()
            subjects.write(
                _line((uuid.uuid4(), dossier_id, "persoon", pseudonym, key_id, relation, token, now))
            )
        participants = state["participants"](index)
        started = state["start"] - dt.timedelta(days=rng.randrange(200, 900))
        n = state["count"](index)
        for j in range(n):
            org, purpose, clearance = participants[0] if j % 5 < 3 else rng.choice(participants)
            kind_, title, category = KINDS[(index + j) % len(KINDS)]
            created = started + dt.timedelta(minutes=j * 913 + rng.randrange(600))
            body = " ".join(rng.sample(SENTENCES, rng.randrange(1, 5)))
            retain = (created + dt.timedelta(days=state["retention"][purpose])).date()
            entries.write(
                _line(
                    (
                        uuid.uuid4(),
                        dossier_id,
                        kind_,
                        category,
                        org,
                        purpose,
                        rng.randint(1, clearance),
                        rng.randint(1, 3) if kind_ == "signaal" else None,
                        fernet.encrypt(f"{title} ({j + 1})".encode()).decode(),
                        fernet.encrypt(body.encode()).decode(),
                        "",
                        "",
                        "",
                        0,
                        created.isoformat(),
                        retain.isoformat(),
                        1,
                    )
                )
            )
        count += n
    return subjects.getvalue(), entries.getvalue(), count


def _copy(cursor: Any, table: str, columns: list[str], text: str) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(text)


def _rows(cursor: Any, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    _copy(cursor, table, columns, "".join(_line(r) for r in rows))


@contextmanager
def _without_indexes(cursor: Any, table: str) -> Iterator[None]:
    """Drop ``table``'s indexes, unique and foreign-key constraints (not its primary key) for a bulk
    load and build them again afterwards: one sort per index instead of 1M index inserts and FK
    look-ups. Inside one transaction, so a failed load leaves the schema as it was."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument(
        "--entries", type=int, default=1_000_000, help="in total (a multiple of dossiers/100)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="worker processes that encrypt")
    parser.add_argument("--block", type=int, default=500, help="dossiers per worker task")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT / "var" / "bench-dossiers.json",
        help="where to write the token, keys and sample",
    )
    args = parser.parse_args()

    from cryptography.fernet import Fernet

    keys = {
        "encryption_key": os.environ.get("OPGAVE_DOSSIER_ENCRYPTION_KEYS") or Fernet.generate_key().decode(),
        "pseudonym_key": os.environ.get("OPGAVE_PSEUDONYM_KEY") or "bench-pseudonym-" + uuid.uuid4().hex,
    }
    os.environ["OPGAVE_DOSSIER_ENCRYPTION_KEYS"] = keys["encryption_key"]
    os.environ["OPGAVE_PSEUDONYM_KEY"] = keys["pseudonym_key"]

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from opgave.core.actors import Actor
    from opgave.core.models import Membership, Organisation, Person, ProcessingActivity
    from opgave.core.services import tokens
    from opgave.dossiers.models import Dossier
    from opgave.dossiers.services.entries import retention_days

    if Dossier.objects.exists():
        print("database already filled; drop it to regenerate", file=sys.stderr)
        raise SystemExit(1)
    n = args.dossiers
    per_block = args.entries * 100 // n  # entries per 100 dossiers
    if per_block * n != args.entries * 100 or per_block < 200:
        raise SystemExit("--entries must be a multiple of dossiers/100 and at least 2 per dossier")
    large = per_block // 4  # one dossier in a hundred holds a quarter of its block
    small, extra = divmod(per_block - large, 99)

    def count(index: int) -> int:
        position = index % 100
        if position == 0:
            return large
        return small + (1 if position <= extra else 0)

    started = time.perf_counter()
    rng = random.Random(args.seed)
    system = Actor.system(origin="bench")
    with transaction.atomic():
        names = ["Jeugdteam", "School", "GGZ", "Veilig Thuis", "Woningcorporatie"]
        orgs = [
            Organisation.objects.create(name=f"Bench {i} {names[i % len(names)]}", kind="gemeente")
            for i in range(10)
        ]
        shared = ProcessingActivity.objects.create(
            code="bench-jeugd",
            name="Bench jeugdhulp",
            purpose="Jeugdhulp bieden aan het gezin",
            legal_basis="Jeugdwet art. 7.4.0",
            data_categories=["gezondheid", "gezinssituatie"],
            retention="15 jaar",
        )
        school = ProcessingActivity.objects.create(
            code="bench-school",
            name="Bench leerlingbegeleiding",
            purpose="Begeleiding van de leerling",
            legal_basis="WPO art. 8",
            retention="2 jaar",
            controller=orgs[1],
        )
        ggz = ProcessingActivity.objects.create(
            code="bench-ggz",
            name="Bench behandeling",
            purpose="Geestelijke gezondheidszorg",
            legal_basis="WGBO",
            retention="20 jaar",
            controller=orgs[2],
        )
        reader = Person.objects.create_user(username="bench-reader", email="bench@example.org", password=None)
        Membership.objects.create(person=reader, organisation=orgs[0], role=Membership.Role.ADMIN)
        _token, secret = tokens.issue_token(
            organisation=orgs[0], name="bench", scopes=["dossiers:read"], actor=system
        )
    retention = {a.pk: retention_days(a) for a in (shared, school, ggz)}
    #  (organisation, purpose, clearance) of the participants, the regisseur first
    first = (orgs[0].pk, shared.pk, 3)
    second = (orgs[1].pk, school.pk, 1)
    third = (orgs[2].pk, ggz.pk, 2)

    def participants(index: int) -> list[tuple[int, int, int]]:
        return [first] + ([second] if index % 2 == 0 else []) + ([third] if index % 3 == 0 else [])

    now = timezone.now()
    kinds = ["gezin" if i % 4 else "persoon" for i in range(n)]
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        dossier_uuids = [uuid.uuid4() for _ in range(n)]
        _rows(
            raw,
            "dossiers_dossier",
            ["uuid", "reference", "kind", "title", "created_by_id", "created_at", "updated_at", "revision"],
            (
                (u, f"D-2026-B{i:06X}", kinds[i], f"Bench {i}", orgs[0].pk, now, now, 1)
                for i, u in enumerate(dossier_uuids)
            ),
        )
        cursor.execute("SELECT uuid, id FROM dossiers_dossier WHERE reference LIKE %s", ["D-2026-B%"])
        by_uuid = dict(cursor.fetchall())
        ids = [by_uuid[u] for u in dossier_uuids]
        roles = {orgs[0].pk: ("casusregisseur", True), orgs[1].pk: ("uitvoerder", False)}
        parts = [
            (
                uuid.uuid4(),
                ids[i],
                org,
                *roles.get(org, ("adviseur", False)),
                clearance,
                "actief",
                now,
                now,
                1,
            )
            for i in range(n)
            for org, _purpose, clearance in participants(i)
        ]
        _rows(
            raw,
            "dossiers_participation",
            [
                "uuid",
                "dossier_id",
                "organisation_id",
                "role",
                "is_regisseur",
                "clearance",
                "status",
                "requested_at",
                "accepted_at",
                "revision",
            ],
            iter(parts),
        )
        purpose_of = {org: purpose for org, purpose, _clearance in (first, second, third)}
        cursor.execute(
            "SELECT id, organisation_id FROM dossiers_participation WHERE dossier_id >= %s", [min(ids)]
        )
        _rows(
            raw,
            "dossiers_participation_purposes",
            ["participation_id", "processingactivity_id"],
            ((pid, purpose_of[org]) for pid, org in cursor.fetchall()),
        )
    print(f"dossiers and participations in {time.perf_counter() - started:.0f} s", flush=True)

    tasks = [
        (rng.randrange(1 << 30), [(i, ids[i], kinds[i]) for i in range(s, min(n, s + args.block))])
        for s in range(0, n, args.block)
    ]
    state = {
        "now": now.isoformat(),
        "start": now,
        "participants": participants,
        "count": count,
        "retention": retention,
    }
    total = 0
    connections.close_all()  # never fork an open database connection: the children would share it
    ctx = multiprocessing.get_context("fork")  # the workers inherit the settings, keys and closures
    with (
        ctx.Pool(args.jobs, initializer=_init, initargs=(state,)) as pool,
        transaction.atomic(),
        connection.cursor() as cursor,
        ExitStack() as stack,
    ):
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        stack.enter_context(_without_indexes(raw, "dossiers_entry"))
        stack.enter_context(_without_indexes(raw, "dossiers_subject"))
        for done, (subject_text, entry_text, count_) in enumerate(pool.imap(_block, tasks), start=1):
            _copy(raw, "dossiers_subject", SUBJECT_COLUMNS, subject_text)
            _copy(raw, "dossiers_entry", ENTRY_COLUMNS, entry_text)
            total += count_
            if done % 20 == 0:
                print(f"{total} entries, {time.perf_counter() - started:.0f} s", flush=True)
        print(f"{total} entries loaded; building the indexes", flush=True)
    with connection.cursor() as cursor:
        for table in ("dossiers_dossier", "dossiers_subject", "dossiers_participation", "dossiers_entry"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute("ANALYZE")
    order = list(range(n))
    rng.shuffle(order)
    args.data.parent.mkdir(exist_ok=True)
    args.data.write_text(
        json.dumps(
            {
                "token": secret,
                **keys,
                "dossiers": [str(dossier_uuids[i]) for i in order[:2000]],
                "large": [str(dossier_uuids[i]) for i in range(0, n, 100)][:200],
                "entries": total,
            }
        )
    )
    print(f"{n} dossiers, {total} entries in {time.perf_counter() - started:.0f} s; wrote {args.data}")


if __name__ == "__main__":
    main()
