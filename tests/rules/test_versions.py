"""Versions: choice by date (both boundary days), overlap refused, published immutable, uploads refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from tests.rules.conftest import SYSTEM, World, rule_set
from tests.rules.dmn_text import BROKEN_FEEL, times_model

from opgave.core.models import AuditRecord
from opgave.rules import selectors, services
from opgave.rules.errors import Conflict, Forbidden, Invalid, NotFound, TooLarge
from opgave.rules.models import RuleVersion, Status

D = dt.date
YEARS = ((D(2024, 1, 1), D(2024, 12, 31)), (D(2025, 1, 1), None))


def test_version_on_picks_the_version_valid_on_both_boundary_days(world: World) -> None:
    item = rule_set(world.ministerie, periods=YEARS)
    assert selectors.version_on(item, D(2024, 12, 31)).number == 1  # last day of the old version
    assert selectors.version_on(item, D(2025, 1, 1)).number == 2  # first day of the new one
    assert selectors.version_on(item, D(2024, 1, 1)).number == 1
    assert selectors.version_on(item, D(2040, 6, 1)).number == 2  # open-ended


def test_no_version_valid_names_the_periods_that_exist(world: World) -> None:
    item = rule_set(world.ministerie, periods=YEARS)
    with pytest.raises(NotFound) as caught:
        selectors.version_on(item, D(2023, 12, 31))
    assert "versie 1: 1 januari 2024 tot en met 31 december 2024" in caught.value.detail
    assert "versie 2: vanaf 1 januari 2025, zonder einddatum" in caught.value.detail


def test_a_concept_or_withdrawn_version_is_never_chosen(world: World) -> None:
    item = rule_set(world.ministerie, periods=YEARS)
    services.add_version(item, actor=SYSTEM, dmn=times_model("x"), geldig_van=D(2026, 1, 1))
    assert selectors.version_on(item, D(2026, 6, 1)).number == 2
    services.withdraw_version(selectors.version(item, 2), actor=SYSTEM)
    with pytest.raises(NotFound):
        selectors.version_on(item, D(2026, 6, 1))


def test_publishing_an_overlapping_period_is_refused_naming_the_other_version(world: World) -> None:
    item = rule_set(world.ministerie, periods=YEARS)
    concept = services.add_version(
        item, actor=SYSTEM, dmn=times_model(), geldig_van=D(2024, 12, 31), geldig_tot=D(2024, 12, 31)
    )
    with pytest.raises(Conflict) as caught:
        services.publish_version(concept, actor=SYSTEM)
    assert "versie 1" in caught.value.detail and "overlapt" in caught.value.detail
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT


def test_publishing_against_an_open_ended_version_is_refused(world: World) -> None:
    item = rule_set(world.ministerie, periods=YEARS)
    concept = services.add_version(item, actor=SYSTEM, dmn=times_model(), geldig_van=D(2030, 1, 1))
    with pytest.raises(Conflict, match="versie 2"):
        services.publish_version(concept, actor=SYSTEM)


def test_publish_runs_the_engines_check(world: World) -> None:
    item = rule_set(world.ministerie, periods=())
    concept = services.add_version(item, actor=SYSTEM, dmn=BROKEN_FEEL, geldig_van=D(2024, 1, 1))
    with pytest.raises(Invalid) as caught:
        services.publish_version(concept, actor=SYSTEM)
    assert caught.value.errors and caught.value.errors[0]["element"]
    assert caught.value.errors[0]["position"] != ""


def test_published_versions_cannot_be_published_again(world: World) -> None:
    item = rule_set(world.ministerie, periods=YEARS)
    with pytest.raises(Conflict):
        services.publish_version(selectors.version(item, 1), actor=SYSTEM)


def test_open_terms_must_be_input_data_of_the_model(world: World) -> None:
    item = rule_set(world.ministerie, periods=(), factor_term=False)
    services.declare_open_term(
        item,
        actor=SYSTEM,
        name="drempel",
        label="Drempel",
        default=1,
        law_title="W",
        law_article="1",
        law_url="https://wetten.overheid.nl/x",
    )
    concept = services.add_version(item, actor=SYSTEM, dmn=times_model(), geldig_van=D(2024, 1, 1))
    with pytest.raises(Invalid, match="drempel"):
        services.publish_version(concept, actor=SYSTEM)


def test_only_members_of_the_owner_add_or_publish_versions_and_refusals_are_audited(world: World) -> None:
    item = rule_set(world.ministerie, periods=())
    with pytest.raises(Forbidden):
        services.add_version(
            item, actor=world.actor(world.sanne), dmn=times_model(), geldig_van=D(2024, 1, 1)
        )
    assert AuditRecord.objects.filter(action="ruleversion.create", result="denied").exists()
    version = services.add_version(
        item, actor=world.actor(world.amira), dmn=times_model(), geldig_van=D(2024, 1, 1)
    )
    record = AuditRecord.objects.filter(action="ruleversion.create", result="success").latest("seq")
    assert record.actor == world.amira and record.detail["model_hash"] == version.model_hash


def test_the_model_hash_is_canonical(world: World) -> None:
    item = rule_set(world.ministerie, periods=())
    a = services.add_version(item, actor=SYSTEM, dmn=times_model(), geldig_van=D(2024, 1, 1))
    reformatted = times_model().replace('<inputData id="i_x" name="x">', '<inputData  name="x"   id="i_x" >')
    b = services.add_version(item, actor=SYSTEM, dmn=reformatted, geldig_van=D(2024, 1, 1))
    c = services.add_version(item, actor=SYSTEM, dmn=times_model("x + factor"), geldig_van=D(2024, 1, 1))
    assert a.model_hash == b.model_hash != c.model_hash


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        ("dit is geen xml", "geen geldige XML"),
        (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><d>&xxe;</d>',
            "DTD of entiteiten",
        ),
        ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><d>&b;</d>', "DTD"),
        ("<html><body>hallo</body></html>", "geen DMN-model"),
        (
            '<definitions xmlns="http://www.omg.org/spec/DMN/20080808/MODEL/" namespace="x" name="oud"/>',
            "DMN-versie",
        ),
        ("", "leeg"),
    ],
    ids=["not-xml", "xxe", "billion-laughs", "not-dmn", "unsupported-dmn-version", "empty"],
)
def test_uploads_are_refused_with_a_clear_reason_and_nothing_is_stored(
    world: World, upload: str, expected: str
) -> None:
    item = rule_set(world.ministerie, periods=())
    with pytest.raises(Invalid) as caught:
        services.add_version(item, actor=SYSTEM, dmn=upload, geldig_van=D(2024, 1, 1))
    assert expected in caught.value.detail
    assert not RuleVersion.objects.filter(rule_set=item).exists()


def test_an_oversized_upload_is_refused_before_parsing(world: World) -> None:
    item = rule_set(world.ministerie, periods=())
    with (
        override_settings(RULES_MAX_MODEL_BYTES=1000),
        pytest.raises(TooLarge, match=r"maximum is 1\.000 bytes"),
    ):
        services.add_version(item, actor=SYSTEM, dmn=times_model(), geldig_van=D(2024, 1, 1))
    assert not RuleVersion.objects.filter(rule_set=item).exists()


def test_a_malformed_upload_names_line_and_column(world: World) -> None:
    item = rule_set(world.ministerie, periods=())
    with pytest.raises(Invalid) as caught:
        services.add_version(
            item, actor=SYSTEM, dmn="<definitions>\n  <oops></definitions>", geldig_van=D(2024, 1, 1)
        )
    assert "line 2" in caught.value.detail
