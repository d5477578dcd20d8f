"""The step 3 questionnaire: statements answered 1–5 place a collaboration on the four quadrants.

Each statement loads on one quadrant. A quadrant's score is the mean of its answers rescaled to
0–100: ``score = (mean − 1) / 4 × 100``. The proposed leading principle is the quadrant with the
highest score; on a tie the order of :data:`TIE_ORDER` decides (the perspective that asks least of
the formal machinery first, because a tie means the opgave does not call for a heavier arrangement).
Unanswered statements are skipped; a quadrant without answers scores ``None`` and cannot be proposed.
The formula is documented in docs/diagnostics.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from opgave.collaborations.design import Principle


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    quadrant: Principle


QUESTIONS: tuple[Question, ...] = (
    Question(
        "b1",
        "Voor deze opgave bestaat (of komt er) een wettelijke taak die bij één bevoegd gezag hoort.",
        Principle.MEERLAAGS_BESTUUR,
    ),
    Question(
        "b2",
        "Inwoners moeten overal in het land op precies dezelfde manier behandeld worden; lokale variatie is hier een risico.",
        Principle.MEERLAAGS_BESTUUR,
    ),
    Question(
        "b3",
        "Wie wat beslist moet vooraf formeel vastliggen, bijvoorbeeld in een gemeenschappelijke regeling of bestuursakkoord.",
        Principle.MEERLAAGS_BESTUUR,
    ),
    Question(
        "m1",
        "We kunnen vooraf meetbare resultaten afspreken die een partij voor een ander levert.",
        Principle.MEERLAAGS_MANAGEMENT,
    ),
    Question(
        "m2",
        "Er is een duidelijke opdrachtgever die geld beschikbaar stelt in ruil voor prestaties.",
        Principle.MEERLAAGS_MANAGEMENT,
    ),
    Question(
        "m3",
        "Doelmatigheid (zoveel mogelijk resultaat voor het geld) is voor deze opgave het belangrijkste.",
        Principle.MEERLAAGS_MANAGEMENT,
    ),
    Question(
        "n1",
        "Geen enkele partij kan de opgave alleen aan; iedere partij brengt eigen middelen mee.",
        Principle.NETWERKENDE_SAMENWERKING,
    ),
    Question(
        "n2",
        "Partijen doen vrijwillig mee en staan gelijkwaardig naast elkaar; niemand is de baas.",
        Principle.NETWERKENDE_SAMENWERKING,
    ),
    Question(
        "n3",
        "Er ligt (of kan komen) een gezamenlijke agenda waarin elke partij punten vindt die zij echt belangrijk vindt.",
        Principle.NETWERKENDE_SAMENWERKING,
    ),
    Question(
        "p1",
        "Inwoners, ondernemers of maatschappelijke organisaties zijn al met deze opgave bezig, los van de overheid.",
        Principle.MAATSCHAPPELIJKE_SAMENWERKING,
    ),
    Question(
        "p2",
        "De overheid kan hier het beste aansluiten en vragen wat helpt, in plaats van zelf het doel te bepalen.",
        Principle.MAATSCHAPPELIJKE_SAMENWERKING,
    ),
    Question(
        "p3",
        "Wie meebeweegt, hoort erbij: de kring van betrokkenen ligt niet vooraf vast.",
        Principle.MAATSCHAPPELIJKE_SAMENWERKING,
    ),
)

QUESTION_KEYS = frozenset(q.key for q in QUESTIONS)

TIE_ORDER: tuple[Principle, ...] = (
    Principle.MAATSCHAPPELIJKE_SAMENWERKING,
    Principle.NETWERKENDE_SAMENWERKING,
    Principle.MEERLAAGS_MANAGEMENT,
    Principle.MEERLAAGS_BESTUUR,
)


@dataclass(frozen=True)
class QuestionnaireResult:
    scores: dict[Principle, float | None]
    proposed: Principle | None


def score(answers: dict[str, int]) -> QuestionnaireResult:
    """Score answers ``{question key: 1..5}``; unknown keys raise ``ValueError``."""
    unknown = set(answers) - QUESTION_KEYS
    if unknown:
        raise ValueError(f"Unknown questions: {', '.join(sorted(unknown))}")
    per_quadrant: dict[Principle, list[int]] = {p: [] for p in Principle}
    for question in QUESTIONS:
        if question.key in answers:
            value = answers[question.key]
            if not 1 <= value <= 5:
                raise ValueError(f"Answer to {question.key} must be 1..5, got {value}")
            per_quadrant[question.quadrant].append(value)
    scores: dict[Principle, float | None] = {
        p: (round((sum(v) / len(v) - 1) / 4 * 100, 1) if v else None) for p, v in per_quadrant.items()
    }
    scored = [(s, -TIE_ORDER.index(p), p) for p, s in scores.items() if s is not None]
    proposed = max(scored)[2] if scored else None
    return QuestionnaireResult(scores=scores, proposed=proposed)
