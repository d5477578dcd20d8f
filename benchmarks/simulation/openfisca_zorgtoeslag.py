"""Zorgtoeslag 2025 as an OpenFisca model (openfisca-core, vectorised NumPy), the same rule as
``src/opgave/rules/reference/zorgtoeslag/zorgtoeslag-2025.dmn``: one entity (the person), five
inputs and the yearly amount. Amounts and percentages are those of the DMN model."""

from __future__ import annotations

from typing import Any

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Persoon = build_entity(key="persoon", plural="personen", label="Persoon", is_person=True)

STANDAARDPREMIE = 2112
DREMPELINKOMEN = 28406


class leeftijd(Variable):
    value_type = int
    entity = Persoon
    definition_period = DateUnit.YEAR
    label = "Leeftijd"


class verzekerd(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.YEAR
    label = "Verzekerd voor de Zvw"


class toeslagpartner(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DateUnit.YEAR
    label = "Heeft een toeslagpartner"


class toetsingsinkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.YEAR
    label = "Toetsingsinkomen"


class vermogen(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.YEAR
    label = "Vermogen"


class zorgtoeslag_per_jaar(Variable):
    value_type = float
    entity = Persoon
    definition_period = DateUnit.YEAR
    label = "Zorgtoeslag per jaar"

    def formula(persoon: Any, period: Any) -> Any:
        partner = persoon("toeslagpartner", period)
        inkomen = persoon("toetsingsinkomen", period)
        premies = np.where(partner, 2, 1)
        percentage = np.where(partner, 0.04273, 0.01896)
        inkomensgrens = np.where(partner, 50206, 39719)
        vermogensgrens = np.where(partner, 179429, 141896)
        recht = (
            (persoon("leeftijd", period) >= 18)
            & persoon("verzekerd", period)
            & ~(inkomen > inkomensgrens)
            & ~(persoon("vermogen", period) > vermogensgrens)
        )
        normpremie = percentage * DREMPELINKOMEN + 0.137 * np.maximum(0, inkomen - DREMPELINKOMEN)
        bedrag = np.round(np.maximum(0, premies * STANDAARDPREMIE - normpremie), 2)
        return np.where(recht, bedrag, 0)


def system() -> TaxBenefitSystem:
    tbs = TaxBenefitSystem([Persoon])
    for variable in (leeftijd, verzekerd, toeslagpartner, toetsingsinkomen, vermogen, zorgtoeslag_per_jaar):
        tbs.add_variable(variable)
    return tbs


def calculate(tbs: TaxBenefitSystem, inputs: dict[str, np.ndarray]) -> np.ndarray:
    count = len(next(iter(inputs.values())))
    simulation = SimulationBuilder().build_default_simulation(tbs, count=count)
    for name, values in inputs.items():
        simulation.set_input(name, "2025", values)
    return simulation.calculate("zorgtoeslag_per_jaar", "2025")
