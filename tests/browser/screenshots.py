"""Screenshots of the UI for the README: ``docs/screenshots/*.png``.

Not part of the default run (the file is not named ``test_*.py``). Make them with::

    .venv/bin/pytest tests/browser/screenshots.py -q

They show the demo scenario (``opgave demo load``), logged in as the demo person with
three memberships, at a desktop and a phone width. Look at them before committing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DEMO_USER = "sanne"


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> str:
    """Load the demo scenario; returns the demo password."""
    from opgave.core import demo_loader
    from opgave.core.demo import DEMO_PASSWORD

    settings.DEMO_MODE = True
    demo_loader.load()
    return DEMO_PASSWORD


def _shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_screenshot_login(page: Any, demo: str) -> None:
    page.goto("/inloggen/")
    _shoot(page, "inloggen")


def test_screenshot_home_and_placeholder(page: Any, login: Any, demo: str) -> None:
    login(page, DEMO_USER, demo)
    page.goto("/")
    _shoot(page, "start")
    page.goto("/regels/")
    _shoot(page, "regels-nog-niet-beschikbaar")


def test_screenshot_phone(page: Any, login: Any, demo: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, DEMO_USER, demo)
    page.goto("/")
    _shoot(page, "start-telefoon")
