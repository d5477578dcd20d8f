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

        from opgave.collaborations.tasks import review_reminders, session_deadlines
        from opgave.core import schedule

        schedule.every(schedule.HOUR, session_deadlines)  # reminders before, a notice at, a closing date
        schedule.every(schedule.DAY, review_reminders, at=schedule.HOUR * 5)  # herijking nodig
