from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "opgave.web"
    label = "web"
    verbose_name = "Webinterface"
