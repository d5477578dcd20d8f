"""Every setting of opgave, declared once: name, default and help text.

``settings.py`` reads the values from the environment through :func:`env`;
``opgave settings`` and ``docs/reference/settings.md`` are generated from
:data:`DECLARED`, and a test fails when a setting is read but not declared.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type = str


DECLARED: dict[str, Setting] = {}

_TRUE = {"1", "true", "yes", "on", "ja"}


def env(name: str, default: Any, help: str, kind: type | None = None) -> Any:
    """Read environment variable ``OPGAVE_<name>`` (or ``name`` itself for well-known ones)."""
    kind = kind or (type(default) if default is not None else str)
    DECLARED[name] = Setting(name, default, help, kind)
    raw = os.environ.get(name)
    if raw is None:
        return default
    if kind is bool:
        return raw.strip().lower() in _TRUE
    if kind is int:
        return int(raw)
    if kind is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw
