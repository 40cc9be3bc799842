from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "ouvert.federation"
    verbose_name = "Fédération"
