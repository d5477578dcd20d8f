from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "opgave.simulation"
    label = "simulation"
    verbose_name = "Simulatie"

    def ready(self) -> None:
        from opgave.core import scopes

        scopes.register("simulation:read", "Simulaties en hun rapporten lezen")
        scopes.register("simulation:write", "Simulaties starten en populaties importeren")
