from django.apps import AppConfig


class CollaborationsConfig(AppConfig):
    name = "opgave.collaborations"
    label = "collaborations"
    verbose_name = "Samenwerkingen"

    def ready(self) -> None:
        from opgave.core import scopes

        scopes.register("collaborations:read", "Samenwerkingen, ontwerpen, sessies en diagnoses lezen")
        scopes.register(
            "collaborations:write", "Samenwerkingen en hun ontwerp, registers en sessies wijzigen"
        )
