"""The Django admin: for platform administrators; the logs are read-only there; changes are audited."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.core.factories import OrganisationFactory, PersonFactory

from opgave.core.models import AuditRecord
from opgave.core.services import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    return client


def test_the_logs_can_be_read_but_not_changed(admin_client: Client) -> None:
    record = audit.record(actor=None, action="proef", result="success")
    assert admin_client.get("/beheer/core/auditrecord/").status_code == 200
    assert admin_client.get(f"/beheer/core/auditrecord/{record.pk}/change/").status_code == 200  # view only
    assert admin_client.get("/beheer/core/auditrecord/add/").status_code == 403
    assert (
        admin_client.post(f"/beheer/core/auditrecord/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert admin_client.get("/beheer/core/processinglogrecord/add/").status_code == 403


def test_a_change_in_the_admin_is_audited(admin_client: Client) -> None:
    organisation = OrganisationFactory(name="Gemeente Ede")
    response = admin_client.post(
        f"/beheer/core/organisation/{organisation.pk}/change/",
        {
            "name": "Gemeente Ede",
            "kind": "gemeente",
            "oin": "",
            "cbs_code": "GM0228",
            "parent": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = AuditRecord.objects.get(action="organisation.update")
    assert record.detail == {
        "via": "admin",
        "fields": ["cbs_code"],
        "changes": {"cbs_code": {"oud": "", "nieuw": "GM0228"}},
    }


def test_people_without_staff_status_are_kept_out(client: Client) -> None:
    client.force_login(PersonFactory())
    response = client.get("/beheer/")
    assert response.status_code == 302


def test_every_admin_page_opens(admin_client: Client) -> None:
    from django.contrib import admin

    for model in admin.site._registry:
        meta = model._meta
        base = f"/beheer/{meta.app_label}/{meta.model_name}/"
        assert admin_client.get(base).status_code == 200, base
        expected_add = (
            200 if admin.site._registry[model].has_add_permission(_request_for(admin_client)) else 403
        )
        assert admin_client.get(f"{base}add/").status_code == expected_add, base


def _request_for(client: Client) -> object:
    from django.test import RequestFactory

    request = RequestFactory().get("/beheer/")
    request.user = client.get("/beheer/").wsgi_request.user
    return request
