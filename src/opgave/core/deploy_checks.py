"""Deployment checks of the core, as Django system checks (``opgave check --deploy``).

Each check is a small function registered with the ``deploy`` tag, so other parts of the
platform add their own checks beside these instead of editing one list. The secrets check also
runs while the settings load in production (``OPGAVE_ENV=production``): a production server
with a missing or published key does not start, and says why in Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from opgave.conf import DECLARED

#: The secrets that must be set in production: setting name → environment variable.
SECRETS = {"SECRET_KEY": "OPGAVE_SECRET_KEY", "PSEUDONYM_KEY": "OPGAVE_PSEUDONYM_KEY"}


def secret_problems(values: Mapping[str, Any] | None = None) -> list[tuple[str, str]]:
    """``(id, Dutch message)`` for every required secret that is empty or the published default.

    ``values`` maps setting names to values (default: the configured settings).
    """
    problems = []
    for number, (name, variable) in enumerate(SECRETS.items(), start=1):
        value = str((values.get(name) if values is not None else getattr(settings, name, "")) or "")
        declared = DECLARED.get(variable)
        published = str(declared.default) if declared is not None else None
        if not value.strip():
            reason = "is niet ingesteld"
        elif value == published:
            reason = "staat op de openbare ontwikkelwaarde uit de broncode"
        else:
            continue
        problems.append(
            (
                f"opgave.E00{number}",
                f"{variable} {reason}. Zet een eigen, geheime en lange waarde (bijvoorbeeld de uitvoer van "
                f'`python -c "import secrets; print(secrets.token_urlsafe(50))"`) in de omgeving.',
            )
        )
    return problems


@checks.register(checks.Tags.security, deploy=True)
def check_secrets(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(message, id=ident, hint="Zie docs/reference/settings.md.")
        for ident, message in secret_problems()
    ]


def require_production_secrets(values: Mapping[str, Any]) -> None:
    """Refuse to start in production without real secrets (called from ``settings.py``)."""
    problems = secret_problems(values)
    if problems:
        lines = "\n".join(f"- {message}" for _, message in problems)
        raise ImproperlyConfigured(f"opgave start niet in productie (OPGAVE_ENV=production):\n{lines}")
