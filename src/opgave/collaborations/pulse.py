"""The health pulse: a short periodic survey per participant, and its trend over time (pure).

Eight statements answered 1–5: the four dimensions of chain collaboration (content, procedure,
relationships, culture) and four success factors from the domain text. The trend is the mean per
statement over consecutive windows of 91 days (oldest first); a window without responses has no
value. Documented in docs/diagnostics.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

ITEMS: dict[str, str] = {
    "inhoud": "We weten waar we inhoudelijk samen naartoe werken.",
    "procedure": "Afspraken over wie wat doet en hoe we besluiten, zijn helder en werken.",
    "relaties": "Ik vertrouw de mensen van de andere organisaties in deze samenwerking.",
    "cultuur": "We zetten het gezamenlijke doel boven de belangen van onze eigen organisatie.",
    "sturing": "De financiering en de sturing zijn duidelijk en worden breed bestuurlijk gedragen.",
    "wereld": "De partijen kennen en begrijpen elkaars werkwijze en belangen.",
    "rolvastheid": "Iedere partij doet haar eigen taak goed en weet dat ze afhangt van de anderen.",
    "verbinder": "Er is een neutrale partij of persoon die de anderen verbindt.",
}
DIMENSIONS = ("inhoud", "procedure", "relaties", "cultuur")
WINDOW_DAYS = 91


def validate(scores: dict[str, int]) -> list[dict[str, str]]:
    """Field errors (Dutch) for a response; empty when valid. Every statement needs an answer 1–5."""
    errors = [{"field": key, "message": "Onbekende stelling."} for key in scores if key not in ITEMS]
    for key in ITEMS:
        value = scores.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors.append({"field": key, "message": "Kies een antwoord van 1 tot en met 5."})
    return errors


@dataclass(frozen=True)
class TrendPoint:
    end: datetime
    responses: int
    means: dict[str, float | None]


def trend(
    responses: list[tuple[datetime, dict[str, int]]], end: datetime, windows: int = 4
) -> list[TrendPoint]:
    """Mean score per statement in each of the last ``windows`` periods of 91 days ending at ``end``."""
    points = []
    for i in reversed(range(windows)):
        stop = end - timedelta(days=WINDOW_DAYS * i)
        start = stop - timedelta(days=WINDOW_DAYS)
        inside = [scores for at, scores in responses if start < at <= stop]
        means: dict[str, float | None] = {}
        for key in ITEMS:
            values = [s[key] for s in inside if key in s]
            means[key] = round(sum(values) / len(values), 2) if values else None
        points.append(TrendPoint(stop, len(inside), means))
    return points
