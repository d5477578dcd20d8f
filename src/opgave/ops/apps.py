from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "opgave.ops"
    label = "ops"
    verbose_name = "Beheer en bedrijfsvoering"

    def ready(self) -> None:
        from opgave.ops import deploy_checks, metrics  # noqa: F401  (registers checks and signal receivers)
