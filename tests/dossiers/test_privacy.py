"""Pseudonymisation, encryption at rest and key rotation, retention, and the subject export."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from typer.testing import CliRunner

from opgave.cli import app as cli_app
from opgave.core.models import AuditRecord, ProcessingLogRecord
from opgave.dossiers import crypto, exports, selectors, services
from opgave.dossiers.models import Entry, Signal, Subject

from .conftest import BSN_CHILD, BSN_PARENT, World

NEW_FERNET = "7mK1bWJ0xZ8YqkUfJ0S8b2nN2kTt5Yq9Y3v2m5cZp0Q="


def _all_text(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from the app registry
        return "\n".join(" ".join(str(v) for v in row) for row in cursor.fetchall())


def _database_dump() -> str:
    return "\n".join(_all_text(model._meta.db_table) for model in apps.get_models())


def test_no_bsn_name_or_content_in_any_table_log_or_url(world: World, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    services.register_signal(actor=world.actor("school"), bsn=BSN_CHILD, purpose="t-onderwijs")
    client = world.client("gemeente")
    html = client.get(f"/dossiers/{world.dossier.uuid}/").content.decode()
    client.post("/dossiers/signalen/", {"bsn": BSN_PARENT, "purpose": "t-jeugdhulp"})
    client.post(
        "/api/v1/signals", data={"bsn": BSN_PARENT, "purpose": "t-jeugdhulp"}, content_type="application/json"
    )
    dump = _database_dump()
    for secret in (
        BSN_CHILD,
        BSN_PARENT,
        "Kees Kind",
        "Olga Ouder",
        "inhoud-jeugd-normaal",
        "geheim-ggz-vertrouwelijk",
    ):
        assert secret not in dump, secret
        assert secret not in caplog.text, secret
    urls = re.findall(r'(?:href|action)="([^"]+)"', html)
    assert urls and not any(BSN_CHILD in u or BSN_PARENT in u or "Kees" in u for u in urls)
    assert "Kees Kind" in html  # the participant does see the decrypted name


def test_raw_columns_hold_fernet_tokens_not_plaintext(world: World) -> None:
    entry = world.entries["jeugd-normaal"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, body FROM dossiers_entry WHERE id = %s", [entry.pk])
        title, body = cursor.fetchone()
    assert title.startswith("gAAAA") and body.startswith("gAAAA")
    assert "geheim" not in title and crypto.decrypt(title) == "geheim-jeugd-normaal"


def test_documents_are_encrypted_in_storage(world: World) -> None:
    doc = services.add_entry(
        actor=world.actor("gemeente"),
        dossier=world.dossier,
        kind="document",
        title="brief",
        purpose="t-jeugdhulp",
        document=b"geheime brief",
        document_name="brief.txt",
    )
    with default_storage.open(doc.document, "rb") as handle:
        stored = handle.read()
    assert b"geheime brief" not in stored
    assert doc.content_type == "text/plain"


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"MZ\x90\x00\x03binary", "rapport.pdf"), (b"", "leeg.txt"), (b"\x00\x01\x02", "x.png")],
)
def test_documents_are_sniffed_not_trusted(world: World, data: bytes, name: str) -> None:
    from opgave.dossiers import errors

    with pytest.raises(errors.Invalid):
        services.add_entry(
            actor=world.actor("gemeente"),
            dossier=world.dossier,
            kind="document",
            title="x",
            purpose="t-jeugdhulp",
            document=data,
            document_name=name,
        )


def test_documents_over_the_size_limit_are_refused(world: World, settings: Any) -> None:
    from opgave.dossiers import errors

    settings.DOSSIER_MAX_UPLOAD_BYTES = 10
    with pytest.raises(errors.Invalid, match="te groot"):
        services.add_entry(
            actor=world.actor("gemeente"),
            dossier=world.dossier,
            kind="document",
            title="x",
            purpose="t-jeugdhulp",
            document=b"%PDF-1.4 too long",
            document_name="a.pdf",
        )


def test_encryption_key_rotation_reencrypts_everything(world: World, settings: Any) -> None:
    old = crypto.encryption_keys()[0]
    settings.DOSSIER_ENCRYPTION_KEYS = [NEW_FERNET, old]
    result = CliRunner().invoke(cli_app, ["dossiers", "reencrypt"])
    assert result.exit_code == 0, result.output
    settings.DOSSIER_ENCRYPTION_KEYS = [NEW_FERNET]  # the old key is gone
    gem = world.actor("gemeente")
    _d, part = selectors.dossier(gem, world.dossier.uuid)
    assert {v.title for v in selectors.timeline(gem, part)} >= {"geheim-jeugd-normaal"}
    assert selectors.subjects(part)[0].name == "Kees Kind"
    settings.DOSSIER_ENCRYPTION_KEYS = [old]  # content under the new key cannot be read with the old one
    with pytest.raises(crypto.UndecryptableError):
        selectors.timeline(gem, part)


def test_pseudonym_key_rotation_keeps_matching_and_rekeys(world: World, settings: Any) -> None:
    services.register_signal(actor=world.actor("school"), bsn=BSN_CHILD, purpose="t-onderwijs")
    settings.DOSSIER_PSEUDONYM_KEYS = ["k1:nieuw-geheim", f"k0:{settings.PSEUDONYM_KEY}"]
    # a new signal under the new key still matches the old one, and re-keys it
    services.register_signal(actor=world.actor("ggz"), bsn=BSN_CHILD, purpose="t-ggz")
    assert len(selectors.matches(world.actor("school"))) == 1
    assert set(Signal.objects.values_list("key_id", flat=True)) == {"k1"}
    assert Subject.objects.filter(key_id="k1").count() == 1  # the child, re-keyed along
    result = CliRunner().invoke(cli_app, ["dossiers", "rekey"], input=f"{BSN_PARENT}\nnonsense\n")
    assert result.exit_code == 0, result.output
    assert set(Subject.objects.values_list("key_id", flat=True)) == {"k1"}


def test_retention_removes_expired_entries_and_logs_it(world: World) -> None:
    entry = world.entries["jeugd-normaal"]
    Entry.objects.filter(pk=entry.pk).update(retain_until=timezone.localdate() - dt.timedelta(days=1))
    from opgave.dossiers.tasks import remove_expired_entries

    assert remove_expired_entries.call() == 1
    assert not Entry.objects.filter(pk=entry.pk).exists()
    record = AuditRecord.objects.get(action="entry.retention.remove")
    assert record.object_id == str(entry.uuid) and record.actor_label == "systeem"
    assert ProcessingLogRecord.objects.filter(name="dossierstuk-vernietigen").count() == 2  # two subjects
    assert remove_expired_entries.call() == 0


def test_retention_comes_from_the_register(world: World) -> None:
    entry = world.entries["school-normaal"]
    assert entry.retain_until == timezone.localdate(entry.created_at) + dt.timedelta(days=15 * 365)


def test_complete_subject_export_holds_everything_and_who_processed_it(world: World) -> None:
    from tests.core.factories import PlatformAdminFactory

    from opgave.core.actors import Actor

    services.register_signal(actor=world.actor("school"), bsn=BSN_CHILD, purpose="t-onderwijs")
    admin = Actor.for_person(PlatformAdminFactory())
    result = exports.subject_export(actor=admin, bsn=BSN_CHILD)
    assert result["scope"] == "volledig"
    [dossier] = result["dossiers"]
    assert dossier["subject"]["name"] == "Kees Kind"
    assert {e["title"] for e in dossier["entries"]} == {f"geheim-{k}" for k in world.entries}
    assert {p["organisation"] for p in dossier["participants"]} == {
        "Gemeente Teststad",
        "GGZ Test",
        "Basisschool De Test",
    }
    assert [s["organisation"] for s in result["signals"]] == ["Basisschool De Test"]
    pseudonym = crypto.pseudonym(BSN_CHILD)[1]
    logged = ProcessingLogRecord.objects.filter(data_subject=pseudonym).count()
    assert len(result["processing"]) == logged  # every record, the export's own included
    assert {p["organisation"] for p in result["processing"]} >= {
        "Gemeente Teststad",
        "GGZ Test",
        "Basisschool De Test",
    }
    assert ProcessingLogRecord.objects.filter(data_subject=pseudonym, name="inzageverzoek").exists()


def test_an_organisation_export_holds_only_what_it_may_see(world: World) -> None:
    result = exports.subject_export(actor=world.actor("school"), bsn=BSN_CHILD)
    [dossier] = result["dossiers"]
    assert {e["title"] for e in dossier["entries"]} == {"geheim-jeugd-normaal", "geheim-school-normaal"}
    assert all(p["organisation"] == "Basisschool De Test" for p in result["processing"])


def test_export_page_renders_and_offers_json(world: World) -> None:
    client = world.client("gemeente")
    page = client.post("/dossiers/inzageverzoek/", {"bsn": BSN_CHILD, "format": "html"})
    assert page.status_code == 200 and "geheim-jeugd-normaal" in page.content.decode()
    download = client.post("/dossiers/inzageverzoek/", {"bsn": BSN_CHILD, "format": "json"})
    assert download["Content-Type"].startswith("application/json")
    assert b"geheim-jeugd-normaal" in download.content


def _document_text(document: Any) -> str:
    """The text WeasyPrint laid out on the PDF's pages (its document API: the boxes of every page)."""
    from weasyprint.formatting_structure.boxes import TextBox

    return " ".join(
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    )


