"""The rules admin: platform administrators can look, nobody can change anything there."""

from __future__ import annotations

from django.test import Client
from tests.rules.conftest import World, rule_set

from opgave.core.models import Person


def test_the_rules_admin_is_read_only(world: World, client: Client) -> None:
    item = rule_set(world.ministerie)
    admin = Person.objects.create_superuser(username="beheer", email="b@example.nl", password="x-y-z-w-v")
    client.force_login(admin)
    assert client.get("/beheer/rules/ruleset/").status_code == 200
    assert client.get(f"/beheer/rules/ruleset/{item.pk}/change/").status_code == 200  # view only
    assert client.get("/beheer/rules/ruleset/add/").status_code == 403
    version = item.versions.get()
    response = client.post(f"/beheer/rules/ruleversion/{version.pk}/change/", {"status": "ingetrokken"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.status == "gepubliceerd"


def test_the_deploy_check_refuses_the_published_receipt_key(settings: object) -> None:
    from opgave.rules.checks import check_receipt_keys

    assert [e.id for e in check_receipt_keys()] == ["opgave.rules.E001"]
    settings.RULES_RECEIPT_KEYS = "2026:een-eigen-lange-geheime-waarde"  # type: ignore[attr-defined]
    assert check_receipt_keys() == []
