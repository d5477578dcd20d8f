"""The rules pillar's data model (documented for the apps that build on it, e.g. simulation).

* :class:`RuleSet` — what an organisation models once: owner, title, visibility, law references,
  and the :class:`OpenTerm` parameters other organisations may fill in.
* :class:`RuleVersion` — one DMN model (plus the models it imports) with a status
  (concept → gepubliceerd → ingetrokken) and a validity period; published versions never change.
  :func:`opgave.rules.selectors.version_on` picks the version valid on a date.
* :class:`Variant` / :class:`VariantVersion` — an organisation's values for the open terms,
  with its own validity period and a link to its own regulation.
"""

from opgave.rules.models.rulesets import LawReference, OpenTerm, RuleSet, Visibility
from opgave.rules.models.variants import Variant, VariantVersion
from opgave.rules.models.versions import RuleVersion, Status

__all__ = [
    "LawReference",
    "OpenTerm",
    "RuleSet",
    "RuleVersion",
    "Status",
    "Variant",
    "VariantVersion",
    "Visibility",
]
