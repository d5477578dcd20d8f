from django.apps import AppConfig


class CollaborationsConfig(AppConfig):
    name = "opgave.collaborations"
    label = "collaborations"
    verbose_name = "Samenwerkingen"
