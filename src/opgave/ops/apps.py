from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "opgave.ops"
    label = "ops"
    verbose_name = "Beheer en bedrijfsvoering"

    def ready(self) -> None:
        from django.conf import settings

        from opgave.ops import deploy_checks, metrics, tracing  # noqa: F401  (registers checks and hooks)

        if settings.OTEL_ENABLED and tracing.available():
            tracing.configure()
