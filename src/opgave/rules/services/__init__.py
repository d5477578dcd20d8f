"""Every write of the rules pillar (split by concept). Each function takes ``actor`` keyword-only,
decides the permission itself (named checks in :mod:`opgave.rules.permissions`), and changes the
data together with its audit record in one transaction. Refusals are audited and raise a domain
error.
"""

from opgave.rules.services.law_references import add_law_reference, change_law_reference, remove_law_reference
from opgave.rules.services.open_terms import change_open_term, declare_open_term, remove_open_term
from opgave.rules.services.rulesets import create_rule_set
from opgave.rules.services.variants import publish_variant
from opgave.rules.services.versions import add_version, publish_version, save_edited_model, withdraw_version

__all__ = [
    "add_law_reference",
    "add_version",
    "change_law_reference",
    "change_open_term",
    "create_rule_set",
    "declare_open_term",
    "publish_variant",
    "publish_version",
    "remove_law_reference",
    "remove_open_term",
    "save_edited_model",
    "withdraw_version",
]
