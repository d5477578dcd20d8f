"""Twinning: start, form over time, botsproef activities, small proposals with review, frictions,
scheduled evaluations (continue / change form / end) and the daily task."""

from __future__ import annotations

import datetime as dt

import pytest

from opgave.core.actors import Actor
from opgave.core.exceptions import Conflict, Invalid, PermissionDenied, RevisionConflict, RevisionRequired
from opgave.core.models import AuditRecord, OrganisationKind
from opgave.learning import selectors, services, tasks
from opgave.learning.models import Evaluation, Twinning

from .conftest import act, make_org, make_person


@pytest.fixture
def pair(db: object) -> dict[str, object]:
    ind, svb = (
        make_org("IND", OrganisationKind.UITVOERINGSORGANISATIE),
        make_org("SVB", OrganisationKind.UITVOERINGSORGANISATIE),
    )
    people = {
        "ilse": make_person("ilse", ind, admin=True),
        "sven": make_person("sven", svb),
        "sara": make_person("sara", svb, admin=True),
        "otto": make_person("otto", make_org("Elders")),
    }
    twinning = services.start_twinning(
        actor=act(people["ilse"]),
        name="IND en SVB",
        partner_a=ind,
        partner_b=svb,
        started_on=dt.date(2005, 6, 1),
        planned_end_on=dt.date(2008, 6, 1),
        goals="Tijdiger beslissen\nKlachten benutten",
        master=svb,
    )
    return {"ind": ind, "svb": svb, "twinning": twinning, **people}


def test_starting_plans_yearly_evaluations_and_one_before_the_planned_end(pair: dict) -> None:
    due = list(Evaluation.objects.filter(twinning=pair["twinning"]).values_list("reason", "due_on"))
    assert due == [
        ("jaarlijks", dt.date(2006, 6, 1)),
        ("jaarlijks", dt.date(2007, 6, 1)),
        ("voor_einde", dt.date(2008, 4, 1)),
    ]
    assert pair["twinning"].current_form.kind == "meester_gezel"
    assert pair["twinning"].current_form.master == pair["svb"]


