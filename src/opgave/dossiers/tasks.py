"""Background tasks of the shared dossier (django-tasks). Both are plain tasks; the platform's
scheduler runs them daily (see docs/gebruikershandleiding/dossiers.md, "Dagelijkse taken")::

    from opgave.dossiers.tasks import derive_obligations, remove_expired_entries
    derive_obligations.enqueue()
    remove_expired_entries.enqueue()
"""

from __future__ import annotations

from django_tasks import task

from opgave.core.actors import Actor
from opgave.dossiers import services


@task()
def derive_obligations() -> int:
    """Re-derive every open dossier's obligations (deadlines move with the calendar)."""
    return services.refresh_all(actor=Actor.system(origin="task"))


@task()
def remove_expired_entries() -> int:
    """Remove entries past their retention date; every removal is in the audit and processing logs."""
    return services.remove_expired(actor=Actor.system(origin="task"))
