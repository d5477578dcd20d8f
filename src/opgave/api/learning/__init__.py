"""Pillar 4 (learning and the landscape) over REST: one ``router`` that :mod:`opgave.api.router` mounts.

Split by concept: :mod:`.lessons` (lessons, academy search, similar lessons), :mod:`.circles`,
:mod:`.twinning` (with organisation profiles and partner suggestions), :mod:`.landscape`.
"""

from ninja import Router

from opgave.api.learning import circles, landscape, lessons, twinning

router = Router()
for _module in (lessons, circles, twinning, landscape):
    router.add_router("", _module.router)

__all__ = ["router"]
