from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "opgave.dossiers"
    label = "dossiers"
    verbose_name = "Gemeenschappelijke dossiers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opgave.core import schedule, scopes
        from opgave.dossiers import tasks

        scopes.register("dossiers:read", "Gemeenschappelijke dossiers lezen (binnen de eigen doelen)")
        scopes.register("dossiers:write", "In gemeenschappelijke dossiers schrijven en signalen afgeven")
        # Obligations whose due date passed overnight, and entries past their retention, every day.
        schedule.every(
            schedule.DAY, tasks.derive_obligations, at=4 * schedule.HOUR, key="dossiers.derive_obligations"
        )
        schedule.every(
            schedule.DAY, tasks.remove_expired_entries, at=3 * schedule.HOUR, key="dossiers.retention"
        )
