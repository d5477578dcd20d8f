from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "opgave.core"
    label = "core"
    verbose_name = "Kern"
