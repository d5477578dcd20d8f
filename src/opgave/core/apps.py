from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "opgave.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from opgave.core import deploy_checks  # noqa: F401 - registers the deployment checks
        from opgave.core import logging as core_logging

        core_logging.configure()
