"""Fill a PostgreSQL database with dossiers for the load benchmark (COPY, not the ORM's save()).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_dossiers_bench \\
        .venv/bin/python benchmarks/dossiers/generate.py --dossiers 100000 --entries-per-dossier 10

Creates ten organisations; the first (``Bench 0``) takes part in every dossier with the shared
purpose and clearance 3, the second in every other dossier with its own purpose and clearance 1.
Entry texts are real Fernet tokens (encrypted once each and reused, since encrypting 2M fields
costs time the benchmark does not measure). Writes ``var/bench-dossiers.json`` with the reader's
API token and a sample of dossier ids.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")


def _copy(cursor: object, table: str, columns: list[str], rows: object) -> None:
    buffer = io.StringIO()
    for row in rows:  # type: ignore[attr-defined]
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--entries-per-dossier", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from opgave.core.actors import Actor
    from opgave.core.models import Membership, Organisation, Person, ProcessingActivity
    from opgave.core.services import tokens
    from opgave.dossiers import crypto
    from opgave.dossiers.models import Dossier

    if Dossier.objects.exists():
        print("database already filled; drop it to regenerate", file=sys.stderr)
        return
    started = time.perf_counter()
    orgs = [Organisation.objects.create(name=f"Bench {i}", kind="gemeente") for i in range(10)]
    shared = ProcessingActivity.objects.create(
        code="bench-jeugd",
        name="Bench jeugdhulp",
        purpose="Benchmark",
        legal_basis="Jeugdwet art. 7.4.0",
        retention="15 jaar",
    )
    own = ProcessingActivity.objects.create(
        code="bench-school",
        name="Bench school",
        purpose="Benchmark",
        legal_basis="WPO",
        retention="2 jaar",
        controller=orgs[1],
    )
    reader = Person.objects.create_user(username="bench-reader", email="bench@example.org", password=None)
    Membership.objects.create(person=reader, organisation=orgs[0], role=Membership.Role.ADMIN)
    _token, secret = tokens.issue_token(
        organisation=orgs[0], name="bench", scopes=["dossiers:read"], actor=Actor.system(origin="bench")
    )
    now = timezone.now().isoformat()
    titles = [crypto.encrypt(f"Notitie {i} over de voortgang") for i in range(100)]
    bodies = [
        crypto.encrypt("Gesprek gevoerd; afspraken gemaakt over de volgende stap. " * 4) for _ in range(100)
    ]
    details = crypto.encrypt(json.dumps({"naam": "Bench Persoon", "geboortedatum": "2012-01-01"}))
    n = args.dossiers
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        dossier_uuids = [uuid.uuid4() for _ in range(n)]
        _copy(
            raw,
            "dossiers_dossier",
            ["uuid", "reference", "kind", "title", "created_by_id", "created_at", "updated_at", "revision"],
            (
                (u, f"B-{i:07d}", "gezin", f"Bench {i}", orgs[0].pk, now, now, 1)
                for i, u in enumerate(dossier_uuids)
            ),
        )
        cursor.execute("SELECT min(id) FROM dossiers_dossier")
        first = cursor.fetchone()[0]
        ids = range(first, first + n)
        _copy(
            raw,
            "dossiers_subject",
            ["uuid", "dossier_id", "kind", "pseudonym", "key_id", "relation", "details", "created_at"],
            ((uuid.uuid4(), d, "persoon", secrets.token_hex(32), "k0", "kind", details, now) for d in ids),
        )
        parts = [(uuid.uuid4(), d, orgs[0].pk, "casusregisseur", True, 3, "actief", now, now, 1) for d in ids]
        parts += [
            (uuid.uuid4(), d, orgs[1].pk, "adviseur", False, 1, "actief", now, now, 1)
            for d in ids
            if d % 2 == 0
        ]
        _copy(
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
            parts,
        )
        cursor.execute("SELECT id, organisation_id FROM dossiers_participation")
        _copy(
            raw,
            "dossiers_participation_purposes",
            ["participation_id", "processingactivity_id"],
            ((pid, shared.pk if org == orgs[0].pk else own.pk) for pid, org in cursor.fetchall()),
        )
        per = args.entries_per_dossier

        def entries():
            k = 0
            for d in ids:
                for j in range(per):
                    k += 1
                    purpose = own.pk if j % 3 == 2 else shared.pk
                    author = orgs[1].pk if purpose == own.pk else orgs[0].pk
                    created = f"2026-{1 + j % 11:02d}-{1 + (k % 27):02d}T10:{k % 60:02d}:00+00:00"
                    yield (
                        uuid.uuid4(),
                        d,
                        "notitie",
                        "",
                        author,
                        purpose,
                        1 + j % 3,
                        titles[k % 100],
                        bodies[k % 100],
                        "",
                        "",
                        "",
                        0,
                        created,
                        "2040-01-01",
                        1,
                    )

        _copy(
            raw,
            "dossiers_entry",
            [
                "uuid",
                "dossier_id",
                "kind",
                "category",
                "author_organisation_id",
                "purpose_id",
                "confidentiality",
                "title",
                "body",
                "document",
                "document_name",
                "content_type",
                "size",
                "created_at",
                "retain_until",
                "revision",
            ],
            entries(),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sample = [str(u) for u in dossier_uuids[:: max(1, n // 2000)]]
    out = ROOT / "var" / "bench-dossiers.json"
    out.write_text(json.dumps({"token": secret, "dossiers": sample}))
    print(f"{n} dossiers, {n * args.entries_per_dossier} entries in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
