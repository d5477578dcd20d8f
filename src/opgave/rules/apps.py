from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "opgave.rules"
    label = "rules"
    verbose_name = "Regels"

    def ready(self) -> None:
        from opgave.core import scopes
        from opgave.rules import (
            checks,  # noqa: F401 - registers the deployment check
            published,  # noqa: F401 - connects the revision bumps of its cache
        )

        scopes.register("rules:read", "Regelsets, versies, schema's en verschillen lezen")
        scopes.register("rules:write", "Regelsets, versies en varianten van de eigen organisatie beheren")
        scopes.register(
            "rules:evaluate", "Beslissingen laten nemen met regelsets (evalueren en bonnen controleren)"
        )
