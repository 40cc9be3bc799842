from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ouvert.web"
    verbose_name = "Pages"
