from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "opgave.learning"
    label = "learning"
    verbose_name = "Leren"

    def ready(self) -> None:
        from opgave.core import scopes
        from opgave.learning import search_index

        scopes.register("learning:read", "Lessen, kenniskringen, twinnings en het landschap lezen")
        scopes.register("learning:write", "Lessen, kenniskringen en twinnings vastleggen en wijzigen")
        search_index.connect_signals()
