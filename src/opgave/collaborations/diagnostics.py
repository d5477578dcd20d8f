"""Diagnostics of a collaboration, as pure functions over a constructed :class:`History`.

No database access here: :func:`opgave.collaborations.selectors.history_for` builds the history,
these functions compute. Every formula and threshold is written down in ``docs/diagnostics.md``;
keep the two in step.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from opgave.collaborations.design import PRINCIPLE_LABELS, STEPS, Design, Embedding, Principle, step_answered
from opgave.core.dates import nl_date

# --- input -------------------------------------------------------------------------------------

ACTIVITY_WEIGHTS: dict[str, float] = {"meeting": 1.0, "session": 1.0, "message": 0.2}
DECISION_WEIGHT = 1.0
VERSION_WEIGHT = 2.0
GOAL_WEIGHT = 10.0  # per 100 % progress summed over goals
CONVERGENCE_WEIGHT = 5.0  # per 1.0 rise in mean similarity between consecutive revealed sessions

IDLING_THRESHOLD = 0.75
MOVING_THRESHOLD = 0.5
WINDOW_DAYS = 90
OUTPUT_THRESHOLD = 0.5
LESSONS_THRESHOLD = 3
ACCELERATION_DROP = 0.15
# A fair judgement needs history: below these ages (days since the collaboration was created) the
# diagnostics say "nog te vroeg om te beoordelen" and what they wait for (docs/diagnostics.md §0).
MIN_IDLING_DAYS = WINDOW_DAYS
MIN_MATRIX_DAYS = 182
TOO_EARLY = "Nog te vroeg om te beoordelen"


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str  # meeting | session | message | decision (other kinds are ignored here)


@dataclass(frozen=True)
class GoalSeries:
    baseline: float
    target: float
    measurements: tuple[tuple[datetime, float], ...] = ()

    def progress(self, at: datetime) -> float:
        """Share of the way from baseline to target at ``at`` (last measurement on or before), in [0, 1]."""
        if self.target == self.baseline:
            return 0.0
        value = self.baseline
        for when, measured in sorted(self.measurements):
            if when <= at:
                value = measured
        share = (value - self.baseline) / (self.target - self.baseline)
        return max(0.0, min(1.0, share))


@dataclass(frozen=True)
class RevealedSession:
    at: datetime
    mean_similarity: float | None


@dataclass(frozen=True)
class VersionInfo:
    at: datetime
    steps: tuple[int, ...]


@dataclass(frozen=True)
class History:
    events: tuple[Event, ...] = ()
    goals: tuple[GoalSeries, ...] = ()
    sessions: tuple[RevealedSession, ...] = ()
    versions: tuple[VersionInfo, ...] = ()
    lessons: tuple[datetime, ...] = ()
    started: datetime | None = None  # when the collaboration was created; None = unknown (no limit)


@dataclass(frozen=True)
class Maturity:
    """Is there enough history to judge? And if not: from when, and what is still missing."""

    age_days: int | None
    idling_ready: bool
    matrix_ready: bool
    idling_from: datetime | None
    matrix_from: datetime | None
    waiting_for: tuple[str, ...]


def _nl_age(days: int) -> str:
    return "minder dan een dag" if days < 1 else "1 dag" if days == 1 else f"{days} dagen"


def maturity(history: History, now: datetime) -> Maturity:
    """The idling index needs a full window of 90 days since creation; the doing-and-learning matrix
    two quarters (182 days). Before that the diagnostics name what data they wait for."""
    if history.started is None:
        return Maturity(None, True, True, None, None, ())
    age = now - history.started
    idling_from = history.started + timedelta(days=MIN_IDLING_DAYS)
    matrix_from = history.started + timedelta(days=MIN_MATRIX_DAYS)
    idling_ready = age >= timedelta(days=MIN_IDLING_DAYS)
    matrix_ready = age >= timedelta(days=MIN_MATRIX_DAYS)
    waiting: list[str] = []
    if not idling_ready:
        waiting.append(
            f"De stationair-index kijkt naar {MIN_IDLING_DAYS} dagen; de samenwerking bestaat "
            f"{_nl_age(age.days)}. Een oordeel volgt vanaf {_nl_date(idling_from)}."
        )
    if not matrix_ready:
        waiting.append(f"Doen en leren wordt beoordeeld vanaf {_nl_date(matrix_from)}, na twee kwartalen.")
    if not (idling_ready and matrix_ready):
        if not any(e.kind in ("meeting", "session", "decision") for e in history.events):
            waiting.append("Leg overleggen, sessies en besluiten vast in het logboek.")
        if not history.versions:
            waiting.append("Stel samen een eerste versie van het ontwerp vast.")
        if not history.goals:
            waiting.append("Leg doelen vast met een nulmeting en een streefwaarde.")
        elif not any(g.measurements for g in history.goals):
            waiting.append("Leg een eerste meting vast bij een doel.")
        if not history.lessons:
            waiting.append("Leg de lessen vast die jullie leren.")
    return Maturity(age.days, idling_ready, matrix_ready, idling_from, matrix_from, tuple(waiting))


def _nl_date(value: datetime | date) -> str:
    """The platform's one date format, in Europe/Amsterdam (see :mod:`opgave.core.dates`)."""
    return nl_date(value)


