"""Populations and simulations (see :mod:`opgave.simulation`)."""

from opgave.simulation.models.populations import Population
from opgave.simulation.models.simulations import Simulation, SimulationStatus

__all__ = ["Population", "Simulation", "SimulationStatus"]
