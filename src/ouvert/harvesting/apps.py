from django.apps import AppConfig


class HarvestingConfig(AppConfig):
    name = "ouvert.harvesting"
    verbose_name = "Moissonnage"
