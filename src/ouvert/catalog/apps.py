from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ouvert.catalog"
    verbose_name = "Catalogue"
