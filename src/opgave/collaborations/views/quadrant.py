"""The four governance perspectives as a quadrant: coordinates for an accessible inline SVG (no
script, no inline style), with the questionnaire's scores, the proposal and the chosen principle.
The same data goes into a table beside it."""

from __future__ import annotations

from dataclasses import dataclass

from opgave.collaborations import questionnaire
from opgave.collaborations.design import PRINCIPLE_LABELS, Design, Principle

SIZE, GAP, PAD = 200, 8, 4
BAR = SIZE - 32
# Where each perspective sits: the state's own rules and results above, the network and society below.
POSITIONS = {
    Principle.MEERLAAGS_BESTUUR: (0, 0),
    Principle.MEERLAAGS_MANAGEMENT: (1, 0),
    Principle.NETWERKENDE_SAMENWERKING: (0, 1),
    Principle.MAATSCHAPPELIJKE_SAMENWERKING: (1, 1),
}
PERSPECTIVES = {
    Principle.MEERLAAGS_BESTUUR: "rechtmatige overheid",
    Principle.MEERLAAGS_MANAGEMENT: "presterende overheid",
    Principle.NETWERKENDE_SAMENWERKING: "netwerkende overheid",
    Principle.MAATSCHAPPELIJKE_SAMENWERKING: "participerende overheid",
}


@dataclass(frozen=True)
class Cell:
    principle: str
    name: str  # "Meerlaags bestuur"
    perspective: str  # "rechtmatige overheid"
    x: str
    y: str
    size: str
    text_x: str
    name_y: str
    name2_y: str
    name_first: str  # "Netwerkende"
    name_rest: str  # "samenwerking": two lines, so the name fits its box
    perspective_y: str
    mark_y: str
    score_y: str
    bar_y: str
    bar_width: str
    bar_full: str
    score: str  # "72 van 100" or "geen antwoorden"
    chosen: bool
    proposed: bool
    values_filled: bool


@dataclass(frozen=True)
class Quadrant:
    width: int
    height: int
    cells: list[Cell]
    chosen: str
    proposed: str
    rows: list[list[str]]
    columns: list[str]


def quadrant(design: Design) -> Quadrant:
    s3 = design.step3
    scores = questionnaire.score(s3.answers).scores if s3.answers else dict.fromkeys(Principle)
    cells = []
    rows = []
    for principle, (col, row) in POSITIONS.items():
        x, y = PAD + col * (SIZE + GAP), PAD + row * (SIZE + GAP)
        score = scores.get(principle)
        name = PRINCIPLE_LABELS[principle].split(" (")[0]
        chosen, proposed = s3.chosen_principle == principle, s3.proposed_principle == principle
        filled = bool(s3.quadrant_values.get(principle))
        shown = "geen antwoorden" if score is None else f"{round(score)} van 100"
        cells.append(
            Cell(
                principle=str(principle),
                name=name,
                perspective=PERSPECTIVES[principle],
                x=str(x),
                y=str(y),
                size=str(SIZE),
                text_x=str(x + 16),
                name_y=str(y + 30),
                name2_y=str(y + 50),
                name_first=name.split(" ", 1)[0],
                name_rest=name.split(" ", 1)[1] if " " in name else "",
                perspective_y=str(y + 74),
                mark_y=str(y + 98),
                score_y=str(y + 120),
                bar_y=str(y + 132),
                bar_width=f"{(score or 0) / 100 * BAR:.1f}",
                bar_full=str(BAR),
                score=shown,
                chosen=chosen,
                proposed=proposed,
                values_filled=filled,
            )
        )
        rows.append(
            [
                name,
                PERSPECTIVES[principle],
                shown,
                "ja" if proposed else "nee",
                "ja" if chosen else "nee",
                "ingevuld" if filled or chosen else "nog niet ingevuld",
            ]
        )
    side = 2 * SIZE + GAP + 2 * PAD
    return Quadrant(
        width=side,
        height=side,
        cells=cells,
        chosen=PRINCIPLE_LABELS.get(s3.chosen_principle or "", ""),
        proposed=PRINCIPLE_LABELS.get(s3.proposed_principle or "", ""),
        rows=rows,
        columns=["Ontwerpprincipe", "Perspectief", "Score vragenlijst", "Voorgesteld", "Leidend", "Waarden"],
    )
