"""Bad input in the collaboration forms is a readable message, never a 500 (defect 8)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.collaborations.conftest import World

pytestmark = pytest.mark.django_db


def test_a_non_numeric_revision_in_the_agree_form_is_a_readable_message(world: World) -> None:
    """Regression: ``revision=abc`` posted to …/vaststellen/ was a 500."""
    client = Client()
    client.force_login(world.anna)
    before = world.collaboration.versions.count()
    url = reverse("collaborations:agree", args=[world.collaboration.uuid])
    response = client.post(url, {"revision": "abc"}, follow=True)
    assert response.status_code == 200
    assert "gewijzigd" in response.content.decode()
    assert world.collaboration.versions.count() == before
