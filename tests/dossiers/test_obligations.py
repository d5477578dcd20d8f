"""Obligations derived from constructed dossier states by the type's DMN model, with explanation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.dossiers import constraints, selectors, services
from opgave.dossiers.models import Dossier, Entry, Obligation
from opgave.dossiers.tasks import derive_obligations

from .conftest import World


def _state(kind: str, level: int, regisseur: bool, goals: bool) -> set[str]:
    model = constraints.load_rules(kind)
    result = model.evaluate(
        constraints.DECISION,
        {
            "Dossiersoort": kind,
            "Hoogste veiligheidsniveau": level,
            "Regisseur aanwezig": regisseur,
            "Plan heeft doelen": goals,
            "Dagen sinds start": 1,
        },
    )
    assert result.messages == []
    return {row["code"] for row in result.value}


@pytest.mark.parametrize(
    ("kind", "level", "regisseur", "goals", "expected"),
    [
        ("gezin", 0, True, True, {"plan-herbeoordelen"}),
        ("gezin", 3, True, True, {"raad-informeren", "veiligheidsplan", "plan-herbeoordelen"}),
        ("gezin", 2, False, False, {"veiligheidsplan", "regisseur-aanwijzen", "plan-opstellen"}),
        ("persoon", 3, True, False, {"veiligheidsplan", "plan-opstellen"}),
        ("adres", 3, False, True, {"regisseur-aanwijzen", "plan-herbeoordelen"}),
    ],
)
def test_constructed_states_give_the_expected_obligations(
    kind: str, level: int, regisseur: bool, goals: bool, expected: set[str]
) -> None:
    assert _state(kind, level, regisseur, goals) == expected


def test_a_safety_signal_obliges_informing_the_raad_within_five_working_days(world: World) -> None:
    signal = world.entries["veiligheid-strikt"]
    obligation = Obligation.objects.get(dossier=world.dossier, code="raad-informeren")
    start = timezone.localdate(signal.created_at)
    assert obligation.due_date == constraints.add_working_days(start, 5)
    assert obligation.entry_id == signal.pk
    assert obligation.rule_id == "raad-informeren"
    assert obligation.explanation["model"] == "dossiers/rules/gezin.dmn"
    assert obligation.explanation["inputs"]["Hoogste veiligheidsniveau"] == 3
    assert "Raad voor de Kinderbescherming" in obligation.explanation["toelichting"]
    assert obligation.responsible == world.orgs["gemeente"]


def test_a_safety_signal_before_easter_gets_a_deadline_past_the_holidays(world: World) -> None:
    signal = world.entries["veiligheid-strikt"]
    wednesday = timezone.make_aware(dt.datetime(2026, 4, 1, 10, 0))
    Entry.objects.filter(pk=signal.pk).update(created_at=wednesday)
    services.refresh(world.dossier, actor=Actor.system(), today=dt.date(2026, 4, 2))
    obligation = Obligation.objects.get(dossier=world.dossier, code="raad-informeren", status="open")
    # Thu 2 Apr, then Goede Vrijdag, the weekend and Tweede Paasdag are skipped: 7, 8, 9, 10 April
    assert obligation.due_date == dt.date(2026, 4, 10)
    assert obligation.explanation["basis"] == "2026-04-01"


def test_working_days_skip_the_weekend() -> None:
    friday = dt.date(2026, 11, 27)
    assert constraints.add_working_days(friday, 1) == dt.date(2026, 11, 30)
    assert constraints.add_working_days(friday, 5) == dt.date(2026, 12, 4)


def test_obligations_are_rederived_when_the_dossier_changes(world: World) -> None:
    assert Obligation.objects.filter(dossier=world.dossier, code="plan-opstellen", status="open").exists()
    services.add_item(
        actor=world.actor("gemeente"), dossier=world.dossier, section="doel", text="Veilig thuis"
    )
    assert Obligation.objects.get(dossier=world.dossier, code="plan-opstellen").status == "vervallen"
    assert Obligation.objects.filter(dossier=world.dossier, code="plan-herbeoordelen", status="open").exists()


def test_leaving_regisseur_makes_assigning_one_an_obligation(world: World) -> None:
    _d, part = selectors.dossier(world.actor("gemeente"), world.dossier.uuid)
    services.leave(actor=world.actor("gemeente"), participation=part)
    assert Obligation.objects.filter(
        dossier=world.dossier, code="regisseur-aanwijzen", status="open"
    ).exists()


def test_fulfilled_stays_fulfilled_and_overdue_is_flagged(world: World) -> None:
    gem = world.actor("gemeente")
    _d, part = selectors.dossier(gem, world.dossier.uuid)
    obligation = selectors.obligations(part).get(code="raad-informeren")
    Entry.objects.filter(pk=world.entries["veiligheid-strikt"].pk).update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )
    derive_obligations.call()
    obligation.refresh_from_db()
    assert obligation.due_date < timezone.localdate()
    listed = world.client("gemeente").get("/api/v1/obligations").json()["items"]
    assert any(o["code"] == "raad-informeren" and o["overdue"] for o in listed)
    services.fulfil(actor=gem, obligation=obligation)
    derive_obligations.call()
    obligation.refresh_from_db()
    assert obligation.status == "voldaan"


def test_the_daily_task_derives_for_every_open_dossier(world: World) -> None:
    Obligation.objects.all().delete()
    assert derive_obligations.call() == Dossier.objects.count()
    assert Obligation.objects.filter(dossier=world.dossier).exists()


def test_every_type_has_a_valid_model() -> None:
    for kind in ("gezin", "persoon", "adres"):
        assert constraints.load_rules(kind).check() == []
    with pytest.raises(LookupError):
        constraints.load_rules("onbekend")


def test_system_actor_is_not_an_organisation() -> None:
    assert selectors.work_list(Actor.system()).count() == 0
