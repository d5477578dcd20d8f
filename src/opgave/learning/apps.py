from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "opgave.learning"
    label = "learning"
    verbose_name = "Leren"

    def ready(self) -> None:
        from opgave.core import schedule, scopes
        from opgave.learning import search_index, tasks

        scopes.register("learning:read", "Lessen, kenniskringen, twinnings en het landschap lezen")
        scopes.register("learning:write", "Lessen, kenniskringen en twinnings vastleggen en wijzigen")
        search_index.connect_signals()
        # Twinning evaluations and the landscape's overlaps, once a day at 05:00 UTC.
        schedule.every(schedule.DAY, tasks.daily, at=5 * schedule.HOUR, key="learning.daily")
