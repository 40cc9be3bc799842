from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ouvert.api"
    verbose_name = "API"
