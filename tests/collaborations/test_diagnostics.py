"""The diagnostics are pure functions: every test builds a history by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from opgave.collaborations import diagnostics as diag
from opgave.collaborations.design import Accountability, CentrePosition, Design, Embedding, Funding, Principle

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def meetings(count: int, start: float, end: float, kind: str = "meeting") -> tuple[diag.Event, ...]:
    step = (start - end) / max(count, 1)
    return tuple(diag.Event(days_ago(start - i * step), kind) for i in range(count))


def test_all_talk_and_no_movement_is_idling_with_dutch_reasons() -> None:
    history = diag.History(
        events=meetings(10, 80, 5) + meetings(20, 80, 5, "message"),
        versions=(diag.VersionInfo(datetime(2026, 3, 2, tzinfo=UTC), (1, 2)),),
        goals=(diag.GoalSeries(0, 100),),
    )
    result = diag.idling(history, days_ago(90), NOW)
    assert result.activity == 14.0  # 10 meetings + 20 messages · 0.2
    assert result.movement == 0.0
    assert result.index == 1.0
    assert result.label == "stationair"
    assert "Geen besluiten genomen." in result.reasons
    assert "Geen gedeelde opgave vastgesteld sinds 2 maart 2026." in result.reasons
    assert "Geen voortgang op de doelen." in result.reasons


def test_decisions_versions_and_goal_progress_count_as_movement() -> None:
    goal = diag.GoalSeries(0, 100, ((days_ago(200), 10.0), (days_ago(10), 60.0)))
    history = diag.History(
        events=meetings(4, 80, 5) + meetings(2, 60, 20, "decision"),
        versions=(diag.VersionInfo(days_ago(30), (1, 2, 3)),),
        goals=(goal,),
    )
    result = diag.idling(history, days_ago(90), NOW)
    # A = 4; M = 2 decisions + 1 version·2 + 10 · (0.6 − 0.1) = 9
    assert result.activity == 4.0
    assert result.movement == 9.0
    assert result.index == round(4 / 13, 3)
    assert result.label == "in beweging"
    assert "Doelen gemiddeld 50 procentpunt dichter bij de streefwaarde." in result.reasons


def test_converging_sessions_count_as_movement_and_are_explained() -> None:
    history = diag.History(
        events=meetings(2, 60, 10, "session"),
        sessions=(diag.RevealedSession(days_ago(150), 0.1), diag.RevealedSession(days_ago(20), 0.7)),
    )
    result = diag.idling(history, days_ago(90), NOW)
    assert result.movement == 3.0  # 5 · (0.7 − 0.1)
    assert any("groeiden naar elkaar toe" in r for r in result.reasons)
    assert any("kwamen sterk overeen (gelijkenis 0,70)" in r for r in result.reasons)


def test_no_signal_at_all_gives_no_index() -> None:
    result = diag.idling(diag.History(), days_ago(90), NOW)
    assert result.index is None
    assert result.label == "stil"
    assert "Nog nooit een gedeelde opgave vastgesteld." in result.reasons


def test_goal_progress_is_clipped_and_works_for_decreasing_targets() -> None:
    down = diag.GoalSeries(baseline=200, target=100, measurements=((days_ago(5), 150.0),))
    assert down.progress(NOW) == 0.5
    assert down.progress(days_ago(10)) == 0.0
    over = diag.GoalSeries(0, 10, ((days_ago(1), 30.0),))
    assert over.progress(NOW) == 1.0


def idling_then_accelerating() -> diag.History:
    """Eight months of meetings without result, then decisions, a version and goal progress."""
    events = meetings(60, 360, 120) + meetings(6, 110, 5) + meetings(8, 100, 5, "decision")
    goal = diag.GoalSeries(0, 100, ((days_ago(80), 20.0), (days_ago(40), 45.0), (days_ago(5), 70.0)))
    return diag.History(
        events=events, goals=(goal,), versions=(diag.VersionInfo(days_ago(60), (1, 2, 3, 4, 5)),)
    )


def test_series_shows_idling_turning_into_acceleration_and_phase_follows() -> None:
    history = idling_then_accelerating()
    series = diag.idling_series(history, NOW)
    assert len(series) == 12
    assert series[3].label == "stationair"
    assert series[-1].label == "in beweging"
    statuses = diag.step_statuses(Design(), history.versions, 180, NOW)
    result = diag.phase(series, Embedding.BUITENBOORDMOTOR, statuses)
    assert result.phase == "versnellend"
    assert "nog niet ingebed" in result.reason


def test_phase_is_stationair_when_the_index_stays_high() -> None:
    history = diag.History(events=meetings(100, 360, 1))
    series = diag.idling_series(history, NOW)
    assert diag.phase(series, None, []).phase == "stationair"


def test_phase_is_versnellend_when_the_index_drops_clearly() -> None:
    def point(index: float) -> diag.Idling:
        return diag.Idling(NOW, NOW, index, 1, 1, "", [])

    assert diag.phase([point(0.95), point(0.9), point(0.85), point(0.7)], None, []).phase == "versnellend"
    assert diag.phase([point(0.95), point(0.9), point(0.85), point(0.85)], None, []).phase == "stationair"


def full_design() -> Design:
    return Design.model_validate(
        {
            "step1": {"opgave": "x", "bedoeling": "y"},
            "step2": {"parties": [{"organisation_name": "A", "role": "regisseur"}]},
            "step3": {"chosen_principle": "netwerkende_samenwerking"},
            "step4": {
                "organisational_form": "netwerk",
                "accountability": "stewardship",
                "embedding": "ingebed",
            },
            "step5": {"relations": [{"name": "B", "stance": "samenwerken"}]},
        }
    )


def test_phase_is_cruisend_only_when_embedded_and_all_steps_current() -> None:
    def point(index: float) -> diag.Idling:
        return diag.Idling(NOW, NOW, index, 1, 1, "", [])

    series = [point(0.4)] * 4
    versions = (diag.VersionInfo(days_ago(10), (1, 2, 3, 4, 5)),)
    statuses = diag.step_statuses(full_design(), versions, 180, NOW)
    assert diag.phase(series, Embedding.INGEBED, statuses).phase == "cruisend"
    assert diag.phase(series, Embedding.BUITENBOORDMOTOR, statuses).phase == "versnellend"
    stale = diag.step_statuses(full_design(), versions, 5, NOW)
    assert diag.phase(series, Embedding.INGEBED, stale).phase == "versnellend"


def test_step_statuses_report_missing_unconfirmed_and_overdue_steps() -> None:
    design = full_design()
    design.step5.relations = []
    versions = (diag.VersionInfo(days_ago(400), (1, 2)), diag.VersionInfo(days_ago(20), (2,)))
    statuses = {s.step: s for s in diag.step_statuses(design, versions, 180, NOW)}
    assert statuses[1].overdue and "niet opnieuw bevestigd" in statuses[1].message
    assert not statuses[2].overdue
    assert statuses[3].overdue and "nooit samen vastgesteld" in statuses[3].message
    assert not statuses[5].answered and not statuses[5].overdue
    assert statuses[5].message == "Stap 5 is nog niet beantwoord."


def test_network_led_design_without_accountability_or_legal_basis_has_blind_spots() -> None:
    design = full_design()
    spots = diag.blind_spots(design, goal_count=0)
    quadrants = {s.quadrant for s in spots}
    assert Principle.NETWERKENDE_SAMENWERKING not in quadrants  # the chosen one is not a blind spot
    messages = " ".join(s.message for s in spots)
    assert "juridische basis" in messages
    assert "verantwoordingsafspraak" in messages
    assert "meetbare indicatoren" in messages


def test_filled_quadrant_values_close_the_blind_spots() -> None:
    design = full_design()
    design.step4.legal_embedding = "Convenant op grond van de Wgr"
    design.step4.democratic_embedding = "Jaarlijks in alle raden"
    design.step4.accountable_to = "De gemeenteraden"
    design.step4.funding = [Funding(source="SZW")]
    design.step2.candidates = []
    for quadrant in Principle:
        design.step3.quadrant_values[quadrant] = "ingevuld"
    design.step2.parties[0].organisation = "org-1"
    design.step4.centre_position = CentrePosition.NAAST
    spots = diag.blind_spots(design, goal_count=2, party_kinds={"org-1": "burgerinitiatief"})
    assert spots == []


def test_the_relation_between_centre_and_region_and_a_neutral_connector_are_blind_spots_when_missing() -> (
    None
):
    design = full_design()
    design.step3.chosen_principle = Principle.MAATSCHAPPELIJKE_SAMENWERKING
    design.step4.accountability = Accountability.PRINCIPAL_AGENT
    messages = " ".join(s.message for s in diag.blind_spots(design, goal_count=1))
    assert "boven, naast of onder" in messages
    assert "neutrale verbinder" in messages
    assert "wie opdrachtgever van wie" in messages
    design.step4.centre_position = CentrePosition.ONDER
    design.step4.neutral_connector = "Regionaal programmabureau"
    design.step4.region_commissions_centre = True
    messages = " ".join(s.message for s in diag.blind_spots(design, goal_count=1))
    assert "boven, naast of onder" not in messages
    assert "neutrale verbinder" not in messages
    assert "wie opdrachtgever van wie" not in messages


def test_doing_and_learning_matrix_positions_and_history() -> None:
    goal = diag.GoalSeries(0, 10, ((days_ago(200), 2.0), (days_ago(30), 8.0)))
    lessons = (days_ago(250), days_ago(100), days_ago(95), days_ago(20))
    history = diag.History(goals=(goal,), lessons=lessons)
    now = diag.doing_learning(history, NOW)
    assert (now.output, now.lessons, now.quadrant) == (0.8, 4, "veel-veel")
    past = diag.doing_learning_history(history, NOW)
    assert [p.quadrant for p in past] == ["weinig-weinig", "weinig-weinig", "weinig-veel", "veel-veel"]
    assert "zonder waarde" in past[0].label