def test_the_export_pdf_holds_what_the_organisation_may_see_and_nothing_more(world: World) -> None:
    client = world.client("school")
    download = client.post("/dossiers/inzageverzoek/", {"bsn": BSN_CHILD, "format": "pdf"})
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="inzageverzoek.pdf"' in download["Content-Disposition"]
    assert download.content.startswith(b"%PDF-") and download.content.rstrip().endswith(b"%%EOF")
    assert BSN_CHILD.encode() not in download.content

    from opgave.dossiers import printing

    result = exports.subject_export(actor=world.actor("school"), bsn=BSN_CHILD)
    document = printing.export_document(result)
    text = _document_text(document)
    assert len(document.pages) >= 1
    assert "geheim-jeugd-normaal" in text and "geheim-school-normaal" in text
    hidden = {f"geheim-{k}" for k in world.entries} - {"geheim-jeugd-normaal", "geheim-school-normaal"}
    assert hidden and not any(title in text for title in hidden)
    assert "Kees Kind" in text and BSN_CHILD not in text
    assert "Basisschool De Test" in text


def test_the_complete_export_pdf_holds_every_entry(world: World) -> None:
    from tests.core.factories import PlatformAdminFactory

    from opgave.core.actors import Actor
    from opgave.dossiers import printing

    result = exports.subject_export(actor=Actor.for_person(PlatformAdminFactory()), bsn=BSN_CHILD)
    text = _document_text(printing.export_document(result))
    assert all(f"geheim-{k}" in text for k in world.entries)
    assert "Volledig overzicht" in text


def test_an_export_pdf_for_someone_without_the_right_is_refused(world: World) -> None:
    from django.test import Client
    from tests.core.factories import MembershipFactory, PersonFactory

    from opgave.core.models import Membership

    member = PersonFactory(username="p-school-lid")
    MembershipFactory(person=member, organisation=world.orgs["school"], role=Membership.Role.MEMBER)
    client = Client()
    client.force_login(member)
    response = client.post("/dossiers/inzageverzoek/", {"bsn": BSN_CHILD, "format": "pdf"})
    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")
    assert AuditRecord.objects.filter(action="subject.export", result="denied").exists()
