"""Vectorised evaluation of a DMN model over a whole population (a Polars DataFrame).

:func:`evaluate_frame` is what ``Model.evaluate_frame`` calls. Decisions whose logic
the columnar compiler (:mod:`opgave.dmn.vector.compiler`) can express run as Polars
expressions over all rows at once; everything else, and every row where columnar
evaluation could differ from the per-case engine (a number beyond the exact range),
is evaluated by the per-case engine. The answer is the per-case engine's on every row.
See ``docs/dmn.md`` ("Evaluating a population") and ADR 0037.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opgave.dmn.vector.frames import MESSAGES_COLUMN, evaluate_frame

if TYPE_CHECKING:
    from opgave.dmn.api import Model
    from opgave.dmn.vector.plan import Report


def explain(model: Model) -> Report:
    """Which decisions of ``model`` evaluate columnar, and why the others run per case.

    The inputs are taken to be columns of their declared types (numbers as Decimal).
    """
    from opgave.dmn.vector.plan import explain_plan

    return explain_plan(model)


__all__ = ["MESSAGES_COLUMN", "evaluate_frame", "explain"]
