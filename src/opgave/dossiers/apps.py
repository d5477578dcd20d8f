from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "opgave.dossiers"
    label = "dossiers"
    verbose_name = "Gemeenschappelijke dossiers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opgave.core import scopes

        scopes.register("dossiers:read", "Gemeenschappelijke dossiers lezen (binnen de eigen doelen)")
        scopes.register("dossiers:write", "In gemeenschappelijke dossiers schrijven en signalen afgeven")