def test_only_an_administrator_of_a_partner_starts_a_twinning(pair: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.start_twinning(
            actor=act(pair["sven"]),
            name="X",
            partner_a=pair["ind"],
            partner_b=pair["svb"],
            started_on=dt.date(2020, 1, 1),
            planned_end_on=dt.date(2021, 1, 1),
            goals="x",
        )
    with pytest.raises(Invalid):
        services.start_twinning(
            actor=act(pair["ilse"]),
            name="X",
            partner_a=pair["ind"],
            partner_b=pair["ind"],
            started_on=dt.date(2020, 1, 1),
            planned_end_on=dt.date(2021, 1, 1),
            goals="x",
        )


def test_a_small_proposal_is_submitted_by_an_employee_and_decided_by_an_admin_of_either_side(
    pair: dict,
) -> None:
    proposal = services.submit_proposal(
        actor=act(pair["sven"]), twinning=pair["twinning"], title="Meelopen", description="Een dag"
    )
    assert proposal.organisation == pair["svb"]
    with pytest.raises(PermissionDenied):
        services.decide_proposal(
            actor=act(pair["sven"]), proposal=proposal, approve=True, expected_revision=1
        )
    with pytest.raises(PermissionDenied):
        services.decide_proposal(
            actor=act(pair["otto"]), proposal=proposal, approve=True, expected_revision=1
        )
    with pytest.raises(Invalid):
        services.decide_proposal(
            actor=act(pair["ilse"]), proposal=proposal, approve=False, expected_revision=1
        )
    with pytest.raises((RevisionRequired, RevisionConflict)):
        services.decide_proposal(
            actor=act(pair["ilse"]), proposal=proposal, approve=True, expected_revision=None
        )
    decided = services.decide_proposal(
        actor=act(pair["ilse"]), proposal=proposal, approve=True, note="Goed plan", expected_revision=1
    )
    assert decided.status == "goedgekeurd" and decided.reviewed_by == pair["ilse"]
    with pytest.raises(Conflict):
        services.decide_proposal(
            actor=act(pair["sara"]), proposal=decided, approve=False, note="Toch niet", expected_revision=2
        )
    record = AuditRecord.objects.filter(action="twinning.proposal.decide", result="success").get()
    assert record.actor == pair["ilse"] and record.detail == {"status": "goedgekeurd"}


def test_an_outsider_cannot_submit_and_a_token_cannot_either(pair: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.submit_proposal(
            actor=act(pair["otto"]), twinning=pair["twinning"], title="x", description="y"
        )


def test_a_botsproef_records_plan_and_challenges(pair: dict) -> None:
    with pytest.raises(Invalid):
        services.add_activity(
            actor=act(pair["sven"]),
            twinning=pair["twinning"],
            kind="botsproef",
            title="Plan",
            held_on=dt.date(2006, 1, 1),
            plan="x",
        )
    activity = services.add_activity(
        actor=act(pair["sven"]),
        twinning=pair["twinning"],
        kind="botsproef",
        title="Plan",
        held_on=dt.date(2006, 1, 1),
        presented_by=pair["ind"],
        plan="Meer mensen",
        challenges="Waarom?",
        changes="Proces eerst",
    )
    assert selectors.twinning_picture(act(pair["ilse"]), pair["twinning"]).activities == [activity]
    with pytest.raises(PermissionDenied):
        selectors.twinning_picture(act(pair["otto"]), pair["twinning"])


def test_evaluations_continue_change_form_and_end_normally(pair: dict) -> None:
    twinning = pair["twinning"]
    first, second, last = Evaluation.objects.filter(twinning=twinning).order_by("due_on")
    with pytest.raises(PermissionDenied):
        services.record_evaluation(
            actor=act(pair["sven"]),
            evaluation=first,
            outcome="voortzetten",
            reasoning="x",
            expected_revision=1,
        )
    services.record_evaluation(
        actor=act(pair["ilse"]),
        evaluation=first,
        outcome="voortzetten",
        reasoning="Loopt",
        held_on=dt.date(2006, 6, 1),
        expected_revision=1,
    )
    with pytest.raises(Invalid):
        services.record_evaluation(
            actor=act(pair["sara"]),
            evaluation=second,
            outcome="vorm_wijzigen",
            reasoning="x",
            expected_revision=1,
        )
    services.record_evaluation(
        actor=act(pair["sara"]),
        evaluation=second,
        outcome="vorm_wijzigen",
        new_form="gelijkwaardig",
        reasoning="Gelijk opgaan",
        held_on=dt.date(2007, 6, 1),
        expected_revision=1,
    )
    twinning.refresh_from_db()
    assert [f.kind for f in twinning.forms.all()] == ["meester_gezel", "gelijkwaardig"]
    services.record_evaluation(
        actor=act(pair["ilse"]),
        evaluation=last,
        outcome="beeindigen",
        reasoning="Doel bereikt",
        held_on=dt.date(2008, 4, 1),
        expected_revision=1,
    )
    twinning.refresh_from_db()
    assert twinning.status == "beeindigd" and twinning.ended_on == dt.date(2008, 4, 1)
    with pytest.raises(Conflict):
        services.submit_proposal(actor=act(pair["sven"]), twinning=twinning, title="x", description="y")


def test_the_daily_task_plans_missing_evaluations(pair: dict) -> None:
    Evaluation.objects.filter(twinning=pair["twinning"]).delete()
    result = tasks.daily.call()
    assert result["evaluations_planned"] == 3
    assert tasks.daily.call()["evaluations_planned"] == 0


def test_frictions_are_recorded_and_closed_with_the_revision(pair: dict) -> None:
    friction = services.add_friction(
        actor=act(pair["sven"]), twinning=pair["twinning"], kind="btw", title="Btw op uren"
    )
    with pytest.raises((RevisionRequired, RevisionConflict)):
        services.update_friction(
            actor=act(pair["sven"]), friction=friction, expected_revision=7, is_open=False
        )
    closed = services.update_friction(
        actor=act(pair["sven"]), friction=friction, expected_revision=1, is_open=False
    )
    assert not closed.is_open and closed.revision == 2
    with pytest.raises(PermissionDenied):
        services.add_friction(actor=act(pair["otto"]), twinning=pair["twinning"], kind="btw", title="x")


def test_a_twinning_lesson_is_seen_by_both_partners_and_nobody_else_until_shared(pair: dict) -> None:
    lesson = services.record_lesson(
        actor=act(pair["sven"]), twinning=pair["twinning"], title="Botsen helpt schulden voorkomen"
    )
    query = selectors.SearchFilters(query="schuld")
    assert selectors.search(act(pair["ilse"]), query).total == 1
    assert selectors.search(act(pair["otto"]), query).total == 0
    services.update_lesson(actor=act(pair["ilse"]), lesson=lesson, expected_revision=1, visibility="platform")
    assert selectors.search(act(pair["otto"]), query).total == 1


def test_public_results_show_counts_and_public_lessons_only(pair: dict) -> None:
    services.record_lesson(
        actor=Actor.system(), twinning=pair["twinning"], title="Openbaar", visibility="public"
    )
    services.record_lesson(actor=Actor.system(), twinning=pair["twinning"], title="Intern")
    results = selectors.public_results(Twinning.objects.get())
    assert [lesson.title for lesson in results["lessons"]] == ["Openbaar"]
