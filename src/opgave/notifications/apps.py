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

        from opgave.core import schedule
        from opgave.notifications.tasks import send_daily_digest

        # Each day at 06:00 UTC (07:00 or 08:00 in Amsterdam): one mail per person who chose the digest.
        schedule.every(schedule.DAY, send_daily_digest, at=schedule.HOUR * 6)
