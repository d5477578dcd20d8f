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
