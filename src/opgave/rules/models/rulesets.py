"""Rule sets, their law references and their open terms."""

from __future__ import annotations

import uuid

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "openbaar", "Openbaar (iedereen, ook zonder account)"
    OWN = "eigen", "Alleen de eigen organisatie"


class RuleSet(models.Model):
    """A body of rules an organisation models once and others evaluate.

    ``law_ids`` is a denormalised, space-separated list of the BWB identifiers of every law
    reference of the set and of its versions (kept by the services), for the catalogue filter.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="rule_sets")
    title = models.CharField("titel", max_length=200)
    description = models.TextField("omschrijving", blank=True, default="")
    visibility = models.CharField(
        "zichtbaarheid", max_length=10, choices=Visibility.choices, default=Visibility.OWN
    )
    law_ids = models.CharField("BWB-identificaties", max_length=500, blank=True, default="", editable=False)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "regelset"
        verbose_name_plural = "regelsets"

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class LawReference(models.Model):
    """A law article a rule set (``decision`` blank) or one decision of a version implements.

    ``version`` is null for references of the rule set as a whole; decision-level references
    belong to a version (they change with the model and show in the diff).
    """

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="law_references")
    version = models.ForeignKey(
        "rules.RuleVersion", null=True, blank=True, on_delete=models.CASCADE, related_name="law_references"
    )
    decision = models.CharField("beslissing", max_length=200, blank=True, default="")
    bwb_id = models.CharField("BWB-identificatie", max_length=20)
    title = models.CharField("naam van de regeling", max_length=200)
    article = models.CharField("artikel", max_length=50)
    url = models.URLField("link naar het artikel", max_length=500)

    class Meta:
        ordering = ["decision", "bwb_id", "article"]
        verbose_name = "wetsverwijzing"
        verbose_name_plural = "wetsverwijzingen"

    def __str__(self) -> str:
        return f"{self.title}, artikel {self.article}"

    def as_dict(self) -> dict[str, str]:
        return {
            "decision": self.decision,
            "bwb_id": self.bwb_id,
            "title": self.title,
            "article": self.article,
            "url": self.url,
        }


class OpenTerm(models.Model):
    """A parameter the rule set leaves open for variants (maatwerk), with its allowed values.

    In the model it is an input data element of the same ``name``; evaluation supplies the
    variant's value, or ``default`` without a variant. ``kind`` is ``number``, ``string`` or
    ``boolean``; numbers are bounded by ``minimum``/``maximum``, strings by ``choices``.
    """

    class Kind(models.TextChoices):
        NUMBER = "number", "getal"
        STRING = "string", "tekst"
        BOOLEAN = "boolean", "ja/nee"

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="open_terms")
    name = models.CharField("naam (input data in het model)", max_length=100)
    label = models.CharField("omschrijving", max_length=200)
    kind = models.CharField("soort", max_length=10, choices=Kind.choices, default=Kind.NUMBER)
    minimum = models.DecimalField("minimum", max_digits=14, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField("maximum", max_digits=14, decimal_places=4, null=True, blank=True)
    choices = models.JSONField("toegestane waarden", default=list, blank=True)
    default = models.JSONField("standaardwaarde")
    unit = models.CharField("eenheid", max_length=30, blank=True, default="")
    law_title = models.CharField("regeling die de ruimte geeft", max_length=200)
    law_article = models.CharField("artikel", max_length=50)
    law_url = models.URLField("link", max_length=500)

    class Meta:
        ordering = ["rule_set", "name"]
        verbose_name = "open norm"
        verbose_name_plural = "open normen"
        constraints = [models.UniqueConstraint(fields=["rule_set", "name"], name="openterm_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def range_text(self) -> str:
        """The allowed values in Dutch, for forms and errors."""
        if self.kind == self.Kind.STRING and self.choices:
            return "een van: " + ", ".join(str(c) for c in self.choices)
        if self.kind == self.Kind.BOOLEAN:
            return "ja of nee"
        low = f"{self.minimum.normalize():f}" if self.minimum is not None else None
        high = f"{self.maximum.normalize():f}" if self.maximum is not None else None
        if low and high:
            return f"van {low} tot en met {high}"
        if low:
            return f"minimaal {low}"
        if high:
            return f"maximaal {high}"
        return "elke waarde"
