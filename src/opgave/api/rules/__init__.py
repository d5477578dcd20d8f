"""Pillar 3 (rules as a service) over REST: one ``router`` that :mod:`opgave.api.router` mounts.

:mod:`.rulesets` (catalogue, rule sets, versions, variants, schema, diff) and :mod:`.evaluate`
(per-case and batch evaluation, receipt verification). Public rule sets can be read and
evaluated without an account (see :mod:`.common`), within the API's rate limit per address.
"""

from ninja import Router

from opgave.api.rules import evaluate, rulesets

router = Router()
for _module in (rulesets, evaluate):
    router.add_router("", _module.router)

__all__ = ["router"]
