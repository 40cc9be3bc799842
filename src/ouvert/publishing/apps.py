from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "ouvert.publishing"
    verbose_name = "Traitement des fichiers"
