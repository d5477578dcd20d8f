"""Pillar 3, rules as a service: rule sets with versions, variants, evaluation with receipts.

The model layer (see :mod:`opgave.rules.models`) is the contract other parts build on
(consequence simulation, dossier constraints): a :class:`RuleSet` has numbered
:class:`RuleVersion` rows (one DMN model each, with a validity period), declares
:class:`OpenTerm` parameters, and organisations publish :class:`Variant` rows whose
:class:`VariantVersion` rows fill those open terms.
"""
