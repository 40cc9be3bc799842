from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "ouvert.operations"
    verbose_name = "Exploitation"
