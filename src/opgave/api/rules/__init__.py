"""Pillar 3 (rules as a service) over REST: one ``router`` that :mod:`opgave.api.router` mounts.

:mod:`.rulesets` (catalogue, rule sets, versions, variants, schema, diff), :mod:`.lawrefs` and
:mod:`.openterms` (editing law references and open terms), and :mod:`.evaluate`
(per-case and batch evaluation, receipt verification). Public rule sets can be read and
evaluated without an account (see :mod:`.common`), within the API's rate limit per address.
"""

from ninja import Router

from opgave.api.rules import evaluate, lawrefs, openterms, rulesets

router = Router()
for _module in (rulesets, lawrefs, openterms, evaluate):
    router.add_router("", _module.router)

__all__ = ["router"]
