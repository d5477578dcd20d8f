"""The learning demo: lessons of all three orders, a circle, the IND–SVB twinning, a registry of
at least thirty collaborations of which several overlap strongly; loading twice changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from opgave.collaborations.models import Collaboration, Lesson
from opgave.core import demo_loader
from opgave.learning.demo import CIRCLE, CURRENT, HISTORIC
from opgave.learning.models import KnowledgeCircle, Overlap, Twinning


@pytest.fixture
def demo(demo_once: None, db: Any, settings: Any) -> None:
    """The demo, loaded once for this module (``demo_once``); each test runs in a savepoint."""
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_demo_fills_the_academy_the_landscape_and_the_twinning(demo: None) -> None:
    assert Collaboration.objects.count() >= 30
    assert set(Lesson.objects.exclude(visibility="collaboration").values_list("order", flat=True)) == {
        1,
        2,
        3,
    }
    assert Overlap.objects.filter(score__gte=0.5).count() >= 3
    historic = Twinning.objects.get(name=HISTORIC)
    assert historic.status == "beeindigd" and historic.ended_on is not None
    assert [f.kind for f in historic.forms.all()] == ["meester_gezel", "gelijkwaardig"]
    assert historic.activities.filter(kind="botsproef").count() == 3
    assert historic.proposals.count() == 2 and historic.frictions.count() == 4
    assert set(historic.evaluations.values_list("outcome", flat=True)) == {
        "voortzetten",
        "vorm_wijzigen",
        "beeindigen",
    }
    assert Twinning.objects.get(name=CURRENT).proposals.filter(status="ingediend").count() == 1
    circle = KnowledgeCircle.objects.get(name=CIRCLE)
    assert (
        circle.members.filter(status="active").count() == 3
        and circle.members.filter(status="requested").count() == 1
    )


def test_loading_twice_changes_nothing_and_reset_removes_it(demo: None) -> None:
    counts = (Collaboration.objects.count(), Lesson.objects.count(), Twinning.objects.count())
    demo_loader.load()
    assert (Collaboration.objects.count(), Lesson.objects.count(), Twinning.objects.count()) == counts
    demo_loader.reset()
    assert Twinning.objects.count() == 2 and KnowledgeCircle.objects.count() == 1
