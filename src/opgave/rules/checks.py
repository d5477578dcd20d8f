"""Deployment check of the rules pillar (``opgave check --deploy``): receipts must be signed with
a key of the deployment's own, never with the development key published in the source."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from opgave.conf import DECLARED


@checks.register(checks.Tags.security, deploy=True)
def check_receipt_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    declared = DECLARED.get("OPGAVE_RULES_RECEIPT_KEYS")
    published = str(declared.default) if declared is not None else ""
    keys = str(getattr(settings, "RULES_RECEIPT_KEYS", ""))
    secrets = {part.partition(":")[2].strip() for part in keys.split(",")}
    known = {part.partition(":")[2].strip() for part in published.split(",")}
    if not keys.strip() or secrets & known:
        return [
            checks.Error(
                "OPGAVE_RULES_RECEIPT_KEYS is leeg of bevat de openbare ontwikkelsleutel: bonnen van "
                "beslissingen zouden door iedereen te vervalsen zijn. Zet 'id:geheim' met een eigen, lange waarde.",
                id="opgave.rules.E001",
                hint="Zie src/opgave/rules/receipts.py (sleutelrotatie) en docs/reference/settings.md.",
            )
        ]
    return []
