"""Load or reset the demo scenario: every opgave app with a ``demo`` module contributes.

Each app may provide ``<app>/demo.py`` with ``def load(context: DemoContext) -> None``
(idempotent) and optionally ``def reset(context: DemoContext) -> None``. They are
called in ``INSTALLED_APPS`` order for loading (core first) and in reverse order
for resetting, all inside one transaction.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction


class DemoModeOff(RuntimeError):
    def __init__(self) -> None:
        super().__init__("De demo is alleen beschikbaar in demomodus: zet OPGAVE_DEMO=true.")


@dataclass
class DemoContext:
    """What demo modules share: the objects created so far, by short key, and progress reporting."""

    organisations: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    on_step: Callable[[str], None] = lambda _label: None

    def step(self, label: str) -> None:
        """Report progress (the CLI shows it)."""
        self.on_step(label)

    def account(self, username: str, name: str, password: str) -> None:
        """Announce a demo account (printed after loading)."""
        if all(existing[0] != username for existing in self.accounts):
            self.accounts.append((username, name, password))


def demo_modules() -> list[tuple[str, ModuleType]]:
    """``(app label, demo module)`` for every installed opgave app that has one, in app order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("opgave."):
            continue
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is not None:
            found.append((config.label, importlib.import_module(name)))
    return found


def load(
    on_step: Callable[[str], None] | None = None, on_module: Callable[[str], None] | None = None
) -> DemoContext:
    """Load the whole demo scenario (idempotent). Raises :class:`DemoModeOff` outside demo mode."""
    if not settings.DEMO_MODE:
        raise DemoModeOff()
    context = DemoContext(on_step=on_step or (lambda _label: None))
    with transaction.atomic():
        for label, module in demo_modules():
            module.load(context)
            if on_module:
                on_module(label)
    return context


def reset(
    on_step: Callable[[str], None] | None = None, on_module: Callable[[str], None] | None = None
) -> DemoContext:
    """Remove the demo data of every app (reverse order), then load it afresh."""
    if not settings.DEMO_MODE:
        raise DemoModeOff()
    with transaction.atomic():
        context = DemoContext()
        for _label, module in reversed(demo_modules()):
            if hasattr(module, "reset"):
                module.reset(context)
        return load(on_step=on_step, on_module=on_module)
