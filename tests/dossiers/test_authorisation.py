"""The dossier authorisation matrix: every read endpoint × every kind of principal.

Principals (all administrators of their own organisation, so the subject export is open to them):

* ``no_participation`` — the Raad, whose request to join is still pending;
* ``no_covering_purpose`` — the school, active, but without the GGZ purpose;
* ``clearance_too_low`` — the school again, with the youth-care purpose but clearance 1;
* ``regisseur`` — the municipality (the positive control: it does see its entry);
* ``left`` — the GGZ provider after leaving (it could see both targets before);
* ``other_org_admin`` — an administrator of an organisation that takes no part.

For each, the secret words of the entries it must not see appear in no response of any endpoint
(detail, list, search, count, export, plan, obligations, work list, matches), and each refusal
is in the security audit log.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from opgave.core.models import AuditRecord
from opgave.dossiers import selectors, services

from .conftest import BSN_CHILD, World

PRINCIPALS = {
    # name: (organisation key, hidden entry keys, visible entry keys)
    "no_participation": ("raad", {"ggz-normaal", "jeugd-vertrouwelijk"}, set()),
    "no_covering_purpose": ("school", {"ggz-normaal"}, {"jeugd-normaal"}),
    "clearance_too_low": ("school", {"jeugd-vertrouwelijk"}, {"jeugd-normaal"}),
    "regisseur": ("gemeente", {"ggz-normaal", "ggz-vertrouwelijk"}, {"jeugd-vertrouwelijk"}),
    "left": ("ggz", {"ggz-normaal", "jeugd-vertrouwelijk"}, set()),
    "other_org_admin": ("outsider", {"ggz-normaal", "jeugd-vertrouwelijk"}, set()),
}


def _setup(world: World, principal: str) -> Client:
    world.entries["ggz-normaal"] = services.add_entry(
        actor=world.actor("ggz"),
        dossier=world.dossier,
        kind="notitie",
        title="geheim-ggz-normaal",
        body="inhoud-ggz-normaal",
        purpose="t-ggz",
        confidentiality=1,
    )
    if principal == "left":
        _d, part = selectors.dossier(world.actor("ggz"), world.dossier.uuid)
        services.leave(actor=world.actor("ggz"), participation=part)
    return world.client(PRINCIPALS[principal][0])


def _calls(world: World) -> list[tuple[str, str, dict[str, Any] | None]]:
    d = f"/api/v1/dossiers/{world.dossier.uuid}"
    calls: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", d, None),
        ("GET", f"{d}/entries", None),
        ("GET", f"{d}/entries/count", None),
        ("GET", f"{d}/plan", None),
        ("GET", f"{d}/obligations", None),
        ("GET", f"{d}/participants", None),
        ("GET", "/api/v1/dossiers", None),
        ("GET", "/api/v1/obligations", None),
        ("GET", "/api/v1/signal-matches", None),
        ("GET", "/api/v1/notifications", None),
        ("POST", "/api/v1/subject-exports", {"bsn": BSN_CHILD}),
        # the pages show the same selectors' results
        ("GET", "/dossiers/", None),
        ("GET", f"/dossiers/{world.dossier.uuid}/", None),
        ("GET", "/dossiers/werklijst/", None),
        ("GET", "/dossiers/signalen/", None),
        ("GET", "/meldingen/", None),
        ("FORM", "/dossiers/inzageverzoek/", {"bsn": BSN_CHILD, "format": "html"}),
        ("FORM", "/dossiers/inzageverzoek/", {"bsn": BSN_CHILD, "format": "json"}),
    ]
    for key in world.entries:
        calls.append(("POST", f"{d}/entries/search", {"q": f"inhoud-{key}"}))
        calls.append(("GET", f"{d}/entries/{world.entries[key].uuid}", None))
        calls.append(("GET", f"{d}/entries/{world.entries[key].uuid}/document", None))
        calls.append(("GET", f"/dossiers/{world.dossier.uuid}/stukken/{world.entries[key].uuid}/", None))
    return calls


def _call(client: Client, method: str, url: str, body: dict[str, Any] | None) -> tuple[int, str]:
    if method == "GET":
        response = client.get(url)
    elif method == "FORM":
        response = client.post(url, body)
    else:
        response = client.post(url, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("principal", sorted(PRINCIPALS))
def test_no_entry_leaks_through_any_endpoint(world: World, principal: str) -> None:
    client = _setup(world, principal)
    _org, hidden, visible = PRINCIPALS[principal]
    seen_text = ""
    for method, url, body in _calls(world):
        denied_before = AuditRecord.objects.filter(result="denied").count()
        status, text = _call(client, method, url, body)
        assert status < 500, (principal, url, status, text)
        for key in hidden:
            assert f"geheim-{key}" not in text and f"inhoud-{key}" not in text, (principal, url, key)
        no_file = url.endswith("/document") and not any(
            str(world.entries[key].uuid) in url for key in hidden
        )  # a visible entry without a file: a plain 404, no denial
        if status in (403, 404) and not no_file:
            assert AuditRecord.objects.filter(result="denied").count() > denied_before, (
                principal,
                url,
                status,
            )
        if status == 200:
            seen_text += text
    for key in visible:
        assert f"geheim-{key}" in seen_text, (principal, key)


@pytest.mark.parametrize("principal", sorted(PRINCIPALS))
def test_counts_match_what_the_principal_may_see(world: World, principal: str) -> None:
    client = _setup(world, principal)
    status, text = _call(client, "GET", f"/api/v1/dossiers/{world.dossier.uuid}/entries/count", None)
    if principal in ("no_participation", "left", "other_org_admin"):
        assert status == 403
        return
    org = PRINCIPALS[principal][0]
    _d, part = selectors.dossier(world.actor(org), world.dossier.uuid)
    expected = {e.uuid for e in world.entries.values()} & {e.uuid for e in selectors.visible_entries(part)}
    assert json.loads(text)["count"] == len(expected)
    listed = json.loads(
        _call(client, "GET", f"/api/v1/dossiers/{world.dossier.uuid}/entries?limit=100", None)[1]
    )
    assert len(listed["items"]) == len(expected)


def test_hidden_document_cannot_be_downloaded(world: World) -> None:
    doc = services.add_entry(
        actor=world.actor("ggz"),
        dossier=world.dossier,
        kind="document",
        title="verslag",
        purpose="t-ggz",
        confidentiality=2,
        document=b"%PDF-1.4 geheim-verslag",
        document_name="verslag.pdf",
    )
    url = f"/api/v1/dossiers/{world.dossier.uuid}/entries/{doc.uuid}/document"
    assert world.client("school").get(url).status_code == 404
    allowed = world.client("ggz").get(url)
    assert allowed.status_code == 200 and allowed.content == b"%PDF-1.4 geheim-verslag"
    assert AuditRecord.objects.filter(result="denied", action="entry.view", object_id=str(doc.uuid)).exists()
