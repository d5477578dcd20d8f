"""Pillar 1 (collaborations) over REST: one ``router`` that :mod:`opgave.api.router` mounts.

Split by concept: :mod:`.collaborations` (public fields, design, versions, diff, diagnostics),
:mod:`.sessions`, :mod:`.registers` (tensions, goals, lessons, activity), :mod:`.programmes`,
:mod:`.discussion`, :mod:`.access` (invitations and requests to join).
"""

from ninja import Router

from opgave.api.collaborations import access, collaborations, discussion, programmes, registers, sessions

router = Router()
for _module in (collaborations, sessions, registers, programmes, discussion, access):
    router.add_router("", _module.router)

__all__ = ["router"]
