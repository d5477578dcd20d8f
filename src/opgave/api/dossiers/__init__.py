"""Pillar 2 (the shared dossier) over REST: one ``router`` that :mod:`opgave.api.router` mounts.

Split by concept: :mod:`.dossiers` (dossiers, participants), :mod:`.entries` (timeline, search,
count, documents), :mod:`.work` (plan, obligations, work list), :mod:`.signals` (signals,
matches, the subject's access request).
"""

from ninja import Router

from opgave.api.dossiers import dossiers, entries, signals, work

router = Router()
for _module in (dossiers, entries, work, signals):
    router.add_router("", _module.router)

__all__ = ["router"]