def _nl_number(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


# --- idling index ------------------------------------------------------------------------------


@dataclass
class Idling:
    start: datetime
    end: datetime
    index: float | None
    activity: float
    movement: float
    label: str
    reasons: list[str] = field(default_factory=list)


def idling(history: History, start: datetime, end: datetime) -> Idling:
    """Idling index over ``[start, end)``: ``I = A / (A + M)``; ``None`` when ``A + M = 0``.

    A (activity) = meetings·1 + sessions·1 + messages·0.2.
    M (movement) = decisions·1 + agreed versions·2 + 10·Σ goal progress gained (per goal, from
    ``start`` to ``end``, only gains) + 5·rise in mean similarity between a session revealed in the
    window and the session revealed before it.
    """
    counts = {"meeting": 0, "session": 0, "message": 0, "decision": 0}
    for event in history.events:
        if start <= event.at < end and event.kind in counts:
            counts[event.kind] += 1
    activity = sum(ACTIVITY_WEIGHTS[k] * counts[k] for k in ACTIVITY_WEIGHTS)
    versions = [v for v in history.versions if start <= v.at < end]
    gain = sum(max(0.0, g.progress(end) - g.progress(start)) for g in history.goals)
    sessions = sorted(history.sessions, key=lambda s: s.at)
    convergence = 0.0
    similarities: list[float] = []
    for previous, current in itertools.pairwise(sessions):
        if (
            start <= current.at < end
            and previous.mean_similarity is not None
            and current.mean_similarity is not None
        ):
            convergence += max(0.0, current.mean_similarity - previous.mean_similarity)
    for session in sessions:
        if start <= session.at < end and session.mean_similarity is not None:
            similarities.append(session.mean_similarity)
    movement = (
        DECISION_WEIGHT * counts["decision"]
        + VERSION_WEIGHT * len(versions)
        + GOAL_WEIGHT * gain
        + CONVERGENCE_WEIGHT * convergence
    )
    index = round(activity / (activity + movement), 3) if activity + movement > 0 else None
    if index is None:
        label = "stil"
    elif index >= IDLING_THRESHOLD:
        label = "stationair"
    elif index >= MOVING_THRESHOLD:
        label = "traag"
    else:
        label = "in beweging"

    reasons = [
        f"{counts['meeting']} overleggen, {counts['session']} sessies en {counts['message']} berichten in deze periode."
    ]
    reasons.append(
        "Geen besluiten genomen." if counts["decision"] == 0 else f"{counts['decision']} besluiten genomen."
    )
    if versions:
        reasons.append(f"{len(versions)} nieuwe ontwerpversie(s) vastgesteld.")
    else:
        earlier = [v.at for v in history.versions if v.at < start]
        if earlier:
            reasons.append(f"Geen gedeelde opgave vastgesteld sinds {_nl_date(max(earlier))}.")
        else:
            reasons.append("Nog nooit een gedeelde opgave vastgesteld.")
    if history.goals:
        points = round(100 * gain / len(history.goals))
        reasons.append(
            "Geen voortgang op de doelen."
            if points == 0
            else f"Doelen gemiddeld {points} procentpunt dichter bij de streefwaarde."
        )
    else:
        reasons.append("Er zijn geen doelen met indicatoren vastgelegd.")
    for similarity in similarities:
        verdict = (
            "liepen sterk uiteen"
            if similarity < 0.3
            else "kwamen redelijk overeen"
            if similarity < 0.6
            else "kwamen sterk overeen"
        )
        reasons.append(f"De formuleringen in een sessie {verdict} (gelijkenis {_nl_number(similarity)}).")
    if convergence > 0:
        reasons.append(f"De formuleringen groeiden naar elkaar toe (+{_nl_number(convergence)}).")
    return Idling(start, end, index, round(activity, 2), round(movement, 2), label, reasons)


def _month_ends(end: datetime, months: int) -> list[datetime]:
    points = []
    current = end
    for _ in range(months):
        points.append(current)
        current = current - timedelta(days=30)
    return list(reversed(points))


def idling_series(
    history: History, end: datetime, months: int = 12, window_days: int = WINDOW_DAYS
) -> list[Idling]:
    """One :func:`idling` value per 30 days for ``months`` steps ending at ``end``, each over a trailing
    window. The series starts at the collaboration's creation (``history.started``): no point before
    it; a point whose window reaches back before creation is labelled "te vroeg"."""
    series = []
    for point in _month_ends(end, months):
        if history.started is not None and point < history.started and point != end:
            continue
        start = point - timedelta(days=window_days)
        value = idling(history, start, point)
        if history.started is not None and start < history.started:
            value.label = "te vroeg"
        series.append(value)
    return series


# --- doing and learning ------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixPosition:
    at: datetime
    output: float  # mean goal progress, 0..1
    lessons: int
    quadrant: str
    label: str


QUADRANT_LABELS = {
    "weinig-weinig": "Weinig opbrengst, weinig lessen: het enige kwadrant zonder waarde",
    "veel-weinig": "Veel opbrengst, weinig lessen: het werkt, maar wat werkt er eigenlijk?",
    "weinig-veel": "Weinig opbrengst, veel lessen: het ging moeizaam, maar er is veel geleerd",
    "veel-veel": "Veel opbrengst, veel lessen: de 'sweet spot'",
}


def doing_learning(history: History, at: datetime) -> MatrixPosition:
    """Opbrengst = mean progress of all goals at ``at`` (0 without goals); many when ≥ 0.5.
    Lessen = lessons recorded up to ``at``; many when ≥ 3. Within two quarters of the
    collaboration's creation there is no judgement (quadrant ``te-vroeg``)."""
    output = sum(g.progress(at) for g in history.goals) / len(history.goals) if history.goals else 0.0
    lessons = sum(1 for when in history.lessons if when <= at)
    if history.started is not None and at - history.started < timedelta(days=MIN_MATRIX_DAYS):
        return MatrixPosition(at, round(output, 3), lessons, "te-vroeg", TOO_EARLY)
    key = f"{'veel' if output >= OUTPUT_THRESHOLD else 'weinig'}-{'veel' if lessons >= LESSONS_THRESHOLD else 'weinig'}"
    return MatrixPosition(at, round(output, 3), lessons, key, QUADRANT_LABELS[key])


def doing_learning_history(history: History, end: datetime, quarters: int = 4) -> list[MatrixPosition]:
    """The position at the end of each of the last ``quarters`` periods of 91 days, oldest first
    (none before the collaboration's creation, except the current one)."""
    moments = [end - timedelta(days=91 * i) for i in reversed(range(quarters))]
    if history.started is not None:
        moments = [m for m in moments if m >= history.started or m == end]
    return [doing_learning(history, m) for m in moments]


# --- missing steps and blind spots ------------------------------------------------------------


@dataclass(frozen=True)
class StepStatus:
    step: int
    title: str
    answered: bool
    last_confirmed: datetime | None
    overdue: bool
    message: str


def step_statuses(
    design: Design, versions: tuple[VersionInfo, ...], review_interval_days: int, now: datetime
) -> list[StepStatus]:
    """Per step: answered in the design? confirmed when? older than the review interval?"""
    result = []
    for step, title in STEPS.items():
        answered = step_answered(design, step)
        confirmed = [v.at for v in versions if step in v.steps]
        last = max(confirmed) if confirmed else None
        overdue = answered and (last is None or now - last > timedelta(days=review_interval_days))
        if not answered:
            message = f"Stap {step} is nog niet beantwoord."
        elif last is None:
            message = f"Stap {step} is ingevuld maar nooit samen vastgesteld."
        elif overdue:
            message = f"Stap {step} is sinds {_nl_date(last)} niet opnieuw bevestigd; herbevestigen is nodig."
        else:
            message = f"Stap {step} is bevestigd op {_nl_date(last)}."
        result.append(StepStatus(step, title, answered, last, overdue, message))
    return result


@dataclass(frozen=True)
class BlindSpot:
    quadrant: Principle
    message: str


def blind_spots(
    design: Design, goal_count: int, party_kinds: dict[str, str] | None = None
) -> list[BlindSpot]:
    """Values of the quadrants *other than* the chosen principle that the design leaves unaddressed.

    Without a chosen principle every quadrant is checked. ``party_kinds`` maps organisation UUID to
    its kind (``burgerinitiatief``, ``maatschappelijk``, …) for the participatory check.
    """
    chosen = design.step3.chosen_principle
    s1, s2, s3, s4 = design.step1, design.step2, design.step3, design.step4
    kinds = party_kinds or {}
    spots: list[BlindSpot] = []

    def need(quadrant: Principle, ok: bool, message: str) -> None:
        if quadrant != chosen and not ok:
            spots.append(BlindSpot(quadrant, message))

    bestuur = Principle.MEERLAAGS_BESTUUR
    need(
        bestuur,
        bool(s4.legal_embedding),
        "Er is geen juridische basis vastgelegd (rechtmatigheid, rechtszekerheid).",
    )
    need(
        bestuur, bool(s4.democratic_embedding), "De democratische inbedding en controle zijn niet beschreven."
    )
    need(
        bestuur,
        s4.centre_position is not None,
        "Niet beschreven of het Rijk boven, naast of onder de regio staat, of toekijkt.",
    )
    need(
        bestuur, bool(s3.quadrant_values.get(bestuur)), "Niet beschreven hoe gelijke behandeling is geborgd."
    )
    management = Principle.MEERLAAGS_MANAGEMENT
    need(
        management,
        s4.accountability is not None and bool(s4.accountable_to),
        "Er is geen verantwoordingsafspraak (aan wie, hoe) vastgelegd.",
    )
    need(management, goal_count > 0, "Er zijn geen doelen met meetbare indicatoren vastgelegd.")
    need(
        management,
        s4.accountability != "principal_agent"
        or s4.centre_commissions_region
        or s4.region_commissions_centre,
        "Bij opdrachtgever–opdrachtnemer is niet vastgelegd wie opdrachtgever van wie is (Rijk of regio).",
    )
    need(
        management,
        bool(s4.funding),
        "De geldstromen (bron, voorwaarden, verantwoording) zijn niet vastgelegd.",
    )
    network = Principle.NETWERKENDE_SAMENWERKING
    need(
        network,
        len(s1.formulations) >= 2,
        "Minder dan twee partijen hebben hun eigen kijk op de opgave gegeven.",
    )
    need(
        network,
        bool(s3.quadrant_values.get(network)),
        "Er is geen aantrekkelijke gezamenlijke agenda beschreven.",
    )
    need(
        network,
        bool(s4.neutral_connector) or any(p.active and p.role == "neutrale_verbinder" for p in s2.parties),
        "Er is geen neutrale verbinder: niemand zonder eigen belang die de partijen bij elkaar houdt.",
    )
    participation = Principle.MAATSCHAPPELIJKE_SAMENWERKING
    societal = any(
        kinds.get(p.organisation) in {"burgerinitiatief", "maatschappelijk"} for p in s2.parties if p.active
    )
    need(
        participation,
        societal or bool(s2.candidates),
        "Geen maatschappelijke partij of initiatief betrokken of overwogen.",
    )
    need(
        participation,
        bool(s3.quadrant_values.get(participation)),
        "Niet beschreven hoe wordt aangesloten bij wat er in de samenleving al beweegt.",
    )
    return spots


# --- phase -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    phase: str  # stationair | versnellend | cruisend
    label: str
    reason: str


PHASE_LABELS = {
    "te-vroeg": TOO_EARLY,
    "stationair": "Stationair draaien",
    "versnellend": "Versnellen",
    "cruisend": "Cruisen",
}


def phase(
    series: list[Idling],
    embedding: Embedding | None,
    statuses: list[StepStatus],
    ready: Maturity | None = None,
) -> Phase:
    """The rule (docs/diagnostics.md):

    * **cruisend** — the last three values of the idling series are all below 0.5, the work is
      embedded in the regular organisation (step 4), and every step is answered and not overdue;
    * **versnellend** — otherwise, when the latest value is below 0.5, or at least 0.15 lower than
      the value three points earlier;
    * **stationair** — in all other cases (including no activity at all);
    * **te-vroeg** — before any of these, while the collaboration is younger than one idling window.
    """
    if ready is not None and not ready.idling_ready:
        return Phase("te-vroeg", TOO_EARLY, " ".join(ready.waiting_for))
    values = [point.index for point in series]
    latest = values[-1] if values else None
    steps_ok = all(s.answered and not s.overdue for s in statuses)
    recent = values[-3:]
    moving = len(recent) == 3 and all(v is not None and v < MOVING_THRESHOLD for v in recent)
    if moving and embedding == Embedding.INGEBED and steps_ok:
        return Phase(
            "cruisend",
            PHASE_LABELS["cruisend"],
            "Al drie maanden meer beweging dan activiteit, ingebed in de gewone organisatie en alle stappen actueel.",
        )
    if latest is not None and latest < MOVING_THRESHOLD:
        reason = "Er is meer beweging dan activiteit."
        if embedding != Embedding.INGEBED:
            reason += " Het werk is nog niet ingebed in de gewone organisatie."
        elif not steps_ok:
            reason += " Niet alle stappen zijn actueel."
        return Phase("versnellend", PHASE_LABELS["versnellend"], reason)
    earlier = values[-4] if len(values) >= 4 else None
    if latest is not None and earlier is not None and latest <= earlier - ACCELERATION_DROP:
        return Phase(
            "versnellend",
            PHASE_LABELS["versnellend"],
            f"De stationair-index daalde van {_nl_number(earlier)} naar {_nl_number(latest)}.",
        )
    if latest is None:
        return Phase("stationair", PHASE_LABELS["stationair"], "Er is de afgelopen periode niets vastgelegd.")
    return Phase(
        "stationair",
        PHASE_LABELS["stationair"],
        f"Veel activiteit, weinig beweging (index {_nl_number(latest)}).",
    )


def principle_label(principle: Principle | None) -> str:
    return PRINCIPLE_LABELS.get(principle, "nog niet gekozen") if principle else "nog niet gekozen"
