from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "opgave.notifications"
    label = "notifications"
    verbose_name = "Meldingen"

    def ready(self) -> None:
        from opgave.core import scopes

        scopes.register("notifications:read", "De eigen meldingen van de uitgever van het token lezen")
        scopes.register(
            "notifications:write", "De eigen meldingen van de uitgever van het token als gelezen markeren"
        )
