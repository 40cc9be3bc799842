from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "ouvert.territory"
    verbose_name = "Territoire"
